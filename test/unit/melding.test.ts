import {
  Brin,
  Bsn,
  GemeenteCode,
  MeldingSchema,
  Onderwijsnummer,
  youthIdentifier,
  type MeldingInput,
} from '../../domain/melding';

/** A valid zestien-uur melding; each test changes one thing. */
function melding(overrides: Partial<MeldingInput> = {}): MeldingInput {
  return {
    meldingId: 'M-2025_0001',
    kind: 'zestien-uur',
    reportDate: '2025-10-06',
    startDate: '2025-09-08',
    endDate: '2025-10-03',
    hoursAbsent: 18,
    youth: { bsn: '111222333', firstName: 'Sem', lastName: 'de Vries', dateOfBirth: '2011-04-12' },
    gemeente: 'GM0505',
    school: { brin: '12AB', locationCode: '01', name: 'Testcollege Dordrecht' },
    melder: { name: 'J. Jansen', function: 'verzuimcoördinator', email: 'verzuim@testcollege.example' },
    ...overrides,
  };
}

/** The issues of a failed parse as 'path: code' (or 'path' when zod raised it itself). */
function issues(input: unknown): string[] {
  const r = MeldingSchema.safeParse(input);
  if (r.success) return [];
  return r.error.issues.map((i) => {
    const code = (i as { params?: { code?: string } }).params?.code;
    return code ? `${i.path.join('.')}: ${code}` : i.path.join('.');
  });
}

describe('Bsn (elfproef)', () => {
  test.each(['111222333', '123456782'])('accepts %s', (bsn) => {
    expect(Bsn.safeParse(bsn).success).toBe(true);
  });

  test.each([
    ['111222334', 'last digit off by one'],
    ['123456789', 'fails the elfproef'],
    ['000000000', 'sum 0 is divisible by 11 but is no number'],
    ['11122233', 'eight digits'],
    ['1112223333', 'ten digits'],
    ['11122233a', 'a letter'],
    ['101222331', 'an onderwijsnummer is no BSN'],
  ])('rejects %s (%s)', (bsn) => {
    expect(Bsn.safeParse(bsn).success).toBe(false);
  });
});

describe('Onderwijsnummer', () => {
  test('accepts a number starting with 10 whose elfproef sum leaves 5', () => {
    expect(Onderwijsnummer.safeParse('101222331').success).toBe(true);
  });

  test.each([
    ['100252333', 'wrong check digit'],
    ['111222333', 'a BSN, not starting with 10'],
    ['211222337', 'not starting with 10'],
    ['10122233', 'eight digits'],
  ])('rejects %s (%s)', (n) => {
    expect(Onderwijsnummer.safeParse(n).success).toBe(false);
  });
});

describe('Brin and GemeenteCode', () => {
  test('a BRIN is 2 digits and 2 capital letters', () => {
    expect(Brin.safeParse('12AB').success).toBe(true);
    for (const bad of ['12ab', '1AB2', '123AB', 'AB12', '12A']) expect(Brin.safeParse(bad).success).toBe(false);
  });

  test('a gemeentecode is GM and 4 digits', () => {
    expect(GemeenteCode.safeParse('GM0505').success).toBe(true);
    for (const bad of ['0505', 'GM505', 'gm0505', 'GM05050']) expect(GemeenteCode.safeParse(bad).success).toBe(false);
  });
});

