import { dateInPeriod, dutchDateOf, instantInPeriod, queryBounds, ReportPeriod } from '../../domain/audit/period';
import {
  caseCounts,
  caseFactsOf,
  countBy,
  countsTable,
  jaarverslag,
  leadTimes,
  leerplichttelling,
  missedDeadlines,
  openDuring,
  type CaseFacts,
  type MeldingFacts,
} from '../../domain/audit/reports';

const year2026: ReportPeriod = { from: '2026-01-01', to: '2026-12-31' };

function aCase(over: Partial<CaseFacts> & { id: string }): CaseFacts {
  return {
    duoStatus: 'in-behandeling',
    phase: 'onderzoek',
    gemeente: 'GM0505',
    schoolBrin: '12AB',
    consultantId: 'lpa-anna',
    routes: [],
    openedAt: '2026-03-01T09:00:00.000Z',
    closedAt: null,
    closureReason: null,
    judgedAt: null,
    routeStarts: [],
    missedDeadlines: [],
    ...over,
  };
}

describe('report periods', () => {
  test('from and to are real dates, to not before from', () => {
    expect(ReportPeriod.safeParse(year2026).success).toBe(true);
    expect(ReportPeriod.safeParse({ from: '2026-02-30', to: '2026-03-01' }).success).toBe(false);
    const reversed = ReportPeriod.safeParse({ from: '2026-03-01', to: '2026-01-01' });
    expect(reversed.success).toBe(false);
    expect(reversed.error!.issues[0]!.path).toEqual(['to']);
  });

  test('instants count by their Dutch date (winter and summer time)', () => {
    expect(dutchDateOf('2025-12-31T23:30:00Z')).toBe('2026-01-01');
    expect(dutchDateOf('2026-06-30T22:30:00Z')).toBe('2026-07-01');
    expect(instantInPeriod('2025-12-31T23:30:00Z', year2026)).toBe(true);
    expect(instantInPeriod('2026-12-31T23:30:00Z', year2026)).toBe(false);
    expect(instantInPeriod(null, year2026)).toBe(false);
    expect(dateInPeriod('2026-12-31', year2026)).toBe(true);
    const b = queryBounds(year2026);
    expect(b.gte.toISOString()).toBe('2025-12-31T00:00:00.000Z');
    expect(b.lt.toISOString()).toBe('2027-01-02T00:00:00.000Z');
  });
});

describe('case counts', () => {
  const cases = [
    aCase({ id: 'a', routes: ['halt', 'waarschuwing'], phase: 'routes' }),
    aCase({ id: 'b', gemeente: 'GM0642', schoolBrin: null, duoStatus: 'afgesloten', phase: 'afgesloten', closedAt: '2026-04-01T10:00:00Z', closureReason: 'terug-naar-school' }),
    aCase({ id: 'c', openedAt: '2025-11-01T10:00:00Z' }),
    aCase({ id: 'd', openedAt: '2025-10-01T10:00:00Z', closedAt: '2025-12-01T10:00:00Z' }),
  ];

  test('per status, phase, route, gemeente and school, for the cases opened in the period', () => {
    const r = caseCounts(cases, year2026);
    expect(r.total).toBe(2);
    expect(r.byStatus).toEqual([
      { key: 'afgesloten', label: 'Afgesloten', count: 1 },
      { key: 'in-behandeling', label: 'In behandeling', count: 1 },
    ]);
    expect(r.byPhase).toEqual([{ key: 'afgesloten', count: 1 }, { key: 'routes', count: 1 }]);
    expect(r.byRoute.map((c) => [c.key, c.count])).toEqual([['halt', 1], ['waarschuwing', 1]]);
    expect(r.byGemeente).toEqual([{ key: 'GM0505', count: 1 }, { key: 'GM0642', count: 1 }]);
    expect(r.bySchool).toEqual([{ key: '12AB', count: 1 }, { key: 'zonder-school', count: 1 }]);
  });

  test("'active' counts the cases open at some moment of the period", () => {
    expect(openDuring(cases[2]!, year2026)).toBe(true);
    expect(openDuring(cases[3]!, year2026)).toBe(false);
    expect(caseCounts(cases, year2026, 'active').total).toBe(3);
  });

  test('as one table for CSV, totals included', () => {
    const { period: _p, basis: _b, ...counts } = caseCounts(cases, year2026);
    const table = countsTable(counts);
    expect(table[0]).toEqual({ dimension: 'total', key: '', label: '', count: 2 });
    expect(table).toContainEqual({ dimension: 'byRoute', key: 'halt', label: 'Halt', count: 1 });
  });

  test('countBy counts a key once per item and sorts by key', () => {
    expect(countBy([['b', 'a', 'a'], ['a']], (x) => x)).toEqual([{ key: 'a', count: 2 }, { key: 'b', count: 1 }]);
    expect(countBy([1, 2], () => null)).toEqual([]);
  });
});

