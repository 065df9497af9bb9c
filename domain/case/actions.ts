import { z } from 'zod';
import { lazySchema } from '../lazy-schema';
import { IsoDate, IsoInstant } from '../dates';
import { ClosureReason } from '../duo-status';
import { HaltOutcome, ProcesVerbaalAgainst, PvOutcome, RouteKind } from '../routes';
import { ActorSchema } from './actor';

/**
 * One schema per consultant action: the API validates request bodies with these, the workflow
 * validates update arguments with the same schema (plus the actor), and OpenAPI is built from them.
 */
const note = z.string().trim().max(4000).optional();
const isoInstant = IsoInstant;
/** The consultant's reasoning to go ahead against an advised rule (rule severity 'advise'). */
const adviceReasoning = z.string().trim().min(1).max(4000).optional();

export const DecideIntakeInput = lazySchema(() => z
  .object({
    decision: z.enum(['doorgaan', 'sluiten']),
    closureReason: ClosureReason.optional(),
    note,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.decision === 'sluiten' && !v.closureReason)
      ctx.addIssue({ code: 'custom', path: ['closureReason'], message: 'closureReason is required when the case is closed' });
  }));

export const ReassignInput = lazySchema(() => z
  .object({ consultantId: z.string().min(1).max(100), note })
  .strict());

export const PlanHoorgesprekInput = lazySchema(() => z
  .object({
    plannedFor: isoInstant,
    withYouth: z.boolean(),
    withParents: z.boolean().default(true),
    location: z.string().trim().min(1).max(200),
    note,
    adviceReasoning,
  })
  .strict());

/** Who asked to move a hoorgesprek. */
export const ReplanRequestedBy = lazySchema(() => z.enum(['ouders', 'jongere', 'consultant', 'school']));
/** A planned hoorgesprek moves: a new date and place, the reason, and a new invitation goes out. */
export const ReplanHoorgesprekInput = lazySchema(() => z
  .object({
    plannedFor: isoInstant,
    location: z.string().trim().min(1).max(200),
    /** Who is invited; by default the same as before. */
    withYouth: z.boolean().optional(),
    withParents: z.boolean().optional(),
    requestedBy: ReplanRequestedBy,
    reason: z.string().trim().min(1).max(4000),
    adviceReasoning,
  })
  .strict());

/** Parents or youth call off the hoorgesprek before its date: a cancellation (a new date follows) or a refusal. */
export const CancelHoorgesprekInput = lazySchema(() => z
  .object({
    by: z.enum(['ouders', 'jongere']),
    kind: z.enum(['afgezegd', 'geweigerd']),
    /** When the consultant heard it (a call, a letter): before the planned date. */
    receivedAt: isoInstant,
    reason: z.string().trim().min(1).max(4000),
  })
  .strict());

export const HoorgesprekOutcome = lazySchema(() => z.enum(['gehouden', 'niet-verschenen', 'geweigerd']));
/** What became of an invitation: its outcome, or moved or cancelled before the date. */
export const InvitationStatus = lazySchema(() => z.enum([...HoorgesprekOutcome.options, 'verplaatst', 'afgezegd']));
export const RecordHoorgesprekInput = lazySchema(() => z
  .object({
    outcome: HoorgesprekOutcome,
    youthHeard: z.boolean().default(false),
    summary: z.string().trim().min(1).max(8000),
  })
  .strict());

export const Verdict = lazySchema(() => z.enum(['ongeoorloofd', 'geoorloofd', 'geen-verzuim']));
export const RecordJudgementInput = lazySchema(() => z
  .object({
    verdict: Verdict,
    reasoning: z.string().trim().min(1).max(8000),
    helpInvolved: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
    helpNeeded: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
    closureReason: ClosureReason.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.verdict !== 'ongeoorloofd' && !v.closureReason)
      ctx.addIssue({ code: 'custom', path: ['closureReason'], message: 'closureReason is required when there is no ongeoorloofd verzuim' });
  }));

