import { ageOn, toIsoDate } from '../dates';
import type { RuleViolation } from '../rule-violation';
import type { Actor } from './actor';
import type { CancelHoorgesprekInput, PlanHoorgesprekInput, RecordHoorgesprekInput, ReplanHoorgesprekInput } from './actions';
import { conflict, OK, pastEvent, violation, type Action, type Check } from './checks';
import { consultantDeadline, setDeadline } from './deadlines';
import { letter, notify, type Effect } from './effects';
import type { CaseState, HoorgesprekInvitation } from './state';
import { requireStep, toBeoordeling } from './transitions';

/**
 * The hoorgesprek as consultants meet it: planned, moved (a new date and place, with the reason
 * and a new invitation), called off by parents or youth before the date (a cancellation needs a
 * new date, a refusal is grounds for a proces-verbaal), held, or missed; a first no-show gets a
 * second invitation, a second no-show counts as refusing to cooperate.
 */
const DAY_MS = 86_400_000;

/** How many no-shows count as refusing to cooperate (MAS: after the second invitation). */
export const NO_SHOWS_AS_REFUSAL = 2;

export const pendingInvitation = (s: CaseState): HoorgesprekInvitation | undefined => s.hoorgesprek.invitations.find((i) => !i.outcome);

/** Who must be invited: the parents of a minor, and the youth from 12 (on the day of the hoorgesprek). */
export function inviteeRules(s: CaseState, plannedFor: string, withYouth: boolean, withParents: boolean): RuleViolation[] {
  const v: RuleViolation[] = [];
  if (!withYouth && ageOn(s.dateOfBirth, toIsoDate(new Date(plannedFor))) >= 12)
    v.push({ code: 'hoorgesprek.youth-12', message: 'A youth of 12 or older is invited to the hoorgesprek too.' });
  if (!withParents && s.regime !== 'achttien-plus') v.push({ code: 'hoorgesprek.parents', message: 'The parents are invited to the hoorgesprek of a minor.' });
  return v;
}

function dateRules(plannedFor: string, now: Date): RuleViolation[] {
  const at = new Date(plannedFor).getTime();
  // A hoorgesprek held at short notice is registered afterwards: the past is allowed, up to a month.
  if (at < now.getTime() - 31 * DAY_MS) return [{ code: 'hoorgesprek.past', message: 'A hoorgesprek held more than a month ago cannot be registered as planned.' }];
  if (at > now.getTime() + 366 * DAY_MS) return [{ code: 'hoorgesprek.far', message: 'A hoorgesprek is planned within a year.' }];
  return [];
}

/**
 * The start of the Dutch day of an instant, approximated with winter time (UTC+1): the workflow
 * bundle has no time-zone database. In summer this starts the day an hour early, never late.
 */
function dutchDayStart(instant: string): number {
  return Date.parse(`${toIsoDate(new Date(new Date(instant).getTime() + 3_600_000))}T00:00:00Z`) - 3_600_000;
}

function invite(s: CaseState, inv: Omit<HoorgesprekInvitation, 'invitedAt'>, now: Date, extra: { replaces?: number; reason?: string } = {}): Effect {
  s.hoorgesprek.invitations.push({ ...inv, invitedAt: now.toISOString() });
  // The outcome is due on the working day after the planned date.
  setDeadline(s, consultantDeadline('hoorgesprek', 'hoorgesprek', new Date(inv.plannedFor), 1, s));
  return {
    kind: 'invite-hoorgesprek',
    sequence: s.hoorgesprek.invitations.length,
    plannedFor: inv.plannedFor,
    withYouth: inv.withYouth,
    withParents: inv.withParents,
    location: inv.location,
    ...extra,
  };
}

/** Who the hoorgesprek letters go to: those invited. */
function invitees(inv: { withYouth: boolean; withParents: boolean }): ('gezagdragers' | 'jeugdige')[] {
  return [...(inv.withParents ? ['gezagdragers' as const] : []), ...(inv.withYouth ? ['jeugdige' as const] : [])];
}

/** Back to planning: the consultant owes a new date within the planning term. */
function planAgain(s: CaseState, now: Date): void {
  setDeadline(s, consultantDeadline('hoorgesprek', 'hoorgesprek', now, s.policy.hoorgesprekPlanningWorkingDays, s));
}

export const planHoorgesprek: Action<PlanHoorgesprekInput> = {
  check(s, input, now) {
    const step = requireStep(s, 'hoorgesprek', 'Planning a hoorgesprek');
    if (!step.ok) return step;
    const pending = pendingInvitation(s);
    if (pending) return conflict('hoorgesprek.pending', `A hoorgesprek is already planned for ${pending.plannedFor}; move it (hoorgesprek/replan) or record its outcome.`);
    return violation([...dateRules(input.plannedFor, now), ...inviteeRules(s, input.plannedFor, input.withYouth, input.withParents)]);
  },
  apply(s, input, _actor, now) {
    const { plannedFor, withYouth, withParents, location, note } = input;
    return [
      invite(s, { plannedFor, withYouth, withParents, location, ...(note && { note }) }, now),
      letter('uitnodiging-hoorgesprek', invitees(input), { plannedFor, location }),
    ];
  },
};

