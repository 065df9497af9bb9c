import * as domain from '../../domain';

describe('domain/index', () => {
  test('re-exports the rules the workflow and the API import', () => {
    const expected = [
      // dates
      'IsoDate', 'addDays', 'addMonths', 'compareDates', 'ageOn', 'daysBetween', 'endOfDayInstant', 'toIsoDate',
      // rule-violation
      'ok', 'fromViolations',
      // calendar
      'HolidaySchema', 'isWorkingDay', 'addWorkingDays', 'workingDaysBetween',
      // melding
      'VerzuimKind', 'OverigReason', 'Bsn', 'Onderwijsnummer', 'Brin', 'GemeenteCode', 'MeldingSchema', 'youthIdentifier',
      // regime
      'Regime', 'regimeOn', 'schoolYearOf', 'leerplichtStart', 'leerplichtEnd',
      // policy
      'RegionPolicySchema', 'ZHZ_POLICY', 'ZHZ_GEMEENTEN', 'weeks', 'workingDeadline',
      // halt and routes
      'haltEligibility', 'RouteKind', 'routeChoiceRules', 'ProcesVerbaalAgainst', 'procesVerbaalRules', 'PvOutcome',
      'copyToRaadRequired', 'HaltOutcome', 'afterHaltOutcome',
      // vrijstelling and DUO
      'VrijstellingKind', 'VRIJSTELLING_LABELS', 'VrijstellingSchema', 'coveringVrijstellingen',
      'DuoStatus', 'DUO_STATUS_LABELS', 'ClosureReason', 'CLOSURE_REASON_LABELS', 'CasePhase', 'duoStatusFor',
    ];
    const missing = expected.filter((name) => (domain as Record<string, unknown>)[name] === undefined);
    expect(missing).toEqual([]);
  });
});
