import { duoStatusFor, type ClosureReason } from '../duo-status';
import type { RuleViolation } from '../rule-violation';
import { afterHaltOutcome, procesVerbaalRules, routeChoiceRules, type RouteKind } from '../routes';
import type { Actor } from './actor';
import { recordChange } from './changes';
import type {
  ChooseRoutesInput,
  CloseCaseInput,
  DecideIntakeInput,
  EnrolmentInput,
  MeldingSummary,
  ReassignInput,
  RecordJudgementInput,
  RecordRouteOutcomeInput,
  RecordRouteStepInput,
  SchoolInformationInput,
} from './actions';
import { conflict, OK, requireOpen, violation, type Action, type Check } from './checks';
import { clearDeadline, consultantDeadline, setDeadline, systemDeadline } from './deadlines';
import { letter, notify, type Effect } from './effects';
import { ageToday, startOnderzoek, type Transition } from './intake';
import type { CaseState, RouteState } from './state';
import { addParked, type ParkedEffect } from '../process/parked';
import { stagesDue, type DeadlineStage } from '../process/timers';
import { endThuiszitterOnClosure, recogniseThuiszitter } from './thuiszitter';

export type { Check, Refusal } from './checks';
export type { CaseActionName } from '../actions/case';

export function requireStep(state: CaseState, step: CaseState['step'], what: string): Check {
  const open = requireOpen(state);
  if (!open.ok) return open;
  return state.step === step
    ? OK
    : conflict('case.step', `${what} is only possible in step '${step}'; the case is in phase '${state.phase}', step '${state.step ?? '-'}'.`);
}

function close(state: CaseState, reason: ClosureReason, actor: Actor, now: Date, note?: string): Effect[] {
  state.phase = 'afgesloten';
  state.step = null;
  state.deadlines = [];
  state.closure = { reason, closedAt: now.toISOString(), by: actor.id, note };
  endThuiszitterOnClosure(state, now);
  const effects = [notify('consultant', 'zaak-gesloten', `The case was closed: ${reason}.`)];
  // The closing letter goes to a family that heard from us (an invitation or a route), not after an intake decision alone.
  if (state.hoorgesprek.invitations.length || state.routes.length)
    effects.push(letter('afsluitbrief', familyOf(state, now), { closureReason: reason, at: now.toISOString() }));
  return effects;
}

/** The parents (of a minor), and the youth from 12: who the family letters go to. */
function familyOf(state: CaseState, now: Date): ('gezagdragers' | 'jeugdige')[] {
  const to: ('gezagdragers' | 'jeugdige')[] = [];
  if (state.regime !== 'achttien-plus') to.push('gezagdragers');
  if (ageToday(state, now) >= 12) to.push('jeugdige');
  return to;
}

export function toBeoordeling(state: CaseState, now: Date): void {
  state.step = 'beoordeling';
  clearDeadline(state, 'hoorgesprek');
  setDeadline(state, consultantDeadline('beoordeling', 'beoordeling', now, state.policy.judgementWorkingDays, state));
}

function toHoorgesprek(state: CaseState, now: Date): void {
  state.step = 'hoorgesprek';
  clearDeadline(state, 'school-informatie');
  setDeadline(state, consultantDeadline('hoorgesprek', 'hoorgesprek', now, state.policy.hoorgesprekPlanningWorkingDays, state));
}

function lopendeRoutes(state: CaseState): RouteState[] {
  return state.routes.filter((r) => r.status === 'lopend');
}

function totals(state: CaseState) {
  const latest = state.meldingen.at(-1)!;
  return {
    hoursAbsent: state.meldingen.reduce((sum, m) => sum + (m.hoursAbsent ?? 0), 0) || undefined,
    timesLate: Math.max(0, ...state.meldingen.map((m) => m.timesLate ?? 0)) || undefined,
    daysAbsent: latest.daysAbsent ?? (latest.hoursAbsent !== undefined ? Math.ceil(latest.hoursAbsent / 6) : 0),
    kind: latest.kind,
  };
}

