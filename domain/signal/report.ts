import { z } from 'zod';
import { lazySchema } from '../lazy-schema';
import { IsoDate } from '../dates';
import { GemeenteCode, MelderSchema, OverigReason, SchoolRefSchema, VerzuimKind, YouthSchema, type MeldingInput } from '../melding';
import type { RegionPolicy } from '../policy';
import { fromViolations, type RuleResult, type RuleViolation } from '../rule-violation';
import { SignalConcern, type EarlySignalSummary, type SignalReporterRole } from './actions';

/**
 * An early signal as a school or partner submits it (vroegsignalering): with the youth's personal
 * data, which stays in the EarlySignal row and the youth register, never in the workflow.
 */
export const EarlySignalReport = lazySchema(() => z
  .object({
    /** The reporter's own id for the signal: repeating a submission with it is harmless. */
    signalId: z.string().regex(/^[A-Za-z0-9_-]{1,57}$/, 'must be 1 to 57 letters, digits, - or _'),
    concern: SignalConcern,
    /** What worries the reporter, in their words. */
    description: z.string().trim().min(1).max(4000),
    reportDate: IsoDate,
    /** Since when the worry is seen. */
    since: IsoDate.optional(),
    hoursAbsent: z.number().min(0).max(2000).optional(),
    timesLate: z.number().int().min(0).max(1000).optional(),
    sickDays: z.number().int().min(0).max(400).optional(),
    youth: YouthSchema,
    gemeente: GemeenteCode,
    school: SchoolRefSchema.optional(),
    reporter: z
      .object({
        organisation: z.string().trim().min(1).max(200),
        name: z.string().trim().min(1).max(100),
        function: z.string().trim().min(1).max(100),
        phone: z.string().trim().min(1).max(30).optional(),
        email: z.email().optional(),
      })
      .strict(),
    parentsInformed: z.boolean().default(false),
  })
  .strict()
  .superRefine((r, ctx) => {
    const issue = (path: (string | number)[], code: string, message: string) => ctx.addIssue({ code: 'custom', path, message, params: { code } });
    if (!r.youth.bsn === !r.youth.onderwijsnummer) issue(['youth', 'bsn'], 'signal.youth-identifier', 'Give exactly one of bsn or onderwijsnummer.');
    if (r.since && IsoDate.safeParse(r.since).success && IsoDate.safeParse(r.reportDate).success && r.since > r.reportDate)
      issue(['since'], 'signal.since-after-report', 'The worry cannot start after the reportDate.');
    if (r.concern === 'verzuim-onder-16-uur' && r.hoursAbsent === undefined) issue(['hoursAbsent'], 'signal.hours', 'Give the hours absent for verzuim under 16 hours.');
    if (r.concern === 'te-laat-onder-drempel' && r.timesLate === undefined) issue(['timesLate'], 'signal.times-late', 'Give how many times the youth was late.');
  }));
export type EarlySignalReport = z.infer<typeof EarlySignalReport>;
export type EarlySignalReportInput = z.input<typeof EarlySignalReport>;

/**
 * An early signal is what stays below a formal melding: 16 hours in 4 weeks is a melding (art. 21
 * Leerplichtwet), as is late coming from the region's threshold (3-6-9 in ZHZ). Above those the
 * school must report a verzuimmelding instead.
 */
export function signalAdmissible(r: Pick<EarlySignalReport, 'concern' | 'hoursAbsent' | 'timesLate'>, policy: Pick<RegionPolicy, 'lateComingReportThreshold'>): RuleResult {
  const v: RuleViolation[] = [];
  if (r.concern === 'verzuim-onder-16-uur' && (r.hoursAbsent ?? 0) >= 16)
    v.push({ code: 'signal.is-melding', message: `${r.hoursAbsent} hours of ongeoorloofd verzuim is a verzuimmelding (16 hours or more), not an early signal: POST /api/meldingen.` });
  if (r.concern === 'te-laat-onder-drempel' && (r.timesLate ?? 0) >= policy.lateComingReportThreshold)
    v.push({ code: 'signal.is-melding', message: `Late coming is a verzuimmelding from the ${policy.lateComingReportThreshold}th time (here ${r.timesLate}), not an early signal: POST /api/meldingen.` });
  return fromViolations(v);
}

/** What the workflow gets: no names, no BSN, no free text. */
export function signalSummaryOf(r: EarlySignalReport, reporterRole: SignalReporterRole): EarlySignalSummary {
  return { signalId: r.signalId, concern: r.concern, gemeente: r.gemeente, schoolBrin: r.school?.brin, reportedAt: r.reportDate, reporterRole };
}

/** The consultant's escalation into a MAS case: why, and what the formal melding needs that the signal may lack. */
export const EscalateRequest = lazySchema(() => z
  .object({
    reason: z.string().trim().min(1).max(4000),
    kind: VerzuimKind.default('overig'),
    overigReason: OverigReason.optional(),
    startDate: IsoDate.optional(),
    hoursAbsent: z.number().min(0).max(2000).optional(),
    school: SchoolRefSchema.optional(),
    /** The school's contact for the information request; the reporter when it is the school's own. */
    melder: MelderSchema.optional(),
  })
  .strict());
export type EscalateRequest = z.infer<typeof EscalateRequest>;

const OVERIG_REASON: Record<z.infer<typeof SignalConcern>, z.infer<typeof OverigReason>> = {
  'verzuim-onder-16-uur': 'zorgen',
  'te-laat-onder-drempel': 'zorgen', // the consultant's judgement, not the school's count, carries it over the threshold
  'zorgwekkend-ziekteverzuim': 'ziekte',
  anders: 'zorgen',
};

/**
 * The formal melding an escalated signal becomes (to be parsed with MeldingSchema, whose errors
 * then name what is missing). Its id is the signal's, so escalating twice registers one melding.
 */
export function escalationMelding(signalRowId: string, r: EarlySignalReport, reporterRole: string, e: EscalateRequest, today: string): MeldingInput {
  const melderFromReporter =
    reporterRole === 'school' && r.reporter.email ? { name: r.reporter.name, function: r.reporter.function, phone: r.reporter.phone, email: r.reporter.email } : undefined;
  return {
    meldingId: signalRowId,
    kind: e.kind,
    overigReason: e.kind === 'overig' ? (e.overigReason ?? OVERIG_REASON[r.concern]) : e.overigReason,
    reportDate: today,
    startDate: e.startDate ?? r.since ?? r.reportDate,
    hoursAbsent: e.hoursAbsent ?? r.hoursAbsent,
    timesLate: r.timesLate,
    presumedReason: r.description,
    schoolActions: `Vroegsignalering ${signalRowId}: ${e.reason}`.slice(0, 4000),
    schoolWantsAction: true,
    youth: r.youth,
    gemeente: r.gemeente,
    school: e.school ?? r.school,
    melder: e.melder ?? melderFromReporter,
  };
}
