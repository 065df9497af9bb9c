import { schoolInformationSignal } from '../../../workflows/messages';
import { CaseDriver, consultant, school } from '../../support/case-driver';
import { eventually } from '../../support/eventually';
import { aSummary, bornYearsBefore, seedYouth, today } from '../../support/fixtures';
import { sleepUntil } from '../../support/workflow-env';
import { t } from './shared-env';

/** The onderzoeksfase on the time-skipping server, with the real ZHZ policy durations. */
describe('case workflow: onderzoeksfase', () => {
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

/** School information that arrives after it was recorded (issue 12): kept as an addition, never dropped. */
describe('case workflow: late and repeated school answers', () => {
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
        // In the case's order (its version): without an order PostgreSQL may return them in any.
        () => t.prisma.auditEntry.findMany({ where: { caseId: c.caseId, action: 'signal:schoolInformationReceived' }, orderBy: { version: 'asc' } }),
        (rows) => rows.length === 3,
      );
      expect(audit.map((r) => r.reason)).toEqual([null, 'aanvulling (na-eerder-antwoord)', 'aanvulling (ouder-verzoek)']);
    }));
});

/** The hoorgesprek as consultants meet it (issue 12): moved, cancelled or refused before the date, missed on the day. */
describe('case workflow: hoorgesprek re-planned, cancelled, refused, missed', () => {
  const DAY = 86_400_000;
  const atHoorgesprek = async (age = 14) => {
    const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), age));
    const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary(), youthId);
    const s0 = await c.waitFor((x) => x.step === 'school-informatie');
    await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId });
    await c.waitFor((x) => x.step === 'hoorgesprek');
    return c;
  };
  const inDays = async (days: number) => new Date((await t.env.currentTimeMs()) + days * DAY).toISOString();
  const invitations = (caseId: string) =>
    t.prisma.correspondence.findMany({ where: { caseId, kind: 'invite-hoorgesprek' }, orderBy: { createdAt: 'asc' } }).then((rows) => rows.map((r) => r.details as Record<string, unknown>));
  const topics = (caseId: string) => t.prisma.notification.findMany({ where: { caseId } }).then((ns) => ns.map((n) => n.topic));

  test('a planned hoorgesprek moves to a new date and place with the reason; a new invitation goes out and the deadline follows', () =>
    t.withWorker(async () => {
      const c = await atHoorgesprek();
      const first = await inDays(2);
      await c.do('planHoorgesprek', { plannedFor: first, withYouth: true, location: 'Stadskantoor' });
      const moved = await inDays(6);
      const s = await c.do('replanHoorgesprek', { plannedFor: moved, location: 'Huisbezoek', requestedBy: 'ouders', reason: 'Moeder moet werken op die dag' });
      expect(s.step).toBe('hoorgesprek');
      expect(s.hoorgesprek.invitations).toEqual([
        expect.objectContaining({ plannedFor: first, outcome: 'verplaatst', change: expect.objectContaining({ by: 'ouders', reason: 'Moeder moet werken op die dag' }) }),
        expect.objectContaining({ plannedFor: moved, location: 'Huisbezoek', withYouth: true, withParents: true }),
      ]);
      expect(s.hoorgesprek.invitations[1]!.outcome).toBeUndefined();
      // The outcome is now due after the new date, not the old one.
      expect(s.deadlines.find((d) => d.kind === 'hoorgesprek')!.dueAt > moved).toBe(true);
      const sent = await eventually(() => invitations(c.caseId), (rows) => rows.length === 2);
      expect(sent[1]).toMatchObject({ sequence: 2, plannedFor: moved, location: 'Huisbezoek', replaces: 1, reason: 'Moeder moet werken op die dag' });
      const audit = await eventually(() => t.prisma.auditEntry.findFirst({ where: { caseId: c.caseId, action: 'replanHoorgesprek' } }), (e) => e !== null);
      expect(audit!.reason).toBe('Moeder moet werken op die dag');

      // Moving to a date that passed, or moving nothing, is refused with the reason.
      expect(await c.refusal('replanHoorgesprek', { plannedFor: new Date((await t.env.currentTimeMs()) - 3_600_000).toISOString(), location: 'x', requestedBy: 'consultant', reason: 'x' })).toMatchObject({
        type: 'RuleViolation',
        details: [expect.objectContaining({ code: 'hoorgesprek.replan-past' })],
      });
      const other = await atHoorgesprek();
      expect(await other.refusal('replanHoorgesprek', { plannedFor: moved, location: 'x', requestedBy: 'ouders', reason: 'x' })).toMatchObject({ type: 'PhaseConflict' });
    }));

  test('parents cancel before the date: recorded with the reason, the consultant plans a second invitation', () =>
    t.withWorker(async () => {
      const c = await atHoorgesprek();
      const planned = await inDays(3);
      await c.do('planHoorgesprek', { plannedFor: planned, withYouth: true, location: 'Stadskantoor' });
      const receivedAt = new Date(await t.env.currentTimeMs()).toISOString();
      const s = await c.do('cancelHoorgesprek', { by: 'ouders', kind: 'afgezegd', receivedAt, reason: 'Jongere is ziek, ouders bellen af' });
      expect(s.step).toBe('hoorgesprek');
      expect(s.hoorgesprek.invitations[0]).toMatchObject({ outcome: 'afgezegd', change: { by: 'ouders', reason: 'Jongere is ziek, ouders bellen af', at: receivedAt } });
      expect(s.hoorgesprek.refusedToCooperate).toBe(false);
      expect(await eventually(() => topics(c.caseId), (ts) => ts.includes('hoorgesprek-afgezegd'))).toContain('hoorgesprek-afgezegd');

      const second = await inDays(7);
      const s2 = await c.do('planHoorgesprek', { plannedFor: second, withYouth: true, location: 'Stadskantoor' });
      expect(s2.hoorgesprek.invitations.map((i) => i.outcome ?? 'gepland')).toEqual(['afgezegd', 'gepland']);
      const sent = await eventually(() => invitations(c.caseId), (rows) => rows.length === 2);
      expect(sent.map((r) => r.sequence)).toEqual([1, 2]);
    }));

  test('the youth refuses before the date: grounds for a proces-verbaal, the judgement is next', () =>
    t.withWorker(async () => {
      const c = await atHoorgesprek(15);
      await c.do('planHoorgesprek', { plannedFor: await inDays(3), withYouth: true, location: 'Stadskantoor' });
      const s = await c.do('cancelHoorgesprek', { by: 'jongere', kind: 'geweigerd', receivedAt: new Date(await t.env.currentTimeMs()).toISOString(), reason: 'Jongere weigert te komen' });
      expect(s).toMatchObject({ step: 'beoordeling', hoorgesprek: { refusedToCooperate: true, refusalGrounds: 'geweigerd' } });
      expect(s.hoorgesprek.invitations[0]).toMatchObject({ outcome: 'geweigerd', change: { by: 'jongere' } });
      expect(await eventually(() => topics(c.caseId), (ts) => ts.includes('hoorgesprek-geweigerd'))).toContain('hoorgesprek-geweigerd');
    }));

  test('a cancellation after the hour is refused: the outcome is recorded instead', () =>
    t.withWorker(async () => {
      const c = await atHoorgesprek();
      const planned = await inDays(1);
      await c.do('planHoorgesprek', { plannedFor: planned, withYouth: true, location: 'Stadskantoor' });
      await sleepUntil(t.env, planned, 3_600_000);
      const refused = await c.refusal('cancelHoorgesprek', { by: 'ouders', kind: 'afgezegd', receivedAt: new Date(await t.env.currentTimeMs()).toISOString(), reason: 'te laat' });
      expect(refused.details).toEqual([expect.objectContaining({ code: 'hoorgesprek.cancel-after' })]);
    }));

  test('a no-show is recorded on the day; after the second invitation a second no-show counts as refusal', () =>
    t.withWorker(async () => {
      const c = await atHoorgesprek();
      // Tomorrow 08:00 UTC (09:00 in Amsterdam), a hoorgesprek planned for 13:00 UTC the same day.
      const tomorrow = new Date((await t.env.currentTimeMs()) + DAY).toISOString().slice(0, 10);
      const morning = `${tomorrow}T08:00:00.000Z`;
      const afternoon = `${tomorrow}T13:00:00.000Z`;
      await c.do('planHoorgesprek', { plannedFor: afternoon, withYouth: true, location: 'Stadskantoor' });
      await sleepUntil(t.env, morning, 0);
      let s = await c.do('recordHoorgesprek', { outcome: 'niet-verschenen', summary: 'Ouders melden op de dag zelf dat ze niet komen' });
      expect(s.step).toBe('hoorgesprek');
      expect(s.hoorgesprek).toMatchObject({ refusedToCooperate: false, invitations: [expect.objectContaining({ outcome: 'niet-verschenen' })] });

      const second = await inDays(3);
      await c.do('planHoorgesprek', { plannedFor: second, withYouth: true, location: 'Stadskantoor' });
      await sleepUntil(t.env, second, 3_600_000);
      s = await c.do('recordHoorgesprek', { outcome: 'niet-verschenen', summary: 'Weer niemand' });
      expect(s).toMatchObject({ step: 'beoordeling', hoorgesprek: { refusedToCooperate: true, refusalGrounds: 'tweede-keer-niet-verschenen' } });
      expect(await eventually(() => invitations(c.caseId), (rows) => rows.length === 2)).toHaveLength(2);
    }));
});