function startRoute(state: CaseState, kind: RouteKind, details: Record<string, unknown>, now: Date): void {
  state.routes.push({ kind, status: 'lopend', startedAt: now.toISOString(), details, steps: [] });
  const weeks = kind === 'waarschuwing' ? 1 : state.policy.routeFollowUpWeeks[kind];
  // The follow-up is a working-day deadline for the consultant to record the route's outcome.
  setDeadline(state, consultantDeadline(`route:${kind}`, 'route-opvolging', now, weeks * 5, state));
}

export const decideIntake: Action<DecideIntakeInput> = {
  check: (s) => requireStep(s, 'intake-besluit', 'The intake decision'),
  apply(s, input, actor, now) {
    clearDeadline(s, 'intake-besluit');
    if (input.decision === 'sluiten') return close(s, input.closureReason!, actor, now, input.note);
    const effects: Effect[] = [];
    startOnderzoek(s, now, effects);
    return effects;
  },
};

export const reassign: Action<ReassignInput> = {
  check(s, input) {
    const open = requireOpen(s);
    if (!open.ok) return open;
    return s.consultantId === input.consultantId
      ? violation([{ code: 'assign.same', message: `The case is already assigned to ${input.consultantId}.` }])
      : OK;
  },
  apply(s, input) {
    s.consultantId = input.consultantId;
    return [notify('consultant', 'toegewezen', 'A case was assigned to you.')];
  },
};

export const recordJudgement: Action<RecordJudgementInput> = {
  check: (s) => requireStep(s, 'beoordeling', 'The judgement'),
  apply(s, input, actor, now) {
    s.judgement = { ...input, decidedAt: now.toISOString(), by: actor.id };
    clearDeadline(s, 'beoordeling');
    if (input.verdict !== 'ongeoorloofd') return close(s, input.closureReason!, actor, now, input.reasoning);
    s.phase = 'routes';
    s.step = 'route-keuze';
    setDeadline(s, consultantDeadline('route-keuze', 'route-keuze', now, s.policy.routeChoiceWorkingDays, s));
    return [];
  },
};

export const chooseRoutes: Action<ChooseRoutesInput> = {
  check(s, input, now) {
    const open = requireOpen(s);
    if (!open.ok) return open;
    if (s.phase !== 'routes')
      return conflict('case.step', `Routes can be chosen after the judgement 'ongeoorloofd'; the case is in phase '${s.phase}'.`);
    const running = input.routes.filter((r) => lopendeRoutes(s).some((l) => l.kind === r));
    if (running.length) return conflict('route.running', `Already running: ${running.join(', ')}.`);
    const age = ageToday(s, now);
    const t = totals(s);
    const result = routeChoiceRules({
      routes: input.routes,
      regime: s.regime,
      ageYears: age,
      meldingKind: t.kind as never,
      luxe: t.kind === 'luxe' ? { daysAbsent: t.daysAbsent, earlierLuxeMeldingen: s.prior.earlierLuxeMeldingen } : undefined,
      halt: input.halt
        ? { ...input.halt, hoursAbsent: t.hoursAbsent, timesLate: t.timesLate, earlierHaltForVerzuim: s.prior.earlierHaltForVerzuim }
        : undefined,
      earlierHaltForVerzuim: s.prior.earlierHaltForVerzuim || s.routes.some((r) => r.kind === 'halt'),
      absoluutEnrolTermEnded: s.absoluutEnrolTermEnded,
      hoorgesprekRefused: s.hoorgesprek.refusedToCooperate,
    });
    const v = result.ok ? [] : [...result.violations];
    if (input.procesVerbaal) {
      const pv = procesVerbaalRules({ against: input.procesVerbaal.against, ageYears: age, regime: s.regime });
      if (!pv.ok) v.push(...pv.violations);
    }
    return violation(v);
  },
  apply(s, input, _actor, now) {
    const effects: Effect[] = [];
    clearDeadline(s, 'route-keuze');
    for (const kind of input.routes) {
      const details: Record<string, unknown> = { ...(input as Record<string, unknown>)[kindDetailsKey(kind)] as object };
      startRoute(s, kind, details, now);
      if (kind === 'strafrechtelijk' && input.procesVerbaal) {
        const convicted = input.procesVerbaal.parentsConvictedBefore || s.prior.parentsConvictedBefore;
        if (convicted && input.procesVerbaal.against.includes('ouders'))
          effects.push({ kind: 'copy-to-raad', reason: 'proces-verbaal against parents who were convicted before' });
      }
      effects.push(...routeLetters(s, kind, input, now));
    }
    s.step = 'routes-lopend';
    return effects;
  },
};

