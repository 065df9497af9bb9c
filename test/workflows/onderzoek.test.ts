import { CaseDriver, consultant } from '../support/case-driver';
import { eventually } from '../support/eventually';
import { aSummary, bornYearsBefore, seedYouth, today } from '../support/fixtures';
import { createCaseTestEnv, type CaseTestEnv } from '../support/workflow-env';

/** The onderzoeksfase on the time-skipping server, with the real ZHZ policy durations. */
describe('case workflow: onderzoeksfase', () => {
  let t: CaseTestEnv;
  beforeAll(async () => {
    t = await createCaseTestEnv();
  });
  afterAll(async () => t?.close());

  const newCase = async (age = 14, overrides = {}) => {
    const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), age));
    return CaseDriver.start(t.env.client, t.taskQueue, aSummary(overrides), youthId);
  };
  const until = async (iso: string, plusMs = 60_000) => {
    const now = await t.env.currentTimeMs();
    await t.env.sleep(Math.max(new Date(iso).getTime() - now + plusMs, 1));
  };
  const notifications = (caseId: string) =>
    t.prisma.notification.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } }).then((ns) => ns.map((n) => `${n.recipientRole}:${n.topic}`));

  test('a new melding asks the school for information and is projected to PostgreSQL', () =>
    t.withWorker(async () => {
      const c = await newCase();
      const s = await c.waitFor((x) => x.step === 'school-informatie');
      expect(s).toMatchObject({ phase: 'onderzoek', duoStatus: 'in-behandeling', regime: 'leerplichtig' });
      const request = await eventually(() => t.prisma.schoolRequest.findUnique({ where: { id: s.schoolRequest!.requestId } }), (r) => r !== null);
      expect(request).toMatchObject({ caseId: c.caseId, schoolBrin: '12AB', status: 'open' });
      const row = await eventually(() => t.prisma.case.findUnique({ where: { id: c.caseId } }), (r) => r !== null);
      expect(row).toMatchObject({ phase: 'onderzoek', step: 'school-informatie', duoStatus: 'in-behandeling', gemeente: 'GM0505' });
      expect(row!.nextDeadline?.toISOString()).toBe(s.schoolRequest!.dueAt);
    }));

  test("the school's answer moves the onderzoek on to the hoorgesprek at once", () =>
    t.withWorker(async () => {
      const c = await newCase();
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId, careSignals: 'zorgen over thuissituatie' });
      const s1 = await c.waitFor((x) => x.step === 'hoorgesprek');
      expect(s1.schoolRequest?.answer?.careSignals).toBe('zorgen over thuissituatie');
      expect(s1.deadlines.map((d) => d.kind)).toEqual(['hoorgesprek']);
      // The notification is an effect that runs after the state changed: wait for it.
      // No consultant or team lead is known for this gemeente here: the team inbox gets what is meant for them (nothing is addressed to nobody).
      expect(await eventually(() => notifications(c.caseId), (ns) => ns.includes('team:school-informatie-ontvangen'))).toContain(
        'team:school-informatie-ontvangen',
      );
    }));

  test('an unanswered request: a reminder before the deadline, one after it, then the consultant is told', () =>
    t.withWorker(async () => {
      const c = await newCase();
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      const d = s0.deadlines.find((x) => x.kind === 'school-informatie')!;
      // The second reminder has an instant of its own in the deadline data, between the deadline and the escalation.
      expect(d.remindAt! < d.dueAt && d.dueAt < d.secondRemindAt! && d.secondRemindAt! < d.escalateAt!).toBe(true);

      await until(d.remindAt!);
      await c.waitFor((x) => x.schoolRequest!.remindersSent === 1);
      const request = () => t.prisma.schoolRequest.findUniqueOrThrow({ where: { id: s0.schoolRequest!.requestId } });
      expect((await eventually(request, (r) => r.remindersSent === 1)).remindersSent).toBe(1);

      await until(d.dueAt);
      const expired = await c.waitFor((x) => x.deadlines.some((y) => y.kind === 'school-informatie' && y.expired));
      expect(expired.schoolRequest!.remindersSent).toBe(1);
      await until(d.secondRemindAt!);
      await c.waitFor((x) => x.schoolRequest!.remindersSent === 2);
      expect((await eventually(request, (r) => r.status === 'expired')).status).toBe('expired');

      await until(d.escalateAt!);
      const s = await c.waitFor((x) => x.step === 'hoorgesprek');
      expect(s.schoolRequest!.escalatedAt).toBeDefined();
      expect(await eventually(() => notifications(c.caseId), (ns) => ns.includes('team:school-informatie-uitgebleven'))).toContain(
        'team:school-informatie-uitgebleven',
      );
    }));

  test('a hoorgesprek: planning, a first no-show gets a second invitation, a second no-show goes to judgement', () =>
    t.withWorker(async () => {
      const c = await newCase(14);
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId });
      await c.waitFor((x) => x.step === 'hoorgesprek');

      const inTwoDays = new Date((await t.env.currentTimeMs()) + 2 * 86_400_000).toISOString();
      expect(await c.refusal('planHoorgesprek', { plannedFor: inTwoDays, withYouth: false, location: 'Stadskantoor' })).toMatchObject({
        type: 'RuleViolation',
        message: expect.stringMatching(/12 or older is invited/),
      });
      await c.do('planHoorgesprek', { plannedFor: inTwoDays, withYouth: true, location: 'Stadskantoor' });
      expect((await c.refusal('recordHoorgesprek', { outcome: 'niet-verschenen', summary: 'te vroeg' })).message).toMatch(/has not taken place yet/);

      await until(inTwoDays, 3_600_000);
      let s = await c.do('recordHoorgesprek', { outcome: 'niet-verschenen', summary: 'Niemand verschenen' });
      expect(s.step).toBe('hoorgesprek');
      const later = new Date((await t.env.currentTimeMs()) + 3 * 86_400_000).toISOString();
      await c.do('planHoorgesprek', { plannedFor: later, withYouth: true, location: 'Stadskantoor' });
      await until(later, 3_600_000);
      s = await c.do('recordHoorgesprek', { outcome: 'niet-verschenen', summary: 'Weer niemand' });
      expect(s.step).toBe('beoordeling');
      expect(s.hoorgesprek.invitations).toHaveLength(2);
      expect(await t.prisma.correspondence.count({ where: { caseId: c.caseId, kind: 'invite-hoorgesprek' } })).toBe(2);
    }));

  test('a refused hoorgesprek is recorded as grounds for the penal route; a judgement of geoorloofd closes the case', () =>
    t.withWorker(async () => {
      const c = await newCase(15);
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId });
      await c.waitFor((x) => x.step === 'hoorgesprek');
      const soon = new Date((await t.env.currentTimeMs()) + 86_400_000).toISOString();
      await c.do('planHoorgesprek', { plannedFor: soon, withYouth: true, location: 'Huisbezoek' });
      await until(soon);
      const s1 = await c.do('recordHoorgesprek', { outcome: 'geweigerd', summary: 'Ouders weigeren medewerking' });
      expect(s1.hoorgesprek.refusedToCooperate).toBe(true);
      expect(s1.step).toBe('beoordeling');

      expect(await c.refusal('recordJudgement', { verdict: 'geoorloofd', reasoning: 'ziek' })).toMatchObject({
        type: 'InvalidInput',
        details: [{ path: 'closureReason', message: expect.any(String) }],
      });
      const s2 = await c.do('recordJudgement', { verdict: 'geoorloofd', reasoning: 'Langdurig ziek, verklaring jeugdarts', closureReason: 'geen-verzuim-langdurig-ziek' });
      expect(s2).toMatchObject({ phase: 'afgesloten', duoStatus: 'afgesloten', closure: { reason: 'geen-verzuim-langdurig-ziek', by: consultant.id } });
      expect((await c.finalState()).phase).toBe('afgesloten');
    }));

  test('a step that does not fit the phase is refused as PhaseConflict and leaves no trace in history', () =>
    t.withWorker(async () => {
      const c = await newCase();
      await c.waitFor((x) => x.step === 'school-informatie');
      const refused = await c.refusal('recordJudgement', { verdict: 'ongeoorloofd', reasoning: 'x' });
      expect(refused.type).toBe('PhaseConflict');
      expect(refused.message).toMatch(/only possible in step 'beoordeling'/);
      expect(refused.details).toEqual([{ code: 'case.step', message: refused.message }]);
      // A refused update is never accepted: no update event reaches the history.
      const history = await c.handle.fetchHistory();
      expect(history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toEqual([]);
      expect(JSON.stringify(history)).not.toContain('recordJudgement');
    }));

  test("the consultant's own deadline: a reminder before, the team lead is told after", () =>
    t.withWorker(async () => {
      const c = await newCase();
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId });
      const s1 = await c.waitFor((x) => x.step === 'hoorgesprek');
      const d = s1.deadlines.find((x) => x.kind === 'hoorgesprek')!;
      await until(d.escalateAt!);
      const s2 = await c.waitFor((x) => x.deadlines.some((y) => y.kind === 'hoorgesprek' && y.escalated));
      expect(s2.missedDeadlines).toEqual([{ kind: 'hoorgesprek', dueAt: d.dueAt }]);
      const expected = ['team:herinnering-termijn', 'team:termijn-verstreken', 'team:escalatie-termijn'];
      const topics = await eventually(() => notifications(c.caseId), (ns) => expected.every((e) => ns.includes(e)));
      expect(topics).toEqual(expect.arrayContaining(expected));
    }));
});
