import { daysBetween } from './dates';
import { coveringVrijstellingen } from './vrijstelling';

/** A youth four weeks or more not at school without a vrijstelling is a thuiszitter. */
export const THUISZITTER_DAYS = 28;

export type ThuiszitterFacts = {
  meldingen: readonly { kind: string; startDate: string; reportDate: string }[];
  vrijstellingen: readonly { from: string; to?: string }[];
};

export type ThuiszitterDerivation =
  | { thuiszitter: true; since: string; reason: 'langdurig-relatief' | 'absoluut' | 'vier-weken-afwezig' }
  | { thuiszitter: false; reason: 'geen-melding' | 'korter-dan-vier-weken' | 'vrijstelling' };

/**
 * Derives from the case's meldingen whether the youth is a thuiszitter: a langdurig-relatief or
 * absoluut melding, or 4+ weeks between the start of the absence and the report date; never when
 * a vrijstelling covers the absence. `since` is the start of the absence. Pure, no I/O.
 */
export function deriveThuiszitter(facts: ThuiszitterFacts): ThuiszitterDerivation {
  if (facts.meldingen.length === 0) return { thuiszitter: false, reason: 'geen-melding' };
  for (const m of facts.meldingen) {
    const reason =
      m.kind === 'langdurig-relatief' || m.kind === 'absoluut'
        ? m.kind
        : daysBetween(m.startDate, m.reportDate) >= THUISZITTER_DAYS
          ? 'vier-weken-afwezig'
          : null;
    if (!reason) continue;
    if (coveringVrijstellingen(facts.vrijstellingen, { from: m.startDate, to: m.reportDate }).length) return { thuiszitter: false, reason: 'vrijstelling' };
    return { thuiszitter: true, since: m.startDate, reason };
  }
  return { thuiszitter: false, reason: 'korter-dan-vier-weken' };
}
