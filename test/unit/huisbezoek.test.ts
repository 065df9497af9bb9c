import type { Actor } from '../../domain/case/actor';
import { RecordHuisbezoekInput } from '../../domain/case/actions';
import { openCase } from '../../domain/case/intake';
import { intakeFacts as facts } from '../support/intake-facts';
import { checkAction, runAction } from '../../domain/actions/run-case';

/** Huisbezoek on the MAS case, as pure transitions. */
const lpa: Actor = { id: 'lpa-anna', role: 'consultant' };
const MONDAY = new Date('2026-11-02T08:00:00Z');


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

describe('huisbezoek follow-up', () => {
  const notTraced = () => runAction('recordHuisbezoek', openCase(facts(), MONDAY).state, { visitedAt: '2026-11-02T07:30:00Z', outcome: 'jongere-niet-traceerbaar' }, lpa, MONDAY).state;
  const later = new Date('2026-11-04T10:00:00Z');

  test('the address check and the partners informed end the follow-up deadline', () => {
    const input = { addressCheck: 'nieuw-adres-in-regio' as const, partnersInformed: ['school' as const, 'brp' as const], note: 'BRP: nieuw adres in Zwijndrecht' };
    expect(checkAction('completeHuisbezoekFollowUp', notTraced(), input, later)).toEqual({ ok: true });
    const { state, effects } = runAction('completeHuisbezoekFollowUp', notTraced(), input, lpa, later);
    expect(state.deadlines.some((d) => d.id === 'huisbezoek-opvolging')).toBe(false);
    expect(state.huisbezoeken![0]!.followUpDone).toEqual({ ...input, at: later.toISOString(), by: 'lpa-anna' });
    expect(effects).toEqual([]);
  });

  test('moved out of the region: the consultant is told to transfer and close', () => {
    const { effects } = runAction('completeHuisbezoekFollowUp', notTraced(), { addressCheck: 'verhuisd-buiten-regio', partnersInformed: [] }, lpa, later);
    expect(effects).toEqual([expect.objectContaining({ recipient: 'consultant', message: expect.stringContaining('verhuisd-buiten-regio') })]);
  });

  test('without a visit waiting for follow-up it is a phase conflict; the follow-up term is policy', () => {
    expect(checkAction('completeHuisbezoekFollowUp', openCase(facts(), MONDAY).state, { addressCheck: 'adres-bevestigd', partnersInformed: [] }, later)).toMatchObject({
      ok: false,
      kind: 'phase-conflict',
      violations: [{ code: 'huisbezoek.no-follow-up' }],
    });
    const policy = { ...facts().policy, huisbezoekFollowUpWorkingDays: 2 };
    const s = runAction('recordHuisbezoek', openCase(facts({ policy }), MONDAY).state, { visitedAt: '2026-11-02T07:30:00Z', outcome: 'adres-onjuist' }, lpa, MONDAY).state;
    expect(s.deadlines.find((d) => d.id === 'huisbezoek-opvolging')!.dueAt).toBe('2026-11-04T16:00:00.000Z');
  });
});
