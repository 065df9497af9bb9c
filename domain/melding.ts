import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { IsoDate } from './dates';

/**
 * The kinds of verzuimmelding. 'absoluut' (not enrolled anywhere) is reported by the gemeente
 * itself, not by a school, so school and melder are optional for it.
 */
export const VerzuimKind = lazySchema(() => z.enum(['zestien-uur', 'langdurig-relatief', 'luxe', 'achttien-plus', 'overig', 'absoluut']));
export type VerzuimKind = z.infer<typeof VerzuimKind>;

/** Why a school reports overig verzuim (below the 16 hours). */
export const OverigReason = lazySchema(() => z.enum(['zorgen', 'recidive', 'te-laat', 'ziekte']));
export type OverigReason = z.infer<typeof OverigReason>;

/** The weighted digit sum of the elfproef: weights 9..2 for the first eight digits, -1 for the last. */
function elfproefSum(digits: string): number {
  return [...digits].reduce((sum, c, i) => sum + Number(c) * (i === 8 ? -1 : 9 - i), 0);
}
const mod11 = (n: number) => ((n % 11) + 11) % 11;

/** Burgerservicenummer: 9 digits whose elfproef sum is divisible by 11. */
export const Bsn = lazySchema(() => z
  .string()
  .regex(/^\d{9}$/, 'must be 9 digits')
  .refine((s) => s !== '000000000' && mod11(elfproefSum(s)) === 0, 'is not a valid BSN (elfproef)'));

/**
 * Onderwijsnummer (for pupils without a BSN): 9 digits starting with 10, whose elfproef sum
 * leaves remainder 5, so it can never be mistaken for a BSN.
 */
export const Onderwijsnummer = lazySchema(() => z
  .string()
  .regex(/^10\d{7}$/, 'must be 9 digits starting with 10')
  .refine((s) => mod11(elfproefSum(s)) === 5, 'is not a valid onderwijsnummer (elfproef)'));

/** BRIN: the school's number in the Basisregistratie Instellingen, e.g. '12AB'. */
export const Brin = lazySchema(() => z.string().regex(/^\d{2}[A-Z]{2}$/, 'must be a BRIN: 2 digits and 2 capital letters'));
/** CBS gemeentecode, e.g. 'GM0505' (Dordrecht). */
export const GemeenteCode = lazySchema(() => z.string().regex(/^GM\d{4}$/, 'must be a CBS gemeentecode like GM0505'));

const personName = z.string().trim().min(1).max(100);
const phone = z.string().trim().min(1).max(30);
/** The youth as a melding or an early signal names it; exactly one of bsn and onderwijsnummer (checked by the parent). */
export const YouthSchema = lazySchema(() => z
  .object({
    bsn: Bsn.optional(),
    onderwijsnummer: Onderwijsnummer.optional(),
    firstName: personName,
    lastName: personName,
    dateOfBirth: IsoDate,
    className: z.string().trim().max(20).optional(),
    phone: phone.optional(),
    /** Where the youth actually stays, when not at the registered address. */
    stayAddress: z.string().trim().max(300).optional(),
  })
  .strict());

/** The school of a melding or signal: the BRIN and, optionally, the leslocatie (vestiging). */
export const SchoolRefSchema = lazySchema(() => z
  .object({
    brin: Brin,
    /** The leslocatie (vestiging) within the BRIN. */
    locationCode: z.string().regex(/^\d{2}$/, 'must be 2 digits').optional(),
    name: z.string().trim().min(1).max(200),
  })
  .strict());

/** The person at the school (or partner) who reports, and whom the consultant contacts. */
export const MelderSchema = lazySchema(() => z
  .object({ name: personName, function: z.string().trim().min(1).max(100), phone: phone.optional(), email: z.email() })
  .strict());

/** DUO requires an end date for these kinds (Besluit verzuimmelding). */
const END_DATE_REQUIRED: readonly VerzuimKind[] = ['zestien-uur', 'langdurig-relatief'];

