import { addDays, daysBetween, toIsoDate } from '../dates';
import type { RuleViolation } from '../rule-violation';
import { coveringVrijstellingen } from '../vrijstelling';
import { deriveThuiszitter, THUISZITTER_WEEKS, thuiszitterFrom } from '../thuiszitter';
import type { EndThuiszitterInput, MarkThuiszitterInput, RecordGoalProgressInput, RecordThuiszitterReviewInput } from './actions';
import { conflict, OK, pastEvent, requireOpen, violation, type Action, type Check } from './checks';
import { clearDeadline, consultantDeadline, consultantDeadlineOn, setDeadline } from './deadlines';
import { notify, type Effect } from './effects';
import type { CaseState, ThuiszitterState } from './state';

/**
 * Thuiszitters (issue 7): a youth four weeks or more not at school without a vrijstelling. The
 * case records since when, reviews it with the partners every policy period (always with parents
 * and youth, the DOE-agenda), and follows up the plan's goals on their dates.
 */
const REVIEW = 'thuiszitter-overleg';
const goalDeadlineId = (goalId: string) => `thuiszitter-doel:${goalId}`;
/** Professionals a review is held with; parents and youth are there besides them. */
const PROFESSIONALS: readonly string[] = ['school', 'samenwerkingsverband', 'jeugdhulp', 'jgz', 'wijkteam', 'anders'];

const weeksOf = (s: CaseState) => s.policy.thuiszitterWeeks ?? THUISZITTER_WEEKS;
const active = (s: CaseState): ThuiszitterState | undefined => (s.thuiszitter && !s.thuiszitter.until ? s.thuiszitter : undefined);

function requireThuiszitter(s: CaseState): Check {
  const open = requireOpen(s);
  if (!open.ok) return open;
  return active(s) ? OK : conflict('thuiszitter.not', 'The case is not a thuiszitter case; mark it first.');
}

function scheduleReview(s: CaseState, now: Date): void {
  setDeadline(s, consultantDeadline(REVIEW, REVIEW, now, s.policy.thuiszitterReviewWeeks * 5, s));
}

function start(s: CaseState, t: Omit<ThuiszitterState, 'reviews' | 'goals' | 'markedAt' | 'previous'>, now: Date): Effect[] {
  // A youth who went back to school and dropped out again: the earlier period stays on record.
  const { previous = [], ...earlier } = s.thuiszitter ?? {};
  s.thuiszitter = {
    ...t,
    markedAt: now.toISOString(),
    reviews: [],
    goals: [],
    previous: s.thuiszitter ? [...previous, earlier as ThuiszitterState] : undefined,
  };
  scheduleReview(s, now);
  const message = `Thuiszitter sinds ${t.since} (${t.grounds}): plan het overleg met ouders, jongere en partners.`;
  return [notify('consultant', 'thuiszitter', message), notify('teamlead', 'thuiszitter', message)];
}

/**
 * Derived from the meldingen (at intake, and when a new melding arrives): null when the case is
 * or was a thuiszitter case already, or the meldingen do not make one.
 */
export function recogniseThuiszitter(s: CaseState, now: Date): Effect[] | null {
  if (s.thuiszitter || s.phase === 'afgesloten') return null;
  const d = deriveThuiszitter({ meldingen: s.meldingen, vrijstellingen: s.vrijstellingen, weeks: weeksOf(s) });
  return d.thuiszitter ? start(s, { since: d.since, grounds: d.reason, setBy: 'afgeleid' }, now) : null;
}

export const markThuiszitter: Action<MarkThuiszitterInput> = {
  check(s, input, now) {
    const open = requireOpen(s);
    if (!open.ok) return open;
    if (active(s)) return conflict('thuiszitter.already', `The case is a thuiszitter case since ${s.thuiszitter!.since}.`);
    const today = toIsoDate(now);
    const v: RuleViolation[] = [];
    if (input.since > today) v.push({ code: 'thuiszitter.future', message: `The youth cannot be at home since ${input.since}: that is after today.` });
    else if (thuiszitterFrom(input.since, weeksOf(s)) > today)
      v.push({ code: 'thuiszitter.too-short', message: `A thuiszitter is ${weeksOf(s)} weeks or more not at school; at home since ${input.since}, that is from ${thuiszitterFrom(input.since, weeksOf(s))}.` });
    const covering = coveringVrijstellingen(s.vrijstellingen, { from: input.since, to: today });
    if (covering.length) v.push({ code: 'thuiszitter.vrijstelling', message: `A vrijstelling (${covering.map((c) => c.reference).join(', ')}) covers the period: the youth is not a thuiszitter.` });
    return violation(v);
  },
  apply(s, input, actor, now) {
    return start(s, { since: input.since, grounds: input.grounds, setBy: actor.id }, now);
  },
};

