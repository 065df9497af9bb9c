import { continueAsNew, log, patched, proxyActivities, proxyLocalActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import * as actions from '../domain/case/actions';
import { SYSTEM_ACTOR } from '../domain/case/actor';
import { receiveCalendar } from '../domain/case/calendar';
import { recordChange } from '../domain/case/changes';
import { calendarRegionOf } from '../domain/calendar-deadlines';
import type { Effect } from '../domain/case/effects';
import { openCase } from '../domain/case/intake';
import { activeRoutes, nextDeadline, type CaseState } from '../domain/case/state';
import { additionReason, fireTimers, parkEffect, receiveEnrolment, receiveMelding, receiveSchoolInformation, receiveSchoolInformationAddition, type RuleOptions } from '../domain/case/transitions';
import { CASE_ACTIONS } from '../domain/actions/case';
import { checkAction, runAction } from '../domain/actions/run-case';
import { inputSchemas } from '../domain/actions/spec';
import { setActionUpdates } from './action-updates';
import { projection, type TypedEffectCall } from './effect-activities';
import { continuedStart, EFFECTS_AFTER_ANSWERS_PATCH, HOT_PATH_PATCH, PROCESS_RUNNER_PATCH, STEPS_IN_SEQUENCE_PATCH, type Process, type ProcessSpec } from './process-runner';
import { openProcess } from './open-process';
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

// The activities of the runner before PROCESS_RUNNER_PATCH (unbounded retries): old histories replay with them.
const acts = proxyActivities<Activities>({
  // Short: after a worker crash an activity it held is retried only when this has passed.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

/** The intake's reads of PostgreSQL as a local activity (issue 15): no server round trip before the case opens. */
const intake = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '5 minutes' },
});

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
/** The intake facts read by a local activity (issue 15); a case that started before read them by activity. */
export const LOCAL_INTAKE_PATCH = 'local-intake';

/**
 * Every later patch decided in the run's first activation, before the intake's local activity.
 * sdk-core can complete a task whose query it answered while a local activity ran with that
 * activity's marker in it, before the workflow was given the result; replaying, core reads the
 * marker ahead and gives the result in that earlier task, where a patch first asked after it is
 * absent (TMPRL1100 "patch marker ... no corresponding change command"). Asked first, all markers
 * are in the run's first completion. Runs from before it ask each patch where they always did.
 */
export const PATCHES_UP_FRONT_PATCH = 'patches-up-front';
/** The patches a case asks after its first activation (rules, runner, letters, messages, calendar). */
const LATER_PATCHES = [SECOND_SCHOOL_REMINDER_PATCH, PROCESS_RUNNER_PATCH, HOT_PATH_PATCH, LETTERS_PATCH, SCHOOL_INFORMATION_ADDITION_PATCH, CALENDAR_PATCH];

/**
 * Asks the later patches now (their answers are kept: asked again, each says the same), and
 * decides the runner for the whole run (EFFECTS_AFTER_ANSWERS_PATCH, STEPS_IN_SEQUENCE_PATCH): a
 * run from before patches-up-front never asks them, so never records them halfway.
 */
function patchesUpFront(): { effectsAfterAnswers: boolean; stepsInSequence: boolean } {
  if (!patched(PATCHES_UP_FRONT_PATCH)) return { effectsAfterAnswers: false, stepsInSequence: false };
  for (const id of LATER_PATCHES) patched(id);
  return { effectsAfterAnswers: patched(EFFECTS_AFTER_ANSWERS_PATCH), stepsInSequence: patched(STEPS_IN_SEQUENCE_PATCH) };
}

/** The case as the process runner (process-runner.ts) sees it. */
const CASE_PROCESS: ProcessSpec<CaseState, Effect> = {
  id: (s) => s.caseId,
  done: (s) => s.phase === 'afgesloten',
  searchAttributes: searchAttributesOf,
  project: { current: (s) => projection.projectCase(s), legacy: (s) => acts.projectCase(s) },
  plan: planEffect,
  legacyRun: runEffect,
  fireTimers: (s, now, latestOnly) => fireTimers(s, now, SYSTEM_ACTOR, { latestOnly }),
  park: (s, parked, now, tell) => parkEffect(s, parked, SYSTEM_ACTOR, now, tell),
};

