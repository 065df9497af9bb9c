/**
 * `npm run chaos -- [cases=200] [kills=5] [concurrency=8] [freeze=20] [temporalRestarts=1] [span=S]`
 *
 * Drives cases through mixed paths over HTTP on a stack of its own (embedded PostgreSQL, a
 * persistent Temporal dev server, the development issuer, a real SMTP server on loopback, the
 * worker and the API under the `npm start` supervisor) while it SIGKILLs the worker at random
 * moments, restarts the Temporal dev server and freezes PostgreSQL (SIGSTOP/SIGCONT of all its
 * processes). Then it checks, per case: every accepted melding is in a case and every youth has
 * one case; every school e-mail the cases asked for reached the SMTP server (by Message-ID) and
 * none went out twice under different Message-IDs; every consultant step that was answered is in
 * the case; the PostgreSQL projection equals the workflow's state. It prints one line,
 *   cases N, kills K, restarts R, lost L, duplicated D, diverged V
 * and exits 1 unless lost, duplicated and diverged are 0 (and the planned chaos happened).
 * Its log and the processes' output are in .data/chaos/<time>/chaos.log.
 */
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { messageIdFor } from '../activities/email-outbox';
import type { CaseState } from '../domain/case/state';
import { dataConverter } from '../platform/payload-codec';
import { createPrisma } from '../prisma/client';
import { linksIn, startTestSmtp, type ReceivedMail } from '../test/support/smtp-server';
import { caseStateQuery } from '../workflows/messages';
import { freePort } from './dev/free-port';
import { startDevBrp } from './dev/brp-process';
import { devToken, startDevIssuer } from './dev/issuer-process';
import { takeStopSignals } from './dev/stop-signals';
import { startMigratedPostgres } from './dev/postgres-template';
import { supervise } from './dev/supervisor';
import { startTemporalDevServer, type RunningTemporal } from './dev/temporal';

const root = path.resolve(__dirname, '..');
const KNOWN = ['cases', 'kills', 'concurrency', 'freeze', 'temporalRestarts', 'span'];
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=') as [string, string]));
// key=value pairs of whole numbers (cases and concurrency at least 1): anything else is a mistake,
// said before a stack starts (`--help` ran a full chaos run with the defaults).
const wrong = Object.entries(args).filter(
  ([k, v]) => !KNOWN.includes(k) || v === undefined || !/^\d+$/.test(v) || (['cases', 'concurrency'].includes(k) && Number(v) < 1),
);
if (wrong.length) {
  process.stderr.write(
    `usage: npm run chaos -- [cases=200] [kills=5] [concurrency=8] [freeze=20] [temporalRestarts=1] [span=S] (whole numbers); not understood: ${wrong.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join(' ')}\n`,
  );
  process.exit(2);
}
const CASES = Number(args.cases ?? 200);
const KILLS = Number(args.kills ?? 5);
const CONCURRENCY = Number(args.concurrency ?? 8);
const FREEZE_S = Number(args.freeze ?? 20);
const TEMPORAL_RESTARTS = Number(args.temporalRestarts ?? 1);
// The seconds over which the kills, restarts and the freeze are spread. The default gives a full
// run's 200 cases room; a short run passes the time its few cases take to drive, so that the chaos
// falls while they are driven instead of after.
const SPAN_MS = args.span ? Number(args.span) * 1000 : Math.max(60_000, CASES * 400);
const FROM = 'Leerplicht Chaos <leerplicht@chaos.test>';
const GEMEENTE = 'GM0505';

const runDir = path.join(root, '.data', 'chaos', new Date().toISOString().replace(/[:.]/g, '-'));
fs.mkdirSync(runDir, { recursive: true });
const logFile = path.join(runDir, 'chaos.log');
const log = (line: string) => fs.appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
const temporalLog = (line: string) => log(`temporal: ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Path = 'waiting' | 'school-link' | 'geoorloofd' | 'recidive' | 'routes';
const PATHS: Path[] = ['waiting', 'school-link', 'geoorloofd', 'recidive', 'routes'];
type Driven = { path: Path; bsn: string; meldingIds: string[]; caseId?: string; done: string[]; failed?: string };

async function main(): Promise<number> {
  process.stderr.write(`chaos: the run's log is ${path.relative(process.cwd(), logFile)}\n`);
  const stops: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const stop of stops.reverse()) await stop().catch((e: unknown) => log(`stop failed: ${String(e)}`));
    })());
  // Stopped from outside: the whole stack goes down first (again once PostgreSQL runs: see takeStopSignals).
  const takeSignals = () => takeStopSignals(stopAll, log);
  takeSignals();
  try {
    return await run(stops, takeSignals);
  } finally {
    await stopAll();
  }
}