describe('lead times', () => {
  test('median and 90th percentile in days, for milestones reached in the period, overall and per gemeente', () => {
    const open = '2026-02-01T00:00:00Z';
    const cases = [1, 2, 3, 4, 10].map((d, i) =>
      aCase({ id: `c${i}`, openedAt: open, judgedAt: new Date(Date.parse(open) + d * 86_400_000).toISOString(), gemeente: i < 2 ? 'GM0642' : 'GM0505' }),
    );
    cases.push(aCase({ id: 'late', openedAt: open, judgedAt: '2027-01-15T00:00:00Z' }));
    cases.push(
      aCase({
        id: 'routes',
        openedAt: open,
        routeStarts: [{ kind: 'halt', at: '2026-02-21T00:00:00Z' }, { kind: 'waarschuwing', at: '2026-02-11T00:00:00Z' }],
        closedAt: '2026-03-03T00:00:00Z',
      }),
    );
    const { rows } = leadTimes(cases, year2026);
    expect(rows).toContainEqual({ gemeente: 'alle', measure: 'melding-tot-oordeel', n: 5, medianDays: 3, p90Days: 7.6 });
    expect(rows).toContainEqual({ gemeente: 'GM0642', measure: 'melding-tot-oordeel', n: 2, medianDays: 1.5, p90Days: 1.9 });
    expect(rows).toContainEqual({ gemeente: 'alle', measure: 'melding-tot-eerste-route', n: 1, medianDays: 10, p90Days: 10 });
    expect(rows).toContainEqual({ gemeente: 'alle', measure: 'melding-tot-afsluiting', n: 1, medianDays: 30, p90Days: 30 });
  });

  test('no milestone reached: n is 0 and there is no median', () => {
    expect(leadTimes([aCase({ id: 'x' })], year2026).rows).toContainEqual({ gemeente: 'alle', measure: 'melding-tot-oordeel', n: 0, medianDays: null, p90Days: null });
  });
});

describe('missed deadlines', () => {
  test('by due date in the period, per kind, gemeente and consultant', () => {
    const r = missedDeadlines(
      [
        aCase({ id: 'a', missedDeadlines: [{ kind: 'hoorgesprek', dueAt: '2026-03-10T09:00:00Z' }, { kind: 'beoordeling', dueAt: '2026-04-10T09:00:00Z' }] }),
        aCase({ id: 'b', consultantId: null, missedDeadlines: [{ kind: 'hoorgesprek', dueAt: '2026-05-10T09:00:00Z' }, { kind: 'hoorgesprek', dueAt: '2025-05-10T09:00:00Z' }] }),
      ],
      year2026,
    );
    expect(r).toMatchObject({ total: 3, cases: 2 });
    expect(r.byKind).toEqual([{ key: 'beoordeling', count: 1 }, { key: 'hoorgesprek', count: 2 }]);
    expect(r.byConsultant).toEqual([{ key: 'lpa-anna', count: 2 }, { key: 'niet-toegewezen', count: 1 }]);
  });
});

