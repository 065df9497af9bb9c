import { CaseDriver } from '../support/case-driver';
import { eventually } from '../support/eventually';
import { aSummary, bornYearsBefore, seedYouth, today } from '../support/fixtures';
import { createCaseTestEnv, sleepUntil, type CaseTestEnv } from '../support/workflow-env';

/** The hoorgesprek as consultants meet it (issue 12): moved, cancelled or refused before the date, missed on the day. */
describe('case workflow: hoorgesprek re-planned, cancelled, refused, missed', () => {
  let t: CaseTestEnv;
  beforeAll(async () => {
    t = await createCaseTestEnv();
  });
  afterAll(async () => t?.close());

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
