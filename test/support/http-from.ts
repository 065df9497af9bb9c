import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { appBundle } from '../../platform/app-bundle';
import { freePort } from '../../scripts/dev/free-port';
import { TEST_NODE_FLAGS } from './node-flags';
import { payloadKeyEnv, root, stack } from './stack-env';

export type HttpAnswer = { status: number; headers: http.IncomingHttpHeaders; body: any };

/**
 * One HTTP request from a chosen loopback source address (127.x.y.z): the rate limits count per
 * client address, so each test gets an address of its own (as clients behind different NATs).
 */
export function requestFrom(localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let body: any = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A loopback address no other test uses. */
export const freshLoopback = () => `127.${randomInt(1, 250)}.${randomInt(1, 250)}.${randomInt(2, 250)}`;

export type ApiInstance = { baseUrl: string; stop(): Promise<void>; logs(): string };

/**
 * Another API process on the test stack (no worker): several instances behind one load balancer
 * share PostgreSQL, and with it their rate limits.
 */
export async function startApiInstance(extraEnv: NodeJS.ProcessEnv = {}): Promise<ApiInstance> {
  const s = stack();
  const port = await freePort();
  const logs: string[] = [];
  // The api's app bundle, as startApp() runs it (node itself, no tsx wrapper process in between).
  const apps = await appBundle({ rebuild: true });
  const child: ChildProcess = spawn(process.execPath, [...TEST_NODE_FLAGS, apps.launcher('api')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: String(port),
      DATABASE_URL: s.databaseUrl,
      TEMPORAL_ADDRESS: s.temporalAddress,
      OIDC_ISSUER: s.issuer,
      OIDC_JWKS_URL: s.jwksUrl,
      OIDC_AUDIENCE: 'verzuimregie-api',
      ...payloadKeyEnv(s),
      ...extraEnv,
    },
  });
  child.stdout!.on('data', (b: Buffer) => logs.push(b.toString()));
  child.stderr!.on('data', (b: Buffer) => logs.push(b.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the second api exited (${child.exitCode}):\n${logs.join('')}`);
    if (await fetch(`${baseUrl}/ready`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error(`the second api was not ready in 90 s:\n${logs.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    logs: () => logs.join(''),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}

export type TcpProxy = { port: number; blackhole(on: boolean): void; stop(): Promise<void> };

/**
 * A TCP proxy to a dependency (PostgreSQL, Temporal) that a test can turn into a black hole: bytes
 * stop flowing both ways and new connections hang, as with a network outage (no refusal to
 * fail fast on). Turned back on, new connections work again.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const net = await import('node:net');
  let dark = false;
  const sockets = new Set<import('node:net').Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (dark) return; // accepted, never answered
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('data', (b) => (dark ? undefined : upstream.write(b)));
    upstream.on('data', (b) => (dark ? undefined : client.write(b)));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    blackhole(on: boolean) {
      dark = on;
      // Back on: the connections that went dark are dropped, so clients reconnect.
      if (!on) for (const s of sockets) s.destroy();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
