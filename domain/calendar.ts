import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { addDays, dayOfWeek, daysBetween, IsoDate } from './dates';
import { isPublicHoliday } from './calendar-public-holidays';

/** A school holiday or public holiday: no working day from `from` to `to`, both included. */
export const HolidaySchema = lazySchema(() => z
  .object({ name: z.string().trim().min(1).max(100), from: IsoDate, to: IsoDate })
  .strict()
  .refine((h) => h.from <= h.to, { path: ['to'], message: 'must not be before from' }));
export type Holiday = z.infer<typeof HolidaySchema>;

/** Ten years: far beyond any MAS deadline, and it keeps every loop here bounded. */
const MAX_DAYS = 3650;

/**
 * Monday to Friday, not a public holiday of the Algemene termijnenwet (computed by rule, for any
 * year) and not in `holidays` (school holidays, a region's own days off).
 */
export function isWorkingDay(date: string, holidays: readonly Holiday[]): boolean {
  const weekday = dayOfWeek(date);
  if (weekday === 0 || weekday === 6) return false;
  if (isPublicHoliday(date)) return false;
  // ISO date strings compare correctly as strings.
  return !holidays.some((h) => h.from <= date && date <= h.to);
}

/**
 * The n-th working day after `date`. With n = 0: `date` itself when it is a working day, else
 * the next working day (a step that falls in a holiday waits for the first day back).
 */
export function addWorkingDays(date: string, n: number, holidays: readonly Holiday[]): string {
  if (!Number.isInteger(n) || n < 0 || n > MAX_DAYS) throw new RangeError(`working days must be a whole number from 0 to ${MAX_DAYS}, got ${n}`);
  let d = date;
  let steps = 0;
  const step = () => {
    d = addDays(d, 1);
    if (++steps > MAX_DAYS * 2) throw new RangeError(`no working day within ${MAX_DAYS * 2} days of ${date}: check the holidays`);
  };
  if (n === 0) {
    while (!isWorkingDay(d, holidays)) step();
    return d;
  }
  for (let left = n; left > 0; ) {
    step();
    if (isWorkingDay(d, holidays)) left--;
  }
  return d;
}

/**
 * Working days after `a` up to and including `b`; negative when b is before a (then it counts
 * the working days after b up to and including a). For k >= 1, addWorkingDays(a, k) = b gives k.
 */
export function workingDaysBetween(a: string, b: string, holidays: readonly Holiday[]): number {
  const span = daysBetween(a, b);
  if (Math.abs(span) > MAX_DAYS) throw new RangeError(`at most ${MAX_DAYS} days apart, got ${span}`);
  if (span < 0) return -workingDaysBetween(b, a, holidays);
  let count = 0;
  for (let d = a, i = 0; i < span; i++) {
    d = addDays(d, 1);
    if (isWorkingDay(d, holidays)) count++;
  }
  return count;
}
