/**
 * `npm run bench`: the product against the engine, in one run on one stack (embedded PostgreSQL, a
 * Temporal dev server, the real api and worker processes, SMTP on loopback). Every figure is
 * printed next to its baseline measured in the same run on the same server:
 *
 *   intake        POST /api/meldingen rate       vs raw workflow starts of a trivial workflow
 *   action        a team lead's reassign through the API, p50/p95/p99 at 1, 10 and 50 users
 *                                                vs raw executeUpdate on a trivial workflow
 *   school e-mail melding to the school's e-mail at the SMTP server (no baseline: end to end)
 *   CPU           per call by process (worker, api, PostgreSQL, Temporal, this process), each
 *                 next to the engine baseline's
 *   profile       where an action's milliseconds go (API, case workflow, engine round trip)
 *   scale         with --open N: N open cases waiting on their timers; worker RSS, database size,
 *                 queue listing time, history events and bytes per case
 *
 *   npm run bench                        the default figures (about 3 minutes)
 *   npm run bench -- --intake 300 --actions 40 --open 2000
 *
 * A benchmark, not a test: figures vary with the machine and its load; compare within one run.
 */
import { stepRetryInterceptor } from '../platform/step-retry';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import pg from 'pg';
import { percentile } from '../domain/audit/stats';
import { ZHZ_GEMEENTEN } from '../domain/policy';
import { appBundle } from '../platform/app-bundle';
import { dataConverter } from '../platform/payload-codec';
import { ConfigSchema, parseConfig } from '../platform/config';
import { startTestSmtp } from '../test/support/smtp-server';
import { freePort } from './dev/free-port';
import { devToken, startDevIssuer } from './dev/issuer-process';
import { startMigratedPostgres } from './dev/postgres-template';
import { startTemporalDevServer } from './dev/temporal';
import { caseUpdates } from '../workflows/messages';
import { bump, finish, waveWorkflow } from './bench/trivial.workflow';
import { cpuPerCall, cpuSample, type CpuSample } from './bench/cpu';
import { failureKinds } from './bench/failures';
import { rssMb } from './bench/rss';
import { uniqueBsns } from './dev/bsn';
import { ACTION_GOAL, goalVerdicts, INTAKE_GOAL, type GoalFigures } from './bench/goals';
import { takeStopSignals } from './dev/stop-signals';

const root = path.resolve(__dirname, '..');

type Options = { intake: number; concurrency: number; actions: number; users: number[]; mails: number; open: number; openConcurrency: number; wave: number; cache: number; cpuProf?: string };

function parseArgs(argv: string[]): Options {
  const o: Options = { intake: 200, concurrency: 10, actions: 30, users: [1, 10, 50], mails: 8, open: 0, openConcurrency: 20, wave: 1000, cache: ConfigSchema.shape.WORKER_MAX_CACHED_WORKFLOWS.parse(undefined) };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i]!, argv[i + 1]];
    const n = Number(value);
    if (flag === '--users') o.users = String(value).split(',').map(Number);
    else if (flag === '--intake') o.intake = n;
    else if (flag === '--concurrency') o.concurrency = n;
    else if (flag === '--actions') o.actions = n;
    else if (flag === '--mails') o.mails = n;
    else if (flag === '--open') o.open = n;
    else if (flag === '--open-concurrency') o.openConcurrency = n;
    else if (flag === '--wave') o.wave = n;
    else if (flag === '--cache') o.cache = n;
    else if (flag === '--cpu-prof') o.cpuProf = path.resolve(String(value));
    else throw new Error(`unknown argument ${flag}`);
    i++;
  }
  return o;
}


/**
 * Meldingen come from many schools, as in a region, and callers act as people of their own: the
 * API limits each principal's requests (RATE_LIMIT_PER_PRINCIPAL_PER_MINUTE, 3000), which one
 * school sending the whole load reached (a 50,000-case run had 26,668 meldingen refused with 429).
 */
const SCHOOLS = 40;
const TEAM_LEADS = 50;
const schoolBrin = (s: number) => `${10 + (s % SCHOOLS)}AB`;

let meldingSeq = 0;
const bsn = uniqueBsns();
function melding(email = 'bench@school.example', school = 0) {
  const i = meldingSeq++;
  const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
  return {
    meldingId: `bench-${process.pid}-${i}`,
    kind: 'zestien-uur',
    reportDate: day(0),
    startDate: day(28),
    endDate: day(1),
    hoursAbsent: 16 + (i % 20),
    gemeente: ZHZ_GEMEENTEN[i % ZHZ_GEMEENTEN.length]!.code,
    youth: { bsn: bsn(), firstName: 'Bench', lastName: `Jongere ${i}`, dateOfBirth: day(365 * (6 + (i % 9)) + 40) },
    school: { brin: schoolBrin(school), name: `Benchcollege ${school % SCHOOLS}` },
    melder: { name: 'Bench', function: 'verzuimcoördinator', email },
  };
}

