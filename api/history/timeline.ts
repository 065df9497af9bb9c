/**
 * A case's workflow history as a timeline a manager, an auditor or a court can read: who decided
 * what and when, with the data of the decision; the facts that came in; the timers that fired;
 * what the workflow did (activities: requests and reminders to the school, notifications, the
 * projection). Pure: the events arrive decoded (see decode-history.ts), so this maps data only.
 * Refused updates never enter the history, so they never appear here.
 */
import type { Actor } from '../../domain/case/actor';
import { reasonOf, type CaseChange } from '../../domain/case/changes';

/** One history event with its payloads decoded, reduced to what the timeline reads. */
export type DecodedEvent = { runId: string; eventId: number; at: string } & (
  | { type: 'WorkflowExecutionStarted'; input: unknown[]; continuedFromRunId: string | null }
  | { type: 'WorkflowExecutionSignaled'; signalName: string; input: unknown[]; identity: string }
  | { type: 'WorkflowExecutionUpdateAccepted'; updateId: string; updateName: string; input: unknown[]; identity: string }
  | { type: 'WorkflowExecutionUpdateCompleted'; updateId: string; result: unknown; failure: string | null }
  | { type: 'ActivityTaskScheduled'; activityType: string; activityId: string; input: unknown[] }
  | { type: 'ActivityTaskStarted'; scheduledEventId: number; attempt: number }
  /** A local activity (projection, notification), recorded as a marker when it finished. */
  | { type: 'LocalActivityMarker'; activityType: string; attempt: number; failed: boolean }
  | { type: 'ActivityTaskCompleted'; scheduledEventId: number }
  | { type: 'ActivityTaskFailed' | 'ActivityTaskTimedOut' | 'ActivityTaskCanceled'; scheduledEventId: number; failure: string | null }
  | { type: 'TimerStarted'; timerId: string; fireAfterMs: number; summary?: string }
  | { type: 'TimerFired'; timerId: string; startedEventId: number }
  | { type: 'WorkflowExecutionContinuedAsNew'; newRunId: string }
  | { type: 'WorkflowExecutionCompleted'; result: unknown }
  | { type: 'WorkflowExecutionFailed' | 'WorkflowExecutionTerminated' | 'WorkflowExecutionCanceled' | 'WorkflowExecutionTimedOut'; reason: string | null }
  | { type: 'WorkflowTaskFailed'; cause: string; failure: string | null }
  | { type: 'Other'; name: string }
);

export type TimelineKind =
  | 'case-opened'
  | 'run-continued'
  | 'decision'
  | 'fact'
  | 'timer-fired'
  | 'activity'
  | 'continued-as-new'
  | 'case-completed'
  | 'case-ended'
  | 'workflow-task-failed';

export type Outcome = {
  status: 'completed' | 'failed' | 'pending';
  at?: string;
  message?: string;
  attempts?: number;
  /** For decisions: the case after it. */
  version?: number;
  phase?: string;
  step?: string | null;
  duoStatus?: string;
};

export type TimelineEntry = {
  at: string;
  runId: string;
  eventId: number;
  kind: TimelineKind;
  /** The update, signal or activity name; for a timer, what fired. */
  what: string;
  actor?: Actor;
  reason?: string;
  data?: unknown;
  outcome?: Outcome;
  summary: string;
};

