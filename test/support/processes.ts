import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { ZHZ_GEMEENTEN } from '../../domain/policy';
import { freePort } from '../../scripts/dev/free-port';
import { devToken } from '../../scripts/dev/issuer-process';
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
    OIDC_ISSUER: s.issuer,
    OIDC_JWKS_URL: s.jwksUrl,
    OIDC_AUDIENCE: 'verzuimregie-api',
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
    put: (url: string, body?: unknown) => call('PUT', url, body),
  };
}

/** Polls GET /api/cases/:caseId until the state satisfies pred; fails with the app's recent logs. */
export async function caseStateUntil(api: ReturnType<typeof apiClient>, app: RunningApp, caseId: string, pred: (state: any) => boolean): Promise<any> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await api.get(`/api/cases/${caseId}`);
    if (res.status === 200 && res.body.state && pred(res.body.state)) return res.body.state;
    if (Date.now() > deadline) throw new Error(`case ${caseId} never got there: ${JSON.stringify(res.body?.state?.step)}\n${app.logs().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
