import { continueAsNew, log, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { SYSTEM_ACTOR } from '../domain/case/actor';
import * as actions from '../domain/signal/actions';
import { nextSignalDeadline, type SignalState } from '../domain/signal/state';
import { fireSignalTimers, openSignal, parkSignalEffect, receiveFormalMelding, recordSignalChange, type SignalEffect } from '../domain/signal/transitions';
import { SIGNAL_ACTIONS } from '../domain/actions/early-signal';
import { checkSignalAction, runSignalAction } from '../domain/actions/run-early-signal';
import { inputSchemas } from '../domain/actions/spec';
import { setActionUpdates } from './action-updates';
import { projection, type TypedEffectCall } from './effect-activities';
import { continuedStart, HOT_PATH_PATCH, PROCESS_RUNNER_PATCH, STEPS_IN_SEQUENCE_PATCH, type Process, type ProcessSpec } from './process-runner';
import { openProcess } from './open-process';
import { CALENDAR_PATCH, calendarChangedSignal } from './calendar-messages';
import { receiveSignalCalendar } from '../domain/signal/calendar';
import { calendarRegionOf } from '../domain/calendar-deadlines';
import { CasePhaseKey, ConsultantIdKey, GemeenteKey, NextDeadlineKey, SchoolBrinKey } from './search-attributes';
import { formalMeldingSignal, signalStateQuery, signalUpdates, type SignalWorkflowInput } from './signal-messages';

// The activities of the runner before PROCESS_RUNNER_PATCH (unbounded retries): old histories replay with them.
const acts = proxyActivities<Activities>({
  // Short: after a worker crash an activity it held is retried only when this has passed.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

/** The validation table: each update's input schema, from the action registry. */
const ACTION_SCHEMAS = inputSchemas(SIGNAL_ACTIONS);

/** The early signal as the process runner (process-runner.ts) sees it. */
const SIGNAL_PROCESS: ProcessSpec<SignalState, SignalEffect> = {
  id: (s) => s.signalId,
  done: (s) => s.status !== 'open',
  searchAttributes: searchAttributesOf,
  project: { current: (s) => projection.projectSignal(s), legacy: (s) => acts.projectSignal(s) },
  plan: planEffect,
  legacyRun: runEffect,
  fireTimers: (s, now, latestOnly) => fireSignalTimers(s, now, SYSTEM_ACTOR, { latestOnly }),
  park: (s, parked, now, tell) => parkSignalEffect(s, parked, SYSTEM_ACTOR, now, tell),
};

/**
 * One early signal (vroegsignalering), from report to outcome or escalation into a MAS case.
 * The rules live in domain/signal (pure transitions); the process runner keeps the state, waits
 * on messages and deadlines and runs each transition's effects as activities, as for a case.
 */
export async function earlySignalWorkflow(input: SignalWorkflowInput): Promise<SignalState> {
  let process: Process<SignalState, SignalEffect> | undefined;
  const stepsInSequence = decideRunner();
  // The handlers come before the intake's activity: a step that reaches a signal still opening (the
  // API answers its report before the first task has run) is refused with a reason (PhaseConflict)
  // and the query answers null, where without a handler both were rejected as unknown and the API
  // answered 500. Replay-safe: a handler adds no command, and a step refused while opening never
  // entered a history.
  setHandler(signalStateQuery, () => process?.state ?? null);
  setActionUpdates(signalUpdates, ACTION_SCHEMAS, {
    ready: () => process !== undefined,
    opening: { code: 'signal.opening', subject: 'The signal' },
    check: (name, input, now) => checkSignalAction(name, process!.state, input as never, now),
    busy: () => process!.busy(),
    run: (name, input, actor, now) =>
      process!.decide({ check: (s, at) => checkSignalAction(name, s, input as never, at), apply: (s, at) => runSignalAction(name, s, input as never, actor, at) }, now),
  });

  if (input.kind === 'new') {
    // The workflow id is the EarlySignal row's id, whatever form the reporter's id has.
    const signalId = workflowInfo().workflowId;
    const { summary } = input;
    const facts = await acts.loadSignalIntake({ signalId, gemeente: summary.gemeente, schoolBrin: summary.schoolBrin });
    const opened = openSignal({ ...facts, signalId, summary, youthId: input.youthId }, new Date());
    const state = opened.state;
    state.lastActor = input.actor;
    // The opening is the audit's first entry (data only: no command, so replay-safe).
    recordSignalChange(state, { action: 'start', at: state.receivedAt, actor: input.actor, reason: `signaal ${summary.concern}` });
    process = openProcess(SIGNAL_PROCESS, { state, effects: opened.effects, projectedVersion: 0, rules: {}, maxHistoryEvents: input.maxHistoryEvents, stepsInSequence });
  } else {
    process = openProcess(SIGNAL_PROCESS, continuedStart(input, { stepsInSequence }));
  }
  const running = process;
  const state = () => running.state;

  setHandler(formalMeldingSignal, ({ actor, input: raw }) => {
    const parsed = actions.FormalMeldingInput.safeParse(raw);
    if (!parsed.success) {
      log.warn('ignored malformed formal melding', { signalId: state().signalId });
      return;
    }
    running.receive((s, at) => receiveFormalMelding(s, parsed.data, actor, at));
  });
  setHandler(calendarChangedSignal, ({ actor, input: calendar }) => running.receive((s, at) => receiveSignalCalendar(s, calendar, actor, at)));

  // As in caseWorkflow: a signal from before the school calendar loads it once (patched).
  let calendarAsked = false;

  const catchUp = () => {
    if (state().calendar || calendarAsked || !patched(CALENDAR_PATCH)) return undefined;
    calendarAsked = true;
    return acts.loadCalendar({ region: calendarRegionOf(state()) }).then((calendar) => receiveSignalCalendar(state(), calendar, SYSTEM_ACTOR, new Date()));
  };

  return running.run(
    (s, carry) => continueAsNew<typeof earlySignalWorkflow>({ kind: 'continued', state: s, carry, maxHistoryEvents: input.maxHistoryEvents }),
    catchUp,
  );
}

/**
 * STEPS_IN_SEQUENCE_PATCH, asked in the run's first activation; under it every patch the signal asks
 * later is asked here too, so its marker is in that first task whatever comes after (as the
 * case's patchesUpFront). A run from before it asks none here and each where it always did.
 */
function decideRunner(): boolean {
  if (!patched(STEPS_IN_SEQUENCE_PATCH)) return false;
  for (const id of [PROCESS_RUNNER_PATCH, HOT_PATH_PATCH, CALENDAR_PATCH]) patched(id);
  return true;
}

/** The case workflow's keys, so one visibility query lists both; CasePhase carries the signal's status. */
function searchAttributesOf(s: SignalState) {
  const next = nextSignalDeadline(s);
  return [
    { key: CasePhaseKey, value: s.status },
    { key: GemeenteKey, value: s.summary.gemeente },
    { key: ConsultantIdKey, value: s.consultantId ?? null },
    { key: SchoolBrinKey, value: s.summary.schoolBrin ?? null },
    { key: NextDeadlineKey, value: next ? new Date(next) : null },
  ];
}

/** An effect as an activity call, with the data of the moment it was decided (the recipient). */
function planEffect(s: SignalState, effect: SignalEffect, key: string): TypedEffectCall {
  return {
    activity: 'notify',
    label: `notify ${effect.topic}`,
    args: {
      key,
      // The notification table has one reference column: for a signal it holds the signal id.
      caseId: s.signalId,
      recipientRole: effect.recipient,
      recipientId: effect.recipient === 'consultant' ? s.consultantId : s.teamLeadId,
      topic: effect.topic,
      message: effect.message,
    },
  };
}

/** How effects ran before the process runner: against the state at flush time (replays only). */
async function runEffect(s: SignalState, effect: SignalEffect, key: string): Promise<void> {
  switch (effect.kind) {
    case 'notify':
      return acts.notify({
        key,
        // The notification table has one reference column: for a signal it holds the signal id.
        caseId: s.signalId,
        recipientRole: effect.recipient,
        recipientId: effect.recipient === 'consultant' ? s.consultantId : s.teamLeadId,
        topic: effect.topic,
        message: effect.message,
      });
  }
}
