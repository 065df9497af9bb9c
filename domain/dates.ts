import { z } from 'zod';

/**
 * A calendar date 'YYYY-MM-DD' (no time, no zone): what the law and the schools speak in.
 * z.iso.date() checks the calendar too (rejects 2025-02-30) and shows as format 'date' in OpenAPI.
 */
/** Dates outside this range are typos or probes; the database and the reports need sane years. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2200;
const inRange = (s: string) => {
  const year = Number(s.slice(0, 4));
  return year >= MIN_YEAR && year <= MAX_YEAR;
};

export const IsoDate = z.iso
  // abort: a malformed value gets one message, not a second one about its range.
  .date({ error: 'must be a real calendar date as YYYY-MM-DD', abort: true })
  .refine(inRange, { error: `must be a date between ${MIN_YEAR} and ${MAX_YEAR}` });
export type IsoDate = z.infer<typeof IsoDate>;

/** An instant with its UTC offset (ISO 8601), in the same range of years. */
export const IsoInstant = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date and time with offset', abort: true })
  .refine((s) => inRange(s) && !Number.isNaN(Date.parse(s)), { error: `must be an instant between ${MIN_YEAR} and ${MAX_YEAR}` });

const DAY_MS = 86_400_000;

/** Milliseconds at UTC midnight; throws on anything but a real date, so a typo never rolls over silently. */
function utc(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (!IsoDate.safeParse(date).success || Number.isNaN(ms)) throw new RangeError(`not a date as YYYY-MM-DD: '${date}'`);
  return ms;
}

function parts(date: string): [number, number, number] {
  utc(date);
  return date.split('-').map(Number) as [number, number, number];
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;

/** The UTC date part of an instant (workflow time is UTC). */
export function toIsoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`days must be a whole number, got ${n}`);
  return toIsoDate(new Date(utc(date) + n * DAY_MS));
}

/** Calendar months later (or earlier for negative n); the day is clamped to the month's end (31 May - 3 months = 28 Feb). */
export function addMonths(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`months must be a whole number, got ${n}`);
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, daysInMonth(year, month)))}`;
}

/** 0 = Sunday ... 6 = Saturday, as Date.getUTCDay. */
export function dayOfWeek(date: string): number {
  return new Date(utc(date)).getUTCDay();
}

/** Negative when a is before b, positive when after, 0 when equal (usable as a sort comparator). */
export function compareDates(a: string, b: string): number {
  const diff = utc(a) - utc(b);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

/** Calendar days from a to b (negative when b is before a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utc(b) - utc(a)) / DAY_MS);
}

/**
 * The date on which someone born on `dateOfBirth` reaches `age`. Someone born on 29 February is
 * legally a year older on 1 March in a common year, not on 28 February.
 */
export function birthdayAt(dateOfBirth: string, age: number): string {
  const [y, m, d] = parts(dateOfBirth);
  const year = y + age;
  if (m === 2 && d === 29 && !isLeapYear(year)) return `${pad(year, 4)}-03-01`;
  return `${pad(year, 4)}-${pad(m)}-${pad(d)}`;
}

/** Age in full years on a date (a birthday on 29 February counts from 1 March in common years). */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by] = parts(dateOfBirth);
  const [y] = parts(on);
  const age = y - by;
  return on < birthdayAt(dateOfBirth, age) ? age - 1 : age;
}

/**
 * The instant a deadline on `date` expires: the end of the office day, 16:00 UTC, which is 17:00
 * in Amsterdam in winter (18:00 in summer). One fixed UTC hour keeps workflow timers
 * deterministic and needs no time-zone database inside the workflow bundle.
 */
export function endOfDayInstant(date: string): Date {
  utc(date);
  return new Date(`${date}T16:00:00.000Z`);
}
