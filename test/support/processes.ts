import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../scripts/dev/free-port';
import { root, stack } from './stack-env';

export type RunningApp = {
  baseUrl: string;
  taskQueue: string;
  api: ChildProcess;
  worker: ChildProcess;
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
  logs(): string;
};

function startProcess(entry: string, env: NodeJS.ProcessEnv, logs: string[]): ChildProcess {
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (b: Buffer) => {
    logs.push(b.toString());
    if (logs.length > 500) logs.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return child;
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
  });
}

async function waitUntilReady(baseUrl: string, child: ChildProcess, logs: string[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the api exited (${child.exitCode}):\n${logs.join('')}`);
    const ok = await fetch(`${baseUrl}/ready`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the api was not ready after ${timeoutMs} ms:\n${logs.join('')}`);
}

async function waitForWorker(logs: string[], child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the worker exited (${child.exitCode}):\n${logs.join('')}`);
    if (logs.join('').includes('worker started')) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the worker did not start in ${timeoutMs} ms:\n${logs.join('')}`);
}

/**
 * The production entry points (`npm run api`, `npm run worker`) as real processes on the test
 * stack, each test file on its own task queue so files do not share workers.
 */
export async function startApp(extraEnv: NodeJS.ProcessEnv = {}): Promise<RunningApp> {
  const s = stack();
  const port = await freePort();
  const taskQueue = extraEnv.TEMPORAL_TASK_QUEUE ?? `it-${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    PORT: String(port),
    DATABASE_URL: s.databaseUrl,
    TEMPORAL_ADDRESS: s.temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    ...extraEnv,
  };
  const logs: string[] = [];
  let worker = startProcess('worker/main.ts', env, logs);
  const api = startProcess('api/main.ts', env, logs);
  const baseUrl = `http://127.0.0.1:${port}`;
  await Promise.all([waitForWorker(logs, worker), waitUntilReady(baseUrl, api, logs)]);
  return {
    baseUrl,
    taskQueue,
    api,
    get worker() {
      return worker;
    },
    async restartWorker() {
      await stopProcess(worker);
      logs.length = 0;
      worker = startProcess('worker/main.ts', env, logs);
      await waitForWorker(logs, worker);
    },
    async stop() {
      await Promise.all([stopProcess(api), stopProcess(worker)]);
    },
    logs: () => logs.join(''),
  };
}

/** A small JSON client for the API with an actor. */
export function apiClient(baseUrl: string, actor = { id: 'lpa-anna', role: 'consultant' }) {
  const call = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}${url}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-actor-id': actor.id, 'x-actor-role': actor.role },
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
    post: (url: string, body?: unknown) => call('POST', url, body),
    put: (url: string, body?: unknown) => call('PUT', url, body),
  };
}