describe('MeldingSchema', () => {
  test('accepts a complete zestien-uur melding and defaults schoolWantsAction to true', () => {
    const m = MeldingSchema.parse(melding());
    expect(m.schoolWantsAction).toBe(true);
    expect(m.youth.bsn).toBe('111222333');
  });

  test('keeps schoolWantsAction false when the school says so', () => {
    expect(MeldingSchema.parse(melding({ schoolWantsAction: false })).schoolWantsAction).toBe(false);
  });

  test('reports each broken field with its path', () => {
    expect(
      issues(
        melding({
          reportDate: '2025-02-30',
          gemeente: 'Dordrecht',
          school: { brin: '12ab', name: 'X' },
          melder: { name: 'J', function: 'mentor', email: 'geen-email' },
        }),
      ).sort(),
    ).toEqual(['gemeente', 'melder.email', 'reportDate', 'school.brin']);
  });

  test('rejects unknown fields at every level', () => {
    expect(issues({ ...melding(), extra: 1 })).toEqual(['']);
    expect(issues(melding({ youth: { bsn: '111222333', firstName: 'A', lastName: 'B', dateOfBirth: '2011-04-12', nickname: 'x' } as never }))).toEqual([
      'youth',
    ]);
  });

  test('an invalid BSN is reported on youth.bsn', () => {
    expect(issues(melding({ youth: { bsn: '111222334', firstName: 'A', lastName: 'B', dateOfBirth: '2011-04-12' } }))).toEqual(['youth.bsn']);
  });

  describe('identifies the youth by exactly one persoonsgebonden nummer', () => {
    const youth = { firstName: 'A', lastName: 'B', dateOfBirth: '2011-04-12' };

    test('an onderwijsnummer alone is fine', () => {
      expect(issues(melding({ youth: { ...youth, onderwijsnummer: '101222331' } }))).toEqual([]);
    });

    test('neither is refused on youth.bsn', () => {
      expect(issues(melding({ youth }))).toEqual(['youth.bsn: melding.youth-identifier']);
    });

    test('both is refused on youth.bsn', () => {
      expect(issues(melding({ youth: { ...youth, bsn: '111222333', onderwijsnummer: '101222331' } }))).toEqual(['youth.bsn: melding.youth-identifier']);
    });
  });

  describe('dates', () => {
    test('endDate before startDate', () => {
      expect(issues(melding({ endDate: '2025-09-07' }))).toEqual(['endDate: melding.end-before-start']);
    });

    test('endDate equal to startDate is fine', () => {
      expect(issues(melding({ endDate: '2025-09-08' }))).toEqual([]);
    });

    test('startDate after reportDate', () => {
      expect(issues(melding({ startDate: '2025-10-07', endDate: '2025-10-07' }))).toEqual(['startDate: melding.start-after-report']);
    });

    test('startDate equal to reportDate is fine', () => {
      expect(issues(melding({ startDate: '2025-10-06', endDate: '2025-10-06' }))).toEqual([]);
    });

    test('dateOfBirth on or after the startDate', () => {
      const youth = { bsn: '111222333', firstName: 'A', lastName: 'B' };
      expect(issues(melding({ youth: { ...youth, dateOfBirth: '2025-09-08' } }))).toEqual(['youth.dateOfBirth: melding.born-after-start']);
      expect(issues(melding({ youth: { ...youth, dateOfBirth: '2025-09-07' } }))).toEqual([]);
    });

    test('endDate is required for zestien-uur and langdurig-relatief, not for luxe', () => {
      expect(issues(melding({ endDate: undefined }))).toEqual(['endDate: melding.end-date-required']);
      expect(issues(melding({ kind: 'langdurig-relatief', endDate: undefined }))).toEqual(['endDate: melding.end-date-required']);
      expect(issues(melding({ kind: 'luxe', endDate: undefined, hoursAbsent: undefined, daysAbsent: 2 }))).toEqual([]);
    });
  });

  describe('per kind', () => {
    test('zestien-uur needs at least 16 hours', () => {
      expect(issues(melding({ hoursAbsent: 15.5 }))).toEqual(['hoursAbsent: melding.zestien-uur-hours']);
      expect(issues(melding({ hoursAbsent: undefined }))).toEqual(['hoursAbsent: melding.zestien-uur-hours']);
      expect(issues(melding({ hoursAbsent: 16 }))).toEqual([]);
    });

    test('luxe needs days or hours', () => {
      const luxe = { kind: 'luxe' as const, hoursAbsent: undefined, daysAbsent: undefined };
      expect(issues(melding(luxe))).toEqual(['daysAbsent: melding.luxe-absence']);
      expect(issues(melding({ ...luxe, daysAbsent: 3 }))).toEqual([]);
      expect(issues(melding({ ...luxe, hoursAbsent: 5 }))).toEqual([]);
    });

    test('overig needs a reason, and te-laat needs timesLate', () => {
      const overig = { kind: 'overig' as const, hoursAbsent: 6 };
      expect(issues(melding(overig))).toEqual(['overigReason: melding.overig-reason']);
      expect(issues(melding({ ...overig, overigReason: 'zorgen' }))).toEqual([]);
      expect(issues(melding({ ...overig, overigReason: 'te-laat' }))).toEqual(['timesLate: melding.times-late']);
      expect(issues(melding({ ...overig, overigReason: 'te-laat', timesLate: 9 }))).toEqual([]);
    });

    test('timesLate must be a whole number', () => {
      expect(issues(melding({ kind: 'overig', overigReason: 'te-laat', timesLate: 9.5 }))).toEqual(['timesLate']);
    });

    test('school and melder are required unless the verzuim is absoluut', () => {
      expect(issues(melding({ school: undefined, melder: undefined }))).toEqual(['school: melding.school-required', 'melder: melding.melder-required']);
      expect(issues(melding({ kind: 'absoluut', school: undefined, melder: undefined, endDate: undefined, hoursAbsent: undefined }))).toEqual([]);
    });

    test('negative hours are refused', () => {
      expect(issues(melding({ kind: 'overig', overigReason: 'zorgen', hoursAbsent: -1 }))).toEqual(['hoursAbsent']);
    });
  });

  test('free text has limits', () => {
    expect(issues(melding({ presumedReason: 'x'.repeat(2000) }))).toEqual([]);
    expect(issues(melding({ presumedReason: 'x'.repeat(2001) }))).toEqual(['presumedReason']);
    expect(issues(melding({ schoolActions: 'x'.repeat(4001) }))).toEqual(['schoolActions']);
  });

  test('meldingId is 1 to 64 of letters, digits, - and _', () => {
    expect(issues(melding({ meldingId: 'a'.repeat(64) }))).toEqual([]);
    expect(issues(melding({ meldingId: 'a'.repeat(65) }))).toEqual(['meldingId']);
    expect(issues(melding({ meldingId: '' }))).toEqual(['meldingId']);
    expect(issues(melding({ meldingId: 'm/1' }))).toEqual(['meldingId']);
  });

  test('each custom issue carries an English sentence', () => {
    const r = MeldingSchema.safeParse(melding({ endDate: '2025-09-01' }));
    expect(r.error?.issues[0]?.message).toBe('The endDate must not be before the startDate.');
  });
});

describe('youthIdentifier', () => {
  test('gives the BSN when there is one', () => {
    expect(youthIdentifier(MeldingSchema.parse(melding()))).toEqual({ kind: 'bsn', value: '111222333' });
  });

  test('gives the onderwijsnummer otherwise', () => {
    const m = MeldingSchema.parse(melding({ youth: { onderwijsnummer: '101222331', firstName: 'A', lastName: 'B', dateOfBirth: '2011-04-12' } }));
    expect(youthIdentifier(m)).toEqual({ kind: 'onderwijsnummer', value: '101222331' });
  });
});
