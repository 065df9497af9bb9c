import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { appBundle, appBundlePaths, buildAppBundle, checkAppBundle } from '../../platform/app-bundle';

/**
 * The app bundles (dist/<app>.js) are checked against their sources: a stale one is rebuilt by
 * whoever starts it, or refused by its launcher, never run; stack traces from a bundle point at the
 * .ts sources. On a small project of its own (inside the checkout, so that node_modules resolve).
 */
describe('the app bundles', () => {
  const root = path.resolve(__dirname, '..', '..', '.data', `app-bundle-test-${process.pid}`);
  const at = appBundlePaths(root, { probe: 'app/main.ts' });
  const answerFile = path.join(root, 'lib', 'answer.ts');
  const run = (env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [at.launcher('probe')], { cwd: root, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'test', ...env } });
  beforeAll(() => {
    fs.mkdirSync(path.join(root, 'app'), { recursive: true });
    fs.mkdirSync(path.join(root, 'lib'), { recursive: true });
    fs.writeFileSync(answerFile, 'export const answer = 41;\n');
    fs.writeFileSync(path.join(root, 'lib', 'fail.ts'), 'export function fail(): never {\n  // line 2\n  throw new Error(`probe failed`);\n}\n');
    fs.writeFileSync(
      path.join(root, 'app', 'main.ts'),
      "import { answer } from '../lib/answer';\nimport { fail } from '../lib/fail';\nif (process.env.PROBE_FAIL) fail();\nprocess.stdout.write(`answer ${answer}\\n`);\n",
    );
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is missing until built, then fresh, used as it is, and runs', async () => {
    expect(checkAppBundle(at)).toEqual({ fresh: false, reason: 'no app bundle has been built' });
    const record = await buildAppBundle(at);
    expect(record.sources).toEqual(expect.arrayContaining(['app/main.ts', 'lib/answer.ts', 'lib/fail.ts', '../../platform/app-bundle.ts', '../../tsconfig.json']));
    expect(Object.keys(record.outputs).sort()).toEqual(['dist/app/probe.js', 'dist/app/probe.js.map', 'dist/probe.js']);
    expect(checkAppBundle(at)).toMatchObject({ fresh: true });
    const before = fs.statSync(at.program('probe')).mtimeMs;
    expect(await appBundle({ rebuild: false, at })).toBe(at);
    expect(fs.statSync(at.program('probe')).mtimeMs).toBe(before);
    const probe = run();
    expect({ status: probe.status, stdout: probe.stdout }).toEqual({ status: 0, stdout: 'answer 41\n' });
  });

  it('gives stack traces that point at the .ts sources', () => {
    const probe = run({ PROBE_FAIL: '1' });
    expect(probe.status).not.toBe(0);
    expect(probe.stderr).toContain('Error: probe failed');
    expect(probe.stderr).toMatch(new RegExp(`at fail \\(${escape(path.join(root, 'lib', 'fail.ts'))}:3:9\\)`));
    expect(probe.stderr).toMatch(new RegExp(`${escape(path.join(root, 'app', 'main.ts'))}:3:`));
    expect(probe.stderr).not.toContain(at.program('probe'));
  });

  it('is stale when a source it was built from changed: refused (also by its launcher, under production), or rebuilt from the new source', async () => {
    fs.writeFileSync(answerFile, 'export const answer = 42;\n');
    expect(checkAppBundle(at)).toMatchObject({ fresh: false, reason: expect.stringContaining('the app sources changed') });
    await expect(appBundle({ rebuild: false, at })).rejects.toThrow(/refusing a stale app bundle: the app sources changed.*npm run build:bundle/);
    const refused = run({ NODE_ENV: 'production' });
    expect(refused.status).toBe(78);
    expect(refused.stderr).toMatch(/^probe: refusing a stale app bundle: the app sources changed since the bundle was built .*; run `npm run build:bundle`\n$/);
    expect(refused.stdout).toBe(''); // none of the program ran

    const lines: string[] = [];
    expect(await appBundle({ rebuild: true, at, log: (l) => lines.push(l) })).toBe(at);
    expect(lines[0]).toMatch(/building the app bundles: the app sources changed/);
    expect(checkAppBundle(at)).toMatchObject({ fresh: true });
    expect(run({ NODE_ENV: 'production' }).stdout).toBe('answer 42\n');
  });

  it('is stale when a file is not the one its record describes, or a source is gone', async () => {
    fs.appendFileSync(at.program('probe'), '\n// edited by hand\n');
    expect(checkAppBundle(at)).toEqual({ fresh: false, reason: 'dist/app/probe.js is not the bundle its record describes' });
    expect(run({ NODE_ENV: 'production' }).status).toBe(78);
    await buildAppBundle(at);
    fs.rmSync(path.join(root, 'lib', 'fail.ts'));
    expect(checkAppBundle(at)).toMatchObject({ fresh: false, reason: expect.stringContaining('the app sources changed') });
    await expect(appBundle({ rebuild: false, at })).rejects.toThrow(/refusing a stale app bundle/);
    fs.writeFileSync(path.join(root, 'lib', 'fail.ts'), 'export function fail(): never {\n  // line 2\n  throw new Error(`probe failed`);\n}\n');
  });

  it('refuses to bundle a module that computes a path from its own folder (wrong once it runs from dist/app/)', async () => {
    fs.writeFileSync(answerFile, "import path from 'node:path';\nexport const answer = path.join(__dirname, 'answer.txt');\n");
    await expect(buildAppBundle(at)).rejects.toThrow(/lib\/answer\.ts \(__dirname\).*take `root` from platform\/root\.ts/);
    fs.writeFileSync(answerFile, 'export const answer = String(import.meta.url);\n');
    await expect(buildAppBundle(at)).rejects.toThrow(/lib\/answer\.ts \(import\.meta\)/);
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
