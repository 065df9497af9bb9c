import { CLOSURE_REASON_LABELS, DUO_STATUS_LABELS } from '../duo-status';
import type { VerzuimKind } from '../melding';
import { schoolYearOf } from '../regime';
import type { RouteKind } from '../routes';
import { dateInPeriod, dutchDateOf, instantInPeriod, type ReportPeriod } from './period';
import { daysBetween, summarize } from './stats';

/**
 * The management figures, computed from rows of the PostgreSQL projection. Pure: the API loads
 * the rows, these functions count, group and measure, and the same rows give the CSV.
 */

/** What a report needs of a case: the projection's columns and a few instants from its state. */
export type CaseFacts = {
  id: string;
  duoStatus: string;
  phase: string;
  gemeente: string;
  schoolBrin: string | null;
  consultantId: string | null;
  /** Every route kind the case has started (running or done). */
  routes: string[];
  openedAt: string;
  closedAt: string | null;
  closureReason: string | null;
  judgedAt: string | null;
  routeStarts: { kind: string; at: string }[];
  missedDeadlines: { kind: string; dueAt: string }[];
};

/** The case state JSON as far as reports read it (older states may lack fields). */
export type StateForReports = {
  judgement?: { decidedAt: string };
  routes?: { kind: string; startedAt: string }[];
  missedDeadlines?: { kind: string; dueAt: string }[];
};

export function caseFactsOf(
  row: Omit<CaseFacts, 'judgedAt' | 'routeStarts' | 'missedDeadlines'>,
  state: StateForReports,
): CaseFacts {
  return {
    ...row,
    judgedAt: state.judgement?.decidedAt ?? null,
    routeStarts: (state.routes ?? []).map((r) => ({ kind: r.kind, at: r.startedAt })),
    missedDeadlines: state.missedDeadlines ?? [],
  };
}

export type Count = { key: string; label?: string; count: number };

/** Counts per key, sorted by key so two runs of a report compare line by line. */
export function countBy<T>(items: readonly T[], keysOf: (item: T) => string | readonly string[] | null, labelOf?: (key: string) => string | undefined): Count[] {
  const counts = new Map<string, number>();
  for (const item of items) {
    const keys = keysOf(item);
    if (keys === null) continue;
    for (const key of typeof keys === 'string' ? [keys] : new Set(keys)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, count]) => {
      const label = labelOf?.(key);
      return label === undefined ? { key, count } : { key, label, count };
    });
}

export const MELDING_KIND_LABELS: Record<VerzuimKind, string> = {
  'zestien-uur': '16 uur ongeoorloofd verzuim',
  'langdurig-relatief': 'Langdurig relatief verzuim',
  luxe: 'Luxe verzuim',
  'achttien-plus': '18+ (Doorstroompunt)',
  overig: 'Overig verzuim',
  absoluut: 'Absoluut verzuim',
};

export const ROUTE_KIND_LABELS: Record<RouteKind, string> = {
  waarschuwing: 'Officiële waarschuwing',
  hulpverlening: 'Verwijzing naar hulpverlening',
  halt: 'Halt',
  civiel: 'Civiel kader',
  strafrechtelijk: 'Proces-verbaal (strafrechtelijk kader)',
};

const labelFrom = (labels: Record<string, string>) => (key: string) => labels[key];

/** Cases that were open at some moment of the period: opened before its end, not closed before its start. */
export function openDuring(c: Pick<CaseFacts, 'openedAt' | 'closedAt'>, p: ReportPeriod): boolean {
  return dutchDateOf(c.openedAt) <= p.to && (c.closedAt === null || dutchDateOf(c.closedAt) >= p.from);
}

export type CaseCountsBasis = 'opened' | 'active';

/**
 * Cases per status, phase, route, gemeente and school: those opened in the period ('opened'),
 * or those open at some moment of it ('active'). Status and phase are the cases' current ones.
 */
export function caseCounts(cases: readonly CaseFacts[], p: ReportPeriod, basis: CaseCountsBasis = 'opened') {
  const selected = cases.filter((c) => (basis === 'opened' ? instantInPeriod(c.openedAt, p) : openDuring(c, p)));
  return {
    period: p,
    basis,
    total: selected.length,
    byStatus: countBy(selected, (c) => c.duoStatus, labelFrom(DUO_STATUS_LABELS)),
    byPhase: countBy(selected, (c) => c.phase),
    byRoute: countBy(selected, (c) => c.routes, labelFrom(ROUTE_KIND_LABELS)),
    byGemeente: countBy(selected, (c) => c.gemeente),
    bySchool: countBy(selected, (c) => c.schoolBrin ?? 'zonder-school'),
  };
}

export type LeadTimeMeasure = 'melding-tot-oordeel' | 'melding-tot-eerste-route' | 'melding-tot-afsluiting';

/**
 * Lead times in days from the melding (the case opening) to the judgement, to the first route and
 * to the closure, for the milestones reached in the period (as annual reports count 'closed in
 * 2026'), overall and per gemeente.
 */
