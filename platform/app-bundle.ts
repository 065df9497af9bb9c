/**
 * The app bundles (issue 15): the api and the worker each run from one file that esbuild bundled
 * from their sources, not through tsx's loader, which compiled the project's TypeScript and
 * resolved its imports at every start (loading the api's modules took 1.15 CPU-s through tsx, 0.70
 * from one bundle; `npm test` starts about 75 such processes). dist/api.js and dist/worker.js are
 * what runs: a launcher that checks the record (dist/app-bundle.json, platform/prebuilt.ts) and
 * then loads the program, dist/app/<name>.js with its source map. A stale bundle is rebuilt by whoever starts the process
 * in development and tests (`appBundle({ rebuild: true })`), and refused by the launcher itself,
 * with the reason, before any of the program's code runs: production runs only what
 * `npm run build:bundle` made from the sources beside it (the Dockerfile builds it).
 * Packages stay outside the bundle (node_modules is loaded as usual); the project's own files go in.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as Esbuild from 'esbuild';
import { checkPrebuilt, packageVersion, refusal, writePrebuilt, type Prebuilt, type PrebuiltCheck, type PrebuiltRecord } from './prebuilt';
import { runProgram, type Program } from './program';
import { root } from './root';

/**
 * The processes that run from app bundles, by name, with their entry points: the api and the
 * worker start on load; a command-line program exports its `main` (platform/program.ts), which
 * the launcher runs.
 */
export const APPS = { api: 'api/main.ts', worker: 'worker/main.ts', 'audit-replay': 'scripts/audit-replay.ts', 'check-projection': 'scripts/check-projection.ts' } as const;
export type AppName = keyof typeof APPS;

/** Where the sources and the bundles are; the tests of this module use a project of their own. */
export type AppBundlePaths = {
  root: string;
  apps: Record<string, string>;
  recordPath: string;
  /** What runs: `node dist/<name>.js`. */
  launcher(name: string): string;
  /** The bundled program the launcher loads. */
  program(name: string): string;
};

export function appBundlePaths(projectRoot: string, apps: Record<string, string> = APPS): AppBundlePaths {
  const dist = path.join(projectRoot, 'dist');
  return {
    root: projectRoot,
    apps,
    recordPath: path.join(dist, 'app-bundle.json'),
    launcher: (name) => path.join(dist, `${name}.js`),
    program: (name) => path.join(dist, 'app', `${name}.js`),
  };
}

export const PROJECT_APPS = appBundlePaths(root);

/** Bump when the bundling options below change: older bundles are then stale. */
const FORMAT = 1;

const prebuilt = (at: Pick<AppBundlePaths, 'root' | 'recordPath'>): Prebuilt => ({
  what: 'app bundle',
  sourcesName: 'app sources',
  root: at.root,
  recordPath: at.recordPath,
  format: FORMAT,
  bundler: () => `esbuild ${packageVersion('esbuild', at.root)}`,
});

type Log = (line: string) => void;

/**
 * Bundles every app: the programs (dist/app/<name>.js, source map beside) and their launchers
 * (dist/<name>.js), then writes the record of the sources esbuild read (its metafile).
 */
export async function buildAppBundle(at: AppBundlePaths = PROJECT_APPS): Promise<PrebuiltRecord> {
  const started = Date.now();
  // Loaded here only: the launchers bundle this module too, and never build.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof Esbuild;
  const names = Object.keys(at.apps);
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    absWorkingDir: at.root,
    outdir: path.join(at.root, 'dist'),
    logLevel: 'silent',
  } satisfies Esbuild.BuildOptions;
  const [programs, launchers] = await Promise.all([
    esbuild.build({
      ...common,
      write: false,
      metafile: true,
      entryPoints: names.map((name) => ({ in: path.join(at.root, at.apps[name]!), out: `app/${name}` })),
      // Stack traces point at the .ts sources (the map holds no source text: node reads the file).
      sourcemap: 'linked',
      sourcesContent: false,
      // Error and class names stay the sources' own (pino logs err.constructor.name, for one).
      keepNames: true,
      // The launcher enabled source maps so that node cached this bundle's map as it compiled it;
      // off again while the program's imports load the packages: node would read and parse the
      // source maps of some 200 package files (2.4 MB: about 45 ms of CPU at every api start) that
      // only map node_modules frames. The launcher turns them back on once the modules are loaded.
      // ("use strict" first again: a banner goes before esbuild's own, which is then no directive.)
      banner: { js: '"use strict";\nprocess.setSourceMapsEnabled(false);' },
      plugins: [generatedClientDirname],
    }),
    esbuild.build({
      ...common,
      write: false,
      metafile: true,
      entryPoints: names.map((name) => ({ in: `app-launcher:${name}`, out: name })),
      plugins: [launcherEntries],
    }),
  ]);
  const sources = new Set<string>([path.relative(at.root, path.join(root, 'tsconfig.json'))]);
  for (const result of [programs, launchers]) for (const input of Object.keys(result.metafile.inputs)) if (!input.includes(':')) sources.add(input);
  refuseOwnFolderPaths(at.root, [...sources]);
  const files = Object.fromEntries([...programs.outputFiles, ...launchers.outputFiles].map((f) => [f.path, f.contents]));
  return writePrebuilt(prebuilt(at), [...sources], files, started);
}

