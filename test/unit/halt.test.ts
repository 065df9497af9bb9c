import { haltEligibility, type HaltInput } from '../../domain/halt';

/** An eligible referral: 14 years old, 20 hours, everyone consents. */
const eligible: HaltInput = {
  ageOnReferral: 14,
  hoursAbsent: 20,
  youthConsent: true,
  parentConsent: true,
  earlierHaltForVerzuim: false,
  untreatedSeriousPsychiatricProblems: false,
};

const codes = (input: Partial<HaltInput>) => {
  const r = haltEligibility({ ...eligible, ...input });
  return r.ok ? [] : r.violations.map((v) => v.code);
};

describe('haltEligibility', () => {
  test('an eligible referral passes', () => {
    expect(haltEligibility(eligible)).toEqual({ ok: true });
  });

  describe('age: 12 up to 18', () => {
    test.each([
      [11, ['halt.age']],
      [12, []],
      [17, []],
      [18, ['halt.age']],
    ])('age %i', (age, expected) => {
      expect(codes({ ageOnReferral: age })).toEqual(expected);
    });

    test('the message names the age', () => {
      const r = haltEligibility({ ...eligible, ageOnReferral: 11 });
      expect(r.ok ? '' : r.violations[0]!.message).toBe('Halt is only for a youth of 12 up to 18; this youth is 11.');
    });
  });

  describe('9 to 60 hours absent, or 12 to 60 times late', () => {
    test.each([
      [8, ['halt.hours']],
      [8.5, ['halt.hours']],
      [9, []],
      [60, []],
      [61, ['halt.hours']],
    ])('%d hours', (hours, expected) => {
      expect(codes({ hoursAbsent: hours })).toEqual(expected);
    });

    test.each([
      [11, ['halt.hours']],
      [12, []],
      [60, []],
      [61, ['halt.hours']],
    ])('%i times late and no hours', (late, expected) => {
      expect(codes({ hoursAbsent: undefined, timesLate: late })).toEqual(expected);
    });

    test('either criterion is enough', () => {
      expect(codes({ hoursAbsent: 61, timesLate: 15 })).toEqual([]);
      expect(codes({ hoursAbsent: 4, timesLate: 15 })).toEqual([]);
      expect(codes({ hoursAbsent: 20, timesLate: 100 })).toEqual([]);
    });

    test('neither hours nor late coming: not enough', () => {
      expect(codes({ hoursAbsent: undefined, timesLate: undefined })).toEqual(['halt.hours']);
    });
  });

  describe('consent', () => {
    test('the youth must consent', () => {
      expect(codes({ youthConsent: false })).toEqual(['halt.consent']);
    });

    test('under 16 the parents must consent too', () => {
      expect(codes({ ageOnReferral: 15, parentConsent: false })).toEqual(['halt.parent-consent']);
      expect(codes({ ageOnReferral: 15, parentConsent: undefined })).toEqual(['halt.parent-consent']);
    });

    test('from 16 the parents need not consent', () => {
      expect(codes({ ageOnReferral: 16, parentConsent: false })).toEqual([]);
      expect(codes({ ageOnReferral: 17, parentConsent: undefined })).toEqual([]);
    });
  });

  test('never referred to Halt for verzuim before', () => {
    expect(codes({ earlierHaltForVerzuim: true })).toEqual(['halt.earlier-referral']);
  });

  test('no untreated serious psychiatric problems', () => {
    expect(codes({ untreatedSeriousPsychiatricProblems: true })).toEqual(['halt.psychiatric']);
    expect(codes({ untreatedSeriousPsychiatricProblems: undefined })).toEqual([]);
  });

  test('reports every broken criterion at once, each with a message', () => {
    const r = haltEligibility({
      ageOnReferral: 11,
      hoursAbsent: 3,
      youthConsent: false,
      parentConsent: false,
      earlierHaltForVerzuim: true,
      untreatedSeriousPsychiatricProblems: true,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.violations.map((v) => v.code)).toEqual([
      'halt.age',
      'halt.hours',
      'halt.consent',
      'halt.parent-consent',
      'halt.earlier-referral',
      'halt.psychiatric',
    ]);
    for (const v of r.violations) expect(v.message).toMatch(/^[A-Z].+\.$/);
  });
});
