import { z } from 'zod';
import { addDays, IsoDate } from './dates';

export const VrijstellingKind = z.enum(['art5a', 'art5b', 'art5c', 'art15', 'art3a', 'art3b', 'art11-verlof']);
export type VrijstellingKind = z.infer<typeof VrijstellingKind>;

export const VRIJSTELLING_LABELS: Record<VrijstellingKind, string> = {
  art5a: 'art. 5 onder a (lichamelijk of psychisch ongeschikt)',
  art5b: 'art. 5 onder b (richtingsbezwaar)',
  art5c: 'art. 5 onder c (school in het buitenland)',
  art15: 'art. 15 (voldoende ander onderwijs)',
  art3a: 'art. 3a (vervangende leerplicht)',
  art3b: 'art. 3b (vervangende leerplicht)',
  'art11-verlof': 'art. 11 (verlof)',
};

export const VrijstellingSchema = z
  .object({
    kind: VrijstellingKind,
    from: IsoDate,
    to: IsoDate.optional(),
    decisionDate: IsoDate,
    reference: z.string().trim().min(1).max(100),
    /** Art. 5a: the date of the statement by the doctor, pedagogue or psychologist. */
    statementDate: IsoDate.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.to && v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    if (v.kind === 'art11-verlof' && !v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'verlof always has an end date' });
    if (v.kind === 'art5a') {
      if (!v.statementDate) ctx.addIssue({ code: 'custom', path: ['statementDate'], message: 'art. 5a needs the date of the expert statement' });
      // The statement may be at most 3 months old when the vrijstelling is decided.
      else if (v.statementDate < addDays(v.decisionDate, -92) || v.statementDate > v.decisionDate)
        ctx.addIssue({ code: 'custom', path: ['statementDate'], message: 'the statement must be at most 3 months old on the decision date (vrijstelling.statement-age)' });
    }
  });
export type Vrijstelling = z.infer<typeof VrijstellingSchema>;

/** The vrijstellingen whose period overlaps the verzuim period. */
export function coveringVrijstellingen<V extends Pick<Vrijstelling, 'from' | 'to'>>(list: V[], period: { from: string; to: string }): V[] {
  return list.filter((v) => v.from <= period.to && (!v.to || v.to >= period.from));
}