/** The letters a route's start asks for: the referral to Halt, the civiel report, the proces-verbaal concept. */
function routeLetters(s: CaseState, kind: RouteKind, input: ChooseRoutesInput, now: Date): Effect[] {
  const at = now.toISOString();
  if (kind === 'halt') return [letter('verwijzing-halt', familyOf(s, now), { at })];
  if (kind === 'civiel' && input.civiel?.channel === 'jeugdbeschermingstafel')
    return [letter('aanmelding-jeugdbeschermingstafel', ['organisatie'], { organisation: 'jeugdbeschermingstafel', at })];
  if (kind === 'civiel' && input.civiel?.channel === 'raad-voor-de-kinderbescherming')
    return [letter('melding-raad-voor-de-kinderbescherming', ['organisatie'], { organisation: 'raad-voor-de-kinderbescherming', at })];
  if (kind === 'strafrechtelijk' && input.procesVerbaal)
    return [letter('proces-verbaal-concept', ['organisatie'], { organisation: 'openbaar-ministerie', against: input.procesVerbaal.against, at })];
  return [];
}

function kindDetailsKey(kind: RouteKind): string {
  return kind === 'strafrechtelijk' ? 'procesVerbaal' : kind;
}

export const recordRouteStep: Action<RecordRouteStepInput> = {
  check(s, input) {
    const open = requireOpen(s);
    if (!open.ok) return open;
    return lopendeRoutes(s).some((r) => r.kind === input.route)
      ? OK
      : conflict('route.not-running', `The route '${input.route}' is not running in this case.`);
  },
  apply(s, input, actor, now) {
    lopendeRoutes(s).find((r) => r.kind === input.route)!.steps.push({ at: now.toISOString(), step: input.step, note: input.note, by: actor.id });
    return [];
  },
};

export const recordRouteOutcome: Action<RecordRouteOutcomeInput> = {
  check: (s, input, now) => recordRouteStep.check(s, { route: input.route, step: 'outcome' }, now),
  apply(s, input, actor, now) {
    const route = lopendeRoutes(s).find((r) => r.kind === input.route)!;
    route.status = 'afgerond';
    route.outcome = input.outcome;
    route.completedAt = now.toISOString();
    route.steps.push({ at: now.toISOString(), step: `uitkomst: ${input.outcome}`, note: input.note, by: actor.id });
    clearDeadline(s, `route:${input.route}`);
    const effects: Effect[] = [];
    if (input.route === 'halt') {
      for (const next of afterHaltOutcome(input.outcome as never)) {
        // A failed Halt leads to a proces-verbaal against the youth (Halt is for 12+ only).
        if (lopendeRoutes(s).some((r) => r.kind === next)) continue;
        startRoute(s, next, { against: ['jongere'], reason: 'halt-mislukt' }, now);
        effects.push(notify('consultant', 'halt-mislukt', 'Halt failed: the strafrechtelijk route (proces-verbaal) was started.'));
        effects.push(letter('proces-verbaal-concept', ['organisatie'], { organisation: 'openbaar-ministerie', against: ['jongere'], at: now.toISOString() }));
      }
    }
    if (lopendeRoutes(s).length === 0) {
      s.phase = 'monitoring';
      s.step = 'monitoring';
      s.monitoring = { from: now.toISOString(), until: '' };
      const d = systemDeadline('monitoring', 'monitoring', now, s.policy.monitoringPeriodWeeks);
      s.monitoring.until = d.dueAt;
      setDeadline(s, d);
    }
    if (input.route === 'waarschuwing') {
      // The warning letter names its monitoring period: the case's, or (other routes still running) the policy's length from today.
      const until = s.monitoring?.until ?? new Date(now.getTime() + s.policy.monitoringPeriodWeeks * 7 * 86_400_000).toISOString();
      effects.push(letter('officiele-waarschuwing', familyOf(s, now), { at: now.toISOString(), monitoringFrom: s.monitoring?.from ?? now.toISOString(), monitoringUntil: until }));
    }
    return effects;
  },
};

