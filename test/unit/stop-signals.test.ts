import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Ctrl-C reaches every process of the terminal's group, and a wrapper such as tsx's passes the
 * signal on as well: the script gets it twice. The second used to kill it halfway through its stop
 * (Temporal, PostgreSQL and the issuer of a bench run were left running).
 */
describe('a script that takes the stop signals (chaos, bench)', () => {
  test('finishes its stop when the signal comes twice, then exits 143', async () => {
    const mark = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'stop-signals-')), 'stopped');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'support', 'stop-signals-child.ts'), mark], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => b.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`the child exited (${code}) before it was ready: ${stderr}`)));
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 143, signal: null });
    expect(fs.readFileSync(mark, 'utf8')).toBe('stopped');
    expect(stderr).toContain('SIGTERM: already stopping the stack');
  }, 20_000);
});
