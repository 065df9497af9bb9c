import { isWorkingDay } from '../../domain/calendar';
import { dayOfWeek } from '../../domain/dates';
import { VerzuimKind } from '../../domain/melding';
import { RegionPolicySchema, weeks, weeksAfter, workingDeadline, ZHZ_GEMEENTEN, ZHZ_POLICY } from '../../domain/policy';
import { MIDDEN_SCHOOL_HOLIDAYS_SEED } from '../../domain/calendar-school-holidays-seed';

/** What a ZHZ case counts with: the policy's own days (none), regio midden's school holidays; public holidays by rule. */
const ZHZ_HOLIDAYS = [...ZHZ_POLICY.holidays, ...MIDDEN_SCHOOL_HOLIDAYS_SEED.flatMap((y) => y.holidays)];
const ZHZ_TERMS = { holidays: ZHZ_HOLIDAYS };

describe('RegionPolicySchema defaults (LVS Zuid-Holland Zuid)', () => {
  const p = RegionPolicySchema.parse({ regionId: 'test', name: 'Test' });

  test('every deadline has the ZHZ value', () => {
    expect(p).toMatchObject({
      schoolInfoDeadlineWorkingDays: 5,
      schoolInfoReminderBeforeDeadlineWorkingDays: 2,
      schoolInfoEscalationAfterDeadlineWorkingDays: 2,
      schoolInfoSecondReminderAfterDeadlineWorkingDays: 1,
      hoorgesprekPlanningWorkingDays: 10,
      judgementWorkingDays: 5,
      routeChoiceWorkingDays: 5,
      consultantReminderBeforeDeadlineWorkingDays: 1,
      teamLeadEscalationAfterDeadlineWorkingDays: 2,
      monitoringPeriodWeeks: 12,
      routeFollowUpWeeks: { hulpverlening: 6, halt: 8, civiel: 8, strafrechtelijk: 12 },
      absoluutVerzuimEnrolTermWeeks: 4,
      lateComingReportThreshold: 9,
      earlySignalResponseWorkingDays: 5,
      earlySignalFollowUpWeeks: 4,
      thuiszitterWeeks: 4,
      thuiszitterReviewWeeks: 6,
      huisbezoekFollowUpWorkingDays: 5,
      holidays: [],
    });
  });

  test('all verzuim kinds are enabled by default', () => {
    expect(p.verzuimKinds).toEqual(VerzuimKind.options);
  });

  test('a region sets its own values', () => {
    const own = RegionPolicySchema.parse({ regionId: 'holland-rijnland', name: 'RBL Holland Rijnland', schoolInfoDeadlineWorkingDays: 10, verzuimKinds: ['zestien-uur'] });
    expect(own.schoolInfoDeadlineWorkingDays).toBe(10);
    expect(own.verzuimKinds).toEqual(['zestien-uur']);
  });
});

describe('RegionPolicySchema validation', () => {
  const paths = (input: object) => {
    const r = RegionPolicySchema.safeParse({ regionId: 'test', name: 'Test', ...input });
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };

  test('deadlines are positive whole numbers', () => {
    expect(paths({ judgementWorkingDays: 0 })).toEqual(['judgementWorkingDays']);
    expect(paths({ judgementWorkingDays: 2.5 })).toEqual(['judgementWorkingDays']);
    expect(paths({ monitoringPeriodWeeks: 0 })).toEqual(['monitoringPeriodWeeks']);
    expect(paths({ routeFollowUpWeeks: { hulpverlening: 6, halt: 0, civiel: 8, strafrechtelijk: 12 } })).toEqual(['routeFollowUpWeeks.halt']);
  });

  test('escalation 0 means on the deadline day itself', () => {
    expect(paths({ teamLeadEscalationAfterDeadlineWorkingDays: 0 })).toEqual([]);
    expect(paths({ teamLeadEscalationAfterDeadlineWorkingDays: -1 })).toEqual(['teamLeadEscalationAfterDeadlineWorkingDays']);
  });

  test('a reminder must come after the request', () => {
    expect(paths({ schoolInfoDeadlineWorkingDays: 2, schoolInfoReminderBeforeDeadlineWorkingDays: 2 })).toEqual([
      'schoolInfoReminderBeforeDeadlineWorkingDays',
    ]);
    expect(paths({ schoolInfoDeadlineWorkingDays: 3, schoolInfoReminderBeforeDeadlineWorkingDays: 2 })).toEqual([]);
    expect(paths({ judgementWorkingDays: 1 })).toEqual(['consultantReminderBeforeDeadlineWorkingDays']);
  });

  test('unknown fields, bad ids, unknown or repeated kinds and broken holidays are refused', () => {
    expect(paths({ schoolDeadline: 5 })).toEqual(['']);
    expect(paths({ regionId: 'ZHZ' })).toEqual(['regionId']);
    expect(paths({ verzuimKinds: [] })).toEqual(['verzuimKinds']);
    expect(paths({ verzuimKinds: ['spijbelen'] })).toEqual(['verzuimKinds.0']);
    expect(paths({ verzuimKinds: ['luxe', 'luxe'] })).toEqual(['verzuimKinds']);
    expect(paths({ holidays: [{ name: 'x', from: '2026-01-02', to: '2026-01-01' }] })).toEqual(['holidays.0.to']);
  });
});

