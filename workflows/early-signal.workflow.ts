import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { SYSTEM_ACTOR } from '../domain/case/actor';
import * as actions from '../domain/signal/actions';
import { nextTimerAt } from '../domain/case/deadlines';
import { nextSignalDeadline, type SignalState } from '../domain/signal/state';
import { fireSignalTimers, openSignal, receiveFormalMelding, recordSignalChange, type SignalEffect, type SignalTransition } from '../domain/signal/transitions';
import { SIGNAL_ACTIONS } from '../domain/actions/early-signal';
import { checkSignalAction, runSignalAction } from '../domain/actions/run-early-signal';
import { inputSchemas } from '../domain/actions/spec';
import { setActionUpdates } from './action-updates';
import { CALENDAR_PATCH, calendarChangedSignal } from './calendar-messages';
import { receiveSignalCalendar } from '../domain/signal/calendar';
import { calendarRegionOf } from '../domain/calendar-deadlines';
import { CasePhaseKey, ConsultantIdKey, GemeenteKey, NextDeadlineKey, SchoolBrinKey } from './search-attributes';
import { formalMeldingSignal, signalStateQuery, signalUpdates, type SignalWorkflowInput } from './signal-messages';

const acts = proxyActivities<Activities>({
  // Short: after a worker crash an activity it held is retried only when this has passed.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

/** A signal's history is small, but one with many extended follow-ups must not grow without bound. */
const MAX_HISTORY_EVENTS = 5_000;

/** The validation table: each update's input schema, from the action registry. */
const ACTION_SCHEMAS = inputSchemas(SIGNAL_ACTIONS);

/**
 * One early signal (vroegsignalering), from report to outcome or escalation into a MAS case.
 * The rules live in domain/signal (pure transitions); this function keeps the state, waits on
 * messages and deadlines, and turns each transition's effects into activities, like caseWorkflow.
 */
export async function earlySignalWorkflow(input: SignalWorkflowInput): Promise<SignalState> {
  let state: SignalState;
  const outbox: { version: number; effects: SignalEffect[] }[] = [];
  let projectedVersion = 0;

  const apply = (t: SignalTransition | null) => {
    if (!t) return;
    state = t.state;
    if (t.effects.length) outbox.push({ version: state.version, effects: t.effects });
  };

  if (input.kind === 'new') {
    // The workflow id is the EarlySignal row's id, whatever form the reporter's id has.
    const signalId = workflowInfo().workflowId;
    const { summary } = input;
    const facts = await acts.loadSignalIntake({ signalId, gemeente: summary.gemeente, schoolBrin: summary.schoolBrin });
    const opened = openSignal({ ...facts, signalId, summary, youthId: input.youthId }, new Date());
    state = opened.state;
    state.lastActor = input.actor;
    // The opening is the audit's first entry (data only: no command, so replay-safe).
    recordSignalChange(state, { action: 'start', at: state.receivedAt, actor: input.actor, reason: `signaal ${summary.concern}` });
    outbox.push({ version: state.version, effects: opened.effects });
  } else {
    state = input.state;
    projectedVersion = state.version;
  }

  // Effects and the projection run one batch at a time, in order, whoever asks for the flush.
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => (flushing = flushing.then(drain));
  async function drain(): Promise<void> {
    while (outbox.length) {
      const batch = outbox.shift()!;
      for (const [i, effect] of batch.effects.entries()) {
        await runEffect(state, effect, `${state.signalId}:${batch.version}:${i}`);
      }
    }
    if (projectedVersion < state.version) {
      const snapshot = state;
      upsertSearchAttributes(searchAttributesOf(snapshot));
      await acts.projectSignal(snapshot);
      projectedVersion = snapshot.version;
    }
  }

  setHandler(signalStateQuery, () => state);

  setActionUpdates(signalUpdates, ACTION_SCHEMAS, {
    check: (name, input, now) => checkSignalAction(name, state, input as never, now),
    async run(name, input, actor, now) {
      apply(runSignalAction(name, state, input as never, actor, now));
      await flush();
      return state;
    },
  });

  setHandler(formalMeldingSignal, ({ actor, input: raw }) => {
    const parsed = actions.FormalMeldingInput.safeParse(raw);
    if (!parsed.success) {
      log.warn('ignored malformed formal melding', { signalId: state.signalId });
      return;
    }
    apply(receiveFormalMelding(state, parsed.data, actor, new Date()));
  });
  setHandler(calendarChangedSignal, ({ actor, input: calendar }) => apply(receiveSignalCalendar(state, calendar, actor, new Date())));

  // As in caseWorkflow: a signal from before the school calendar loads it once (patched).
  let calendarAsked = false;

  for (;;) {
    await flush();
    if (state.status !== 'open') break;
    if (!state.calendar && !calendarAsked && patched(CALENDAR_PATCH)) {
      calendarAsked = true;
      const calendar = await acts.loadCalendar({ region: calendarRegionOf(state) });
      apply(receiveSignalCalendar(state, calendar, SYSTEM_ACTOR, new Date()));
      continue;
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > MAX_HISTORY_EVENTS) {
      await condition(allHandlersFinished);
      await flush();
      await continueAsNew<typeof earlySignalWorkflow>({ kind: 'continued', state });
    }
    const seen = state.version;
    const woken = () => state.version !== seen || outbox.length > 0;
    const at = nextTimerAt(state);
    const changed = at ? await condition(woken, Math.max(new Date(at).getTime() - Date.now(), 1)) : (await condition(woken), true);
    if (!changed) apply(fireSignalTimers(state, new Date(), SYSTEM_ACTOR));
  }
  await condition(allHandlersFinished);
  await flush();
  return state;
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
