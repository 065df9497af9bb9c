/**
 * `npm run check` (type check, eslint and prettier), `npm run typecheck` (`-- --typecheck`) and
 * `npm run lint` (`-- --eslint --prettier`); `npm test` runs it once for test/lint/lint.test.ts
 * (`--json`). The TypeScript program is built once and serves both the type check and eslint:
 * `tsc` and eslint's own `projectService` each built the same program from scratch.
 *
 * - Type check: the diagnostics `tsc --noEmit -p .` reports, in its order and format. Incremental
 *   (build info in .data/cache/): a second run re-checks only the files a change can affect.
 * - eslint: eslint.config.mjs as it is, with `parserOptions.programs` set to that program instead
 *   of `projectService`, all files `eslint .` lints, failing on any warning (`--max-warnings 0`).
 *   Its cache (.data/cache/eslint-*.json) is kept only while no file of the program changed (see
 *   eslintCacheFile): a type-aware finding can appear in a file that did not change.
 * - prettier: `prettier --check "**\/*.ts"` as a child process, while the program is built.
 * - A check that passed is remembered per machine (~/.cache/verzuimregie/check-results/, or under
 *   VERZUIMREGIE_CACHE) under a hash of everything it reads (see inputsKey): a later run on the same
 *   inputs, in this folder or a fresh clone, reports it passed without running it, as `tsc -b` does
 *   for a project that is up to date. Findings are never remembered. `--no-cache` runs them all.
 *
 * Exits 1 when a check finds something (or cannot run: its output says why), 2 on a wrong argument
 * or a crash. `--root <dir>` checks another project (the cache's own test).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type * as ESLintModule from 'eslint';
import type * as TS from 'typescript';
import { machineCacheDir } from '../platform/machine-cache';

const repoRoot = path.resolve(__dirname, '..');
const rootArg = process.argv.indexOf('--root');
const root = rootArg === -1 ? repoRoot : path.resolve(process.argv[rootArg + 1] ?? '.');
const cacheDir = path.join(root, '.data', 'cache');
const buildInfoFile = path.join(cacheDir, 'typecheck.tsbuildinfo');

// Loaded only when a check runs (0.3 CPU-s): a run whose checks are all remembered needs neither.
let ts: typeof TS;
let ESLint: typeof ESLintModule.ESLint;
async function loadTools(): Promise<void> {
  ts = (await import('typescript')).default;
  ({ ESLint } = await import('eslint'));
}

export type CheckName = 'typecheck' | 'eslint' | 'prettier';
/** One check's outcome: `output` names each finding (file, line, rule or error code). */
export type CheckResult = { ok: boolean; findings: number; output: string; cpuSeconds?: number; remembered?: boolean };
export type CheckReport = Partial<Record<CheckName, CheckResult>>;

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / 1e4) / 100;
}

/** The program for tsconfig.json, as `tsc --incremental` builds it (its JSDoc parsing too). */
function createProgram(): TS.EmitAndSemanticDiagnosticsBuilderProgram {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'tsconfig.json'),
    { noEmit: true, incremental: true, tsBuildInfoFile: buildInfoFile },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  const host = ts.createIncrementalCompilerHost(config.options);
  host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
  return ts.createIncrementalProgram({
    rootNames: config.fileNames,
    options: config.options,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
    projectReferences: config.projectReferences,
    host,
  });
}