export const ChooseRoutesInput = lazySchema(() => z
  .object({
    routes: z.array(RouteKind).min(1).max(5),
    halt: z
      .object({
        youthConsent: z.boolean(),
        parentConsent: z.boolean().optional(),
        untreatedSeriousPsychiatricProblems: z.boolean().default(false),
      })
      .strict()
      .optional(),
    procesVerbaal: z
      .object({
        against: z.array(ProcesVerbaalAgainst).min(1).max(2),
        /** Known to the consultant from the OM: then a copy goes to the Raad voor de Kinderbescherming. */
        parentsConvictedBefore: z.boolean().default(false),
      })
      .strict()
      .optional(),
    hulpverlening: z.object({ partner: z.string().trim().min(1).max(200) }).strict().optional(),
    civiel: z.object({ channel: z.enum(['jeugdbeschermingstafel', 'raad-voor-de-kinderbescherming', 'veilig-thuis']) }).strict().optional(),
    note,
    adviceReasoning,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.routes.includes('halt') && !v.halt)
      ctx.addIssue({ code: 'custom', path: ['halt'], message: 'halt details (consent) are required for the Halt route' });
    if (v.routes.includes('strafrechtelijk') && !v.procesVerbaal)
      ctx.addIssue({ code: 'custom', path: ['procesVerbaal'], message: 'procesVerbaal.against is required for the strafrechtelijk route' });
    if (v.routes.includes('hulpverlening') && !v.hulpverlening)
      ctx.addIssue({ code: 'custom', path: ['hulpverlening'], message: 'hulpverlening.partner is required for the hulpverlening route' });
    if (v.routes.includes('civiel') && !v.civiel)
      ctx.addIssue({ code: 'custom', path: ['civiel'], message: 'civiel.channel is required for the civiel route' });
  }));

export const RecordRouteStepInput = lazySchema(() => z
  .object({ route: RouteKind, step: z.string().trim().min(1).max(200), note })
  .strict());

/** The outcomes each route can end with. */
export const ROUTE_OUTCOMES = {
  waarschuwing: ['uitgereikt'],
  hulpverlening: ['afgerond', 'afgewezen', 'niet-gestart'],
  halt: HaltOutcome.options,
  civiel: ['maatregel', 'geen-maatregel', 'vrijwillig-kader'],
  strafrechtelijk: PvOutcome.options,
} as const satisfies Record<z.infer<typeof RouteKind>, readonly string[]>;

export const RecordRouteOutcomeInput = lazySchema(() => z
  .object({
    route: RouteKind,
    outcome: z.string().min(1).max(50),
    note,
  })
  .strict()
  .superRefine((v, ctx) => {
    const allowed: readonly string[] = ROUTE_OUTCOMES[v.route];
    if (!allowed.includes(v.outcome))
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: `outcome for ${v.route} must be one of: ${allowed.join(', ')}` });
  }));

export const CloseCaseInput = lazySchema(() => z.object({ reason: ClosureReason, note }).strict());

export const HuisbezoekOutcome = lazySchema(() => z.enum(['contact-gemaakt', 'niemand-thuis', 'adres-onjuist', 'jongere-niet-traceerbaar']));
/** A home visit (huisbezoek) by the consultant: when it was planned and made, and what it found. */
export const RecordHuisbezoekInput = lazySchema(() => z
  .object({
    plannedFor: isoInstant.optional(),
    visitedAt: isoInstant,
    outcome: HuisbezoekOutcome,
    note,
  })
  .strict());

/** The follow-up of a huisbezoek that did not find the youth: the address check and who was told. */
export const AddressCheckResult = lazySchema(() => z.enum(['adres-bevestigd', 'nieuw-adres-in-regio', 'verhuisd-buiten-regio', 'onbekend-waar']));
export const HuisbezoekPartner = lazySchema(() => z.enum(['school', 'samenwerkingsverband', 'jeugdhulp', 'jgz', 'wijkteam', 'politie', 'veilig-thuis', 'brp']));
export const CompleteHuisbezoekFollowUpInput = lazySchema(() => z
  .object({
    addressCheck: AddressCheckResult,
    partnersInformed: z.array(HuisbezoekPartner).max(8).default([]),
    note,
  })
  .strict());

/** The grounds a consultant gives: the derived ones, or illness where a plan says the youth could partly attend. */
export const ThuiszitterGrounds = lazySchema(() => z.enum(['langdurig-relatief', 'absoluut', 'vier-weken-afwezig', 'ziek-met-plan']));
export const MarkThuiszitterInput = lazySchema(() => z
  .object({
    /** The first day the youth was no longer at school. */
    since: IsoDate,
    grounds: ThuiszitterGrounds,
    note,
  })
  .strict());

/** The partners of a thuiszitter review (DOE-agenda: always with parents and youth). */
export const ReviewPartner = lazySchema(() => z.enum(['school', 'samenwerkingsverband', 'jeugdhulp', 'jgz', 'wijkteam', 'ouders', 'jongere', 'anders']));
export const PlanGoal = lazySchema(() => z
  .object({
    description: z.string().trim().min(1).max(500),
    dueOn: IsoDate,
  })
  .strict());
