import { z } from 'zod';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRealDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A calendar date 'YYYY-MM-DD' (no time, no zone): what the law and the schools speak in. */
export const IsoDate = z.string().refine(isRealDate, { message: 'must be a real date as YYYY-MM-DD' });
export type IsoDate = z.infer<typeof IsoDate>;

const DAY_MS = 86_400_000;
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);

export function toIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, n: number): string {
  return toIsoDate(new Date(utc(date) + n * DAY_MS));
}

export function compareDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function daysBetween(a: string, b: string): number {
  return Math.round((utc(b) - utc(a)) / DAY_MS);
}

/** Age in full years on a date (a birthday on 29 February counts from 1 March in other years). */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Deadlines fall at the end of the office day: 16:00 UTC, which is 17:00 in Amsterdam in winter
 * (18:00 in summer). One fixed instant keeps workflow timers simple and deterministic.
 */
export function endOfDayInstant(date: string): Date {
  return new Date(`${date}T16:00:00.000Z`);
}
