import { aMelding } from '../support/fixtures';
import { eventually } from '../support/eventually';
import { apiClient, sharedApp, type RunningApp } from '../support/processes';

/**
 * A logged-in school's own meldingen (issue 17): GET /api/school/meldingen answers with the
 * meldingen of the BRIN in the school's token and their DUO status, nothing of another school,
 * to no other role; one melding's history is 404 for another school, as for one that does not exist.
 */
describe("a school reads its own meldingen and their DUO status", () => {
  let app: RunningApp;
  const melding = aMelding({ school: { brin: '12AB', name: 'Testcollege Dordrecht' } });
  const otherMelding = aMelding({ school: { brin: '97QX', name: 'Ander College' } });
  const school = () => apiClient(app.baseUrl, { id: 'school-12AB', role: 'school', schoolBrin: '12AB' });
  const otherSchool = () => apiClient(app.baseUrl, { id: 'school-97QX', role: 'school', schoolBrin: '97QX' });

  beforeAll(async () => {
    app = sharedApp();
    expect((await school().post('/api/meldingen', melding)).status).toBe(201);
    expect((await otherSchool().post('/api/meldingen', otherMelding)).status).toBe(201);
  });

  test('the school sees its melding with the pupil as it reported it and the DUO status in Dutch, nothing more', async () => {
    const res = await school().get('/api/school/meldingen');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.brin).toBe('12AB');
    const mine = res.body.items.find((m: { meldingId: string }) => m.meldingId === melding.meldingId);
    expect(mine).toMatchObject({ kind: 'zestien-uur', reportDate: melding.reportDate, pupil: { name: 'Sem de Vries', className: '3B' }, status: expect.any(String), statusLabel: expect.any(String) });
    expect(['Geregistreerd', 'In behandeling']).toContain(mine.statusLabel);
    expect(mine.history[0]).toMatchObject({ status: 'geregistreerd', statusLabel: 'Geregistreerd' });
    // Only what the school reported of the pupil: no BSN, no date of birth, nothing of the case.
    expect(JSON.stringify(mine)).not.toContain(melding.youth.bsn!);
    expect(mine).not.toHaveProperty('caseId');
    expect(Object.keys(mine.pupil).sort()).toEqual(['className', 'name']);
    expect(res.body.items.map((m: { meldingId: string }) => m.meldingId)).not.toContain(otherMelding.meldingId);
  });

  test("one melding with its status history; the DUO status follows the case", async () => {
    const one = await eventually(
      () => school().get(`/api/school/meldingen/${encodeURIComponent(melding.meldingId)}`),
      (r) => r.status === 200 && r.body.status === 'in-behandeling',
    );
    expect(one.body).toMatchObject({ meldingId: melding.meldingId, statusLabel: 'In behandeling', closureReason: null });
    expect(one.body.history.map((h: { status: string }) => h.status)).toEqual(['geregistreerd', 'in-behandeling']);
  });

  test("another school gets nothing of it: not in its list, and 404 for the melding as for one that does not exist", async () => {
    const list = await otherSchool().get('/api/school/meldingen');
    expect(list.status).toBe(200);
    expect(list.body.brin).toBe('97QX');
    const ids = list.body.items.map((m: { meldingId: string }) => m.meldingId);
    expect(ids).toContain(otherMelding.meldingId);
    expect(ids).not.toContain(melding.meldingId);
    const theirs = await otherSchool().get(`/api/school/meldingen/${encodeURIComponent(melding.meldingId)}`);
    const unknown = await otherSchool().get('/api/school/meldingen/bestaat-niet');
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual(unknown.body);
  });

  test('no other role reads it (403), and no one without a token (401)', async () => {
    for (const actor of [{ id: 'lpa-anna', role: 'consultant' }, { id: 'teamlead-tom', role: 'teamlead' }, { id: 'partner-jgz', role: 'partner' }, { id: 'manager-mia', role: 'management' }]) {
      const res = await apiClient(app.baseUrl, actor).get('/api/school/meldingen');
      expect([actor.role, res.status, res.body.error?.code]).toEqual([actor.role, 403, 'forbidden']);
    }
    expect((await fetch(`${app.baseUrl}/api/school/meldingen`)).status).toBe(401);
  });

  test('reading it is in the access log, as personal data', async () => {
    const privacy = apiClient(app.baseUrl, { id: 'privacy-pim', role: 'privacy' });
    const log = await eventually(
      () => privacy.get('/api/access-log?actorId=school-97QX'),
      (r) => r.status === 200 && r.body.items.some((i: { activity: string }) => i.activity === 'eigen-melding-inzien'),
    );
    expect(log.body.items.some((i: { activity: string; status: number }) => i.activity === 'eigen-meldingen-inzien' && i.status === 200)).toBe(true);
  });
});
