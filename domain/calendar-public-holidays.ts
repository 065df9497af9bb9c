import { addDays, dayOfWeek } from './dates';
import type { Holiday } from './calendar';

/**
 * The public holidays of the Algemene termijnenwet (art. 3 lid 1), computed by rule for any year:
 * Nieuwjaarsdag, tweede Paasdag, Hemelvaartsdag, tweede Pinksterdag (all from the Easter date),
 * the day the King's birthday is celebrated, 5 mei, and both Kerstdagen. Goede Vrijdag is not one
 * (many schools and employers are free that day, the law does not count it), and 5 mei counts
 * every year, not only every fifth (that lustrum rule is a collective-agreement matter).
 * Pure and deterministic: safe inside workflow code.
 */

const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;

/** The years this rule is meant for: the Gregorian calendar, with margin for any case's lifetime. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2299;

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR)
    throw new RangeError(`public holidays are computed for ${FIRST_YEAR} to ${LAST_YEAR}, got ${year}`);
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  checkYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/**
 * The day the monarch's birthday is celebrated. Koningsdag (from 2014): 27 April, or Saturday
 * 26 April when the 27th is a Sunday. Koninginnedag (1949-2013): 30 April, or Saturday 29 April
 * when the 30th is a Sunday. Later years assume the present rule; a new monarch's day comes by
 * Royal decree and then belongs here.
 */
export function kingsDay(year: number): { name: string; date: string } {
  checkYear(year);
  const [name, day] = year >= 2014 ? ['Koningsdag', 27] : ['Koninginnedag', 30];
  const date = isoDate(year, 4, day as number);
  return { name: name as string, date: dayOfWeek(date) === 0 ? addDays(date, -1) : date };
}

const cache = new Map<number, readonly Holiday[]>();

/** The year's public holidays in date order, each a one-day Holiday (Kerstdagen as one of two days). */
export function publicHolidays(year: number): readonly Holiday[] {
  const known = cache.get(year);
  if (known) return known;
  checkYear(year);
  const easter = easterSunday(year);
  const king = kingsDay(year);
  const day = (name: string, date: string): Holiday => ({ name: `${name} ${year}`, from: date, to: date });
  const list: Holiday[] = [
    day('Nieuwjaarsdag', isoDate(year, 1, 1)),
    day('Tweede Paasdag', addDays(easter, 1)),
    day(king.name, king.date),
    day('Bevrijdingsdag', isoDate(year, 5, 5)),
    day('Hemelvaartsdag', addDays(easter, 39)),
    day('Tweede Pinksterdag', addDays(easter, 50)),
    { name: `Kerstdagen ${year}`, from: isoDate(year, 12, 25), to: isoDate(year, 12, 26) },
  ].sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : 0));
  const frozen = Object.freeze(list.map((h) => Object.freeze(h)));
  cache.set(year, frozen);
  return frozen;
}

/** The public holidays of every year from `fromYear` to `toYear`, both included. */
export function publicHolidaysBetween(fromYear: number, toYear: number): Holiday[] {
  const out: Holiday[] = [];
  for (let y = fromYear; y <= toYear; y++) out.push(...publicHolidays(y));
  return out;
}

/** Whether the date is a public holiday of the Algemene termijnenwet. */
export function isPublicHoliday(date: string): boolean {
  const year = Number(date.slice(0, 4));
  return publicHolidays(year).some((h) => h.from <= date && date <= h.to);
}
