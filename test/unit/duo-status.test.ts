import { CasePhase, CLOSURE_REASON_LABELS, ClosureReason, DUO_STATUS_LABELS, DuoStatus, duoStatusFor } from '../../domain/duo-status';

describe('labels', () => {
  test('DUO statuses as DUO spells them', () => {
    expect(DuoStatus.options.map((s) => DUO_STATUS_LABELS[s])).toEqual([
      'Geregistreerd',
      'In behandeling',
      'Afgesloten',
      'Ter kennisgeving aangenomen',
      'Ingetrokken',
    ]);
  });

  test('every closure reason has a Dutch label', () => {
    expect(Object.keys(CLOSURE_REASON_LABELS).sort()).toEqual([...ClosureReason.options].sort());
    expect(CLOSURE_REASON_LABELS['geen-verzuim-langdurig-ziek']).toBe('Geen verzuim: langdurig ziek');
    expect(CLOSURE_REASON_LABELS['inschrijving-beeindigd']).toBe('Inschrijving beëindigd');
  });
});

describe('duoStatusFor', () => {
  test('intake is geregistreerd', () => {
    expect(duoStatusFor('intake')).toBe('geregistreerd');
  });

  test.each(['onderzoek', 'routes', 'monitoring'] as const)('%s is in behandeling', (phase) => {
    expect(duoStatusFor(phase)).toBe('in-behandeling');
    // A reason given too early does not change that.
    expect(duoStatusFor(phase, 'ingetrokken-door-school')).toBe('in-behandeling');
  });

  test.each([
    ['ter-kennisgeving', 'ter-kennisgeving-aangenomen'],
    ['vrijstelling', 'ter-kennisgeving-aangenomen'],
    ['ingetrokken-door-school', 'ingetrokken'],
    ['terug-naar-school', 'afgesloten'],
    ['geen-verzuim-langdurig-ziek', 'afgesloten'],
    ['geen-verzuim-legitiem-afwezig', 'afgesloten'],
    ['inschrijving-beeindigd', 'afgesloten'],
    ['verhuisd-buiten-regio', 'afgesloten'],
    ['afgerond-na-route', 'afgesloten'],
  ] as const)('afgesloten with %s is %s', (reason, status) => {
    expect(duoStatusFor('afgesloten', reason)).toBe(status);
  });

  test('afgesloten without a reason is afgesloten', () => {
    expect(duoStatusFor('afgesloten')).toBe('afgesloten');
  });

  test('every phase maps to a status', () => {
    for (const phase of CasePhase.options) expect(DuoStatus.options).toContain(duoStatusFor(phase));
  });
});
