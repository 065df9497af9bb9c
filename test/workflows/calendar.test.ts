import { randomInt, randomUUID } from 'node:crypto';
import { addWorkingDays } from '../../domain/calendar';
import { schoolYearOf } from '../../domain/calendar-school-holidays';
import { addDays, toIsoDate } from '../../domain/dates';
import { ZHZ_POLICY } from '../../domain/policy';
import { Prisma } from '../../prisma/client';
import { saveSchoolYear } from '../../prisma/school-holidays';
import { CALENDAR_BROADCAST_WORKFLOW_TYPE, calendarBroadcastId } from '../../workflows/calendar-messages';
import { CaseDriver } from '../support/case-driver';
import { eventually } from '../support/eventually';
import { aSummary, bornYearsBefore, seedYouth, today } from '../support/fixtures';
import { createCaseTestEnv, type CaseTestEnv } from '../support/workflow-env';

/**
 * The calendar as reference data for running cases (issue 14): the administrator adds a school
 * holiday, the broadcast brings it to the running cases, a pending deadline moves and the school's
 * deadline, already in its e-mail, stays. A region and gemeente of this test alone keep it apart.
 */
describe('case workflow: the school calendar changes while cases run', () => {
  let t: CaseTestEnv;
  const region = `wf-cal-${randomUUID().slice(0, 6)}`;
  const gemeente = `GM9${String(randomInt(1000)).padStart(3, '0')}`;

  beforeAll(async () => {
    t = await createCaseTestEnv();
    const policy = { ...ZHZ_POLICY, regionId: region, name: 'Kalendertest', schoolHolidayRegion: region };
    await t.prisma.regionPolicy.create({ data: { regionId: region, gemeenten: [gemeente], policy: policy as unknown as Prisma.InputJsonValue } });
  });
  afterAll(async () => {
    await t?.prisma.regionPolicy.deleteMany({ where: { regionId: region } });
    await t?.close();
  });

  const newCase = async () => {
    const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
    return CaseDriver.start(t.env.client, t.taskQueue, aSummary({ gemeente }), youthId);
  };

  test("a pending deadline moves when the administrator adds a holiday; the school's communicated deadline stays", () =>
    t.withWorker(async () => {
      // No school holidays known for the region yet: every working-day deadline is provisional.
      const waiting = await newCase();
      const w0 = await waiting.waitFor((s) => s.step === 'school-informatie');
      const answered = await newCase();
      const a0 = await answered.waitFor((s) => s.step === 'school-informatie');
      await answered.schoolAnswers({ requestId: a0.schoolRequest!.requestId });
      const a1 = await answered.waitFor((s) => s.step === 'hoorgesprek');
      const pending = a1.deadlines.find((d) => d.id === 'hoorgesprek')!;
      const school = w0.deadlines.find((d) => d.id === 'school-informatie')!;
      expect(a1.calendar).toMatchObject({ region, revision: 0, coveredUntil: null });
      expect(pending.provisional).toBe(true);
      expect(school.communicated).toBe(true);

      // The administrator adds a week off starting tomorrow (the test server's date), in the school year of that day.
      const from = addDays(toIsoDate(new Date(await t.env.currentTimeMs())), 1);
      const holiday = { name: 'Extra week', from, to: addDays(from, 6) };
      const { revision } = await saveSchoolYear(t.prisma, { region, schoolYear: schoolYearOf(from), holidays: [holiday], updatedBy: 'fb-admin' });
      expect(revision).toBe(1);
      // As the API does after saving: the broadcast workflow signals the running cases of the region.
      await t.env.client.workflow.start(CALENDAR_BROADCAST_WORKFLOW_TYPE, {
        workflowId: calendarBroadcastId(region, revision),
        taskQueue: t.taskQueue,
        args: [{ region, actor: { id: 'fb-admin', role: 'admin' } }],
      });

      const a2 = await answered.waitFor((s) => s.calendar?.revision === revision);
      const moved = a2.deadlines.find((d) => d.id === 'hoorgesprek')!;
      const basis = pending.basis!;
      if (basis.count !== 'working-days') throw new Error('the hoorgesprek deadline counts working days');
      const expected = addWorkingDays(basis.from, basis.workingDays, [holiday]);
      expect(expected > pending.dueAt.slice(0, 10)).toBe(true); // the week off falls inside the term
      expect(moved.dueAt).toBe(`${expected}T16:00:00.000Z`);
      expect(moved.provisional).toBe(moved.escalateAt!.slice(0, 10) > a2.calendar!.coveredUntil! || undefined);
      expect(a2.recentChanges!.at(-1)).toMatchObject({ action: 'signal:calendarChanged', actor: { id: 'fb-admin', role: 'admin' } });

      const w1 = await waiting.waitFor((s) => s.calendar?.revision === revision);
      expect(w1.deadlines.find((d) => d.id === 'school-informatie')).toEqual(school);
      expect(w1.schoolRequest!.dueAt).toBe(w0.schoolRequest!.dueAt);
      const request = await t.prisma.schoolRequest.findUniqueOrThrow({ where: { id: w0.schoolRequest!.requestId } });
      expect(request.dueAt.toISOString()).toBe(school.dueAt);

      // The projection (what the work queue orders by) follows the moved deadline.
      const row = await eventually(() => t.prisma.case.findUniqueOrThrow({ where: { id: answered.caseId } }), (r) => r.nextDeadline?.toISOString() === moved.dueAt);
      expect(row.nextDeadline?.toISOString()).toBe(moved.dueAt);
    }));
});