export function leadTimes(cases: readonly CaseFacts[], p: ReportPeriod) {
  const milestone: Record<LeadTimeMeasure, (c: CaseFacts) => string | null> = {
    'melding-tot-oordeel': (c) => c.judgedAt,
    'melding-tot-eerste-route': (c) => c.routeStarts.map((r) => r.at).sort()[0] ?? null,
    'melding-tot-afsluiting': (c) => c.closedAt,
  };
  const rows: { gemeente: string; measure: LeadTimeMeasure; n: number; medianDays: number | null; p90Days: number | null }[] = [];
  const gemeenten = [...new Set(cases.map((c) => c.gemeente))].sort();
  for (const measure of Object.keys(milestone) as LeadTimeMeasure[]) {
    const reached = cases.flatMap((c) => {
      const at = milestone[measure](c);
      return at && instantInPeriod(at, p) ? [{ gemeente: c.gemeente, days: daysBetween(c.openedAt, at) }] : [];
    });
    rows.push({ gemeente: 'alle', measure, ...summarize(reached.map((r) => r.days)) });
    for (const g of gemeenten) {
      const own = reached.filter((r) => r.gemeente === g);
      if (own.length) rows.push({ gemeente: g, measure, ...summarize(own.map((r) => r.days)) });
    }
  }
  return { period: p, rows };
}

/** Consultant deadlines that passed without the step being done, by due date in the period. */
export function missedDeadlines(cases: readonly CaseFacts[], p: ReportPeriod) {
  const missed = cases.flatMap((c) =>
    c.missedDeadlines.filter((m) => instantInPeriod(m.dueAt, p)).map((m) => ({ caseId: c.id, kind: m.kind, gemeente: c.gemeente, consultantId: c.consultantId })),
  );
  return {
    period: p,
    total: missed.length,
    cases: new Set(missed.map((m) => m.caseId)).size,
    byKind: countBy(missed, (m) => m.kind),
    byGemeente: countBy(missed, (m) => m.gemeente),
    byConsultant: countBy(missed, (m) => m.consultantId ?? 'niet-toegewezen'),
  };
}

/** A melding as the register keeps it. */
export type MeldingFacts = { id: string; kind: string; gemeente: string; reportDate: string };

/** The leerplichttelling: 16-uur and luxe meldingen per gemeente per school year (by report date). */
export function leerplichttelling(meldingen: readonly MeldingFacts[], p: ReportPeriod) {
  const rows = new Map<string, { schoolYear: string; gemeente: string; zestienUur: number; luxe: number }>();
  for (const m of meldingen) {
    if (!dateInPeriod(m.reportDate, p) || (m.kind !== 'zestien-uur' && m.kind !== 'luxe')) continue;
    const schoolYear = schoolYearOf(m.reportDate);
    const key = `${schoolYear}|${m.gemeente}`;
    const row = rows.get(key) ?? { schoolYear, gemeente: m.gemeente, zestienUur: 0, luxe: 0 };
    if (m.kind === 'zestien-uur') row.zestienUur += 1;
    else row.luxe += 1;
    rows.set(key, row);
  }
  return { period: p, rows: [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r) };
}

export type JaarverslagFigure = 'meldingen-per-soort' | 'zaken-geopend' | 'zaken-per-sluitreden' | 'routes-per-soort';

/**
 * The figures the yearly report to the gemeenteraad (Leerplichtwet art. 25) is built from: meldingen
 * per kind, cases opened, cases per closing reason (closed in the period), routes per kind (started
 * in the period), per gemeente and for all gemeenten together ('alle').
 */
export function jaarverslag(cases: readonly CaseFacts[], meldingen: readonly MeldingFacts[], p: ReportPeriod) {
  type Item = { gemeente: string; key: string };
  const items: Record<JaarverslagFigure, Item[]> = {
    'meldingen-per-soort': meldingen.filter((m) => dateInPeriod(m.reportDate, p)).map((m) => ({ gemeente: m.gemeente, key: m.kind })),
    'zaken-geopend': cases.filter((c) => instantInPeriod(c.openedAt, p)).map((c) => ({ gemeente: c.gemeente, key: 'geopend' })),
    'zaken-per-sluitreden': cases
      .filter((c) => c.closureReason && instantInPeriod(c.closedAt, p))
      .map((c) => ({ gemeente: c.gemeente, key: c.closureReason! })),
    'routes-per-soort': cases.flatMap((c) => c.routeStarts.filter((r) => instantInPeriod(r.at, p)).map((r) => ({ gemeente: c.gemeente, key: r.kind }))),
  };
  const labels: Record<JaarverslagFigure, (key: string) => string | undefined> = {
    'meldingen-per-soort': labelFrom(MELDING_KIND_LABELS),
    'zaken-geopend': () => 'Zaken geopend',
    'zaken-per-sluitreden': labelFrom(CLOSURE_REASON_LABELS),
    'routes-per-soort': labelFrom(ROUTE_KIND_LABELS),
  };
  const rows: { figure: JaarverslagFigure; gemeente: string; key: string; label: string; count: number }[] = [];
  for (const figure of Object.keys(items) as JaarverslagFigure[]) {
    const list = items[figure];
    const groups: [string, Item[]][] = [['alle', list], ...[...new Set(list.map((i) => i.gemeente))].sort().map((g): [string, Item[]] => [g, list.filter((i) => i.gemeente === g)])];
    for (const [gemeente, group] of groups)
      for (const c of countBy(group, (i) => i.key, labels[figure])) rows.push({ figure, gemeente, key: c.key, label: c.label ?? c.key, count: c.count });
  }
  return { period: p, rows };
}

/** A counts report as one table for CSV (dimension, key, label, count); its totals are rows too. */
export function countsTable(report: Record<string, unknown>): { dimension: string; key: string; label: string; count: number }[] {
  return Object.entries(report).flatMap(([dimension, value]) => {
    if (typeof value === 'number') return [{ dimension, key: '', label: '', count: value }];
    return Array.isArray(value) ? (value as Count[]).map((c) => ({ dimension, key: c.key, label: c.label ?? '', count: c.count })) : [];
  });
}
