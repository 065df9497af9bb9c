import { spawn, type ChildProcess } from 'node:child_process';
import { appBundle, type AppName } from '../../platform/app-bundle';

export type SupervisedProcess = {
  readonly name: string;
  /** The running process's id (node itself: no wrapper in between), or undefined between restarts. */
  pid(): number | undefined;
  /** How often it was restarted after it died. */
  restarts(): number;
  /** SIGTERM, wait up to graceMs for it to drain and exit, then SIGKILL; no restart after this. */
  stop(): Promise<void>;
};

export type SuperviseOptions = {
  cwd: string;
  env: NodeJS.ProcessEnv;
  say: (line: string) => void;
  stdio?: 'inherit' | 'pipe';
  onOutput?: (chunk: string) => void;
  /** First wait before a restart; doubled per quick death, up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A process that ran this long counts as healthy again: the backoff starts over. */
  stableAfterMs?: number;
  /** How long stop() lets the process drain before SIGKILL. */
  graceMs?: number;
};

/**
 * Runs an app (the api, the worker) from its app bundle, `node dist/<name>.js`, and restarts it with
 * backoff when it dies (issue 11, observation 8: a dead worker took the whole stack down). Before
 * every start the bundle is rebuilt if a source changed (platform/app-bundle.ts), so a restart runs
 * the code as it is now; one that does not build is retried with the same backoff. node runs the
 * program itself, so SIGTERM reaches the program's own handler: the tsx CLI wrapper relays signals
 * over IPC and sends SIGKILL when the child does not confirm within 30 ms, which under load cut off
 * requests and activities in the middle.
 */
export function supervise(name: AppName, opts: SuperviseOptions): SupervisedProcess {
  const min = opts.minBackoffMs ?? 1_000;
  const max = opts.maxBackoffMs ?? 30_000;
  const stableAfter = opts.stableAfterMs ?? 30_000;
  const grace = opts.graceMs ?? 45_000;
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;
  let backoff = min;
  let timer: NodeJS.Timeout | undefined;
  let exited: Promise<void> = Promise.resolve();

  const restartLater = (startedAt: number, what: string) => {
    backoff = Date.now() - startedAt >= stableAfter ? min : backoff;
    opts.say(`${what}; restarting in ${Math.round(backoff / 100) / 10} s`);
    timer = setTimeout(() => {
      timer = undefined;
      if (stopping) return;
      restarts++;
      start();
    }, backoff);
    backoff = Math.min(backoff * 2, max);
  };

  const run = (launcher: string, startedAt: number) => {
    const c = spawn(process.execPath, [launcher], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', opts.stdio ?? 'inherit', opts.stdio ?? 'inherit'] });
    child = c;
    if (opts.stdio === 'pipe') {
      c.stdout!.on('data', (b: Buffer) => opts.onOutput?.(b.toString()));
      c.stderr!.on('data', (b: Buffer) => opts.onOutput?.(b.toString()));
    }
    opts.say(`started (pid ${c.pid})`);
    exited = new Promise((resolve) => {
      c.on('exit', (code, signal) => {
        child = undefined;
        resolve();
        if (!stopping) restartLater(startedAt, `exited (${signal ?? code})`);
      });
    });
  };

  const start = () => {
    const startedAt = Date.now();
    appBundle({ rebuild: opts.env.NODE_ENV !== 'production', log: opts.say }).then(
      (apps) => {
        if (!stopping) run(apps.launcher(name), startedAt);
      },
      (err: unknown) => {
        if (!stopping) restartLater(startedAt, `not started: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
  };
  start();

  return {
    name,
    pid: () => child?.pid,
    restarts: () => restarts,
    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      const c = child;
      if (!c) return;
      const kill = setTimeout(() => {
        opts.say(`did not stop within ${grace / 1000} s: SIGKILL`);
        c.kill('SIGKILL');
      }, grace);
      c.kill('SIGTERM');
      await exited;
      clearTimeout(kill);
    },
  };
}
