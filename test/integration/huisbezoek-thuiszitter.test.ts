import { aMelding, daysAgo, today } from '../support/fixtures';
import { eventually } from '../support/eventually';
import { apiClient, caseStateUntil, sharedApp, type RunningApp } from '../support/processes';

/** Huisbezoek through the HTTP API, against the real api and worker processes. */
describe('huisbezoek through the API', () => {
  let app: RunningApp;
  let api: ReturnType<typeof apiClient>;
  const school = () => apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' });

  beforeAll(async () => {
    app = sharedApp();
    api = apiClient(app.baseUrl, { id: 'lpa-anna', role: 'consultant' });
  });
  afterAll(async () => app?.stop());

  const until = (caseId: string, pred: (state: any) => boolean) => caseStateUntil(api, app, caseId, pred);


  test('POST /api/cases/:caseId/huisbezoek records the visit and starts the follow-up; a bad body is 400', async () => {
    const res = await school().post('/api/meldingen', aMelding());
    expect(res.status).toBe(201);
    const caseId = res.body.caseId as string;
    await until(caseId, (s) => s.step === 'school-informatie');

    const bad = await api.post(`/api/cases/${caseId}/huisbezoek`, { visitedAt: new Date().toISOString(), outcome: 'weg' });
    expect(bad.status).toBe(400);

    const ok = await api.post(`/api/cases/${caseId}/huisbezoek`, { visitedAt: new Date(Date.now() - 60_000).toISOString(), outcome: 'adres-onjuist', note: 'Ander gezin woont op dit adres' });
    expect(ok.status).toBe(200);
    expect(ok.body.state.huisbezoeken).toEqual([expect.objectContaining({ outcome: 'adres-onjuist', followUp: true, by: 'lpa-anna' })]);
    expect(ok.body.state.deadlines).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'huisbezoek-opvolging', kind: 'huisbezoek-opvolging' })]));

    const school403 = await school().post(`/api/cases/${caseId}/huisbezoek`, { visitedAt: new Date().toISOString(), outcome: 'niemand-thuis' });
    expect(school403.status).toBe(403);
  });

  test('follow-up of a huisbezoek through POST /huisbezoek/follow-up: 409 when nothing waits, 200 with the address check', async () => {
    const res = await school().post('/api/meldingen', aMelding());
    const caseId = res.body.caseId as string;
    await until(caseId, (s) => s.step === 'school-informatie');
    const nothing = await api.post(`/api/cases/${caseId}/huisbezoek/follow-up`, { addressCheck: 'adres-bevestigd' });
    expect(nothing).toMatchObject({ status: 409, body: { error: { code: 'phase-conflict', violations: [{ code: 'huisbezoek.no-follow-up' }] } } });
    await api.post(`/api/cases/${caseId}/huisbezoek`, { visitedAt: new Date(Date.now() - 60_000).toISOString(), outcome: 'jongere-niet-traceerbaar' });
    const done = await api.post(`/api/cases/${caseId}/huisbezoek/follow-up`, { addressCheck: 'onbekend-waar', partnersInformed: ['school', 'politie'] });
    expect(done.status).toBe(200);
    expect(done.body.state.deadlines.some((d: { id: string }) => d.id === 'huisbezoek-opvolging')).toBe(false);
  });
});

