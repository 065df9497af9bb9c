import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { addMonths, IsoDate } from './dates';

/**
 * Vrijstellingen and vervangende leerplicht a case is checked against. 'art5a' means art. 5
 * onder a (not fit for school), not art. 5a (trekkend bestaan), which domain.md files under it.
 */
export const VrijstellingKind = lazySchema(() => z.enum(['art5a', 'art5b', 'art5c', 'art15', 'art3a', 'art3b', 'art11-verlof']));
export type VrijstellingKind = z.infer<typeof VrijstellingKind>;

export const VRIJSTELLING_LABELS: Record<VrijstellingKind, string> = {
  art5a: 'Art. 5 onder a: lichamelijk of psychisch niet geschikt om tot een school te worden toegelaten',
  art5b: 'Art. 5 onder b: overwegende bedenkingen tegen de richting van alle scholen binnen redelijke afstand',
  art5c: 'Art. 5 onder c: ingeschreven op en geregeld bezoek van een school in het buitenland',
  art15: 'Art. 15: op andere wijze voldoende onderwijs',
  art3a: 'Art. 3a: vervangende leerplicht (programma met praktijktijd)',
  art3b: 'Art. 3b: vervangende leerplicht in het laatste schooljaar',
  'art11-verlof': 'Art. 11: verlof van geregeld schoolbezoek (art. 13a/14)',
};

/** Art. 7: the expert statement for art. 5 onder a may be at most three months old. */
const STATEMENT_MAX_AGE_MONTHS = 3;

export const VrijstellingSchema = lazySchema(() => z
  .object({
    kind: VrijstellingKind,
    from: IsoDate,
    /** Open-ended when absent (e.g. a youth who will never be fit for school); verlof always ends. */
    to: IsoDate.optional(),
    decisionDate: IsoDate,
    reference: z.string().trim().min(1).max(100),
    /** Art. 5 onder a: the date of the statement by the doctor, pedagogue or psychologist the gemeente appointed. */
    statementDate: IsoDate.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const issue = (path: string[], code: string, message: string) => ctx.addIssue({ code: 'custom', path, message, params: { code } });
    if (v.to && v.to < v.from) issue(['to'], 'vrijstelling.to-before-from', 'The end date must not be before the start date.');
    if (v.kind === 'art11-verlof' && !v.to) issue(['to'], 'vrijstelling.verlof-end', 'Verlof always has an end date.');
    if (v.kind !== 'art5a') return;
    if (!v.statementDate)
      issue(['statementDate'], 'vrijstelling.statement-required', 'A vrijstelling on art. 5 onder a needs the date of the expert statement.');
    else if (v.statementDate > v.decisionDate)
      issue(['statementDate'], 'vrijstelling.statement-after-decision', 'The expert statement cannot be dated after the decision.');
    else if (v.statementDate < addMonths(v.decisionDate, -STATEMENT_MAX_AGE_MONTHS))
      issue(['statementDate'], 'vrijstelling.statement-age', 'The expert statement must be at most 3 months old on the decision date (Leerplichtwet art. 7).');
  }));
export type Vrijstelling = z.infer<typeof VrijstellingSchema>;

/** The vrijstellingen whose period overlaps the verzuim period (both ends included; no end = open-ended). */
export function coveringVrijstellingen<V extends Pick<Vrijstelling, 'from' | 'to'>>(vrijstellingen: readonly V[], period: { from: string; to: string }): V[] {
  return vrijstellingen.filter((v) => v.from <= period.to && (!v.to || v.to >= period.from));
}
