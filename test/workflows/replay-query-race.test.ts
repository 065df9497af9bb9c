import fs from 'node:fs';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { parseConfig } from '../../platform/config';
import { dataConverter } from '../../platform/payload-codec';
import { fileHistories, replayAll } from '../../scripts/audit-replay';
import { historyFromJson } from '../../platform/history-json';
import type { Activities } from '../../activities';
import type { IntakeFacts } from '../../domain/case/intake';
import type { CaseState } from '../../domain/case/state';
import { caseStateQuery, caseUpdates, caseWorkflowId, schoolInformationSignal, STEP_IN_PROGRESS } from '../../workflows/messages';
import type { caseWorkflow } from '../../workflows/case.workflow';
import { ownRegion } from '../support/audit-scenarios';
import { CaseDriver, school } from '../support/case-driver';
import { eventually } from '../support/eventually';
import { aSummary, bornYearsBefore, seedYouth, today, uniqueId } from '../support/fixtures';
import { root, stack } from '../support/stack-env';
import { createCaseTestEnv, type CaseTestEnv } from '../support/workflow-env';

/**
 * Seen once in the replay test (workflows/audit.test.ts) under heavy load: a case recorded moments earlier did not replay
 * (TMPRL1100: patch marker second-school-reminder-instant without a change command).
 *
 * The sequence: a query reaches the case while its first workflow task is still scheduled, so the
 * task carries it. sdk-core answers it after the first activation, while the intake's local
 * activity runs. If the local activity finishes while that query activation is out, core completes
 * the task with the query's answer and every command it holds, the local activity's marker among
 * them, although the workflow has not yet been told the result (managed_run.rs,
 * prepare_complete_resp: `should_respond || has_query_responses`, with force_new_wft for the pending
 * resolution). The code after the intake (patched(SECOND_SCHOOL_REMINDER_PATCH), the runner's
 * patches) runs in the next task, and its markers are recorded there. On replay core reads the
 * first task's markers ahead, resolves the local activity in the first task, and patched() of a
 * marker that is only in the next task answers false: no change command, a nondeterminism error.
 *
 * Made certain here: no worker polls while the case starts and the query is sent, so the first
 * task carries the query; the intake (its facts read beforehand) holds the worker's thread before
 * it answers, long enough for core to hand out the query activation first.
 */
const HOLD_MS = 1_500;

/** Blocks the worker's JavaScript thread (the query activation waits behind the intake's answer), asleep rather than spinning. */
function holdThread(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const EventType = temporal.api.enums.v1.EventType;
const bundle = () => ({ workflowBundle: { codePath: stack().workflowBundlePath } });
const converter = () => dataConverter(parseConfig({ NODE_ENV: 'test', DATABASE_URL: stack().databaseUrl }));

/** The events of the first task's completion (its commands): the event type's name, or the marker's name and patch. */
function firstCompletion(history: temporal.api.history.v1.IHistory): string[] {
  const events = history.events ?? [];
  const start = events.findIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  const out: string[] = [];
  for (const e of events.slice(start + 1)) {
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) break;
    const marker = e.markerRecordedEventAttributes;
    const patch = marker?.details?.['patch-data']?.payloads?.[0]?.data;
    out.push(marker ? `${marker.markerName}${patch ? ` ${Buffer.from(patch).toString()}` : ''}` : EventType[e.eventType!]!);
  }
  return out;
}

type JsonEvent = Record<string, unknown> & { eventId: string; eventType: string };

/**
 * A recorded history altered to the shape the race writes: its first task ends after the intake's
 * marker, and what the workflow did with the result comes in a task of its own. Event ids after
 * the cut move on by three, and so does every event id an event refers to.
 */
