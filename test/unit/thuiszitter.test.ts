import { deriveThuiszitter, thuiszitterFrom } from '../../domain/thuiszitter';

/** Thuiszitter derivation from the case's meldingen and vrijstellingen. */
describe('deriveThuiszitter', () => {
  const m = (kind: string, startDate: string, reportDate: string, daysAbsent?: number) => ({ kind, startDate, reportDate, daysAbsent });

  test('langdurig-relatief and absoluut meldingen are thuiszitters from the start of the absence', () => {
    expect(deriveThuiszitter({ meldingen: [m('langdurig-relatief', '2026-10-01', '2026-10-20')], vrijstellingen: [] })).toEqual({ thuiszitter: true, since: '2026-10-01', reason: 'langdurig-relatief' });
    expect(deriveThuiszitter({ meldingen: [m('absoluut', '2026-10-01', '2026-10-02')], vrijstellingen: [] })).toMatchObject({ thuiszitter: true, reason: 'absoluut' });
  });

  test('four school weeks of whole days absent (20 days over Monday to Friday of the fourth week) makes a thuiszitter', () => {
    // Monday 5 Oct to Friday 30 Oct 2026: four school weeks.
    expect(deriveThuiszitter({ meldingen: [m('zestien-uur', '2026-10-05', '2026-10-30', 20)], vrijstellingen: [] })).toEqual({ thuiszitter: true, since: '2026-10-05', reason: 'vier-weken-afwezig' });
    expect(deriveThuiszitter({ meldingen: [m('zestien-uur', '2026-10-05', '2026-10-30', 19)], vrijstellingen: [] })).toEqual({ thuiszitter: false, reason: 'korter-dan-vier-weken' });
    expect(deriveThuiszitter({ meldingen: [m('zestien-uur', '2026-10-05', '2026-10-29', 20)], vrijstellingen: [] })).toMatchObject({ thuiszitter: false });
  });

  test('hours spread over four weeks are no thuiszitter: the youth is at school most of the time', () => {
    expect(deriveThuiszitter({ meldingen: [m('zestien-uur', '2026-10-01', '2026-11-20')], vrijstellingen: [] })).toEqual({ thuiszitter: false, reason: 'korter-dan-vier-weken' });
  });

  test("the region's definition in weeks counts", () => {
    expect(deriveThuiszitter({ meldingen: [m('zestien-uur', '2026-10-05', '2026-10-16', 10)], vrijstellingen: [], weeks: 2 })).toMatchObject({ thuiszitter: true });
    expect(deriveThuiszitter({ meldingen: [m('zestien-uur', '2026-10-05', '2026-10-30', 20)], vrijstellingen: [], weeks: 6 })).toMatchObject({ thuiszitter: false });
  });

  test('thuiszitterFrom: the date from which a youth at home counts as a thuiszitter', () => {
    expect(thuiszitterFrom('2026-10-05')).toBe('2026-11-02');
    expect(thuiszitterFrom('2026-10-05', 6)).toBe('2026-11-16');
  });

  test('a covering vrijstelling (also open-ended) means no thuiszitter; one outside the period does not count', () => {
    const meldingen = [m('langdurig-relatief', '2026-10-01', '2026-11-01')];
    expect(deriveThuiszitter({ meldingen, vrijstellingen: [{ from: '2026-09-01' }] })).toEqual({ thuiszitter: false, reason: 'vrijstelling' });
    expect(deriveThuiszitter({ meldingen, vrijstellingen: [{ from: '2026-01-01', to: '2026-06-30' }] })).toMatchObject({ thuiszitter: true });
  });

  test('no melding, no thuiszitter', () => {
    expect(deriveThuiszitter({ meldingen: [], vrijstellingen: [] })).toEqual({ thuiszitter: false, reason: 'geen-melding' });
  });
});