export const recordThuiszitterReview: Action<RecordThuiszitterReviewInput> = {
  check(s, input, now) {
    const t = requireThuiszitter(s);
    if (!t.ok) return t;
    const v = pastEvent('thuiszitter-overleg', 'The review', input.heldOn, now);
    if (!input.partners.some((p) => PROFESSIONALS.includes(p.partner)))
      v.push({ code: 'thuiszitter-overleg.partners', message: 'A review is held with the partners: record at least one of school, samenwerkingsverband, jeugdhulp, jgz or wijkteam.' });
    if ((!input.withParents || !input.withYouth) && !input.note)
      v.push({ code: 'thuiszitter-overleg.ouders-jongere', message: 'Parents and youth take part in the review; explain in the note why they did not.' });
    const latest = addDays(input.heldOn, 366);
    input.goals.forEach((g, i) => {
      if (g.dueOn <= input.heldOn || g.dueOn > latest)
        v.push({ code: 'thuiszitter-doel.date', message: `Goal ${i + 1} ('${g.description}') needs a date after the review and within a year.` });
    });
    return violation(v);
  },
  apply(s, input, actor, now) {
    const t = s.thuiszitter!;
    const { goals, ...review } = input;
    t.reviews.push({ ...review, recordedAt: now.toISOString(), by: actor.id });
    for (const g of goals) {
      const id = `doel-${t.goals.length + 1}`;
      t.goals.push({ id, description: g.description, dueOn: g.dueOn, status: 'open', setOn: input.heldOn, history: [] });
      setDeadline(s, consultantDeadlineOn(goalDeadlineId(id), 'thuiszitter-doel', now, g.dueOn, s));
    }
    // The next review comes one policy period after this one.
    scheduleReview(s, now);
    return [];
  },
};

export const recordGoalProgress: Action<RecordGoalProgressInput> = {
  check(s, input, now) {
    const t = requireThuiszitter(s);
    if (!t.ok) return t;
    const goal = s.thuiszitter!.goals.find((g) => g.id === input.goalId);
    if (!goal) return violation([{ code: 'thuiszitter-doel.unknown', message: `The plan has no goal '${input.goalId}'.` }]);
    if (goal.status !== 'open') return conflict('thuiszitter-doel.done', `Goal '${goal.id}' is already ${goal.status}.`);
    if (input.newDueOn && (input.newDueOn <= toIsoDate(now) || input.newDueOn > addDays(toIsoDate(now), 366)))
      return violation([{ code: 'thuiszitter-doel.date', message: 'The new date of an adjusted goal lies after today and within a year.' }]);
    return OK;
  },
  apply(s, input, actor, now) {
    const goal = s.thuiszitter!.goals.find((g) => g.id === input.goalId)!;
    const dueOn = input.status === 'bijgesteld' ? input.newDueOn! : goal.dueOn;
    goal.history.push({ at: now.toISOString(), status: input.status, dueOn, note: input.note, by: actor.id });
    if (input.status === 'bijgesteld') {
      goal.dueOn = dueOn;
      setDeadline(s, consultantDeadlineOn(goalDeadlineId(goal.id), 'thuiszitter-doel', now, dueOn, s));
    } else {
      goal.status = input.status;
      clearDeadline(s, goalDeadlineId(goal.id));
    }
    return [];
  },
};

function clearGoalDeadlines(s: CaseState): void {
  s.deadlines = s.deadlines.filter((d) => d.kind !== 'thuiszitter-doel' && d.id !== REVIEW);
}

export const endThuiszitter: Action<EndThuiszitterInput> = {
  check(s, input, now) {
    const t = requireThuiszitter(s);
    if (!t.ok) return t;
    if (input.endedOn > toIsoDate(now)) return violation([{ code: 'thuiszitter.end-future', message: `The thuiszitter period cannot end on ${input.endedOn}: that is after today.` }]);
    if (input.endedOn < s.thuiszitter!.since)
      return violation([{ code: 'thuiszitter.end-before-start', message: `The thuiszitter period started on ${s.thuiszitter!.since}; it cannot end before.` }]);
    return OK;
  },
  apply(s, input) {
    s.thuiszitter = { ...s.thuiszitter!, until: input.endedOn, endReason: input.reason };
    clearGoalDeadlines(s);
    return [];
  },
};

/** Closing the case ends a thuiszitter period that is still running. */
export function endThuiszitterOnClosure(s: CaseState, now: Date): void {
  if (active(s)) s.thuiszitter = { ...s.thuiszitter!, until: toIsoDate(now), endReason: 'zaak-gesloten' };
}

/** Days at home: from `since` to its end, or to `today` while it lasts. */
export function thuiszitterDays(t: Pick<ThuiszitterState, 'since' | 'until'>, today: string): number {
  return Math.max(0, daysBetween(t.since, t.until ?? today));
}
