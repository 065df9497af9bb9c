import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

export type ReadyProcess = { value: string; stop: () => Promise<void> };

/**
 * Runs a TypeScript entry of scripts/dev (node with tsx's loader) and resolves once it prints `READY <value>`
 * (a URL). Detached, it has its own process group: a terminal's Ctrl-C does not reach it and its
 * owner stops it last. It is killed when the owner exits, whatever the way.
 */
export function startReadyProcess(entry: string, args: string[], what: string, opts: { detached?: boolean } = {}): Promise<ReadyProcess> {
  // node with tsx's loader rather than the tsx CLI, whose signal relay ends in SIGKILL under load.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'dev', entry), ...args], {
    cwd: root,
    detached: opts.detached ?? false,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.on('exit', () => child.kill('SIGTERM'));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const ready = /^READY (\S+)$/m.exec(out);
      if (!ready) return;
      resolve({
        value: ready[1]!,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`${what} exited (${code})`)));
  });
}