async function run(stops: (() => Promise<void>)[], takeSignals: () => void): Promise<number> {
  log(`chaos: cases=${CASES} kills=${KILLS} concurrency=${CONCURRENCY} freeze=${FREEZE_S}s temporalRestarts=${TEMPORAL_RESTARTS} span=${SPAN_MS / 1000}s`);
  const pgDir = path.join(runDir, 'postgres');
  const temporalPort = await freePort();
  const dbFile = path.join(runDir, 'temporal.db');
  // The independent parts start side by side; PostgreSQL from the migrated template the tests keep
  // (scripts/dev/postgres-template.ts): a copy in a second instead of initdb and every migration.
  const started = <T extends { stop: () => Promise<void> }>(part: T): T => (stops.push(part.stop), part);
  // The Temporal dev server is restarted on the same port (restartTemporal): stop whichever runs.
  let temporal: RunningTemporal | undefined;
  stops.push(async () => temporal?.stop());
  const [pg, { address: temporalAddress }, issuer, brp, smtp] = await Promise.all([
    freePort().then((port) => startMigratedPostgres({ dataDir: pgDir, port })).then(started),
    startTemporalDevServer({ port: temporalPort, dbFile, log: temporalLog }).then((t) => (temporal = t)),
    startDevIssuer(0, path.join(runDir, 'issuer-key.json')).then(started),
    freePort().then((port) => startDevBrp(port)).then(started),
    startTestSmtp().then((smtp) => (stops.push(smtp.close), smtp)),
  ]);
  takeSignals();
  log(`postgres (port ${new URL(pg.url).port}), temporal, issuer, brp and smtp ready`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    DATABASE_URL: pg.url,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: 'chaos',
    OIDC_ISSUER: issuer.issuer,
    OIDC_JWKS_URL: issuer.jwksUrl,
    BRP_URL: brp.url,
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtp.port),
    SMTP_FROM: FROM,
    PUBLIC_BASE_URL: baseUrl,
    EMAIL_SEND_LEASE_MS: '15000',
    MELDING_RECONCILE_INTERVAL_MS: '5000',
    MELDING_RECONCILE_AFTER_MS: '10000',
  };
  const output = (who: string) => (chunk: string) => fs.appendFileSync(logFile, chunk.split('\n').filter(Boolean).map((l) => `[${who}] ${l}\n`).join(''));
  // The worker logs at info (its 'worker started' tells it is polling); the API only warnings.
  const worker = supervise('worker', { cwd: root, env: { ...env, LOG_LEVEL: 'info' }, say: (l) => log(`[supervisor] worker ${l}`), stdio: 'pipe', onOutput: output('worker'), minBackoffMs: 500, maxBackoffMs: 5_000 });
  const api = supervise('api', { cwd: root, env, say: (l) => log(`[supervisor] api ${l}`), stdio: 'pipe', onOutput: output('api'), minBackoffMs: 500, maxBackoffMs: 5_000 });
  stops.push(() => worker.stop());
  stops.push(() => api.stop());
  await until(async () => (await fetch(`${baseUrl}/ready`).then((r) => r.ok, () => false)) && fs.readFileSync(logFile, 'utf8').includes('"msg":"worker started"'), 'the stack to start', 240_000);
  log('stack ready');

  const tokens = {
    school: await devToken(issuer.issuer, { sub: 'school-chaos', role: 'school', schoolBrin: '12AB' }),
    consultant: await devToken(issuer.issuer, { sub: 'lpa-chaos', role: 'consultant', gemeenten: [GEMEENTE] }),
  };
  const http = httpClient(baseUrl);

  // The chaos, alongside the cases.
  let kills = 0;
  let temporalRestarts = 0;
  let frozen = false;
  let driving = true;
  const chaos = (async () => {
    const events: { at: number; what: () => Promise<void> }[] = [];
    const span = SPAN_MS;
    for (let i = 0; i < KILLS; i++) events.push({ at: 3_000 + Math.round(((i + Math.random() * 0.8) * span) / KILLS), what: async () => killWorker() });
    for (let i = 0; i < TEMPORAL_RESTARTS; i++) events.push({ at: Math.round(span * (0.3 + 0.4 * i)), what: restartTemporal });
    if (FREEZE_S > 0) events.push({ at: Math.round(span * 0.55), what: freezePostgres });
    events.sort((a, b) => a.at - b.at);
    const t0 = Date.now();
    for (const e of events) {
      await sleep(Math.max(0, t0 + e.at - Date.now()));
      await e.what().catch((err: unknown) => log(`chaos event failed: ${String(err)}`));
    }
  })();
  async function killWorker() {
    // Kill a worker that is up and working (the previous one may still be coming back).
    // The current worker has said "worker started" since the supervisor started it. (Not a count of
    // those lines against restarts: a worker that died before polling, as when Temporal was down,
    // never says it, and the count then waited forever.)
    const polling = () => {
      const pid = worker.pid();
      if (pid === undefined) return false;
      const log = fs.readFileSync(logFile, 'utf8');
      const since = log.lastIndexOf(`[supervisor] worker started (pid ${pid})`);
      return since >= 0 && log.indexOf('"msg":"worker started"', since) >= 0;
    };
    // Another kill may land during the pause (kills can fall seconds apart): then wait for the next worker.
    do {
      await until(async () => polling(), 'a worker to kill', 180_000);
      await sleep(randomInt(500, 4_000));
    } while (!polling());
    const pid = worker.pid()!;
    process.kill(pid, 'SIGKILL');
    kills++;
    log(`chaos: SIGKILL worker pid ${pid} (${kills})`);
  }
  async function restartTemporal() {
    log('chaos: stopping the Temporal dev server');
    await temporal?.stop();
    await sleep(2_000);
    temporal = await startTemporalDevServer({ port: temporalPort, dbFile, log: temporalLog });
    temporalRestarts++;
    log('chaos: Temporal dev server started again');
  }
  async function freezePostgres() {
    const postmaster = Number(fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const pids = [postmaster, ...descendants(postmaster)];
    log(`chaos: SIGSTOP PostgreSQL (${pids.length} processes) for ${FREEZE_S} s`);
    frozen = true;
    for (const pid of pids) signal(pid, 'SIGSTOP');
    await sleep(FREEZE_S * 1000);
    for (const pid of [postmaster, ...descendants(postmaster)]) signal(pid, 'SIGCONT');
    frozen = false;
    log('chaos: SIGCONT PostgreSQL');
  }

  // The cases.
  const driven: Driven[] = Array.from({ length: CASES }, (_, i) => ({ path: PATHS[i % PATHS.length]!, bsn: bsn(), meldingIds: [], done: [] }));
  let next = 0;
  let finished = 0;
  const drivers = Array.from({ length: CONCURRENCY }, async () => {
    while (next < driven.length) {
      const d = driven[next++]!;
      await drive(d, http, tokens, smtp.messages).catch((err: unknown) => {
        d.failed = err instanceof Error ? err.message : String(err);
        log(`case of ${d.meldingIds[0]} (${d.path}) failed: ${d.failed}`);
      });
      if (++finished % 25 === 0) log(`${finished}/${driven.length} cases driven`);
    }
  });
  await Promise.all(drivers);
  driving = false;
  log(`driving done (frozen=${frozen})`);
  await chaos;
  log(`chaos done: kills ${kills}, Temporal restarts ${temporalRestarts}`);

  // Let everything settle, then check.
  const prisma = createPrisma(pg.url);
  const client = new Client({ connection: await Connection.connect({ address: temporalAddress }), dataConverter: dataConverter({ NODE_ENV: 'development' }) });
  try {
    const verdict = await verify(driven, prisma, client, smtp.messages);
    const line = `cases ${verdict.cases}, kills ${kills}, restarts ${temporalRestarts}, lost ${verdict.lost}, duplicated ${verdict.duplicated}, diverged ${verdict.diverged}`;
    log(line);
    for (const d of verdict.details) log(`  ${d}`);
    process.stdout.write(`${line}\n`);
    const chaosHappened = kills >= KILLS && temporalRestarts >= TEMPORAL_RESTARTS;
    if (!chaosHappened) log('the planned chaos did not all happen');
    return verdict.lost === 0 && verdict.duplicated === 0 && verdict.diverged === 0 && chaosHappened ? 0 : 1;
  } finally {
    await prisma.$disconnect();
    await client.connection.close();
  }
}

