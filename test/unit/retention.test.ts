import { addDays } from '../../domain/dates';
import type { Regime } from '../../domain/regime';
import {
  hasPenalData,
  isPastTerm,
  kwalificatieplichtEnd,
  retentionCandidateCutoffs,
  retentionTerm,
  type RetentionFacts,
} from '../../domain/retention';

const facts = (f: Partial<RetentionFacts>): RetentionFacts => ({ dateOfBirth: '2010-05-17', regime: 'leerplichtig', closedOn: '2024-03-01', penal: false, ...f });

describe('retention terms (Selectielijst gemeenten 2020, Wet politiegegevens)', () => {
  test('leerplicht dossier: 19 years after the date of birth (12.1.3)', () => {
    expect(retentionTerm(facts({}))).toEqual({
      destroyOn: '2029-05-17',
      rule: 'leerplicht-12.1.3',
      applies: [{ rule: 'leerplicht-12.1.3', destroyOn: '2029-05-17' }],
    });
    expect(isPastTerm(facts({}), '2029-05-16')).toBe(false);
    expect(isPastTerm(facts({}), '2029-05-17')).toBe(true);
    // Born on 29 February: 19 years old on 1 March in a common year.
    expect(retentionTerm(facts({ dateOfBirth: '2008-02-29' }))!.destroyOn).toBe('2027-03-01');
    // A case of a child not yet leerplichtig is a leerplicht dossier too.
    expect(retentionTerm(facts({ regime: 'niet-leerplichtig' }))!.rule).toBe('leerplicht-12.1.3');
  });

  test('kwalificatieplicht: 2 years after it ends, at 18 (the 20th birthday) or at an earlier startkwalificatie (12.1.4)', () => {
    const k = facts({ dateOfBirth: '2007-09-01', regime: 'kwalificatieplichtig', closedOn: '2024-06-01' });
    expect(retentionTerm(k)).toMatchObject({ destroyOn: '2027-09-01', rule: 'kwalificatieplicht-12.1.4' });
    expect(kwalificatieplichtEnd('2007-09-01', '2024-07-10')).toBe('2024-07-10');
    expect(retentionTerm({ ...k, startkwalificatieOn: '2024-07-10' })!.destroyOn).toBe('2026-07-10');
    // A startkwalificatie after the 18th birthday does not extend it.
    expect(kwalificatieplichtEnd('2007-09-01', '2026-01-01')).toBe('2025-09-01');
    expect(retentionTerm({ ...k, startkwalificatieOn: null })!.destroyOn).toBe('2027-09-01');
  });

  test('Doorstroompunt (18+) and outside the target group: 2 years after closure', () => {
    for (const regime of ['achttien-plus', 'buiten-doelgroep'] as Regime[]) {
      expect(retentionTerm(facts({ dateOfBirth: '2004-01-01', regime, closedOn: '2024-03-01' }))).toMatchObject({ destroyOn: '2026-03-01', rule: 'doorstroompunt-2-jaar' });
    }
  });

  test('penal data: 5 years after closure (Wpg) when that is later; otherwise the dossier term decides', () => {
    // Leerplicht at 15, closed 2024: 19th birthday in 2028 is before closure + 5 years (2029).
    const early = retentionTerm(facts({ dateOfBirth: '2009-01-10', closedOn: '2024-03-01', penal: true }))!;
    expect(early).toEqual({
      destroyOn: '2029-03-01',
      rule: 'wpg-5-jaar',
      applies: [
        { rule: 'leerplicht-12.1.3', destroyOn: '2028-01-10' },
        { rule: 'wpg-5-jaar', destroyOn: '2029-03-01' },
      ],
    });
    // Closed at 8: the leerplicht term (19th birthday) outlasts the Wpg's 5 years.
    expect(retentionTerm(facts({ dateOfBirth: '2016-01-10', closedOn: '2024-03-01', penal: true }))).toMatchObject({ destroyOn: '2035-01-10', rule: 'leerplicht-12.1.3' });
  });

  test('an open case has no term and is never past it; a term never ends before the case closed', () => {
    expect(retentionTerm(facts({ closedOn: null }))).toBeNull();
    expect(isPastTerm(facts({ closedOn: null }), '2100-01-01')).toBe(false);
    // Odd data (leerplicht regime, closed after the 19th birthday): kept at least until it closed.
    expect(retentionTerm(facts({ dateOfBirth: '2000-01-01', closedOn: '2024-03-01' }))!.destroyOn).toBe('2024-03-01');
  });

  test('penal data: a strafrechtelijk route, or a hoorgesprek (from its invitation)', () => {
    expect(hasPenalData({ routes: [{ kind: 'strafrechtelijk' }], hoorgesprek: { invitations: [] } })).toBe(true);
    expect(hasPenalData({ routes: [{ kind: 'halt' }], hoorgesprek: { invitations: [{}] } })).toBe(true);
    expect(hasPenalData({ routes: [{ kind: 'waarschuwing' }, { kind: 'hulpverlening' }], hoorgesprek: { invitations: [] } })).toBe(false);
    expect(hasPenalData({})).toBe(false);
  });

  test('the database pre-selection never misses a case past its term (no startkwalificatie date known)', () => {
    const regimes: Regime[] = ['niet-leerplichtig', 'leerplichtig', 'kwalificatieplichtig', 'achttien-plus', 'buiten-doelgroep'];
    const births = ['2000-02-29', '2003-12-31', '2004-03-01', '2005-06-15', '2008-02-29', '2010-01-01'];
    const closures = ['2018-02-28', '2020-02-29', '2021-03-01', '2022-12-31', '2023-06-30'];
    let checked = 0;
    const missed: unknown[] = [];
    for (let today = '2022-01-01'; today <= '2030-12-31'; today = addDays(today, 13)) {
      const cut = retentionCandidateCutoffs(today);
      for (const regime of regimes)
        for (const dateOfBirth of births)
          for (const closedOn of closures)
            for (const penal of [false, true]) {
              const f = { dateOfBirth, regime, closedOn, penal };
              if (!isPastTerm(f, today)) continue;
              checked++;
              if (!(closedOn <= cut.closedOnOrBefore || dateOfBirth <= cut.bornOnOrBefore)) missed.push({ f, today });
            }
    }
    expect(missed).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });
});
