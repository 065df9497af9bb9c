import { addWorkingDays, HolidaySchema, isWorkingDay, workingDaysBetween, type Holiday } from '../../domain/calendar';

// Kerstvakantie 2025-2026 runs Saturday to Sunday; a voorjaarsvakantie given Monday to Friday;
// Tweede Paasdag 2026 is a single Monday.
const kerst: Holiday = { name: 'Kerstvakantie', from: '2025-12-20', to: '2026-01-04' };
const voorjaar: Holiday = { name: 'Voorjaarsvakantie', from: '2026-02-16', to: '2026-02-20' };
const paasmaandag: Holiday = { name: 'Tweede Paasdag', from: '2026-04-06', to: '2026-04-06' };
const holidays = [kerst, voorjaar, paasmaandag];

describe('isWorkingDay', () => {
  test('Monday to Friday are working days, the weekend is not', () => {
    expect(isWorkingDay('2025-11-07', [])).toBe(true); // Friday
    expect(isWorkingDay('2025-11-08', [])).toBe(false); // Saturday
    expect(isWorkingDay('2025-11-09', [])).toBe(false); // Sunday
    expect(isWorkingDay('2025-11-10', [])).toBe(true); // Monday
  });

  test('a holiday includes both its first and its last day', () => {
    expect(isWorkingDay('2026-02-13', holidays)).toBe(true);
    expect(isWorkingDay('2026-02-16', holidays)).toBe(false);
    expect(isWorkingDay('2026-02-18', holidays)).toBe(false);
    expect(isWorkingDay('2026-02-20', holidays)).toBe(false);
    expect(isWorkingDay('2026-02-23', holidays)).toBe(true);
  });

  test('refuses an impossible date', () => {
    expect(() => isWorkingDay('2025-02-30', [])).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  test('n = 0 keeps a working day and moves anything else to the next working day', () => {
    expect(addWorkingDays('2025-12-19', 0, holidays)).toBe('2025-12-19');
    expect(addWorkingDays('2025-11-08', 0, [])).toBe('2025-11-10');
    expect(addWorkingDays('2025-12-24', 0, holidays)).toBe('2026-01-05');
  });

  test('skips the weekend', () => {
    expect(addWorkingDays('2025-11-07', 1, [])).toBe('2025-11-10');
    expect(addWorkingDays('2025-11-06', 5, [])).toBe('2025-11-13');
  });

  test('from a Saturday, the first working day after it is the Monday', () => {
    expect(addWorkingDays('2025-11-08', 1, [])).toBe('2025-11-10');
  });

  test('skips a holiday that spans two weekends', () => {
    expect(addWorkingDays('2025-12-19', 1, holidays)).toBe('2026-01-05');
    expect(addWorkingDays('2025-12-18', 2, holidays)).toBe('2026-01-05');
    expect(addWorkingDays('2025-12-15', 5, holidays)).toBe('2026-01-05');
    expect(addWorkingDays('2025-12-15', 5, [])).toBe('2025-12-22');
  });

  test('skips a single holiday Monday after a weekend', () => {
    expect(addWorkingDays('2026-04-03', 1, holidays)).toBe('2026-04-07');
    // Tweede Paasdag counts by rule (Algemene termijnenwet), also with no list of holidays.
    expect(addWorkingDays('2026-04-03', 1, [])).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-02', 1, [])).toBe('2026-04-03'); // Goede Vrijdag is no public holiday
  });

  test('refuses a negative, fractional or unbounded number of days', () => {
    expect(() => addWorkingDays('2025-01-01', -1, [])).toThrow(RangeError);
    expect(() => addWorkingDays('2025-01-01', 1.5, [])).toThrow(RangeError);
    expect(() => addWorkingDays('2025-01-01', 3651, [])).toThrow(RangeError);
    expect(addWorkingDays('2025-01-01', 3650, []) > '2038-01-01').toBe(true);
  });

  test('gives up instead of looping when holidays leave no working day', () => {
    const forever: Holiday[] = [{ name: 'always', from: '2025-01-01', to: '2099-12-31' }];
    expect(() => addWorkingDays('2025-01-06', 1, forever)).toThrow(/no working day/);
  });
});

describe('workingDaysBetween', () => {
  test('counts the working days after a up to and including b', () => {
    expect(workingDaysBetween('2025-11-07', '2025-11-10', [])).toBe(1);
    expect(workingDaysBetween('2025-11-10', '2025-11-14', [])).toBe(4);
    expect(workingDaysBetween('2025-11-10', '2025-11-10', [])).toBe(0);
    expect(workingDaysBetween('2025-12-19', '2026-01-05', holidays)).toBe(1);
    // Without school holidays: 11 weekdays, less both Kerstdagen and Nieuwjaarsdag (by rule).
    expect(workingDaysBetween('2025-12-19', '2026-01-05', [])).toBe(8);
  });

  test('is negative when b comes before a', () => {
    expect(workingDaysBetween('2025-11-10', '2025-11-07', [])).toBe(-1);
    expect(workingDaysBetween('2026-01-05', '2025-12-19', holidays)).toBe(-1);
  });

  test('undoes addWorkingDays', () => {
    for (const start of ['2025-12-15', '2026-02-12', '2026-04-02', '2025-11-08']) {
      for (let k = 1; k <= 25; k++) expect(workingDaysBetween(start, addWorkingDays(start, k, holidays), holidays)).toBe(k);
    }
  });

  test('refuses spans over ten years', () => {
    expect(() => workingDaysBetween('2025-01-01', '2036-01-01', [])).toThrow(RangeError);
  });
});

describe('HolidaySchema', () => {
  test('accepts a holiday and a single day', () => {
    expect(HolidaySchema.parse(kerst)).toEqual(kerst);
    expect(HolidaySchema.safeParse(paasmaandag).success).toBe(true);
  });

  test('rejects an end before the start, on the field to', () => {
    const r = HolidaySchema.safeParse({ name: 'x', from: '2026-01-04', to: '2025-12-20' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['to']);
  });

  test('rejects impossible dates, empty names and unknown fields', () => {
    expect(HolidaySchema.safeParse({ name: 'x', from: '2026-02-30', to: '2026-03-01' }).success).toBe(false);
    expect(HolidaySchema.safeParse({ name: '', from: '2026-02-01', to: '2026-02-01' }).success).toBe(false);
    expect(HolidaySchema.safeParse({ ...kerst, region: 'midden' }).success).toBe(false);
  });
});