type Http = ReturnType<typeof httpClient>;
function httpClient(baseUrl: string) {
  return async (method: string, url: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(url.startsWith('http') ? url : `${baseUrl}${url}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token && { authorization: `Bearer ${token}` }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  };
}

/** Sends until it is answered with one of the accepted statuses (errors and 5xx while the chaos goes on are retried). */
async function send(http: Http, what: string, method: string, url: string, token: string | null, body: unknown, ok: number[], headers: Record<string, string> = {}) {
  const deadline = Date.now() + 300_000;
  let last = '';
  for (let attempt = 1; Date.now() < deadline; attempt++) {
    try {
      const res = await http(method, url, token, body, headers);
      if (ok.includes(res.status)) return res;
      last = `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
      if (res.status >= 400 && res.status < 500 && res.status !== 404 && res.status !== 409 && res.status !== 429) throw new Error(`${what}: ${last}`);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith(`${what}:`)) throw err;
      last = String(err);
    }
    await sleep(Math.min(500 * attempt, 5_000));
  }
  throw new Error(`${what}: no answer in 5 minutes (${last})`);
}

/** A consultant step: sent until the case shows it (a retry of a step that was applied is answered 409). */
async function step(d: Driven, http: Http, token: string, action: string, body: unknown, applied: (s: CaseState) => boolean) {
  const key = `${d.caseId}:${action}`;
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const state = await caseState(http, token, d.caseId!);
    if (state && applied(state)) {
      d.done.push(action);
      return state;
    }
    await http('POST', `/api/cases/${d.caseId}/${action}`, token, body, { 'idempotency-key': key }).catch(() => null);
    await sleep(300);
  }
  throw new Error(`${action} never showed in case ${d.caseId}`);
}

