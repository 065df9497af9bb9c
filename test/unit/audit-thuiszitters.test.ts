import { thuiszitterPeriodsOf, thuiszitterReport, type ThuiszitterPeriodFacts } from '../../domain/audit/thuiszitters';

/** The management report on thuiszitters: per gemeente, with their duration. */
const period = { from: '2026-09-01', to: '2026-11-30' };
const fact = (caseId: string, gemeente: string, since: string, until: string | null, over: Partial<ThuiszitterPeriodFacts> = {}): ThuiszitterPeriodFacts => ({
  caseId,
  gemeente,
  since,
  until,
  grounds: 'langdurig-relatief',
  reviews: 0,
  lastReviewOn: null,
  openGoals: 0,
  reviewOverdue: false,
  ...over,
});

describe('thuiszitterReport', () => {
  const periods = [
    fact('case-a', 'GM0505', '2026-08-20', null, { reviewOverdue: true }), // running from before the period
    fact('case-b', 'GM0505', '2026-10-01', '2026-11-10'), // started and ended in the period
    fact('case-c', 'GM0642', '2026-11-02', null), // started in the period
    fact('case-d', 'GM0642', '2026-03-01', '2026-06-30'), // ended before the period: not counted
    fact('case-e', 'GM0642', '2026-12-05', null), // starts after the period: not counted
  ];

  test('counts the periods overlapping the report period, per gemeente, with days up to their end or the end of the period', () => {
    const r = thuiszitterReport(periods, period);
    expect(r.thuiszitters.map((t) => [t.caseId, t.days, t.running])).toEqual([
      ['case-a', 102, true],
      ['case-b', 40, false],
      ['case-c', 28, true],
    ]);
    expect(r.byGemeente).toEqual([
      { gemeente: 'GM0505', total: 2, running: 1, startedInPeriod: 1, endedInPeriod: 1, reviewOverdue: 1, medianDays: 71, maxDays: 102 },
      { gemeente: 'GM0642', total: 1, running: 1, startedInPeriod: 1, endedInPeriod: 0, reviewOverdue: 0, medianDays: 28, maxDays: 28 },
    ]);
    expect(r.total).toMatchObject({ gemeente: 'alle', total: 3, running: 2, medianDays: 40, maxDays: 102 });
  });

  test('a period that ends after the report period still runs at its end', () => {
    const r = thuiszitterReport([fact('case-f', 'GM0505', '2026-11-01', '2026-12-15')], period);
    expect(r.thuiszitters[0]).toMatchObject({ days: 29, running: true });
    expect(r.byGemeente[0]).toMatchObject({ endedInPeriod: 0 });
  });

  test('a report period reaching into the future measures up to today', () => {
    expect(thuiszitterReport([fact('case-g', 'GM0505', '2026-11-01', null)], period, '2026-11-22').thuiszitters[0]).toMatchObject({ days: 21, running: true });
  });

  test('no thuiszitters: empty rows, null durations', () => {
    expect(thuiszitterReport([], period).total).toEqual({ gemeente: 'alle', total: 0, running: 0, startedInPeriod: 0, endedInPeriod: 0, reviewOverdue: 0, medianDays: null, maxDays: null });
  });
});

describe('thuiszitterPeriodsOf', () => {
  test('reads the earlier and the latest period from the case state; only the running one can be overdue', () => {
    const state = {
      thuiszitter: {
        since: '2026-10-20',
        grounds: 'vier-weken-afwezig',
        reviews: [{ heldOn: '2026-11-02' }, { heldOn: '2026-11-16' }],
        goals: [{ status: 'open' }, { status: 'behaald' }],
        previous: [{ since: '2026-05-01', until: '2026-06-15', grounds: 'ziek-met-plan', reviews: [], goals: [] }],
      },
      deadlines: [{ id: 'thuiszitter-overleg', expired: true }],
    };
    expect(thuiszitterPeriodsOf('case-x', 'GM0505', state)).toEqual([
      fact('case-x', 'GM0505', '2026-05-01', '2026-06-15', { grounds: 'ziek-met-plan' }),
      fact('case-x', 'GM0505', '2026-10-20', null, { grounds: 'vier-weken-afwezig', reviews: 2, lastReviewOn: '2026-11-16', openGoals: 1, reviewOverdue: true }),
    ]);
    expect(thuiszitterPeriodsOf('case-y', 'GM0505', {})).toEqual([]);
  });
});