/** Every failed call of the run, counted per figure and printed at the end (a benchmark goes on). */
const failures: string[] = [];

/** Runs `total` calls with `concurrency` callers; the latency of each successful call and the wall time. */
async function load(total: number, concurrency: number, call: (i: number, caller: number) => Promise<void>, what = ''): Promise<{ ms: number[]; wallMs: number; failed: number }> {
  const ms: number[] = [];
  let next = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, caller) => {
      while (next < total) {
        const i = next++;
        const s = performance.now();
        try {
          await call(i, caller);
          ms.push(performance.now() - s);
        } catch (err) {
          if (!what) throw err;
          failed++;
          failures.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }),
  );
  return { ms, wallMs: performance.now() - t0, failed };
}

type History = temporal.api.history.v1.IHistory;
const EventType = temporal.api.enums.v1.EventType;
const tsMs = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) => (t ? Number(String(t.seconds ?? 0)) * 1000 + (t.nanos ?? 0) / 1e6 : NaN);
const historyBytes = (h: History) => temporal.api.history.v1.History.encode(h).finish().length;

/** A local activity's marker: its type (the SDK core's bookkeeping is plain JSON; its times mix the worker's and the server's clocks). */
function localActivityOf(e: temporal.api.history.v1.IHistoryEvent): { type: string } | null {
  const a = e.markerRecordedEventAttributes;
  const data = a?.markerName === 'core_local_activity' ? a.details?.data?.payloads?.[0]?.data : undefined;
  if (!data) return null;
  return { type: (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type };
}

/**
 * The workflow task that took each update, from the history's own clock: how long the task waited
 * for the worker (scheduled to started), how long the worker held it (started to completed, local
 * activities included: the update's answer becomes durable only with the task's completion), the
 * local activities it ran and the events the update added.
 */
function updateTasks(h: History) {
  const events = h.events ?? [];
  const tasks: { queuedMs: number; runMs: number; las: { type: string }[]; events: number }[] = [];
  for (let i = 0; i < events.length; i++) {
    if (events[i]!.eventType !== EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) continue;
    let c = i - 1;
    while (c >= 0 && events[c]!.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) c--;
    const completed = events[c];
    const started = events.slice(0, c).reverse().find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
    const scheduled = events.slice(0, c).reverse().find((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
    if (!completed || !started || !scheduled) continue;
    let next = events.findIndex((e, j) => j > i && e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
    if (next < 0) next = events.length;
    const own = events.slice(c + 1, next);
    const las = own.filter((e) => String(e.markerRecordedEventAttributes?.workflowTaskCompletedEventId ?? '') === String(completed.eventId)).map(localActivityOf).filter((x) => x !== null);
    tasks.push({ queuedMs: tsMs(started.eventTime) - tsMs(scheduled.eventTime), runMs: tsMs(completed.eventTime) - tsMs(started.eventTime), las, events: next - c });
  }
  return tasks;
}

const p = (ms: number[], q: number) => percentile(ms, q) ?? NaN;
const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const out = (line = '') => process.stdout.write(`${line}\n`);
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const keptLog = path.join(root, '.data', 'bench', `app-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}.log`);

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verzuimregie-bench-'));
  const children: ChildProcess[] = [];
  const stops: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const c of children) c.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 3_000));
      // The api's and worker's output outlives the run, for the failures it explains.
      fs.mkdirSync(path.dirname(keptLog), { recursive: true });
      if (fs.existsSync(path.join(dir, 'app.log'))) fs.copyFileSync(path.join(dir, 'app.log'), keptLog);
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    })());
  // Stopped from outside: the whole stack goes down first (again once PostgreSQL runs: see takeStopSignals).
  takeStopSignals(stopAll, say);
  try {
    say('starting PostgreSQL, Temporal, the issuer and SMTP');
    const [pgServer, temporalServer, issuer, smtp] = await Promise.all([
      freePort().then((port) => startMigratedPostgres({ dataDir: path.join(dir, 'pg'), port })),
      freePort().then((port) => startTemporalDevServer({ port, dbFile: path.join(dir, 'temporal.db') })),
      startDevIssuer(0, path.join(dir, 'issuer-key.json')),
      startTestSmtp(),
    ]);
    stops.push(pgServer.stop, temporalServer.stop, issuer.stop, smtp.close);
    takeStopSignals(stopAll, say);
    const port = await freePort();
    const env = {
      ...process.env,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: pgServer.url,
      TEMPORAL_ADDRESS: temporalServer.address,
      OIDC_ISSUER: issuer.issuer,
      OIDC_JWKS_URL: issuer.jwksUrl,
      SMTP_HOST: smtp.host,
      SMTP_PORT: String(smtp.port),
      WORKER_MAX_CACHED_WORKFLOWS: String(o.cache),
    };
    const logFile = fs.openSync(path.join(dir, 'app.log'), 'a');
    // As in production (Dockerfile, supervisor): node runs the app bundle itself, so the RSS
    // measured is the program's alone, not also that of tsx's CLI wrapper process (about 50 MiB).
    const apps = await appBundle({ rebuild: true });
    // --cpu-prof DIR: V8's CPU profiles of the api and worker (every thread), written when they stop.
    const profile = o.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${o.cpuProf}`] : [];
    for (const name of ['worker', 'api'] as const) children.push(spawn(process.execPath, [...profile, apps.launcher(name)], { cwd: root, env, stdio: ['ignore', logFile, logFile] }));
    const base = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${base}/ready`).catch(() => null))?.ok === true, 120_000, 'the api to be ready');
    /** Waits until each case is opened and projected: the API finds it. */
    const projected = async (ids: string[]) => {
      for (const id of ids) await until(async () => (await fetch(`${base}/api/cases/${id}`, { headers: headers(consultant) })).ok, 300_000, `${id} to be opened and projected`);
    };
    const sampleCpu = () => cpuSample({ worker: children[0]!.pid!, api: children[1]!.pid! });
    /** One figure's CPU per call by process, the engine baseline's (measured just before it) beside it. */
    const cpuRow = (what: string, from: CpuSample, to: CpuSample, calls: number, engineFrom: CpuSample, engineTo: CpuSample) => {
      const product = cpuPerCall(from, to, calls);
      const engine = new Map(cpuPerCall(engineFrom, engineTo, calls).map((x) => [x.role, x.ms]));
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      const parts = product.map((x) => `${x.role} ${f1(x.ms)} [${f1(engine.get(x.role) ?? 0)}]`).join(', ');
      const cpuMs = sum(product.map((x) => x.ms));
      const rawCpuMs = sum([...engine.values()]);
      return { line: `  ${what.padEnd(36)} ${f1(cpuMs)} [${f1(rawCpuMs)}]: ${parts}`, cpuMs, rawCpuMs };
    };

    // The engine baseline: a worker for the trivial workflow in this process, on the same server.
    Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } } });
    const nativeConnection = await NativeConnection.connect({ address: temporalServer.address });
    const rawWorker = await Worker.create({
      connection: nativeConnection,
      taskQueue: 'bench-raw',
      workflowsPath: require.resolve('./bench/trivial.workflow'),
      maxCachedWorkflows: o.cache,
    });
    const rawRunning = rawWorker.run();
    const connection = await Connection.connect({ address: temporalServer.address });
    const raw = new Client({ connection });
    const app = new Client({ connection, dataConverter: dataConverter(parseConfig({ NODE_ENV: 'test', DATABASE_URL: pgServer.url })), interceptors: { workflow: [stepRetryInterceptor()] } });

    const gemeenten = ZHZ_GEMEENTEN.map((g) => g.code);
    const schools = await Promise.all(Array.from({ length: SCHOOLS }, (_, s) => devToken(issuer.issuer, { sub: `school-bench-${s}`, role: 'school', schoolBrin: schoolBrin(s) })));
    const school = schools[0]!;
    const consultant = await devToken(issuer.issuer, { sub: 'lpa-bench', role: 'consultant', gemeenten });
    const teamleads = await Promise.all(Array.from({ length: TEAM_LEADS }, (_, t) => devToken(issuer.issuer, { sub: `tl-bench-${t}`, role: 'teamlead', gemeenten })));
    const teamlead = teamleads[0]!;
    const headers = (t: string) => ({ authorization: `Bearer ${t}`, 'content-type': 'application/json' });
    const post = async (url: string, token: string, body: unknown, expect: number) => {
      const res = await fetch(`${base}${url}`, { method: 'POST', headers: headers(token), body: JSON.stringify(body) });
      const text = await res.text();
      if (res.status !== expect) throw new Error(`POST ${url}: ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text) as { caseId: string; state?: unknown };
    };
    let reported = 0;
    /** A melding from the next school in turn, with that school's token. */
    const report = (email?: string) => {
      const s = reported++ % SCHOOLS;
      return post('/api/meldingen', schools[s]!, melding(email, s), 201);
    };
    await until(async () => (await fetch(`${base}/api/cases?pageSize=1`, { headers: headers(consultant) })).ok, 120_000, 'the worker');

    // Warm-up: the first requests load code and fill caches on both sides.
    say('warming up');
    for (let i = 0; i < 5; i++) await report();
    const warm = await raw.workflow.start('trivialWorkflow', { taskQueue: 'bench-raw', workflowId: `raw-warm-${process.pid}` });
    for (let i = 0; i < 5; i++) await warm.executeUpdate(bump, { args: [1] });

    out(`Verzuimregie benchmark, ${new Date().toISOString()}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg().map(f1).join(' ')}`);
    out();

    // 1. Intake against raw starts.
    say(`intake: ${o.intake} raw starts, then ${o.intake} meldingen, ${o.concurrency} at a time`);
    const cpu0 = sampleCpu();
    const rawStarts = await load(o.intake, o.concurrency, async (i) => {
      await raw.workflow.start('trivialWorkflow', { taskQueue: 'bench-raw', workflowId: `raw-start-${process.pid}-${i}` });
    });
    const cpu1 = sampleCpu();
    let intakeCase = '';
    const intakeCases: string[] = [];
    const intake = await load(o.intake, o.concurrency, async () => {
      intakeCase = (await report()).caseId;
      intakeCases.push(intakeCase);
    });
    const cpu2 = sampleCpu();
    await projected(intakeCases);
    const cpu3 = sampleCpu();
    const intakeCpu = cpuRow(`intake (${o.concurrency} concurrent), per melding`, cpu1, cpu2, o.intake, cpu0, cpu1);
    const cpuRows = [intakeCpu.line, cpuRow(`  and until each case is projected`, cpu1, cpu3, o.intake, cpu0, cpu1).line];
    const rawRate = (o.intake * 1000) / rawStarts.wallMs;
    const intakeRate = (o.intake * 1000) / intake.wallMs;
    out(`figure                                   product        engine baseline    ratio   goal`);
    out(`intake rate (${o.concurrency} concurrent)                ${f1(intakeRate).padStart(6)} /s      ${f1(rawRate).padStart(6)} starts/s   ${f2(intakeRate / rawRate).padStart(5)}   >= ${INTAKE_GOAL}`);
    out(`  latency p50/p95                        ${f0(p(intake.ms, 50))}/${f0(p(intake.ms, 95))} ms      ${f0(p(rawStarts.ms, 50))}/${f0(p(rawStarts.ms, 95))} ms`);

    // 2. A consultant action against raw executeUpdate, at 1, 10 and 50 users (one case or workflow each).
    const maxUsers = Math.max(...o.users);
    say(`preparing ${maxUsers} cases and ${maxUsers} trivial workflows for the action latencies`);
    const caseIds: string[] = [];
    await load(maxUsers, o.concurrency, async () => {
      caseIds.push((await report()).caseId);
    });
    // Each of these cases opened and projected (the queue's total also counts the intake's cases):
    // an action sent to a case still opening is refused, and would time the opening, not the action.
    await projected(caseIds);
    const rawHandles: WorkflowHandle[] = [];
    for (let i = 0; i < maxUsers; i++) rawHandles.push(await raw.workflow.start('trivialWorkflow', { taskQueue: 'bench-raw', workflowId: `raw-upd-${process.pid}-${i}` }));
    let assignment = 0;
    // Each caller is a team lead of their own.
    const reassign = (caseId: string, caller = 0) => post(`/api/cases/${caseId}/reassign`, teamleads[caller % TEAM_LEADS]!, { consultantId: `lpa-b${assignment++}` }, 200);
    const actionRows: string[] = [];
    const actionFigures: GoalFigures['actions'] = [];
    for (const users of o.users) {
      say(`actions at ${users} users: ${o.actions * users} raw updates, then ${o.actions * users} reassigns`);
      const c0 = sampleCpu();
      const r = await load(o.actions * users, users, async (_i, caller) => void (await rawHandles[caller]!.executeUpdate(bump, { args: [1] })), `raw update at ${users} users`);
      const c1 = sampleCpu();
      const a = await load(o.actions * users, users, async (_i, caller) => void (await reassign(caseIds[caller]!, caller)), `reassign at ${users} users`);
      const c2 = sampleCpu();
      const actionCpu = cpuRow(`action at ${users} users, per reassign`, c1, c2, o.actions * users, c0, c1);
      cpuRows.push(actionCpu.line);
      const cell = (ms: number[]) => [50, 95, 99].map((q) => f0(p(ms, q))).join('/');
      const ratios = [50, 95, 99].map((q) => p(a.ms, q) / p(r.ms, q)) as [number, number, number];
      const ratio = ratios.map(f1).join('/');
      actionFigures.push({ users, ratios, perSecond: (a.ms.length * 1000) / a.wallMs, cpuMs: actionCpu.cpuMs, rawCpuMs: actionCpu.rawCpuMs });
      actionRows.push(`action p50/p95/p99 at ${String(users).padStart(2)} users (ms)       ${cell(a.ms).padEnd(14)} ${cell(r.ms).padEnd(18)} ${ratio.padEnd(7)} <= ${ACTION_GOAL}x`);
      actionRows.push(`  actions/s at ${String(users).padStart(2)} users                  ${f1((a.ms.length * 1000) / a.wallMs).padStart(6)}         ${f1((r.ms.length * 1000) / r.wallMs).padStart(6)}         failed: ${a.failed} / ${r.failed}`);
    }
    for (const row of actionRows) out(row);
    out(`CPU per call by process (ms; the engine baseline's in brackets)`);
    for (const row of cpuRows) out(row);

    // 3. Melding to the school's e-mail, one at a time.
    say(`school e-mail: ${o.mails} meldingen one at a time`);
    const mailMs: number[] = [];
    for (let i = 0; i < o.mails; i++) {
      const to = `bench-${i}-${Date.now()}@school.example`;
      const t0 = performance.now();
      await report(to);
      await smtp.waitFor((m) => m.to.includes(to), 120_000);
      mailMs.push(performance.now() - t0);
    }
    out(`melding to school e-mail p50/max          ${f0(p(mailMs, 50))}/${f0(Math.max(...mailMs))} ms      (end to end; no engine baseline)`);
    out();

    // 4. Where an action's milliseconds go: the same update without the API, and its history.
    say('profile');
    const sample = caseIds.slice(0, 10);
    const direct = await load(sample.length * 5, 1, async (i) => {
      const handle = app.workflow.getHandle(sample[i % sample.length]!);
      await handle.executeUpdate(caseUpdates.reassign, { args: [{ actor: { id: 'tl-bench', role: 'teamlead' }, input: { consultantId: `lpa-d${assignment++}` } }] });
    });
    const viaApi = await load(sample.length * 5, 1, async (i) => void (await reassign(sample[i % sample.length]!)));
    const trivial = await load(sample.length * 5, 1, async (i) => void (await rawHandles[i % rawHandles.length]!.executeUpdate(bump, { args: [1] })));
    const listing = await load(20, 1, async () => {
      const res = await fetch(`${base}/api/cases?pageSize=25`, { headers: headers(consultant) });
      if (!res.ok) throw new Error(`queue listing: ${res.status}`);
    });
    // Intake at one caller: the request's own work (PostgreSQL, the start) against the bare start.
    const intakeOne = await load(10, 1, async () => void (await report()));
    const startOne = await load(10, 1, async (i) => void (await raw.workflow.start('trivialWorkflow', { taskQueue: 'bench-raw', workflowId: `raw-one-${process.pid}-${i}` })));
    const history = await app.workflow.getHandle(sample[0]!).fetchHistory();
    const events = history.events ?? [];
    const kinds = new Map<string, number>();
    let afterLast = 0;
    for (const e of events) if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED) afterLast = 0; else afterLast++;
    for (const e of events.slice(events.length - afterLast)) {
      const name = EventType[e.eventType ?? 0]!.replace('EVENT_TYPE_', '').toLowerCase();
      kinds.set(name, (kinds.get(name) ?? 0) + 1);
    }
    const tasks = updateTasks(history);
    const laTypes = [...new Set(tasks.flatMap((t) => t.las.map((l) => l.type)))];
    const m = (ms: number[]) => p(ms, 50);
    out(`profile of one reassign (p50, one caller)`);
    out(`  through the API                        ${f1(m(viaApi.ms))} ms`);
    out(`  the same update straight to Temporal   ${f1(m(direct.ms))} ms   -> API share (HTTP, JWT, scope query, access log): ${f1(m(viaApi.ms) - m(direct.ms))} ms`);
    out(`  a trivial workflow's update            ${f1(m(trivial.ms))} ms   -> case workflow share (validator, transition, activities): ${f1(m(direct.ms) - m(trivial.ms))} ms`);
    out(`  its workflow task (${tasks.length} updates)        waits ${f1(m(tasks.map((t) => t.queuedMs)))} ms for the worker, held ${f1(m(tasks.map((t) => t.runMs)))} ms until durable`);
    out(`    local activities in that task        ${laTypes.join(', ') || '(none)'}; ${f1(m(tasks.map((t) => t.events)))} events per update`);
    out(`  history events after the last update  ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ') || '(none)'}`);
    out(`  queue listing GET /api/cases p50/p95   ${f1(p(listing.ms, 50))}/${f1(p(listing.ms, 95))} ms`);
    out(`profile of one intake (p50, one caller)`);
    out(`  POST /api/meldingen                    ${f1(m(intakeOne.ms))} ms`);
    const openings = await Promise.all(caseIds.map(async (id) => updateTasksOpening(await app.workflow.getHandle(id).fetchHistory())));
    out(`  ${caseIds.length} cases opened ${o.concurrency} at a time: projected p50/max ${f0(m(openings.map((x) => x.projectedMs)))}/${f0(Math.max(...openings.map((x) => x.projectedMs)))} ms after their start, first tasks timed out or failed: ${openings.reduce((n, x) => n + x.lost, 0)}`);
    out(`  a trivial workflow's start             ${f1(m(startOne.ms))} ms   -> the API's share (PostgreSQL, the youth's lock, delivery): ${f1(m(intakeOne.ms) - m(startOne.ms))} ms`);
    out();
    out('goals');
    const verdicts = goalVerdicts({
      cores: os.cpus().length,
      intake: { rate: intakeRate, rawRate, concurrency: o.concurrency, cpuMs: intakeCpu.cpuMs, rawCpuMs: intakeCpu.rawCpuMs, apiShareMs: m(intakeOne.ms) - m(startOne.ms) },
      actions: actionFigures,
      oneCaller: { viaApiMs: m(viaApi.ms), directMs: m(direct.ms), trivialMs: m(trivial.ms), taskHeldMs: m(tasks.map((t) => t.runMs)) },
    });
    for (const line of verdicts) out(`  ${line}`);
    out();

    // 5. Scale: open cases waiting on their timers.
    const db = new pg.Client({ connectionString: pgServer.url });
    await db.connect();
    const dbMiB = async () => Number((await db.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes')).rows[0]!.bytes) / 1048576;
    // The dev server keeps its database in SQLite: the file and its write-ahead log.
    const temporalMiB = () => ['temporal.db', 'temporal.db-wal'].reduce((sum, f) => sum + (fs.existsSync(path.join(dir, f)) ? fs.statSync(path.join(dir, f)).size : 0), 0) / 1048576;
    const cases = async (query = '') => ((await (await fetch(`${base}/api/cases?pageSize=1${query}`, { headers: headers(consultant) })).json()) as { total: number; items: { consultantId: string | null }[] });
    if (o.open > 0) {
      const before = (await cases()).total;
      // A consultant's own queue (the cases assigned to one consultant) and the whole queue of the region.
      const mine = (await cases()).items[0]?.consultantId ?? 'lpa-b0';
      const checkpoints = [...new Set([0.1, 0.25, 0.5, 1].map((f) => Math.max(1, Math.round(f * o.open))))];
      out(`scale: ${o.open} more cases opened through the API (${o.openConcurrency} at a time), measured at ${checkpoints.join(', ')}`);
      out(`  open cases  opened/s  worker RSS  api RSS  app DB   Temporal DB  own queue p50/p95  all cases p50/p95 (ms)`);
      let openedSoFar = 0;
      const t0 = performance.now();
      const step = Math.max(100, Math.round(o.open / 20));
      const rows: { n: number; db: number; temporal: number }[] = [];
      for (const target of checkpoints) {
        const segment = target - openedSoFar;
        const seg = await load(segment, o.openConcurrency, async () => {
          await report();
          if (++openedSoFar % step === 0) {
            const rate = (openedSoFar * 1000) / (performance.now() - t0);
            say(`opened ${openedSoFar}/${o.open} (${f1(rate)}/s, about ${f0((o.open - openedSoFar) / rate)} s to go)`);
          }
        }, `opening cases`);
        // Measured once every case is projected (in the queue) and the worker has settled.
        await until(async () => (await cases()).total >= before + openedSoFar, 3_600_000, `${openedSoFar} cases in the queue`);
        const own = await load(20, 1, async () => void (await fetch(`${base}/api/cases?pageSize=25&consultant=${encodeURIComponent(mine)}`, { headers: headers(consultant) })));
        const all = await load(20, 1, async () => void (await fetch(`${base}/api/cases?pageSize=25`, { headers: headers(consultant) })));
        const row = { n: before + openedSoFar, db: await dbMiB(), temporal: temporalMiB() };
        rows.push(row);
        out(
          `  ${String(row.n).padStart(10)}  ${f1((segment * 1000) / seg.wallMs).padStart(8)}  ${f0(rssMb(children[0]!.pid)).padStart(6)} MiB  ${f0(rssMb(children[1]!.pid)).padStart(3)} MiB  ${f1(row.db).padStart(5)} MiB  ${f1(row.temporal).padStart(7)} MiB  ${`${f1(p(own.ms, 50))}/${f1(p(own.ms, 95))}`.padStart(17)}  ${`${f1(p(all.ms, 50))}/${f1(p(all.ms, 95))}`.padStart(17)}`,
        );
      }
      const [first, last] = [rows[0]!, rows.at(-1)!];
      if (rows.length > 1) out(`  growth per open case: application database ${f1(((last.db - first.db) * 1048576) / (last.n - first.n) / 1024)} KiB, Temporal database ${f1(((last.temporal - first.temporal) * 1048576) / (last.n - first.n) / 1024)} KiB (worker cache ${o.cache} workflows; goal worker RSS < 1024 MiB)`);

      // The product's waves: deadlines are whole office days (reminders 08:00, deadlines 17:00), so
      // every case opened on one day shares its instants. The largest one ahead, from the queue:
      const wave = (await db.query<{ at: Date; n: string }>('SELECT "nextDeadline" AS at, count(*) AS n FROM "Case" WHERE "nextDeadline" IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1')).rows[0];
      if (wave) out(`  largest wave ahead in the product: ${wave.n} cases due at ${wave.at.toISOString()} (the dev server cannot bring it forward)`);
      // The engine's wave, measured: K timers due at one instant on this server with all these cases
      // open; each wave workflow answers the workflow time at which its timer fired.
      const k = Math.min(o.wave, o.open);
      const lead = Math.max(15_000, (k * 1500) / Math.max(rawRate, 1));
      const at = Date.now() + lead;
      say(`timer wave: ${k} timers due at ${new Date(at).toISOString()}`);
      const waveHandles: WorkflowHandle[] = [];
      await load(k, 50, async (i) => void waveHandles.push(await raw.workflow.start(waveWorkflow, { taskQueue: 'bench-raw', workflowId: `raw-wave-${process.pid}-${i}`, args: [at] })));
      const overran = Date.now() - at;
      const fired: number[] = [];
      await load(waveHandles.length, 50, async (i) => void fired.push((await waveHandles[i]!.result()) - at), 'timer wave');
      out(
        `  timer wave: ${k} timers due at one instant fired within ${f0(Math.max(...fired))} ms (p50 ${f0(p(fired, 50))} ms after it)${overran > 0 ? `; starting them overran the instant by ${f0(overran)} ms, so this is an upper bound` : ''}`,
      );
    }

    // The longest path of the MAS a case walks through the API, and its history against Temporal's limits.
    say('the longest path through the API');
    const walked = await walkLongestPath({ base, post, headers, school, consultant, teamlead, melding: () => {
        const m = melding();
        return { ...m, hoursAbsent: 40, youth: { ...m.youth, dateOfBirth: new Date(Date.now() - (15 * 365 + 40) * 86_400_000).toISOString().slice(0, 10) } };
      },
    });
    const longest = walked.caseId ? await app.workflow.getHandle(walked.caseId).fetchHistory() : null;
    const size = await dbMiB();
    await db.end();
    const fresh = await app.workflow.getHandle(intakeCase).fetchHistory();
    const opening = updateTasksOpening(fresh);
    out(`memory and storage`);
    out(`  worker RSS (cache ${o.cache} workflows)      ${f0(rssMb(children[0]!.pid))} MiB      (goal < 1024)`);
    out(`  api RSS                                ${f0(rssMb(children[1]!.pid))} MiB`);
    out(`  application database                   ${f1(size)} MiB`);
    out(`  Temporal database (file and log)       ${f1(temporalMiB())} MiB`);
    out(`  history of a case at the school request ${fresh.events?.length} events, ${f1(historyBytes(fresh) / 1024)} KiB; opened and projected ${f0(opening.projectedMs)} ms after its start, in ${opening.tasks} workflow tasks${opening.lost ? ` (${opening.lost} more timed out or failed)` : ''}`);
    out(`  history after ${events.length} events (many reassigns) ${f1(historyBytes(history) / 1024)} KiB`);
    if (longest)
      out(
        `  the longest path (${walked.steps} steps${walked.failed ? `, stopped: ${walked.failed}` : ''}) ${longest.events?.length} events, ${f1(historyBytes(longest) / 1024)} KiB, ${f1((longest.events?.length ?? 0) / Math.max(walked.steps, 1))} events per step`,
      );
    out(`  Temporal warns at 10,240 events / 10 MiB and stops a run at 51,200 / 50 MiB; a case continues as new after 5,000 events (MAX_HISTORY_EVENTS)`);

    if (failures.length) {
      out(`failed calls: ${failures.length} (${failureKinds(failures)}); the first: ${failures[0]}`);
      out(`  (the api's and worker's output: ${keptLog})`);
    }

    for (const h of rawHandles) await h.signal(finish).catch(() => undefined);
    await warm.signal(finish).catch(() => undefined);
    rawWorker.shutdown();
    await rawRunning;
    await connection.close();
    await nativeConnection.close();
  } finally {
    await stopAll();
  }
}

/** A new case's start: how long until its first projection (in the queue) and in how many workflow tasks. */
function updateTasksOpening(h: History): { projectedMs: number; tasks: number; lost: number } {
  const events = h.events ?? [];
  const start = tsMs(events[0]?.eventTime);
  const first = events.findIndex((e) => localActivityOf(e)?.type === 'projectCase');
  const projected = first >= 0 ? tsMs(events[first]!.eventTime) : NaN;
  const upTo = events.slice(0, first + 1);
  const count = (t: temporal.api.enums.v1.EventType) => upTo.filter((e) => e.eventType === t).length;
  return {
    projectedMs: projected - start,
    tasks: count(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
    // A task the worker did not finish in time (a starved worker) is retried from the start.
    lost: count(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) + count(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED),
  };
}

type WalkDeps = {
  base: string;
  post: (url: string, token: string, body: unknown, expect: number) => Promise<unknown>;
  headers: (t: string) => Record<string, string>;
  school: string;
  consultant: string;
  teamlead: string;
  melding: () => ReturnType<typeof melding>;
};

/**
 * One case through the longest path of the MAS the API offers: the school's answer, a hoorgesprek
 * planned, moved, cancelled, planned again and held, a new consultant, the judgement, Halt beside
 * help, Halt failing into the proces-verbaal, its outcome, monitoring and closure. (The months of
 * reminders and escalations a real case also collects cannot pass here; each adds a few events.)
 */
async function walkLongestPath(d: WalkDeps): Promise<{ caseId: string | null; steps: number; failed?: string }> {
  const hour = 3_600_000;
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();
  const state = async (caseId: string) => ((await (await fetch(`${d.base}/api/cases/${caseId}`, { headers: d.headers(d.consultant) })).json()) as { state?: { step?: string } }).state;
  let caseId: string | null = null;
  let steps = 0;
  try {
    caseId = ((await d.post('/api/meldingen', d.school, d.melding(), 201)) as { caseId: string }).caseId;
    steps++;
    await until(async () => (await state(caseId!))?.step === 'school-informatie', 120_000, 'the school request');
    const walk: [string, unknown, string, number][] = [
      ['school-information', { contactPerson: 'J. Jansen', careSignals: 'somberheid', absencePerWeek: [] }, d.consultant, 202],
      ['hoorgesprek/plan', { plannedFor: at(48 * hour), withYouth: true, location: 'Stadskantoor' }, d.consultant, 200],
      ['hoorgesprek/replan', { plannedFor: at(96 * hour), location: 'Huisbezoek', requestedBy: 'ouders', reason: 'Vader werkt die dag' }, d.consultant, 200],
      ['hoorgesprek/cancel', { by: 'ouders', kind: 'afgezegd', receivedAt: at(-60_000), reason: 'Komen liever meteen langs' }, d.consultant, 200],
      ['hoorgesprek/plan', { plannedFor: at(-hour), withYouth: true, location: 'Stadskantoor' }, d.consultant, 200],
      ['hoorgesprek/outcome', { outcome: 'gehouden', youthHeard: true, summary: 'Spijbelen met vrienden' }, d.consultant, 200],
      ['reassign', { consultantId: 'lpa-bench-longest', note: 'verlof' }, d.teamlead, 200],
      ['judgement', { verdict: 'ongeoorloofd', reasoning: 'Geen geldige reden', helpNeeded: ['jeugdteam'] }, d.consultant, 200],
      ['routes', { routes: ['halt', 'hulpverlening'], halt: { youthConsent: true, parentConsent: true }, hulpverlening: { partner: 'Jeugdteam' } }, d.consultant, 200],
      ['route-steps', { route: 'hulpverlening', step: 'warme overdracht jeugdteam' }, d.consultant, 200],
      ['route-outcomes', { route: 'halt', outcome: 'mislukt' }, d.consultant, 200],
      ['route-outcomes', { route: 'strafrechtelijk', outcome: 'strafbeschikking' }, d.consultant, 200],
      ['route-outcomes', { route: 'hulpverlening', outcome: 'afgerond' }, d.consultant, 200],
      ['close', { reason: 'afgerond-na-route', note: 'Weer naar school' }, d.consultant, 200],
    ];
    for (const [action, body, token, status] of walk) {
      if (action === 'hoorgesprek/plan' && steps === 2) await until(async () => (await state(caseId!))?.step === 'hoorgesprek', 120_000, 'the hoorgesprek step');
      await d.post(`/api/cases/${caseId}/${action}`, token, body, status);
      steps++;
    }
    return { caseId, steps };
  } catch (err) {
    return { caseId, steps, failed: err instanceof Error ? err.message.slice(0, 160) : String(err) };
  }
}

async function until(pred: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await pred().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