export const closeCase: Action<CloseCaseInput> = {
  check(s, input) {
    const open = requireOpen(s);
    if (!open.ok) return open;
    if (input.reason === 'afgerond-na-route' && s.phase !== 'monitoring')
      return conflict('close.not-monitoring', "'afgerond-na-route' closes a case in monitoring, after its routes.");
    if (lopendeRoutes(s).length && !['verhuisd-buiten-regio', 'inschrijving-beeindigd', 'ingetrokken-door-school'].includes(input.reason))
      return violation([{ code: 'close.routes-running', message: `Routes are still running (${lopendeRoutes(s).map((r) => r.kind).join(', ')}); record their outcome first.` }]);
    return OK;
  },
  apply: (s, input, actor, now) => close(s, input.reason, actor, now, input.note),
};

export function clone(state: CaseState): CaseState {
  return JSON.parse(JSON.stringify(state)) as CaseState;
}

/** What a change was, for the audit: the action or signal name, or the timers that fired, and why. */
type ChangeInfo = { action: string; now: Date; reason?: string };

/** Closes a change: the next version, its DUO status, the actor and the audit entry. */
export function finish(state: CaseState, actor: Actor, change: ChangeInfo): CaseState {
  state.version += 1;
  state.duoStatus = duoStatusFor(state.phase, state.closure?.reason);
  state.lastActor = actor;
  recordChange(state, { action: change.action, at: change.now.toISOString(), actor, reason: change.reason });
  return state;
}

/** A school's verzuim information arrived (signal): the onderzoek moves on to the hoorgesprek. */
export function receiveSchoolInformation(state: CaseState, input: SchoolInformationInput, actor: Actor, now: Date): Transition | null {
  const req = state.schoolRequest;
  if (state.phase === 'afgesloten' || !req || req.answeredAt) return null; // nothing asked, or answered before
  if (input.requestId && input.requestId !== req.requestId) return null; // an answer to an older request
  const s = clone(state);
  s.schoolRequest = { ...req, answeredAt: now.toISOString(), answer: input };
  const effects: Effect[] = [notify('consultant', 'school-informatie-ontvangen', 'The school sent its verzuim information.')];
  if (s.step === 'school-informatie') toHoorgesprek(s, now);
  return { state: finish(s, actor, { action: 'signal:schoolInformationReceived', now }), effects };
}

/** Why a school's information came in as an addition rather than as the answer to the open request. */
export type AdditionReason = 'na-eerder-antwoord' | 'ouder-verzoek' | 'zonder-verzoek';

/** Whether school information would be an addition: the case asked nothing, or another request, or was answered before. */
export function additionReason(state: CaseState, input: SchoolInformationInput): AdditionReason | null {
  const req = state.schoolRequest;
  if (state.phase === 'afgesloten') return null;
  if (!req) return 'zonder-verzoek';
  if (input.requestId && input.requestId !== req.requestId) return 'ouder-verzoek';
  return req.answeredAt ? 'na-eerder-antwoord' : null;
}

/**
 * School information that arrives after the information was recorded (a late link answer, a
 * repeated one, one to an older request) is kept as an addition the consultant sees on the case,
 * never dropped; the onderzoek does not move for it.
 */
