import { HolidaySchema } from '../domain/calendar';
import {
  calendarSince,
  conflictsWithNeighbours,
  coverage,
  coverageWarning,
  type CoverageWarning,
  type FieldIssue,
  type SchoolCalendar,
  type SchoolYearHolidays,
} from '../domain/calendar-school-holidays';
import { dutchDateOf } from '../domain/audit/period';
import { addDays } from '../domain/dates';
import type { Db } from './client';
import { Prisma } from './client';

/** Today in the Netherlands: what 'the next twelve months' and 'still ahead' count from. */
export const dutchToday = (now = new Date()) => dutchDateOf(now.toISOString());

function holidaysOf(json: unknown) {
  return HolidaySchema.array().parse(json);
}

export async function schoolYearsOf(prisma: Db, region: string): Promise<(SchoolYearHolidays & { source: string | null; updatedBy: string; updatedAt: Date })[]> {
  const rows = await prisma.schoolHolidayYear.findMany({ where: { region }, orderBy: { schoolYear: 'asc' } });
  return rows.map((r) => ({ schoolYear: r.schoolYear, holidays: holidaysOf(r.holidays), source: r.source, updatedBy: r.updatedBy, updatedAt: r.updatedAt }));
}

/**
 * A region's school calendar as cases receive it: its revision, how far it is known and its
 * holidays from a year back on (older ones count for no pending deadline).
 */
export async function loadSchoolCalendar(prisma: Db, region: string, now = new Date()): Promise<SchoolCalendar> {
  const [row, years] = await Promise.all([prisma.schoolHolidayRegion.findUnique({ where: { region } }), schoolYearsOf(prisma, region)]);
  const today = dutchToday(now);
  const calendar: SchoolCalendar = {
    region,
    revision: row?.revision ?? 0,
    coveredUntil: coverage(years, today).until,
    holidays: years.flatMap((y) => y.holidays).sort((a, b) => (a.from < b.from ? -1 : 1)),
  };
  return calendarSince(calendar, addDays(today, -366));
}

/** The coverage warnings of the regions in use: twelve months of school holidays known, or a warning. */
export async function coverageWarnings(prisma: Db, regions: readonly string[], now = new Date()): Promise<CoverageWarning[]> {
  const today = dutchToday(now);
  const warnings: CoverageWarning[] = [];
  for (const region of [...new Set(regions)].sort()) {
    const warning = coverageWarning(region, await schoolYearsOf(prisma, region), today);
    if (warning) warnings.push(warning);
  }
  return warnings;
}

/** The holiday regions that count somewhere: the default policy's and each stored policy's. */
export async function regionsInUse(prisma: Db, defaultRegion: string): Promise<string[]> {
  const rows = await prisma.regionPolicy.findMany({ select: { policy: true } });
  const named = rows.map((r) => (r.policy as { schoolHolidayRegion?: string }).schoolHolidayRegion ?? 'midden');
  return [...new Set([defaultRegion, ...named])].sort();
}

export class SchoolHolidayConflict extends Error {
  constructor(readonly issues: FieldIssue[]) {
    super('the school holidays overlap those of a neighbouring school year');
  }
}

/**
 * Replaces one school year's holidays of a region and raises the region's revision, in one
 * transaction (serializable: two administrators saving neighbouring years cannot both pass the
 * overlap check). Throws SchoolHolidayConflict when a neighbouring stored year overlaps.
 */
export async function saveSchoolYear(
  prisma: Db,
  args: { region: string; schoolYear: string; holidays: SchoolYearHolidays['holidays']; source?: string; updatedBy: string },
): Promise<{ revision: number }> {
  return prisma.$transaction(
    async (tx) => {
      const others = (await tx.schoolHolidayYear.findMany({ where: { region: args.region, schoolYear: { not: args.schoolYear } } })).map((r) => ({
        schoolYear: r.schoolYear,
        holidays: holidaysOf(r.holidays),
      }));
      const issues = conflictsWithNeighbours(args.schoolYear, args.holidays, others);
      if (issues.length) throw new SchoolHolidayConflict(issues);
      const data = { holidays: args.holidays as unknown as Prisma.InputJsonValue, source: args.source ?? null, updatedBy: args.updatedBy };
      await tx.schoolHolidayYear.upsert({
        where: { region_schoolYear: { region: args.region, schoolYear: args.schoolYear } },
        create: { region: args.region, schoolYear: args.schoolYear, ...data },
        update: data,
      });
      const region = await tx.schoolHolidayRegion.upsert({
        where: { region: args.region },
        create: { region: args.region, revision: 1 },
        update: { revision: { increment: 1 } },
      });
      return { revision: region.revision };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.Serializable },
  );
}

/** Removes one school year of a region (a mistaken entry); null when it was not there. */
export async function deleteSchoolYear(prisma: Db, region: string, schoolYear: string): Promise<{ revision: number } | null> {
  return prisma.$transaction(async (tx) => {
    const gone = await tx.schoolHolidayYear.deleteMany({ where: { region, schoolYear } });
    if (!gone.count) return null;
    const r = await tx.schoolHolidayRegion.update({ where: { region }, data: { revision: { increment: 1 } } });
    return { revision: r.revision };
  });
}