async function caseState(http: Http, token: string, caseId: string): Promise<CaseState | null> {
  const res = await http('GET', `/api/cases/${caseId}`, token).catch(() => null);
  return res?.status === 200 && res.body?.source === 'workflow' ? (res.body.state as CaseState) : null;
}

async function waitFor(d: Driven, http: Http, token: string, what: string, pred: (s: CaseState) => boolean) {
  await until(async () => {
    const s = await caseState(http, token, d.caseId!);
    return s !== null && pred(s);
  }, `case ${d.caseId} to reach ${what}`, 300_000);
}

async function drive(d: Driven, http: Http, tokens: { school: string; consultant: string }, mails: ReceivedMail[]) {
  const melding = () => {
    const id = `chaos-${randomInt(1e9).toString(36)}-${Date.now().toString(36)}`;
    d.meldingIds.push(id);
    return {
      meldingId: id,
      kind: 'zestien-uur',
      reportDate: isoDay(0),
      startDate: isoDay(-28),
      endDate: isoDay(-1),
      hoursAbsent: 18,
      schoolWantsAction: true,
      schoolActions: 'Gesprek met mentor en ouders gevoerd',
      youth: { bsn: d.bsn, firstName: 'Chaos', lastName: 'Jongere', dateOfBirth: '2012-03-04', className: '3B' },
      gemeente: GEMEENTE,
      school: { brin: '12AB', name: 'Testcollege' },
      melder: { name: 'J. Jansen', function: 'verzuimcoördinator', email: `${d.bsn}@school.chaos.test` },
    };
  };
  const register = (m: ReturnType<typeof melding>) => send(http, `melding ${m.meldingId}`, 'POST', '/api/meldingen', tokens.school, m, [200, 201]);
  const first = melding();
  if (d.path === 'recidive') {
    const second = melding();
    const answers = await Promise.all([register(first), register(second)]);
    d.caseId = answers[0].body.caseId;
    if (answers[1].body.caseId !== d.caseId) d.failed = `two cases: ${d.caseId}, ${answers[1].body.caseId}`;
  } else {
    d.caseId = (await register(first)).body.caseId;
  }
  await waitFor(d, http, tokens.consultant, 'the school request', (s) => s.schoolRequest !== undefined && s.meldingen.length === d.meldingIds.length);
  if (d.path === 'waiting' || d.path === 'recidive') return;

  const c = tokens.consultant;
  if (d.path === 'school-link') {
    const to = `${d.bsn}@school.chaos.test`;
    await until(async () => mails.some((m) => m.to.includes(to)), `the school e-mail to ${to}`, 300_000);
    const link = linksIn(mails.find((m) => m.to.includes(to))!).answer!;
    const answered = await send(http, `school answer ${d.caseId}`, 'POST', link, null, { contactPerson: 'J. Jansen', schoolActions: 'Gesprekken gevoerd' }, [200, 201, 202, 409]);
    void answered;
    await waitFor(d, http, c, 'the hoorgesprek', (s) => s.step === 'hoorgesprek');
    d.done.push('school-link');
    return;
  }
  await send(http, `school information ${d.caseId}`, 'POST', `/api/cases/${d.caseId}/school-information`, c, { contactPerson: 'J. Jansen' }, [202]);
  await waitFor(d, http, c, 'the hoorgesprek', (s) => s.step === 'hoorgesprek');
  await step(d, http, c, 'hoorgesprek/plan', { plannedFor: new Date(Date.now() - 3_600_000).toISOString(), withYouth: true, location: 'Stadskantoor' }, (s) => s.hoorgesprek.invitations.length > 0);
  await step(d, http, c, 'hoorgesprek/outcome', { outcome: 'gehouden', youthHeard: true, summary: 'Gesprek gevoerd' }, (s) => s.step !== 'hoorgesprek');
  if (d.path === 'geoorloofd') {
    await step(d, http, c, 'judgement', { verdict: 'geoorloofd', reasoning: 'Ziek gemeld', closureReason: 'geen-verzuim-legitiem-afwezig' }, (s) => s.phase === 'afgesloten');
    return;
  }
  await step(d, http, c, 'judgement', { verdict: 'ongeoorloofd', reasoning: 'Geen geldige reden' }, (s) => s.judgement !== undefined);
  await step(d, http, c, 'routes', { routes: ['waarschuwing'] }, (s) => s.routes.length > 0);
  await step(d, http, c, 'route-outcomes', { route: 'waarschuwing', outcome: 'uitgereikt' }, (s) => s.phase === 'monitoring');
}

