import type { Actor } from '../case/actor';
import { RECENT_CHANGES_KEPT, shortReason } from '../case/changes';
import type { SchoolCalendar } from '../calendar-school-holidays';
import type { RegionPolicy } from '../policy';
import type {
  CloseSignalInput,
  EarlySignalSummary,
  EscalateSignalInput,
  FormalMeldingInput,
  ReassignSignalInput,
  RecordContactInput,
  RecordFollowUpInput,
} from './actions';
import { conflict, OK, pastEvent, violation, type Check } from '../case/checks';
import { clearDeadline, consultantDeadline, setDeadline } from '../case/deadlines';
import type { SignalState, SignalStatus } from './state';
import { addParked, type ParkedEffect } from '../process/parked';
import { stagesDue } from '../process/timers';

/**
 * Vroegsignalering as pure transitions, like domain/case/transitions.ts: `check` refuses a step
 * that does not fit (409) or breaks a rule (422); `apply` mutates a copy and returns the effects.
 */
export type SignalNotificationTopic =
  | 'nieuw-signaal'
  | 'toegewezen'
  | 'signaal-geescaleerd'
  | 'herinnering-termijn'
  | 'termijn-verstreken'
  | 'escalatie-termijn'
  | 'effect-geparkeerd';

export type SignalEffect = { kind: 'notify'; recipient: 'consultant' | 'teamlead'; topic: SignalNotificationTopic; message: string };
export type SignalTransition = { state: SignalState; effects: SignalEffect[] };

export type SignalCheck = Check;

/** What the signal intake activity reads (policy, assignment) plus what the workflow was started with. */
export type SignalIntakeFacts = {
  signalId: string;
  summary: EarlySignalSummary;
  youthId: string;
  policy: RegionPolicy;
  /** The school holidays (reference data); absent when replaying signals from before it. */
  calendar?: SchoolCalendar;
  consultantId: string | null;
  teamLeadId: string | null;
};

const notify = (recipient: SignalEffect['recipient'], topic: SignalNotificationTopic, message: string): SignalEffect => ({
  kind: 'notify',
  recipient,
  topic,
  message,
});


/** Working days of a follow-up period (the policy counts it in weeks of five working days). */
const followUpWorkingDays = (policy: RegionPolicy) => policy.earlySignalFollowUpWeeks * 5;

export type SignalAction<I> = {
  check(state: SignalState, input: I, now: Date): SignalCheck;
  /** Mutates a copy of the state (runSignalAction makes it) and returns the effects. */
  apply(state: SignalState, input: I, actor: Actor, now: Date): SignalEffect[];
};

function requireOpen(state: SignalState): SignalCheck {
  if (state.status === 'open') return OK;
  return state.status === 'geescaleerd'
    ? conflict('signal.closed', `The signal was escalated into case ${state.escalation?.caseId ?? '-'}; record further steps there.`)
    : conflict('signal.closed', 'The signal is closed.');
}

/** The signal's work ends: closed with an outcome or escalated. No deadline outlives it. */
function end(state: SignalState, status: Exclude<SignalStatus, 'open'>, now: Date): void {
  state.status = status;
  state.step = null;
  state.deadlines = [];
  state.closedAt = now.toISOString();
}

export const recordContact: SignalAction<RecordContactInput> = {
  check(s, input, now) {
    const open = requireOpen(s);
    if (!open.ok) return open;
    return violation(pastEvent('signal.contact', 'The contact', input.at, now));
  },
  apply(s, input, actor, now) {
    s.contacts.push({ ...input, recordedAt: now.toISOString(), by: actor.id });
    if (s.step === 'reactie') {
      // The first advice or consultation answers the signal; the follow-up period runs from that contact.
      clearDeadline(s, 'signaal-reactie');
      s.step = 'opvolging';
      setDeadline(s, consultantDeadline('signaal-opvolging', 'signaal-opvolging', new Date(input.at), followUpWorkingDays(s.policy), s));
    }
    return [];
  },
};

