import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { drainOnSignal } from '../../api/drain';

const quiet = { info: () => undefined, warn: () => undefined };

/** A client in another process (it connects while this one's event loop is blocked): prints the status line or the error. */
function clientProcess(port: number, flag: string) {
  const script = `
    const net = require('node:net'); const fs = require('node:fs');
    const s = net.connect(${port}, '127.0.0.1', () => {
      s.write('GET / HTTP/1.1\\r\\nHost: test\\r\\nConnection: close\\r\\n\\r\\n', () => fs.writeFileSync(${JSON.stringify(flag)}, 'sent'));
    });
    let data = '';
    s.on('data', (d) => (data += d));
    s.on('end', () => console.log(data.split('\\r\\n')[0] || 'closed without an answer'));
    s.on('error', (e) => console.log('error ' + e.code));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  return new Promise<string>((resolve) => child.on('exit', () => resolve(out.trim())));
}

function blockUntil(file: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (!fs.existsSync(file) && Date.now() < until) {
    /* the event loop is stalled, as under load */
  }
}

describe('the API drain (SIGTERM)', () => {
  test('a connection opened while the event loop was stalled past the listening time is answered, not reset', async () => {
    const server = http.createServer((_req, res) => setTimeout(() => res.end('ok'), 50));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const drained = new Promise<boolean>((resolve) => {
      const drain = drainOnSignal(server, { acceptForMs: 20, quietMs: 100, drainMs: 20_000, log: quiet, onDrained: resolve });
      drain.stop('SIGTERM');
    });
    // The client connects and sends its request while this loop is blocked beyond acceptForMs:
    // when it runs again, the timer is due before the connection is accepted.
    const flag = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'drain-')), 'sent');
    const answer = clientProcess(port, flag);
    blockUntil(flag, 15_000);
    await new Promise((r) => setTimeout(r, 0));
    expect(await answer).toBe('HTTP/1.1 200 OK');
    expect(await drained).toBe(true);
  }, 30_000);

  test('requests in flight get their answer with connection: close; then the listener closes and the drain ends clean', async () => {
    // Each answer waits until the signal was given, so all 20 are in flight when it comes.
    let signalled: () => void = () => undefined;
    const signal = new Promise<void>((r) => (signalled = r));
    const server = http.createServer((_req, res) => void signal.then(() => setTimeout(() => res.end('done'), 50)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    let ended: (clean: boolean) => void = () => undefined;
    const drained = new Promise<boolean>((resolve) => (ended = resolve));
    const drain = drainOnSignal(server, { acceptForMs: 50, quietMs: 50, drainMs: 20_000, log: quiet, onDrained: (clean) => ended(clean) });
    const answers = Array.from({ length: 20 }, () => fetch(`http://127.0.0.1:${port}/`).then(async (r) => `${r.status} ${r.headers.get('connection')} ${await r.text()}`));
    // All 20 reach the server first (on a busy machine that takes a while), then the signal.
    const until = Date.now() + 20_000;
    while (drain.inFlight() < 20) {
      if (Date.now() > until) throw new Error(`only ${drain.inFlight()} of 20 requests reached the server within 20 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
    drain.stop('SIGTERM');
    signalled();
    expect(new Set(await Promise.all(answers))).toEqual(new Set(['200 close done']));
    expect(await drained).toBe(true);
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  }, 30_000);

  test('requests still running at the end of the drain are cut off, and the drain says it was not clean', async () => {
    const server = http.createServer(() => undefined); // never answers
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    let ended: (clean: boolean) => void = () => undefined;
    const drained = new Promise<boolean>((resolve) => (ended = resolve));
    const drain = drainOnSignal(server, { acceptForMs: 10, quietMs: 10, drainMs: 500, log: quiet, onDrained: (clean) => ended(clean) });
    const hanging = fetch(`http://127.0.0.1:${port}/`).then(() => 'answered', () => 'cut off');
    const until = Date.now() + 20_000;
    while (drain.inFlight() < 1) {
      if (Date.now() > until) throw new Error('the request did not reach the server within 20 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    drain.stop('SIGTERM');
    expect(await drained).toBe(false);
    expect(await hanging).toBe('cut off');
  }, 30_000);
});
