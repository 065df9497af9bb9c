import { calendarSince, type SchoolCalendar } from '../domain/calendar-school-holidays';
import type { RegionPolicy } from '../domain/policy';
import type { Db } from './client';
import type { ReferenceChanges } from './reference-changes';
import { policyForGemeente } from './region-policy';
import { dutchToday, loadSchoolCalendar } from './school-holidays';

export type Assignment = { consultantId: string | null; teamLeadId: string | null };
export type PolicyAndCalendar = { policy: RegionPolicy; calendar: SchoolCalendar };

/**
 * The reference data a new case or early signal reads (and a notification, for a case nobody is
 * assigned to yet): set by administrators, read far more often than it changes.
 */
export type ReferenceData = {
  /** The region's policy and the school calendar of its holiday region from today on. */
  policyAndCalendar(gemeente: string): Promise<PolicyAndCalendar>;
  /** Who handles a case of this gemeente and school: the school's rule before the gemeente's. */
  assignment(gemeente: string, schoolBrin?: string): Promise<Assignment>;
};

export async function assignmentFor(prisma: Db, gemeente: string, schoolBrin?: string): Promise<Assignment> {
  const bySchool = schoolBrin ? await prisma.assignmentRule.findFirst({ where: { schoolBrin } }) : null;
  const rule = bySchool ?? (await prisma.assignmentRule.findFirst({ where: { gemeente, schoolBrin: null } }));
  return { consultantId: rule?.consultantId ?? null, teamLeadId: rule?.teamLeadId ?? null };
}

export async function policyAndCalendar(prisma: Db, gemeente: string): Promise<PolicyAndCalendar> {
  const policy = await policyForGemeente(prisma, gemeente);
  const calendar = calendarSince(await loadSchoolCalendar(prisma, policy.schoolHolidayRegion), dutchToday());
  return { policy, calendar };
}

/** Straight from PostgreSQL, every time. */
export function readReferenceData(prisma: Db): ReferenceData {
  return {
    policyAndCalendar: (gemeente) => policyAndCalendar(prisma, gemeente),
    assignment: (gemeente, schoolBrin) => assignmentFor(prisma, gemeente, schoolBrin),
  };
}

export type CacheOptions = {
  /** Beyond this many entries the cache starts again (a region has tens of gemeenten, a few hundred schools). */
  maxEntries?: number;
  /** An entry is read again after this long whatever was heard: a bound on any change missed. */
  maxAgeMs?: number;
  now?: () => number;
  today?: () => string;
};

type Entry = { generation: number; readAt: number; value: Promise<unknown> };

/**
 * The reference data kept in the process while `changes` hears every change (a trigger on each of
 * its tables notifies when the writing transaction commits, whoever wrote it). A change empties the
 * cache when PostgreSQL delivers its notification, within milliseconds of the commit; while the
 * listening connection is down every read goes to PostgreSQL. A read that was under way when a
 * change was heard is not kept, so it cannot outlive the change. Each caller gets a copy.
 */
export function cachedReferenceData(read: ReferenceData, changes: ReferenceChanges, options: CacheOptions = {}): ReferenceData & { readonly size: number } {
  const { maxEntries = 10_000, maxAgeMs = 5 * 60_000, now = Date.now, today = () => dutchToday() } = options;
  const entries = new Map<string, Entry>();

  function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!changes.listening) return load();
    const generation = changes.generation;
    const hit = entries.get(key);
    if (hit && hit.generation === generation && now() - hit.readAt < maxAgeMs) return hit.value.then((v) => structuredClone(v as T));
    if (entries.size >= maxEntries) entries.clear();
    const entry: Entry = { generation, readAt: now(), value: load() };
    entries.set(key, entry);
    entry.value.then(
      () => {
        // Heard a change (or lost the connection) while reading: what was read may be older.
        if (changes.generation !== generation && entries.get(key) === entry) entries.delete(key);
      },
      () => {
        if (entries.get(key) === entry) entries.delete(key);
      },
    );
    return entry.value.then((v) => structuredClone(v as T));
  }

  return {
    // The calendar starts today, so today is part of the key.
    policyAndCalendar: (gemeente) => cached(`policy\u0000${gemeente}\u0000${today()}`, () => read.policyAndCalendar(gemeente)),
    assignment: (gemeente, schoolBrin) => cached(`assignment\u0000${gemeente}\u0000${schoolBrin ?? ''}`, () => read.assignment(gemeente, schoolBrin)),
    get size() {
      return entries.size;
    },
  };
}