export const replanHoorgesprek: Action<ReplanHoorgesprekInput> = {
  check(s, input, now) {
    const step = requireStep(s, 'hoorgesprek', 'Moving a hoorgesprek');
    if (!step.ok) return step;
    const pending = pendingInvitation(s);
    if (!pending) return conflict('hoorgesprek.not-planned', 'No hoorgesprek is planned; plan one (hoorgesprek/plan).');
    const v = dateRules(input.plannedFor, now);
    if (new Date(input.plannedFor).getTime() <= now.getTime())
      v.push({ code: 'hoorgesprek.replan-past', message: 'A hoorgesprek is moved to a date still ahead; a meeting that took place is recorded as its outcome.' });
    v.push(...inviteeRules(s, input.plannedFor, input.withYouth ?? pending.withYouth, input.withParents ?? pending.withParents));
    return violation(v);
  },
  apply(s, input, _actor, now) {
    const pending = pendingInvitation(s)!;
    pending.outcome = 'verplaatst';
    pending.change = { by: input.requestedBy, reason: input.reason, at: now.toISOString() };
    const replaces = s.hoorgesprek.invitations.indexOf(pending) + 1;
    const next = {
      plannedFor: input.plannedFor,
      location: input.location,
      withYouth: input.withYouth ?? pending.withYouth,
      withParents: input.withParents ?? pending.withParents,
    };
    return [
      invite(s, next, now, { replaces, reason: input.reason }),
      letter('verzetting-hoorgesprek', invitees(next), { plannedFor: next.plannedFor, location: next.location, previousPlannedFor: pending.plannedFor, reason: input.reason }),
    ];
  },
};

export const cancelHoorgesprek: Action<CancelHoorgesprekInput> = {
  check(s, input, now) {
    const step = requireStep(s, 'hoorgesprek', 'Recording a cancellation');
    if (!step.ok) return step;
    const pending = pendingInvitation(s);
    if (!pending) return conflict('hoorgesprek.not-planned', 'No hoorgesprek is planned.');
    const v = pastEvent('hoorgesprek.afzegging', 'The cancellation', input.receivedAt, now);
    if (input.receivedAt >= pending.plannedFor)
      v.push({ code: 'hoorgesprek.cancel-after', message: `The hoorgesprek of ${pending.plannedFor} has begun; record its outcome (niet-verschenen or geweigerd) instead.` });
    return violation(v);
  },
  apply(s, input, _actor, now) {
    const pending = pendingInvitation(s)!;
    pending.outcome = input.kind;
    pending.change = { by: input.by, reason: input.reason, at: input.receivedAt };
    if (input.kind === 'geweigerd') {
      // Refusing to cooperate is itself grounds for a proces-verbaal.
      s.hoorgesprek.refusedToCooperate = true;
      s.hoorgesprek.refusalGrounds = 'geweigerd';
      toBeoordeling(s, now);
      return [notify('consultant', 'hoorgesprek-geweigerd', `The ${input.by} refused the hoorgesprek: the judgement is next.`)];
    }
    planAgain(s, now);
    return [
      notify('consultant', 'hoorgesprek-afgezegd', `The ${input.by} cancelled the hoorgesprek of ${pending.plannedFor}: plan a new date.`),
      letter('annulering-hoorgesprek', invitees(pending), { previousPlannedFor: pending.plannedFor, reason: input.reason }),
    ];
  },
};

export const recordHoorgesprek: Action<RecordHoorgesprekInput> = {
  check(s, _input, now): Check {
    const step = requireStep(s, 'hoorgesprek', 'Recording a hoorgesprek');
    if (!step.ok) return step;
    const pending = pendingInvitation(s);
    if (!pending) return conflict('hoorgesprek.not-planned', 'No hoorgesprek is planned; plan one first.');
    // On the day itself the outcome can be recorded (a no-show is clear once the hour has passed).
    return dutchDayStart(pending.plannedFor) > now.getTime()
      ? violation([{ code: 'hoorgesprek.future', message: `The hoorgesprek is planned for ${pending.plannedFor} and has not taken place yet.` }])
      : OK;
  },
  apply(s, input, _actor: Actor, now) {
    const pending = pendingInvitation(s)!;
    pending.outcome = input.outcome;
    s.hoorgesprek.summary = [s.hoorgesprek.summary, input.summary].filter(Boolean).join('\n\n');
    if (input.outcome === 'gehouden') {
      s.hoorgesprek.youthHeard = input.youthHeard;
      toBeoordeling(s, now);
    } else if (input.outcome === 'geweigerd') {
      s.hoorgesprek.refusedToCooperate = true;
      s.hoorgesprek.refusalGrounds = 'geweigerd';
      toBeoordeling(s, now);
    } else if (s.hoorgesprek.invitations.filter((i) => i.outcome === 'niet-verschenen').length >= NO_SHOWS_AS_REFUSAL) {
      // Not appearing after a second invitation counts as refusing to cooperate.
      s.hoorgesprek.refusedToCooperate = true;
      s.hoorgesprek.refusalGrounds = 'tweede-keer-niet-verschenen';
      toBeoordeling(s, now);
    } else {
      // A first no-show gets a second invitation.
      planAgain(s, now);
    }
    return [];
  },
};
