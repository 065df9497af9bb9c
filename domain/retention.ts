import { addDays, addMonths, birthdayAt, compareDates } from './dates';
import type { Regime } from './regime';

/**
 * How long a closed case is kept before it is destroyed (issue 4, item 5). Terms:
 * - leerplicht dossiers: 19 years after the date of birth (Selectielijst gemeenten 2020, 12.1.3);
 * - kwalificatieplicht dossiers: 2 years after the kwalificatieplicht ends (12.1.4): it ends on the
 *   18th birthday, or earlier on the date of a startkwalificatie when that date is known;
 * - Doorstroompunt (18+) and cases outside the target group: 2 years after the case was closed.
 *   Assumption, to be confirmed by the gemeente's archivist: the Selectielijst's RMC category is
 *   read like 12.1.4 (the task ended when the case closed);
 * - penal data (a strafrechtelijk route, or a hoorgesprek: from its invitation the Wet
 *   politiegegevens applies): 5 years after the case was closed.
 * When several apply, the case is kept until the last of them; never destroyed before it closed.
 */
export type RetentionRule = 'leerplicht-12.1.3' | 'kwalificatieplicht-12.1.4' | 'doorstroompunt-2-jaar' | 'wpg-5-jaar' | 'vroegsignaal-2-jaar';

export const RETENTION_RULE_LABELS: Record<RetentionRule, string> = {
  'leerplicht-12.1.3': 'Leerplichtdossier: 19 jaar na de geboortedatum (Selectielijst gemeenten 2020, 12.1.3)',
  'kwalificatieplicht-12.1.4': 'Kwalificatieplichtdossier: 2 jaar na het einde van de kwalificatieplicht (Selectielijst gemeenten 2020, 12.1.4)',
  'doorstroompunt-2-jaar': 'Doorstroompunt (18+): 2 jaar na afsluiting',
  'wpg-5-jaar': 'Strafrechtelijke gegevens: 5 jaar na afsluiting (Wet politiegegevens)',
  'vroegsignaal-2-jaar': 'Vroegsignaal zonder zaak: 2 jaar na afsluiting (aanname, te bevestigen door de archivaris)',
};

export type RetentionFacts = {
  dateOfBirth: string;
  /** The regime the case was opened under. */
  regime: Regime;
  /** The date the case closed; null while it runs (an open case is never destroyed). */
  closedOn: string | null;
  /** A strafrechtelijk route or a hoorgesprek (planned or held). */
  penal: boolean;
  /** The date of the startkwalificatie (havo, vwo, mbo-2+), when known. */
  startkwalificatieOn?: string | null;
};

export type RetentionTerm = {
  /** The first day on which the case may be destroyed. */
  destroyOn: string;
  /** The rule that decides (the one with the latest date). */
  rule: RetentionRule;
  /** Every rule that applies, with its own date. */
  applies: { rule: RetentionRule; destroyOn: string }[];
};

const addYears = (date: string, years: number) => addMonths(date, years * 12);
const later = (a: string, b: string) => (compareDates(a, b) >= 0 ? a : b);

/** The end of the kwalificatieplicht: the 18th birthday, or an earlier startkwalificatie. */
export function kwalificatieplichtEnd(dateOfBirth: string, startkwalificatieOn?: string | null): string {
  const eighteen = birthdayAt(dateOfBirth, 18);
  return startkwalificatieOn && compareDates(startkwalificatieOn, eighteen) < 0 ? startkwalificatieOn : eighteen;
}

/** The retention term of a closed case; null for a case that has not closed. */
export function retentionTerm(f: RetentionFacts): RetentionTerm | null {
  if (!f.closedOn) return null;
  const applies: RetentionTerm['applies'] = [];
  if (f.regime === 'leerplichtig' || f.regime === 'niet-leerplichtig') {
    applies.push({ rule: 'leerplicht-12.1.3', destroyOn: birthdayAt(f.dateOfBirth, 19) });
  } else if (f.regime === 'kwalificatieplichtig') {
    applies.push({ rule: 'kwalificatieplicht-12.1.4', destroyOn: addYears(kwalificatieplichtEnd(f.dateOfBirth, f.startkwalificatieOn), 2) });
  } else {
    applies.push({ rule: 'doorstroompunt-2-jaar', destroyOn: addYears(f.closedOn, 2) });
  }
  if (f.penal) applies.push({ rule: 'wpg-5-jaar', destroyOn: addYears(f.closedOn, 5) });
  const decisive = applies.reduce((a, b) => (compareDates(b.destroyOn, a.destroyOn) > 0 ? b : a));
  return { destroyOn: later(decisive.destroyOn, f.closedOn), rule: decisive.rule, applies };
}

/** True when the case's term has ended on `today`: it is closed and today is on or after its destroy date. */
export function isPastTerm(f: RetentionFacts, today: string): boolean {
  const term = retentionTerm(f);
  return term !== null && compareDates(today, term.destroyOn) >= 0;
}

/** Penal data in a case: a strafrechtelijk route, or a hoorgesprek (from its invitation). */
export function hasPenalData(s: { routes?: { kind: string }[]; hoorgesprek?: { invitations?: unknown[] } }): boolean {
  return (s.routes ?? []).some((r) => r.kind === 'strafrechtelijk') || (s.hoorgesprek?.invitations?.length ?? 0) > 0;
}

/**
 * A cheap pre-selection for the database: a case without a known startkwalificatie date can only
 * be past its term when it closed at least 2 years ago or the youth was born at least 19 years ago
 * (every rule above ends on or after one of these). The exact term is then decided by isPastTerm.
 */
export function retentionCandidateCutoffs(today: string): { closedOnOrBefore: string; bornOnOrBefore: string } {
  // One day of slack: a term that ends on a clamped 28 February is still pre-selected in time.
  return { closedOnOrBefore: addDays(addYears(today, -2), 1), bornOnOrBefore: addDays(addYears(today, -19), 1) };
}

/**
 * An early signal that closed without becoming a case (issue 18): kept 2 years after it closed
 * (assumption, to be confirmed by the archivist), then destroyed with its notifications and
 * workflow history. A signal that escalated is destroyed with its case.
 */
export const SIGNAL_RETENTION_YEARS = 2;

export function signalRetentionTerm(closedOn: string): { destroyOn: string; rule: 'vroegsignaal-2-jaar' } {
  return { destroyOn: addMonths(closedOn, 12 * SIGNAL_RETENTION_YEARS), rule: 'vroegsignaal-2-jaar' };
}