/**
 * One verzuim case, from melding to closure, following the Methodische Aanpak Schoolverzuim.
 * The rules live in domain/case (pure transitions); the process runner keeps the state, waits on
 * messages and deadlines, projects each version and runs each transition's effects as activities.
 */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseState> {
  let process: Process<CaseState, Effect> | undefined;
  let rules: RuleOptions;
  let updatesSet = false;
  const setUpdates = () => {
    updatesSet = true;
    setActionUpdates(caseUpdates, ACTION_SCHEMAS, {
      ready: () => process !== undefined,
      check: (name, input, now) => checkAction(name, process!.state, input as never, now),
      busy: () => process!.busy(),
      run: (name, input, actor, now) =>
        process!.decide({ check: (s, at) => checkAction(name, s, input as never, at), apply: (s, at) => runAction(name, s, input as never, actor, at) }, now),
    });
  };

  if (input.kind === 'new') {
    rules = { thuiszitter: patched(THUISZITTER_PATCH) };
    const args = { caseId: input.caseId, melding: input.melding, youthId: input.youthId };
    const localIntake = patched(LOCAL_INTAKE_PATCH);
    const { effectsAfterAnswers, stepsInSequence } = patchesUpFront();
    // The first workflow task runs the intake's local activity: an update that comes while it runs
    // (a retried first task) is refused with a reason (PhaseConflict), not left without a handler.
    if (localIntake) setUpdates();
    const facts = await (localIntake ? intake.loadIntake(args) : acts.loadIntake(args));
    // A new case fixes its rules at the start; a case from before keeps the second reminder at the deadline.
    // In sequence the case opens at its start: the same instant live and replaying, whichever task the intake's result came in.
    const openedAt = stepsInSequence ? workflowInfo().startTime : new Date();
    const opened = openCase(facts, openedAt, { ...rules, secondSchoolReminder: patched(SECOND_SCHOOL_REMINDER_PATCH) });
    const state = opened.state;
    state.lastActor = input.actor;
    // The opening is the audit's first entry (data only: no command, so replay-safe).
    recordChange(state, { action: 'start', at: state.openedAt, actor: input.actor, reason: `melding ${input.melding.meldingId} (${input.melding.kind})` });
    process = openProcess(CASE_PROCESS, {
      state,
      effects: opened.effects,
      projectedVersion: 0,
      rules,
      maxHistoryEvents: input.maxHistoryEvents,
      effectsAfterAnswers,
      stepsInSequence: stepsInSequence && !input.lanes,
    });
  } else {
    const { effectsAfterAnswers, stepsInSequence } = patchesUpFront();
    process = openProcess(CASE_PROCESS, continuedStart(input, { effectsAfterAnswers, stepsInSequence }));
    // The rules the case started under come with it; a run continued by older code carries none:
    // patched() would say true here for every rule, so such a case keeps the old rules.
    rules = process.current() ? { thuiszitter: input.carry?.rules.thuiszitter ?? false } : { thuiszitter: patched(THUISZITTER_PATCH) };
  }
  const carriedRules = { ...rules };
  const running = process;
  const state = () => running.state;

  setHandler(caseStateQuery, () => running.state);
  if (!updatesSet) setUpdates();

  setHandler(meldingReceivedSignal, ({ actor, input: melding }) => running.receive((s, at) => receiveMelding(s, melding, actor, at, rules)));
  setHandler(schoolInformationSignal, ({ actor, input: info }) => {
    const parsed = actions.SchoolInformationInput.safeParse(info);
    if (!parsed.success) {
      log.warn('ignored malformed school information', { caseId: state().caseId });
      return;
    }
    running.receive((s, at) => {
      const answered = receiveSchoolInformation(s, parsed.data, actor, at);
      if (answered) return answered;
      // A late or repeated answer is kept as an addition; cases from before this rule dropped it.
      return additionReason(s, parsed.data) && patched(SCHOOL_INFORMATION_ADDITION_PATCH) ? receiveSchoolInformationAddition(s, parsed.data, actor, at) : null;
    });
  });
  setHandler(enrolmentSignal, ({ actor, input: enrolment }) => running.receive((s, at) => receiveEnrolment(s, enrolment, actor, at)));
  setHandler(calendarChangedSignal, ({ actor, input: calendar }) => running.receive((s, at) => receiveCalendar(s, calendar, actor, at)));

  // A case from before the school calendar was reference data loads it once when it next runs;
  // replaying its old history the patch is absent and nothing is loaded, as it ran then.
  let calendarAsked = false;
  const catchUp = () => {
    if (state().calendar || calendarAsked || !patched(CALENDAR_PATCH)) return undefined;
    calendarAsked = true;
    return acts.loadCalendar({ region: calendarRegionOf(state()) }).then((calendar) => receiveCalendar(state(), calendar, SYSTEM_ACTOR, new Date()));
  };

  return running.run(
    (s, carry) => continueAsNew<typeof caseWorkflow>({ kind: 'continued', state: s, carry: { ...carry, rules: carriedRules }, maxHistoryEvents: input.maxHistoryEvents }),
    catchUp,
  );
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

/** An effect as an activity call, with the data of the moment it was decided (recipient, school). */
function planEffect(s: CaseState, effect: Effect, key: string): TypedEffectCall | null {
  switch (effect.kind) {
    case 'request-school-information':
      return {
        activity: 'requestSchoolInformation',
        label: effect.kind,
        args: { key, caseId: s.caseId, requestId: effect.requestId, schoolBrin: s.schoolBrin ?? null, dueAt: effect.dueAt },
      };
    case 'school-reminder':
      return {
        activity: 'sendSchoolReminder',
        label: `${effect.kind} ${effect.sequence}`,
        args: { key, caseId: s.caseId, requestId: effect.requestId, sequence: effect.sequence, dueAt: effect.dueAt },
      };
    case 'invite-hoorgesprek':
    case 'copy-to-raad':
      return { activity: 'recordCorrespondence', label: effect.kind, args: { key, caseId: s.caseId, kind: effect.kind, details: effect } };
    case 'notify':
      return {
        activity: 'notify',
        label: `notify ${effect.topic}`,
        args: {
          key,
          caseId: s.caseId,
          recipientRole: effect.recipient,
          recipientId: effect.recipient === 'consultant' ? s.consultantId : s.teamLeadId,
          topic: effect.topic,
          message: effect.message,
        },
      };
    case 'letter':
      // As in runEffect: a case makes letters from the first letter effect decided under LETTERS_PATCH on.
      if (!patched(LETTERS_PATCH)) return null;
      // The state as decided: facts only (ids, dates, codes); the activity reads persons from the register.
      return {
        activity: 'generateLetters',
        label: `letter ${effect.letter}`,
        args: { key, caseId: s.caseId, kind: effect.letter, to: effect.to, details: effect.details, state: s },
      };
  }
}

/** How effects ran before the process runner: against the state at flush time (replays only). */
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
