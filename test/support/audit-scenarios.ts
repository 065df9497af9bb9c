import { randomInt } from 'node:crypto';
import type { Actor } from '../../domain/case/actor';
import type { CaseState } from '../../domain/case/state';
import { CaseDriver, consultant } from './case-driver';
import { aSummary, bornYearsBefore, seedYouth, today, uniqueId } from './fixtures';
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

export async function startCase(t: CaseTestEnv, region: { gemeente: string; schoolBrin: string }, meldingId = uniqueId('m')): Promise<CaseDriver> {
  const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
  return CaseDriver.start(t.env.client, t.taskQueue, aSummary({ meldingId, gemeente: region.gemeente, schoolBrin: region.schoolBrin }), youthId);
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
