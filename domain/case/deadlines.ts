import { addDays, endOfDayInstant, toIsoDate } from '../dates';
import { addWorkingDays, isWorkingDay, type Holiday } from '../calendar';
import type { SchoolCalendar } from '../calendar-school-holidays';
import type { RegionPolicy } from '../policy';
import type { Deadline, DeadlineKind } from './state';

/**
 * What a deadline is counted under: the policy (terms, the region's own days off) and the school
 * calendar the case has received (reference data; absent in cases from before it, which count
 * the holidays their policy carried). Public holidays count by rule (domain/calendar).
 */
export type DeadlineTerms = { policy: RegionPolicy; calendar?: SchoolCalendar };

function holidaysOf(terms: DeadlineTerms): Holiday[] {
  return terms.calendar ? [...terms.policy.holidays, ...terms.calendar.holidays] : terms.policy.holidays;
}

/** A date the school calendar does not reach yet: a deadline counted past it may still move. */
function beyondCalendar(terms: DeadlineTerms, date: string): boolean {
  if (!terms.calendar) return false;
  return terms.calendar.coveredUntil === null || date > terms.calendar.coveredUntil;
}

/** Reminders go out at the start of the office day (08:00 Amsterdam winter time). */
function morningOf(date: string): string {
  return `${date}T07:00:00.000Z`;
}

/**
 * The instants of a deadline counted in working days from `from` (a date): due at the end of the
 * n-th working day, the reminder that many working days before it, escalation after it.
 */
function countedDeadline(from: string, basis: { workingDays: number; remindBefore: number; escalateAfter: number }, terms: DeadlineTerms) {
  const holidays = holidaysOf(terms);
  const dueDate = addWorkingDays(from, basis.workingDays, holidays);
  const remindDate = addWorkingDays(from, Math.max(basis.workingDays - basis.remindBefore, 0), holidays);
  const escalateDate = addWorkingDays(dueDate, basis.escalateAfter, holidays);
  return {
    dueAt: endOfDayInstant(dueDate).toISOString(),
    remindAt: remindDate < dueDate ? morningOf(remindDate) : undefined,
    escalateAt: endOfDayInstant(escalateDate).toISOString(),
    provisional: beyondCalendar(terms, escalateDate) || undefined,
  };
}

/** A deadline for the consultant's own step: a reminder before it, escalation to the team lead after. */
export function consultantDeadline(id: string, kind: DeadlineKind, now: Date, workingDays: number, terms: DeadlineTerms): Deadline {
  const basis = {
    count: 'working-days' as const,
    from: toIsoDate(now),
    workingDays,
    remindBefore: terms.policy.consultantReminderBeforeDeadlineWorkingDays,
    escalateAfter: terms.policy.teamLeadEscalationAfterDeadlineWorkingDays,
  };
  return withBasis({ id, kind, owner: 'consultant', ...countedDeadline(basis.from, basis, terms), reminded: false, expired: false, escalated: false }, basis, terms);
}

/** The working day `n` working days before `date`, counted back under the case's holidays. */
function workingDaysBefore(date: string, n: number, holidays: readonly Holiday[]): string {
  let d = date;
  for (let left = n, guard = 0; left > 0 && guard < 400; guard++) {
    d = addDays(d, -1);
    if (isWorkingDay(d, holidays)) left--;
  }
  return d;
}

/** The basis is kept only with a calendar: cases from before it never recount (see recountDeadline). */
function withBasis(d: Deadline, basis: NonNullable<Deadline['basis']>, terms: DeadlineTerms): Deadline {
  if (!terms.calendar) delete d.provisional;
  else d.basis = basis;
  if (d.remindAt === undefined) delete d.remindAt;
  if (d.provisional === undefined) delete d.provisional;
  return d;
}

function onDate(dueDate: string, basis: { remindBefore: number; escalateAfter: number }, now: Date, terms: DeadlineTerms) {
  const holidays = holidaysOf(terms);
  const remindDate = workingDaysBefore(dueDate, basis.remindBefore, holidays);
  const escalateDate = addWorkingDays(dueDate, basis.escalateAfter, holidays);
  return {
    dueAt: endOfDayInstant(dueDate).toISOString(),
    remindAt: remindDate < dueDate && morningOf(remindDate) > now.toISOString() ? morningOf(remindDate) : undefined,
    escalateAt: endOfDayInstant(escalateDate).toISOString(),
    provisional: beyondCalendar(terms, escalateDate) || undefined,
  };
}

