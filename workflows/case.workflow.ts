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
import * as actions from '../domain/case/actions';
import { SYSTEM_ACTOR } from '../domain/case/actor';
import { receiveCalendar } from '../domain/case/calendar';
import { recordChange } from '../domain/case/changes';
import { calendarRegionOf } from '../domain/calendar-deadlines';
import { nextTimerAt } from '../domain/case/deadlines';
import type { Effect } from '../domain/case/effects';
import { openCase, type Transition } from '../domain/case/intake';
import { activeRoutes, nextDeadline, type CaseState } from '../domain/case/state';
import { additionReason, fireTimers, receiveEnrolment, receiveMelding, receiveSchoolInformation, receiveSchoolInformationAddition } from '../domain/case/transitions';
import { CASE_ACTIONS } from '../domain/actions/case';
import { checkAction, runAction } from '../domain/actions/run-case';
import { inputSchemas } from '../domain/actions/spec';
import { setActionUpdates } from './action-updates';
import { CALENDAR_PATCH, calendarChangedSignal } from './calendar-messages';
import {
  caseStateQuery,
  caseUpdates,
  enrolmentSignal,
  meldingReceivedSignal,
  schoolInformationSignal,
  type CaseWorkflowInput,
} from './messages';
import {
  CasePhaseKey,
  CaseRoutesKey,
  CaseStatusKey,
  ConsultantIdKey,
  GemeenteKey,
  NextDeadlineKey,
  SchoolBrinKey,
} from './search-attributes';

