import { CaseDriver, consultant, school } from '../support/case-driver';
import { eventually } from '../support/eventually';
import { aSummary, bornYearsBefore, seedYouth, today } from '../support/fixtures';
import { createCaseTestEnv, type CaseTestEnv } from '../support/workflow-env';
import { schoolInformationSignal } from '../../workflows/messages';

/** School information that arrives after it was recorded (issue 12): kept as an addition, never dropped. */
describe('case workflow: late and repeated school answers', () => {
  let t: CaseTestEnv;
  beforeAll(async () => {
    t = await createCaseTestEnv();
  });
  afterAll(async () => t?.close());

  const info = (contactPerson: string, requestId?: string) => ({ requestId, absencePerWeek: [], schoolActions: 'Gesprek met mentor', careSignals: '', contactPerson });

  test('the consultant recorded the information by phone; the school answers through its link afterwards: kept as an addition the consultant sees', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
      const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary(), youthId);
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      const requestId = s0.schoolRequest!.requestId;

      await c.handle.signal(schoolInformationSignal, { actor: consultant, input: info('telefonisch: J. Jansen') });
      const answered = await c.waitFor((x) => x.step === 'hoorgesprek');
      expect(answered.schoolRequest!.answer!.contactPerson).toBe('telefonisch: J. Jansen');

      await c.handle.signal(schoolInformationSignal, { actor: school, input: info('J. Jansen (via link)', requestId) });
      const s = await c.waitFor((x) => (x.schoolInformationAdditions ?? []).length === 1);
      expect(s.step).toBe('hoorgesprek');
      expect(s.schoolRequest!.answer!.contactPerson).toBe('telefonisch: J. Jansen');
      expect(s.schoolInformationAdditions).toEqual([
        expect.objectContaining({ requestId, reason: 'na-eerder-antwoord', by: school.id, answer: expect.objectContaining({ contactPerson: 'J. Jansen (via link)' }) }),
      ]);
      const topics = await eventually(
        () => t.prisma.notification.findMany({ where: { caseId: c.caseId } }).then((ns) => ns.map((n) => n.topic)),
        (ts) => ts.includes('school-informatie-aanvulling'),
      );
      expect(topics).toContain('school-informatie-aanvulling');
      // An answer to an older request is kept too, with its reason.
      await c.handle.signal(schoolInformationSignal, { actor: school, input: info('oud verzoek', `${c.caseId}-school-0`) });
      const s2 = await c.waitFor((x) => (x.schoolInformationAdditions ?? []).length === 2);
      expect(s2.schoolInformationAdditions![1]).toMatchObject({ reason: 'ouder-verzoek' });
      const audit = await eventually(
        () => t.prisma.auditEntry.findMany({ where: { caseId: c.caseId, action: 'signal:schoolInformationReceived' } }),
        (rows) => rows.length === 3,
      );
      expect(audit.map((r) => r.reason)).toEqual([null, 'aanvulling (na-eerder-antwoord)', 'aanvulling (ouder-verzoek)']);
    }));
});
