import type { Actor } from '../../domain/case/actor';
import { RecordHuisbezoekInput } from '../../domain/case/actions';
import { openCase, type IntakeFacts } from '../../domain/case/intake';
import { checkAction, runAction } from '../../domain/case/transitions';
import { ZHZ_POLICY } from '../../domain/policy';

/** Huisbezoek on the MAS case, as pure transitions. */
const lpa: Actor = { id: 'lpa-anna', role: 'consultant' };
const MONDAY = new Date('2026-11-02T08:00:00Z');

function facts(): IntakeFacts {
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
    prior: { earlierHaltForVerzuim: false, earlierLuxeMeldingen: 0, parentsConvictedBefore: false },
    vrijstellingen: [],
  };
}

describe('huisbezoek', () => {
  const onderzoek = () => openCase(facts(), MONDAY).state;

  test('the schema needs visitedAt and one of the four outcomes', () => {
    expect(RecordHuisbezoekInput.safeParse({ visitedAt: '2026-11-02T09:00:00Z', outcome: 'contact-gemaakt' }).success).toBe(true);
    expect(RecordHuisbezoekInput.safeParse({ visitedAt: '2026-11-02T09:00:00Z', outcome: 'weg' }).success).toBe(false);
    expect(RecordHuisbezoekInput.safeParse({ outcome: 'niemand-thuis' }).success).toBe(false);
  });

  test('contact made: recorded, no follow-up', () => {
    const s0 = onderzoek();
    expect(checkAction('recordHuisbezoek', s0, { visitedAt: '2026-11-02T07:30:00Z', outcome: 'contact-gemaakt' }, MONDAY)).toEqual({ ok: true });
    const { state, effects } = runAction('recordHuisbezoek', s0, { visitedAt: '2026-11-02T07:30:00Z', outcome: 'contact-gemaakt', note: 'moeder thuis' }, lpa, MONDAY);
    expect(state.huisbezoeken).toEqual([expect.objectContaining({ outcome: 'contact-gemaakt', followUp: false, by: 'lpa-anna', note: 'moeder thuis' })]);
    expect(state.deadlines.some((d) => d.kind === 'huisbezoek-opvolging')).toBe(false);
    expect(effects).toEqual([]);
    expect(state.recentChanges?.at(-1)).toMatchObject({ action: 'recordHuisbezoek', reason: 'moeder thuis' });
  });

  test.each(['adres-onjuist', 'jongere-niet-traceerbaar'] as const)('%s starts a working-day follow-up and tells consultant and team lead', (outcome) => {
    const { state, effects } = runAction('recordHuisbezoek', onderzoek(), { visitedAt: '2026-11-02T07:30:00Z', outcome }, lpa, MONDAY);
    const d = state.deadlines.find((x) => x.id === 'huisbezoek-opvolging')!;
    // Mon 2 Nov + 5 working days = Mon 9 Nov, end of the day in Amsterdam.
    expect(d).toMatchObject({ kind: 'huisbezoek-opvolging', owner: 'consultant', dueAt: '2026-11-09T16:00:00.000Z' });
    expect(effects).toEqual([
      expect.objectContaining({ kind: 'notify', recipient: 'consultant', topic: 'huisbezoek-opvolging', message: expect.stringContaining('BRP') }),
      expect.objectContaining({ kind: 'notify', recipient: 'teamlead', topic: 'huisbezoek-opvolging' }),
    ]);
  });

  test('refused outside onderzoek and routes, and for a visit in the future', () => {
    const s = onderzoek();
    expect(checkAction('recordHuisbezoek', { ...s, phase: 'afgesloten' }, { visitedAt: '2026-11-02T07:30:00Z', outcome: 'niemand-thuis' }, MONDAY)).toMatchObject({ ok: false, kind: 'phase-conflict' });
    expect(checkAction('recordHuisbezoek', { ...s, phase: 'monitoring' }, { visitedAt: '2026-11-02T07:30:00Z', outcome: 'niemand-thuis' }, MONDAY)).toMatchObject({ ok: false, kind: 'phase-conflict' });
    expect(checkAction('recordHuisbezoek', { ...s, phase: 'routes' }, { visitedAt: '2026-11-02T07:30:00Z', outcome: 'niemand-thuis' }, MONDAY)).toEqual({ ok: true });
    expect(checkAction('recordHuisbezoek', s, { visitedAt: '2026-11-05T07:30:00Z', outcome: 'niemand-thuis' }, MONDAY)).toMatchObject({ ok: false, kind: 'rule-violation', violations: [{ code: 'huisbezoek.future' }] });
  });
});
