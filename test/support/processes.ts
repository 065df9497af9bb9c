import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ZHZ_GEMEENTEN } from '../../domain/policy';
import { appBundle, type AppName } from '../../platform/app-bundle';
import { freePort } from '../../scripts/dev/free-port';
import { devToken } from '../../scripts/dev/issuer-process';
import { TEST_NODE_FLAGS } from './node-flags';
import { payloadKeyEnv, root, stack } from './stack-env';

export type RunningApp = {
  baseUrl: string;
  taskQueue: string;
  restartWorker(): Promise<void>;
  /** Sends a signal to the api or the worker process itself (e.g. SIGKILL: a crash). */
  kill(which: 'api' | 'worker', signal: NodeJS.Signals): void;
  stop(): Promise<void>;
  logs(): string;
};

/** Where a process's output goes: kept in memory (a file's own app) or in a file (the shared app). */
type Output = { stdio: 'pipe' | number; keep(b: Buffer): void; text(): string; clear(): void };

function memoryOutput(): Output {
  const lines: string[] = [];
  return {
    stdio: 'pipe',
    keep(b) {
      lines.push(b.toString());
      if (lines.length > 500) lines.shift();
    },
    text: () => lines.join(''),
    clear: () => void (lines.length = 0),
  };
}

function fileOutput(file: string): Output {
  const fd = fs.openSync(file, 'a');
  return { stdio: fd, keep: () => undefined, text: () => tail(file), clear: () => fs.truncateSync(file, 0) };
}

/** The last 200 kB of a log file. */
function tail(file: string): string {
  const size = fs.statSync(file).size;
  const from = Math.max(0, size - 200_000);
  const buf = Buffer.alloc(size - from);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, buf, 0, buf.length, from);
  } finally {
    fs.closeSync(fd);
  }
  return buf.toString();
}

async function startProcess(name: AppName, env: NodeJS.ProcessEnv, out: Output): Promise<ChildProcess> {
  // From its app bundle, as in production (the global setup built it; rebuilt here if a source
  // changed since). node runs the program itself, no wrapper process: a signal reaches the program.
  const apps = await appBundle({ rebuild: true });
  const child = spawn(process.execPath, [...TEST_NODE_FLAGS, apps.launcher(name)], { cwd: root, env, stdio: ['ignore', out.stdio, out.stdio] });
  child.stdout?.on('data', out.keep);
  child.stderr?.on('data', out.keep);
  return child;
}

/** SIGTERM, and SIGKILL if it has not exited 15 s later. */
export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, out: Output, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the api exited (${child.exitCode}):\n${out.text()}`);
    const ok = await fetch(`${baseUrl}/ready`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the api was not ready after ${timeoutMs} ms:\n${out.text()}`);
}

async function waitForWorker(out: Output, child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the worker exited (${child.exitCode}):\n${out.text()}`);
    if (out.text().includes('worker started')) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the worker did not start in ${timeoutMs} ms:\n${out.text()}`);
}

/**
 * The environment startApp() gives an api and worker on port `port`: the test stack, a task queue
 * of their own (unless given), generous deadlines, then the file's own settings.
 */
export function appEnv(port: number, extraEnv: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv & { TEMPORAL_TASK_QUEUE: string } {
  const s = stack();
  return {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    PORT: String(port),
    DATABASE_URL: s.databaseUrl,
    TEMPORAL_ADDRESS: s.temporalAddress,
    TEMPORAL_TASK_QUEUE: extraEnv.TEMPORAL_TASK_QUEUE ?? `it-${port}`,
    OIDC_ISSUER: s.issuer,
    OIDC_JWKS_URL: s.jwksUrl,
    OIDC_AUDIENCE: 'verzuimregie-api',
    BRP_URL: s.brpUrl,
    ...payloadKeyEnv(s),
    // Generous deadlines: four files on two cores make slow moments (a CI run took twice the usual
    // time), and a 4 s deadline then answers 503 where the test expects an answer. The production
    // deadlines and their 503s are tested on API instances of their own (trust.test.ts).
    TEMPORAL_CALL_TIMEOUT_MS: '20000',
    TEMPORAL_UPDATE_TIMEOUT_MS: '30000',
    DATABASE_QUERY_TIMEOUT_MS: '20000',
    ...extraEnv,
  };
}

/**
 * The production entry points (`npm run api`, `npm run worker`: their app bundles) as real
 * processes on the test stack, on a task queue of their own, for a file that needs its own
 * configuration or kills, restarts or reconfigures them. Files that only talk HTTP take sharedApp() instead.
 */
export async function startApp(extraEnv: NodeJS.ProcessEnv = {}, opts: { logFile?: string; apiEnv?: NodeJS.ProcessEnv } = {}): Promise<RunningApp> {
  // A port chosen beforehand (PORT) lets PUBLIC_BASE_URL name the api itself.
  const port = extraEnv.PORT ? Number(extraEnv.PORT) : await freePort();
  const env = appEnv(port, extraEnv);
  const taskQueue = env.TEMPORAL_TASK_QUEUE;
  const out = opts.logFile ? fileOutput(opts.logFile) : memoryOutput();
  let worker = await startProcess('worker', env, out);
  const api = await startProcess('api', { ...env, ...opts.apiEnv }, out);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await Promise.all([waitForWorker(out, worker), waitUntilReady(baseUrl, api, out)]);
  } catch (err) {
    await Promise.all([stopProcess(api), stopProcess(worker)]);
    throw err;
  }
  return {
    baseUrl,
    taskQueue,
    async restartWorker() {
      await stopProcess(worker);
      out.clear();
      worker = await startProcess('worker', env, out);
      await waitForWorker(out, worker);
    },
    kill(which, signal) {
      (which === 'api' ? api : worker).kill(signal);
    },
    async stop() {
      await Promise.all([stopProcess(api), stopProcess(worker)]);
    },
    logs: () => out.text(),
  };
}

