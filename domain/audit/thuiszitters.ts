import { daysBetween } from '../dates';
import { dateInPeriod, type ReportPeriod } from './period';
import { percentile } from './stats';

/**
 * Thuiszitters per gemeente with their duration (issue 7): every thuiszitter period that
 * overlaps the report period, measured in calendar days up to its end or the end of the period.
 * Pure: the API reads the case projection, this counts.
 */
export type ThuiszitterPeriodFacts = {
  caseId: string;
  gemeente: string;
  since: string;
  until: string | null;
  grounds: string;
  reviews: number;
  lastReviewOn: string | null;
  openGoals: number;
  /** The review deadline passed without a review being recorded. */
  reviewOverdue: boolean;
};

/** The case state JSON as far as this report reads it. */
export type ThuiszitterStateForReports = {
  thuiszitter?: ThuiszitterPeriodState & { previous?: ThuiszitterPeriodState[] };
  deadlines?: { id: string; expired: boolean }[];
};
type ThuiszitterPeriodState = { since: string; until?: string; grounds: string; reviews: { heldOn: string }[]; goals: { status: string }[] };

/** Every period of a case (earlier ones and the latest). */
export function thuiszitterPeriodsOf(caseId: string, gemeente: string, state: ThuiszitterStateForReports): ThuiszitterPeriodFacts[] {
  const t = state.thuiszitter;
  if (!t) return [];
  const overdue = (state.deadlines ?? []).some((d) => d.id === 'thuiszitter-overleg' && d.expired);
  return [...(t.previous ?? []), t].map((p) => ({
    caseId,
    gemeente,
    since: p.since,
    until: p.until ?? null,
    grounds: p.grounds,
    reviews: p.reviews.length,
    lastReviewOn: p.reviews.map((r) => r.heldOn).sort().at(-1) ?? null,
    openGoals: p.goals.filter((g) => g.status === 'open').length,
    reviewOverdue: p === t && !p.until && overdue,
  }));
}

export type ThuiszitterRow = ThuiszitterPeriodFacts & { days: number; running: boolean };
export type ThuiszitterGemeenteRow = {
  gemeente: string;
  total: number;
  /** Still at home at the end of the period. */
  running: number;
  startedInPeriod: number;
  endedInPeriod: number;
  reviewOverdue: number;
  medianDays: number | null;
  maxDays: number | null;
};

/** `today` caps the durations of a period that reaches into the future. */
export function thuiszitterReport(periods: readonly ThuiszitterPeriodFacts[], p: ReportPeriod, today: string = p.to) {
  const last = today < p.to ? today : p.to;
  const rows: ThuiszitterRow[] = periods
    .filter((t) => t.since <= p.to && (t.until === null || t.until >= p.from))
    .map((t) => {
      const end = t.until !== null && t.until <= last ? t.until : last;
      return { ...t, days: Math.max(0, daysBetween(t.since, end)), running: t.until === null || t.until > p.to };
    })
    .sort((a, b) => a.gemeente.localeCompare(b.gemeente) || b.days - a.days || a.caseId.localeCompare(b.caseId));
  const summary = (gemeente: string, own: ThuiszitterRow[]): ThuiszitterGemeenteRow => {
    const days = own.map((r) => r.days);
    return {
      gemeente,
      total: own.length,
      running: own.filter((r) => r.running).length,
      startedInPeriod: own.filter((r) => dateInPeriod(r.since, p)).length,
      endedInPeriod: own.filter((r) => r.until !== null && dateInPeriod(r.until, p)).length,
      reviewOverdue: own.filter((r) => r.reviewOverdue).length,
      medianDays: percentile(days, 50),
      maxDays: days.length ? Math.max(...days) : null,
    };
  };
  const gemeenten = [...new Set(rows.map((r) => r.gemeente))];
  return {
    period: p,
    total: summary('alle', rows),
    byGemeente: gemeenten.map((g) => summary(g, rows.filter((r) => r.gemeente === g))),
    thuiszitters: rows,
  };
}
