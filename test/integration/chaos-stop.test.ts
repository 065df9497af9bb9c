import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { accepts } from '../../scripts/dev/free-port';
import { eventually } from '../support/eventually';
import { root } from '../support/stack-env';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * `npm run chaos` stopped from outside (a timeout's SIGTERM; Ctrl-C is SIGINT) takes its stack
 * down: before, its api and worker, their supervisor's Temporal dev server and PostgreSQL kept
 * running after it had gone.
 */
describe('npm run chaos, stopped from outside', () => {
  test('SIGTERM: the stack it started is gone when it exits', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/chaos.ts', 'cases=2', 'kills=0', 'freeze=0', 'temporalRestarts=0', 'span=60'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    try {
      const logFile = await eventually(
        async () => /the run's log is (\S+)/.exec(stderr)?.[1],
        (f) => !!f,
        { timeoutMs: 30_000, what: "chaos to name its run's log" },
      );
      const log = await eventually(
        async () => fs.readFileSync(path.join(root, logFile!), 'utf8'),
        (text) => text.includes('stack ready'),
        { timeoutMs: 120_000, what: 'the chaos stack to be ready' },
      );
      const pids = [...log.matchAll(/\[supervisor\] (?:worker|api) started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
      const ports = [/Temporal Server:\s+localhost:(\d+)/.exec(log)?.[1], /postgres \(port (\d+)\)/.exec(log)?.[1]].map(Number);
      expect(pids).toHaveLength(2);
      expect(ports.every((p) => p > 0)).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(143);
      expect(pids.filter(alive)).toEqual([]);
      expect(await Promise.all(ports.map((p) => accepts(p)))).toEqual([false, false]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 240_000);
});
