import { deriveThuiszitter } from '../../domain/thuiszitter';

/** Thuiszitter derivation from the case's meldingen and vrijstellingen. */
describe('deriveThuiszitter', () => {
  const m = (kind: string, startDate: string, reportDate: string) => ({ kind, startDate, reportDate });

  test('langdurig-relatief and absoluut meldingen are thuiszitters from the start of the absence', () => {
    expect(deriveThuiszitter({ meldingen: [m('langdurig-relatief', '2026-10-01', '2026-10-20')], vrijstellingen: [] })).toEqual({ thuiszitter: true, since: '2026-10-01', reason: 'langdurig-relatief' });
    expect(deriveThuiszitter({ meldingen: [m('absoluut', '2026-10-01', '2026-10-02')], vrijstellingen: [] })).toMatchObject({ thuiszitter: true, reason: 'absoluut' });
  });

  test('four weeks (28 days) between start and report makes a thuiszitter; 27 days does not', () => {
    expect(deriveThuiszitter({ meldingen: [m('zestien-uur', '2026-10-01', '2026-10-29')], vrijstellingen: [] })).toMatchObject({ thuiszitter: true, reason: 'vier-weken-afwezig' });
    expect(deriveThuiszitter({ meldingen: [m('zestien-uur', '2026-10-01', '2026-10-28')], vrijstellingen: [] })).toEqual({ thuiszitter: false, reason: 'korter-dan-vier-weken' });
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