/**
 * Counts a pending deadline again under a newer calendar: one not yet passed, not yet reminded
 * of and not communicated to anyone outside (a school's deadline is in its e-mail and stays as
 * sent). Returns the deadline unchanged otherwise, and for deadlines without a basis (weeks, or
 * cases from before the calendar).
 */
export function recountDeadline(d: Deadline, now: Date, terms: DeadlineTerms): Deadline {
  if (!d.basis || d.expired || d.reminded || d.communicated) return d;
  const counted = d.basis.count === 'working-days' ? countedDeadline(d.basis.from, d.basis, terms) : onDate(d.basis.dueDate, d.basis, now, terms);
  return withBasis({ ...d, ...counted }, d.basis, terms);
}

/**
 * A consultant deadline on a date someone agreed (a plan goal): due at the end of that day, with
 * the usual reminder before it (if that is still ahead) and escalation to the team lead after it.
 */
export function consultantDeadlineOn(id: string, kind: DeadlineKind, now: Date, dueDate: string, terms: DeadlineTerms): Deadline {
  const basis = {
    count: 'on-date' as const,
    dueDate,
    remindBefore: terms.policy.consultantReminderBeforeDeadlineWorkingDays,
    escalateAfter: terms.policy.teamLeadEscalationAfterDeadlineWorkingDays,
  };
  return withBasis({ id, kind, owner: 'consultant', ...onDate(dueDate, basis, now, terms), reminded: false, expired: false, escalated: false }, basis, terms);
}

/**
 * The school's deadline to answer: a reminder before it, a second one after it (at its own
 * instant, `secondRemindAt`, when `withSecondReminder`: the morning of the policy's working days
 * after the deadline; cases from before send it at the deadline), then the consultant is told.
 */
export function schoolDeadline(now: Date, terms: DeadlineTerms, withSecondReminder = false): Deadline {
  const { policy } = terms;
  const basis = {
    count: 'working-days' as const,
    from: toIsoDate(now),
    workingDays: policy.schoolInfoDeadlineWorkingDays,
    remindBefore: policy.schoolInfoReminderBeforeDeadlineWorkingDays,
    escalateAfter: policy.schoolInfoEscalationAfterDeadlineWorkingDays,
  };
  const d: Deadline = { id: 'school-informatie', kind: 'school-informatie', owner: 'school', ...countedDeadline(basis.from, basis, terms), reminded: false, expired: false, escalated: false };
  if (withSecondReminder) {
    const after = policy.schoolInfoSecondReminderAfterDeadlineWorkingDays ?? 1;
    const dueDate = d.dueAt.slice(0, 10);
    d.secondRemindAt = after === 0 ? d.dueAt : morningOf(addWorkingDays(dueDate, after, holidaysOf(terms)));
    d.secondReminded = false;
  }
  // The request e-mail names the date at once: it never moves after that.
  return withBasis(terms.calendar ? { ...d, communicated: true } : d, basis, terms);
}

/** A period the system waits out by itself (monitoring, the enrolment term): no reminders. */
export function systemDeadline(id: string, kind: DeadlineKind, now: Date, weeks: number): Deadline {
  return {
    id,
    kind,
    owner: 'system',
    dueAt: endOfDayInstant(addDays(toIsoDate(now), weeks * 7)).toISOString(),
    reminded: false,
    expired: false,
    escalated: false,
  };
}

/** Anything that keeps deadlines: a case, an early signal. */
type WithDeadlines = { deadlines: Deadline[] };

export function setDeadline(state: WithDeadlines, deadline: Deadline): void {
  state.deadlines = [...state.deadlines.filter((d) => d.id !== deadline.id), deadline];
}

export function clearDeadline(state: WithDeadlines, id: string): void {
  state.deadlines = state.deadlines.filter((d) => d.id !== id);
}

/** The next instant at which a deadline needs attention (reminder, due, second reminder, escalation), if any. */
export function nextTimerAt(state: WithDeadlines): string | null {
  const instants: string[] = [];
  for (const d of state.deadlines) {
    if (d.remindAt && !d.reminded) instants.push(d.remindAt);
    else if (!d.expired) instants.push(d.dueAt);
    else {
      if (d.secondRemindAt && !d.secondReminded) instants.push(d.secondRemindAt);
      if (d.escalateAt && !d.escalated) instants.push(d.escalateAt);
    }
  }
  return instants.length ? instants.sort()[0]! : null;
}
