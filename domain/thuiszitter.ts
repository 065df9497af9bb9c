import { addDays, daysBetween } from './dates';
import { coveringVrijstellingen } from './vrijstelling';

/** A youth four weeks or more not at school without a vrijstelling is a thuiszitter (the national definition). */
export const THUISZITTER_WEEKS = 4;

/** Why a case is a thuiszitter case: derived from a melding, or set by the consultant ('ziek-met-plan'). */
export type ThuiszitterGrounds = 'langdurig-relatief' | 'absoluut' | 'vier-weken-afwezig' | 'ziek-met-plan';

export type ThuiszitterFacts = {
  meldingen: readonly { kind: string; startDate: string; reportDate: string; endDate?: string; daysAbsent?: number }[];
  vrijstellingen: readonly { from: string; to?: string }[];
  /** The region's definition in weeks (policy.thuiszitterWeeks); 4 nationally. */
  weeks?: number;
};

export type ThuiszitterDerivation =
  | { thuiszitter: true; since: string; reason: Exclude<ThuiszitterGrounds, 'ziek-met-plan'> }
  | { thuiszitter: false; reason: 'geen-melding' | 'korter-dan-vier-weken' | 'vrijstelling' };

/**
 * Derives from the case's meldingen whether the youth is a thuiszitter: a langdurig-relatief
 * melding (four weeks absent by definition) or an absoluut one (not enrolled), or any melding whose
 * whole days absent cover the period (a school week is 5 days) over at least that many weeks.
 * Hours spread over four weeks are not enough: such a youth is at school most of the time. Never
 * when a vrijstelling covers the absence. `since` is the start of the absence. Pure, no I/O.
 */
export function deriveThuiszitter(facts: ThuiszitterFacts): ThuiszitterDerivation {
  if (facts.meldingen.length === 0) return { thuiszitter: false, reason: 'geen-melding' };
  const weeks = facts.weeks ?? THUISZITTER_WEEKS;
  for (const m of facts.meldingen) {
    const until = m.endDate ?? m.reportDate;
    const reason =
      m.kind === 'langdurig-relatief' || m.kind === 'absoluut'
        ? m.kind
        : daysBetween(m.startDate, until) >= weeks * 7 - 3 && (m.daysAbsent ?? 0) >= weeks * 5
          ? 'vier-weken-afwezig'
          : null;
    if (!reason) continue;
    if (coveringVrijstellingen(facts.vrijstellingen, { from: m.startDate, to: until }).length) return { thuiszitter: false, reason: 'vrijstelling' };
    return { thuiszitter: true, since: m.startDate, reason };
  }
  return { thuiszitter: false, reason: 'korter-dan-vier-weken' };
}

/** The date from which a youth at home since `since` counts as a thuiszitter. */
export function thuiszitterFrom(since: string, weeks: number = THUISZITTER_WEEKS): string {
  return addDays(since, weeks * 7);
}
