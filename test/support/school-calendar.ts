import type { SchoolCalendar } from '../../domain/calendar-school-holidays';
import { MIDDEN_SCHOOL_HOLIDAYS_SEED } from '../../domain/calendar-school-holidays-seed';

/** Regio midden's seeded school holidays as a case receives them (pure tests of domain/). */
export function middenCalendar(overrides: Partial<SchoolCalendar> = {}): SchoolCalendar {
  return {
    region: 'midden',
    revision: 1,
    coveredUntil: '2027-08-29',
    holidays: MIDDEN_SCHOOL_HOLIDAYS_SEED.flatMap((y) => y.holidays),
    ...overrides,
  };
}