describe('ZHZ_POLICY', () => {
  test('is LVS Zuid-Holland Zuid with the defaults, the school holidays of regio midden and no list of public holidays', () => {
    expect(ZHZ_POLICY.regionId).toBe('zhz');
    expect(ZHZ_POLICY.name).toBe('LVS Zuid-Holland Zuid');
    expect(ZHZ_POLICY.schoolInfoDeadlineWorkingDays).toBe(5);
    expect(ZHZ_POLICY.schoolHolidayRegion).toBe('midden');
    expect(ZHZ_POLICY.holidays).toEqual([]);
  });

  test('school holidays run Saturday to Sunday', () => {
    const vakanties = ZHZ_HOLIDAYS.filter((h) => h.name.includes('vakantie'));
    expect(vakanties.length).toBe(11);
    for (const h of vakanties) {
      expect([h.name, dayOfWeek(h.from)]).toEqual([h.name, 6]);
      expect([h.name, dayOfWeek(h.to)]).toEqual([h.name, 0]);
    }
  });

  test.each([
    ['2025-12-25', 'Eerste Kerstdag'],
    ['2026-01-01', 'Nieuwjaarsdag'],
    ['2026-04-06', 'Tweede Paasdag'],
    ['2026-04-27', 'Koningsdag'],
    ['2026-05-05', 'Bevrijdingsdag'],
    ['2026-05-14', 'Hemelvaartsdag'],
    ['2026-05-25', 'Tweede Pinksterdag'],
    ['2027-03-29', 'Tweede Paasdag'],
    ['2027-04-27', 'Koningsdag'],
    ['2027-05-06', 'Hemelvaartsdag'],
    ['2027-05-17', 'Tweede Pinksterdag'],
    ['2025-10-20', 'herfstvakantie'],
    ['2026-02-16', 'voorjaarsvakantie'],
    ['2026-08-28', 'zomervakantie'],
    ['2027-02-22', 'voorjaarsvakantie'],
  ])('%s (%s) is no working day', (date) => {
    expect(isWorkingDay(date, ZHZ_HOLIDAYS)).toBe(false);
  });

  test.each(['2025-10-17', '2025-10-27', '2026-04-07', '2026-05-15', '2026-08-31'])('%s is a working day', (date) => {
    expect(isWorkingDay(date, ZHZ_HOLIDAYS)).toBe(true);
  });
});

describe('ZHZ_GEMEENTEN', () => {
  test('the ten gemeenten with their CBS codes', () => {
    expect(ZHZ_GEMEENTEN).toHaveLength(10);
    expect(Object.fromEntries(ZHZ_GEMEENTEN.map((g) => [g.name, g.code]))).toEqual({
      Alblasserdam: 'GM0482',
      Dordrecht: 'GM0505',
      Gorinchem: 'GM0512',
      'Hardinxveld-Giessendam': 'GM0523',
      'Hendrik-Ido-Ambacht': 'GM0531',
      'Hoeksche Waard': 'GM1963',
      Molenlanden: 'GM1978',
      Papendrecht: 'GM0590',
      Sliedrecht: 'GM0610',
      Zwijndrecht: 'GM0642',
    });
  });
});

describe('weeks, weeksAfter and workingDeadline', () => {
  test('weeks are calendar days', () => {
    expect(weeks(4)).toBe(28);
    expect(weeksAfter('2025-12-19', 4)).toBe('2026-01-16');
    expect(weeksAfter(new Date('2025-12-19T15:00:00Z'), 12)).toBe('2026-03-13');
  });

  test('the school deadline of 5 working days skips the Kerstvakantie', () => {
    expect(workingDeadline('2025-12-17', ZHZ_POLICY.schoolInfoDeadlineWorkingDays, ZHZ_TERMS)).toBe('2026-01-07');
    expect(workingDeadline('2025-12-17', 5, { holidays: [] })).toBe('2025-12-24');
  });

  test('the hoorgesprek term of 10 working days skips Hemelvaart and Pinksteren', () => {
    // Monday 11 May 2026: Thursday 14 May and Monday 25 May are holidays.
    expect(workingDeadline('2026-05-11', ZHZ_POLICY.hoorgesprekPlanningWorkingDays, ZHZ_TERMS)).toBe('2026-05-27');
  });
});
