import { MeldingSchema } from '../../domain/melding';
import { ZHZ_POLICY } from '../../domain/policy';
import { EarlySignalReport, escalationMelding, EscalateRequest, signalAdmissible, signalSummaryOf, type EarlySignalReportInput } from '../../domain/signal/report';

/** The early signal as a school or partner submits it, and the melding an escalation makes of it. */
const report = (over: Partial<EarlySignalReportInput> = {}): EarlySignalReportInput => ({
  signalId: 'VS-2026-001',
  concern: 'verzuim-onder-16-uur',
  description: 'Mist steeds de maandagochtend, oogt somber',
  reportDate: '2026-11-16',
  since: '2026-10-05',
  hoursAbsent: 10,
  youth: { bsn: '111222333', firstName: 'Noa', lastName: 'Bakker', dateOfBirth: '2012-05-01' },
  gemeente: 'GM0505',
  school: { brin: '12AB', name: 'Testcollege Dordrecht' },
  reporter: { organisation: 'Testcollege Dordrecht', name: 'J. Jansen', function: 'mentor', email: 'mentor@testcollege.example' },
  ...over,
});
const paths = (input: unknown) => {
  const r = EarlySignalReport.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('EarlySignalReport', () => {
  test('a complete report parses; parentsInformed defaults to false', () => {
    expect(EarlySignalReport.parse(report()).parentsInformed).toBe(false);
  });

  test('field-level errors: identifier, dates, the numbers each concern needs, unknown fields', () => {
    expect(paths(report({ youth: { firstName: 'Noa', lastName: 'Bakker', dateOfBirth: '2012-05-01' } }))).toEqual(['youth.bsn']);
    expect(paths(report({ since: '2026-11-20' }))).toEqual(['since']);
    expect(paths(report({ hoursAbsent: undefined }))).toEqual(['hoursAbsent']);
    expect(paths(report({ concern: 'te-laat-onder-drempel' }))).toEqual(['timesLate']);
    expect(paths({ ...report(), bsn: '111222333' })).toEqual(['']);
    expect(paths(report({ signalId: 'a'.repeat(58) }))).toEqual(['signalId']);
  });
});

describe('signalAdmissible', () => {
  test('below the thresholds of a melding it is an early signal; at or above them it is a melding', () => {
    expect(signalAdmissible({ concern: 'verzuim-onder-16-uur', hoursAbsent: 15.5 }, ZHZ_POLICY).ok).toBe(true);
    expect(signalAdmissible({ concern: 'verzuim-onder-16-uur', hoursAbsent: 16 }, ZHZ_POLICY)).toMatchObject({ ok: false, violations: [{ code: 'signal.is-melding' }] });
    expect(signalAdmissible({ concern: 'te-laat-onder-drempel', timesLate: 8 }, ZHZ_POLICY).ok).toBe(true);
    expect(signalAdmissible({ concern: 'te-laat-onder-drempel', timesLate: 9 }, ZHZ_POLICY)).toMatchObject({ ok: false, violations: [{ message: expect.stringContaining('9th') }] });
    expect(signalAdmissible({ concern: 'zorgwekkend-ziekteverzuim' }, ZHZ_POLICY).ok).toBe(true);
  });
});

describe('the workflow summary and the escalation melding', () => {
  const r = EarlySignalReport.parse(report());

  test('the summary carries no personal data', () => {
    const summary = signalSummaryOf(r, 'school');
    expect(summary).toEqual({ signalId: 'VS-2026-001', concern: 'verzuim-onder-16-uur', gemeente: 'GM0505', schoolBrin: '12AB', reportedAt: '2026-11-16', reporterRole: 'school' });
    expect(JSON.stringify(summary)).not.toMatch(/Noa|Bakker|111222333|somber/);
  });

  test("a school's signal becomes a valid overig melding with the school's reporter as melder", () => {
    const m = MeldingSchema.parse(escalationMelding('signal-VS-2026-001', r, 'school', EscalateRequest.parse({ reason: 'Verzuim neemt toe' }), '2026-11-20'));
    expect(m).toMatchObject({ meldingId: 'signal-VS-2026-001', kind: 'overig', overigReason: 'zorgen', reportDate: '2026-11-20', startDate: '2026-10-05', hoursAbsent: 10 });
    expect(m.melder).toEqual({ name: 'J. Jansen', function: 'mentor', email: 'mentor@testcollege.example' });
    expect(m.schoolActions).toContain('Verzuim neemt toe');
  });

  test("a partner's signal without a school needs the school and its contact from the consultant", () => {
    const fromPartner = EarlySignalReport.parse(report({ school: undefined, concern: 'zorgwekkend-ziekteverzuim', hoursAbsent: undefined, reporter: { organisation: 'JGZ Zuid-Holland Zuid', name: 'Dr. P. de Wit', function: 'jeugdarts' } }));
    const bare = MeldingSchema.safeParse(escalationMelding('signal-x', fromPartner, 'partner', EscalateRequest.parse({ reason: 'Zorgen nemen toe' }), '2026-11-20'));
    expect(bare.success ? [] : bare.error.issues.map((i) => i.path.join('.')).sort()).toEqual(['melder', 'school']);
    const given = escalationMelding(
      'signal-x',
      fromPartner,
      'partner',
      EscalateRequest.parse({ reason: 'Zorgen nemen toe', school: { brin: '12AB', name: 'Testcollege' }, melder: { name: 'A. Mentor', function: 'mentor', email: 'a@testcollege.example' } }),
      '2026-11-20',
    );
    expect(MeldingSchema.parse(given)).toMatchObject({ overigReason: 'ziekte', school: { brin: '12AB' } });
  });
});
