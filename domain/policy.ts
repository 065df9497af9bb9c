import { z } from 'zod';
import { addDays, toIsoDate } from './dates';
import { addWorkingDays, HolidaySchema, type Holiday } from './calendar';
import { VerzuimKind } from './melding';

const days = z.number().int().min(0).max(365);
const weeksField = z.number().int().min(1).max(104);

/**
 * A region's policy: every deadline, reminder and period the MAS leaves to the region, with the
 * values of LVS Zuid-Holland Zuid as defaults. A running case keeps the policy it started with.
 */
export const RegionPolicySchema = z
  .object({
    regionId: z.string().regex(/^[a-z0-9-]{2,40}$/),
    name: z.string().min(1).max(100),
    schoolInfoDeadlineWorkingDays: days.default(5),
    schoolInfoReminderBeforeDeadlineWorkingDays: days.default(2),
    schoolInfoEscalationAfterDeadlineWorkingDays: days.default(2),
    hoorgesprekPlanningWorkingDays: days.default(10),
    judgementWorkingDays: days.default(5),
    routeChoiceWorkingDays: days.default(5),
    consultantReminderBeforeDeadlineWorkingDays: days.default(1),
    teamLeadEscalationAfterDeadlineWorkingDays: days.default(2),
    monitoringPeriodWeeks: weeksField.default(12),
    routeFollowUpWeeks: z
      .object({ hulpverlening: weeksField, halt: weeksField, civiel: weeksField, strafrechtelijk: weeksField })
      .strict()
      .default({ hulpverlening: 6, halt: 8, civiel: 8, strafrechtelijk: 12 }),
    absoluutVerzuimEnrolTermWeeks: weeksField.default(4),
    /** The 3-6-9 regeling: the school reports at the 9th time late. */
    lateComingReportThreshold: z.number().int().min(1).max(100).default(9),
    earlySignalFollowUpWeeks: weeksField.default(4),
    thuiszitterWeeks: weeksField.default(4),
    thuiszitterReviewWeeks: weeksField.default(6),
    holidays: z.array(HolidaySchema).max(200).default([]),
    verzuimKinds: z.array(VerzuimKind).min(1).default([...VerzuimKind.options]),
  })
  .strict();
export type RegionPolicy = z.infer<typeof RegionPolicySchema>;

// School holidays of region Zuid and the public holidays, 2025-2027 (rijksoverheid.nl, as known
// when written). Regions edit their own list through the policy; this is only the default.
const ZHZ_HOLIDAYS: Holiday[] = [
  { name: 'Herfstvakantie 2025', from: '2025-10-18', to: '2025-10-26' },
  { name: 'Kerstvakantie 2025', from: '2025-12-20', to: '2026-01-04' },
  { name: 'Voorjaarsvakantie 2026', from: '2026-02-14', to: '2026-02-22' },
  { name: 'Tweede Paasdag 2026', from: '2026-04-06', to: '2026-04-06' },
  { name: 'Meivakantie 2026', from: '2026-04-25', to: '2026-05-05' },
  { name: 'Hemelvaart 2026', from: '2026-05-14', to: '2026-05-15' },
  { name: 'Tweede Pinksterdag 2026', from: '2026-05-25', to: '2026-05-25' },
  { name: 'Zomervakantie 2026', from: '2026-07-18', to: '2026-08-30' },
  { name: 'Herfstvakantie 2026', from: '2026-10-17', to: '2026-10-25' },
  { name: 'Kerstvakantie 2026', from: '2026-12-19', to: '2027-01-03' },
  { name: 'Voorjaarsvakantie 2027', from: '2027-02-13', to: '2027-02-21' },
  { name: 'Tweede Paasdag 2027', from: '2027-03-29', to: '2027-03-29' },
  { name: 'Koningsdag 2027', from: '2027-04-27', to: '2027-04-27' },
  { name: 'Meivakantie 2027', from: '2027-05-01', to: '2027-05-09' },
  { name: 'Tweede Pinksterdag 2027', from: '2027-05-17', to: '2027-05-17' },
  { name: 'Zomervakantie 2027', from: '2027-07-10', to: '2027-08-22' },
  { name: 'Kerstvakantie 2027', from: '2027-12-25', to: '2028-01-09' },
];

export const ZHZ_POLICY: RegionPolicy = RegionPolicySchema.parse({
  regionId: 'zhz',
  name: 'LVS Zuid-Holland Zuid',
  holidays: ZHZ_HOLIDAYS,
});

/** The ten gemeenten of LVS Zuid-Holland Zuid, with their CBS codes. */
export const ZHZ_GEMEENTEN: { code: string; name: string }[] = [
  { code: 'GM0482', name: 'Alblasserdam' },
  { code: 'GM0505', name: 'Dordrecht' },
  { code: 'GM0512', name: 'Gorinchem' },
  { code: 'GM0523', name: 'Hardinxveld-Giessendam' },
  { code: 'GM0531', name: 'Hendrik-Ido-Ambacht' },
  { code: 'GM1963', name: 'Hoeksche Waard' },
  { code: 'GM1978', name: 'Molenlanden' },
  { code: 'GM0590', name: 'Papendrecht' },
  { code: 'GM0610', name: 'Sliedrecht' },
  { code: 'GM0642', name: 'Zwijndrecht' },
];

export const weeks = (n: number) => n * 7;

/** The date `workingDays` working days after `from`, under the region's holidays. */
export function workingDeadline(from: string, workingDays: number, policy: Pick<RegionPolicy, 'holidays'>): string {
  return addWorkingDays(from, workingDays, policy.holidays);
}

export function weeksAfter(from: Date, n: number): string {
  return addDays(toIsoDate(from), weeks(n));
}
