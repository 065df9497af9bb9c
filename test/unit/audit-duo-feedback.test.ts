import type { Actor } from '../../domain/case/actor';
import type { CaseChange } from '../../domain/case/changes';
import { duoFeedbackFor, reportedSoFar, type FeedbackSource } from '../../domain/audit/duo-feedback';

const anna: Actor = { id: 'lpa-anna', role: 'consultant' };
const change = (version: number, duoStatus: CaseChange['duoStatus'], at: string): CaseChange => ({ version, action: 'x', at, actor: anna, duoStatus });

function source(over: Partial<FeedbackSource> = {}): FeedbackSource {
  return {
    caseId: 'case-M-1',
    version: 1,
    duoStatus: 'geregistreerd',
    gemeente: 'GM0505',
    consultantId: 'lpa-anna',
    meldingen: [{ meldingId: 'M-1', receivedAt: '2026-03-01T09:00:00.000Z' }],
    recentChanges: [change(1, 'geregistreerd', '2026-03-01T09:00:00.000Z')],
    ...over,
  };
}

describe('DUO feedback records', () => {
  test('the first status of a melding is a record', () => {
    expect(duoFeedbackFor(source(), reportedSoFar([]))).toEqual([
      {
        caseId: 'case-M-1',
        version: 1,
        meldingIds: ['M-1'],
        gemeente: 'GM0505',
        status: 'geregistreerd',
        statusLabel: 'Geregistreerd',
        closingReason: null,
        closingReasonLabel: null,
        contactPerson: 'lpa-anna',
        changedAt: '2026-03-01T09:00:00.000Z',
      },
    ]);
  });

  test('only a change of status makes a new record; an unchanged status does not', () => {
    const s = source({
      version: 3,
      duoStatus: 'in-behandeling',
      recentChanges: [change(1, 'geregistreerd', '2026-03-01T09:00:00.000Z'), change(2, 'in-behandeling', '2026-03-02T09:00:00.000Z'), change(3, 'in-behandeling', '2026-03-03T09:00:00.000Z')],
    });
    const before = reportedSoFar([{ version: 1, meldingIds: ['M-1'], status: 'geregistreerd' }]);
    expect(duoFeedbackFor(s, before).map((r) => [r.version, r.status])).toEqual([[2, 'in-behandeling']]);
    // Projected again (a retried activity): nothing new.
    expect(duoFeedbackFor(s, reportedSoFar([{ version: 1, meldingIds: ['M-1'], status: 'geregistreerd' }, { version: 2, meldingIds: ['M-1'], status: 'in-behandeling' }]))).toEqual([]);
  });

  test('a recidive melding gets its own record with the current status', () => {
    const s = source({
      version: 5,
      duoStatus: 'in-behandeling',
      meldingen: [{ meldingId: 'M-1', receivedAt: '2026-03-01T09:00:00.000Z' }, { meldingId: 'M-2', receivedAt: '2026-04-01T09:00:00.000Z' }],
      recentChanges: [change(4, 'in-behandeling', '2026-03-20T09:00:00.000Z'), change(5, 'in-behandeling', '2026-04-01T09:00:00.000Z')],
    });
    const records = duoFeedbackFor(s, reportedSoFar([{ version: 2, meldingIds: ['M-1'], status: 'in-behandeling' }]));
    // Its receipt first (Geregistreerd, at its arrival), then the status of the case.
    expect(records.map((r) => [r.version, r.meldingIds, r.status, r.changedAt])).toEqual([
      [5, ['M-2'], 'geregistreerd', '2026-04-01T09:00:00.000Z'],
      [5, ['M-2'], 'in-behandeling', '2026-04-01T09:00:00.000Z'],
    ]);
  });

  test('closure: every melding gets the end status with the closing reason and its Dutch label', () => {
    const s = source({
      version: 9,
      duoStatus: 'afgesloten',
      meldingen: [{ meldingId: 'M-1', receivedAt: '2026-03-01T09:00:00.000Z' }, { meldingId: 'M-2', receivedAt: '2026-04-01T09:00:00.000Z' }],
      closure: { reason: 'inschrijving-beeindigd', closedAt: '2026-06-01T09:00:00.000Z' },
      recentChanges: [change(9, 'afgesloten', '2026-06-01T09:00:00.000Z')],
    });
    const [record] = duoFeedbackFor(s, reportedSoFar([{ version: 5, meldingIds: ['M-1', 'M-2'], status: 'in-behandeling' }]));
    expect(record).toMatchObject({ meldingIds: ['M-1', 'M-2'], status: 'afgesloten', statusLabel: 'Afgesloten', closingReason: 'inschrijving-beeindigd', closingReasonLabel: 'Inschrijving beëindigd' });
  });

  test('a state from before the change log counts as one change at its version', () => {
    const s = source({ version: 4, duoStatus: 'ter-kennisgeving-aangenomen', recentChanges: undefined, closure: { reason: 'vrijstelling', closedAt: '2026-03-05T09:00:00.000Z' } });
    expect(duoFeedbackFor(s, reportedSoFar([]))).toMatchObject([{ version: 4, status: 'geregistreerd' }, { version: 4, status: 'ter-kennisgeving-aangenomen', statusLabel: 'Ter kennisgeving aangenomen', closingReasonLabel: 'Vrijstelling', changedAt: '2026-03-05T09:00:00.000Z' }]);
  });

  test('a melding that goes straight into the onderzoek is Geregistreerd at its receipt, then In behandeling', () => {
    const s = source({ duoStatus: 'in-behandeling', recentChanges: [change(1, 'in-behandeling', '2026-03-01T09:00:00.000Z')] });
    const records = duoFeedbackFor(s, reportedSoFar([]));
    expect(records.map((r) => [r.version, r.status, r.statusLabel, r.changedAt])).toEqual([
      [1, 'geregistreerd', 'Geregistreerd', '2026-03-01T09:00:00.000Z'],
      [1, 'in-behandeling', 'In behandeling', '2026-03-01T09:00:00.000Z'],
    ]);
    // Folded back in any order, the receipt comes first: projected again, nothing new.
    expect(duoFeedbackFor(s, reportedSoFar([...records].reverse()))).toEqual([]);
    const later = source({ version: 2, duoStatus: 'in-behandeling', recentChanges: [change(1, 'in-behandeling', '2026-03-01T09:00:00.000Z'), change(2, 'in-behandeling', '2026-03-02T09:00:00.000Z')] });
    expect(duoFeedbackFor(later, reportedSoFar([...records].reverse()))).toEqual([]);
  });
});