/** What each path must have reached in the end. */
const EXPECTED: Record<Path, (s: CaseState) => boolean> = {
  waiting: (s) => s.step === 'school-informatie',
  recidive: (s) => s.step === 'school-informatie' && s.meldingen.length === 2,
  'school-link': (s) => s.step === 'hoorgesprek',
  geoorloofd: (s) => s.phase === 'afgesloten',
  routes: (s) => s.phase === 'monitoring',
};

async function verify(driven: Driven[], prisma: ReturnType<typeof createPrisma>, client: Client, mails: ReceivedMail[]) {
  const details: string[] = [];
  let lost = 0;
  let duplicated = 0;
  let diverged = 0;
  const caseIds = [...new Set(driven.map((d) => d.caseId).filter((c): c is string => !!c))];

  // Every accepted melding in its youth's one case; every path reached its end.
  for (const d of driven) {
    if (d.failed) {
      lost++;
      details.push(`lost: ${d.path} case ${d.caseId ?? '(none)'}: ${d.failed}`);
    }
    const rows = await prisma.melding.findMany({ where: { id: { in: d.meldingIds } } });
    if (rows.length !== d.meldingIds.length) {
      lost += d.meldingIds.length - rows.length;
      details.push(`lost: meldingen not stored: ${d.meldingIds.filter((id) => !rows.some((r) => r.id === id)).join(', ')}`);
    }
    const cases = new Set(rows.map((r) => r.caseId));
    if (cases.size > 1) {
      duplicated += cases.size - 1;
      details.push(`duplicated: one youth, ${cases.size} cases: ${[...cases].join(', ')}`);
    }
  }

  // The workflow's state against the projection, and against what each path did.
  const states = new Map<string, CaseState>();
  for (const caseId of caseIds) {
    let why = '';
    const deadline = Date.now() + 120_000;
    for (;;) {
      const state = await client.workflow.getHandle(caseId).query(caseStateQuery).catch((e: unknown) => (why = String(e), null));
      const row = await prisma.case.findUnique({ where: { id: caseId } });
      if (state) states.set(caseId, state);
      const same = state && row && row.version === state.version && row.phase === state.phase && (row.step ?? null) === (state.step ?? null) && row.duoStatus === state.duoStatus;
      if (same) break;
      why = why || (state ? `workflow v${state.version} ${state.phase}/${state.step}, projection ${row ? `v${row.version} ${row.phase}/${row.step}` : 'missing'}` : 'no state');
      if (Date.now() > deadline) {
        diverged++;
        details.push(`diverged: ${caseId}: ${why}`);
        break;
      }
      why = '';
      await sleep(1_000);
    }
  }
  for (const d of driven) {
    const s = d.caseId ? states.get(d.caseId) : undefined;
    if (!s) continue;
    const missing = d.meldingIds.filter((id) => !s.meldingen.some((m) => m.meldingId === id));
    if (missing.length) {
      lost += missing.length;
      details.push(`lost: meldingen not in case ${d.caseId}: ${missing.join(', ')}`);
    }
    if (!d.failed && !EXPECTED[d.path](s)) {
      lost++;
      details.push(`lost: ${d.path} case ${d.caseId} ended at ${s.phase}/${s.step}`);
    }
  }

  // School e-mails: each one a case asked for reached the server under its Message-ID, and no
  // case's e-mail arrived under two different Message-IDs. Copies under one Message-ID (a resend
  // after a crash) are what receivers drop: counted in the log, not as duplicates.
  const deadline = Date.now() + 180_000;
  const expected = new Map<string, string>();
  for (const [caseId, s] of states) if (s.schoolRequest) expected.set(messageIdFor(`${s.schoolRequest.requestId}:request`, FROM), caseId);
  while ([...expected.keys()].some((id) => !mails.some((m) => m.parsed.messageId === id)) && Date.now() < deadline) await sleep(1_000);
  for (const [id, caseId] of expected) {
    if (!mails.some((m) => m.parsed.messageId === id)) {
      lost++;
      const row = await prisma.emailMessage.findFirst({ where: { messageId: id } });
      details.push(`lost: school e-mail of ${caseId} (${row ? row.status : 'no outbox row'})`);
    }
  }
  const known = new Map((await prisma.emailMessage.findMany({ select: { messageId: true, caseId: true, kind: true } })).map((r) => [r.messageId, r]));
  const perCaseKind = new Map<string, Set<string>>();
  let copies = 0;
  const seen = new Set<string>();
  for (const m of mails) {
    const id = m.parsed.messageId ?? '(none)';
    if (seen.has(id)) copies++;
    seen.add(id);
    const row = known.get(id);
    if (!row) {
      duplicated++;
      details.push(`duplicated: an e-mail the outbox does not know: ${id} ${m.parsed.subject}`);
      continue;
    }
    const k = `${row.caseId} ${row.kind}`;
    perCaseKind.set(k, (perCaseKind.get(k) ?? new Set()).add(id));
  }
  for (const [k, ids] of perCaseKind) if (ids.size > 1) (duplicated += ids.size - 1, details.push(`duplicated: ${k} under ${ids.size} Message-IDs`));
  const outbox = await prisma.emailMessage.groupBy({ by: ['status'], _count: true });
  details.push(`e-mails received ${mails.length}, distinct Message-IDs ${seen.size}, copies under one Message-ID (resent after a crash) ${copies}; outbox ${outbox.map((o) => `${o.status} ${o._count}`).join(', ')}`);
  return { cases: caseIds.length, lost, duplicated, diverged, details };
}

async function until(ok: () => Promise<boolean>, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(300);
  }
}

function descendants(pid: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=']).toString().trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of table) if (parent === p) (out.push(child), walk(child));
  };
  walk(pid);
  return out;
}

function signal(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig);
  } catch {
    /* gone */
  }
}

const isoDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A made-up BSN that passes the elfproef. */
function bsn(): string {
  for (;;) {
    const d = Array.from({ length: 9 }, () => randomInt(10));
    if (d[0] === 0) continue;
    const sum = d.slice(0, 8).reduce((acc, n, i) => acc + n * (9 - i), 0) - d[8]!;
    if (sum % 11 === 0) return d.join('');
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`chaos failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.stderr.write(`chaos failed: ${err instanceof Error ? err.message : String(err)} (log: ${logFile})\n`);
    process.exit(2);
  },
);