export const recordFollowUp: SignalAction<RecordFollowUpInput> = {
  check(s) {
    const open = requireOpen(s);
    if (!open.ok) return open;
    return s.step === 'opvolging'
      ? OK
      : conflict('signal.step', `The follow-up comes after the first contact; the signal is in step '${s.step ?? '-'}'.`);
  },
  apply(s, input, actor, now) {
    s.followUps.push({ result: input.result, summary: input.summary, extended: input.extend, recordedAt: now.toISOString(), by: actor.id });
    // Without another period the signal waits for the consultant to close or escalate it, without a deadline.
    if (input.extend) setDeadline(s, consultantDeadline('signaal-opvolging', 'signaal-opvolging', now, followUpWorkingDays(s.policy), s));
    else clearDeadline(s, 'signaal-opvolging');
    return [];
  },
};

export const closeSignal: SignalAction<CloseSignalInput> = {
  check(s, input) {
    const open = requireOpen(s);
    if (!open.ok) return open;
    // A signal is never closed unseen; a youth who moved away is the new gemeente's to follow.
    if (s.contacts.length === 0 && input.outcome !== 'verhuisd')
      return violation([{ code: 'signal.no-contact', message: 'Record at least one contact (advice, consultation) before closing the signal.' }]);
    return OK;
  },
  apply(s, input, _actor, now) {
    end(s, 'afgesloten', now);
    s.outcome = input.outcome;
    if (input.note) s.closingNote = input.note;
    return [];
  },
};

export const escalate: SignalAction<EscalateSignalInput> = {
  check: (s) => requireOpen(s),
  apply(s, input, _actor, now) {
    end(s, 'geescaleerd', now);
    s.escalation = { caseId: input.caseId, reason: input.reason, by: 'consultant', at: now.toISOString() };
    return [notify('consultant', 'signaal-geescaleerd', `The early signal was escalated into case ${input.caseId} (MAS).`)];
  },
};

export const reassign: SignalAction<ReassignSignalInput> = {
  check(s, input) {
    const open = requireOpen(s);
    if (!open.ok) return open;
    return s.consultantId === input.consultantId
      ? violation([{ code: 'assign.same', message: `The signal is already assigned to ${input.consultantId}.` }])
      : OK;
  },
  apply(s, input) {
    s.consultantId = input.consultantId;
    return [notify('consultant', 'toegewezen', 'An early signal was assigned to you.')];
  },
};

export type { SignalActionName } from '../actions/early-signal';

export function clone(state: SignalState): SignalState {
  return JSON.parse(JSON.stringify(state)) as SignalState;
}

/** Appends a change for the audit (the state's version and status must already be the new ones). */
export function recordSignalChange(state: SignalState, change: { action: string; at: string; actor: Actor; reason?: string }): void {
  const entry: SignalState['recentChanges'][number] = { version: state.version, action: change.action, at: change.at, actor: change.actor, status: state.status };
  const reason = shortReason(change.reason);
  if (reason) entry.reason = reason;
  state.recentChanges = [...state.recentChanges, entry].slice(-RECENT_CHANGES_KEPT);
}

export function finish(state: SignalState, actor: Actor, change: { action: string; now: Date; reason?: string }): SignalState {
  state.version += 1;
  state.lastActor = actor;
  recordSignalChange(state, { action: change.action, at: change.now.toISOString(), actor, reason: change.reason });
  return state;
}

/** The reason an action's input gives, for the audit: the escalation's reason, a note, or the summary. */
export function reasonOf(input: unknown): string | undefined {
  const i = (input ?? {}) as { reason?: unknown; note?: unknown; summary?: unknown };
  const text = [i.reason, i.note, i.summary].find((t): t is string => typeof t === 'string' && t.trim() !== '');
  return shortReason(text);
}

