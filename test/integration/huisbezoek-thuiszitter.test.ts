import { aMelding } from '../support/fixtures';
import { apiClient, caseStateUntil, startApp, type RunningApp } from '../support/processes';

/** Huisbezoek through the HTTP API, against the real api and worker processes. */
describe('huisbezoek through the API', () => {
  let app: RunningApp;
  let api: ReturnType<typeof apiClient>;
  const school = () => apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' });

  beforeAll(async () => {
    app = await startApp();
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
});
