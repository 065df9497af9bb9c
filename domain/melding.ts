import { z } from 'zod';
import { IsoDate } from './dates';

export const VerzuimKind = z.enum(['zestien-uur', 'langdurig-relatief', 'luxe', 'achttien-plus', 'overig', 'absoluut']);
export type VerzuimKind = z.infer<typeof VerzuimKind>;

export const OverigReason = z.enum(['zorgen', 'recidive', 'te-laat', 'ziekte']);

/** The weighted digit sum of the elfproef (weights 9..2, and -1 for the last digit). */
function elfproefSum(digits: string): number {
  return [...digits].reduce((sum, c, i) => sum + Number(c) * (i === 8 ? -1 : 9 - i), 0);
}

/** Burgerservicenummer: 9 digits that pass the elfproef. */
export const Bsn = z
  .string()
  .regex(/^\d{9}$/, 'must be 9 digits')
  .refine((s) => s !== '000000000' && elfproefSum(s) % 11 === 0, 'is not a valid BSN (elfproef)');

/** Onderwijsnummer: 9 digits starting with 10, whose elfproef sum leaves 5 (it is never a BSN). */
export const Onderwijsnummer = z
  .string()
  .regex(/^10\d{7}$/, 'must be 9 digits starting with 10')
  .refine((s) => ((elfproefSum(s) % 11) + 11) % 11 === 5, 'is not a valid onderwijsnummer');

export const Brin = z.string().regex(/^\d{2}[A-Z]{2}$/, 'must be a BRIN: 2 digits and 2 capital letters');
export const GemeenteCode = z.string().regex(/^GM\d{4}$/, 'must be a CBS gemeentecode like GM0505');

const name = z.string().trim().min(1).max(100);
const HOURS_KINDS: VerzuimKind[] = ['zestien-uur', 'langdurig-relatief'];

export const MeldingSchema = z
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
    youth: z
      .object({
        bsn: Bsn.optional(),
        onderwijsnummer: Onderwijsnummer.optional(),
        firstName: name,
        lastName: name,
        dateOfBirth: IsoDate,
        className: z.string().trim().max(20).optional(),
        phone: z.string().trim().max(30).optional(),
        stayAddress: z.string().trim().max(300).optional(),
      })
      .strict(),
    gemeente: GemeenteCode,
    school: z
      .object({ brin: Brin, locationCode: z.string().regex(/^\d{2}$/, 'must be 2 digits').optional(), name: z.string().trim().min(1).max(200) })
      .strict()
      .optional(),
    melder: z
      .object({ name, function: z.string().trim().min(1).max(100), phone: z.string().trim().max(30).optional(), email: z.email() })
      .strict()
      .optional(),
    parentPhone: z.string().trim().max(30).optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const { youth } = m;
    if (!youth.bsn === !youth.onderwijsnummer) issue(['youth', 'bsn'], 'give exactly one of bsn or onderwijsnummer');
    if (m.endDate && m.endDate < m.startDate) issue(['endDate'], 'must not be before startDate');
    if (m.startDate > m.reportDate) issue(['startDate'], 'must not be after reportDate');
    if (youth.dateOfBirth >= m.startDate) issue(['youth', 'dateOfBirth'], 'must be before startDate');
    if (HOURS_KINDS.includes(m.kind) && !m.endDate) issue(['endDate'], `is required for a ${m.kind} melding`);
    if (m.kind === 'zestien-uur' && (m.hoursAbsent ?? 0) < 16) issue(['hoursAbsent'], 'a 16-uur melding needs at least 16 hours absent');
    if (m.kind === 'luxe' && m.daysAbsent === undefined && m.hoursAbsent === undefined)
      issue(['daysAbsent'], 'a luxe verzuim melding needs daysAbsent or hoursAbsent');
    if (m.kind === 'overig' && !m.overigReason) issue(['overigReason'], 'is required for an overig melding');
    if (m.overigReason === 'te-laat' && m.timesLate === undefined) issue(['timesLate'], 'is required when the reason is te-laat');
    if (m.kind !== 'absoluut' && !m.school) issue(['school'], 'is required unless the verzuim is absoluut');
    if (m.kind !== 'absoluut' && !m.melder) issue(['melder'], 'is required unless the verzuim is absoluut');
  });

export type Melding = z.infer<typeof MeldingSchema>;
export type MeldingInput = z.input<typeof MeldingSchema>;

export function youthIdentifier(m: Pick<Melding, 'youth'>): { kind: 'bsn' | 'onderwijsnummer'; value: string } {
  return m.youth.bsn ? { kind: 'bsn', value: m.youth.bsn } : { kind: 'onderwijsnummer', value: m.youth.onderwijsnummer! };
}
