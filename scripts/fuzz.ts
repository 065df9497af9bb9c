/**
 * `npm run fuzz -- [requests=10000] [concurrency=4] [seed]`: requests generated from the OpenAPI
 * document (scripts/fuzz/requests.ts, fast-check) against the real stack on loopback (embedded
 * PostgreSQL, Temporal dev server, the development issuer, the api and worker processes), with
 * tokens of every role, none and a forged one. Prints `requests N, 5xx M` and the answers by
 * status; exits 1 on any 5xx (each is printed with its request) or when a token used shows up in
 * the API's log. Its short form runs in the integration tests (test/integration/fuzz.test.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ZHZ_GEMEENTEN } from '../domain/policy';
import { appBundle } from '../platform/app-bundle';
import { freePort } from './dev/free-port';
import { devToken, startDevIssuer } from './dev/issuer-process';
import { migrate } from './dev/migrate';
import { startEmbeddedPostgres } from './dev/postgres';
import { startTemporalDevServer } from './dev/temporal';
import { fuzz, type KnownIds } from './fuzz/requests';
import { fuzzTokens, seedForFuzz } from './fuzz/seed';

const root = path.resolve(__dirname, '..');
const argv = process.argv.slice(2);
const [count = 10_000, concurrency = 4, seed = Date.now()] = argv.map(Number);
// Three whole numbers at most (the seed may be 0): anything else is a mistake, said before a stack starts.
if (argv.length > 3 || [count, concurrency, seed].some((n) => !Number.isSafeInteger(n) || n < 0) || count < 1 || concurrency < 1) {
  process.stderr.write('usage: npm run fuzz -- [requests=10000] [concurrency=4] [seed] (whole numbers; requests and concurrency at least 1)\n');
  process.exit(2);
}

async function waitReady(base: string, children: ChildProcess[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (children.some((c) => c.exitCode !== null)) throw new Error('the api or the worker exited at start');
    if (await fetch(`${base}/ready`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the api was not ready after ${timeoutMs / 1000} s`);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verzuimregie-fuzz-'));
  const children: ChildProcess[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    process.stderr.write('fuzz: starting PostgreSQL, Temporal, the issuer, the api and the worker\n');
    const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), ephemeral: true });
    stops.push(pg.stop);
    await migrate(pg.url);
    const temporal = await startTemporalDevServer({ port: await freePort() });
    stops.push(temporal.stop);
    const issuer = await startDevIssuer(0, path.join(dir, 'issuer-key.json'));
    stops.push(issuer.stop);
    const port = await freePort();
    const env = {
      ...process.env,
      LOG_LEVEL: 'info',
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      OIDC_ISSUER: issuer.issuer,
      OIDC_JWKS_URL: issuer.jwksUrl,
    };
    // The app bundles, as the tests and production run them: node itself, no tsx wrapper process.
    const apps = await appBundle({ rebuild: true });
    const apiLog = path.join(dir, 'api.log');
    const logFd = fs.openSync(apiLog, 'a');
    children.push(spawn(process.execPath, [apps.launcher('worker')], { cwd: root, env: { ...env, LOG_LEVEL: 'warn' }, stdio: 'ignore' }));
    children.push(spawn(process.execPath, [apps.launcher('api')], { cwd: root, env, stdio: ['ignore', logFd, logFd] }));
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base, children, 180_000);

    const mint = (claims: { sub: string; role: string; gemeenten?: string[]; schoolBrin?: string }) => devToken(issuer.issuer, claims);
    const tokens = await fuzzTokens(mint, ZHZ_GEMEENTEN.map((g) => g.code));
    const ids: KnownIds = await seedForFuzz(base, tokens);
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as object;
    process.stderr.write(`fuzz: ${count} requests, concurrency ${concurrency}, seed ${seed}\n`);
    const result = await fuzz({ baseUrl: base, doc, tokens, ids, count, concurrency, seed });

    const statuses = Object.entries(result.byStatus)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([s, n]) => `${s}: ${n}`)
      .join(', ');
    for (const e of result.serverErrors.slice(0, 20)) process.stdout.write(`5xx ${e.status} ${e.request.method} ${e.request.path} role=${e.request.role} body=${(e.request.body ?? '').slice(0, 300)}\n  -> ${e.body}\n`);
    const log = fs.readFileSync(apiLog, 'utf8');
    const leaked = Object.entries(tokens).filter(([, t]) => t && log.includes(t.split('.')[2]!));
    if (leaked.length) process.stdout.write(`tokens in the api log: ${leaked.map(([r]) => r).join(', ')}\n`);
    process.stdout.write(`requests ${result.requests}, 5xx ${result.serverErrors.length}\nby status: ${statuses}\n`);
    process.exitCode = result.serverErrors.length > 0 || leaked.length > 0 ? 1 : 0;
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 3_000));
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`fuzz failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
