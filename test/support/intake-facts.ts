import type { IntakeFacts } from '../../domain/case/intake';
import { ZHZ_POLICY } from '../../domain/policy';
import { middenCalendar } from './school-calendar';

/** The facts the intake activity would read for a plain 16-uur melding (pure tests of domain/case). */
export function intakeFacts(overrides: Partial<IntakeFacts> = {}): IntakeFacts {
  return {
    caseId: 'case-M1',
    melding: { meldingId: 'M1', kind: 'zestien-uur', gemeente: 'GM0505', reportDate: '2026-11-02', startDate: '2026-10-05', endDate: '2026-10-30', hoursAbsent: 18, schoolBrin: '12AB' },
    youthId: '00000000-0000-4000-8000-000000000001',
    dateOfBirth: '2012-03-04',
    hasStartkwalificatie: false,
    gemeente: 'GM0505',
    consultantId: 'lpa-anna',
    teamLeadId: 'tl-zhz',
    policy: ZHZ_POLICY,
    calendar: middenCalendar(),
    prior: { earlierHaltForVerzuim: false, earlierLuxeMeldingen: 0, parentsConvictedBefore: false },
    vrijstellingen: [],
    ...overrides,
  };
}