/**
 * An api of the file's own with the shared worker behind it (its task queue), for a file whose own
 * configuration is the api's alone (rate limits): a worker of its own would cost a process start
 * and its polling for nothing. Its cases run on the shared worker, so the shared log holds their
 * worker lines; restartWorker() and kill('worker') are refused.
 */
export async function startApi(extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  const shared = sharedApp();
  const port = await freePort();
  const env = appEnv(port, { ...extraEnv, TEMPORAL_TASK_QUEUE: shared.taskQueue });
  const out = memoryOutput();
  const api = await startProcess('api', env, out);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(baseUrl, api, out);
  } catch (err) {
    await stopProcess(api);
    throw err;
  }
  return {
    baseUrl,
    taskQueue: shared.taskQueue,
    restartWorker: () => Promise.reject(new Error('startApi() has no worker of its own: take startApp()')),
    kill(which, signal) {
      if (which === 'worker') throw new Error('startApi() has no worker of its own: take startApp()');
      api.kill(signal);
    },
    stop: () => stopProcess(api),
    logs: () => out.text(),
  };
}

/**
 * The api and worker that the integration files share (started once per jest run by the global
 * setup, with the default test configuration plus a real SMTP server, whose mail sharedMailbox()
 * reads, and PUBLIC_BASE_URL = baseUrl): starting them costs seconds per file. Files share the
 * database and Temporal anyway and keep their data apart by their own ids (their mail too: by
 * recipient address). stop() leaves the processes running for the next file; the global teardown
 * stops them.
 */
export function sharedApp(): RunningApp {
  const shared = stack().sharedApp;
  if (!shared) throw new Error('the shared app is not running: the global setup starts it for the integration project');
  return {
    baseUrl: shared.baseUrl,
    taskQueue: shared.taskQueue,
    restartWorker: () => Promise.reject(new Error('the shared app cannot restart its worker: take startApp() for processes of the file\'s own')),
    kill: () => {
      throw new Error('the shared app cannot be killed: take startApp() for processes of the file\'s own');
    },
    stop: () => Promise.resolve(),
    logs: () => tail(shared.logFile),
  };
}

/** Mints a token for a test actor at the stack's development issuer (all ZHZ gemeenten unless given). */
export async function tokenFor(actor: TestActor): Promise<string> {
  return devToken(stack().issuer, {
    sub: actor.id,
    role: actor.role,
    gemeenten: actor.gemeenten ?? ZHZ_GEMEENTEN.map((g) => g.code),
    schoolBrin: actor.schoolBrin ?? (actor.role === 'school' ? '12AB' : undefined),
  });
}

export type TestActor = { id: string; role: string; gemeenten?: string[]; schoolBrin?: string };

/** A small JSON client for the API, authenticated as the actor with a bearer token. */
export function apiClient(baseUrl: string, actor: TestActor = { id: 'lpa-anna', role: 'consultant' }) {
  let token: Promise<string> | null = null;
  const call = async (method: string, url: string, body?: unknown, extraHeaders: Record<string, string> = {}) => {
    token ??= tokenFor(actor);
    const res = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await token}`,
        ...extraHeaders,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body?: unknown, headers?: Record<string, string>) => call('POST', url, body, headers),
    put: (url: string, body?: unknown, headers?: Record<string, string>) => call('PUT', url, body, headers),
  };
}

/** Polls GET /api/cases/:caseId until the state satisfies pred; fails with the app's recent logs. */
export async function caseStateUntil(api: ReturnType<typeof apiClient>, app: Pick<RunningApp, 'logs'>, caseId: string, pred: (state: any) => boolean): Promise<any> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await api.get(`/api/cases/${caseId}`);
    if (res.status === 200 && res.body.state && pred(res.body.state)) return res.body.state;
    if (Date.now() > deadline) throw new Error(`case ${caseId} never got there: ${JSON.stringify(res.body?.state?.step)}\n${app.logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
