import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { LoadedDataConverter } from '@temporalio/common';
import { decodeArrayFromPayloads, decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';
import type { DecodedEvent } from './timeline';

type History = temporal.api.history.v1.IHistory;
type Payloads = { payloads?: temporal.api.common.v1.IPayload[] | null } | null | undefined;

export type CaseRun = { runId: string; history: History };

/** How many runs a history endpoint follows back; a case continues as new every few thousand events. */
const MAX_RUNS = 500;

/**
 * Every run of a case's workflow, oldest first. Walks back from the latest run through each run's
 * `continuedExecutionRunId`, which needs no visibility query. Runs past the namespace's retention
 * are gone: the walk stops there and says so.
 */
export async function fetchCaseRuns(client: Client, caseId: string): Promise<{ runs: CaseRun[]; earlierRunsMissing: boolean } | null> {
  let runId: string;
  try {
    runId = (await client.workflow.getHandle(caseId).describe()).runId;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
  const runs: CaseRun[] = [];
  let next: string | null = runId;
  while (next && runs.length < MAX_RUNS) {
    let history: History;
    try {
      history = await client.workflow.getHandle(caseId, next).fetchHistory();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError && runs.length) return { runs: runs.reverse(), earlierRunsMissing: true };
      throw err;
    }
    runs.push({ runId: next, history });
    next = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || null;
  }
  return { runs: runs.reverse(), earlierRunsMissing: next !== null };
}

/**
 * Decodes through the client's data converter: the same payload converter and codecs as the
 * worker, so an encryption codec (issue 4) configured on the client is used here too.
 */
async function decode(converter: LoadedDataConverter, payloads: Payloads): Promise<unknown[]> {
  try {
    return await decodeArrayFromPayloads(converter, payloads?.payloads ?? []);
  } catch (err) {
    return [{ undecodable: err instanceof Error ? err.message : String(err) }];
  }
}

async function failureMessage(converter: LoadedDataConverter, failure: temporal.api.failure.v1.IFailure | null | undefined): Promise<string | null> {
  if (!failure) return null;
  try {
    const error = await decodeOptionalFailureToOptionalError(converter, failure);
    return error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : null;
  } catch {
    return failure.message ?? 'failure';
  }
}

/** int64 fields arrive as protobuf Longs from the server, as numbers or strings from JSON. */
const num = (v: unknown): number =>
  v && typeof v === 'object' && 'toNumber' in v ? (v as { toNumber(): number }).toNumber() : Number(v ?? 0);

/** A protobuf Timestamp or Duration in milliseconds, whichever form its seconds came in. */
const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined): number => (t ? num(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0);

/** One run's events, decoded, in the shape the timeline maps. */
export async function decodeHistory(converter: LoadedDataConverter, run: CaseRun): Promise<DecodedEvent[]> {
  const out: DecodedEvent[] = [];
  for (const e of run.history.events ?? []) {
    const base = { runId: run.runId, eventId: num(e.eventId), at: new Date(ms(e.eventTime)).toISOString() };
    if (e.workflowExecutionStartedEventAttributes) {
      const a = e.workflowExecutionStartedEventAttributes;
      out.push({ ...base, type: 'WorkflowExecutionStarted', input: await decode(converter, a.input), continuedFromRunId: a.continuedExecutionRunId || null });
    } else if (e.workflowExecutionSignaledEventAttributes) {
      const a = e.workflowExecutionSignaledEventAttributes;
      out.push({ ...base, type: 'WorkflowExecutionSignaled', signalName: a.signalName ?? '', input: await decode(converter, a.input), identity: a.identity ?? '' });
    } else if (e.workflowExecutionUpdateAcceptedEventAttributes) {
      const r = e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest;
      out.push({ ...base, type: 'WorkflowExecutionUpdateAccepted', updateId: r?.meta?.updateId ?? '', updateName: r?.input?.name ?? '', input: await decode(converter, r?.input?.args), identity: r?.meta?.identity ?? '' });
    } else if (e.workflowExecutionUpdateCompletedEventAttributes) {
      const a = e.workflowExecutionUpdateCompletedEventAttributes;
      const result = a.outcome?.success ? (await decode(converter, a.outcome.success))[0] : undefined;
      out.push({ ...base, type: 'WorkflowExecutionUpdateCompleted', updateId: a.meta?.updateId ?? '', result, failure: await failureMessage(converter, a.outcome?.failure) });
    } else if (e.activityTaskScheduledEventAttributes) {
      const a = e.activityTaskScheduledEventAttributes;
      out.push({ ...base, type: 'ActivityTaskScheduled', activityType: a.activityType?.name ?? '', activityId: a.activityId ?? '', input: await decode(converter, a.input) });
    } else if (e.markerRecordedEventAttributes?.markerName === 'core_local_activity') {
      // The SDK core's own bookkeeping (plain JSON, no personal data): which activity, which attempt.
      const a = e.markerRecordedEventAttributes;
      const data = a.details?.data?.payloads?.[0]?.data;
      let meta: { activity_type?: string; activityType?: string; attempt?: number } = {};
      try {
        meta = data ? (JSON.parse(Buffer.from(data).toString()) as typeof meta) : {};
      } catch {
        meta = {};
      }
      out.push({ ...base, type: 'LocalActivityMarker', activityType: meta.activity_type ?? meta.activityType ?? 'local activity', attempt: meta.attempt ?? 1, failed: Boolean(a.failure) });
    } else if (e.activityTaskStartedEventAttributes) {
      const a = e.activityTaskStartedEventAttributes;
      out.push({ ...base, type: 'ActivityTaskStarted', scheduledEventId: num(a.scheduledEventId), attempt: a.attempt ?? 1 });
    } else if (e.activityTaskCompletedEventAttributes) {
      out.push({ ...base, type: 'ActivityTaskCompleted', scheduledEventId: num(e.activityTaskCompletedEventAttributes.scheduledEventId) });
    } else if (e.activityTaskFailedEventAttributes) {
      const a = e.activityTaskFailedEventAttributes;
      out.push({ ...base, type: 'ActivityTaskFailed', scheduledEventId: num(a.scheduledEventId), failure: await failureMessage(converter, a.failure) });
    } else if (e.activityTaskTimedOutEventAttributes) {
      const a = e.activityTaskTimedOutEventAttributes;
      out.push({ ...base, type: 'ActivityTaskTimedOut', scheduledEventId: num(a.scheduledEventId), failure: await failureMessage(converter, a.failure) });
    } else if (e.activityTaskCanceledEventAttributes) {
      out.push({ ...base, type: 'ActivityTaskCanceled', scheduledEventId: num(e.activityTaskCanceledEventAttributes.scheduledEventId), failure: null });
    } else if (e.timerStartedEventAttributes) {
      const a = e.timerStartedEventAttributes;
      // The runner names its timer (`summary`, e.g. 'school-informatie: herinnering'); older runs did not.
      const summaryPayload = e.userMetadata?.summary;
      const summary = summaryPayload ? (await decode(converter, { payloads: [summaryPayload] }).catch(() => []))[0] : undefined;
      out.push({ ...base, type: 'TimerStarted', timerId: a.timerId ?? '', fireAfterMs: ms(a.startToFireTimeout), ...(typeof summary === 'string' ? { summary } : {}) });
    } else if (e.timerFiredEventAttributes) {
      const a = e.timerFiredEventAttributes;
      out.push({ ...base, type: 'TimerFired', timerId: a.timerId ?? '', startedEventId: num(a.startedEventId) });
    } else if (e.workflowExecutionContinuedAsNewEventAttributes) {
      out.push({ ...base, type: 'WorkflowExecutionContinuedAsNew', newRunId: e.workflowExecutionContinuedAsNewEventAttributes.newExecutionRunId ?? '' });
    } else if (e.workflowExecutionCompletedEventAttributes) {
      out.push({ ...base, type: 'WorkflowExecutionCompleted', result: (await decode(converter, e.workflowExecutionCompletedEventAttributes.result))[0] });
    } else if (e.workflowExecutionFailedEventAttributes) {
      out.push({ ...base, type: 'WorkflowExecutionFailed', reason: await failureMessage(converter, e.workflowExecutionFailedEventAttributes.failure) });
    } else if (e.workflowExecutionTerminatedEventAttributes) {
      out.push({ ...base, type: 'WorkflowExecutionTerminated', reason: e.workflowExecutionTerminatedEventAttributes.reason || null });
    } else if (e.workflowExecutionCanceledEventAttributes) {
      out.push({ ...base, type: 'WorkflowExecutionCanceled', reason: null });
    } else if (e.workflowExecutionTimedOutEventAttributes) {
      out.push({ ...base, type: 'WorkflowExecutionTimedOut', reason: null });
    } else if (e.workflowTaskFailedEventAttributes) {
      const a = e.workflowTaskFailedEventAttributes;
      const cause = temporal.api.enums.v1.WorkflowTaskFailedCause[a.cause ?? 0] ?? String(a.cause);
      out.push({ ...base, type: 'WorkflowTaskFailed', cause: cause.replace(/^WORKFLOW_TASK_FAILED_CAUSE_/, ''), failure: await failureMessage(converter, a.failure) });
    } else {
      out.push({ ...base, type: 'Other', name: temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? 'unknown' });
    }
  }
  return out;
}
