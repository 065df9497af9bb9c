import type { SchoolYearHolidays } from './calendar-school-holidays';

/**
 * The school holidays of regio Midden (all of Zuid-Holland, so all of LVS Zuid-Holland Zuid) as
 * rijksoverheid.nl advises them, Saturday to Sunday, up to the zomervakantie of 2027: the list the
 * first release carried, and what the first migration puts in the SchoolHolidays table. Later
 * school years are not advised definitively yet; the administrator adds them (PUT
 * /api/school-holidays/midden/2027-2028) and is warned until then. Regio noord and zuid start empty.
 */
export const MIDDEN_SCHOOL_HOLIDAYS_SEED: readonly SchoolYearHolidays[] = [
  { schoolYear: '2024-2025', holidays: [{ name: 'Zomervakantie 2025', from: '2025-07-19', to: '2025-08-31' }] },
  {
    schoolYear: '2025-2026',
    holidays: [
      { name: 'Herfstvakantie 2025', from: '2025-10-18', to: '2025-10-26' },
      { name: 'Kerstvakantie 2025', from: '2025-12-20', to: '2026-01-04' },
      { name: 'Voorjaarsvakantie 2026', from: '2026-02-14', to: '2026-02-22' },
      { name: 'Meivakantie 2026', from: '2026-04-25', to: '2026-05-03' },
      { name: 'Zomervakantie 2026', from: '2026-07-18', to: '2026-08-30' },
    ],
  },
  {
    schoolYear: '2026-2027',
    holidays: [
      { name: 'Herfstvakantie 2026', from: '2026-10-17', to: '2026-10-25' },
      { name: 'Kerstvakantie 2026', from: '2026-12-19', to: '2027-01-03' },
      { name: 'Voorjaarsvakantie 2027', from: '2027-02-20', to: '2027-02-28' },
      { name: 'Meivakantie 2027', from: '2027-04-24', to: '2027-05-02' },
      { name: 'Zomervakantie 2027', from: '2027-07-17', to: '2027-08-29' },
    ],
  },
];
