import { caseWorkflowId, type CaseWorkflowInput } from '../../../workflows/messages';
import { CaseDriver, consultant } from '../../support/case-driver';
import { aSummary, bornYearsBefore, daysAgo, seedYouth, today, uniqueId } from '../../support/fixtures';
import { sleepUntil, walkOnderzoek } from '../../support/workflow-env';
import { t } from './shared-env';

/** Intake from the registers in PostgreSQL, absoluut verzuim, and long-running mechanics. */
describe('case workflow: intake', () => {

  test('a registered vrijstelling that covers the period is put before the consultant, who closes the case', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 11));
      await t.prisma.vrijstelling.create({
        data: { youthId, kind: 'art5a', from: daysAgo(60), to: null, decisionDate: daysAgo(60), reference: 'VR-2026-17', details: { statementDate: daysAgo(70) }, createdBy: 'lpa-anna' },
      });
      const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary(), youthId);
      const s = await c.waitFor((x) => x.step === 'intake-besluit');
      expect(s).toMatchObject({ phase: 'intake', duoStatus: 'geregistreerd', vrijstellingen: [{ kind: 'art5a', reference: 'VR-2026-17' }] });
      expect(await t.prisma.schoolRequest.count({ where: { caseId: c.caseId } })).toBe(0);
      expect(await c.refusal('decideIntake', { decision: 'sluiten' })).toMatchObject({ type: 'InvalidInput' });
      const closed = await c.do('decideIntake', { decision: 'sluiten', closureReason: 'vrijstelling', note: 'Vrijstelling art. 5a geldig' });
      expect(closed).toMatchObject({ phase: 'afgesloten', duoStatus: 'ter-kennisgeving-aangenomen', closure: { reason: 'vrijstelling' } });
    }));

  test('the consultant may continue despite a vrijstelling; a vrijstelling outside the period does not stop the intake', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 12));
      await t.prisma.vrijstelling.create({
        data: { youthId, kind: 'art11-verlof', from: daysAgo(400), to: daysAgo(390), decisionDate: daysAgo(420), reference: 'V-old', details: {}, createdBy: 'lpa-anna' },
      });
      const plain = await CaseDriver.start(t.env.client, t.taskQueue, aSummary(), youthId);
      expect((await plain.waitFor((x) => x.step !== null)).step).toBe('school-informatie');

      const other = await seedYouth(t.prisma, bornYearsBefore(today(), 12));
      await t.prisma.vrijstelling.create({
        data: { youthId: other, kind: 'art15', from: daysAgo(30), to: null, decisionDate: daysAgo(30), reference: 'V-15', details: {}, createdBy: 'lpa-anna' },
      });
      const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary(), other);
      await c.waitFor((x) => x.step === 'intake-besluit');
      const s = await c.do('decideIntake', { decision: 'doorgaan' });
      expect(s).toMatchObject({ phase: 'onderzoek', step: 'school-informatie', duoStatus: 'in-behandeling' });
    }));

  test('the case is assigned by rule (school before gemeente) and can be reassigned', () =>
    t.withWorker(async () => {
      await t.prisma.assignmentRule.createMany({
        data: [
          { gemeente: 'GM0590', consultantId: 'lpa-papendrecht', teamLeadId: 'tl-zhz' },
          { schoolBrin: '99ZZ', consultantId: 'lpa-school-99zz', teamLeadId: 'tl-zhz' },
        ],
      });
      const youth = () => seedYouth(t.prisma, bornYearsBefore(today(), 13));
      const byGemeente = await CaseDriver.start(t.env.client, t.taskQueue, aSummary({ gemeente: 'GM0590', schoolBrin: '11AA' }), await youth());
      const bySchool = await CaseDriver.start(t.env.client, t.taskQueue, aSummary({ gemeente: 'GM0590', schoolBrin: '99ZZ' }), await youth());
      expect((await byGemeente.waitFor((x) => x.step !== null)).consultantId).toBe('lpa-papendrecht');
      const s = await bySchool.waitFor((x) => x.step !== null);
      expect(s).toMatchObject({ consultantId: 'lpa-school-99zz', teamLeadId: 'tl-zhz' });
      expect(await bySchool.refusal('reassign', { consultantId: 'lpa-school-99zz' })).toMatchObject({ type: 'RuleViolation' });
      expect((await bySchool.do('reassign', { consultantId: 'lpa-anna' }, { id: 'tl-zhz', role: 'teamlead' })).consultantId).toBe('lpa-anna');
      const notes = await t.prisma.notification.findMany({ where: { caseId: bySchool.caseId, topic: 'toegewezen' } });
      expect(notes.map((n) => n.recipientId)).toEqual(['lpa-anna']);
    }));

  test('absoluut verzuim: a term to enrol, then the penal route is open', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 13));
      const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary({ kind: 'absoluut', schoolBrin: undefined, hoursAbsent: undefined }), youthId);
      const s0 = await c.waitFor((x) => x.step === 'inschrijftermijn');
      // Not enrolled anywhere: also a thuiszitter case, reviewed with the partners meanwhile.
      expect(s0.deadlines.map((d) => [d.kind, d.owner])).toEqual([
        ['inschrijftermijn', 'system'],
        ['thuiszitter-overleg', 'consultant'],
      ]);
      expect(s0.thuiszitter).toMatchObject({ grounds: 'absoluut', setBy: 'afgeleid' });
      await sleepUntil(t.env, s0.deadlines.find((d) => d.kind === 'inschrijftermijn')!.dueAt);
      const s1 = await c.waitFor((x) => x.step === 'route-keuze');
      expect(s1).toMatchObject({ phase: 'routes', absoluutEnrolTermEnded: true });
      const s2 = await c.do('chooseRoutes', { routes: ['strafrechtelijk'], procesVerbaal: { against: ['ouders'] } });
      expect(s2.routes[0]!.kind).toBe('strafrechtelijk');
    }));

  test('absoluut verzuim: enrolment within the term closes the case (terug naar school)', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 8));
      const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary({ kind: 'absoluut', schoolBrin: undefined, hoursAbsent: undefined }), youthId);
      await c.waitFor((x) => x.step === 'inschrijftermijn');
      await c.enrolled('23BC', today());
      const s = await c.finalState();
      expect(s).toMatchObject({ phase: 'afgesloten', closure: { reason: 'terug-naar-school' }, enrolment: { brin: '23BC' } });
    }));

  test('a youth not yet leerplichtig on the melding date is put before the consultant', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 4, 1));
      const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary(), youthId);
      const s = await c.waitFor((x) => x.step === 'intake-besluit');
      expect(s.regime).toBe('niet-leerplichtig');
      expect((await c.do('decideIntake', { decision: 'sluiten', closureReason: 'ter-kennisgeving' }, consultant)).duoStatus).toBe('ter-kennisgeving-aangenomen');
    }));

  test('a case continued as new keeps its whole state and carries on', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
      const first = await CaseDriver.start(t.env.client, t.taskQueue, aSummary(), youthId);
      const state = await walkOnderzoek(t.env, first, 'beoordeling');
      // Start a second run from the first's state, as continueAsNew does when the history grows.
      const caseId = caseWorkflowId(uniqueId('m-can'));
      const input: CaseWorkflowInput = { kind: 'continued', state: { ...state, caseId } };
      const handle = await t.env.client.workflow.start('caseWorkflow', { workflowId: caseId, taskQueue: t.taskQueue, args: [input] });
      const second = new CaseDriver(handle as never);
      const s = await second.do('recordJudgement', { verdict: 'ongeoorloofd', reasoning: 'Geen geldige reden' });
      expect(s).toMatchObject({ phase: 'routes', step: 'route-keuze', version: state.version + 1 });
      expect(s.hoorgesprek.summary).toBe(state.hoorgesprek.summary);
    }));
});
