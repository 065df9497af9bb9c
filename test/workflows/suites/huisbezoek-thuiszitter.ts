import { CaseDriver } from '../../support/case-driver';
import { eventually } from '../../support/eventually';
import { aSummary, bornYearsBefore, seedYouth, today } from '../../support/fixtures';
import { sleepUntil, walkOnderzoek } from '../../support/workflow-env';
import { t } from './shared-env';

/** Huisbezoek on the case workflow, on the time-skipping server. */
describe('case workflow: huisbezoek', () => {
  const newCase = async () => {
    const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
    return CaseDriver.start(t.env.client, t.taskQueue, aSummary(), youthId);
  };
  const notifications = (caseId: string) =>
    t.prisma.notification.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } }).then((ns) => ns.map((n) => `${n.recipientRole}:${n.topic}`));
  const nowIso = async () => new Date(await t.env.currentTimeMs()).toISOString();

  test('jongere niet traceerbaar: recorded, team lead and consultant told, the follow-up deadline is served by the timer loop', () =>
    t.withWorker(async () => {
      const c = await newCase();
      await walkOnderzoek(t.env, c, 'hoorgesprek');
      const s = await c.do('recordHuisbezoek', { visitedAt: await nowIso(), outcome: 'jongere-niet-traceerbaar', note: 'buren kennen het gezin niet' });
      expect(s.huisbezoeken).toEqual([expect.objectContaining({ outcome: 'jongere-niet-traceerbaar', followUp: true })]);
      const d = s.deadlines.find((x) => x.id === 'huisbezoek-opvolging')!;
      expect(d).toMatchObject({ kind: 'huisbezoek-opvolging', owner: 'consultant' });
      // No consultant or team lead is known for this gemeente here: the team inbox gets what is meant for them (nothing is addressed to nobody).
      // Both messages (the consultant's and the team lead's) are there.
      const told = await eventually(() => notifications(c.caseId), (ns) => ns.filter((n) => n === 'team:huisbezoek-opvolging').length === 2);
      expect(told.filter((n) => n === 'team:huisbezoek-opvolging')).toHaveLength(2);
      await sleepUntil(t.env, d.dueAt);
      const s1 = await c.waitFor((x) => x.deadlines.some((y) => y.id === 'huisbezoek-opvolging' && y.expired));
      expect(s1.missedDeadlines).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'huisbezoek-opvolging' })]));
    }));

  test('contact made needs no follow-up; invalid input and a visit in the future are refused', () =>
    t.withWorker(async () => {
      const c = await newCase();
      await walkOnderzoek(t.env, c, 'hoorgesprek');
      const s = await c.do('recordHuisbezoek', { visitedAt: await nowIso(), outcome: 'contact-gemaakt' });
      expect(s.huisbezoeken).toHaveLength(1);
      expect(s.deadlines.some((x) => x.id === 'huisbezoek-opvolging')).toBe(false);
      expect((await c.refusal('recordHuisbezoek', { visitedAt: await nowIso(), outcome: 'onbekend' })).type).toBe('InvalidInput');
      const future = new Date((await t.env.currentTimeMs()) + 3 * 86_400_000).toISOString();
      expect((await c.refusal('recordHuisbezoek', { visitedAt: future, outcome: 'niemand-thuis' })).type).toBe('RuleViolation');
      expect((await c.state()).huisbezoeken).toHaveLength(1);
    }));
});

