import { createPrisma, type Db } from '../../prisma/client';
import { eventually } from '../support/eventually';
import { aMelding } from '../support/fixtures';
import { apiClient, caseStateUntil, sharedApp, type RunningApp } from '../support/processes';
import { undeliverableAddress } from '../support/smtp-server';
import { stack } from '../support/stack-env';

/**
 * A consultant's action answers once the decision is durable and projected; e-mails run after it
 * (observation 1). The mail server reports the school's mailbox unavailable at every try (451,
 * undeliverableAddress): the school's e-mail keeps failing, and still the action answers. A
 * repeated POST with the same Idempotency-Key gets the first answer, not a 409 for the decision it
 * already took.
 */
describe('updates answer without waiting for e-mail; Idempotency-Key makes a repeated POST safe', () => {
  let app: RunningApp;
  let prisma: Db;
  const school = () => apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' });
  const teamlead = () => apiClient(app.baseUrl, { id: 'tl-zhz', role: 'teamlead' });

  beforeAll(async () => {
    app = sharedApp();
    prisma = createPrisma(stack().databaseUrl);
  });
  afterAll(async () => {
    await app?.stop();
    await prisma?.$disconnect();
  });

  test("with the school's e-mail failing, reassign answers 200 and a retry with the same key gets the same answer", async () => {
    const api = teamlead();
    const res = await school().post(
      '/api/meldingen',
      aMelding({ melder: { name: 'J. Jansen', function: 'verzuimcoördinator', email: undeliverableAddress() } }),
    );
    expect(res.status).toBe(201);
    const caseId = res.body.caseId as string;
    await caseStateUntil(api, app, caseId, (s) => s.step === 'school-informatie');

    const first = await api.post(`/api/cases/${caseId}/reassign`, { consultantId: 'lpa-bob', note: 'verlof' }, { 'Idempotency-Key': 'reassign-1' });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotency-key')).toBe('reassign-1');
    expect(first.body.state).toMatchObject({ consultantId: 'lpa-bob' });
    // It answered while the school's e-mail had still not gone out.
    const mail = await prisma.emailMessage.findFirst({ where: { caseId, kind: 'school-request' } });
    expect(mail?.status ?? 'not yet tried').not.toBe('sent');
    // And the decision is in PostgreSQL when the answer comes.
    expect(await prisma.case.findUnique({ where: { id: caseId }, select: { consultantId: true, version: true } })).toEqual({
      consultantId: 'lpa-bob',
      version: first.body.state.version,
    });

    const again = await api.post(`/api/cases/${caseId}/reassign`, { consultantId: 'lpa-bob', note: 'verlof' }, { 'Idempotency-Key': 'reassign-1' });
    expect(again.status).toBe(200);
    expect(again.body.state.version).toBe(first.body.state.version);

    // Without the header a key is generated and returned; a new key is a new decision (refused: same consultant).
    const fresh = await api.post(`/api/cases/${caseId}/reassign`, { consultantId: 'lpa-bob' });
    expect(fresh.status).toBe(422);
    expect(fresh.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await api.post(`/api/cases/${caseId}/reassign`, { consultantId: 'lpa-bob' }, { 'Idempotency-Key': 'met spatie' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([expect.objectContaining({ path: 'Idempotency-Key' })]);

    // The school's e-mail did fail meanwhile: the mail server refused its mailbox, and it was never sent.
    const failed = await eventually(
      () => prisma.emailMessage.findFirst({ where: { caseId, kind: 'school-request' } }),
      (m) => (m?.lastError ?? '').includes('451'),
      { timeoutMs: 60_000, what: `the school-request e-mail of ${caseId} refused with 451` },
    );
    expect(failed).toMatchObject({ status: expect.not.stringMatching(/^sent$/), sentAt: null });
  });
});
