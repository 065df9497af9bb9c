import Holidays from 'date-holidays';
import { addDays, dayOfWeek } from '../../domain/dates';
import { easterSunday, isPublicHoliday, kingsDay, publicHolidays } from '../../domain/calendar-public-holidays';

/**
 * The public holidays by rule against date-holidays (a maintained holiday library, pinned), Dutch
 * data, 2000 to 2100. Where the library's data is not the Algemene termijnenwet, the legal rule is
 * asserted on its own:
 * - art. 3 names the tweede Paas- and Pinksterdag: the library's first days (Pasen, Pinksteren) are
 *   Sundays, no working day anyway, and not in our list;
 * - art. 3 names 5 mei every year: the library types Bevrijdingsdag 'school' (it is a paid day off
 *   only every fifth year in many collective agreements), we count it every year;
 * - Goede Vrijdag is not in art. 3: the library has it (type 'school'), we do not count it.
 */
const library = new Holidays('NL');
const YEARS = Array.from({ length: 101 }, (_, i) => 2000 + i);

function ourDays(year: number): string[] {
  return publicHolidays(year).flatMap((h) => {
    const days: string[] = [];
    for (let d = h.from; d <= h.to; d = addDays(d, 1)) days.push(d);
    return days;
  });
}

// Each year's list once: date-holidays computes a year in milliseconds, and every year is asked four times.
const yearsSeen = new Map<number, ReturnType<Holidays['getHolidays']>>();
const holidaysOf = (year: number) => yearsSeen.get(year) ?? yearsSeen.set(year, library.getHolidays(year)).get(year)!;

const libraryDays = (year: number, pick: (h: { type: string; name: string }) => boolean) =>
  holidaysOf(year)
    .filter(pick)
    .map((h) => h.date.slice(0, 10))
    .sort();

describe('public holidays of the Algemene termijnenwet, by rule', () => {
  test.each(YEARS)('%i: the library\'s public holidays, without the Sundays Pasen and Pinksteren, with 5 mei', (year) => {
    const sundays = libraryDays(year, (h) => h.type === 'public' && (h.name === 'Pasen' || h.name === 'Pinksteren'));
    expect(sundays.map(dayOfWeek)).toEqual([0, 0]);
    const legal = [
      ...libraryDays(year, (h) => h.type === 'public' && h.name !== 'Pasen' && h.name !== 'Pinksteren'),
      `${year}-05-05`,
    ].sort();
    expect(ourDays(year)).toEqual(legal);
  });

  test.each(YEARS)('%i: Goede Vrijdag is in the library but no public holiday of the law', (year) => {
    const [goedeVrijdag] = libraryDays(year, (h) => h.name === 'Goede Vrijdag');
    expect(goedeVrijdag).toBe(addDays(easterSunday(year), -2));
    expect(isPublicHoliday(goedeVrijdag!)).toBe(false);
  });

  test.each(YEARS)('%i: 5 mei counts every year, whatever type the library gives it', (year) => {
    expect(libraryDays(year, (h) => h.name === 'Bevrijdingsdag')).toEqual([`${year}-05-05`]);
    expect(isPublicHoliday(`${year}-05-05`)).toBe(true);
  });

  test('Easter Sunday of known years', () => {
    expect(easterSunday(2000)).toBe('2000-04-23');
    expect(easterSunday(2008)).toBe('2008-03-23'); // early
    expect(easterSunday(2011)).toBe('2011-04-24');
    expect(easterSunday(2038)).toBe('2038-04-25'); // latest possible date
    expect(easterSunday(2285)).toBe('2285-03-22'); // earliest possible date
  });

  test('Koningsdag moves to Saturday 26 April when the 27th is a Sunday; Koninginnedag before 2014 likewise from 30 April', () => {
    expect(kingsDay(2025)).toEqual({ name: 'Koningsdag', date: '2025-04-26' });
    expect(kingsDay(2026)).toEqual({ name: 'Koningsdag', date: '2026-04-27' });
    expect(kingsDay(2014)).toEqual({ name: 'Koningsdag', date: '2014-04-26' });
    expect(kingsDay(2006)).toEqual({ name: 'Koninginnedag', date: '2006-04-29' });
    expect(kingsDay(2013)).toEqual({ name: 'Koninginnedag', date: '2013-04-30' });
  });

  test('the years outside the rule are refused, not guessed', () => {
    expect(() => publicHolidays(1899)).toThrow(RangeError);
    expect(() => publicHolidays(2300)).toThrow(RangeError);
    expect(() => publicHolidays(2027.5)).toThrow(RangeError);
  });
});
