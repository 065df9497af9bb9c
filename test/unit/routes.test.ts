import {
  afterHaltOutcome,
  copyToRaadRequired,
  HaltOutcome,
  procesVerbaalRules,
  PvOutcome,
  RouteKind,
  routeChoiceRules,
  type RouteChoice,
} from '../../domain/routes';

/** A leerplichtige 14-year-old after a zestien-uur melding; each test changes one thing. */
const base: RouteChoice = {
  routes: ['hulpverlening'],
  regime: 'leerplichtig',
  ageYears: 14,
  meldingKind: 'zestien-uur',
  earlierHaltForVerzuim: false,
};
const eligibleHalt = { hoursAbsent: 20, youthConsent: true, parentConsent: true, earlierHaltForVerzuim: false };

const codes = (input: Partial<RouteChoice>) => {
  const r = routeChoiceRules({ ...base, ...input });
  return r.ok ? [] : r.violations.map((v) => v.code);
};

describe('the enums', () => {
  test('hold the MAS routes and outcomes', () => {
    expect(RouteKind.options).toEqual(['waarschuwing', 'hulpverlening', 'halt', 'civiel', 'strafrechtelijk']);
    expect(PvOutcome.options).toEqual(['sepot', 'strafbeschikking', 'zitting-veroordeling', 'zitting-vrijspraak']);
    expect(HaltOutcome.options).toEqual(['geslaagd', 'mislukt']);
  });
});

describe('routeChoiceRules', () => {
  test('routes can be combined', () => {
    expect(codes({ routes: ['hulpverlening', 'waarschuwing', 'civiel', 'strafrechtelijk'] })).toEqual([]);
    expect(codes({ routes: ['hulpverlening', 'halt'], halt: eligibleHalt })).toEqual([]);
  });

  test('at least one route', () => {
    expect(codes({ routes: [] })).toEqual(['route.none']);
  });

  test('no route twice', () => {
    expect(codes({ routes: ['hulpverlening', 'waarschuwing', 'hulpverlening'] })).toEqual(['route.duplicate']);
  });

  describe('from 18 (achttien-plus) only support', () => {
    const adult = { regime: 'achttien-plus' as const, ageYears: 19 };

    test('hulpverlening is fine', () => {
      expect(codes({ ...adult, routes: ['hulpverlening'] })).toEqual([]);
    });

    test('no strafrechtelijk route', () => {
      expect(codes({ ...adult, routes: ['strafrechtelijk'] })).toEqual(['route.penal-18plus']);
    });

    test('no Halt (and Halt itself refuses the age)', () => {
      expect(codes({ ...adult, routes: ['halt'], halt: eligibleHalt })).toEqual(['route.halt-18plus', 'halt.age']);
    });

    test('no officiële waarschuwing and no dwang in civiel kader', () => {
      expect(codes({ ...adult, routes: ['waarschuwing'] })).toEqual(['route.waarschuwing-18plus']);
      expect(codes({ ...adult, routes: ['civiel'] })).toEqual(['route.civiel-adult']);
    });
  });

  describe('outside leer- and kwalificatieplicht', () => {
    test.each(['buiten-doelgroep', 'niet-leerplichtig'] as const)('%s: no penal route, no Halt, no waarschuwing', (regime) => {
      expect(codes({ regime, routes: ['strafrechtelijk'] })).toEqual(['route.penal-regime']);
      expect(codes({ regime, routes: ['halt'], halt: eligibleHalt })).toEqual(['route.halt-regime']);
      expect(codes({ regime, routes: ['waarschuwing'] })).toEqual(['route.waarschuwing-regime']);
      expect(codes({ regime, routes: ['hulpverlening'] })).toEqual([]);
    });

    test('kwalificatieplichtig: every route is open', () => {
      expect(codes({ regime: 'kwalificatieplichtig', ageYears: 17, routes: ['strafrechtelijk', 'waarschuwing', 'civiel'] })).toEqual([]);
    });
  });

  describe('Halt', () => {
    test('uses haltEligibility with the age of the youth', () => {
      expect(codes({ routes: ['halt'], ageYears: 11, halt: eligibleHalt })).toEqual(['halt.age']);
      expect(codes({ routes: ['halt'], ageYears: 12, halt: eligibleHalt })).toEqual([]);
      expect(codes({ routes: ['halt'], halt: { ...eligibleHalt, hoursAbsent: 61 } })).toEqual(['halt.hours']);
    });

    test('without the Halt facts, the missing consent and hours are reported', () => {
      expect(codes({ routes: ['halt'] })).toEqual(['halt.hours', 'halt.consent', 'halt.parent-consent']);
    });

    test('an earlier Halt referral counts from either input', () => {
      expect(codes({ routes: ['halt'], halt: eligibleHalt, earlierHaltForVerzuim: true })).toEqual(['halt.earlier-referral']);
      expect(codes({ routes: ['halt'], halt: { ...eligibleHalt, earlierHaltForVerzuim: true } })).toEqual(['halt.earlier-referral']);
    });

    test('Halt facts are ignored when Halt is not chosen', () => {
      expect(codes({ routes: ['hulpverlening'], halt: { ...eligibleHalt, youthConsent: false } })).toEqual([]);
    });
  });

  describe('luxe verzuim', () => {
    const luxe = { meldingKind: 'luxe' as const, routes: ['strafrechtelijk'] as RouteChoice['routes'] };

    test('a first luxe verzuim of at most one day gets a waarschuwing, not a proces-verbaal', () => {
      expect(codes({ ...luxe, luxe: { daysAbsent: 1, earlierLuxeMeldingen: 0 } })).toEqual(['luxe.first-warning']);
      expect(codes({ ...luxe, luxe: { daysAbsent: 0.5, earlierLuxeMeldingen: 0 } })).toEqual(['luxe.first-warning']);
      expect(codes({ ...luxe, routes: ['waarschuwing'], luxe: { daysAbsent: 1, earlierLuxeMeldingen: 0 } })).toEqual([]);
    });

    test('more than one day, or a repeat, may go to a proces-verbaal', () => {
      expect(codes({ ...luxe, luxe: { daysAbsent: 2, earlierLuxeMeldingen: 0 } })).toEqual([]);
      expect(codes({ ...luxe, luxe: { daysAbsent: 1, earlierLuxeMeldingen: 1 } })).toEqual([]);
    });

    test('a proces-verbaal needs the luxe facts', () => {
      expect(codes({ ...luxe })).toEqual(['luxe.facts']);
    });

    test('refusing the hoorgesprek is grounds for a proces-verbaal by itself', () => {
      expect(codes({ ...luxe, luxe: { daysAbsent: 1, earlierLuxeMeldingen: 0 }, hoorgesprekRefused: true })).toEqual([]);
    });

    test('the luxe rule leaves other kinds alone', () => {
      expect(codes({ routes: ['strafrechtelijk'], luxe: { daysAbsent: 1, earlierLuxeMeldingen: 0 } })).toEqual([]);
    });
  });

  describe('absoluut verzuim', () => {
    const absoluut = { meldingKind: 'absoluut' as const, routes: ['strafrechtelijk'] as RouteChoice['routes'] };

    test('the proces-verbaal waits for the end of the term to enrol', () => {
      expect(codes({ ...absoluut })).toEqual(['absoluut.enrol-term']);
      expect(codes({ ...absoluut, absoluutEnrolTermEnded: false })).toEqual(['absoluut.enrol-term']);
      expect(codes({ ...absoluut, absoluutEnrolTermEnded: true })).toEqual([]);
    });

    test('other routes need not wait', () => {
      expect(codes({ ...absoluut, routes: ['hulpverlening', 'waarschuwing'] })).toEqual([]);
    });

    test('refusing the hoorgesprek opens the penal route at once', () => {
      expect(codes({ ...absoluut, hoorgesprekRefused: true })).toEqual([]);
    });
  });

  test('reports every violation together', () => {
    expect(codes({ regime: 'achttien-plus', ageYears: 18, routes: ['strafrechtelijk', 'strafrechtelijk', 'civiel'] })).toEqual([
      'route.duplicate',
      'route.penal-18plus',
      'route.civiel-adult',
    ]);
  });
});

