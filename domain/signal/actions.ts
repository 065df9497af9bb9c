import { z } from 'zod';
import { lazySchema } from '../lazy-schema';
import { IsoDate, IsoInstant } from '../dates';
import { Brin, GemeenteCode } from '../melding';

/**
 * Vroegsignalering: one schema per concept. The API validates request bodies with these, the
 * signal workflow validates its update arguments with the same schemas (plus the actor).
 */
const isoInstant = IsoInstant;
const text = z.string().trim().min(1).max(4000);
const note = z.string().trim().max(4000).optional();

/** What worries the reporter: below the thresholds of a formal verzuimmelding. */
export const SignalConcern = lazySchema(() => z.enum(['verzuim-onder-16-uur', 'te-laat-onder-drempel', 'zorgwekkend-ziekteverzuim', 'anders']));
export type SignalConcern = z.infer<typeof SignalConcern>;

export const SignalReporterRole = lazySchema(() => z.enum(['school', 'partner', 'consultant', 'teamlead']));
export type SignalReporterRole = z.infer<typeof SignalReporterRole>;

/**
 * The signal as the workflow sees it: no names, no BSN, no free text (that stays in the
 * EarlySignal row's payload). `signalId` is the reporter's id; the workflow id is `signal-<signalId>`.
 */
export const EarlySignalSummary = lazySchema(() => z
  .object({
    signalId: z.string().min(1).max(100),
    concern: SignalConcern,
    gemeente: GemeenteCode,
    schoolBrin: Brin.optional(),
    reportedAt: IsoDate,
    reporterRole: SignalReporterRole,
  })
  .strict());
export type EarlySignalSummary = z.infer<typeof EarlySignalSummary>;

export const ContactKind = lazySchema(() => z.enum(['advies-aan-school', 'overleg-met-school', 'contact-met-ouders', 'contact-met-jongere', 'overleg-met-partner']));
export type ContactKind = z.infer<typeof ContactKind>;

/** The consultant advised or consulted the school, or spoke with the parents, the youth or a partner. */
export const RecordContactInput = lazySchema(() => z
  .object({
    kind: ContactKind,
    at: isoInstant,
    summary: text,
    agreements: z.string().trim().max(4000).optional(),
  })
  .strict());
export type RecordContactInput = z.infer<typeof RecordContactInput>;

export const FollowUpResult = lazySchema(() => z.enum(['verbeterd', 'onveranderd', 'verslechterd']));
export type FollowUpResult = z.infer<typeof FollowUpResult>;

/** The follow-up check; `extend` starts another follow-up period. */
export const RecordFollowUpInput = lazySchema(() => z
  .object({
    result: FollowUpResult,
    summary: text,
    extend: z.boolean().default(false),
  })
  .strict());
export type RecordFollowUpInput = z.infer<typeof RecordFollowUpInput>;

export const SignalOutcome = lazySchema(() => z.enum(['verzuim-gestopt', 'hulp-ingezet', 'geen-zorgen', 'verhuisd', 'anders']));
export type SignalOutcome = z.infer<typeof SignalOutcome>;

export const CloseSignalInput = lazySchema(() => z.object({ outcome: SignalOutcome, note }).strict());
export type CloseSignalInput = z.infer<typeof CloseSignalInput>;

const CaseId = z.string().max(140).regex(/^case-.+/, "must be a case id ('case-…')");

/** The API opens or attaches the MAS case first, then tells the signal which case it became. */
export const EscalateSignalInput = lazySchema(() => z.object({ caseId: CaseId, reason: text }).strict());
export type EscalateSignalInput = z.infer<typeof EscalateSignalInput>;

/** A fact from outside (signal): a formal melding for the same youth opened or reached a case. */
export const FormalMeldingInput = lazySchema(() => z.object({ caseId: CaseId, meldingId: z.string().min(1).max(100) }).strict());
export type FormalMeldingInput = z.infer<typeof FormalMeldingInput>;

export const ReassignSignalInput = lazySchema(() => z.object({ consultantId: z.string().min(1).max(100), note }).strict());
export type ReassignSignalInput = z.infer<typeof ReassignSignalInput>;
