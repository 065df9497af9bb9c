/**
 * What a process pays to open Prisma and run its first queries (issue 15: `npm test` opens Prisma
 * in about 170 processes and test files), with Prisma's WebAssembly query compiler on Liftoff only
 * (`liftoffOnlyWasm()` in prisma/client.ts, the project's default) against V8's own tiering
 * (`--no-liftoff-only`: Liftoff, then TurboFan for the hot functions, on background threads).
 * CPU-seconds of the whole child process (all its threads) after N simple and N joined queries on
 * a PostgreSQL of its own from the migrated template, runs alternating. On an idle machine:
 *   npx tsx scripts/bench/prisma-open.ts [--runs 5] [--queries 50]
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPrisma } from '../../prisma/client';
import { freePort } from '../dev/free-port';
import { startMigratedPostgres } from '../dev/postgres-template';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};

/** The child: open Prisma, run the queries, print its own CPU-seconds. */
async function child(url: string, queries: number): Promise<void> {
  const from = process.cpuUsage();
  const db = createPrisma(url);
  for (let i = 0; i < queries; i++) {
    await db.youth.findMany({ where: { identifierValue: `bench-${i}` }, take: 1 });
    await db.case.findMany({
      where: { OR: [{ gemeente: `GM${i}` }, { schoolBrin: { in: ['00AA', '00AB'] }, phase: 'open' }] },
      include: { youth: { include: { meldingen: { orderBy: { receivedAt: 'desc' }, take: 3 } } } },
      orderBy: [{ openedAt: 'desc' }, { id: 'asc' }],
      take: 20,
    });
  }
  const used = process.cpuUsage(from);
  process.stdout.write(`${(used.user + used.system) / 1e6}\n`);
  await db.$disconnect();
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child') return child(process.argv[3]!, Number(process.argv[4]));
  const runs = arg('--runs', 5);
  const queries = arg('--queries', 50);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-open-'));
  fs.chmodSync(dataDir, 0o755); // PostgreSQL runs as another user when we are root
  const pg = await startMigratedPostgres({ dataDir: path.join(dataDir, 'pg'), port: await freePort() });
  try {
    const modes = { 'Liftoff only (default)': [] as string[], 'V8 tiering (--no-liftoff-only)': ['--no-liftoff-only'] };
    const cpu: Record<string, number[]> = Object.fromEntries(Object.keys(modes).map((m) => [m, []]));
    for (let i = 0; i <= runs; i++) {
      for (const [mode, flags] of Object.entries(modes)) {
        const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', __filename, '--child', pg.url, String(queries)], { encoding: 'utf8' });
        if (i > 0) cpu[mode]!.push(Number(out.trim())); // the first round warms the page cache
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    process.stdout.write(`open Prisma and run ${queries} simple and ${queries} joined queries, CPU-s of the process, ${runs} runs:\n`);
    const [ours, baseline] = Object.keys(modes).map((m) => median(cpu[m]!));
    for (const [mode, xs] of Object.entries(cpu)) process.stdout.write(`${mode.padEnd(32)} median ${median(xs).toFixed(2)} (${xs.map((x) => x.toFixed(2)).join(' ')})\n`);
    process.stdout.write(`ratio ${(ours! / baseline!).toFixed(2)} of the baseline\n`);
  } finally {
    await pg.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
