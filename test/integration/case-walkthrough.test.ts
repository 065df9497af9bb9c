import { eventually } from '../support/eventually';
import { aMelding, bornYearsBefore, daysAgo, testBsn, today } from '../support/fixtures';
import { apiClient, caseStateUntil, sharedApp, type RunningApp } from '../support/processes';

/**
 * Complete cases through the HTTP API only, as a consultant works: the real api and worker
 * processes (the shared ones), the Temporal dev server (real time) and PostgreSQL. A case waiting
 * on the school across a worker restart is in school-mail-crash.test.ts, whose worker is its own.
 */
describe('a consultant takes cases from melding to closure through the API', () => {
  let app: RunningApp;
  let api: ReturnType<typeof apiClient>;
  const school = () => apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' });

  beforeAll(() => {
    app = sharedApp();
    api = apiClient(app.baseUrl);
  });

  const until = (caseId: string, pred: (state: any) => boolean) => caseStateUntil(api, app, caseId, pred);

  async function act(caseId: string, path: string, body: unknown, expected = 200) {
    const res = await api.post(`/api/cases/${caseId}/${path}`, body);
    if (res.status !== expected) throw new Error(`${path}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  async function openCase(overrides = {}) {
    const res = await school().post('/api/meldingen', aMelding(overrides));
    expect(res.status).toBe(201);
    await until(res.body.caseId, (s) => s.step !== null);
    return res.body.caseId as string;
  }
  async function throughOnderzoek(caseId: string) {
    await act(caseId, 'school-information', { contactPerson: 'J. Jansen', careSignals: 'somberheid', absencePerWeek: [{ weekStart: daysAgo(14), hoursAbsent: 9 }] }, 202);
    await until(caseId, (s) => s.step === 'hoorgesprek');
    const heldAt = new Date(Date.now() - 3_600_000).toISOString();
    await act(caseId, 'hoorgesprek/plan', { plannedFor: heldAt, withYouth: true, location: 'Stadskantoor Dordrecht' });
    await act(caseId, 'hoorgesprek/outcome', { outcome: 'gehouden', youthHeard: true, summary: 'Jongere voelt zich niet veilig in de klas' });
  }

  test('case 1: warning and voluntary help side by side, monitoring, closure reported back', async () => {
    const caseId = await openCase();
    await throughOnderzoek(caseId);
    const judged = await act(caseId, 'judgement', { verdict: 'ongeoorloofd', reasoning: 'Geen geldige reden', helpNeeded: ['jeugdteam'] });
    expect(judged.state).toMatchObject({ phase: 'routes', step: 'route-keuze' });
    await act(caseId, 'routes', { routes: ['waarschuwing', 'hulpverlening'], hulpverlening: { partner: 'Jeugdteam Dordrecht' } });
    await act(caseId, 'route-steps', { route: 'hulpverlening', step: 'warme overdracht jeugdteam' });
    await act(caseId, 'route-outcomes', { route: 'waarschuwing', outcome: 'uitgereikt' });
    const monitored = await act(caseId, 'route-outcomes', { route: 'hulpverlening', outcome: 'afgerond' });
    expect(monitored.state).toMatchObject({ phase: 'monitoring', duoStatus: 'in-behandeling' });

    const queue = await api.get('/api/cases?phase=monitoring&gemeente=GM0505');
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(caseId);

    const closed = await act(caseId, 'close', { reason: 'afgerond-na-route', note: 'Weer volledig naar school' });
    expect(closed.state).toMatchObject({ phase: 'afgesloten', duoStatus: 'afgesloten', closure: { reason: 'afgerond-na-route', by: 'lpa-anna' } });
    // The close answers once decided and projected; the workflow ends after its last effects (the afsluitbrief).
    const after = await eventually(() => api.get(`/api/cases/${caseId}`), (r) => r.body?.running === false, 30_000);
    expect(after.body).toMatchObject({ running: false, state: { phase: 'afgesloten' } });
    const teamlead = apiClient(app.baseUrl, { id: 'tl-zhz', role: 'teamlead' });
    // Actions and facts on a closed case: 409 with what to do instead (Temporal's NOT_FOUND, then a describe).
    const late = await teamlead.post(`/api/cases/${caseId}/reassign`, { consultantId: 'lpa-bob' });
    expect([late.status, late.body.error.code]).toEqual([409, 'case-closed']);
    const lateFact = await api.post(`/api/cases/${caseId}/school-information`, { contactPerson: 'J. Jansen', absencePerWeek: [] });
    expect([lateFact.status, lateFact.body.error.code]).toEqual([409, 'case-closed']);
  });

  test('issue 12: a hoorgesprek moved over HTTP, and luxe verzuim where "a warning first" is advice the consultant overrules with a reasoning', async () => {
    const caseId = await openCase({ kind: 'luxe', daysAbsent: 1, hoursAbsent: undefined, startDate: daysAgo(3), endDate: daysAgo(3), youth: { bsn: testBsn(), firstName: 'Lotte', lastName: 'Visser', dateOfBirth: bornYearsBefore(today(), 9) } });
    await act(caseId, 'school-information', { contactPerson: 'J. Jansen', absencePerWeek: [] }, 202);
    await until(caseId, (s) => s.step === 'hoorgesprek');
    await act(caseId, 'hoorgesprek/plan', { plannedFor: new Date(Date.now() + 2 * 86_400_000).toISOString(), withYouth: false, location: 'Stadskantoor' });
    const moved = await act(caseId, 'hoorgesprek/replan', { plannedFor: new Date(Date.now() + 5 * 86_400_000).toISOString(), location: 'Huisbezoek', requestedBy: 'ouders', reason: 'Vader werkt die dag' });
    expect(moved.state.hoorgesprek.invitations.map((i: any) => i.outcome ?? 'gepland')).toEqual(['verplaatst', 'gepland']);
    const wrong = await api.post(`/api/cases/${caseId}/hoorgesprek/replan`, { plannedFor: 'morgen', location: '', requestedBy: 'buurman', reason: '' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields.map((f: any) => f.path).sort()).toEqual(['location', 'plannedFor', 'reason', 'requestedBy']);
    // Held earlier after all: the parents came by; the pending invitation is moved to that hour.
    await act(caseId, 'hoorgesprek/cancel', { by: 'ouders', kind: 'afgezegd', receivedAt: new Date(Date.now() - 60_000).toISOString(), reason: 'Komen liever meteen langs' });
    await act(caseId, 'hoorgesprek/plan', { plannedFor: new Date(Date.now() - 3_600_000).toISOString(), withYouth: false, location: 'Stadskantoor' });
    await act(caseId, 'hoorgesprek/outcome', { outcome: 'gehouden', summary: 'Vakantie buiten de schoolvakanties geboekt' });
    await act(caseId, 'judgement', { verdict: 'ongeoorloofd', reasoning: 'Geen verlof aangevraagd' });

    const pv = { routes: ['strafrechtelijk'], procesVerbaal: { against: ['ouders'] } };
    const advised = await api.post(`/api/cases/${caseId}/routes`, pv);
    expect(advised.status).toBe(422);
    expect(advised.body.error).toMatchObject({ code: 'rule-violation', violations: [{ code: 'luxe.first-warning', severity: 'advise' }] });
    expect(advised.body.error.message).toMatch(/adviceReasoning/);
    const reasoning = 'School heeft ouders vooraf schriftelijk gewaarschuwd; bewuste keuze.';
    const chosen = await act(caseId, 'routes', { ...pv, adviceReasoning: reasoning });
    expect(chosen.state.routes).toEqual([expect.objectContaining({ kind: 'strafrechtelijk' })]);
    expect(chosen.state.advicesOverruled).toEqual([expect.objectContaining({ codes: ['luxe.first-warning'], reasoning })]);
  });

  test('case 2: a registered vrijstelling leads to closing at intake (ter kennisgeving aangenomen)', async () => {
    const bsn = testBsn();
    const youth = { bsn, firstName: 'Noor', lastName: 'Bakker', dateOfBirth: bornYearsBefore(today(), 9) };
    const reg = await api.post('/api/vrijstellingen', {
      youth,
      vrijstelling: { kind: 'art5a', from: daysAgo(100), decisionDate: daysAgo(100), reference: 'VR-17', statementDate: daysAgo(110) },
    });
    expect(reg.status).toBe(201);
    const bad = await api.post('/api/vrijstellingen', { youth, vrijstelling: { kind: 'art5a', from: daysAgo(10), decisionDate: daysAgo(10), reference: 'X' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([expect.objectContaining({ path: 'vrijstelling.statementDate' })]);

    const caseId = await openCase({ youth: { ...youth, className: 'groep 6' } });
    const state = await until(caseId, (s) => s.step === 'intake-besluit');
    expect(state.vrijstellingen).toEqual([expect.objectContaining({ kind: 'art5a', reference: 'VR-17' })]);
    const wrong = await api.post(`/api/cases/${caseId}/judgement`, { verdict: 'geoorloofd', reasoning: 'x', closureReason: 'vrijstelling' });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error).toMatchObject({ code: 'phase-conflict', violations: [{ code: 'case.step' }] });
    const closed = await act(caseId, 'intake-decision', { decision: 'sluiten', closureReason: 'vrijstelling' });
    expect(closed.state.duoStatus).toBe('ter-kennisgeving-aangenomen');
    const list = await api.get(`/api/youth/${reg.body.youthId}/vrijstellingen`);
    expect(list.body.items).toEqual([expect.objectContaining({ kind: 'art5a', reference: 'VR-17', statementDate: daysAgo(110) })]);
  });

  test('case 3: Halt with its rules, a failed Halt, the proces-verbaal and its outcome', async () => {
    const caseId = await openCase({ hoursAbsent: 24, youth: { bsn: testBsn(), firstName: 'Daan', lastName: 'Visser', dateOfBirth: bornYearsBefore(today(), 15) } });
    await throughOnderzoek(caseId);
    await act(caseId, 'judgement', { verdict: 'ongeoorloofd', reasoning: 'Spijbelen met vrienden' });
    const refused = await api.post(`/api/cases/${caseId}/routes`, { routes: ['halt'], halt: { youthConsent: true } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'rule-violation', violations: [{ code: 'halt.parent-consent' }] });
    expect(refused.body.error.message).toMatch(/consent/);
    const missing = await api.post(`/api/cases/${caseId}/routes`, { routes: ['halt'] });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields).toEqual([expect.objectContaining({ path: 'halt' })]);

    await act(caseId, 'routes', { routes: ['halt'], halt: { youthConsent: true, parentConsent: true } });
    const failed = await act(caseId, 'route-outcomes', { route: 'halt', outcome: 'mislukt' });
    expect(failed.state.routes.map((r: any) => [r.kind, r.status])).toEqual([['halt', 'afgerond'], ['strafrechtelijk', 'lopend']]);
    const outcome = await act(caseId, 'route-outcomes', { route: 'strafrechtelijk', outcome: 'strafbeschikking' });
    expect(outcome.state.phase).toBe('monitoring');
    await act(caseId, 'close', { reason: 'afgerond-na-route' });
  });

  test("a region's policy decides which meldingen become cases (kinds, the late-coming threshold)", async () => {
    // A gemeente outside Zuid-Holland Zuid: the web test saves the ZHZ region with all its gemeenten,
    // and files run side by side on one database.
    const admin = apiClient(app.baseUrl, { id: 'fb-1', role: 'admin' });
    const saved = await admin.put('/api/policies/alblasserdam-test', {
      policy: { regionId: 'alblasserdam-test', name: 'LVS Test', verzuimKinds: ['zestien-uur', 'overig'], lateComingReportThreshold: 6 },
      gemeenten: ['GM0599'],
    });
    expect(saved.status).toBe(200);
    const schoolApi = school();
    const luxe = await schoolApi.post('/api/meldingen', aMelding({ gemeente: 'GM0599', kind: 'luxe', daysAbsent: 2, hoursAbsent: undefined }));
    expect(luxe).toMatchObject({ status: 422, body: { error: { code: 'rule-violation', violations: [{ code: 'melding.kind-not-handled' }] } } });
    const early = await schoolApi.post('/api/meldingen', aMelding({ gemeente: 'GM0599', kind: 'overig', overigReason: 'te-laat', timesLate: 5, hoursAbsent: undefined }));
    expect(early.body.error.violations).toEqual([expect.objectContaining({ code: 'melding.te-laat-threshold' })]);
    expect((await schoolApi.post('/api/meldingen', aMelding({ gemeente: 'GM0599', kind: 'overig', overigReason: 'te-laat', timesLate: 6, hoursAbsent: undefined }))).status).toBe(201);
    expect((await api.put('/api/policies/alblasserdam-test', { policy: {}, gemeenten: [] })).status).toBe(403);
  });

  test('the work queue filters, orders by next deadline and pages; bad filters are 400', async () => {
    // A gemeente no other integration file reports in: the counts below must be this test's own
    // (on the shared api and database, huisbezoek-thuiszitter and early-signals open GM0642 cases).
    const a = await openCase({ gemeente: 'GM0482' });
    const b = await openCase({ gemeente: 'GM0482' });
    // The queue reads the projection, written just after each step: wait until both are there.
    const page = await eventually(() => api.get('/api/cases?gemeente=GM0482&pageSize=1&page=1'), (r) => r.body?.total === 2);
    expect(page.body).toMatchObject({ page: 1, pageSize: 1, total: 2 });
    expect(page.body.items).toHaveLength(1);
    const all = await api.get('/api/cases?gemeente=GM0482');
    const deadlines = all.body.items.map((c: { nextDeadline: string }) => c.nextDeadline);
    expect([...deadlines].sort()).toEqual(deadlines);
    expect(all.body.items.map((c: { id: string }) => c.id).sort()).toEqual([a, b].sort());
    const bad = await api.get('/api/cases?gemeente=Dordrecht&pageSize=1000');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['gemeente', 'pageSize']);
  });
});