describe('procesVerbaalRules', () => {
  const pvCodes = (against: ('ouders' | 'jongere')[], ageYears: number, regime: RouteChoice['regime'] = 'leerplichtig') => {
    const r = procesVerbaalRules({ against, ageYears, regime });
    return r.ok ? [] : r.violations.map((v) => v.code);
  };

  test('against the parents at any age', () => {
    expect(pvCodes(['ouders'], 6)).toEqual([]);
  });

  test('against the youth only from 12', () => {
    expect(pvCodes(['jongere'], 11)).toEqual(['pv.youth-under-12']);
    expect(pvCodes(['jongere'], 12)).toEqual([]);
    expect(pvCodes(['ouders', 'jongere'], 11)).toEqual(['pv.youth-under-12']);
    expect(pvCodes(['ouders', 'jongere'], 15)).toEqual([]);
  });

  test('against at least one, each once', () => {
    expect(pvCodes([], 14)).toEqual(['pv.against']);
    expect(pvCodes(['ouders', 'ouders'], 14)).toEqual(['pv.duplicate']);
  });

  test('no proces-verbaal from 18 or outside leer- and kwalificatieplicht', () => {
    expect(pvCodes(['jongere'], 18, 'achttien-plus')).toEqual(['pv.18plus']);
    expect(pvCodes(['ouders'], 17, 'buiten-doelgroep')).toEqual(['pv.regime']);
    expect(pvCodes(['jongere'], 17, 'kwalificatieplichtig')).toEqual([]);
  });
});

describe('copyToRaadRequired', () => {
  test('only for a proces-verbaal against parents who were convicted before', () => {
    expect(copyToRaadRequired({ parentsConvictedBefore: true, against: ['ouders'] })).toBe(true);
    expect(copyToRaadRequired({ parentsConvictedBefore: true, against: ['ouders', 'jongere'] })).toBe(true);
    expect(copyToRaadRequired({ parentsConvictedBefore: true, against: ['jongere'] })).toBe(false);
    expect(copyToRaadRequired({ parentsConvictedBefore: false, against: ['ouders'] })).toBe(false);
  });
});

describe('afterHaltOutcome', () => {
  test('a failed Halt leads to a proces-verbaal; a successful one to nothing more', () => {
    expect(afterHaltOutcome('mislukt')).toEqual(['strafrechtelijk']);
    expect(afterHaltOutcome('geslaagd')).toEqual([]);
  });
});