export function receiveSchoolInformationAddition(state: CaseState, input: SchoolInformationInput, actor: Actor, now: Date): Transition | null {
  const reason = additionReason(state, input);
  if (!reason) return null;
  const s = clone(state);
  s.schoolInformationAdditions = [...(s.schoolInformationAdditions ?? []), { requestId: input.requestId, answer: input, receivedAt: now.toISOString(), by: actor.id, reason }];
  const effects: Effect[] = [notify('consultant', 'school-informatie-aanvulling', 'The school sent more verzuim information; it is kept with the case as an addition.')];
  return { state: finish(s, actor, { action: 'signal:schoolInformationReceived', now, reason: `aanvulling (${reason})` }), effects };
}

/** Rule sets that came with a code change: a workflow enables them only if it started under them (patched). */
export type RuleOptions = { thuiszitter: boolean };

/**
 * Another melding for the same youth (signal): recidive; during monitoring it reopens the
 * onderzoek; a melding that shows four weeks at home makes the case a thuiszitter case.
 */
export function receiveMelding(state: CaseState, melding: MeldingSummary, actor: Actor, now: Date, rules: RuleOptions = { thuiszitter: true }): Transition | null {
  if (state.phase === 'afgesloten' || state.meldingen.some((m) => m.meldingId === melding.meldingId)) return null;
  const s = clone(state);
  s.meldingen.push({ ...melding, receivedAt: now.toISOString(), recidive: true });
  const effects: Effect[] = [notify('consultant', 'nieuwe-melding', `A new melding (${melding.kind}) was attached to the case as recidive.`)];
  if (s.phase === 'monitoring') {
    clearDeadline(s, 'monitoring');
    s.monitoring = undefined;
    startOnderzoek(s, now, effects);
  }
  if (rules.thuiszitter) effects.push(...(recogniseThuiszitter(s, now) ?? []));
  return { state: finish(s, actor, { action: 'signal:meldingReceived', now, reason: `melding ${melding.meldingId} (${melding.kind})` }), effects };
}

/** The youth was enrolled at a school (signal): ends an absoluut verzuim case waiting on its term. */
export function receiveEnrolment(state: CaseState, input: EnrolmentInput, actor: Actor, now: Date): Transition | null {
  if (state.phase === 'afgesloten') return null;
  const s = clone(state);
  s.enrolment = input;
  const effects = s.step === 'inschrijftermijn' ? close(s, 'terug-naar-school', actor, now) : [];
  return { state: finish(s, actor, { action: 'signal:enrolmentRegistered', now, reason: `ingeschreven bij ${input.brin} op ${input.enrolledOn}` }), effects };
}

/** How timers fire: `latestOnly` is the rule since the process runner (guarded with patched() in the workflow). */
export type TimerRules = { latestOnly: boolean };

/**
 * Deadlines whose instant has come: reminders, expiry, escalation, and periods that end.
 *
 * With `latestOnly`, after a gap (the worker down over several instants) each deadline acts on
 * its latest stage only: one expiry or escalation, not a reminder, an expiry and an escalation at
 * once, and never both school reminders; what the skipped stages record as data (a missed
 * deadline) is still recorded. Deadlines are handled in the order of their instants, and once the
 * case is closed nothing more fires. Without it (histories from before), every stage acts.
 */
export function fireTimers(state: CaseState, now: Date, system: Actor, rules: TimerRules = { latestOnly: true }): Transition | null {
  const s = clone(state);
  const effects: Effect[] = [];
  const t = now.toISOString();
  const fired: string[] = []; // for the audit: which deadlines reminded, expired or escalated
  const due = s.deadlines
    .map((d) => ({ d, stages: stagesDue(d, t) }))
    .filter((x) => x.stages.length > 0)
    .sort((a, b) => (rules.latestOnly ? a.stages.at(-1)!.at.localeCompare(b.stages.at(-1)!.at) : 0));
  for (const { d, stages } of due) {
    if (rules.latestOnly && s.phase === 'afgesloten') break;
    const acting = rules.latestOnly ? stages.slice(-1) : stages;
    for (const { stage } of stages) {
      if (stage === 'herinnering') d.reminded = true;
      if (stage === 'verstreken') (d.expired = true), (d.reminded = true);
      if (stage === 'tweede-herinnering') d.secondReminded = true;
      if (stage === 'escalatie') d.escalated = true;
      fired.push(`${d.kind}-${stage}`);
      const acts = acting.some((a) => a.stage === stage);
      if (stage === 'verstreken' && d.owner === 'consultant' && !acts) s.missedDeadlines.push({ kind: d.kind, dueAt: d.dueAt });
      if (acts) effects.push(...fireStage(s, d, stage, now, system));
    }
  }
  return fired.length ? { state: finish(s, system, { action: `timer:${fired.join(',')}`, now }), effects } : null;
}