const acts = proxyActivities<Activities>({
  // Short: after a worker crash an activity it held is retried only when this has passed.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

/** Histories of cases that run for months stay small: continue as new well before the limits. */
const MAX_HISTORY_EVENTS = 5_000;

/** The validation table: each update's input schema, from the action registry. */
const ACTION_SCHEMAS = inputSchemas(CASE_ACTIONS);

/**
 * Rule changes that add timers or activities to running cases are patched: a case that started
 * before a change replays with the old rules (its history has no marker), new cases get them.
 */
export const THUISZITTER_PATCH = 'thuiszitter-derivation';
/** Letters as PDF (issue 13): a case makes its letters from the first letter effect run under this code on. */
export const LETTERS_PATCH = 'letters-as-pdf';
/** School information after the answer is kept as an addition (issue 12), with a notification. */
export const SCHOOL_INFORMATION_ADDITION_PATCH = 'school-information-addition';
/** The school's second reminder at its own instant after the deadline (issue 12), for cases opened under it. */
export const SECOND_SCHOOL_REMINDER_PATCH = 'second-school-reminder-instant';

/**
 * One verzuim case, from melding to closure, following the Methodische Aanpak Schoolverzuim.
 * The rules live in domain/case (pure transitions); this function keeps the state, waits on
 * messages and deadlines, and turns each transition's effects into activities.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseState> {
  let state: CaseState;
  const outbox: { version: number; effects: Effect[] }[] = [];
  let projectedVersion = 0;

  const rules = { thuiszitter: patched(THUISZITTER_PATCH) };
  const apply = (t: Transition | null) => {
    if (!t) return;
    state = t.state;
    if (t.effects.length) outbox.push({ version: state.version, effects: t.effects });
  };

  if (input.kind === 'new') {
    const facts = await acts.loadIntake({ caseId: input.caseId, melding: input.melding, youthId: input.youthId });
    // A new case fixes its rules at the start; a case from before keeps the second reminder at the deadline.
    const opened = openCase(facts, new Date(), { ...rules, secondSchoolReminder: patched(SECOND_SCHOOL_REMINDER_PATCH) });
    state = opened.state;
    state.lastActor = input.actor;
    // The opening is the audit's first entry (data only: no command, so replay-safe).
    recordChange(state, { action: 'start', at: state.openedAt, actor: input.actor, reason: `melding ${input.melding.meldingId} (${input.melding.kind})` });
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
        await runEffect(state, effect, `${state.caseId}:${batch.version}:${i}`);
      }
    }
    if (projectedVersion < state.version) {
      const snapshot = state;
      upsertSearchAttributes(searchAttributesOf(snapshot));
      await acts.projectCase(snapshot);
      projectedVersion = snapshot.version;
    }
  }

  setHandler(caseStateQuery, () => state);

  setActionUpdates(caseUpdates, ACTION_SCHEMAS, {
    check: (name, input, now) => checkAction(name, state, input as never, now),
    async run(name, input, actor, now) {
      apply(runAction(name, state, input as never, actor, now));
      await flush();
      return state;
    },
  });

  setHandler(meldingReceivedSignal, ({ actor, input: melding }) => apply(receiveMelding(state, melding, actor, new Date(), rules)));
  setHandler(schoolInformationSignal, ({ actor, input: info }) => {
    const parsed = actions.SchoolInformationInput.safeParse(info);
    if (!parsed.success) {
      log.warn('ignored malformed school information', { caseId: state.caseId });
      return;
    }
    const now = new Date();
    const answered = receiveSchoolInformation(state, parsed.data, actor, now);
    if (answered) return apply(answered);
    // A late or repeated answer is kept as an addition; cases from before this rule dropped it.
    if (additionReason(state, parsed.data) && patched(SCHOOL_INFORMATION_ADDITION_PATCH)) apply(receiveSchoolInformationAddition(state, parsed.data, actor, now));
  });
  setHandler(enrolmentSignal, ({ actor, input: enrolment }) => apply(receiveEnrolment(state, enrolment, actor, new Date())));
  setHandler(calendarChangedSignal, ({ actor, input: calendar }) => apply(receiveCalendar(state, calendar, actor, new Date())));

  // A case from before the school calendar was reference data loads it once when it next runs;
  // replaying its old history the patch is absent and nothing is loaded, as it ran then.
  let calendarAsked = false;

  for (;;) {
    await flush();
    if (state.phase === 'afgesloten') break;
    if (!state.calendar && !calendarAsked && patched(CALENDAR_PATCH)) {
      calendarAsked = true;
      const calendar = await acts.loadCalendar({ region: calendarRegionOf(state) });
      apply(receiveCalendar(state, calendar, SYSTEM_ACTOR, new Date()));
      continue;
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > MAX_HISTORY_EVENTS) {
      await condition(allHandlersFinished);
      await flush();
      await continueAsNew<typeof caseWorkflow>({ kind: 'continued', state });
    }
    const seen = state.version;
    const woken = () => state.version !== seen || outbox.length > 0;
    const at = nextTimerAt(state);
    const changed = at ? await condition(woken, Math.max(new Date(at).getTime() - Date.now(), 1)) : (await condition(woken), true);
    if (!changed) apply(fireTimers(state, new Date(), SYSTEM_ACTOR));
  }
  await condition(allHandlersFinished);
  await flush();
  return state;
}

function searchAttributesOf(s: CaseState) {
  const next = nextDeadline(s);
  return [
    { key: CaseStatusKey, value: s.duoStatus },
    { key: CasePhaseKey, value: s.phase },
    { key: GemeenteKey, value: s.gemeente },
    { key: ConsultantIdKey, value: s.consultantId ?? null },
    { key: SchoolBrinKey, value: s.schoolBrin ?? null },
    { key: CaseRoutesKey, value: activeRoutes(s) },
    { key: NextDeadlineKey, value: next ? new Date(next) : null },
  ];
}

async function runEffect(s: CaseState, effect: Effect, key: string): Promise<void> {
  switch (effect.kind) {
    case 'request-school-information':
      return acts.requestSchoolInformation({ key, caseId: s.caseId, requestId: effect.requestId, schoolBrin: s.schoolBrin ?? null, dueAt: effect.dueAt });
    case 'school-reminder':
      return acts.sendSchoolReminder({ key, caseId: s.caseId, requestId: effect.requestId, sequence: effect.sequence, dueAt: effect.dueAt });
    case 'invite-hoorgesprek':
    case 'copy-to-raad':
      return acts.recordCorrespondence({ key, caseId: s.caseId, kind: effect.kind, details: effect });
    case 'notify':
      return acts.notify({
        key,
        caseId: s.caseId,
        recipientRole: effect.recipient,
        recipientId: effect.recipient === 'consultant' ? s.consultantId : s.teamLeadId,
        topic: effect.topic,
        message: effect.message,
      });
    case 'letter':
      // A history from before letters has no marker here: it replays without the activity.
      if (!patched(LETTERS_PATCH)) return;
      // Persons and documents by id only: the activity reads the persons register, the state has none.
      await acts.generateLetters({ key, caseId: s.caseId, kind: effect.letter, to: effect.to, details: effect.details, state: s });
      return;
  }
}
