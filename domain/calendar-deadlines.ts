import { calendarSince, type SchoolCalendar } from './calendar-school-holidays';
import { addDays, toIsoDate } from './dates';
import { recountDeadline, type DeadlineTerms } from './case/deadlines';
import type { Deadline } from './case/state';

/** Anything with deadlines counted under a calendar: a case, an early signal. */
export type WithCalendar = DeadlineTerms & { deadlines: Deadline[] };

/** The school holiday region whose calendar counts for this case or signal. */
export function calendarRegionOf(s: WithCalendar): string {
  return s.calendar?.region ?? s.policy.schoolHolidayRegion ?? 'midden';
}

/** The earliest date a pending deadline counts from: the state keeps the school holidays from then on. */
function countsFrom(s: WithCalendar, now: Date): string {
  let since = toIsoDate(now);
  for (const d of s.deadlines) {
    if (!d.basis || d.expired) continue;
    // An agreed date's reminder counts back from it: keep a quarter year before the date.
    const from = d.basis.count === 'working-days' ? d.basis.from : addDays(d.basis.dueDate, -92);
    if (from < since) since = from;
  }
  return since;
}

export type CalendarChange = { moved: { id: string; from: string; to: string }[] };

/**
 * A newer school calendar reached the case (by activity or signal): it keeps the holidays that still
 * matter and counts its pending deadlines again (recountDeadline: not passed, not reminded of, not
 * communicated). Mutates `s`; null when the calendar is not for this case's region or not newer
 * than the one it has (signals and activity results may arrive in any order).
 */
export function adoptCalendar(s: WithCalendar, calendar: SchoolCalendar, now: Date): CalendarChange | null {
  if (calendar.region !== calendarRegionOf(s)) return null;
  if (s.calendar && calendar.revision <= s.calendar.revision) return null;
  s.calendar = calendarSince(calendar, countsFrom(s, now));
  const moved: CalendarChange['moved'] = [];
  s.deadlines = s.deadlines.map((d) => {
    const next = recountDeadline(d, now, s);
    if (next.dueAt !== d.dueAt) moved.push({ id: d.id, from: d.dueAt, to: next.dueAt });
    return next;
  });
  return { moved };
}
