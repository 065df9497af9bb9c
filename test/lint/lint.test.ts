import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * `npm run lint` inside `npm test` (its own jest project, so `--selectProjects unit` stays fast):
 * eslint with typescript-eslint (floating promises, no I/O or Node built-ins in workflows/ and
 * domain/) and prettier's check of the files opted in (.prettierignore). The output names each
 * finding, so a failure here says what to fix.
 */
const root = path.join(__dirname, '..', '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);

function run(cmd: string, args: string[]) {
  const r = spawnSync(bin(cmd), args, { cwd: root, encoding: 'utf8', timeout: 600_000 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
}

describe('lint', () => {
  test('eslint finds nothing', () => {
    const r = run('eslint', ['--max-warnings', '0', '.']);
    if (r.status !== 0) throw new Error(`eslint found problems:\n${r.output}`);
  }, 600_000);

  test('prettier: the opted-in files are formatted', () => {
    const r = run('prettier', ['--check', '**/*.ts']);
    if (r.status !== 0) throw new Error(`prettier --check failed:\n${r.output}`);
  }, 120_000);
});
