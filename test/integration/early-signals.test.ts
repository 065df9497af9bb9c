import { eventually } from '../support/eventually';
import { aMelding, daysAgo, testBsn, today, todayInNl, uniqueId } from '../support/fixtures';
import { apiClient, sharedApp, type RunningApp } from '../support/processes';

/** Vroegsignalering through the HTTP API, against the real api and worker processes. */
describe('early signals through the API', () => {
  let app: RunningApp;
  let lpa: ReturnType<typeof apiClient>;
  let school: ReturnType<typeof apiClient>;
  const partner = () => apiClient(app.baseUrl, { id: 'jgz-zhz', role: 'partner', gemeenten: ['GM0505'] });

  beforeAll(async () => {
    app = sharedApp();
    lpa = apiClient(app.baseUrl, { id: 'lpa-anna', role: 'consultant' });
    school = apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' });
  });
  afterAll(async () => app?.stop());

  const aSignal = (over: Record<string, unknown> = {}) => ({
    signalId: uniqueId('vs'),
    concern: 'verzuim-onder-16-uur',
    description: 'Mist vaak het eerste uur en oogt moe',
    reportDate: today(),
    since: daysAgo(20),
    hoursAbsent: 9,
    youth: { bsn: testBsn(), firstName: 'Noa', lastName: 'Bakker', dateOfBirth: '2012-05-01' },
    gemeente: 'GM0505',
    school: { brin: '12AB', name: 'Testcollege Dordrecht' },
    reporter: { organisation: 'Testcollege Dordrecht', name: 'J. Jansen', function: 'mentor', email: 'mentor@testcollege.example' },
    ...over,
  });
  const signalUntil = (id: string, pred: (s: any) => boolean) =>
    eventually(() => lpa.get(`/api/signals/${id}`), (r) => r.status === 200 && pred(r.body), 30_000).then((r) => {
      expect(pred(r.body)).toBe(true);
      return r.body;
    });

  test('a school reports a signal; the consultant advises, follows up and closes it; the signal is lost nowhere', async () => {
    const body = aSignal();
    const created = await school.post('/api/signals', body);
    expect(created).toMatchObject({ status: 201, body: { signalId: `signal-${body.signalId}`, outcome: 'new-signal', openCaseId: null } });
    const id = created.body.signalId as string;
    expect((await school.post('/api/signals', body)).body).toMatchObject({ signalId: id, outcome: 'already-registered' });

    const s0 = await signalUntil(id, (s) => s.state?.step === 'reactie');
    expect(s0).toMatchObject({ report: { description: body.description }, youth: { firstName: 'Noa' }, source: 'workflow' });
    const queue = await eventually(() => lpa.get('/api/signals?gemeente=GM0505'), (r) => r.body.items?.some((i: { id: string }) => i.id === id));
    expect(queue.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({ status: 'open', concern: 'verzuim-onder-16-uur' });

    expect((await lpa.post(`/api/signals/${id}/close`, { outcome: 'geen-zorgen' })).body.error).toMatchObject({ code: 'rule-violation', violations: [{ code: 'signal.no-contact' }] });
    expect((await lpa.post(`/api/signals/${id}/contacts`, { kind: 'telefoon', at: new Date().toISOString(), summary: 'x' })).status).toBe(400);
    const advised = await lpa.post(`/api/signals/${id}/contacts`, { kind: 'advies-aan-school', at: new Date().toISOString(), summary: 'Advies: gesprek met ouders over slaapritme', agreements: 'Mentor belt ouders' });
    expect(advised).toMatchObject({ status: 200, body: { state: { step: 'opvolging' } } });
    expect(advised.body.state.deadlines).toEqual([expect.objectContaining({ kind: 'signaal-opvolging' })]);
    expect((await lpa.post(`/api/signals/${id}/follow-ups`, { result: 'verbeterd', summary: 'Op tijd sinds twee weken' })).status).toBe(200);
    const closed = await lpa.post(`/api/signals/${id}/close`, { outcome: 'verzuim-gestopt' });
    expect(closed).toMatchObject({ status: 200, body: { state: { status: 'afgesloten', outcome: 'verzuim-gestopt' } } });
    expect((await lpa.post(`/api/signals/${id}/contacts`, { kind: 'contact-met-ouders', at: new Date().toISOString(), summary: 'Nog even gebeld' })).status).toBe(409);
    await eventually(() => lpa.get(`/api/signals?status=afgesloten&gemeente=GM0505`), (r) => r.body.items?.some((i: { id: string; outcome: string }) => i.id === id && i.outcome === 'verzuim-gestopt'));
  });

  test('the queue filters on step, concern and school; a filter value it does not know is a 400 at its field', async () => {
    const late = await school.post('/api/signals', aSignal({ concern: 'te-laat-onder-drempel', hoursAbsent: undefined, timesLate: 4 }));
    // A school no other test reports for, so the filtered lists stay short.
    const hours = await partner().post('/api/signals', aSignal({ school: { brin: '98ZY', name: 'Filtercollege' } }));
    expect([late.status, hours.status]).toEqual([201, 201]);
    const [lateId, hoursId] = [late.body.signalId as string, hours.body.signalId as string];
    await signalUntil(lateId, (s) => s.step === 'reactie');
    await signalUntil(hoursId, (s) => s.step === 'reactie');
    const ids = async (query: string) => ((await lpa.get(`/api/signals?pageSize=100&${query}`)).body.items as { id: string }[]).map((i) => i.id);

    const byConcern = await ids('concern=te-laat-onder-drempel');
    expect(byConcern).toContain(lateId);
    expect(byConcern).not.toContain(hoursId);
    expect(await ids('school=98ZY&concern=verzuim-onder-16-uur')).toContain(hoursId);
    expect(await ids('school=98ZY&concern=anders')).not.toContain(hoursId);
    expect(await ids('school=12AB')).not.toContain(hoursId);
    expect(await ids('step=reactie&concern=te-laat-onder-drempel')).toContain(lateId);
    expect(await ids('step=opvolging')).not.toContain(lateId);

    const bad = await lpa.get('/api/signals?step=later');
    expect(bad).toMatchObject({ status: 400, body: { error: { fields: [{ path: 'step' }] } } });
  });

  test('bad reports: 400 per field, 422 when it is a melding, 403 for another school or outside the partner’s gemeenten, 404 for an unknown signal', async () => {
    const bad = await school.post('/api/signals', aSignal({ concern: 'te-laat-onder-drempel', hoursAbsent: undefined }));
    expect(bad).toMatchObject({ status: 400, body: { error: { fields: [{ path: 'timesLate' }] } } });
    const melding = await school.post('/api/signals', aSignal({ hoursAbsent: 18 }));
    expect(melding).toMatchObject({ status: 422, body: { error: { violations: [{ code: 'signal.is-melding' }] } } });
    expect((await school.post('/api/signals', aSignal({ school: { brin: '34CD', name: 'Ander college' } }))).status).toBe(403);
    expect((await partner().post('/api/signals', aSignal({ gemeente: 'GM0642', school: undefined }))).status).toBe(403);
    expect((await lpa.get('/api/signals/signal-bestaat-niet')).status).toBe(404);
    expect((await partner().get('/api/signals')).status).toBe(403);
  });

  test("the consultant escalates a partner's signal into a linked MAS case", async () => {
    const created = await partner().post('/api/signals', aSignal({ concern: 'zorgwekkend-ziekteverzuim', hoursAbsent: undefined, school: undefined, reporter: { organisation: 'JGZ ZHZ', name: 'Dr. P. de Wit', function: 'jeugdarts' } }));
    expect(created.status).toBe(201);
    const id = created.body.signalId as string;
    await signalUntil(id, (s) => s.state?.step === 'reactie');

    const lacking = await lpa.post(`/api/signals/${id}/escalate`, { reason: 'Ziekteverzuim zonder medische grond' });
    expect(lacking).toMatchObject({ status: 422, body: { error: { code: 'rule-violation' } } });
    expect(lacking.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['melder', 'school']);

    const escalated = await lpa.post(`/api/signals/${id}/escalate`, {
      reason: 'Ziekteverzuim zonder medische grond',
      school: { brin: '12AB', name: 'Testcollege Dordrecht' },
      melder: { name: 'J. Jansen', function: 'verzuimcoördinator', email: 'verzuim@testcollege.example' },
    });
    expect(escalated).toMatchObject({ status: 201, body: { caseId: `case-${id}`, state: { status: 'geescaleerd', escalation: { by: 'consultant', caseId: `case-${id}` } } } });
    const kase = await eventually(() => lpa.get(`/api/cases/case-${id}`), (r) => r.status === 200 && r.body.state?.step === 'school-informatie', 30_000);
    expect(kase.body.meldingen).toEqual([expect.objectContaining({ id, kind: 'overig' })]);
    expect((await lpa.post(`/api/signals/${id}/escalate`, { reason: 'nogmaals' })).status).toBe(409);
  });

  test('a formal melding for the same youth escalates the open signal into its case; a signal for a youth with an open case joins it', async () => {
    const youth = { bsn: testBsn(), firstName: 'Sem', lastName: 'de Vries', dateOfBirth: '2011-02-03' };
    const created = await school.post('/api/signals', aSignal({ youth }));
    const id = created.body.signalId as string;
    await signalUntil(id, (s) => s.state?.status === 'open');
    const m = await school.post('/api/meldingen', aMelding({ youth }));
    expect(m.status).toBe(201);
    const linked = await signalUntil(id, (s) => s.state?.status === 'geescaleerd');
    expect(linked.state.escalation).toMatchObject({ by: 'formele-melding', caseId: m.body.caseId, meldingId: m.body.meldingId });

    const later = await school.post('/api/signals', aSignal({ youth }));
    expect(later).toMatchObject({ status: 201, body: { openCaseId: m.body.caseId } });
    await signalUntil(later.body.signalId, (s) => s.state?.escalation?.caseId === m.body.caseId);
  });

  test('management reads the signals apart from the cases; consultants may not', async () => {
    const report = await eventually(
      () => apiClient(app.baseUrl, { id: 'mgmt-1', role: 'management' }).get(`/api/reports/early-signals?from=${daysAgo(1)}&to=${todayInNl()}`),
      (r) => r.status === 200 && r.body.received >= 4 && r.body.byEscalation.length === 2,
      30_000,
    );
    expect(report.body).toMatchObject({ closed: expect.any(Number), escalated: expect.any(Number) });
    expect(report.body.byReporter.map((c: { key: string }) => c.key)).toEqual(expect.arrayContaining(['partner', 'school']));
    expect(report.body.byEscalation.map((c: { key: string }) => c.key)).toEqual(['consultant', 'formele-melding']);
    expect(report.body.byOutcome).toContainEqual({ key: 'verzuim-gestopt', count: expect.any(Number) });
    expect((await lpa.get(`/api/reports/early-signals?from=${daysAgo(1)}&to=${todayInNl()}`)).status).toBe(403);
  });
});
