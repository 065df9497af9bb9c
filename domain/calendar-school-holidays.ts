import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { HolidaySchema, type Holiday } from './calendar';
import { addMonths, daysBetween } from './dates';

/**
 * School holidays as reference data: per holiday region and school year, kept by the functional
 * administrator. The government advises three regions (noord, midden, zuid); a region with its
 * own dates (schools that deviate) is a region of its own id, which a region policy then names.
 */
export const GOVERNMENT_REGIONS = ['noord', 'midden', 'zuid'] as const;
export const SchoolHolidayRegionId = lazySchema(() => z.string().regex(/^[a-z0-9-]{2,40}$/, 'must be 2 to 40 lower-case letters, digits or -'));

/** The school year runs from 1 August to 31 July (Wet op het primair/voortgezet onderwijs); named '2027-2028'. */
export const SchoolYear = lazySchema(() => z
  .string()
  .regex(/^\d{4}-\d{4}$/, "must be a school year as 'YYYY-YYYY', e.g. 2027-2028")
  .refine((y) => Number(y.slice(5)) === Number(y.slice(0, 4)) + 1, { message: 'the second year must follow the first, e.g. 2027-2028' })
  .refine((y) => Number(y.slice(0, 4)) >= 2000 && Number(y.slice(0, 4)) <= 2099, { message: 'must start between 2000 and 2099' }));

/** The longest school holiday: the zomervakantie is six weeks, a school may add one or two days around it. */
const MAX_HOLIDAY_DAYS = 7 * 9;
/** A school year's last holiday (the zomervakantie) may run past 31 July, up to this day of the following September. */
const SUMMER_ENDS_BY = '09-15';

export const SchoolHolidaysInput = lazySchema(() => z
  .object({
    holidays: z.array(HolidaySchema).min(1, 'give at least one holiday').max(20),
    /** Where the dates come from, e.g. 'rijksoverheid.nl advies' or a school board's decision. */
    source: z.string().trim().min(1).max(200).optional(),
  })
  .strict());
export type SchoolHolidaysInput = z.infer<typeof SchoolHolidaysInput>;

export type SchoolYearHolidays = { schoolYear: string; holidays: Holiday[] };

export function schoolYearBounds(schoolYear: string): { from: string; to: string } {
  const first = Number(schoolYear.slice(0, 4));
  return { from: `${first}-08-01`, to: `${first + 1}-07-31` };
}

/** The school year a date falls in. */
export function schoolYearOf(date: string): string {
  const year = Number(date.slice(0, 4));
  const first = date.slice(5) >= '08-01' ? year : year - 1;
  return `${first}-${first + 1}`;
}

export function nextSchoolYear(schoolYear: string): string {
  const first = Number(schoolYear.slice(0, 4)) + 1;
  return `${first}-${first + 1}`;
}

export type FieldIssue = { path: string; message: string };

/**
 * The rules one school year's list must meet by itself (422 when broken): every holiday starts in
 * the school year (1 August to 31 July) and ends by 15 September of its last year (the
 * zomervakantie runs into August), lasts at most nine weeks, and no two overlap.
 */
export function checkSchoolYear(schoolYear: string, holidays: readonly Holiday[]): FieldIssue[] {
  const { from, to } = schoolYearBounds(schoolYear);
  const lastDay = `${to.slice(0, 4)}-${SUMMER_ENDS_BY}`;
  const issues: FieldIssue[] = [];
  holidays.forEach((h, i) => {
    if (h.from < from || h.from > to) issues.push({ path: `holidays.${i}.from`, message: `must lie in school year ${schoolYear} (${from} to ${to})` });
    else if (h.to > lastDay) issues.push({ path: `holidays.${i}.to`, message: `must be on or before ${lastDay}: a holiday of school year ${schoolYear} ends by then` });
    else if (daysBetween(h.from, h.to) + 1 > MAX_HOLIDAY_DAYS) issues.push({ path: `holidays.${i}.to`, message: `a school holiday lasts at most ${MAX_HOLIDAY_DAYS} days` });
  });
  holidays.forEach((h, i) => {
    const j = holidays.findIndex((o, k) => k < i && o.from <= h.to && h.from <= o.to);
    if (j >= 0) issues.push({ path: `holidays.${i}.from`, message: `overlaps holidays.${j} (${holidays[j]!.name}, ${holidays[j]!.from} to ${holidays[j]!.to})` });
  });
  return issues;
}

/** Overlaps with the stored holidays of the neighbouring school years (409: the stored data conflicts). */
export function conflictsWithNeighbours(schoolYear: string, holidays: readonly Holiday[], stored: readonly SchoolYearHolidays[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const other of stored) {
    if (other.schoolYear === schoolYear) continue;
    holidays.forEach((h, i) => {
      const clash = other.holidays.find((o) => o.from <= h.to && h.from <= o.to);
      if (clash) issues.push({ path: `holidays.${i}`, message: `overlaps ${clash.name} (${clash.from} to ${clash.to}) of school year ${other.schoolYear}` });
    });
  }
  return issues;
}

/**
 * How far a region's school holidays are known from `today`: the school years stored without a gap
 * from the current one, up to the end of the last (31 July, or the end of its zomervakantie when
 * that is later). `until` null: not even the current school year is known. `missing`: the first
 * school year to add.
 */
export function coverage(years: readonly SchoolYearHolidays[], today: string): { until: string | null; missing: string } {
  const known = new Map(years.map((y) => [y.schoolYear, y]));
  let year = schoolYearOf(today);
  let until: string | null = null;
  for (let i = 0; i < 100 && known.has(year); i++, year = nextSchoolYear(year)) {
    until = known.get(year)!.holidays.reduce((m, h) => (h.to > m ? h.to : m), schoolYearBounds(year).to);
  }
  return { until, missing: year };
}

export function coveredUntil(years: readonly SchoolYearHolidays[], today: string): string | null {
  return coverage(years, today).until;
}

/** How long ahead the administrator wants the school holidays known. */
export const COVERAGE_MONTHS = 12;

export type CoverageWarning = { code: 'school-holidays.coverage'; region: string; coveredUntil: string | null; message: string };

/** A warning when a region's school holidays do not cover the next twelve months. */
export function coverageWarning(region: string, years: readonly SchoolYearHolidays[], today: string): CoverageWarning | null {
  const { until, missing } = coverage(years, today);
  if (until && until >= addMonths(today, COVERAGE_MONTHS)) return null;
  const message = until
    ? `The school holidays of region '${region}' are known until ${until}, less than ${COVERAGE_MONTHS} months ahead: add school year ${missing} (PUT /api/school-holidays/${region}/${missing}). Deadlines after ${until} are provisional.`
    : `Region '${region}' has no school holidays for the current school year ${missing}: add them (PUT /api/school-holidays/${region}/${missing}). Its deadlines are provisional.`;
  return { code: 'school-holidays.coverage', region, coveredUntil: until, message };
}

/**
 * A region's school holidays as a case receives them (activity or signal): reference data with a
 * revision, so a case keeps the newest it has seen whatever order they arrive in.
 */
export type SchoolCalendar = {
  region: string;
  revision: number;
  /** The last day the region's school holidays are known for (see coveredUntil); null: none known. */
  coveredUntil: string | null;
  holidays: Holiday[];
};

/** The calendar with only the holidays that still matter from `since` on (what a case keeps in its state). */
export function calendarSince(calendar: SchoolCalendar, since: string): SchoolCalendar {
  return { ...calendar, holidays: calendar.holidays.filter((h) => h.to >= since) };
}
