import { z } from 'zod';
import { addDays, IsoDate } from './dates';

/** A school holiday or public holiday: no working day from `from` to `to`, both included. */
export const HolidaySchema = z.object({ name: z.string().min(1), from: IsoDate, to: IsoDate }).strict();
export type Holiday = z.infer<typeof HolidaySchema>;

const MAX_DAYS = 3650;

export function isWorkingDay(date: string, holidays: readonly Holiday[]): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !holidays.some((h) => h.from <= date && date <= h.to);
}

/** The n-th working day after `date`; n = 0 gives `date` itself when it is a working day, else the next one. */
export function addWorkingDays(date: string, n: number, holidays: readonly Holiday[]): string {
  if (!Number.isInteger(n) || n < 0 || n > MAX_DAYS) throw new RangeError(`working days must be an integer from 0 to ${MAX_DAYS}`);
  let d = date;
  let guard = 0;
  while (!isWorkingDay(d, holidays)) {
    d = addDays(d, 1);
    if (++guard > MAX_DAYS) throw new RangeError('no working day found');
  }
  for (let left = n; left > 0; ) {
    d = addDays(d, 1);
    if (++guard > MAX_DAYS * 2) throw new RangeError('no working day found');
    if (isWorkingDay(d, holidays)) left--;
  }
  return d;
}

/** Working days after `a` up to and including `b` (0 when b <= a). */
export function workingDaysBetween(a: string, b: string, holidays: readonly Holiday[]): number {
  let count = 0;
  for (let d = addDays(a, 1), i = 0; d <= b && i < MAX_DAYS; d = addDays(d, 1), i++) if (isWorkingDay(d, holidays)) count++;
  return count;
}
