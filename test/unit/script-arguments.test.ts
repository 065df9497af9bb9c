import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** `npm run fuzz -- --help` ran zero requests and passed; wrong arguments now stop it before a stack starts. */
describe('npm run fuzz arguments', () => {
  const fuzz = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', '..', 'scripts', 'fuzz.ts'), ...args], { encoding: 'utf8', timeout: 60_000 });

  test.each([['--help'], ['0'], ['10', 'x'], ['10', '2', '3', '4'], ['1.5']].map((args) => [args.join(' '), args]))('%s: usage, exit 2', (_name, args) => {
    const run = fuzz(...(args as string[]));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^usage: npm run fuzz -- \[requests=10000\]/);
  });
});

/** `npm run chaos -- --help` ran a full chaos run with the defaults; wrong arguments now stop it first. */
describe('npm run chaos arguments', () => {
  const chaos = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', '..', 'scripts', 'chaos.ts'), ...args], { encoding: 'utf8', timeout: 60_000 });

  test.each([['--help'], ['cases=abc'], ['cases=0'], ['kils=2'], ['freeze']].map((args) => [args.join(' '), args]))('%s: usage, exit 2', (_name, args) => {
    const run = chaos(...(args as string[]));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^usage: npm run chaos -- \[cases=200\].*not understood: /);
  });
});