/** tsc's own sequence (emitFilesAndReportErrors): semantic diagnostics only when the syntax and options are sound. */
function typecheck(builder: TS.EmitAndSemanticDiagnosticsBuilderProgram, pretty: boolean): CheckResult {
  const start = process.cpuUsage();
  const options = builder.getCompilerOptions();
  const diagnostics: TS.Diagnostic[] = [...builder.getConfigFileParsingDiagnostics()];
  const configCount = diagnostics.length;
  diagnostics.push(...builder.getSyntacticDiagnostics());
  if (diagnostics.length === configCount) {
    diagnostics.push(...builder.getOptionsDiagnostics(), ...builder.getGlobalDiagnostics());
    if (diagnostics.length === configCount) diagnostics.push(...builder.getSemanticDiagnostics());
    if ((options.declaration || options.composite) && diagnostics.length === configCount) diagnostics.push(...builder.getDeclarationDiagnostics());
  }
  // With noEmit this writes only the build info; through a rename, so that a run beside this one never reads half a file.
  const emitted = builder.emit(undefined, (file, text) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}`;
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  });
  diagnostics.push(...emitted.diagnostics);
  const found = ts.sortAndDeduplicateDiagnostics(diagnostics);
  const host: TS.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };
  const output = pretty ? ts.formatDiagnosticsWithColorAndContext(found, host) : ts.formatDiagnostics(found, host);
  return { ok: found.length === 0, findings: found.length, output, cpuSeconds: cpuSeconds(start) };
}

/**
 * eslint's own cache re-lints a file only when its text or its config changed, which misses a
 * type-aware finding in a file that did not change (a function it calls became async). So the
 * cache file is named after everything the types and rules depend on: every file of the program
 * (node_modules' declarations too), tsconfig.json, eslint.config.mjs, the installed packages and
 * this script. Any change there starts an empty cache and eslint lints every file again; with no
 * change, eslint still checks each file's text and config itself (files outside the program too).
 */
function eslintCacheFile(program: TS.Program): string | undefined {
  const installed = path.join(repoRoot, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(installed)) return undefined;
  fs.mkdirSync(cacheDir, { recursive: true });
  const hash = createHash('sha256');
  for (const file of [__filename, installed, path.join(root, 'tsconfig.json'), path.join(root, 'eslint.config.mjs')]) {
    hash.update(`${file}\0${fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''}\0`);
  }
  for (const source of program.getSourceFiles()) hash.update(`${source.fileName}\0${source.text}\0`);
  return path.join(cacheDir, `eslint-${hash.digest('hex').slice(0, 24)}.json`);
}

async function eslint(program: TS.Program, pretty: boolean): Promise<CheckResult> {
  const start = process.cpuUsage();
  const cacheFile = eslintCacheFile(program);
  // eslint's cache hashes each file's config, and a program cannot be serialized: it is named instead (its content is in the cache file's name).
  const programs = Object.assign([program], { toJSON: () => 'the program of scripts/check-code.ts' });
  const linter = new ESLint({
    cwd: root,
    ...(cacheFile ? { cache: true, cacheLocation: cacheFile, cacheStrategy: 'content' as const } : {}),
    // Only the parser's source of types changes: the rules, files and ignores stay eslint.config.mjs's.
    overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false, programs } } }],
  });
  const results = await linter.lintFiles(['.']);
  for (const old of fs.readdirSync(cacheDir).filter((f) => /^eslint-[0-9a-f]+\.json$/.test(f))) {
    if (path.join(cacheDir, old) !== cacheFile) fs.rmSync(path.join(cacheDir, old), { force: true });
  }
  const findings = results.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
  const formatter = await linter.loadFormatter('stylish');
  const output = await formatter.format(results, { color: pretty });
  return { ok: findings === 0, findings, output, cpuSeconds: cpuSeconds(start) };
}

/** The CLI, as before: it reads .prettierignore and .gitignore itself. */
function prettier(): Promise<CheckResult> {
  return new Promise((resolve) => {
    const child = spawn(path.join(repoRoot, 'node_modules', '.bin', 'prettier'), ['--check', '**/*.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.on('error', (err) => resolve({ ok: false, findings: 1, output: `${output}${String(err)}` }));
    child.on('close', (code) => {
      const findings = (output.match(/^\[warn\] (?!Code style issues)/gm) ?? []).length;
      resolve({ ok: code === 0, findings: code === 0 ? 0 : Math.max(findings, 1), output });
    });
  });
}

function failure(err: unknown): CheckResult {
  return { ok: false, findings: 1, output: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

/** Folders no check reads: dependencies (their lockfile stands for them), builds, run data, VCS. */
const UNREAD_FOLDERS = new Set(['node_modules', '.git', 'dist', '.data', 'coverage', '.scratch']);
/**
 * The generated Prisma client is read, but it names the folder it was generated in: it stands in
 * the key by what it is made from, the schema (a .prisma file) and the installed Prisma.
 */
const GENERATED = path.join('prisma', 'generated');
const READ_EXTENSIONS = /\.(ts|mts|cts|tsx|js|mjs|cjs|json|prisma)$/;
/** Read by prettier, eslint or tsc without one of those extensions. */
const READ_FILES = ['.prettierignore', '.gitignore'];

function readFiles(projectRoot: string, dir = projectRoot, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() ? UNREAD_FOLDERS.has(entry.name) || path.relative(projectRoot, full) === GENERATED : !READ_EXTENSIONS.test(entry.name)) continue;
    if (entry.isDirectory()) readFiles(projectRoot, full, found);
    else if (entry.isFile()) found.push(full);
  }
  return found;
}

/**
 * A hash of everything the three checks read: every TypeScript, JavaScript and JSON file of the
 * project by its path and text (tsconfig, the eslint and prettier configurations among them), the
 * Prisma schema the client is generated from, prettier's ignore files, the installed packages (npm's record of
 * node_modules: the declarations, typescript, eslint and its plugins, prettier), node's version and
 * this script. Undefined without node_modules' record. About 20 ms for 7 MB.
 */
function inputsKey(projectRoot = root): string | undefined {
  const installed = path.join(repoRoot, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(installed)) return undefined;
  const hash = createHash('sha256').update(`${process.version}\0`);
  for (const file of [__filename, installed]) hash.update(`${path.basename(file)}\0${fs.readFileSync(file)}\0`);
  const own = [...readFiles(projectRoot), ...READ_FILES.map((f) => path.join(projectRoot, f)).filter((f) => fs.existsSync(f))];
  for (const file of own.sort()) hash.update(`${path.relative(projectRoot, file)}\0${fs.readFileSync(file)}\0`);
  return hash.digest('hex').slice(0, 32);
}

const rememberedDir = machineCacheDir('check-results');
type Remembered = Partial<Record<CheckName, true>>;

function remembered(key: string | undefined): Remembered {
  if (!key) return {};
  try {
    return JSON.parse(fs.readFileSync(path.join(rememberedDir, `${key}.json`), 'utf8')) as Remembered;
  } catch {
    return {};
  }
}

/** Only passes are kept, and only when the inputs did not change while the checks ran. */
function remember(key: string | undefined, report: CheckReport): void {
  if (!key || inputsKey() !== key) return;
  const passed: Remembered = { ...remembered(key) };
  const before = Object.keys(passed).length;
  for (const [name, r] of Object.entries(report) as [CheckName, CheckResult][]) if (r.ok && !r.remembered) passed[name] = true;
  // Nothing new passed (every check that ran found something): no file, so no room taken from passes.
  if (Object.keys(passed).length === before) return;
  fs.mkdirSync(rememberedDir, { recursive: true });
  const file = path.join(rememberedDir, `${key}.json`);
  fs.writeFileSync(`${file}.${process.pid}`, JSON.stringify(passed));
  fs.renameSync(`${file}.${process.pid}`, file);
  // One small file per state of the project that passed: the 200 newest are kept.
  const kept = fs.readdirSync(rememberedDir).filter((f) => /^[0-9a-f]{32}\.json$/.test(f));
  if (kept.length > 200) {
    const byAge = kept.map((f) => ({ f, at: fs.statSync(path.join(rememberedDir, f)).mtimeMs })).sort((a, b) => b.at - a.at);
    for (const { f } of byAge.slice(200)) fs.rmSync(path.join(rememberedDir, f), { force: true });
  }
}

async function runChecks(all: readonly CheckName[], pretty = false, useRemembered = true): Promise<CheckReport> {
  const report: CheckReport = {};
  const key = useRemembered ? inputsKey() : undefined;
  const passed = remembered(key);
  for (const name of all) if (passed[name]) report[name] = { ok: true, findings: 0, output: '', cpuSeconds: 0, remembered: true };
  const checks = all.filter((name) => !passed[name]);
  if (checks.length === 0) return report;
  await loadTools();
  const formatting = checks.includes('prettier') ? prettier() : undefined;
  if (checks.includes('typecheck') || checks.includes('eslint')) {
    const start = process.cpuUsage();
    let builder: TS.EmitAndSemanticDiagnosticsBuilderProgram | undefined;
    try {
      builder = createProgram();
    } catch (err) {
      for (const name of checks) if (name !== 'prettier') report[name] = failure(err);
    }
    const programSeconds = cpuSeconds(start);
    if (builder) {
      if (checks.includes('typecheck')) {
        try {
          report.typecheck = typecheck(builder, pretty);
          report.typecheck.cpuSeconds = (report.typecheck.cpuSeconds ?? 0) + programSeconds;
        } catch (err) {
          report.typecheck = failure(err);
        }
      }
      if (checks.includes('eslint')) {
        try {
          report.eslint = await eslint(builder.getProgram(), pretty);
          // The program's cost is counted once, with the first check that needed it.
          if (!report.typecheck) report.eslint.cpuSeconds = (report.eslint.cpuSeconds ?? 0) + programSeconds;
        } catch (err) {
          report.eslint = failure(err);
        }
      }
    }
  }
  if (formatting) report.prettier = await formatting;
  if (useRemembered) remember(key, report);
  return report;
}

const LABELS: Record<CheckName, string> = { typecheck: 'type check', eslint: 'eslint', prettier: 'prettier' };

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a, i) => !['--typecheck', '--eslint', '--prettier', '--json', '--no-cache', '--root'].includes(a) && args[i - 1] !== '--root');
  if (unknown.length > 0) {
    process.stderr.write(
      `usage: check-code.ts [--typecheck] [--eslint] [--prettier] [--json] [--no-cache] [--root <dir>] (no check named: all three); unknown ${unknown.join(' ')}\n`,
    );
    return 2;
  }
  const named = (['typecheck', 'eslint', 'prettier'] as const).filter((c) => args.includes(`--${c}`));
  const checks = named.length > 0 ? named : (['typecheck', 'eslint', 'prettier'] as const);
  const json = args.includes('--json');
  const report = await runChecks(checks, !json && process.stdout.isTTY === true, !args.includes('--no-cache'));
  if (json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    for (const name of checks) {
      const r = report[name];
      if (!r) continue;
      if (!r.ok && r.output.trim() !== '') process.stdout.write(`${r.output.trimEnd()}\n\n`);
      const cpu = r.remembered
        ? ' (passed before on these same inputs: not run again; --no-cache runs it)'
        : r.cpuSeconds === undefined
          ? ''
          : ` (${r.cpuSeconds.toFixed(1)} CPU-s)`;
      process.stdout.write(`${LABELS[name]}: ${r.ok ? 'ok' : `${r.findings} found`}${cpu}\n`);
    }
  }
  return checks.every((c) => report[c]?.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`check-code failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(2);
  },
);
