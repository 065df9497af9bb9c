import { z } from 'zod';
import { addDays, toIsoDate } from './dates';
import { addWorkingDays, HolidaySchema } from './calendar';
import { SchoolHolidayRegionId } from './calendar-school-holidays';
import { VerzuimKind } from './melding';

/** A deadline in working days: at least 1, at most a school year. */
const workingDays = z.number().int().min(1).max(200);
/** A reminder or escalation offset in working days; 0 means on the deadline day itself. */
const offsetDays = z.number().int().min(0).max(60);
const weeksField = z.number().int().min(1).max(104);

/** The policy's fields without the cross-field checks: for .partial() or .pick(), which refuse refined schemas. */
export const RegionPolicyFields = z
  .object({
    regionId: z.string().regex(/^[a-z0-9-]{2,40}$/, 'must be 2 to 40 lower-case letters, digits or -'),
    name: z.string().trim().min(1).max(100),
    /** The school's term to send its verzuim information. */
    schoolInfoDeadlineWorkingDays: workingDays.default(5),
    schoolInfoReminderBeforeDeadlineWorkingDays: offsetDays.default(2),
    /** After the deadline passes unanswered, the consultant hears of it this much later. */
    schoolInfoEscalationAfterDeadlineWorkingDays: offsetDays.default(2),
    /** The second reminder goes the morning this many working days after the deadline (0: on the deadline itself). */
    schoolInfoSecondReminderAfterDeadlineWorkingDays: offsetDays.default(1),
    /** The consultant holds and records the hoorgesprek within this term. */
    hoorgesprekPlanningWorkingDays: workingDays.default(10),
    /** Judgement (geoorloofd / ongeoorloofd) after the hoorgesprek. */
    judgementWorkingDays: workingDays.default(5),
    /** Choosing the routes after the judgement 'ongeoorloofd'. */
    routeChoiceWorkingDays: workingDays.default(5),
    consultantReminderBeforeDeadlineWorkingDays: offsetDays.default(1),
    teamLeadEscalationAfterDeadlineWorkingDays: offsetDays.default(2),
    /** Quiet monitoring after a waarschuwing or after the routes end, before the case closes. */
    monitoringPeriodWeeks: weeksField.default(12),
    /** When the consultant checks on a route that is running. */
    routeFollowUpWeeks: z
      .object({ hulpverlening: weeksField, halt: weeksField, civiel: weeksField, strafrechtelijk: weeksField })
      .strict()
      .default({ hulpverlening: 6, halt: 8, civiel: 8, strafrechtelijk: 12 }),
    /** Absoluut verzuim: the term to enrol before the proces-verbaal. */
    absoluutVerzuimEnrolTermWeeks: weeksField.default(4),
    /** The 3-6-9 regeling: the school reports at the 9th time late. */
    lateComingReportThreshold: z.number().int().min(1).max(100).default(9),
    /** Vroegsignalering: the consultant answers an early signal (advice or consultation) within this term. */
    earlySignalResponseWorkingDays: workingDays.default(5),
    /** Vroegsignalering: the follow-up check comes this long after the advice or consultation. */
    earlySignalFollowUpWeeks: weeksField.default(4),
    /** Thuiszitter: 4 weeks or more not at school (the national definition, kept configurable). */
    thuiszitterWeeks: weeksField.default(4),
    /** A thuiszitter case is reviewed with the partners at least this often. */
    thuiszitterReviewWeeks: weeksField.default(6),
    /** A huisbezoek that did not find the youth (address wrong, not traceable) is followed up within this term. */
    huisbezoekFollowUpWorkingDays: workingDays.default(5),
    /**
     * The region's own days off. Public holidays (Algemene termijnenwet) count by rule and school
     * holidays come from the school holiday region below: neither belongs here.
     */
    holidays: z.array(HolidaySchema).max(500).default([]),
    /** Whose school holidays count (regio noord, midden or zuid, or a region with its own dates). */
    schoolHolidayRegion: SchoolHolidayRegionId.default('midden'),
    /** The kinds of melding this region handles. */
    verzuimKinds: z.array(VerzuimKind).min(1).default([...VerzuimKind.options]),
    /**
     * Advised rules (severity 'advise', domain/actions) this region makes refuse, by their code,
     * e.g. 'luxe.first-warning'. A region can make a rule stricter, never a rule of the law weaker.
     */
    stricterRules: z.array(z.string().regex(/^[a-z0-9.-]{2,60}$/)).max(50).default([]),
  })
  .strict();

/** Settings that are each valid but useless together. */
function checkConsistency(p: z.output<typeof RegionPolicyFields>, ctx: z.RefinementCtx): void {
  const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message, params: { code: 'policy.inconsistent' } });
  // A reminder due on or before the day of the request itself would be useless.
  if (p.schoolInfoReminderBeforeDeadlineWorkingDays >= p.schoolInfoDeadlineWorkingDays)
    issue(['schoolInfoReminderBeforeDeadlineWorkingDays'], 'The reminder must come after the request: make it smaller than schoolInfoDeadlineWorkingDays.');
  if (p.schoolInfoSecondReminderAfterDeadlineWorkingDays > p.schoolInfoEscalationAfterDeadlineWorkingDays)
    issue(['schoolInfoSecondReminderAfterDeadlineWorkingDays'], 'The second reminder must come before the consultant is told: make it at most schoolInfoEscalationAfterDeadlineWorkingDays.');
  const shortest = Math.min(p.hoorgesprekPlanningWorkingDays, p.judgementWorkingDays, p.routeChoiceWorkingDays);
  if (p.consultantReminderBeforeDeadlineWorkingDays >= shortest)
    issue(['consultantReminderBeforeDeadlineWorkingDays'], `The reminder must be smaller than the shortest consultant deadline (${shortest} working days).`);
  if (new Set(p.verzuimKinds).size !== p.verzuimKinds.length) issue(['verzuimKinds'], 'A verzuim kind is listed twice.');
}

/**
 * A region's policy: every deadline, reminder and period the MAS leaves to the region (none of
 * these are law), with the values of LVS Zuid-Holland Zuid as defaults. A running case keeps
 * the policy it started with, so a change never moves the deadlines of open cases; the calendar
 * (public holidays by rule, school holidays as reference data) is not policy and stays current.
 */
export const RegionPolicySchema = RegionPolicyFields.superRefine(checkConsistency, {
  // Compare only settings that are valid by themselves: one message per mistake.
  when: (payload) => payload.issues.length === 0,
});
export type RegionPolicy = z.infer<typeof RegionPolicySchema>;
export type RegionPolicyInput = z.input<typeof RegionPolicySchema>;

/** LVS Zuid-Holland Zuid: the first customer's policy, and the defaults of every other region. */
export const ZHZ_POLICY: RegionPolicy = RegionPolicySchema.parse({
  regionId: 'zhz',
  name: 'LVS Zuid-Holland Zuid',
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

/** Calendar days in n weeks. */
export const weeks = (n: number) => n * 7;

/** The date n weeks after `from` (a date or an instant, whose UTC date counts). */
export function weeksAfter(from: Date | string, n: number): string {
  return addDays(typeof from === 'string' ? from : toIsoDate(from), weeks(n));
}

/** The date `workingDays` working days after `from`, under the public holidays and the region's own days off. */
export function workingDeadline(from: string, workingDays: number, policy: Pick<RegionPolicy, 'holidays'>): string {
  return addWorkingDays(from, workingDays, policy.holidays);
}