export const RecordThuiszitterReviewInput = lazySchema(() => z
  .object({
    heldOn: IsoDate,
    partners: z
      .array(z.object({ partner: ReviewPartner, outcome: z.string().trim().min(1).max(2000) }).strict())
      .min(1)
      .max(12),
    withParents: z.boolean(),
    withYouth: z.boolean(),
    /** What is still possible: the conclusion of the review. */
    conclusion: z.string().trim().min(1).max(4000),
    /** The plan's goals with dates; the workflow follows each up on its date. */
    goals: z.array(PlanGoal).max(10).default([]),
    note,
  })
  .strict());

export const GoalStatus = lazySchema(() => z.enum(['behaald', 'niet-behaald', 'bijgesteld']));
export const RecordGoalProgressInput = lazySchema(() => z
  .object({
    goalId: z.string().min(1).max(20),
    status: GoalStatus,
    /** The new date of a goal that was adjusted (bijgesteld). */
    newDueOn: IsoDate.optional(),
    note,
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.status === 'bijgesteld' && !v.newDueOn)
      ctx.addIssue({ code: 'custom', path: ['newDueOn'], message: 'newDueOn is required when the goal is adjusted (bijgesteld)' });
  }));

export const ThuiszitterEndReason = lazySchema(() => z.enum(['terug-naar-school', 'gedeeltelijk-onderwijs', 'ander-onderwijs', 'vrijstelling', 'verhuisd']));
export const EndThuiszitterInput = lazySchema(() => z.object({ endedOn: IsoDate, reason: ThuiszitterEndReason, note }).strict());

/** Facts from outside, delivered as signals. */
export const SchoolInformationInput = lazySchema(() => z
  .object({
    requestId: z.string().min(1).max(100).optional(),
    absencePerWeek: z
      .array(z.object({ weekStart: IsoDate, hoursAbsent: z.number().min(0).max(60) }).strict())
      .max(52)
      .default([]),
    lessonsMissed: z.number().int().min(0).max(5000).optional(),
    schoolActions: z.string().trim().max(4000).default(''),
    careSignals: z.string().trim().max(4000).default(''),
    contactPerson: z.string().trim().min(1).max(200),
  })
  .strict());

export const EnrolmentInput = lazySchema(() => z
  .object({ brin: z.string().regex(/^\d{2}[A-Z]{2}$/), enrolledOn: IsoDate })
  .strict());

/** The melding as the workflow sees it: no names, no BSN; the youth is referred to by register id. */
export const MeldingSummary = lazySchema(() => z.object({
  meldingId: z.string(),
  kind: z.string(),
  gemeente: z.string(),
  overigReason: z.string().optional(),
  reportDate: IsoDate,
  startDate: IsoDate,
  endDate: IsoDate.optional(),
  hoursAbsent: z.number().optional(),
  daysAbsent: z.number().optional(),
  timesLate: z.number().optional(),
  schoolBrin: z.string().optional(),
}));
export type MeldingSummary = z.infer<typeof MeldingSummary>;

/** The update/signal arguments carry the actor next to the action's own fields. */
export function withActor<T extends z.ZodType>(schema: T) {
  return z.object({ actor: ActorSchema, input: schema });
}

export type DecideIntakeInput = z.infer<typeof DecideIntakeInput>;
export type ReassignInput = z.infer<typeof ReassignInput>;
export type PlanHoorgesprekInput = z.infer<typeof PlanHoorgesprekInput>;
export type ReplanHoorgesprekInput = z.infer<typeof ReplanHoorgesprekInput>;
export type CancelHoorgesprekInput = z.infer<typeof CancelHoorgesprekInput>;
export type RecordHoorgesprekInput = z.infer<typeof RecordHoorgesprekInput>;
export type RecordJudgementInput = z.infer<typeof RecordJudgementInput>;
export type ChooseRoutesInput = z.infer<typeof ChooseRoutesInput>;
export type RecordRouteStepInput = z.infer<typeof RecordRouteStepInput>;
export type RecordRouteOutcomeInput = z.infer<typeof RecordRouteOutcomeInput>;
export type CloseCaseInput = z.infer<typeof CloseCaseInput>;
export type RecordHuisbezoekInput = z.infer<typeof RecordHuisbezoekInput>;
export type CompleteHuisbezoekFollowUpInput = z.infer<typeof CompleteHuisbezoekFollowUpInput>;
export type MarkThuiszitterInput = z.infer<typeof MarkThuiszitterInput>;
export type RecordThuiszitterReviewInput = z.infer<typeof RecordThuiszitterReviewInput>;
export type RecordGoalProgressInput = z.infer<typeof RecordGoalProgressInput>;
export type EndThuiszitterInput = z.infer<typeof EndThuiszitterInput>;
export type SchoolInformationInput = z.infer<typeof SchoolInformationInput>;
export type EnrolmentInput = z.infer<typeof EnrolmentInput>;
