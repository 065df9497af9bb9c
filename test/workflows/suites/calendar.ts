import { randomInt, randomUUID } from 'node:crypto';
import { addWorkingDays } from '../../../domain/calendar';
import { schoolYearOf } from '../../../domain/calendar-school-holidays';
import { addDays, toIsoDate } from '../../../domain/dates';
import { ZHZ_POLICY } from '../../../domain/policy';
import { Prisma } from '../../../prisma/client';
import { saveSchoolYear } from '../../../prisma/school-holidays';
import { openCase } from '../../../domain/case/intake';
import { CALENDAR_BROADCAST_WORKFLOW_TYPE, CALENDAR_PATCH, calendarBroadcastId } from '../../../workflows/calendar-messages';
import { caseWorkflowId } from '../../../workflows/messages';
import type { caseWorkflow } from '../../../workflows/case.workflow';
import { CaseDriver } from '../../support/case-driver';
import { intakeFacts } from '../../support/intake-facts';
import { eventually } from '../../support/eventually';
import { aSummary, bornYearsBefore, seedYouth, today } from '../../support/fixtures';
import { t } from './shared-env';

/**
 * The calendar as reference data for running cases (issue 14), first on the shared server: its
 * dates are the days around today, on a clock no other suite has moved on yet: the administrator adds a school
 * holiday, the broadcast brings it to the running cases, a pending deadline moves and the school's
 * deadline, already in its e-mail, stays. A region and gemeente of this test alone keep it apart.
 */