/** The first state of a signal: the consultant owes a response within the policy's term. */
export function openSignal(facts: SignalIntakeFacts, now: Date): SignalTransition {
  const state: SignalState = {
    signalId: facts.signalId,
    version: 1,
    status: 'open',
    step: 'reactie',
    summary: facts.summary,
    youthId: facts.youthId,
    consultantId: facts.consultantId,
    teamLeadId: facts.teamLeadId,
    policy: facts.policy,
    ...(facts.calendar ? { calendar: facts.calendar } : {}),
    receivedAt: now.toISOString(),
    contacts: [],
    followUps: [],
    deadlines: [consultantDeadline('signaal-reactie', 'signaal-reactie', now, facts.policy.earlySignalResponseWorkingDays, facts)],
    missedDeadlines: [],
    recentChanges: [],
  };
  return { state, effects: [notify('consultant', 'nieuw-signaal', `New early signal (${facts.summary.concern}) from a ${facts.summary.reporterRole}.`)] };
}

/** A formal melding for the same youth reached a MAS case (signal): the signal goes on there. Ignored once it is not open. */
export function receiveFormalMelding(state: SignalState, input: FormalMeldingInput, actor: Actor, now: Date): SignalTransition | null {
  if (state.status !== 'open') return null;
  const s = clone(state);
  end(s, 'geescaleerd', now);
  const reason = `formele melding ${input.meldingId}`;
  s.escalation = { caseId: input.caseId, reason, by: 'formele-melding', at: now.toISOString(), meldingId: input.meldingId };
  const effects = [notify('consultant', 'signaal-geescaleerd', `A formal melding arrived for this youth: the early signal continues in case ${input.caseId}.`)];
  return { state: finish(s, actor, { action: 'signal:formalMelding', now, reason }), effects };
}

/**
 * Deadlines whose instant has come: reminder, expiry (a missed deadline), escalation to the team
 * lead. With `latestOnly` (the rule since the process runner, as for cases) a deadline acts on its
 * latest due stage only after a gap; a skipped expiry is still recorded as a missed deadline.
 */
export function fireSignalTimers(state: SignalState, now: Date, system: Actor, rules: { latestOnly: boolean } = { latestOnly: true }): SignalTransition | null {
  const s = clone(state);
  const effects: SignalEffect[] = [];
  const t = now.toISOString();
  const fired: string[] = []; // for the audit: which deadlines reminded, expired or escalated
  for (const d of s.deadlines) {
    const stages = stagesDue(d, t);
    const acting = rules.latestOnly ? stages.slice(-1) : stages;
    for (const { stage } of stages) {
      const acts = acting.some((a) => a.stage === stage);
      fired.push(`${d.kind}-${stage}`);
      if (stage === 'herinnering') {
        d.reminded = true;
        if (acts) effects.push(notify('consultant', 'herinnering-termijn', `Reminder: the deadline for '${d.kind}' is ${d.dueAt}.`));
      } else if (stage === 'verstreken') {
        d.expired = true;
        d.reminded = true;
        s.missedDeadlines.push({ kind: d.kind, dueAt: d.dueAt });
        if (acts) effects.push(notify('consultant', 'termijn-verstreken', `The deadline for '${d.kind}' passed on ${d.dueAt}.`));
      } else if (stage === 'escalatie') {
        d.escalated = true;
        if (acts) effects.push(notify('teamlead', 'escalatie-termijn', `The deadline for '${d.kind}' of an early signal passed on ${d.dueAt} without the step being done.`));
      }
    }
  }
  return fired.length ? { state: finish(s, system, { action: `timer:${fired.join(',')}`, now }), effects } : null;
}

/** An effect that kept failing is parked on the signal and the consultant told (unless it was that notice). */
export function parkSignalEffect(state: SignalState, parked: ParkedEffect, system: Actor, now: Date, tell: boolean): SignalTransition {
  const s = clone(state);
  addParked(s, parked);
  const effects: SignalEffect[] = tell ? [notify('consultant', 'effect-geparkeerd', `An action of the early signal could not be carried out (${parked.label}): ${parked.error}`)] : [];
  return { state: finish(s, system, { action: `effect-geparkeerd:${parked.label}`, now, reason: parked.error }), effects };
}
