import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CheckReport } from '../../scripts/check-code';

/**
 * scripts/check-code.ts keeps eslint's cache between runs. eslint's own cache would re-lint only
 * changed files, and so miss a floating promise in a file that did not change when a function it
 * calls becomes async. A two-file project under .data/ (node_modules found from there) shows the
 * runner finds it. The runner also remembers a check that passed, per machine, under a hash of its
 * inputs: here in the project's own folder (VERZUIMREGIE_CACHE), not the machine's.
 */
const root = path.join(__dirname, '..', '..');
const project = path.join(root, '.data', 'check-code-cache-test');

function eslint(): CheckReport['eslint'] {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'check-code.ts'), '--eslint', '--json', '--root', project], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, VERZUIMREGIE_CACHE: path.join(project, '.data', 'machine-cache') },
  });
  const report = JSON.parse(r.stdout.trimEnd().split('\n').pop() ?? '') as CheckReport;
  if (!report.eslint) throw new Error(`no eslint result:\n${r.stdout}${r.stderr}`);
  return report.eslint;
}

/** The results the runner keeps for this project (one file per state of the inputs that passed), with their contents. */
function rememberedResults(): { file: string; text: string }[] {
  const dir = path.join(project, '.data', 'machine-cache', 'check-results');
  return fs
    .readdirSync(dir)
    .sort()
    .map((file) => ({ file, text: fs.readFileSync(path.join(dir, file), 'utf8') }));
}

beforeAll(() => {
  fs.rmSync(project, { recursive: true, force: true });
  fs.mkdirSync(project, { recursive: true });
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', lib: ['ES2022'], types: [], strict: true, noEmit: true },
      include: ['*.ts'],
    }),
    'eslint.config.mjs': [
      "import tseslint from 'typescript-eslint';",
      'export default [{',
      "  files: ['**/*.ts'],",
      '  languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },',
      "  plugins: { '@typescript-eslint': tseslint.plugin },",
      "  rules: { '@typescript-eslint/no-floating-promises': 'error' },",
      '}];',
    ].join('\n'),
    'a.ts': 'export function save(): void {}\n',
    'b.ts': "import { save } from './a';\n\nsave();\n",
  };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(project, name), text);
});

afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

test('a floating promise in a file that did not change is found after a cached run', () => {
  const before = eslint();
  expect(before).toMatchObject({ ok: true });
  expect(before?.remembered).toBeUndefined();
  expect(fs.readdirSync(path.join(project, '.data', 'cache')).some((f) => f.startsWith('eslint-'))).toBe(true);
  // The same inputs again: the pass is remembered, eslint does not run.
  expect(eslint()).toMatchObject({ ok: true, remembered: true });
  const passedOnce = rememberedResults();
  expect(passedOnce).toHaveLength(1);

  fs.writeFileSync(path.join(project, 'a.ts'), 'export async function save(): Promise<void> {}\n');
  const after = eslint();
  expect(after?.ok).toBe(false);
  expect(after?.remembered).toBeUndefined();
  expect(after?.output).toMatch(/b\.ts[\s\S]*3:1\s+error\s+Promises must be awaited[\s\S]*@typescript-eslint\/no-floating-promises/);
  // A finding is never remembered: the failing inputs left no result behind, so the next run checks again.
  expect(rememberedResults()).toEqual(passedOnce);

  // Back to the passing text: the pass remembered for those inputs holds again.
  fs.writeFileSync(path.join(project, 'a.ts'), 'export function save(): void {}\n');
  expect(eslint()).toMatchObject({ ok: true, remembered: true });
}, 240_000);
