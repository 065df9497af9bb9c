import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkSchoolYear,
  conflictsWithNeighbours,
  coverage,
  coverageWarning,
  SchoolHolidaysInput,
  SchoolYear,
  schoolYearOf,
} from '../../domain/calendar-school-holidays';
import { MIDDEN_SCHOOL_HOLIDAYS_SEED } from '../../domain/calendar-school-holidays-seed';
import { dayOfWeek } from '../../domain/dates';

const y2027 = [
  { name: 'Herfstvakantie 2027', from: '2027-10-16', to: '2027-10-24' },
  { name: 'Kerstvakantie 2027', from: '2027-12-25', to: '2028-01-09' },
  { name: 'Zomervakantie 2028', from: '2028-07-15', to: '2028-08-27' },
];

describe('school years', () => {
  test('a school year is named by its two calendar years and runs 1 August to 31 July', () => {
    expect(SchoolYear.safeParse('2027-2028').success).toBe(true);
    expect(SchoolYear.safeParse('2027-2029').success).toBe(false);
    expect(SchoolYear.safeParse('27-28').success).toBe(false);
    expect(SchoolYear.safeParse('1999-2000').success).toBe(false);
    expect(schoolYearOf('2027-07-31')).toBe('2026-2027');
    expect(schoolYearOf('2027-08-01')).toBe('2027-2028');
  });

  test('the body: at least one holiday, real dates, to not before from, nothing unknown', () => {
    const paths = (body: unknown) => (SchoolHolidaysInput.safeParse(body).error?.issues ?? []).map((i) => i.path.join('.'));
    expect(paths({ holidays: y2027 })).toEqual([]);
    expect(paths({ holidays: [] })).toEqual(['holidays']);
    expect(paths({ holidays: [{ name: 'x', from: '2027-02-30', to: '2027-03-01' }] })).toEqual(['holidays.0.from']);
    expect(paths({ holidays: [{ name: 'x', from: '2027-10-24', to: '2027-10-16' }] })).toEqual(['holidays.0.to']);
    expect(paths({ holidays: y2027, extra: 1 })).toEqual(['']);
  });

  test('every holiday starts in the school year; only the zomervakantie runs past 31 July, to 15 September at most', () => {
    expect(checkSchoolYear('2027-2028', y2027)).toEqual([]);
    expect(checkSchoolYear('2028-2029', y2027).map((i) => i.path)).toEqual(['holidays.0.from', 'holidays.1.from', 'holidays.2.from']);
    expect(checkSchoolYear('2027-2028', [{ name: 'Zomer', from: '2028-07-15', to: '2028-09-16' }])).toEqual([
      { path: 'holidays.0.to', message: 'must be on or before 2028-09-15: a holiday of school year 2027-2028 ends by then' },
    ]);
    expect(checkSchoolYear('2027-2028', [{ name: 'Te lang', from: '2027-09-01', to: '2027-12-01' }]).map((i) => i.path)).toEqual(['holidays.0.to']);
  });

  test('no two holidays of a school year overlap', () => {
    const issues = checkSchoolYear('2027-2028', [...y2027, { name: 'Extra', from: '2028-01-08', to: '2028-01-10' }]);
    expect(issues).toEqual([{ path: 'holidays.3.from', message: 'overlaps holidays.1 (Kerstvakantie 2027, 2027-12-25 to 2028-01-09)' }]);
  });

  test('a holiday overlapping a stored neighbouring year conflicts', () => {
    const before = { schoolYear: '2026-2027', holidays: [{ name: 'Zomervakantie 2027', from: '2027-07-17', to: '2027-08-29' }] };
    expect(conflictsWithNeighbours('2027-2028', y2027, [before])).toEqual([]);
    const early = [{ name: 'Vroege herfst', from: '2027-08-28', to: '2027-09-05' }];
    expect(conflictsWithNeighbours('2027-2028', early, [before])).toEqual([
      { path: 'holidays.0', message: 'overlaps Zomervakantie 2027 (2027-07-17 to 2027-08-29) of school year 2026-2027' },
    ]);
  });
});

describe('coverage and the warning', () => {
  const seeded = MIDDEN_SCHOOL_HOLIDAYS_SEED;

  test('the seed reaches the end of the zomervakantie 2027, from any day of the school years it holds', () => {
    expect(coverage(seeded, '2026-12-02')).toEqual({ until: '2027-08-29', missing: '2027-2028' });
    expect(coverage(seeded, '2025-09-01')).toEqual({ until: '2027-08-29', missing: '2027-2028' });
  });

  test('nothing is covered when the current school year is missing, even if later ones are known', () => {
    expect(coverage([{ schoolYear: '2029-2030', holidays: [] }], '2027-09-01')).toEqual({ until: null, missing: '2027-2028' });
  });

  test('warns when the next twelve months are not covered, and names the school year to add', () => {
    const warning = coverageWarning('midden', seeded, '2026-12-02');
    expect(warning).toMatchObject({ code: 'school-holidays.coverage', region: 'midden', coveredUntil: '2027-08-29' });
    expect(warning!.message).toContain('2027-2028');
    expect(coverageWarning('midden', seeded, '2026-08-28')).toBeNull(); // 2027-08-28 is still covered
    expect(coverageWarning('midden', seeded, '2026-08-30')).not.toBeNull();
    expect(coverageWarning('midden', [...seeded, { schoolYear: '2027-2028', holidays: y2027 }], '2026-12-02')).toBeNull();
    expect(coverageWarning('noord', [], '2026-12-02')).toMatchObject({ region: 'noord', coveredUntil: null });
  });
});

describe('the seed', () => {
  test('every school year passes the rules, with holidays Saturday to Sunday', () => {
    for (const y of MIDDEN_SCHOOL_HOLIDAYS_SEED) {
      expect([y.schoolYear, checkSchoolYear(y.schoolYear, y.holidays)]).toEqual([y.schoolYear, []]);
      for (const h of y.holidays) expect([h.name, dayOfWeek(h.from), dayOfWeek(h.to)]).toEqual([h.name, 6, 0]);
    }
  });

  test('the migration inserts exactly the seed', () => {
    const dir = join(__dirname, '..', '..', 'prisma', 'migrations');
    const sql = readdirSync(dir)
      .filter((d) => d.endsWith('_school_holidays'))
      .map((d) => readFileSync(join(dir, d, 'migration.sql'), 'utf8'))
      .join('\n');
    const rows = [...sql.matchAll(/VALUES \('midden', '([\d-]+)', '(\[.*?\])'::jsonb/g)].map((m) => ({ schoolYear: m[1], holidays: JSON.parse(m[2]!) }));
    expect(rows).toEqual(MIDDEN_SCHOOL_HOLIDAYS_SEED);
  });
});
