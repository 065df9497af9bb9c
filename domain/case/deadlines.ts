import { addDays, endOfDayInstant, toIsoDate } from '../dates';
import { addWorkingDays, isWorkingDay } from '../calendar';
import type { RegionPolicy } from '../policy';
import type { Deadline, DeadlineKind } from './state';

/** Reminders go out at the start of the office day (08:00 Amsterdam winter time). */
function morningOf(date: string): string {
  return `${date}T07:00:00.000Z`;
}

function dueInWorkingDays(now: Date, workingDays: number, policy: RegionPolicy) {
  const today = toIsoDate(now);
  const dueDate = addWorkingDays(today, workingDays, policy.holidays);
  return { today, dueDate, dueAt: endOfDayInstant(dueDate).toISOString() };
}

/** A deadline for the consultant's own step: a reminder before it, escalation to the team lead after. */
export function consultantDeadline(id: string, kind: DeadlineKind, now: Date, workingDays: number, policy: RegionPolicy): Deadline {
  const { today, dueDate, dueAt } = dueInWorkingDays(now, workingDays, policy);
  const remindDate = addWorkingDays(today, Math.max(workingDays - policy.consultantReminderBeforeDeadlineWorkingDays, 0), policy.holidays);
  const escalateDate = addWorkingDays(dueDate, policy.teamLeadEscalationAfterDeadlineWorkingDays, policy.holidays);
  return {
    id,
    kind,
    owner: 'consultant',
    dueAt,
    remindAt: remindDate < dueDate ? morningOf(remindDate) : undefined,
    escalateAt: endOfDayInstant(escalateDate).toISOString(),
    reminded: false,
    expired: false,
    escalated: false,
  };
}

/** The working day `n` working days before `date`, counted back under the region's holidays. */
function workingDaysBefore(date: string, n: number, policy: RegionPolicy): string {
  let d = date;
  for (let left = n, guard = 0; left > 0 && guard < 400; guard++) {
    d = addDays(d, -1);
    if (isWorkingDay(d, policy.holidays)) left--;
  }
  return d;
}

/**
 * A consultant deadline on a date someone agreed (a plan goal): due at the end of that day, with
 * the usual reminder before it (if that is still ahead) and escalation to the team lead after it.
 */
export function consultantDeadlineOn(id: string, kind: DeadlineKind, now: Date, dueDate: string, policy: RegionPolicy): Deadline {
  const remindDate = workingDaysBefore(dueDate, policy.consultantReminderBeforeDeadlineWorkingDays, policy);
  const escalateDate = addWorkingDays(dueDate, policy.teamLeadEscalationAfterDeadlineWorkingDays, policy.holidays);
  return {
    id,
    kind,
    owner: 'consultant',
    dueAt: endOfDayInstant(dueDate).toISOString(),
    remindAt: remindDate < dueDate && morningOf(remindDate) > now.toISOString() ? morningOf(remindDate) : undefined,
    escalateAt: endOfDayInstant(escalateDate).toISOString(),
    reminded: false,
    expired: false,
    escalated: false,
  };
}

/**
 * The school's deadline to answer: a reminder before it, a second one after it (at its own
 * instant, `secondRemindAt`, when `withSecondReminder`; cases from before send it at the
 * deadline), then the consultant is told.
 */
export function schoolDeadline(now: Date, policy: RegionPolicy, withSecondReminder = false): Deadline {
  const { today, dueDate, dueAt } = dueInWorkingDays(now, policy.schoolInfoDeadlineWorkingDays, policy);
  const remindDate = addWorkingDays(
    today,
    Math.max(policy.schoolInfoDeadlineWorkingDays - policy.schoolInfoReminderBeforeDeadlineWorkingDays, 0),
    policy.holidays,
  );
  const escalateDate = addWorkingDays(dueDate, policy.schoolInfoEscalationAfterDeadlineWorkingDays, policy.holidays);
  const after = policy.schoolInfoSecondReminderAfterDeadlineWorkingDays ?? 1;
  return {
    id: 'school-informatie',
    kind: 'school-informatie',
    owner: 'school',
    dueAt,
    remindAt: remindDate < dueDate ? morningOf(remindDate) : undefined,
    ...(withSecondReminder && { secondRemindAt: after === 0 ? dueAt : morningOf(addWorkingDays(dueDate, after, policy.holidays)), secondReminded: false }),
    escalateAt: endOfDayInstant(escalateDate).toISOString(),
    reminded: false,
    expired: false,
    escalated: false,
  };
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
