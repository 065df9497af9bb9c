import type { Db } from '../../prisma/client';
import { queryBounds, type ReportPeriod } from '../../domain/audit/period';
import { earlySignalFactsOf, type EarlySignalFacts, type SignalStateForReports } from '../../domain/audit/early-signals';
import { thuiszitterPeriodsOf, type ThuiszitterPeriodFacts, type ThuiszitterStateForReports } from '../../domain/audit/thuiszitters';
import { caseFactsOf, type CaseFacts, type MeldingFacts, type StateForReports } from '../../domain/audit/reports';

const PAGE = 500;

/** One gemeente, or the gemeenten the caller may see (issue 18: an unfiltered report is never wider). */
export type GemeenteFilter = string | readonly string[];
const filter = (g: GemeenteFilter) => (typeof g === 'string' ? g : { in: [...g] });

/**
 * The facts of every case open at some moment of the period (a day wider each side; the report
 * functions filter exactly), read in pages so that the state JSON of a year's cases never sits
 * in memory at once: only the few instants the reports need are kept.
 */
export async function loadCaseFacts(prisma: Db, period: ReportPeriod, gemeente?: GemeenteFilter): Promise<CaseFacts[]> {
  const b = queryBounds(period);
  const where = { openedAt: { lt: b.lt }, OR: [{ closedAt: null }, { closedAt: { gte: b.gte } }], ...(gemeente && { gemeente: filter(gemeente) }) };
  const facts: CaseFacts[] = [];
  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.case.findMany({
      where,
      orderBy: { id: 'asc' },
      take: PAGE,
      ...(cursor && { cursor: { id: cursor }, skip: 1 }),
      select: { id: true, duoStatus: true, phase: true, gemeente: true, schoolBrin: true, consultantId: true, routes: true, openedAt: true, closedAt: true, closureReason: true, state: true },
    });
    for (const { state, openedAt, closedAt, ...row } of rows)
      facts.push(caseFactsOf({ ...row, openedAt: openedAt.toISOString(), closedAt: closedAt?.toISOString() ?? null }, state as unknown as StateForReports));
    if (rows.length < PAGE) return facts;
    cursor = rows.at(-1)!.id;
  }
}

/** The meldingen in the register with a report date in the period. */
export async function loadMeldingFacts(prisma: Db, period: ReportPeriod, gemeente?: GemeenteFilter): Promise<MeldingFacts[]> {
  return prisma.melding.findMany({
    where: { reportDate: { gte: period.from, lte: period.to }, ...(gemeente && { gemeente: filter(gemeente) }) },
    select: { id: true, kind: true, gemeente: true, reportDate: true },
  });
}

/** Every thuiszitter period of the cases that were thuiszitter cases by the end of the period. */
export async function loadThuiszitterFacts(prisma: Db, period: ReportPeriod, gemeente?: GemeenteFilter): Promise<ThuiszitterPeriodFacts[]> {
  const facts: ThuiszitterPeriodFacts[] = [];
  let cursor: string | undefined;
  for (;;) {
    const rows = await prisma.case.findMany({
      where: { thuiszitter: true, ...(gemeente && { gemeente: filter(gemeente) }) },
      orderBy: { id: 'asc' },
      take: PAGE,
      ...(cursor && { cursor: { id: cursor }, skip: 1 }),
      select: { id: true, gemeente: true, state: true },
    });
    for (const row of rows) facts.push(...thuiszitterPeriodsOf(row.id, row.gemeente, row.state as unknown as ThuiszitterStateForReports));
    if (rows.length < PAGE) return facts.filter((f) => f.since <= period.to);
    cursor = rows.at(-1)!.id;
  }
}

/** The early signals received in the period (a day wider each side; the report filters exactly). */
export async function loadEarlySignalFacts(prisma: Db, period: ReportPeriod, gemeente?: GemeenteFilter): Promise<EarlySignalFacts[]> {
  const b = queryBounds(period);
  const rows = await prisma.earlySignal.findMany({
    where: { receivedAt: { gte: b.gte, lt: b.lt }, ...(gemeente && { gemeente: filter(gemeente) }) },
    select: { id: true, gemeente: true, concern: true, reporterRole: true, status: true, outcome: true, receivedAt: true, state: true },
  });
  return rows.map(({ state, receivedAt, ...row }) => earlySignalFactsOf({ ...row, receivedAt: receivedAt.toISOString() }, state as unknown as SignalStateForReports | null));
}
