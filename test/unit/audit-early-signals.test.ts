import { earlySignalFactsOf, earlySignalReport, type EarlySignalFacts } from '../../domain/audit/early-signals';
import { countsTable } from '../../domain/audit/reports';

/** Early signals in the figures, apart from meldingen and cases. */
const signal = (id: string, over: Partial<EarlySignalFacts> = {}): EarlySignalFacts => ({
  id,
  gemeente: 'GM0505',
  concern: 'verzuim-onder-16-uur',
  reporterRole: 'school',
  status: 'open',
  outcome: null,
  receivedAt: '2026-10-05T09:00:00.000Z',
  firstContactAt: null,
  escalatedBy: null,
  ...over,
});

describe('earlySignalReport', () => {
  const period = { from: '2026-10-01', to: '2026-10-31' };
  const signals = [
    signal('signal-a', { status: 'afgesloten', outcome: 'verzuim-gestopt', firstContactAt: '2026-10-07T09:00:00.000Z' }),
    signal('signal-b', { status: 'geescaleerd', escalatedBy: 'consultant', concern: 'zorgwekkend-ziekteverzuim', reporterRole: 'partner', firstContactAt: '2026-10-06T09:00:00.000Z' }),
    signal('signal-c', { status: 'geescaleerd', escalatedBy: 'formele-melding', gemeente: 'GM0642' }),
    signal('signal-d'),
    signal('signal-e', { receivedAt: '2026-09-30T22:30:00.000Z' }), // 30 Sep UTC is 1 Oct (summer time) in Amsterdam: in the period
    signal('signal-f', { receivedAt: '2026-09-29T12:00:00.000Z' }), // before the period
  ];

  test('counts the signals received in the period by status, gemeente, concern, reporter, outcome and escalation', () => {
    const r = earlySignalReport(signals, period);
    expect(r).toMatchObject({ received: 5, open: 2, closed: 1, escalated: 2 });
    expect(r.byGemeente).toEqual([{ key: 'GM0505', count: 4 }, { key: 'GM0642', count: 1 }]);
    expect(r.byConcern).toEqual([
      { key: 'verzuim-onder-16-uur', label: 'Verzuim onder de 16 uur met zorgen', count: 4 },
      { key: 'zorgwekkend-ziekteverzuim', label: 'Zorgwekkend ziekteverzuim', count: 1 },
    ]);
    expect(r.byReporter).toEqual([{ key: 'partner', count: 1 }, { key: 'school', count: 4 }]);
    expect(r.byOutcome).toEqual([{ key: 'verzuim-gestopt', count: 1 }]);
    expect(r.byEscalation).toEqual([{ key: 'consultant', count: 1 }, { key: 'formele-melding', count: 1 }]);
    expect(r.daysToFirstContact).toEqual({ n: 2, medianDays: 1.5, p90Days: 1.9 });
  });

  test('as one CSV table: totals and counts', () => {
    const { period: _p, daysToFirstContact: _d, ...counts } = earlySignalReport(signals, period);
    expect(countsTable(counts)).toContainEqual({ dimension: 'received', key: '', label: '', count: 5 });
    expect(countsTable(counts)).toContainEqual({ dimension: 'byEscalation', key: 'formele-melding', label: '', count: 1 });
  });

  test('facts from the state: the first contact and who escalated', () => {
    const row = { id: 's', gemeente: 'GM0505', concern: 'anders', reporterRole: 'partner', status: 'geescaleerd', outcome: null, receivedAt: '2026-10-01T08:00:00.000Z' };
    expect(earlySignalFactsOf(row, { contacts: [{ at: '2026-10-03T08:00:00.000Z' }, { at: '2026-10-02T08:00:00.000Z' }], escalation: { by: 'consultant' } })).toMatchObject({
      firstContactAt: '2026-10-02T08:00:00.000Z',
      escalatedBy: 'consultant',
    });
    expect(earlySignalFactsOf(row, null)).toMatchObject({ firstContactAt: null, escalatedBy: null });
  });
});