/** Thuiszitters through the HTTP API: recognised, marked, reviewed, and visible to management. */
describe('thuiszitters through the API', () => {
  let app: RunningApp;
  let api: ReturnType<typeof apiClient>;
  const school = () => apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' });
  const management = () => apiClient(app.baseUrl, { id: 'mgmt-1', role: 'management' });

  beforeAll(async () => {
    app = sharedApp();
    api = apiClient(app.baseUrl, { id: 'lpa-anna', role: 'consultant' });
  });
  afterAll(async () => app?.stop());

  const until = (caseId: string, pred: (state: any) => boolean) => caseStateUntil(api, app, caseId, pred);
  const period = `from=${daysAgo(60)}&to=${today()}`;

  test('a langdurig-relatief melding is a thuiszitter case; its review plans goals; management sees it per gemeente with its duration', async () => {
    const melding = aMelding({ kind: 'langdurig-relatief', gemeente: 'GM0642', startDate: daysAgo(35), endDate: daysAgo(1), daysAbsent: 24, hoursAbsent: undefined });
    const res = await school().post('/api/meldingen', melding);
    expect(res.status).toBe(201);
    const caseId = res.body.caseId as string;
    const s = await until(caseId, (st) => !!st.thuiszitter);
    expect(s.thuiszitter).toMatchObject({ since: daysAgo(35), grounds: 'langdurig-relatief', setBy: 'afgeleid' });

    const badReview = await api.post(`/api/cases/${caseId}/thuiszitter/reviews`, {
      heldOn: today(),
      partners: [{ partner: 'ouders', outcome: 'Ouders zien geen uitweg' }],
      withParents: true,
      withYouth: false,
      conclusion: 'Nog geen plan',
    });
    expect(badReview).toMatchObject({ status: 422, body: { error: { code: 'rule-violation' } } });
    expect(badReview.body.error.violations.map((v: { code: string }) => v.code)).toEqual(['thuiszitter-overleg.partners', 'thuiszitter-overleg.ouders-jongere']);

    const reviewed = await api.post(`/api/cases/${caseId}/thuiszitter/reviews`, {
      heldOn: today(),
      partners: [
        { partner: 'school', outcome: 'Maatwerkrooster aangeboden' },
        { partner: 'jgz', outcome: 'Jeugdarts ziet belastbaarheid voor halve dagen' },
      ],
      withParents: true,
      withYouth: true,
      conclusion: 'Opbouw naar halve dagen',
      goals: [{ description: 'Drie ochtenden per week op school', dueOn: new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10) }],
    });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.state.thuiszitter.goals).toEqual([expect.objectContaining({ id: 'doel-1', status: 'open' })]);

    const report = await eventually(
      () => management().get(`/api/reports/thuiszitters?${period}&gemeente=GM0642`),
      (r) => r.body.thuiszitters?.some((t: { caseId: string; reviews: number }) => t.caseId === caseId && t.reviews === 1),
    );
    expect(report.status).toBe(200);
    expect(report.body.thuiszitters).toContainEqual(expect.objectContaining({ caseId, gemeente: 'GM0642', since: daysAgo(35), days: 35, running: true, openGoals: 1 }));
    expect(report.body.byGemeente).toContainEqual(expect.objectContaining({ gemeente: 'GM0642', running: expect.any(Number) }));

    const csv = await management().get(`/api/reports/thuiszitters?${period}&gemeente=GM0642&format=csv`);
    expect(csv.status).toBe(200);
    expect(String(csv.body).split('\r\n')[0]).toBe('gemeente,caseId,since,until,days,running,grounds,reviews,lastReviewOn,openGoals,reviewOverdue');
    expect(String(csv.body)).toContain(caseId);

    expect((await api.get(`/api/reports/thuiszitters?${period}`)).status).toBe(403);
    expect((await management().get('/api/reports/thuiszitters?from=2026-13-01&to=2026-01-01')).status).toBe(400);
  });

  test('the consultant marks a case, and ends the period when the youth is back at school', async () => {
    const res = await school().post('/api/meldingen', aMelding());
    const caseId = res.body.caseId as string;
    await until(caseId, (st) => st.step === 'school-informatie');
    const tooShort = await api.post(`/api/cases/${caseId}/thuiszitter`, { since: daysAgo(10), grounds: 'vier-weken-afwezig' });
    expect(tooShort).toMatchObject({ status: 422, body: { error: { violations: [{ code: 'thuiszitter.too-short' }] } } });
    const invalid = await api.post(`/api/cases/${caseId}/thuiszitter`, { since: daysAgo(40), grounds: 'verveling' });
    expect(invalid.status).toBe(400);
    const marked = await api.post(`/api/cases/${caseId}/thuiszitter`, { since: daysAgo(40), grounds: 'ziek-met-plan', note: 'Plan kinderarts: twee uur per dag mogelijk' });
    expect(marked.status).toBe(200);
    const ended = await api.post(`/api/cases/${caseId}/thuiszitter/end`, { endedOn: today(), reason: 'terug-naar-school' });
    expect(ended.status).toBe(200);
    expect(ended.body.state.thuiszitter).toMatchObject({ until: today(), endReason: 'terug-naar-school' });
    expect((await api.post(`/api/cases/${caseId}/thuiszitter/end`, { endedOn: today(), reason: 'terug-naar-school' })).status).toBe(409);
  });
});

