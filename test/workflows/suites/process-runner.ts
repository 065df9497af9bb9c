import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Activities } from '../../../activities';
import type { CaseState } from '../../../domain/case/state';
import type { caseWorkflow } from '../../../workflows/case.workflow';
import { caseUpdates, caseWorkflowId, PHASE_CONFLICT, RULE_VIOLATION, type CaseWorkflowInput } from '../../../workflows/messages';
import { signalWorkflowId } from '../../../workflows/signal-messages';
import { ownRegion, startCase, teamLead } from '../../support/audit-scenarios';
import { CaseDriver, consultant, school } from '../../support/case-driver';
import { aSummary, bornYearsBefore, seedYouth, today, uniqueId } from '../../support/fixtures';
import { aSignalSummary, SignalDriver } from '../../support/signal-driver';
import { escalateSignal } from '../../../api/services/escalate-signal';
import { endQuietly, sleepUntil } from '../../support/workflow-env';
import { t, wrapSharedActivities } from './shared-env';
import { EFFECT_REJECTED } from '../../../domain/process/parked';
import { parseConfig } from '../../../platform/config';
import { dataConverter } from '../../../platform/payload-codec';
import { replayAll } from '../../../scripts/audit-replay';
import { stack } from '../../support/stack-env';
import { fetchCaseRuns } from '../../../api/history/decode-history';

/**
 * The process runner (workflows/process-runner.ts) on the time-skipping server: the projection
 * keeps up with every version, the carry through continue-as-new, and an effect that fails for good
 * is parked instead of blocking the case. (Timers after a gap: test/unit/timers-after-gap.test.ts;
 * the test server does not let time pass while a workflow task waits for a worker.)
 */

/** Holds the next call of an activity that matches, until the test releases it. */
function gate() {
  let match: ((args: any) => boolean) | null = null;
  let entered!: () => void;
  let release!: () => void;
  const api = {
    entered: Promise.resolve(),
    released: Promise.resolve(),
    arm(pred: (args: any) => boolean) {
      match = pred;
      api.entered = new Promise<void>((r) => (entered = r));
      api.released = new Promise<void>((r) => (release = r));
    },
    release: () => release(),
    wrap<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
      return async (...args: A): Promise<R> => {
        if (match?.(args[0])) {
          match = null;
          entered();
          await api.released;
        }
        return fn(...args);
      };
    },
  };
  return api;
}

