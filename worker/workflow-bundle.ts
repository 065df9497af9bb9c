/**
 * The prebuilt workflow bundle: `bundleWorkflowCode` once per build into dist/workflow-bundle.js,
 * reused by the worker, the tests and `audit:replay` (bundling takes 6 to 11 s per start).
 * Next to it, dist/workflow-bundle.json records every source file webpack put into the bundle
 * with a hash over their contents, and the bundle's own hash (platform/prebuilt.ts). A bundle whose
 * sources changed since is stale: it is rebuilt (development, tests) or refused (production), never run.
 * Every bundle built is also kept in this machine's cache under its source hash: another checkout
 * of the same sources (a fresh clone, CI) takes it from there instead of running webpack again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { machineCacheDir } from '../platform/machine-cache';
import { checkPrebuilt, packageVersion, refusal, sha256, sourcesUnchanged, writePrebuilt, type Prebuilt, type PrebuiltRecord } from '../platform/prebuilt';
import { FAILURE_CONVERTER_PATH } from '../platform/payload-codec';
import { root } from '../platform/root';

/** Where the sources, the bundle and the machine's cache of bundles are; tests of this module use a project and cache of their own. */
export type BundlePaths = { root: string; workflowsPath: string; bundlePath: string; metaPath: string; cacheDir: string };

const MACHINE_CACHE = machineCacheDir('workflow-bundles');

export function bundlePaths(root: string, cacheDir: string = MACHINE_CACHE): BundlePaths {
  return {
    root,
    workflowsPath: path.join(root, 'workflows', 'index.ts'),
    bundlePath: path.join(root, 'dist', 'workflow-bundle.js'),
    metaPath: path.join(root, 'dist', 'workflow-bundle.json'),
    cacheDir,
  };
}

export const PROJECT_BUNDLE = bundlePaths(root);

/**
 * Other workflow code (`audit:replay --workflows-path`, the tests' breaking change) bundled once
 * into the project's cache and kept as long as its sources are unchanged, like the project bundle.
 */
export function otherCodePaths(workflowsPath: string, projectRoot: string = PROJECT_BUNDLE.root): BundlePaths {
  const key = createHash('sha256').update(path.resolve(workflowsPath)).digest('hex').slice(0, 16);
  const dir = path.join(projectRoot, '.data', 'cache', 'workflow-bundles');
  return { root: projectRoot, workflowsPath: path.resolve(workflowsPath), bundlePath: path.join(dir, `${key}.js`), metaPath: path.join(dir, `${key}.json`), cacheDir: MACHINE_CACHE };
}
export const WORKFLOWS_PATH = PROJECT_BUNDLE.workflowsPath;
export const BUNDLE_PATH = PROJECT_BUNDLE.bundlePath;

/**
 * Bump when the bundling options below change: older bundles are then stale. 2: the record of
 * platform/prebuilt.ts. 3: the project's failure converter is bundled (see buildWorkflowBundle).
 */
const FORMAT = 3;

const prebuilt = (at: BundlePaths): Prebuilt => ({
  what: 'workflow bundle',
  sourcesName: 'workflow sources',
  root: at.root,
  recordPath: at.metaPath,
  format: FORMAT,
  bundler: () => packageVersion('@temporalio/worker', at.root),
});

export type BundleMeta = PrebuiltRecord;

type Log = (line: string) => void;

/** Bundles the workflow code and writes the bundle and its record (each replaced atomically). */
export async function buildWorkflowBundle(log: Log = () => undefined, at: BundlePaths = PROJECT_BUNDLE): Promise<BundleMeta> {
  const started = Date.now();
  // The workflow sandbox converts its own failures (an update handler's refusal, a failed task)
  // with the failure converter bundled here: without the project's, their messages and stack
  // traces reached the history in plain text instead of in the encrypted payload. Worker.create
  // adds it only when it bundles itself (workflowsPath), not to a prebuilt bundle.
  const { code } = await bundleWorkflowCode({ workflowsPath: at.workflowsPath, failureConverterPath: FAILURE_CONVERTER_PATH, logger: bundlerLogger(log) });
  const meta = writePrebuilt(prebuilt(at), bundledSources(code, at.root), { [at.bundlePath]: code }, started);
  keepInMachineCache(at, meta, code);
  return meta;
}

export type BundleCheck = { fresh: true; meta: BundleMeta } | { fresh: false; reason: string };

/** Whether dist/workflow-bundle.js exists, is the one its record describes, and its sources are unchanged. */
export function checkWorkflowBundle(at: BundlePaths = PROJECT_BUNDLE): BundleCheck {
  const check = checkPrebuilt(prebuilt(at));
  return check.fresh ? { fresh: true, meta: check.record } : check;
}

/**
 * The bundle to run: the prebuilt one when fresh; otherwise rebuilt here when `rebuild`, or refused
 * with the reason (production runs only what `npm run build:bundle` made from its own sources).
 */