export function checkAppBundle(at: AppBundlePaths = PROJECT_APPS): PrebuiltCheck {
  return checkPrebuilt(prebuilt(at));
}

/**
 * The app bundles to run: as they are when fresh; otherwise rebuilt here when `rebuild` (every
 * starter in development and tests), or refused with the reason.
 */
export async function appBundle(opts: { rebuild: boolean; log?: Log; at?: AppBundlePaths }): Promise<AppBundlePaths> {
  const at = opts.at ?? PROJECT_APPS;
  const check = checkAppBundle(at);
  if (check.fresh) return at;
  if (!opts.rebuild) throw refusal(prebuilt(at), check.reason);
  // One build at a time per bundle in this process (npm start's api and worker start side by side).
  const pending = building.get(at.recordPath);
  if (pending) {
    await pending;
    return at;
  }
  opts.log?.(`building the app bundles: ${check.reason}`);
  const build = buildAppBundle(at).finally(() => building.delete(at.recordPath));
  building.set(at.recordPath, build);
  const record = await build;
  opts.log?.(`app bundles built in ${record.buildMs} ms (${record.sources.length} sources)`);
  return at;
}

const building = new Map<string, Promise<PrebuiltRecord>>();

/**
 * What dist/<name>.js does: refuse a stale bundle, then load the program with source maps on.
 * `distDir` is the launcher's own folder (its project is the one above it).
 */
export function launch(name: string, distDir: string): void {
  const p = prebuilt(appBundlePaths(path.dirname(distDir)));
  const check = checkPrebuilt(p);
  if (!check.fresh) {
    process.stderr.write(`${name}: ${refusal(p, check.reason).message}\n`);
    process.exit(78);
  }
  process.setSourceMapsEnabled(true);
  let program: Partial<Program>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    program = require(path.join(distDir, 'app', `${name}.js`)) as Partial<Program>;
  } finally {
    // Also when loading threw: its stack trace is formatted after this, with the map.
    process.setSourceMapsEnabled(true);
  }
  // A command-line program runs only as its own script (require.main): here the launcher runs it.
  if (typeof program.main === 'function' && typeof program.PROGRAM === 'string') runProgram(program as Program);
}

/** The launchers' entry points: a module of two lines per app, made up here rather than kept as files. */
const launcherEntries: Esbuild.Plugin = {
  name: 'app-launchers',
  setup(build) {
    build.onResolve({ filter: /^app-launcher:/ }, (args) => ({ path: args.path.slice('app-launcher:'.length), namespace: 'app-launcher' }));
    build.onLoad({ filter: /.*/, namespace: 'app-launcher' }, (args) => ({
      contents: `import { launch } from ${JSON.stringify(path.join(root, 'platform', 'app-bundle.ts'))};\nlaunch(${JSON.stringify(args.path)}, __dirname);\n`,
      resolveDir: root,
      loader: 'ts',
    }));
  },
};

/**
 * The generated Prisma client passes its own folder (`__dirname`) to the runtime, which takes the
 * schema's folder from it; bundled, that would be dist/app/. Its folder from the project root instead.
 */
const generatedClientDirname: Esbuild.Plugin = {
  name: 'generated-client-dirname',
  setup(build) {
    build.onLoad({ filter: /[\\/]prisma[\\/]generated[\\/].*\.ts$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      if (!/\b__dirname\b/.test(source)) return undefined;
      const folder = JSON.stringify(path.relative(root, path.dirname(args.path)));
      const rootModule = JSON.stringify(path.join(root, 'platform', 'root.ts'));
      return {
        contents: `import { root as projectRoot__ } from ${rootModule};\nimport path__ from 'node:path';\n${source.replace(/\b__dirname\b/g, `path__.join(projectRoot__, ${folder})`)}`,
        loader: 'ts',
      };
    });
  },
};

/**
 * Files that may name their own folder: platform/root.ts finds the root from it, this module gives
 * the launchers theirs (dist/), and the generated client is rewritten above.
 */
const OWN_FOLDER_ALLOWED = [/^platform\/root\.ts$/, /^platform\/app-bundle\.ts$/, /^prisma\/generated\//];

/**
 * A path computed from a module's own folder (`__dirname`, `__filename`, `import.meta`) is wrong
 * once the module is bundled into dist/app/: the build refuses it, so that none comes back unnoticed.
 */
function refuseOwnFolderPaths(projectRoot: string, sources: string[]): void {
  const offenders: string[] = [];
  for (const file of sources) {
    const fromRoot = path.relative(root, path.join(projectRoot, file)).split(path.sep).join('/');
    if (!/\.[cm]?[tj]s$/.test(file) || fromRoot.includes('node_modules/') || OWN_FOLDER_ALLOWED.some((re) => re.test(fromRoot))) continue;
    const code = fs.readFileSync(path.join(projectRoot, file), 'utf8');
    const found = /\b__dirname\b|\b__filename\b|\bimport\.meta\b/.exec(code);
    if (found) offenders.push(`${fromRoot} (${found[0]})`);
  }
  if (offenders.length > 0) {
    throw new Error(`the app bundles would move these modules to dist/app/, where a path from their own folder is wrong: ${offenders.join(', ')}; take \`root\` from platform/root.ts`);
  }
}