/** Thuiszitter cases on the case workflow, on the time-skipping server. */
describe('case workflow: thuiszitter', () => {
  const dateOf = async (plusDays = 0) => new Date((await t.env.currentTimeMs()) + plusDays * 86_400_000).toISOString().slice(0, 10);
  const start = async (summary = aSummary()) => {
    const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
    return CaseDriver.start(t.env.client, t.taskQueue, summary, youthId);
  };
  const projected = (caseId: string) => t.prisma.case.findUnique({ where: { id: caseId }, select: { thuiszitter: true, thuiszitterSince: true, thuiszitterUntil: true } });
  const review = async (goals: { description: string; dueOn: string }[] = []) => ({
    heldOn: await dateOf(),
    partners: [
      { partner: 'school', outcome: 'Maatwerkrooster: twee ochtenden' },
      { partner: 'samenwerkingsverband', outcome: 'Plaatsing in een bovenschoolse voorziening onderzocht' },
    ],
    withParents: true,
    withYouth: true,
    conclusion: 'Gedeeltelijk onderwijs is mogelijk',
    goals,
  });

  test('a langdurig-relatief melding is recognised at intake; the review deadline is kept; a review plans goals that the timers follow up', () =>
    t.withWorker(async () => {
      const c = await start(aSummary({ kind: 'langdurig-relatief', startDate: await dateOf(-35), endDate: await dateOf(-1), daysAbsent: 24 }));
      const s0 = await c.waitFor((s) => !!s.thuiszitter);
      expect(s0.thuiszitter).toMatchObject({ grounds: 'langdurig-relatief', setBy: 'afgeleid', since: await dateOf(-35) });
      expect(await eventually(() => projected(c.caseId), (p) => !!p?.thuiszitter)).toEqual({ thuiszitter: true, thuiszitterSince: await dateOf(-35), thuiszitterUntil: null });

      // The review is not held in time: the consultant is told, the team lead after the escalation term.
      const due = s0.deadlines.find((d) => d.id === 'thuiszitter-overleg')!;
      await sleepUntil(t.env, due.escalateAt!);
      const s1 = await c.waitFor((s) => s.deadlines.some((d) => d.id === 'thuiszitter-overleg' && d.escalated));
      expect(s1.missedDeadlines).toContainEqual({ kind: 'thuiszitter-overleg', dueAt: due.dueAt });
      expect(await eventually(() => notifications(c.caseId), (ns) => ns.includes('team:escalatie-termijn'))).toEqual(
        expect.arrayContaining(['team:thuiszitter', 'team:thuiszitter', 'team:termijn-verstreken', 'team:escalatie-termijn']),
      );

      // The review records a goal; its date passes without progress: expired, and the next review is planned.
      const s2 = await c.do('recordThuiszitterReview', await review([{ description: 'Twee ochtenden per week naar school', dueOn: await dateOf(14) }]));
      const goal = s2.deadlines.find((d) => d.id === 'thuiszitter-doel:doel-1')!;
      expect(s2.deadlines.find((d) => d.id === 'thuiszitter-overleg')!.expired).toBe(false);
      await sleepUntil(t.env, goal.dueAt);
      const s3 = await c.waitFor((s) => s.deadlines.some((d) => d.id === 'thuiszitter-doel:doel-1' && d.expired));
      expect(s3.missedDeadlines).toContainEqual({ kind: 'thuiszitter-doel', dueAt: goal.dueAt });
      const s4 = await c.do('recordGoalProgress', { goalId: 'doel-1', status: 'behaald', note: 'Gaat sinds deze week twee ochtenden' });
      expect(s4.deadlines.some((d) => d.id === 'thuiszitter-doel:doel-1')).toBe(false);

      // Back at school: the period ends; the projection shows its end.
      await c.do('endThuiszitter', { endedOn: await dateOf(), reason: 'gedeeltelijk-onderwijs' });
      expect(await eventually(() => projected(c.caseId), (p) => p?.thuiszitterUntil !== null)).toMatchObject({ thuiszitter: true, thuiszitterUntil: await dateOf() });
    }));

  test('the consultant marks a 16-uur case after four weeks at home; refusals reach the caller with their reason', () =>
    t.withWorker(async () => {
      const c = await start();
      await c.waitFor((s) => s.step === 'school-informatie');
      expect((await c.state()).thuiszitter).toBeUndefined();
      const tooShort = await c.refusal('markThuiszitter', { since: await dateOf(-10), grounds: 'vier-weken-afwezig' });
      expect(tooShort).toMatchObject({ type: 'RuleViolation', details: [expect.objectContaining({ code: 'thuiszitter.too-short' })] });
      expect((await c.refusal('recordThuiszitterReview', await review())).type).toBe('PhaseConflict');
      expect((await c.refusal('markThuiszitter', { since: 'gisteren', grounds: 'vier-weken-afwezig' })).type).toBe('InvalidInput');
      const s = await c.do('markThuiszitter', { since: await dateOf(-30), grounds: 'ziek-met-plan', note: 'Plan GGZ: halve dagen mogelijk' });
      expect(s.thuiszitter).toMatchObject({ grounds: 'ziek-met-plan', setBy: 'lpa-anna' });
      expect((await c.refusal('markThuiszitter', { since: await dateOf(-30), grounds: 'ziek-met-plan' })).type).toBe('PhaseConflict');
      // Closing the case ends the period.
      await c.do('closeCase', { reason: 'verhuisd-buiten-regio' });
      expect((await c.finalState()).thuiszitter).toMatchObject({ endReason: 'zaak-gesloten', until: await dateOf() });
    }));

  test('huisbezoek follow-up: the address check ends the follow-up deadline', () =>
    t.withWorker(async () => {
      const c = await start();
      await walkOnderzoek(t.env, c, 'hoorgesprek');
      await c.do('recordHuisbezoek', { visitedAt: new Date(await t.env.currentTimeMs()).toISOString(), outcome: 'adres-onjuist' });
      const s = await c.do('completeHuisbezoekFollowUp', { addressCheck: 'nieuw-adres-in-regio', partnersInformed: ['school', 'brp'] });
      expect(s.deadlines.some((d) => d.id === 'huisbezoek-opvolging')).toBe(false);
      expect(s.huisbezoeken![0]!.followUpDone).toMatchObject({ addressCheck: 'nieuw-adres-in-regio', by: 'lpa-anna' });
      expect((await c.refusal('completeHuisbezoekFollowUp', { addressCheck: 'adres-bevestigd' })).type).toBe('PhaseConflict');
    }));

  const notifications = (caseId: string) =>
    t.prisma.notification.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } }).then((ns) => ns.map((n) => `${n.recipientRole}:${n.topic}`));
});