export async function workflowBundle(opts: { rebuild: boolean; log?: Log; at?: BundlePaths }): Promise<{ codePath: string }> {
  const log = opts.log ?? (() => undefined);
  const at = opts.at ?? PROJECT_BUNDLE;
  const check = checkWorkflowBundle(at);
  if (check.fresh) return { codePath: at.bundlePath };
  if (!opts.rebuild) throw refusal(prebuilt(at), check.reason);
  const cached = fromMachineCache(at);
  if (cached) {
    log(`workflow bundle taken from this machine's cache (built from the same sources in ${cached.builtIn}): ${check.reason}`);
    return { codePath: at.bundlePath };
  }
  log(`building the workflow bundle: ${check.reason}`);
  const meta = await buildWorkflowBundle(log, at);
  log(`workflow bundle built in ${meta.buildMs} ms (${meta.sources.length} modules)`);
  return { codePath: at.bundlePath };
}

/** A bundle in the machine's cache: its record, with the folder it was built in. */
type CachedRecord = BundleMeta & { builtIn: string };

/** One folder per entry point and bundling format; in it, bundles by their source hash. */
function cacheFolder(at: BundlePaths): string {
  const key = createHash('sha256').update(`${FORMAT}\n${path.relative(at.root, at.workflowsPath)}`).digest('hex').slice(0, 16);
  return path.join(at.cacheDir, key);
}

/** Bundles kept per entry point: a few branches' worth. */
const CACHE_KEEP = 8;

/** Keeps a bundle just built; a cache that cannot be written only costs another checkout a build. */
function keepInMachineCache(at: BundlePaths, meta: BundleMeta, code: string): void {
  const dir = cacheFolder(at);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `.${process.pid}.tmp`;
    fs.writeFileSync(path.join(dir, `${meta.sourceHash}.js${tmp}`), code);
    fs.renameSync(path.join(dir, `${meta.sourceHash}.js${tmp}`), path.join(dir, `${meta.sourceHash}.js`));
    const record: CachedRecord = { ...meta, builtIn: at.root };
    fs.writeFileSync(path.join(dir, `${meta.sourceHash}.json${tmp}`), JSON.stringify(record));
    fs.renameSync(path.join(dir, `${meta.sourceHash}.json${tmp}`), path.join(dir, `${meta.sourceHash}.json`));
    for (const old of cachedRecords(dir).slice(CACHE_KEEP)) {
      for (const ext of ['.json', '.js']) fs.rmSync(path.join(dir, `${old.hash}${ext}`), { force: true });
    }
  } catch {
    /* read-only or full: nothing kept */
  }
}

function cachedRecords(dir: string): { hash: string; file: string; mtimeMs: number }[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => /^[0-9a-f]{64}\.json$/.test(n));
  } catch {
    return [];
  }
  return names
    .map((n) => ({ hash: n.slice(0, 64), file: path.join(dir, n), mtimeMs: fs.statSync(path.join(dir, n), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
}

/**
 * The bundle this machine built from exactly these sources (the same files, relative to the
 * project, with the same contents, and the same bundler), written here with its record as if built
 * here; null when there is none. Its source map names the folder it was built in: those paths are
 * moved to this one, so stack traces name this checkout's files.
 */
function fromMachineCache(at: BundlePaths): CachedRecord | null {
  const started = Date.now();
  for (const entry of cachedRecords(cacheFolder(at))) {
    let record: CachedRecord;
    let code: string;
    try {
      record = JSON.parse(fs.readFileSync(entry.file, 'utf8')) as CachedRecord;
      if (!sourcesUnchanged(prebuilt(at), record)) continue;
      code = fs.readFileSync(path.join(path.dirname(entry.file), `${entry.hash}.js`), 'utf8');
    } catch {
      continue;
    }
    // The file must be the bundle its record describes (the record names one output).
    if (!Object.values(record.outputs).includes(sha256(code))) continue;
    const meta = writePrebuilt(prebuilt(at), record.sources, { [at.bundlePath]: relocateSourceMap(code, record.builtIn, at.root) }, started);
    return { ...meta, builtIn: record.builtIn };
  }
  return null;
}

const INLINE_MAP = '//# sourceMappingURL=data:application/json;charset=utf-8;base64,';

/** The bundle with the absolute paths of its inline source map moved from one project folder to another. */
export function relocateSourceMap(code: string, from: string, to: string): string {
  const at = code.lastIndexOf(INLINE_MAP);
  if (from === to || at < 0) return code;
  const rest = code.slice(at + INLINE_MAP.length);
  const encoded = /^[A-Za-z0-9+/=]*/.exec(rest)![0];
  const map = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { sources?: string[] };
  map.sources = map.sources?.map((s) => s.split(`${from}/`).join(`${to}/`));
  return `${code.slice(0, at)}${INLINE_MAP}${Buffer.from(JSON.stringify(map)).toString('base64')}${rest.slice(encoded.length)}`;
}

/**
 * webpack (development mode) names every module it includes in a `/***\/ "./path"` line, relative
 * to its context, the working directory; kept relative to the project root.
 */
function bundledSources(code: string, root: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/^\/\*\*\*\/ "(\.\.?\/[^"?]+)"/gm)) found.add(path.relative(root, path.resolve(process.cwd(), m[1]!)));
  if (![...found].some((f) => f.endsWith('.workflow.ts') || f.startsWith('workflows/'))) {
    throw new Error('the workflow bundle lists no workflow modules: the bundler changed its output, update bundledSources');
  }
  return [...found].sort();
}

function bundlerLogger(log: Log) {
  const quiet = () => undefined;
  return { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: (m: string) => log(`[bundler] ${m}`), error: (m: string) => log(`[bundler] ${m}`) };
}
