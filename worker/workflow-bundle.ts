/**
 * The prebuilt workflow bundle: `bundleWorkflowCode` once per build into dist/workflow-bundle.js,
 * reused by the worker, the tests and `audit:replay` (bundling takes 6 to 11 s per start).
 * Next to it, dist/workflow-bundle.json records every source file webpack put into the bundle
 * with a hash over their contents, and the bundle's own hash (platform/prebuilt.ts). A bundle whose
 * sources changed since is stale: it is rebuilt (development, tests) or refused (production), never run.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { checkPrebuilt, packageVersion, refusal, writePrebuilt, type Prebuilt, type PrebuiltRecord } from '../platform/prebuilt';
import { FAILURE_CONVERTER_PATH } from '../platform/payload-codec';
import { root } from '../platform/root';

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

export const PROJECT_BUNDLE = bundlePaths(root);

/**
 * Other workflow code (`audit:replay --workflows-path`, the tests' breaking change) bundled once
 * into the project's cache and kept as long as its sources are unchanged, like the project bundle.
 */
export function otherCodePaths(workflowsPath: string, projectRoot: string = PROJECT_BUNDLE.root): BundlePaths {
  const key = createHash('sha256').update(path.resolve(workflowsPath)).digest('hex').slice(0, 16);
  const dir = path.join(projectRoot, '.data', 'cache', 'workflow-bundles');
  return { root: projectRoot, workflowsPath: path.resolve(workflowsPath), bundlePath: path.join(dir, `${key}.js`), metaPath: path.join(dir, `${key}.json`) };
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
  return writePrebuilt(prebuilt(at), bundledSources(code, at.root), { [at.bundlePath]: code }, started);
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

function bundlerLogger(log: Log) {
  const quiet = () => undefined;
  return { log: quiet, trace: quiet, debug: quiet, info: quiet, warn: (m: string) => log(`[bundler] ${m}`), error: (m: string) => log(`[bundler] ${m}`) };
}