type StateLike = {
  version?: number;
  phase?: string;
  step?: string | null;
  duoStatus?: string;
  closure?: { reason: string };
  recentChanges?: CaseChange[];
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function actorOf(arg: unknown): Actor | undefined {
  const a = isObject(arg) ? arg.actor : undefined;
  return isObject(a) && typeof a.id === 'string' && typeof a.role === 'string' ? (a as Actor) : undefined;
}

const who = (actor: Actor | undefined) => (actor ? `${actor.id} (${actor.role})` : 'an unknown actor');

function caseSummary(s: unknown): Pick<Outcome, 'version' | 'phase' | 'step' | 'duoStatus'> {
  if (!isObject(s)) return {};
  const state = s as StateLike;
  return { version: state.version, phase: state.phase, step: state.step ?? null, duoStatus: state.duoStatus };
}

/**
 * What the timeline shows of an activity's input. The projection carries the whole case state:
 * the timeline shows the version it wrote and the changes it recorded since the last projection.
 */
function activityData(type: string, input: unknown, projectedBefore: number): unknown {
  if (type !== 'projectCase' || !isObject(input)) return input;
  const s = input as StateLike;
  return {
    ...caseSummary(s),
    changes: (s.recentChanges ?? []).filter((c) => c.version > projectedBefore).map((c) => ({ version: c.version, action: c.action, actor: c.actor, at: c.at })),
  };
}

/** Maps a run's decoded events (in order) to timeline entries, pairing each start with its end. */
export function timelineOf(events: readonly DecodedEvent[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const updates = new Map<string, TimelineEntry>();
  const activities = new Map<number, TimelineEntry>();
  const timerSummaries = new Map<string, string>();
  const projected = new Map<string, number>(); // per run: the last version projected
  for (const e of events) {
    const base = { at: e.at, runId: e.runId, eventId: e.eventId };
    switch (e.type) {
      case 'WorkflowExecutionStarted': {
        const arg = e.input[0];
        if (isObject(arg) && arg.kind === 'continued') {
          const version = caseSummary(arg.state).version ?? 0;
          projected.set(e.runId, version);
          entries.push({ ...base, kind: 'run-continued', what: 'continueAsNew', data: caseSummary(arg.state), summary: `The case continued in a new run at version ${version}${e.continuedFromRunId ? ` (from run ${e.continuedFromRunId})` : ''}.` });
        } else {
          const melding = isObject(arg) && isObject(arg.melding) ? arg.melding : undefined;
          const actor = actorOf(arg);
          entries.push({
            ...base,
            kind: 'case-opened',
            what: 'start',
            actor,
            data: melding ? { melding, youthId: (arg as Record<string, unknown>).youthId } : arg,
            summary: `Case opened by ${who(actor)}${melding ? ` on melding ${String(melding.meldingId)} (${String(melding.kind)})` : ''}.`,
          });
        }
        break;
      }
      case 'WorkflowExecutionUpdateAccepted': {
        const arg = e.input[0];
        const actor = actorOf(arg);
        const data = isObject(arg) ? arg.input : arg;
        const entry: TimelineEntry = { ...base, kind: 'decision', what: e.updateName, actor, data, outcome: { status: 'pending' }, summary: `${who(actor)}: ${e.updateName}.` };
        const reason = reasonOf(data);
        if (reason) entry.reason = reason;
        updates.set(e.updateId, entry);
        entries.push(entry);
        break;
      }
      case 'WorkflowExecutionUpdateCompleted': {
        const entry = updates.get(e.updateId);
        if (!entry) break;
        entry.outcome = e.failure ? { status: 'failed', at: e.at, message: e.failure } : { status: 'completed', at: e.at, ...caseSummary(e.result) };
        break;
      }
      case 'WorkflowExecutionSignaled': {
        const arg = e.input[0];
        const actor = actorOf(arg);
        entries.push({ ...base, kind: 'fact', what: e.signalName, actor, data: isObject(arg) ? arg.input : arg, summary: `${who(actor)} delivered ${e.signalName}.` });
        break;
      }
      case 'TimerStarted':
        if (e.summary) timerSummaries.set(`${e.runId}:${e.eventId}`, e.summary);
        break;
      case 'TimerFired': {
        // A named timer says what it is for ('school-informatie: herinnering' -> timer:school-informatie-herinnering).
        const named = timerSummaries.get(`${e.runId}:${e.startedEventId}`);
        const what = named ? `timer:${named.replace(/:\s*/, '-')}` : 'timer';
        entries.push({ ...base, kind: 'timer-fired', what, actor: { id: 'system', role: 'system' }, summary: named ? `A deadline timer fired: ${named}.` : 'A deadline timer fired.' });
        break;
      }
      case 'ActivityTaskScheduled': {
        const input = e.input[0];
        const entry: TimelineEntry = {
          ...base,
          kind: 'activity',
          what: e.activityType,
          data: activityData(e.activityType, input, projected.get(e.runId) ?? 0),
          outcome: { status: 'pending' },
          summary: `The workflow ran ${e.activityType}.`,
        };
        if (e.activityType === 'projectCase') projected.set(e.runId, caseSummary(input).version ?? 0);
        activities.set(e.eventId, entry);
        entries.push(entry);
        break;
      }
      case 'LocalActivityMarker':
        entries.push({
          ...base,
          kind: 'activity',
          what: e.activityType,
          outcome: { status: e.failed ? 'failed' : 'completed', at: e.at, attempts: e.attempt },
          summary: `The workflow ran ${e.activityType} (in the worker, as a local activity).`,
        });
        break;
      case 'ActivityTaskStarted': {
        const entry = activities.get(e.scheduledEventId);
        if (entry) entry.outcome = { ...entry.outcome!, attempts: e.attempt };
        break;
      }
      case 'ActivityTaskCompleted': {
        const entry = activities.get(e.scheduledEventId);
        if (entry) entry.outcome = { ...entry.outcome!, status: 'completed', at: e.at };
        break;
      }
      case 'ActivityTaskFailed':
      case 'ActivityTaskTimedOut':
      case 'ActivityTaskCanceled': {
        const entry = activities.get(e.scheduledEventId);
        if (entry) entry.outcome = { ...entry.outcome!, status: 'failed', at: e.at, message: e.failure ?? e.type };
        break;
      }
      case 'WorkflowExecutionContinuedAsNew':
        entries.push({ ...base, kind: 'continued-as-new', what: 'continueAsNew', summary: `The history continues in run ${e.newRunId}.` });
        break;
      case 'WorkflowExecutionCompleted': {
        const s = isObject(e.result) ? (e.result as StateLike) : {};
        entries.push({ ...base, kind: 'case-completed', what: 'completed', data: caseSummary(s), summary: `The case workflow completed${s.closure ? `: closed with reason ${s.closure.reason}` : ''}.` });
        break;
      }
      case 'WorkflowExecutionFailed':
      case 'WorkflowExecutionTerminated':
      case 'WorkflowExecutionCanceled':
      case 'WorkflowExecutionTimedOut':
        entries.push({ ...base, kind: 'case-ended', what: e.type, summary: `The case workflow ended: ${e.type}${e.reason ? ` (${e.reason})` : ''}.` });
        break;
      case 'WorkflowTaskFailed':
        entries.push({ ...base, kind: 'workflow-task-failed', what: e.cause, summary: `A workflow task failed (${e.cause})${e.failure ? `: ${e.failure}` : ''}.` });
        break;
      default:
        break; // workflow tasks, timer starts and cancels, search attributes: not decisions
    }
  }
  nameTimers(entries);
  // An update is stamped when the server admitted it, which can be before the event written just
  // ahead of it: readers follow the clock, so order by time (the sort is stable for equal times).
  return entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * A fired timer is named after what it did: the next projection in the run records the timer's
 * change ('timer:school-informatie-herinnering'); a timer that changed nothing stays 'timer'.
 */
function nameTimers(entries: TimelineEntry[]): void {
  entries.forEach((entry, i) => {
    if (entry.kind !== 'timer-fired' || entry.what !== 'timer') return;
    const projection = entries.slice(i + 1).find((e) => e.runId === entry.runId && e.kind === 'activity' && e.what === 'projectCase');
    const changes = ((projection?.data as { changes?: { action: string; at: string }[] } | undefined)?.changes ?? []).filter((c) => c.action.startsWith('timer:'));
    const change = changes.find((c) => c.at >= entry.at.slice(0, 19)) ?? changes[0];
    if (!change) return;
    entry.what = change.action;
    entry.summary = `A deadline timer fired: ${change.action.slice('timer:'.length).split(',').join(', ')}.`;
  });
}
