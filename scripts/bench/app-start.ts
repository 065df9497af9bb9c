/**
 * What an api and a worker process cost from spawn to ready (issue 15: `npm test` starts about 75
 * of them): CPU-seconds (utime + stime of the process, all its threads, from /proc when it is ready)
 * and wall time. On the test stack (test/support/stack.ts), each process alone, then both at once
 * as startApp() starts them. Run it on an otherwise idle machine:
 *   npx tsx scripts/bench/app-start.ts [--runs 5] [--tsx] [--root DIR]
 * --tsx starts them as before the app bundles (`node --import tsx <entry>.ts`); --root starts them
 * from another checkout (another commit, for a before and after). One unmeasured warm-up run first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../dev/free-port';
import { appBundle, APPS, PROJECT_APPS, type AppName } from '../../platform/app-bundle';
import { appEnv, stopProcess } from '../../test/support/processes';
import { startStack, stopStack } from '../../test/support/stack';
import { root as ownRoot } from '../../test/support/stack-env';

const arg = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const runs = Number(arg('--runs') ?? 5);
const viaTsx = process.argv.includes('--tsx');
const root = path.resolve(arg('--root') ?? ownRoot);
const TICKS = 100; // getconf CLK_TCK on Linux

type Sample = { cpu: number; wall: number };

function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5); `fields` starts at field 3.
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

async function env(): Promise<NodeJS.ProcessEnv & { PORT: string }> {
  const port = await freePort();
  return { ...appEnv(port, { TEMPORAL_TASK_QUEUE: `bench-${port}` }), PORT: String(port) };
}

function start(name: AppName, e: NodeJS.ProcessEnv): { child: ChildProcess; started: number; output: () => string } {
  const args = viaTsx ? ['--import', 'tsx', APPS[name]] : [path.join(root, 'dist', `${name}.js`)];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env: e, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  return { child, started, output: () => out };
}

/** Until the api answers /ready or the worker says it started; the sample is taken right then. */
async function untilReady(name: AppName, p: ReturnType<typeof start>, port: string): Promise<Sample> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (p.child.exitCode !== null) throw new Error(`${name} exited (${p.child.exitCode}):\n${p.output()}`);
    const ready = name === 'worker' ? p.output().includes('worker started') : await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false);
    if (ready) return { wall: (performance.now() - p.started) / 1000, cpu: cpuSeconds(p.child.pid!) };
    if (Date.now() > deadline) throw new Error(`${name} not ready in 120 s:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function alone(name: AppName): Promise<Sample> {
  const e = await env();
  const p = start(name, e);
  try {
    return await untilReady(name, p, e.PORT);
  } finally {
    await stopProcess(p.child);
  }
}

async function pair(): Promise<{ api: Sample; worker: Sample; both: number }> {
  const e = await env();
  const started = performance.now();
  const worker = start('worker', e);
  const api = start('api', e);
  try {
    const [w, a] = await Promise.all([untilReady('worker', worker, e.PORT), untilReady('api', api, e.PORT)]);
    return { api: a, worker: w, both: (performance.now() - started) / 1000 };
  } finally {
    await Promise.all([stopProcess(api.child), stopProcess(worker.child)]);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const row = (what: string, xs: Sample[]) =>
  `${what.padEnd(16)} cpu ${median(xs.map((x) => x.cpu)).toFixed(2)} s (${xs.map((x) => x.cpu.toFixed(2)).join(' ')})  wall ${median(xs.map((x) => x.wall)).toFixed(2)} s (${xs.map((x) => x.wall.toFixed(2)).join(' ')})`;

async function main() {
  await startStack();
  try {
    if (!viaTsx && root === ownRoot) await appBundle({ rebuild: true, at: PROJECT_APPS });
    const samples = { api: [] as Sample[], worker: [] as Sample[], pairApi: [] as Sample[], pairWorker: [] as Sample[], both: [] as number[] };
    for (let i = 0; i <= runs; i++) {
      const a = await alone('api');
      const w = await alone('worker');
      const p = await pair();
      if (i === 0) continue; // warm-up: page cache, the workflow bundle's first check
      samples.api.push(a);
      samples.worker.push(w);
      samples.pairApi.push(p.api);
      samples.pairWorker.push(p.worker);
      samples.both.push(p.both);
    }
    process.stdout.write(`${viaTsx ? 'node --import tsx <entry>.ts' : 'node dist/<app>.js'} from ${root}, ${runs} runs, medians (each run):\n`);
    process.stdout.write(`${row('api alone', samples.api)}\n${row('worker alone', samples.worker)}\n`);
    process.stdout.write(`${row('api in a pair', samples.pairApi)}\n${row('worker in a pair', samples.pairWorker)}\n`);
    process.stdout.write(`both ready (pair) wall ${median(samples.both).toFixed(2)} s (${samples.both.map((x) => x.toFixed(2)).join(' ')})\n`);
  } finally {
    await stopStack();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