export const MeldingSchema = lazySchema(() => z
  .object({
    meldingId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, - or _'),
    kind: VerzuimKind,
    overigReason: OverigReason.optional(),
    reportDate: IsoDate,
    startDate: IsoDate,
    endDate: IsoDate.optional(),
    hoursAbsent: z.number().min(0).max(2000).optional(),
    daysAbsent: z.number().min(0).max(400).optional(),
    timesLate: z.number().int().min(0).max(1000).optional(),
    allLessonsMissed: z.boolean().optional(),
    presumedReason: z.string().max(2000).optional(),
    schoolActions: z.string().max(4000).optional(),
    schoolWantsAction: z.boolean().default(true),
    youth: YouthSchema,
    /** The youth's woongemeente: DUO routes the melding there. */
    gemeente: GemeenteCode,
    school: SchoolRefSchema.optional(),
    melder: MelderSchema.optional(),
    parentPhone: phone.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    // Each issue carries a stable code in params, next to its field path.
    const issue = (path: (string | number)[], code: string, message: string) =>
      ctx.addIssue({ code: 'custom', path, message, params: { code } });
    const { youth } = m;
    // Zod runs this even when a field failed; compare only dates that are real, so a typo gives one message, not three.
    const date = (d: string | undefined) => (d !== undefined && IsoDate.safeParse(d).success ? d : undefined);
    const [start, end, report, born] = [date(m.startDate), date(m.endDate), date(m.reportDate), date(youth.dateOfBirth)];
    if (!youth.bsn === !youth.onderwijsnummer)
      issue(['youth', 'bsn'], 'melding.youth-identifier', 'Give exactly one of bsn or onderwijsnummer.');
    if (start && end && end < start) issue(['endDate'], 'melding.end-before-start', 'The endDate must not be before the startDate.');
    if (start && report && start > report)
      issue(['startDate'], 'melding.start-after-report', 'The startDate must not be after the reportDate: verzuim is reported once it began.');
    if (start && born && born >= start)
      issue(['youth', 'dateOfBirth'], 'melding.born-after-start', 'The dateOfBirth must be before the startDate of the verzuim.');
    if (END_DATE_REQUIRED.includes(m.kind) && !m.endDate)
      issue(['endDate'], 'melding.end-date-required', `A ${m.kind} melding needs an endDate.`);
    if (m.kind === 'zestien-uur' && (m.hoursAbsent ?? 0) < 16)
      issue(['hoursAbsent'], 'melding.zestien-uur-hours', 'A zestien-uur melding needs at least 16 hours of ongeoorloofd verzuim.');
    if (m.kind === 'luxe' && m.daysAbsent === undefined && m.hoursAbsent === undefined)
      issue(['daysAbsent'], 'melding.luxe-absence', 'A luxe verzuim melding needs daysAbsent or hoursAbsent.');
    if (m.kind === 'overig' && !m.overigReason)
      issue(['overigReason'], 'melding.overig-reason', 'An overig melding needs an overigReason.');
    if (m.overigReason === 'te-laat' && m.timesLate === undefined)
      issue(['timesLate'], 'melding.times-late', 'A melding for te laat komen needs timesLate.');
    if (m.kind !== 'absoluut' && !m.school)
      issue(['school'], 'melding.school-required', 'The school is required unless the verzuim is absoluut.');
    if (m.kind !== 'absoluut' && !m.melder)
      issue(['melder'], 'melding.melder-required', 'The melder is required unless the verzuim is absoluut.');
  }));

export type Melding = z.infer<typeof MeldingSchema>;
export type MeldingInput = z.input<typeof MeldingSchema>;

/** The persoonsgebonden nummer the melding identifies the youth by. */
export function youthIdentifier(m: Pick<Melding, 'youth'>): { kind: 'bsn' | 'onderwijsnummer'; value: string } {
  if (m.youth.bsn) return { kind: 'bsn', value: m.youth.bsn };
  if (m.youth.onderwijsnummer) return { kind: 'onderwijsnummer', value: m.youth.onderwijsnummer };
  throw new Error('melding without bsn or onderwijsnummer: parse it with MeldingSchema first');
}
