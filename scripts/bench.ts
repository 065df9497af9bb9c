/**
 * `npm run bench -- [cases=300] [concurrency=8]`: a throughput and memory benchmark on the real
 * stack (embedded PostgreSQL, Temporal dev server, the api and worker processes, all on loopback).
 * It registers `cases` meldingen through the API, waits until every case has asked its school for
 * information (intake activity, school request, e-mail outbox, projection), and prints:
 * registration latency (p50/p95), end-to-end throughput, and the worker's and API's memory.
 * A benchmark, not a test: figures vary with the machine; compare runs on the same machine.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile } from '../domain/audit/stats';
import { ZHZ_GEMEENTEN } from '../domain/policy';
import { freePort, waitForPort } from './dev/free-port';
import { devToken, startDevIssuer } from './dev/issuer-process';
import { startMigratedPostgres } from './dev/postgres-template';
import { startTemporalDevServer } from './dev/temporal';

const root = path.resolve(__dirname, '..');
const [cases = 300, concurrency = 8] = process.argv.slice(2).map(Number);

function bsn(): string {
  for (;;) {
    const d = Array.from({ length: 9 }, () => randomInt(10));
    if (d[0] !== 0 && (d.slice(0, 8).reduce((a, n, i) => a + n * (9 - i), 0) - d[8]!) % 11 === 0) return d.join('');
  }
}

function melding(i: number) {
  const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  return {
    meldingId: `bench-${Date.now()}-${i}`,
    kind: 'zestien-uur',
    reportDate: day(0),
    startDate: day(28),
    endDate: day(1),
    hoursAbsent: 16 + (i % 20),
    gemeente: ZHZ_GEMEENTEN[i % ZHZ_GEMEENTEN.length]!.code,
    youth: { bsn: bsn(), firstName: 'Bench', lastName: `Jongere ${i}`, dateOfBirth: day(365 * (6 + (i % 11)) + 40) },
    school: { brin: '12AB', name: 'Benchcollege' },
    melder: { name: 'Bench', function: 'verzuimcoördinator', email: 'bench@school.example' },
  };
}

/** Resident memory of a process and its descendants (tsx runs the program in a child node). */
function rssMb(pid: number | undefined): number {
  if (!pid) return 0;
  const own = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  const children = fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number));
  return own + children.reduce((sum, c) => sum + rssMb(c), 0);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verzuimregie-bench-'));
  const children: ChildProcess[] = [];
  const stops: (() => Promise<void>)[] = [];
  try {
    const pg = await startMigratedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
    stops.push(pg.stop);
    const temporal = await startTemporalDevServer({ port: await freePort() });
    stops.push(temporal.stop);
    const issuer = await startDevIssuer(await freePort(), path.join(dir, 'issuer-key.json'));
    stops.push(issuer.stop);
    const port = await freePort();
    const env = {
      ...process.env,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      OIDC_ISSUER: issuer.issuer,
      OIDC_JWKS_URL: issuer.jwksUrl,
    };
    const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
    for (const entry of ['worker/main.ts', 'api/main.ts']) children.push(spawn(tsx, [entry], { cwd: root, env, stdio: 'ignore' }));
    await waitForPort(port, 120_000);
    await new Promise((r) => setTimeout(r, 5_000)); // the worker bundles its workflows
    const base = `http://127.0.0.1:${port}`;
    const auth = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });
    const school = await devToken(issuer.issuer, { sub: 'school-bench', role: 'school', schoolBrin: '12AB' });
    const consultant = await devToken(issuer.issuer, { sub: 'lpa-bench', role: 'consultant', gemeenten: ZHZ_GEMEENTEN.map((g) => g.code) });

    const latencies: number[] = [];
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < cases) {
          const i = next++;
          const t0 = performance.now();
          const res = await fetch(`${base}/api/meldingen`, { method: 'POST', headers: auth(school), body: JSON.stringify(melding(i)) });
          latencies.push(performance.now() - t0);
          if (res.status !== 201) throw new Error(`melding ${i}: ${res.status} ${await res.text()}`);
        }
      }),
    );
    const registered = Date.now();
    for (;;) {
      const res = await fetch(`${base}/api/cases?pageSize=1&phase=onderzoek`, { headers: auth(consultant) });
      const body = (await res.json()) as { total?: number };
      if ((body.total ?? 0) >= cases) break;
      if (Date.now() - registered > 600_000) throw new Error(`only ${body.total} of ${cases} cases reached the school request in 10 minutes`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const done = Date.now();
    const fmt = (n: number) => n.toFixed(1);
    process.stdout.write(
      [
        `cases                      ${cases} (concurrency ${concurrency})`,
        `POST /api/meldingen p50    ${fmt(percentile(latencies, 50)!)} ms`,
        `POST /api/meldingen p95    ${fmt(percentile(latencies, 95)!)} ms`,
        `registration throughput    ${fmt((cases * 1000) / (registered - started))} meldingen/s`,
        `end-to-end throughput      ${fmt((cases * 1000) / (done - started))} cases/s (melding to school request projected)`,
        `worker RSS (process tree)  ${fmt(rssMb(children[0]!.pid))} MiB`,
        `api RSS (process tree)     ${fmt(rssMb(children[1]!.pid))} MiB`,
      ].join('\n') + '\n',
    );
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 3_000));
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
