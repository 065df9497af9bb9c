import { spawn } from 'node:child_process';
import path from 'node:path';
import type { CheckName, CheckReport } from '../../scripts/check-code';

/**
 * `npm run check` inside `npm test` (its own jest project, so `--selectProjects unit` stays fast):
 * the type check (`tsc --noEmit -p .`, incremental, build info in .data/cache/), eslint with
 * typescript-eslint (floating promises, awaits of non-promises, no I/O or Node built-ins in
 * workflows/ and domain/) and prettier's check of the files opted in (.prettierignore). One process
 * (scripts/check-code.ts) builds the TypeScript program once for the type check and eslint (whose
 * cache in .data/cache/ holds while no file of the program changed); a check that passed on the
 * same inputs before, on this machine, is not run again (check-code-cache.test.ts); each check is a
 * test of its own whose failure names each finding.
 */
const root = path.join(__dirname, '..', '..');

let report: CheckReport = {};
let runFailure = '';

beforeAll(async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'check-code.ts'), '--json'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  try {
    // The report is the last line: anything a library prints goes before it.
    report = JSON.parse(stdout.trimEnd().split('\n').pop() ?? '') as CheckReport;
  } catch {
    runFailure = `scripts/check-code.ts --json exited ${code} without a report:\n${stdout}${stderr}`;
  }
}, 600_000);

function expectClean(name: CheckName, what: string) {
  const r = report[name];
  if (!r) throw new Error(runFailure || `no ${name} result in the report`);
  if (!r.ok) throw new Error(`${what}:\n${r.output}`);
}

describe('lint', () => {
  test('the type check (tsc --noEmit -p .) finds no errors', () => expectClean('typecheck', 'tsc found type errors'));
  test('eslint finds nothing', () => expectClean('eslint', 'eslint found problems'));
  test('prettier: the opted-in files are formatted', () => expectClean('prettier', 'prettier --check failed'));
});