describe('leerplichttelling and jaarverslag', () => {
  const meldingen: MeldingFacts[] = [
    { id: '1', kind: 'zestien-uur', gemeente: 'GM0505', reportDate: '2026-07-31' },
    { id: '2', kind: 'zestien-uur', gemeente: 'GM0505', reportDate: '2026-08-01' },
    { id: '3', kind: 'luxe', gemeente: 'GM0505', reportDate: '2026-09-01' },
    { id: '4', kind: 'overig', gemeente: 'GM0505', reportDate: '2026-09-02' },
    { id: '5', kind: 'luxe', gemeente: 'GM0642', reportDate: '2026-01-05' },
    { id: '6', kind: 'luxe', gemeente: 'GM0642', reportDate: '2025-12-31' },
  ];

  test('16-uur and luxe meldingen per gemeente per school year (1 August starts a school year)', () => {
    expect(leerplichttelling(meldingen, year2026).rows).toEqual([
      { schoolYear: '2025-2026', gemeente: 'GM0505', zestienUur: 1, luxe: 0 },
      { schoolYear: '2025-2026', gemeente: 'GM0642', zestienUur: 0, luxe: 1 },
      { schoolYear: '2026-2027', gemeente: 'GM0505', zestienUur: 1, luxe: 1 },
    ]);
  });

  test('the yearly report: meldingen per kind, cases opened, per closing reason, routes per kind', () => {
    const cases = [
      aCase({ id: 'a', closedAt: '2026-05-01T10:00:00Z', closureReason: 'afgerond-na-route', routeStarts: [{ kind: 'halt', at: '2026-03-10T10:00:00Z' }] }),
      aCase({ id: 'b', gemeente: 'GM0642', openedAt: '2025-12-01T10:00:00Z', routeStarts: [{ kind: 'strafrechtelijk', at: '2025-12-20T10:00:00Z' }, { kind: 'halt', at: '2026-01-20T10:00:00Z' }] }),
    ];
    const { rows } = jaarverslag(cases, meldingen, year2026);
    const find = (figure: string, gemeente: string, key: string) => rows.find((r) => r.figure === figure && r.gemeente === gemeente && r.key === key)?.count;
    expect(find('meldingen-per-soort', 'alle', 'luxe')).toBe(2);
    expect(find('meldingen-per-soort', 'GM0505', 'zestien-uur')).toBe(2);
    expect(rows.find((r) => r.key === 'zestien-uur')!.label).toBe('16 uur ongeoorloofd verzuim');
    expect(find('zaken-geopend', 'alle', 'geopend')).toBe(1);
    expect(find('zaken-per-sluitreden', 'GM0505', 'afgerond-na-route')).toBe(1);
    expect(rows.find((r) => r.figure === 'zaken-per-sluitreden')!.label).toBe('Afgerond na traject');
    expect(find('routes-per-soort', 'alle', 'halt')).toBe(2);
    expect(find('routes-per-soort', 'alle', 'strafrechtelijk')).toBeUndefined();
  });

  test('facts from a state: the instants the reports need, older states without them', () => {
    const row = { id: 'a', duoStatus: 'in-behandeling', phase: 'routes', gemeente: 'GM0505', schoolBrin: null, consultantId: null, routes: ['halt'], openedAt: '2026-01-01T00:00:00Z', closedAt: null, closureReason: null };
    expect(caseFactsOf(row, { judgement: { decidedAt: 'j' }, routes: [{ kind: 'halt', startedAt: 'r' }], missedDeadlines: [{ kind: 'beoordeling', dueAt: 'd' }] })).toMatchObject({
      judgedAt: 'j',
      routeStarts: [{ kind: 'halt', at: 'r' }],
      missedDeadlines: [{ kind: 'beoordeling', dueAt: 'd' }],
    });
    expect(caseFactsOf(row, {})).toMatchObject({ judgedAt: null, routeStarts: [], missedDeadlines: [] });
  });
});
