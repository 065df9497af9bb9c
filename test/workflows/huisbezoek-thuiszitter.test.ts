import { CaseDriver } from '../support/case-driver';
import { eventually } from '../support/eventually';
import { aSummary, bornYearsBefore, seedYouth, today } from '../support/fixtures';
import { createCaseTestEnv, sleepUntil, walkOnderzoek, type CaseTestEnv } from '../support/workflow-env';

/** Huisbezoek on the case workflow, on the time-skipping server. */
describe('case workflow: huisbezoek', () => {
  let t: CaseTestEnv;
  beforeAll(async () => {
    t = await createCaseTestEnv();
  });
  afterAll(async () => t?.close());

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
      expect(await eventually(() => notifications(c.caseId), (ns) => ns.includes('teamlead:huisbezoek-opvolging'))).toEqual(
        expect.arrayContaining(['consultant:huisbezoek-opvolging', 'teamlead:huisbezoek-opvolging']),
      );
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
