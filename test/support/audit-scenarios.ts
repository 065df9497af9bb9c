import { randomInt } from 'node:crypto';
import type { Actor } from '../../domain/case/actor';
import type { CaseState } from '../../domain/case/state';
import { CaseDriver, consultant } from './case-driver';
import { aSummary, bornYearsBefore, seedYouth, today, uniqueId } from './fixtures';
import { aSignalSummary, SignalDriver } from './signal-driver';
import { sleepUntil, type CaseTestEnv } from './workflow-env';

export const teamLead: Actor = { id: 'tl-bert', role: 'teamlead' };
export const bob: Actor = { id: 'lpa-bob', role: 'consultant' };

/** A gemeente and school of the test's own, with an assignment rule, so figures and rules are the test's. */
export async function ownRegion(t: CaseTestEnv): Promise<{ gemeente: string; schoolBrin: string }> {
  const gemeente = `GM${randomInt(1000, 9999)}`;
  const schoolBrin = `${randomInt(10, 99)}${String.fromCharCode(65 + randomInt(26))}${String.fromCharCode(65 + randomInt(26))}`;
  await t.prisma.assignmentRule.deleteMany({ where: { OR: [{ gemeente }, { schoolBrin }] } });
  await t.prisma.assignmentRule.create({ data: { gemeente, schoolBrin: null, consultantId: consultant.id, teamLeadId: teamLead.id } });
  return { gemeente, schoolBrin };
}

export async function startCase(t: CaseTestEnv, region: { gemeente: string; schoolBrin: string }, meldingId = uniqueId('m'), options: { maxHistoryEvents?: number; workflowTaskTimeout?: string; lanes?: boolean } = {}): Promise<CaseDriver> {
  const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
  return CaseDriver.start(t.env.client, t.taskQueue, aSummary({ meldingId, gemeente: region.gemeente, schoolBrin: region.schoolBrin }), youthId, options);
}

/** The decisions the walk makes, in order, with who makes them: what the audit must show. */
export const WALK_DECISIONS: [string, string][] = [
  ['planHoorgesprek', consultant.id],
  ['recordHoorgesprek', consultant.id],
  ['reassign', teamLead.id],
  ['recordJudgement', bob.id],
  ['chooseRoutes', bob.id],
  ['recordRouteOutcome', bob.id],
];

/**
 * A case from melding to closure, on the time-skipping server: the school's reminder fires, the
 * school answers, a hoorgesprek, a refused step, a reassignment by the team lead, the judgement,
 * a warning, monitoring, and the monitoring period's end closes it (the system).
 */
export async function walkToClosure(t: CaseTestEnv, c: CaseDriver): Promise<CaseState> {
  const s0 = await c.waitFor((x) => x.step === 'school-informatie');
  await sleepUntil(t.env, s0.deadlines.find((d) => d.kind === 'school-informatie')!.remindAt!);
  await c.waitFor((x) => x.schoolRequest!.remindersSent === 1);
  await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId, careSignals: 'somberheid' });
  await c.waitFor((x) => x.step === 'hoorgesprek');
  const plannedFor = new Date((await t.env.currentTimeMs()) + 86_400_000).toISOString();
  await c.do('planHoorgesprek', { plannedFor, withYouth: true, location: 'Stadskantoor', note: 'ouders telefonisch uitgenodigd' });
  await sleepUntil(t.env, plannedFor, 3_600_000);
  await c.do('recordHoorgesprek', { outcome: 'gehouden', youthHeard: true, summary: 'Jongere voelt zich niet veilig in de klas' });
  // Refused (the judgement comes first): it must not appear anywhere in the audit.
  await c.refusal('chooseRoutes', { routes: ['waarschuwing'] });
  await c.do('reassign', { consultantId: bob.id, note: 'Anna met verlof' }, teamLead);
  await c.do('recordJudgement', { verdict: 'ongeoorloofd', reasoning: 'Geen geldige reden voor het verzuim', helpNeeded: ['jeugdteam'] }, bob);
  await c.do('chooseRoutes', { routes: ['waarschuwing'], note: 'eerste keer' }, bob);
  const monitored = await c.do('recordRouteOutcome', { route: 'waarschuwing', outcome: 'uitgereikt' }, bob);
  await sleepUntil(t.env, monitored.monitoring!.until);
  return c.finalState();
}

/** A langdurig-relatief case, recognised as a thuiszitter case, reviewed with a plan goal whose date passes. */
export async function startThuiszitterCase(t: CaseTestEnv, region: { gemeente: string; schoolBrin: string }): Promise<CaseDriver> {
  const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
  const day = async (plus: number) => new Date((await t.env.currentTimeMs()) + plus * 86_400_000).toISOString().slice(0, 10);
  const c = await CaseDriver.start(
    t.env.client,
    t.taskQueue,
    aSummary({ kind: 'langdurig-relatief', gemeente: region.gemeente, schoolBrin: region.schoolBrin, startDate: await day(-35), endDate: await day(-1), daysAbsent: 24 }),
    youthId,
  );
  await c.waitFor((s) => !!s.thuiszitter);
  const s = await c.do('recordThuiszitterReview', {
    heldOn: await day(0),
    partners: [{ partner: 'school', outcome: 'Maatwerkrooster' }],
    withParents: true,
    withYouth: true,
    conclusion: 'Halve dagen haalbaar',
    goals: [{ description: 'Twee ochtenden naar school', dueOn: await day(7) }],
  });
  await sleepUntil(t.env, s.deadlines.find((d) => d.id === 'thuiszitter-doel:doel-1')!.dueAt);
  await c.waitFor((x) => x.deadlines.some((d) => d.id === 'thuiszitter-doel:doel-1' && d.expired));
  await c.do('recordGoalProgress', { goalId: 'doel-1', status: 'behaald' });
  return c;
}

/** An early signal: advice to the school, its follow-up check, closed with an outcome. */
export async function runSignal(t: CaseTestEnv, region: { gemeente: string; schoolBrin: string }): Promise<SignalDriver> {
  const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 13));
  const s = await SignalDriver.start(t.env.client, t.prisma, t.taskQueue, aSignalSummary({ gemeente: region.gemeente, schoolBrin: region.schoolBrin }), youthId);
  await s.waitFor((x) => x.step === 'reactie');
  const advised = await s.do('recordContact', { kind: 'advies-aan-school', at: new Date(await t.env.currentTimeMs()).toISOString(), summary: 'Advies: gesprek met ouders' });
  await sleepUntil(t.env, advised.deadlines[0]!.dueAt);
  await s.waitFor((x) => x.deadlines.some((d) => d.expired));
  await s.do('recordFollowUp', { result: 'verbeterd', summary: 'Weer op tijd' });
  await s.do('closeSignal', { outcome: 'verzuim-gestopt' });
  await s.waitFor((x) => x.status === 'afgesloten');
  return s;
}
