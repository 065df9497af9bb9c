import { instantInPeriod, type ReportPeriod } from './period';
import { countBy } from './reports';
import { daysBetween, summarize } from './stats';

/**
 * Vroegsignalering in the figures, counted apart from meldingen and cases (issue 7): the signals
 * received in the period, how they ended, and how soon the consultant answered.
 */
export type EarlySignalFacts = {
  id: string;
  gemeente: string;
  concern: string;
  reporterRole: string;
  status: string;
  outcome: string | null;
  receivedAt: string;
  /** The first advice or consultation, if any. */
  firstContactAt: string | null;
  escalatedBy: 'consultant' | 'formele-melding' | null;
};

/** The signal state JSON as far as this report reads it. */
export type SignalStateForReports = { contacts?: { at: string }[]; escalation?: { by: 'consultant' | 'formele-melding' } };

export function earlySignalFactsOf(row: Omit<EarlySignalFacts, 'firstContactAt' | 'escalatedBy'>, state: SignalStateForReports | null): EarlySignalFacts {
  return {
    ...row,
    firstContactAt: (state?.contacts ?? []).map((c) => c.at).sort()[0] ?? null,
    escalatedBy: state?.escalation?.by ?? null,
  };
}

export const SIGNAL_CONCERN_LABELS: Record<string, string> = {
  'verzuim-onder-16-uur': 'Verzuim onder de 16 uur met zorgen',
  'te-laat-onder-drempel': 'Te laat komen onder de meldgrens',
  'zorgwekkend-ziekteverzuim': 'Zorgwekkend ziekteverzuim',
  anders: 'Anders',
};

export function earlySignalReport(signals: readonly EarlySignalFacts[], p: ReportPeriod) {
  const received = signals.filter((s) => instantInPeriod(s.receivedAt, p));
  const answered = received.filter((s) => s.firstContactAt !== null);
  return {
    period: p,
    received: received.length,
    open: received.filter((s) => s.status === 'open').length,
    closed: received.filter((s) => s.status === 'afgesloten').length,
    escalated: received.filter((s) => s.status === 'geescaleerd').length,
    byGemeente: countBy(received, (s) => s.gemeente),
    byConcern: countBy(received, (s) => s.concern, (k) => SIGNAL_CONCERN_LABELS[k]),
    byReporter: countBy(received, (s) => s.reporterRole),
    byOutcome: countBy(received, (s) => s.outcome),
    byEscalation: countBy(received, (s) => s.escalatedBy),
    /** Days from the signal to the consultant's first contact. */
    daysToFirstContact: summarize(answered.map((s) => daysBetween(s.receivedAt, s.firstContactAt!))),
  };
}