/** What one stage of a deadline does when its instant has come. */
function fireStage(s: CaseState, d: CaseState['deadlines'][number], stage: DeadlineStage, now: Date, system: Actor): Effect[] {
  const t = now.toISOString();
  if (stage === 'herinnering') {
    if (d.owner === 'school' && s.schoolRequest) {
      s.schoolRequest.remindersSent += 1;
      return [{ kind: 'school-reminder', requestId: s.schoolRequest.requestId, sequence: 1, dueAt: d.dueAt }];
    }
    return d.owner === 'consultant' ? [notify('consultant', 'herinnering-termijn', `Reminder: the deadline for '${d.kind}' is ${d.dueAt}.`)] : [];
  }
  if (stage === 'verstreken') {
    if (d.owner === 'school' && s.schoolRequest) {
      // Cases from before the second reminder had its own instant send it at the deadline.
      if (d.secondRemindAt) return [];
      s.schoolRequest.remindersSent += 1;
      return [{ kind: 'school-reminder', requestId: s.schoolRequest.requestId, sequence: 2, dueAt: d.dueAt }];
    }
    if (d.owner === 'consultant') {
      s.missedDeadlines.push({ kind: d.kind, dueAt: d.dueAt });
      return [notify('consultant', 'termijn-verstreken', `The deadline for '${d.kind}' passed on ${d.dueAt}.`)];
    }
    if (d.kind === 'monitoring') return close(s, 'afgerond-na-route', system, now, 'The monitoring period ended without a new melding.');
    if (d.kind === 'inschrijftermijn') {
      s.absoluutEnrolTermEnded = true;
      clearDeadline(s, d.id);
      s.phase = 'routes';
      s.step = 'route-keuze';
      setDeadline(s, consultantDeadline('route-keuze', 'route-keuze', now, s.policy.routeChoiceWorkingDays, s));
      return [notify('consultant', 'inschrijftermijn-verstreken', 'The term to enrol has ended without enrolment: the strafrechtelijk route is open.')];
    }
    return [];
  }
  if (stage === 'tweede-herinnering') {
    if (!s.schoolRequest) return [];
    s.schoolRequest.remindersSent += 1;
    return [{ kind: 'school-reminder', requestId: s.schoolRequest.requestId, sequence: 2, dueAt: d.dueAt }];
  }
  if (d.owner === 'school' && s.schoolRequest) {
    s.schoolRequest.escalatedAt = t;
    if (s.step === 'school-informatie') toHoorgesprek(s, now);
    return [notify('consultant', 'school-informatie-uitgebleven', 'The school did not answer the information request; the onderzoek continues without it.')];
  }
  return d.owner === 'consultant' ? [notify('teamlead', 'escalatie-termijn', `The deadline for '${d.kind}' passed on ${d.dueAt} without the step being done.`)] : [];
}

/**
 * An effect that kept failing is parked on the case (visible in its state and projection) and the
 * consultant is told, unless the failing effect was itself such a notice.
 */
export function parkEffect(state: CaseState, parked: ParkedEffect, system: Actor, now: Date, tell: boolean): Transition {
  const s = clone(state);
  addParked(s, parked);
  const effects: Effect[] = tell ? [notify('consultant', 'effect-geparkeerd', `An action of the case could not be carried out (${parked.label}): ${parked.error}`)] : [];
  return { state: finish(s, system, { action: `effect-geparkeerd:${parked.label}`, now, reason: parked.error }), effects };
}
