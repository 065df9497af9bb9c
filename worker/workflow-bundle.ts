/**
 * The prebuilt workflow bundle: `bundleWorkflowCode` once per build into dist/workflow-bundle.js,
 * reused by the worker, the tests and `audit:replay` (bundling takes 6 to 11 s per start).
 * Next to it, dist/workflow-bundle.json records every source file webpack put into the bundle
 * with a hash over their contents, and the bundle's own hash. A bundle whose sources changed
 * since is stale: it is rebuilt (development, tests) or refused (production), never run.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

/** Where the sources and the bundle are; tests of this module use a project of their own. */
export type BundlePaths = { root: string; workflowsPath: string; bundlePath: string; metaPath: string };

export function bundlePaths(root: string): BundlePaths {
  return {
    root,
    workflowsPath: path.join(root, 'workflows', 'index.ts'),
    bundlePath: path.join(root, 'dist', 'workflow-bundle.js'),
    metaPath: path.join(root, 'dist', 'workflow-bundle.json'),
  };
}

export const PROJECT_BUNDLE = bundlePaths(path.resolve(__dirname, '..'));

/**
 * Other workflow code (`audit:replay --workflows-path`, the tests' breaking change) bundled once
 * into the project's cache and kept as long as its sources are unchanged, like the project bundle.
 */
export function otherCodePaths(workflowsPath: string, root: string = PROJECT_BUNDLE.root): BundlePaths {
  const key = createHash('sha256').update(path.resolve(workflowsPath)).digest('hex').slice(0, 16);
  const dir = path.join(root, '.data', 'cache', 'workflow-bundles');
  return { root, workflowsPath: path.resolve(workflowsPath), bundlePath: path.join(dir, `${key}.js`), metaPath: path.join(dir, `${key}.json`) };
}
export const WORKFLOWS_PATH = PROJECT_BUNDLE.workflowsPath;
export const BUNDLE_PATH = PROJECT_BUNDLE.bundlePath;

/** Bump when the bundling options below change: older bundles are then stale. */
const FORMAT = 1;

export type BundleMeta = {
  format: number;
  /** sha256 over the path and content of every module in the bundle, and the bundler's version. */
  sourceHash: string;
  /** The modules webpack included, relative to the project root (node_modules too). */
  sources: string[];
  bundleSha256: string;
  builtAt: string;
  buildMs: number;
};

type Log = (line: string) => void;

/** Bundles the workflow code and writes the bundle and its record (each replaced atomically). */
export async function buildWorkflowBundle(log: Log = () => undefined, at: BundlePaths = PROJECT_BUNDLE): Promise<BundleMeta> {
  const started = Date.now();
  const { code } = await bundleWorkflowCode({ workflowsPath: at.workflowsPath, logger: bundlerLogger(log) });
  const sources = bundledSources(code, at.root);
  const sourceHash = hashSources(sources, at.root);
  if (!sourceHash) throw new Error('a bundled source file vanished while bundling: run again');
  const meta: BundleMeta = { format: FORMAT, sourceHash, sources, bundleSha256: sha256(code), builtAt: new Date().toISOString(), buildMs: Date.now() - started };
  fs.mkdirSync(path.dirname(at.bundlePath), { recursive: true });
  writeAtomically(at.bundlePath, code);
  writeAtomically(at.metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

export type BundleCheck = { fresh: true; meta: BundleMeta } | { fresh: false; reason: string };

/** Whether dist/workflow-bundle.js exists, is the one its record describes, and its sources are unchanged. */
export function checkWorkflowBundle(at: BundlePaths = PROJECT_BUNDLE): BundleCheck {
  let meta: BundleMeta;
  try {
    meta = JSON.parse(fs.readFileSync(at.metaPath, 'utf8')) as BundleMeta;
  } catch {
    return { fresh: false, reason: 'no workflow bundle has been built' };
  }
  if (meta.format !== FORMAT) return { fresh: false, reason: 'the bundle was built with other bundling options' };
  let code: Buffer;
  try {
    code = fs.readFileSync(at.bundlePath);
  } catch {
    return { fresh: false, reason: 'dist/workflow-bundle.js is missing' };
  }
  if (sha256(code) !== meta.bundleSha256) return { fresh: false, reason: 'dist/workflow-bundle.js is not the bundle its record describes' };
  const now = hashSources(meta.sources, at.root);
  if (now !== meta.sourceHash) return { fresh: false, reason: `the workflow sources changed since the bundle was built (${meta.builtAt})` };
  return { fresh: true, meta };
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
  if (!opts.rebuild) throw new Error(`refusing a stale workflow bundle: ${check.reason}; run \`npm run build:bundle\``);
  log(`building the workflow bundle: ${check.reason}`);
  const meta = await buildWorkflowBundle(log, at);
  log(`workflow bundle built in ${meta.buildMs} ms (${meta.sources.length} modules)`);
  return { codePath: at.bundlePath };
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

/** null when a source is gone (then the bundle is stale). */
function hashSources(sources: string[], root: string): string | null {
  const h = createHash('sha256');
  h.update(`bundler ${bundlerVersion()}\n`);
  for (const file of sources) {
    let content: Buffer;
    try {
      content = fs.readFileSync(path.join(root, file));
    } catch {
      return null;
    }
    h.update(`${file}\n${sha256(content)}\n`);
  }
  return h.digest('hex');
}

function bundlerVersion(): string {
  const pkg = path.join(path.dirname(require.resolve('@temporalio/worker')), '..', 'package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function writeAtomically(file: string, data: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

function bundlerLogger(log: Log) {
  const quiet = () => undefined;
  return { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: (m: string) => log(`[bundler] ${m}`), error: (m: string) => log(`[bundler] ${m}`) };
}