async function within<T>(what: string, fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

describe('process runner', () => {
  let region: { gemeente: string; schoolBrin: string };
  const projection = gate();
  const intake = gate();
  const signalIntake = gate();
  const correspondence = gate();
  const schoolMail = gate();
  const failingSchoolMail = new Set<string>();
  // The gates hold only the calls they are armed for; every other case's activities pass through.
  wrapSharedActivities((a: Activities) => ({
    ...a,
    projectCase: projection.wrap(a.projectCase),
    loadIntake: intake.wrap(a.loadIntake),
    loadSignalIntake: signalIntake.wrap(a.loadSignalIntake),
    recordCorrespondence: correspondence.wrap(a.recordCorrespondence),
    async requestSchoolInformation(args) {
      // A failure no retry mends: the runner parks the effect at once (retry timers are not skipped by the test server).
      if (failingSchoolMail.has(args.caseId)) throw ApplicationFailure.nonRetryable('the school has no mail domain (test)', EFFECT_REJECTED);
      return schoolMail.wrap(a.requestSchoolInformation)(args);
    },
  }));
  beforeAll(async () => {
    region = await ownRegion(t);
  });

  const projectedVersion = async (caseId: string) => (await t.prisma.case.findUnique({ where: { id: caseId }, select: { version: true } }))?.version ?? 0;

  test('a signal without effects that lands while projectCase runs is projected too (observation 2)', () =>
    t.withWorker(async () => {
      const c = await startCase(t, region);
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      await within(
        'the opening to be projected',
        () => projectedVersion(c.caseId),
        (v) => v === s0.version,
      );
      projection.arm((s: CaseState) => s.caseId === c.caseId);
      // An enrolment outside the enrolment term changes the state without effects.
      await c.enrolled('12AB', today());
      await Promise.race([
        projection.entered,
        new Promise((_, reject) => setTimeout(() => reject(new Error('projectCase of the first enrolment did not start within 20 s')), 20_000).unref()),
      ]);
      await c.enrolled('34CD', today());
      projection.release();
      const s = await c.waitFor((x) => x.version === s0.version + 2);
      expect(s.enrolment).toEqual({ brin: '34CD', enrolledOn: today() });
      expect(
        await within(
          'PostgreSQL to have the latest version',
          () => projectedVersion(c.caseId),
          (v) => v === s.version,
        ),
      ).toBe(s.version);
    }));

  /** Resolves when the gate's activity was entered; fails naming it after 20 s. */
  const entered = (g: ReturnType<typeof gate>, what: string) =>
    Promise.race([g.entered, new Promise((_, reject) => setTimeout(() => reject(new Error(`${what} did not start within 20 s`)), 20_000).unref())]);

  /**
   * A case at the hoorgesprek step, projected, whose tasks time out after 2 s: sdk-core completes a
   * task whose local activity runs past 1.6 s, so a second step comes in a task of its own while
   * the first one's projection still runs.
   */
  async function atHoorgesprekWithShortTasks(): Promise<{ c: CaseDriver; s1: CaseState }> {
    const c = await startCase(t, region, uniqueId('m'), { workflowTaskTimeout: '2s' });
    const s0 = await c.waitFor((x) => x.step === 'school-informatie');
    await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId });
    const s1 = await c.waitFor((x) => x.step === 'hoorgesprek');
    await within(
      'the hoorgesprek step to be projected',
      () => projectedVersion(c.caseId),
      (v) => v === s1.version,
    );
    return { c, s1 };
  }
  /** An instant n days after the test server's now. */
  const inDays = async (n: number) => new Date((await t.env.currentTimeMs()) + n * 86_400_000).toISOString();

  /** Whether an update of that name was accepted: it is in the history. */
  const accepted = (c: CaseDriver, name: string) => async () =>
    ((await c.handle.fetchHistory()).events ?? []).some((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === name);

  /**
   * In sequence (STEPS_IN_SEQUENCE_PATCH) an update that comes while the previous step's projection
   * or its local effect runs is refused before it enters the history (its acceptance would be a
   * command whose place depends on when core gives that result) and sent again by the client; it is
   * taken once the step is done. Under the lanes it was accepted at once, and an effect's next
   * command could go before its answer on replay (TMPRL1100 "Activity machine does not handle this
   * event: WorkflowExecutionUpdateCompleted", EFFECTS_AFTER_ANSWERS_PATCH).
   */
  test('an update that comes while the previous step projects and runs its effect waits its turn (refused as busy, sent again) and the case replays', () =>
    t.withWorker(async () => {
      const { c, s1 } = await atHoorgesprekWithShortTasks();
      // The plan's projection is held; then its first effect (the invitation's correspondence, a local activity).
      projection.arm((s: CaseState) => s.caseId === c.caseId && s.version === s1.version + 1);
      correspondence.arm((a: { caseId: string }) => a.caseId === c.caseId);
      const plan = c.do('planHoorgesprek', { plannedFor: await inDays(2), withYouth: true, location: 'Stadskantoor' });
      await entered(projection, "the plan's projection");
      let replanned = false;
      const replan = c.do('replanHoorgesprek', { plannedFor: await inDays(4), location: 'Huisbezoek', requestedBy: 'ouders', reason: 'werk' }).finally(() => (replanned = true));
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await accepted(c, 'replanHoorgesprek')()).toBe(false);
      projection.release();
      await entered(correspondence, "the plan's correspondence");
      await new Promise((r) => setTimeout(r, 500));
      expect(replanned).toBe(false);
      expect(await accepted(c, 'replanHoorgesprek')()).toBe(false);
      correspondence.release();
      const [planned, moved] = await Promise.all([plan, replan]);
      expect(planned.version).toBe(s1.version + 1);
      expect(moved.version).toBe(s1.version + 2);
      await within(
        "the plan's letter to be scheduled after the effect",
        async () =>
          ((await c.handle.fetchHistory()).events ?? []).some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'generateLetters'),
        (scheduled) => scheduled,
      );
      const converter = dataConverter(parseConfig({ NODE_ENV: 'test', DATABASE_URL: stack().databaseUrl }));
      const outcome = await replayAll(
        [{ workflowId: c.caseId, history: await c.handle.fetchHistory() }],
        { workflowBundle: { codePath: stack().workflowBundlePath } },
        converter,
      );
      expect(outcome).toEqual({ replayed: 1, failures: [] });
    }));

  /**
   * The other side of the query race (replay-query-race.test.ts): a step's task that a local
   * activity outlasts completes without its marker (at 80% of the task timeout), the next step (a
   * signal) comes in a task of its own, and the local activity's result is given to the workflow
   * after that step, in a later activation of the same task. Replaying, sdk-core gives the step and
   * the result in one activation, the step first. In sequence the step waits in the inbox until the
   * plan's step is done, either way, and the case replays. A fix of the query race that let the
   * result act first broke this under the lanes (`npm run chaos`: "Update machine does not handle
   * ... TimerStarted"; README, Architecture, "One step at a time"): this test keeps it.
   */
  test("a projection's result given after the next step within that step's task replays: the step waits its turn", () =>
    t.withWorker(async () => {
      const { c, s1 } = await atHoorgesprekWithShortTasks();
      projection.arm((s: CaseState) => s.caseId === c.caseId && s.version === s1.version + 1);
      const plan = c.do('planHoorgesprek', { plannedFor: await inDays(2), withYouth: true, location: 'Stadskantoor' });
      await entered(projection, "the plan's projection");
      // The plan's task completes without the projection's marker (at 1.6 s of its 2 s).
      await within('the plan to be accepted while its projection is held', accepted(c, 'planHoorgesprek'), (yes) => yes);
      // While the projection runs, core ends a task every 1.6 s and starts the next: the enrolment is given in the first
      // that starts after it came, and the projection's result (released a moment later) later in that same task.
      const lastStarted = async () =>
        Math.max(0, ...((await c.handle.fetchHistory()).events ?? []).filter((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED).map((e) => Number(e.eventId)));
      const before = await lastStarted();
      await c.enrolled('34CD', today());
      await within('the task that carries the enrolment to start', lastStarted, (id) => id > before, 10_000, 20);
      await new Promise((r) => setTimeout(r, 300));
      projection.release();
      const planned = await plan;
      const s = await c.waitFor((x) => x.version === s1.version + 2);
      // The plan first, then the enrolment, at its turn.
      expect(planned.version).toBe(s1.version + 1);
      expect(s.enrolment).toEqual({ brin: '34CD', enrolledOn: today() });
      const history = await c.handle.fetchHistory();
      // The sequence under test: the enrolment came in while the plan's projection ran, its marker after it.
      const events = history.events ?? [];
      const signalled = events.findIndex((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
      const marker = events.findIndex((e, i) => i > signalled && e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
      expect(signalled).toBeGreaterThan(-1);
      expect(marker).toBeGreaterThan(signalled);
      const converter = dataConverter(parseConfig({ NODE_ENV: 'test', DATABASE_URL: stack().databaseUrl }));
      const outcome = await replayAll([{ workflowId: c.caseId, history }], { workflowBundle: { codePath: stack().workflowBundlePath } }, converter);
      expect(outcome).toEqual({ replayed: 1, failures: [] });
    }));

  /**
   * A case that was running on the lanes when STEPS_IN_SEQUENCE_PATCH came (opened here on them,
   * `lanes` in its input) continues as new after its next step, carrying its state and outbox, and
   * its next run takes one step at a time: a running case does not keep the race until it happens
   * to reach 5,000 events.
   */
  test('a case running on the lanes continues as new after its next step and goes on one step at a time', () =>
    t.withWorker(async () => {
      const c = await startCase(t, region, uniqueId('m'), { lanes: true });
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      // Its next step: the school's answer, taken on the lanes; then the case continues as new.
      await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId });
      const runs = await within(
        'the case to continue as new',
        async () => (await fetchCaseRuns(t.env.client, c.caseId))?.runs ?? [],
        (found) => found.length === 2,
      );
      const first = await t.env.client.workflow.getHandle(c.caseId, runs[0]!.runId).fetchHistory();
      expect(first.events?.at(-1)?.eventType).toBe(temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
      // Nothing lost on the way: the school was asked once, its answer is in, and the case goes on.
      const s1 = await c.waitFor((x) => x.step === 'hoorgesprek');
      expect(s1.schoolRequest?.requestId).toBe(s0.schoolRequest!.requestId);
      expect(await t.prisma.schoolRequest.count({ where: { caseId: c.caseId } })).toBe(1);
      await c.do('reassign', { consultantId: 'lpa-bob' }, teamLead);
      const converter = dataConverter(parseConfig({ NODE_ENV: 'test', DATABASE_URL: stack().databaseUrl }));
      const second = await c.handle.fetchHistory();
      const outcome = await replayAll(
        [
          { workflowId: c.caseId, history: first },
          { workflowId: c.caseId, history: second },
        ],
        { workflowBundle: { codePath: stack().workflowBundlePath } },
        converter,
      );
      expect(outcome).toEqual({ replayed: 2, failures: [] });
      await endQuietly(c.handle);
    }));

  /**
   * A case cancelled from outside (the Temporal UI's Cancel, `temporal workflow cancel`) ends as
   * cancelled: the lane's wait gives way, and the timers it never cancels itself reject without
   * failing a workflow task (an unhandled rejection would have failed it again and again).
   */
  test('a case cancelled from outside ends as cancelled, with no failed workflow task', () =>
    t.withWorker(async () => {
      const c = await startCase(t, region);
      await c.waitFor((x) => x.step === 'school-informatie');
      await endQuietly(c.handle, 'cancel');
      const outcome = await Promise.race([
        c.handle.result().then(
          () => 'completed',
          (err: unknown) => (err as { cause?: { name?: string } }).cause?.name ?? String(err),
        ),
        new Promise<string>((r) => setTimeout(() => r('still running 20 s after the cancellation'), 20_000).unref()),
      ]);
      expect(outcome).toBe('CancelledFailure');
      const types = ((await c.handle.fetchHistory()).events ?? []).map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0]);
      expect(types.at(-1)).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED');
      expect(types).not.toContain('EVENT_TYPE_WORKFLOW_TASK_FAILED');
    }));

  test("a case the test ends while its school e-mail is being sent is ended once the e-mail is done, and the server's clock still skips", () =>
    t.withWorker(async () => {
      // Ended at once, the e-mail's completion would come after the workflow's end, and the test
      // server would never let go of the time skipping it holds for that activity: the next test's
      // sleep waited two minutes in real time (a flaky timeout). endQuietly waits for it.
      const meldingId = uniqueId('m');
      schoolMail.arm((args: { caseId: string }) => args.caseId === caseWorkflowId(meldingId));
      const c = await startCase(t, region, meldingId);
      await schoolMail.entered;
      setTimeout(() => schoolMail.release(), 1_000);
      await endQuietly(c.handle);
      // An hour on: held for good, the clock would not move at all (the earlier suites' cases that
      // wake on the way keep it for a while, so the real time allowed is generous).
      await sleepUntil(t.env, new Date((await t.env.currentTimeMs()) + 3_600_000).toISOString(), 0);
    }));

  /** The event types after the last event of `after`'s type, by name. */
  async function eventsAfterLast(c: CaseDriver, after: temporal.api.enums.v1.EventType): Promise<string[]> {
    const events = (await c.handle.fetchHistory()).events ?? [];
    const last = events.map((e) => e.eventType).lastIndexOf(after);
    expect(last).toBeGreaterThan(-1);
    return events.slice(last + 1).map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0]!);
  }

  test('issue 15: a step that leaves the earliest deadline as it was keeps the timer, and unchanged search attributes are not upserted again', () =>
    t.withWorker(async () => {
      const c = await startCase(t, region);
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      // A reassign changes the consultant (a search attribute), not the deadlines: no timer cancelled and started again.
      await c.do('reassign', { consultantId: 'lpa-bob', note: 'verlof' }, teamLead);
      const afterUpdate = await eventsAfterLast(c, temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
      expect(afterUpdate).toContain('EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES');
      expect(afterUpdate.filter((e) => e.startsWith('EVENT_TYPE_TIMER_'))).toEqual([]);
      // The school's reminder changes no search attribute (the deadline stays): projected without an upsert.
      await sleepUntil(t.env, s0.deadlines.find((d) => d.kind === 'school-informatie')!.remindAt!);
      await c.waitFor((x) => x.schoolRequest!.remindersSent === 1);
      await within(
        'the reminder to be projected',
        () => projectedVersion(c.caseId),
        (v) => v > s0.version + 1,
      );
      const afterReminder = await eventsAfterLast(c, temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_FIRED);
      expect(afterReminder).toContain('EVENT_TYPE_MARKER_RECORDED');
      expect(afterReminder).not.toContain('EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES');
      await endQuietly(c.handle);
    }));

  test('issue 15: a step that reaches a case while its intake still runs is refused with a reason, never left without a handler', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 13));
      const melding = aSummary({ gemeente: region.gemeente, schoolBrin: region.schoolBrin });
      const caseId = caseWorkflowId(melding.meldingId);
      intake.arm((args: { caseId: string }) => args.caseId === caseId);
      const handle = await t.env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
        workflowId: caseId,
        taskQueue: t.taskQueue,
        args: [{ kind: 'new', caseId, melding, youthId, actor: school }],
      });
      await intake.entered;
      // The first task holds the intake's local activity; the SDK hands the task back before its
      // timeout and the update comes in the next one, while the case is still opening.
      const refused = await handle.executeUpdate(caseUpdates.reassign, { args: [{ actor: teamLead, input: { consultantId: 'lpa-bob' } }] }).then(
        () => null,
        (err: { cause?: { type?: string; message?: string } }) => err.cause,
      );
      intake.release();
      expect(refused).toMatchObject({ type: PHASE_CONFLICT, message: expect.stringMatching(/still being opened/) });
      const c = new CaseDriver(handle);
      // Once open, the same step goes through.
      await c.waitFor((x) => x?.step === 'school-informatie');
      expect((await c.do('reassign', { consultantId: 'lpa-bob' }, teamLead)).consultantId).toBe('lpa-bob');
      await endQuietly(handle);
    }));

  test('an early signal still opening refuses steps with a reason and its query answers null, never left without a handler (500s on close and Escaleren)', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 13));
      const summary = aSignalSummary({ gemeente: region.gemeente, schoolBrin: region.schoolBrin });
      signalIntake.arm((args: { signalId: string }) => args.signalId === signalWorkflowId(summary.signalId));
      const s = await SignalDriver.begin(t.env.client, t.prisma, t.taskQueue, summary, youthId);
      // The first task scheduled the intake's activity, which the gate holds: the signal is still opening.
      await signalIntake.entered;
      const [refused, queried, escalated] = await Promise.all([
        s.refusal('closeSignal', { outcome: 'geen-zorgen' }),
        s.state(),
        // The API's escalation asks the state first: it answered 500 on "Escaleren" while the query had no handler.
        escalateSignal(
          { prisma: t.prisma, client: t.env.client, config: { TEMPORAL_TASK_QUEUE: t.taskQueue } },
          s.signalId,
          { reason: 'zorgen', kind: 'overig' },
          consultant,
        ).then(
          () => null,
          (err: unknown) => err,
        ),
      ]).finally(() => signalIntake.release());
      expect(queried).toBeNull();
      expect(escalated).toMatchObject({ status: 409, code: 'phase-conflict', message: expect.stringMatching(/still being opened/) });
      expect(refused).toEqual({
        type: PHASE_CONFLICT,
        message: expect.stringMatching(/^The signal is still being opened/),
        details: [{ code: 'signal.opening', message: 'The signal is still being opened.' }],
      });
      // Once open, the same step is judged by the rules.
      await s.waitFor((x) => x.version >= 1);
      expect(await s.refusal('closeSignal', { outcome: 'geen-zorgen' })).toMatchObject({ type: RULE_VIOLATION });
      await endQuietly(s.handle);
    }));

  test('a run continued by older code (no carry) keeps the rules it started under: patched() is not asked anew (observation 5)', () =>
    t.withWorker(async () => {
      const c = await startCase(t, region);
      const s = await c.waitFor((x) => x.step === 'school-informatie');
      await endQuietly(c.handle);
      // What the runner before the fix handed to the next run: the state only.
      const caseId = caseWorkflowId(uniqueId('m'));
      const handle = await t.env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
        workflowId: caseId,
        taskQueue: t.taskQueue,
        args: [{ kind: 'continued', state: { ...s, caseId } }],
      });
      const continued = new CaseDriver(handle);
      const day = async (plus: number) => new Date((await t.env.currentTimeMs()) + plus * 86_400_000).toISOString().slice(0, 10);
      // A melding that shows four weeks at home: a thuiszitter case under the new rule only.
      await continued.newMelding(
        aSummary({
          kind: 'langdurig-relatief',
          gemeente: region.gemeente,
          schoolBrin: region.schoolBrin,
          startDate: await day(-35),
          endDate: await day(-1),
          daysAbsent: 24,
        }),
      );
      const after = await continued.waitFor((x) => x.meldingen.length === 2);
      expect(after.thuiszitter).toBeUndefined();
      await endQuietly(handle);
    }));

  test('continue-as-new carries the outbox, the projected version and the rule flags: nothing is dropped', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
      const melding = aSummary({ gemeente: region.gemeente, schoolBrin: region.schoolBrin });
      const caseId = caseWorkflowId(melding.meldingId);
      const input: CaseWorkflowInput = { kind: 'new', caseId, melding, youthId, actor: school, maxHistoryEvents: 25 };
      const handle = await t.env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', { workflowId: caseId, taskQueue: t.taskQueue, args: [input] });
      const c = new CaseDriver(handle);
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId });
      await c.waitFor((x) => x.step === 'hoorgesprek');
      const day = async (plus: number) => new Date((await t.env.currentTimeMs()) + plus * 86_400_000).toISOString().slice(0, 10);
      for (let i = 0; i < 3; i++) await c.enrolled('12AB', await day(-i));
      await c.newMelding(
        aSummary({
          kind: 'langdurig-relatief',
          gemeente: region.gemeente,
          schoolBrin: region.schoolBrin,
          startDate: await day(-35),
          endDate: await day(-1),
          daysAbsent: 24,
        }),
      );
      const s = await c.waitFor((x) => x.meldingen.length === 2 && !!x.thuiszitter);
      const planned = await c.do('reassign', { consultantId: 'lpa-bob' });
      expect(planned.consultantId).toBe('lpa-bob');
      // It did continue as new, more than once.
      const runs = await within(
        'the case to have continued as new',
        async () => (await handle.describe()).runId,
        (r) => r !== handle.firstExecutionRunId,
      );
      expect(runs).not.toBe(handle.firstExecutionRunId);
      // Every effect ran once, under the key it was decided with; PostgreSQL has the last version.
      const topics = await within(
        'the notifications',
        async () => (await t.prisma.notification.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } })).map((n) => `${n.topic}:${n.recipientId}`),
        (n) => n.includes('toegewezen:lpa-bob'),
      );
      expect(topics).toEqual(
        expect.arrayContaining(['school-informatie-ontvangen:lpa-anna', 'nieuwe-melding:lpa-anna', 'thuiszitter:lpa-anna', 'toegewezen:lpa-bob']),
      );
      expect(new Set(topics).size).toBe(topics.length);
      expect(
        await within(
          'the projection',
          () => projectedVersion(caseId),
          (v) => v >= planned.version,
        ),
      ).toBe(planned.version);
      expect(s.thuiszitter).toBeDefined();
      await endQuietly(handle);
    }));

  test('an e-mail that keeps failing is parked on the case and the consultant told; later effects still run', () =>
    t.withWorker(async () => {
      const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
      const melding = aSummary({ gemeente: region.gemeente, schoolBrin: region.schoolBrin });
      failingSchoolMail.add(caseWorkflowId(melding.meldingId));
      const c = await CaseDriver.start(t.env.client, t.taskQueue, melding, youthId);
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      const parked = await c.waitFor((x) => (x.parkedEffects ?? []).length > 0);
      expect(parked.parkedEffects).toEqual([
        expect.objectContaining({
          label: 'request-school-information',
          activity: 'requestSchoolInformation',
          error: expect.stringContaining('no mail domain'),
          errorType: EFFECT_REJECTED,
        }),
      ]);
      const told = await within(
        'the consultant to be told',
        () => t.prisma.notification.findMany({ where: { caseId: c.caseId, topic: 'effect-geparkeerd' } }),
        (n) => n.length === 1,
      );
      expect(told[0]).toMatchObject({ recipientId: 'lpa-anna', recipientRole: 'consultant' });
      // The case goes on: the school answers through another way, the consultant hears of it.
      await c.schoolAnswers({ requestId: s0.schoolRequest!.requestId });
      await c.waitFor((x) => x.step === 'hoorgesprek');
      await within(
        'the next notification',
        () => t.prisma.notification.count({ where: { caseId: c.caseId, topic: 'school-informatie-ontvangen' } }),
        (n) => n === 1,
      );
      const row = await within(
        'the projection of the parked effect',
        () => t.prisma.case.findUnique({ where: { id: c.caseId } }),
        (r) => !!(r?.state as CaseState | undefined)?.parkedEffects?.length,
      );
      expect((row!.state as unknown as CaseState).parkedEffects).toHaveLength(1);
      await endQuietly(c.handle);
    }));
});
