import {
  addDays,
  addMonths,
  ageOn,
  birthdayAt,
  compareDates,
  dayOfWeek,
  daysBetween,
  endOfDayInstant,
  IsoDate,
  toIsoDate,
} from '../../domain/dates';

describe('IsoDate', () => {
  test.each(['2025-01-01', '2024-02-29', '2000-02-29', '2025-12-31'])('accepts the real date %s', (d) => {
    expect(IsoDate.safeParse(d).success).toBe(true);
  });

  test.each(['2025-02-30', '2025-02-29', '2100-02-29', '2025-13-01', '2025-04-31', '2025-1-01', '25-01-01', '2025-01-01T00:00:00Z', '', 'morgen'])(
    'rejects %j',
    (d) => {
      expect(IsoDate.safeParse(d).success).toBe(false);
    },
  );

  test('rejects non-strings', () => {
    expect(IsoDate.safeParse(20250101).success).toBe(false);
    expect(IsoDate.safeParse(new Date('2025-01-01T00:00:00Z')).success).toBe(false);
  });
});

describe('addDays', () => {
  test('crosses month and year ends', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
  });

  test('goes back with a negative number and stays put with 0', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2025-06-15', 0)).toBe('2025-06-15');
  });

  test('is not disturbed by the switch to summer time', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2025-10-25', 2)).toBe('2025-10-27');
  });

  test('refuses an impossible date instead of rolling it over', () => {
    expect(() => addDays('2025-02-30', 1)).toThrow(RangeError);
  });

  test('refuses a fractional number of days', () => {
    expect(() => addDays('2025-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  test('clamps to the end of a shorter month', () => {
    expect(addMonths('2025-05-31', -3)).toBe('2025-02-28');
    expect(addMonths('2024-05-31', -3)).toBe('2024-02-29');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
  });

  test('crosses years both ways', () => {
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
    expect(addMonths('2026-02-15', -3)).toBe('2025-11-15');
    expect(addMonths('2025-01-10', -13)).toBe('2023-12-10');
  });
});

describe('compareDates and daysBetween', () => {
  test('compareDates orders dates', () => {
    expect(compareDates('2025-01-01', '2025-01-02')).toBe(-1);
    expect(compareDates('2025-01-02', '2025-01-01')).toBe(1);
    expect(compareDates('2025-01-01', '2025-01-01')).toBe(0);
    expect(['2026-01-01', '2025-12-31', '2025-02-01'].sort(compareDates)).toEqual(['2025-02-01', '2025-12-31', '2026-01-01']);
  });

  test('daysBetween counts calendar days, signed', () => {
    expect(daysBetween('2025-01-01', '2025-01-01')).toBe(0);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-03-01', '2025-02-28')).toBe(-1);
    expect(daysBetween('2026-03-27', '2026-03-30')).toBe(3);
  });
});

describe('dayOfWeek', () => {
  test('0 is Sunday, 6 is Saturday', () => {
    expect(dayOfWeek('2025-01-01')).toBe(3); // a Wednesday
    expect(dayOfWeek('2025-11-08')).toBe(6);
    expect(dayOfWeek('2025-11-09')).toBe(0);
  });
});

describe('ageOn and birthdayAt', () => {
  test('counts full years: the birthday itself is the first day of the new age', () => {
    expect(ageOn('2010-06-15', '2022-06-14')).toBe(11);
    expect(ageOn('2010-06-15', '2022-06-15')).toBe(12);
    expect(ageOn('2010-06-15', '2022-12-31')).toBe(12);
    expect(ageOn('2010-06-15', '2010-06-15')).toBe(0);
  });

  test('a youth born on 29 February is a year older on 1 March in a common year', () => {
    expect(birthdayAt('2008-02-29', 17)).toBe('2025-03-01');
    expect(birthdayAt('2008-02-29', 16)).toBe('2024-02-29');
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2024-02-29')).toBe(16);
  });
});

describe('endOfDayInstant and toIsoDate', () => {
  test('a deadline ends at 16:00 UTC (17:00 in Amsterdam in winter)', () => {
    expect(endOfDayInstant('2025-12-19').toISOString()).toBe('2025-12-19T16:00:00.000Z');
  });

  test('toIsoDate takes the UTC date part', () => {
    expect(toIsoDate(new Date('2025-12-19T23:59:59.999Z'))).toBe('2025-12-19');
    expect(toIsoDate(new Date('2025-12-20T00:00:00.000Z'))).toBe('2025-12-20');
  });

  test('the two round-trip', () => {
    expect(toIsoDate(endOfDayInstant('2026-07-31'))).toBe('2026-07-31');
  });
});
