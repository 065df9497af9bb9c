import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { CLI_TYPE_NAMES, SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { waitForPort } from './free-port';

const root = path.resolve(__dirname, '..', '..');

export type RunningTemporal = { address: string; uiUrl: string | null; process: ChildProcess; stop: () => Promise<void> };

/** The Temporal CLI binary: TEMPORAL_CLI, one on PATH, a cached build, or a build from source (minutes). */
export function resolveTemporalCli(): string {
  return execFileSync('bash', [path.join(root, 'scripts', 'temporal-cli.sh')], { stdio: ['ignore', 'pipe', 'inherit'] })
    .toString()
    .trim();
}

export function searchAttributeFlags(): string[] {
  return SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${CLI_TYPE_NAMES[k.type]}`]);
}

/** A real Temporal server (the CLI's dev server) on loopback, persistent when dbFile is given. */
export async function startTemporalDevServer(opts: {
  port: number;
  uiPort?: number;
  dbFile?: string;
  codecEndpoint?: string;
  log?: (line: string) => void;
  /** In its own process group: a terminal's Ctrl-C does not reach it, its owner stops it. */
  detached?: boolean;
}): Promise<RunningTemporal> {
  const cli = resolveTemporalCli();
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(opts.port),
    '--namespace', 'default',
    '--log-level', 'warn',
    ...searchAttributeFlags(),
    ...(opts.dbFile ? ['--db-filename', opts.dbFile] : []),
    ...(opts.uiPort ? ['--ui-port', String(opts.uiPort)] : ['--headless']),
    ...(opts.codecEndpoint ? ['--ui-codec-endpoint', opts.codecEndpoint] : []),
  ];
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: opts.detached ?? false });
  const log = opts.log ?? (() => undefined);
  child.stdout!.on('data', (b: Buffer) => b.toString().split('\n').filter(Boolean).forEach(log));
  child.stderr!.on('data', (b: Buffer) => b.toString().split('\n').filter(Boolean).forEach(log));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`temporal dev server exited (${code})`))));
  await Promise.race([waitForPort(opts.port, 60_000), exited]);
  if (opts.uiPort) await Promise.race([waitForPort(opts.uiPort, 30_000), exited]);
  exited.catch(() => undefined);
  return {
    address: `127.0.0.1:${opts.port}`,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : null,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
