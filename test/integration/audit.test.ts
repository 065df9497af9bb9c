import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appBundle } from '../../platform/app-bundle';
import { createPrisma, type Db } from '../../prisma/client';
import { schoolYearOf } from '../../domain/regime';
import { eventually } from '../support/eventually';
import { aMelding, daysAgo, today, todayInNl } from '../support/fixtures';
import { apiClient, caseStateUntil, sharedApp, tokenFor, type RunningApp } from '../support/processes';
import { payloadKeyEnv, root, stack, testDataDir } from '../support/stack-env';

/**
 * Management and audit through the real api and worker processes (Temporal dev server, real time)
 * and the two npm scripts as processes: the history endpoint, the reports, the DUO outbox, the
 * projection check and the replay audit, on cases walked through the API in a gemeente of the
 * test's own (so other test files' cases do not change its figures).
 */
describe('management and audit', () => {
  let app: RunningApp;
  let prisma: Db;
  const gemeente = `GM${randomInt(1000, 9999)}`;
  const as = (id: string, role: string) => apiClient(app.baseUrl, { id, role, gemeenten: [gemeente] });
  const anna = () => as('lpa-anna', 'consultant');
  const bob = () => as('lpa-bob', 'consultant');
  const manager = () => as('mgr-carla', 'management');
  const cases: { walked: string; open: string; luxe: string } = { walked: '', open: '', luxe: '' };

  const until = (caseId: string, pred: (state: any) => boolean) => caseStateUntil(anna(), app, caseId, pred);

  async function act(api: ReturnType<typeof apiClient>, caseId: string, step: string, body: unknown, expected = 200) {
    const res = await api.post(`/api/cases/${caseId}/${step}`, body);
    if (res.status !== expected) throw new Error(`${step}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  async function open(overrides = {}): Promise<string> {
    const res = await as('school-12AB', 'school').post('/api/meldingen', aMelding({ gemeente, ...overrides }));
    expect(res.status).toBe(201);
    await until(res.body.caseId, (s) => s.step !== null);
    return res.body.caseId;
  }
  /** Runs an npm script's program as a process on the test stack, from its app bundle as npm runs it; resolves with its exit code and output. */
  async function script(name: 'audit-replay' | 'check-projection', args: string[]): Promise<{ code: number; out: string }> {
    const s = stack();
    const apps = await appBundle({ rebuild: true });
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [apps.launcher(name), ...args],
        { cwd: root, env: { ...process.env, DATABASE_URL: s.databaseUrl, TEMPORAL_ADDRESS: s.temporalAddress, ...payloadKeyEnv(s) }, timeout: 120_000 },
        (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
      );
    });
  }

  beforeAll(async () => {
    app = sharedApp();
    prisma = createPrisma(stack().databaseUrl);
    // One case walked from melding to closure by three people, one waiting on the school, one luxe.
    const c = await open();
    cases.walked = c;
    // The school phoned its information in; the consultant records it (schools answer through their link).
    await act(anna(), c, 'school-information', { contactPerson: 'J. Jansen', careSignals: 'somberheid', absencePerWeek: [{ weekStart: daysAgo(14), hoursAbsent: 9 }] }, 202);
    await until(c, (s) => s.step === 'hoorgesprek');
    await act(anna(), c, 'hoorgesprek/plan', { plannedFor: new Date(Date.now() - 3_600_000).toISOString(), withYouth: true, location: 'Stadskantoor', note: 'ouders gebeld' });
    await act(anna(), c, 'hoorgesprek/outcome', { outcome: 'gehouden', youthHeard: true, summary: 'Jongere voelt zich niet veilig in de klas' });
    await act(anna(), c, 'routes', { routes: ['waarschuwing'] }, 409); // refused: the judgement comes first
    await act(as('tl-bert', 'teamlead'), c, 'reassign', { consultantId: 'lpa-bob', note: 'Anna met verlof' });
    await act(bob(), c, 'judgement', { verdict: 'ongeoorloofd', reasoning: 'Geen geldige reden', helpNeeded: ['jeugdteam'] });
    await act(bob(), c, 'routes', { routes: ['waarschuwing'] });
    await act(bob(), c, 'route-outcomes', { route: 'waarschuwing', outcome: 'uitgereikt' });
    await act(bob(), c, 'close', { reason: 'afgerond-na-route', note: 'Weer volledig naar school' });
    // The close answers before the workflow ends: it completes after its last effects and projection
    // (a loaded machine showed the history without its completion yet).
    await eventually(() => anna().get(`/api/cases/${c}`), (r) => r.status === 200 && r.body.running === false, { timeoutMs: 60_000, what: `case ${c} completed after its close` });
    cases.open = await open();
    cases.luxe = await open({ kind: 'luxe', hoursAbsent: undefined, endDate: undefined, daysAbsent: 3 });
  });
  afterAll(async () => {
    await prisma?.$disconnect();
    await app?.stop();
  });

  test('the history shows every decision with its actor and time, the facts, the activities; the raw export', async () => {
    const res = await manager().get(`/api/cases/${cases.walked}/history`);
    expect(res.status).toBe(200);
    expect(res.body.temporalUi).toMatch(new RegExp(`/namespaces/default/workflows/${cases.walked}$`));
    expect(res.body.runs).toHaveLength(1);
    expect(res.body.runs[0].temporalUi).toContain(`${cases.walked}/${res.body.runs[0].runId}/history`);
    const timeline: any[] = res.body.timeline;
    expect(timeline[0]).toMatchObject({ kind: 'case-opened', actor: { id: 'school-12AB', role: 'school' } });
    expect(timeline.filter((e) => e.kind === 'decision').map((e) => [e.what, e.actor.id, e.outcome.status])).toEqual([
      ['planHoorgesprek', 'lpa-anna', 'completed'],
      ['recordHoorgesprek', 'lpa-anna', 'completed'],
      ['reassign', 'tl-bert', 'completed'],
      ['recordJudgement', 'lpa-bob', 'completed'],
      ['chooseRoutes', 'lpa-bob', 'completed'],
      ['recordRouteOutcome', 'lpa-bob', 'completed'],
      ['closeCase', 'lpa-bob', 'completed'],
    ]);
    expect(timeline.find((e) => e.what === 'closeCase')).toMatchObject({ data: { reason: 'afgerond-na-route' }, reason: 'Weer volledig naar school', outcome: { phase: 'afgesloten' } });
    expect(timeline.find((e) => e.kind === 'fact')).toMatchObject({ what: 'schoolInformationReceived', actor: { id: 'lpa-anna' }, data: { careSignals: 'somberheid' } });
    expect(timeline.filter((e) => e.kind === 'activity').map((e) => e.what)).toEqual(expect.arrayContaining(['loadIntake', 'notify', 'projectCase']));
    expect(timeline.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    expect(timeline.map((e) => e.at)).toEqual([...timeline.map((e) => e.at)].sort());
    expect(timeline.at(-1)).toMatchObject({ kind: 'case-completed' });

    const raw = await manager().get(`/api/cases/${cases.walked}/history?format=json`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-disposition')).toContain(`${cases.walked}-history.json`);
    expect(raw.body.runs[0].history.events[0]).toMatchObject({ eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' });
    fs.writeFileSync(path.join(testDataDir, 'walked-history.json'), JSON.stringify(raw.body));

    expect((await anna().get(`/api/cases/${cases.walked}/history`)).status).toBe(403);
    expect((await manager().get('/api/cases/case-nope/history')).status).toBe(404);
    expect((await manager().get(`/api/cases/${cases.walked}/history?format=xml`)).status).toBe(400);
  });

  test('the audit table has every version with who, what, when and why', async () => {
    const res = await manager().get(`/api/audit-entries?caseId=${cases.walked}`);
    expect(res.status).toBe(200);
    const items: any[] = res.body.items;
    expect(items.map((i) => i.version)).toEqual(items.map((_, i) => i + 1));
    expect(items[0]).toMatchObject({ action: 'start', actorId: 'school-12AB' });
    expect(items.find((i) => i.action === 'reassign')).toMatchObject({ actorId: 'tl-bert', actorRole: 'teamlead', reason: 'Anna met verlof' });
    expect(items.at(-1)).toMatchObject({ action: 'closeCase', actorId: 'lpa-bob', duoStatus: 'afgesloten' });
    const byBob = await manager().get(`/api/audit-entries?actorId=lpa-bob&from=${today()}&to=${today()}&format=csv`);
    expect(byBob.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(byBob.body.split('\r\n')[0]).toBe('at,caseId,version,action,actorId,actorRole,reason,duoStatus');
    expect((await manager().get('/api/audit-entries?from=2026-02-30')).status).toBe(400);
  });

  test('the reports match the cases that exist', async () => {
    const rows = await prisma.case.findMany({ where: { gemeente } });
    expect(rows).toHaveLength(3);
    const q = `from=${today()}&to=${todayInNl()}&gemeente=${gemeente}`;
    const counts = await manager().get(`/api/reports/cases?${q}`);
    expect(counts.status).toBe(200);
    const tally = (key: (r: (typeof rows)[number]) => string) =>
      Object.entries(rows.reduce<Record<string, number>>((acc, r) => ({ ...acc, [key(r)]: (acc[key(r)] ?? 0) + 1 }), {})).sort(([a], [b]) => (a < b ? -1 : 1));
    expect(counts.body.total).toBe(3);
    expect(counts.body.byStatus.map((c: any) => [c.key, c.count])).toEqual(tally((r) => r.duoStatus));
    expect(counts.body.byPhase.map((c: any) => [c.key, c.count])).toEqual(tally((r) => r.phase));
    expect(counts.body.byGemeente).toEqual([{ key: gemeente, count: 3 }]);
    expect(counts.body.byRoute).toEqual([{ key: 'waarschuwing', label: 'Officiële waarschuwing', count: 1 }]);
    expect(counts.body.bySchool).toEqual([{ key: '12AB', count: 3 }]);

    const lead = await manager().get(`/api/reports/lead-times?${q}`);
    const leadRow = (measure: string) => lead.body.rows.find((r: any) => r.gemeente === 'alle' && r.measure === measure);
    expect(leadRow('melding-tot-oordeel')).toMatchObject({ n: 1, medianDays: expect.any(Number) });
    expect(leadRow('melding-tot-afsluiting').n).toBe(1);
    expect(leadRow('melding-tot-afsluiting').medianDays).toBeLessThan(1);

    const telling = await manager().get(`/api/reports/leerplichttelling?${q}`);
    expect(telling.body.rows).toEqual([{ schoolYear: schoolYearOf(today()), gemeente, zestienUur: 2, luxe: 1 }]);

    const jaar = await manager().get(`/api/reports/jaarverslag?${q}`);
    const fig = (figure: string, key: string) => jaar.body.rows.find((r: any) => r.figure === figure && r.gemeente === gemeente && r.key === key)?.count;
    expect([fig('meldingen-per-soort', 'zestien-uur'), fig('meldingen-per-soort', 'luxe'), fig('zaken-geopend', 'geopend')]).toEqual([2, 1, 3]);
    expect([fig('zaken-per-sluitreden', 'afgerond-na-route'), fig('routes-per-soort', 'waarschuwing')]).toEqual([1, 1]);

    const missed = await manager().get(`/api/reports/missed-deadlines?${q}`);
    expect(missed.body).toMatchObject({ total: 0, cases: 0 });
  });

  test('reports as CSV, by parameter or Accept header; bad periods are 400; other roles 403', async () => {
    const q = `from=${today()}&to=${todayInNl()}&gemeente=${gemeente}`;
    const csv = await as('tl-bert', 'teamlead').get(`/api/reports/cases?${q}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain(`zaken-${gemeente}-${today()}-${todayInNl()}.csv`);
    const lines = (csv.body as string).split('\r\n');
    expect(lines[0]).toBe('dimension,key,label,count');
    expect(lines).toContain('total,,,3');
    expect(lines).toContain('byRoute,waarschuwing,Officiële waarschuwing,1');

    const accept = await fetch(`${app.baseUrl}/api/reports/jaarverslag?${q}`, { headers: { accept: 'text/csv', authorization: `Bearer ${await tokenFor({ id: 'mgr-carla', role: 'management', gemeenten: [gemeente] })}` } });
    expect(accept.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await accept.text()).startsWith('figure,gemeente,key,label,count\r\n')).toBe(true);

    const bad = await manager().get('/api/reports/cases?from=2026-13-01&to=2026-01-01&extra=1');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: any) => f.path).sort()).toEqual(expect.arrayContaining(['from']));
    const reversed = await manager().get('/api/reports/lead-times?from=2026-03-01&to=2026-01-01');
    expect(reversed.body.error.fields).toEqual([expect.objectContaining({ path: 'to' })]);
    expect((await manager().get('/api/reports/leerplichttelling')).status).toBe(400);
    expect((await anna().get(`/api/reports/cases?${q}`)).status).toBe(403);
  });

  test('DUO feedback: a record per status change of a melding, exported once', async () => {
    const list = await manager().get(`/api/duo-feedback?exported=false&caseId=${cases.walked}`);
    expect(list.status).toBe(200);
    const items: any[] = list.body.items;
    expect(items.map((i) => [i.status, i.statusLabel, i.closingReasonLabel, i.contactPerson])).toEqual([
      // The receipt is a record of its own (issue 12), then the onderzoek started.
      ['geregistreerd', 'Geregistreerd', null, null], // no assignment rule for the test's gemeente
      ['in-behandeling', 'In behandeling', null, null],
      ['afgesloten', 'Afgesloten', 'Afgerond na traject', 'lpa-bob'],
    ]);
    const csv = await manager().get(`/api/duo-feedback?caseId=${cases.walked}&format=csv`);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('id,caseId,meldingId,gemeente,status,statusLabel,closingReason,closingReasonLabel,contactPerson,changedAt,exportedAt');
    expect(lines).toHaveLength(4);

    const unknown = '00000000-0000-4000-8000-000000000000';
    const exported = await as('admin-dirk', 'admin').post('/api/duo-feedback/export', { ids: [...items.map((i) => i.id), unknown] });
    expect(exported.status).toBe(200);
    expect(exported.body.items.map((i: any) => [i.id, i.exportedBy])).toEqual(items.map((i) => [i.id, 'admin-dirk']));
    expect(exported.body.unknown).toEqual([unknown]);
    const again = await manager().post('/api/duo-feedback/export', { ids: [items[0].id] });
    expect(again.body).toMatchObject({ items: [], alreadyExported: [items[0].id] });
    expect((await manager().get(`/api/duo-feedback?exported=false&caseId=${cases.walked}`)).body.items).toEqual([]);
    expect((await manager().get(`/api/duo-feedback?exported=true&caseId=${cases.walked}`)).body.items).toHaveLength(3);
    expect((await manager().post('/api/duo-feedback/export', { ids: ['x'] })).status).toBe(400);
    expect((await as('tl-bert', 'teamlead').get('/api/duo-feedback')).status).toBe(403);
  });

  test('check:projection agrees with Temporal visibility, and reports a difference with exit code 1', async () => {
    const ok = await eventually(() => script('check-projection', ['--gemeente', gemeente]), (r) => r.code === 0, 30_000);
    expect(ok.out).toContain('no differences');
    expect(ok.out).toMatch(/total cases\s+3\s+3/);
    expect(ok.out).toMatch(/status afgesloten\s+1\s+1/);

    const before = await prisma.case.findUniqueOrThrow({ where: { id: cases.open } });
    await prisma.case.update({ where: { id: cases.open }, data: { duoStatus: 'afgesloten', phase: 'afgesloten' } });
    try {
      const diff = await script('check-projection', ['--gemeente', gemeente]);
      expect(diff.code).toBe(1);
      expect(diff.out).toMatch(/! status afgesloten\s+2\s+1/);
      expect(diff.out).toMatch(/! phase onderzoek\s+1\s+2/);
      expect(diff.out).toContain('4 difference(s)');
    } finally {
      await prisma.case.update({ where: { id: cases.open }, data: { duoStatus: before.duoStatus, phase: before.phase } });
    }
    expect((await script('check-projection', ['--gemeente', 'Dordrecht'])).code).toBe(2);
  });

  test('audit:replay: the cases replay on the current code; a breaking change fails naming each case', async () => {
    const query = `Gemeente = "${gemeente}"`;
    const ok = await script('audit-replay', ['--query', query]);
    expect(ok.out).toContain('all 3 case histories replay on the current workflow code');
    expect(ok.code).toBe(0);

    const broken = await script('audit-replay', ['--query', query, '--workflows-path', path.join(root, 'test', 'fixtures', 'workflows', 'breaking-change.ts')]);
    expect(broken.code).toBe(1);
    for (const caseId of Object.values(cases)) expect(broken.out).toContain(`FAIL ${caseId}`);
    expect(broken.out).toMatch(/3 of 3 case histories would not replay/);

    const sample = await script('audit-replay', ['--query', query, '--sample', '1', '--running']);
    expect(sample.out).toContain('all 1 case history replays');

    // The history endpoint's export replays too (no server needed).
    const exported = await script('audit-replay', ['--histories', path.join(testDataDir, 'walked-history.json')]);
    expect(exported.out).toContain('all 1 case history replays');
    expect((await script('audit-replay', ['--sample', 'many'])).code).toBe(2);
  });
});
