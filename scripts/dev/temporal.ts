import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { CLI_TYPE_NAMES, SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { waitForPort } from './free-port';

const root = path.resolve(__dirname, '..', '..');

export type RunningTemporal = { address: string; uiUrl: string | null; stop: () => Promise<void>; /** Synchronous, for exit handlers. */ kill: () => void };

/** The Temporal CLI binary: TEMPORAL_CLI, one on PATH, a cached build, or a build from source (minutes). */
export function resolveTemporalCli(): string {
  return execFileSync('bash', [path.join(root, 'scripts', 'temporal-cli.sh')], { stdio: ['ignore', 'pipe', 'inherit'] })
    .toString()
    .trim();
}

export function searchAttributeFlags(): string[] {
  return SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${CLI_TYPE_NAMES[k.type]}`]);
}

type DevServerOptions = {
  port: number;
  /** The CLI binary to run; by default the one resolveTemporalCli finds. */
  cli?: string;
  uiPort?: number;
  dbFile?: string;
  codecEndpoint?: string;
  log?: (line: string) => void;
  /** In its own process group: a terminal's Ctrl-C does not reach it, its owner stops it. */
  detached?: boolean;
  /** Dynamic configuration values (`--dynamic-config-value key=value`, the value as JSON). */
  dynamicConfig?: Record<string, string | number | boolean>;
};

/** A real Temporal server (the CLI's dev server) on loopback, persistent when dbFile is given. */
export async function startTemporalDevServer(opts: DevServerOptions): Promise<RunningTemporal> {
  let cli: string;
  try {
    cli = opts.cli ?? resolveTemporalCli();
  } catch {
    (opts.log ?? ((l: string) => process.stderr.write(`${l}\n`)))('no Temporal CLI could be found or built here: falling back to the SDK\'s own download (needs internet)');
    return startWithSdkDownload(opts);
  }
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
    ...Object.entries(opts.dynamicConfig ?? {}).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]),
  ];
  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: opts.detached ?? false });
  // Its output goes into the error when the server exits: with --log-level warn that is the reason
  // (a Go panic exits 2 and names its cause first), and a caller without a log would lose it.
  const output: string[] = [];
  const onLine = (line: string) => {
    if (output.length < 1000) output.push(line);
    opts.log?.(line);
  };
  child.stdout!.on('data', (b: Buffer) => b.toString().split('\n').filter(Boolean).forEach(onLine));
  child.stderr!.on('data', (b: Buffer) => b.toString().split('\n').filter(Boolean).forEach(onLine));
  const exited = new Promise<never>((_, reject) =>
    child.once('close', (code, signal) => reject(new Error(`temporal dev server exited (${code ?? signal})${describeOutput(output)}`))),
  );
  await Promise.race([waitForPort(opts.port, 60_000), exited]);
  if (opts.uiPort) await Promise.race([waitForPort(opts.uiPort, 30_000), exited]);
  exited.catch(() => undefined);
  return {
    address: `127.0.0.1:${opts.port}`,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : null,
    kill: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** The first and last lines of what the server printed, for an error message. */
function describeOutput(lines: string[]): string {
  if (lines.length === 0) return ' without output';
  const shown = lines.length <= 20 ? lines : [...lines.slice(0, 10), '…', ...lines.slice(-10)];
  return `; its output:\n${shown.join('\n')}`;
}

/**
 * Last resort, what a user with internet access gets: the SDK downloads the CLI into its cache and
 * runs the same dev server (the SDK owns the process, so it is not detached).
 */
async function startWithSdkDownload(opts: DevServerOptions): Promise<RunningTemporal> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download' },
      ip: '127.0.0.1',
      port: opts.port,
      dbFilename: opts.dbFile,
      ui: opts.uiPort !== undefined,
      uiPort: opts.uiPort,
      searchAttributes: [...SEARCH_ATTRIBUTES],
      extraArgs: opts.codecEndpoint ? ['--ui-codec-endpoint', opts.codecEndpoint] : [],
    },
  });
  return {
    address: `127.0.0.1:${opts.port}`,
    uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : null,
    kill: () => undefined,
    stop: () => env.teardown(),
  };
}