describe('case workflow: the school calendar changes while cases run', () => {
  const region = `wf-cal-${randomUUID().slice(0, 6)}`;
  const gemeente = `GM9${String(randomInt(1000)).padStart(3, '0')}`;

  beforeAll(async () => {
    const policy = { ...ZHZ_POLICY, regionId: region, name: 'Kalendertest', schoolHolidayRegion: region };
    await t.prisma.regionPolicy.create({ data: { regionId: region, gemeenten: [gemeente], policy: policy as unknown as Prisma.InputJsonValue } });
  });
  afterAll(async () => {
    await t?.prisma.regionPolicy.deleteMany({ where: { regionId: region } });
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

      // The broadcast finds running cases by their projection (and, through the API, by their melding rows).
      for (const c of [waiting, answered]) await eventually(() => t.prisma.case.findUnique({ where: { id: c.caseId } }), (r) => r !== null, 30_000);

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

      // Generous waits: a broadcast is a workflow, an activity and a signal per case, slow on a loaded machine.
      const a2 = await answered.waitFor((s) => s.calendar?.revision === revision, 60_000);
      const moved = a2.deadlines.find((d) => d.id === 'hoorgesprek')!;
      const basis = pending.basis!;
      if (basis.count !== 'working-days') throw new Error('the hoorgesprek deadline counts working days');
      const expected = addWorkingDays(basis.from, basis.workingDays, [holiday]);
      expect(expected > pending.dueAt.slice(0, 10)).toBe(true); // the week off falls inside the term
      expect(moved.dueAt).toBe(`${expected}T16:00:00.000Z`);
      expect(moved.provisional).toBe(moved.escalateAt!.slice(0, 10) > a2.calendar!.coveredUntil! || undefined);
      expect(a2.recentChanges!.at(-1)).toMatchObject({ action: 'signal:calendarChanged', actor: { id: 'fb-admin', role: 'admin' } });

      const w1 = await waiting.waitFor((s) => s.calendar?.revision === revision, 60_000);
      expect(w1.deadlines.find((d) => d.id === 'school-informatie')).toEqual(school);
      expect(w1.schoolRequest!.dueAt).toBe(w0.schoolRequest!.dueAt);
      const request = await t.prisma.schoolRequest.findUniqueOrThrow({ where: { id: w0.schoolRequest!.requestId } });
      expect(request.dueAt.toISOString()).toBe(school.dueAt);

      // The projection (what the work queue orders by) follows the moved deadline.
      const row = await eventually(() => t.prisma.case.findUniqueOrThrow({ where: { id: answered.caseId } }), (r) => r.nextDeadline?.toISOString() === moved.dueAt);
      expect(row.nextDeadline?.toISOString()).toBe(moved.dueAt);
    }));

  test('a case from before the calendar loads it once when it next runs (patched) and counts its next deadlines with it', () =>
    t.withWorker(async () => {
      const oldRegion = `wf-old-${randomUUID().slice(0, 6)}`;
      const now = new Date(await t.env.currentTimeMs());
      const from = addDays(toIsoDate(now), 1);
      const holiday = { name: 'Extra week', from, to: addDays(from, 6) };
      await saveSchoolYear(t.prisma, { region: oldRegion, schoolYear: schoolYearOf(from), holidays: [holiday], updatedBy: 'fb-admin' });

      // The state as a case carried it before the calendar: no calendar, deadlines without a basis.
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
      const melding = aSummary({ gemeente });
      const caseId = caseWorkflowId(melding.meldingId);
      const old = openCase(intakeFacts({ caseId, melding, youthId, gemeente, calendar: undefined, policy: { ...ZHZ_POLICY, schoolHolidayRegion: oldRegion } }), now).state;
      expect(old.calendar).toBeUndefined();
      expect(old.deadlines.every((d) => d.basis === undefined)).toBe(true);
      const handle = await t.env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', { workflowId: caseId, taskQueue: t.taskQueue, args: [{ kind: 'continued', state: old }] });
      const c = new CaseDriver(handle);

      const adopted = await c.waitFor((s) => s.calendar !== undefined);
      expect(adopted.calendar).toMatchObject({ region: oldRegion, revision: 1 });
      expect(adopted.calendar!.holidays).toEqual([holiday]);
      // Its existing deadlines had no basis: they stay as they were set.
      expect(adopted.deadlines.find((d) => d.id === 'school-informatie')!.dueAt).toBe(old.deadlines.find((d) => d.id === 'school-informatie')!.dueAt);

      // The patch marker is in the history, so a replay of this run loads the calendar again at the same point.
      const history = await handle.fetchHistory();
      const patches = history.events!.flatMap((e) => {
        const data = e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
        return data ? [Buffer.from(data).toString()] : [];
      });
      expect(patches.some((p) => p.includes(CALENDAR_PATCH))).toBe(true);

      // The next deadline counts with the calendar: the week off is skipped.
      await c.schoolAnswers({ requestId: adopted.schoolRequest!.requestId });
      const s = await c.waitFor((x) => x.step === 'hoorgesprek');
      const d = s.deadlines.find((x) => x.id === 'hoorgesprek')!;
      const answeredOn = d.basis!.count === 'working-days' ? d.basis!.from : '';
      expect(d.dueAt).toBe(`${addWorkingDays(answeredOn, ZHZ_POLICY.hoorgesprekPlanningWorkingDays, [holiday])}T16:00:00.000Z`);
      expect(d.dueAt > `${addWorkingDays(answeredOn, ZHZ_POLICY.hoorgesprekPlanningWorkingDays, [])}T16:00:00.000Z`).toBe(true);
    }));

  test('the daily coverage check tells the administrator, once per region and coverage end', () =>
    t.withWorker(async () => {
      // The region of this file has only this school year (see above, or nothing): not a year ahead.
      const run = () =>
        t.env.client.workflow.start('calendarCoverageWorkflow', { workflowId: `coverage-${randomUUID()}`, taskQueue: t.taskQueue, args: [] }).then((h) =>
          eventually(() => h.describe(), (d) => d.status.name === 'COMPLETED', 60_000),
        );
      await run();
      await run();
      const mine = await t.prisma.notification.findMany({ where: { caseId: `schoolvakanties:${region}` } });
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ recipientRole: 'admin', topic: 'schoolvakanties-onvolledig' });
      expect(mine[0]!.message).toContain(`'${region}'`);
    }));
});