function splitAfterIntake(events: JsonEvent[]): JsonEvent[] {
  const cut = events.findIndex((e) => (e.markerRecordedEventAttributes as { markerName?: string } | undefined)?.markerName === 'core_local_activity');
  const at = Number(events[cut]!.eventId);
  const shift = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(shift);
    if (!v || typeof v !== 'object') return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, /EventId$|^eventId$/.test(k) && Number(x) > at ? String(Number(x) + 3) : shift(x)]));
  };
  const time = events[cut]!.eventTime;
  const queue = (events[1]!.workflowTaskScheduledEventAttributes as { taskQueue: unknown }).taskQueue;
  const id = (n: number) => String(at + n);
  const task: JsonEvent[] = [
    { eventId: id(1), eventTime: time, eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED', workflowTaskScheduledEventAttributes: { taskQueue: queue, startToCloseTimeout: '10s', attempt: 1 } },
    { eventId: id(2), eventTime: time, eventType: 'EVENT_TYPE_WORKFLOW_TASK_STARTED', workflowTaskStartedEventAttributes: { scheduledEventId: id(1), identity: 'split' } },
    { eventId: id(3), eventTime: time, eventType: 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED', workflowTaskCompletedEventAttributes: { scheduledEventId: id(1), startedEventId: id(2), identity: 'split' } },
  ];
  return [...events.slice(0, cut + 1), ...task, ...(events.slice(cut + 1).map(shift) as JsonEvent[])];
}

/** The events of the task completion that follows event `after`: as firstCompletion. */
function completionAfter(history: temporal.api.history.v1.IHistory, after: number): string[] {
  const events = history.events ?? [];
  const start = events.findIndex((e) => Number(e.eventId) > after && e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
  return firstCompletion({ events: events.slice(start) });
}

describe('a query in a task while a local activity runs (replay)', () => {
  let t: CaseTestEnv;
  let real: Activities;
  const prepared = new Map<string, IntakeFacts>();
  /** A projection to hold, once: the version it is for and what to do just before holding. */
  let holdProjection: { version: number; before(): void } | undefined;
  beforeAll(async () => {
    t = await createCaseTestEnv({
      deferWorker: true,
      wrapActivities: (a) => {
        real = a;
        return {
          ...a,
          loadIntake: async (args) => {
            const facts = prepared.get(args.caseId);
            if (!facts) return a.loadIntake(args);
            holdThread(HOLD_MS);
            return facts;
          },
          projectCase: async (state) => {
            const hold = holdProjection;
            if (hold?.version !== state.version) return a.projectCase(state);
            holdProjection = undefined;
            hold.before();
            // Synchronous to the end: the query activation waits until the result is in core.
            holdThread(HOLD_MS);
          },
        };
      },
    });
  });
  afterAll(async () => t?.close());

  test('a history of the shape that race writes fails to replay as seen under load (recorded before the fix: no code can replay it)', async () => {
    const file = path.join(root, 'test', 'fixtures', 'histories', 'walked-to-closure.runner-hot-path.json');
    const recorded = JSON.parse(fs.readFileSync(file, 'utf8')) as { caseId: string; runs: { history: { events: JsonEvent[] } }[] };
    // As recorded it replays (the committed fixtures test says so too); split after the intake's marker it does not.
    expect((await replayAll(fileHistories([file]), bundle(), converter())).failures).toEqual([]);
    const split = historyFromJson({ events: splitAfterIntake(recorded.runs[0]!.history.events) });
    const outcome = await replayAll([{ workflowId: recorded.caseId, history: split }], bundle(), converter());
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]!.error).toMatch(/TMPRL1100.*Non-deprecated patch marker encountered for change second-school-reminder-instant, but there is no corresponding change command/);
  });

  test('the case replays on the code that recorded it', async () => {
    const region = await ownRegion(t);
    const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
    const melding = aSummary({ meldingId: uniqueId('m'), gemeente: region.gemeente, schoolBrin: region.schoolBrin });
    const caseId = caseWorkflowId(melding.meldingId);
    prepared.set(caseId, await real.loadIntake({ caseId, melding, youthId }));

    const handle = await t.env.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      workflowId: caseId,
      taskQueue: t.taskQueue,
      args: [{ kind: 'new', caseId, melding, youthId, actor: school }],
    });
    // Sent while the first task is scheduled and not yet polled: the task carries it.
    const early = handle.query(caseStateQuery).then(
      () => 'answered',
      (err: unknown) => `failed: ${String(err)}`,
    );
    await new Promise((r) => setTimeout(r, 500));
    await t.startWorker();
    await early;

    const c = new CaseDriver(handle);
    await c.waitFor((s) => s.step === 'school-informatie');
    const history = await handle.fetchHistory();

    // The first task's completion holds the intake's marker and the query's forced end: nothing the
    // opening decides (its timer, its activities) is in it. That is the sequence under test.
    const first = firstCompletion(history);
    expect(first).toContain('core_local_activity');
    expect(first).not.toContain('EVENT_TYPE_TIMER_STARTED');

    const outcome = await replayAll([{ workflowId: caseId, history }], bundle(), converter());
    expect(outcome.failures).toEqual([]);
    expect(outcome.replayed).toBe(1);
  });

  /**
   * The same race later in a case's life (seen once in a routes test under load: TMPRL1100
   * "UpsertWorkflowSearchAttributesMachine does not handle HistoryEvent(TimerCanceled)"). A query
   * joins the task of a step; core completes that task with the projection's marker while the query
   * is answered, and gives the workflow the projection's result only in the next task, together
   * with what came meanwhile. Live, the runner's lanes reacted to both at once; replaying, core
   * gives the result a task earlier, on its own, and the commands came in another order. Under
   * STEPS_IN_SEQUENCE_PATCH one lane takes one step at a time and a step's arrival changes nothing
   * until its turn, so both orders give the same commands (before it, both cases below failed to
   * replay every time). Made certain here: the first worker keeps no cache (the case's next task
   * waits on the normal queue), the step and the query are sent while no worker polls, and the
   * second worker's projection of that step sends what comes meanwhile and then holds the thread.
   * The step before is a signal (a second melding) or an update (a reassignment, whose answer is
   * due when the projection's result comes); what comes meanwhile is the school's answer (a
   * signal), or a reassignment (an update: refused as busy while the projection runs, sent again).
   */
  type Region = { gemeente: string; schoolBrin: string };
  const stepsBefore: [string, (c: CaseDriver, region: Region) => Promise<unknown>][] = [
    ['a signal', (c, region) => c.newMelding(aSummary({ meldingId: uniqueId('m-second'), ...region }))],
    ['an update', (c) => c.do('reassign', { consultantId: 'lpa-bob' }, { id: 'tl-zhz', role: 'teamlead' })],
  ];
  const teamlead = { id: 'tl-zhz', role: 'teamlead' } as const;

  /** Settled: the request to the school went out and no workflow task is left (the last one may end with a local activity's marker). */
  const idle = (c: CaseDriver) =>
    eventually(
      async () => (await c.handle.fetchHistory()).events ?? [],
      (events) => {
        const last = (type: temporal.api.enums.v1.EventType) => events.map((e) => e.eventType).lastIndexOf(type);
        return last(EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) >= 0 && last(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) > last(EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED);
      },
      { what: 'the school request sent and the case idle' },
    );

  /**
   * A case opened and idle, then no worker: what is sent now waits for the next one. The first
   * worker keeps no cache, so after the restart the case's next task waits on the normal queue, not
   * on the stopped worker's sticky one.
   */
  async function openedThenNoWorker(): Promise<{ c: CaseDriver; opened: CaseState; region: Region }> {
    await t.stopWorker();
    await t.startWorker({ maxCachedWorkflows: 0 });
    const region = await ownRegion(t);
    const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
    const c = await CaseDriver.start(t.env.client, t.taskQueue, aSummary({ meldingId: uniqueId('m'), ...region }), youthId);
    const opened = await c.waitFor((s) => s.step === 'school-informatie');
    await idle(c);
    await t.stopWorker();
    return { c, opened, region };
  }

  /** Runs the race: the step before, a query in its task, and `meanwhile` sent while the second worker projects that step. */
  async function race(stepBefore: (c: CaseDriver, region: Region) => Promise<unknown>, meanwhile: (c: CaseDriver, opened: CaseState) => () => void) {
    const { c, opened, region } = await openedThenNoWorker();
    const before = Number((await c.handle.fetchHistory()).events!.at(-1)!.eventId);

    const step = stepBefore(c, region).then(() => 'done');
    holdProjection = { version: opened.version + 1, before: meanwhile(c, opened) };
    await new Promise((r) => setTimeout(r, 300));
    const early = c.handle.query(caseStateQuery).then(
      (s: CaseState) => s.version,
      (err: unknown) => `failed: ${String(err)}`,
    );
    await new Promise((r) => setTimeout(r, 500));
    await t.startWorker();
    expect(await early).toBe(opened.version + 1);
    expect(await step).toBe('done');
    expect(holdProjection).toBeUndefined();
    return { c, opened, before };
  }

  /** The sequence under test: the step's task ends with its projection's marker (the query forced it). */
  function endsWithMarker(history: temporal.api.history.v1.IHistory, before: number, besides: string[]): void {
    const completion = completionAfter(history, before);
    expect(completion.filter((e) => !besides.includes(e)).at(-1)).toBe('core_local_activity');
  }

  test.each(stepsBefore)('a signal that comes while a query ends the task of %s before it replays', async (_, stepBefore) => {
    const connection = t.env.nativeConnection;
    const { c, before } = await race(stepBefore, (c, opened) => {
      const answer = defaultPayloadConverter.toPayload({ actor: school, input: { requestId: opened.schoolRequest!.requestId, contactPerson: 'J. Jansen', schoolActions: 'gesprekken gevoerd', careSignals: '', absencePerWeek: [] } });
      // Sent without awaiting anything: the native client takes it while this thread is held.
      return () =>
        void connection.workflowService
          .signalWorkflowExecution({ namespace: t.env.namespace ?? 'default', workflowExecution: { workflowId: c.caseId }, signalName: schoolInformationSignal.name, input: { payloads: [answer] }, identity: 'test' })
          .catch(() => undefined);
    });
    await c.waitFor((s) => s.step === 'hoorgesprek');
    const history = await c.handle.fetchHistory();
    const signalled = 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED';
    expect(completionAfter(history, before)).toContain(signalled);
    endsWithMarker(history, before, [signalled]);
    const outcome = await replayAll([{ workflowId: c.caseId, history }], bundle(), converter());
    expect(outcome.failures).toEqual([]);
    expect(outcome.replayed).toBe(1);
  });

  test.each(stepsBefore)('an update that comes while a query ends the task of %s before it is refused as busy, sent again, and the case replays', async (_, stepBefore) => {
    const connection = t.env.nativeConnection;
    let refused: Promise<string | undefined> | undefined;
    const { c, before } = await race(stepBefore, (c) => {
      const args = defaultPayloadConverter.toPayload({ actor: teamlead, input: { consultantId: 'lpa-carol' } });
      // Sent without awaiting anything, straight to the service (no retrying client): its answer is the workflow's first.
      return () => {
        refused = connection.workflowService
          .updateWorkflowExecution({
            namespace: t.env.namespace ?? 'default',
            workflowExecution: { workflowId: c.caseId },
            request: { meta: { updateId: uniqueId('u'), identity: 'test' }, input: { name: caseUpdates.reassign.name, args: { payloads: [args] } } },
            waitPolicy: { lifecycleStage: temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage.UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ACCEPTED },
          })
          .then((r) => r.outcome?.failure?.applicationFailureInfo?.type ?? 'accepted', (err: unknown) => `failed: ${String(err)}`);
      };
    });
    // Refused while the projection ran: not in the history, the sequence under test.
    expect(await refused).toBe(STEP_IN_PROGRESS);
    const history = await c.handle.fetchHistory();
    endsWithMarker(history, before, []);
    // Sent again through the client as every caller sends it: taken now.
    const s = await c.do('reassign', { consultantId: 'lpa-carol' }, teamlead);
    expect(s.consultantId).toBe('lpa-carol');
    const outcome = await replayAll([{ workflowId: c.caseId, history: await c.handle.fetchHistory() }], bundle(), converter());
    expect(outcome.failures).toEqual([]);
    expect(outcome.replayed).toBe(1);
  });

  /**
   * Two reassignments to the same consultant, sent while no worker polls, come in one task. Under
   * the lanes the first one's handler applied it before the second's validator ran. In sequence a
   * handler only queues, so both pass the validator (it sees the case before either); the second is
   * checked again at its turn and refused with its reason (without that check it would be applied
   * against the rule), and the case replays.
   */
  test('an update accepted with another is checked again at its turn and refused with its reason', async () => {
    const { c, opened } = await openedThenNoWorker();
    const reassign = () => c.do('reassign', { consultantId: 'lpa-dana' }, { id: 'tl-zhz', role: 'teamlead' }).then(
      (s) => `taken: ${s.consultantId}`,
      (err: unknown) => `refused: ${(err as { cause?: { type?: string; details?: unknown[] } }).cause?.type} ${JSON.stringify((err as { cause?: { details?: unknown[] } }).cause?.details?.[0])}`,
    );
    const both = Promise.all([reassign(), reassign()]);
    await new Promise((r) => setTimeout(r, 500));
    await t.startWorker();
    const answers = (await both).sort();
    expect(answers[0]).toMatch(/^refused: RuleViolation .*assign\.same/);
    expect(answers[1]).toBe('taken: lpa-dana');
    const history = await c.handle.fetchHistory();
    const types = (history.events ?? []).map((e) => EventType[e.eventType!]);
    // Both were accepted in one task (the sequence under test) and one completed with the refusal.
    expect(types.filter((e) => e === 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toHaveLength(2);
    const state = await c.state();
    expect(state.version).toBe(opened.version + 1);
    const outcome = await replayAll([{ workflowId: c.caseId, history }], bundle(), converter());
    expect(outcome.failures).toEqual([]);
  });
});
