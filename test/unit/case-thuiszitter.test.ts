import type { Actor } from '../../domain/case/actor';
import { RecordThuiszitterReviewInput } from '../../domain/case/actions';
import { openCase } from '../../domain/case/intake';
import type { CaseState } from '../../domain/case/state';
import { thuiszitterDays } from '../../domain/case/thuiszitter';
import { fireTimers, receiveMelding } from '../../domain/case/transitions';
import { checkAction, runAction } from '../../domain/actions/run-case';
import { SYSTEM_ACTOR } from '../../domain/case/actor';
import { intakeFacts as facts } from '../support/intake-facts';

/** Thuiszitter cases as pure transitions: recognised, marked, reviewed with a plan, ended. */
const lpa: Actor = { id: 'lpa-anna', role: 'consultant' };
const MONDAY = new Date('2026-11-02T08:00:00Z');
const langdurig = { meldingId: 'M1', kind: 'langdurig-relatief', gemeente: 'GM0505', reportDate: '2026-11-02', startDate: '2026-10-05', endDate: '2026-10-30', daysAbsent: 20, schoolBrin: '12AB' };

const plainCase = () => openCase(facts(), MONDAY).state;
const review = (over: Partial<RecordThuiszitterReviewInput> = {}): RecordThuiszitterReviewInput => ({
  heldOn: '2026-11-02',
  partners: [
    { partner: 'school', outcome: 'Start met twee ochtenden per week op school' },
    { partner: 'jeugdhulp', outcome: 'Behandeling angstklachten loopt' },
  ],
  withParents: true,
  withYouth: true,
  conclusion: 'Opbouw naar halve dagen is haalbaar',
  goals: [],
  ...over,
});
function marked(): CaseState {
  return runAction('markThuiszitter', plainCase(), { since: '2026-09-28', grounds: 'ziek-met-plan' }, lpa, MONDAY).state;
}

describe('thuiszitter: recognised from the meldingen', () => {
  test('a langdurig-relatief melding makes a thuiszitter case at intake, with a review deadline and both told', () => {
    const { state, effects } = openCase(facts({ melding: langdurig }), MONDAY);
    expect(state.thuiszitter).toMatchObject({ since: '2026-10-05', grounds: 'langdurig-relatief', setBy: 'afgeleid', reviews: [], goals: [] });
    expect(state.deadlines.find((d) => d.id === 'thuiszitter-overleg')).toMatchObject({ kind: 'thuiszitter-overleg', owner: 'consultant' });
    expect(effects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recipient: 'consultant', topic: 'thuiszitter' }),
        expect.objectContaining({ recipient: 'teamlead', topic: 'thuiszitter' }),
      ]),
    );
  });

  test('not for 18 hours spread over four weeks, nor under a covering vrijstelling, nor with the rule off (replay of older cases)', () => {
    expect(plainCase().thuiszitter).toBeUndefined();
    const vrijgesteld = openCase(facts({ melding: langdurig, vrijstellingen: [{ kind: 'lichamelijk-psychisch', from: '2026-09-01', reference: 'B-1' }] }), MONDAY).state;
    expect(vrijgesteld.thuiszitter).toBeUndefined();
    expect(openCase(facts({ melding: langdurig }), MONDAY, { thuiszitter: false }).state.thuiszitter).toBeUndefined();
  });

  test('a later langdurig melding (recidive) makes the open case a thuiszitter case', () => {
    const t = receiveMelding(plainCase(), { ...langdurig, meldingId: 'M2' }, SYSTEM_ACTOR, MONDAY)!;
    expect(t.state.thuiszitter).toMatchObject({ grounds: 'langdurig-relatief', setBy: 'afgeleid' });
    expect(receiveMelding(plainCase(), { ...langdurig, meldingId: 'M2' }, SYSTEM_ACTOR, MONDAY, { thuiszitter: false })!.state.thuiszitter).toBeUndefined();
  });
});

describe('thuiszitter: set by the consultant', () => {
  test('four weeks or more at home: marked, review planned', () => {
    const s = marked();
    expect(s.thuiszitter).toMatchObject({ since: '2026-09-28', grounds: 'ziek-met-plan', setBy: 'lpa-anna' });
    expect(s.deadlines.some((d) => d.id === 'thuiszitter-overleg')).toBe(true);
  });

  test('refused: less than four weeks, in the future, under a vrijstelling, twice, on a closed case', () => {
    const s = plainCase();
    const code = (st: CaseState, since: string) => {
      const c = checkAction('markThuiszitter', st, { since, grounds: 'vier-weken-afwezig' }, MONDAY);
      return c.ok ? 'ok' : `${c.kind}:${c.violations.map((v) => v.code).join(',')}`;
    };
    expect(code(s, '2026-10-06')).toBe('rule-violation:thuiszitter.too-short');
    expect(code(s, '2026-10-05')).toBe('ok');
    expect(code(s, '2026-11-10')).toBe('rule-violation:thuiszitter.future');
    expect(code({ ...s, vrijstellingen: [{ kind: 'lichamelijk-psychisch', from: '2026-10-01', reference: 'B-7' }] }, '2026-09-01')).toBe('rule-violation:thuiszitter.vrijstelling');
    expect(code(marked(), '2026-09-01')).toBe('phase-conflict:thuiszitter.already');
    expect(code({ ...s, phase: 'afgesloten' }, '2026-09-01')).toBe('phase-conflict:case.closed');
  });

  test('a six-week review period of the policy counts in working days, holidays excluded', () => {
    const s = runAction('markThuiszitter', openCase(facts({ policy: { ...facts().policy, thuiszitterReviewWeeks: 2 } }), MONDAY).state, { since: '2026-09-28', grounds: 'absoluut' }, lpa, MONDAY).state;
    // Mon 2 Nov + 10 working days = Mon 16 Nov.
    expect(s.deadlines.find((d) => d.id === 'thuiszitter-overleg')!.dueAt).toBe('2026-11-16T16:00:00.000Z');
  });
});

describe('thuiszitter: the periodic review and the plan', () => {
  const later = new Date('2026-11-03T10:00:00Z');

  test('a review with partners, parents and youth records the plan goals as deadlines on their dates and plans the next review', () => {
    const s0 = marked();
    const input = review({ goals: [{ description: 'Twee ochtenden per week naar school', dueOn: '2026-11-27' }, { description: 'Intake bij jeugdhulp', dueOn: '2026-12-11' }] });
    expect(checkAction('recordThuiszitterReview', s0, input, later)).toEqual({ ok: true });
    const { state } = runAction('recordThuiszitterReview', s0, input, lpa, later);
    expect(state.thuiszitter!.reviews).toEqual([expect.objectContaining({ heldOn: '2026-11-02', withParents: true, by: 'lpa-anna' })]);
    expect(state.thuiszitter!.goals.map((g) => [g.id, g.dueOn, g.status])).toEqual([
      ['doel-1', '2026-11-27', 'open'],
      ['doel-2', '2026-12-11', 'open'],
    ]);
    const goal = state.deadlines.find((d) => d.id === 'thuiszitter-doel:doel-1')!;
    // Due at the end of the agreed day; a reminder the working day before.
    expect(goal).toMatchObject({ kind: 'thuiszitter-doel', owner: 'consultant', dueAt: '2026-11-27T16:00:00.000Z', remindAt: '2026-11-26T07:00:00.000Z' });
    const before = s0.deadlines.find((d) => d.id === 'thuiszitter-overleg')!.dueAt;
    expect(state.deadlines.find((d) => d.id === 'thuiszitter-overleg')!.dueAt > before).toBe(true);
  });

  test('refused: no professional partner, parents or youth absent without a reason, a goal dated before the review, not a thuiszitter case', () => {
    const codes = (st: CaseState, input: RecordThuiszitterReviewInput) => {
      const c = checkAction('recordThuiszitterReview', st, input, later);
      return c.ok ? [] : c.violations.map((v) => v.code);
    };
    const s = marked();
    expect(codes(s, review({ partners: [{ partner: 'ouders', outcome: 'Willen meewerken' }] }))).toEqual(['thuiszitter-overleg.partners']);
    expect(codes(s, review({ withYouth: false }))).toEqual(['thuiszitter-overleg.ouders-jongere']);
    expect(codes(s, review({ withYouth: false, note: 'Jongere wilde niet komen; apart gesproken' }))).toEqual([]);
    expect(codes(s, review({ goals: [{ description: 'x', dueOn: '2026-11-01' }] }))).toEqual(['thuiszitter-doel.date']);
    expect(codes(s, review({ heldOn: '2026-11-05' }))).toEqual(['thuiszitter-overleg.future']);
    expect(checkAction('recordThuiszitterReview', plainCase(), review(), later)).toMatchObject({ ok: false, kind: 'phase-conflict', violations: [{ code: 'thuiszitter.not' }] });
  });

  test('goal progress: adjusted moves its deadline, reached clears it, a second answer is a conflict, an unknown goal a violation', () => {
    const s1 = runAction('recordThuiszitterReview', marked(), review({ goals: [{ description: 'Halve dagen naar school', dueOn: '2026-11-27' }] }), lpa, later).state;
    const s2 = runAction('recordGoalProgress', s1, { goalId: 'doel-1', status: 'bijgesteld', newDueOn: '2026-12-11', note: 'Opbouw trager' }, lpa, later).state;
    expect(s2.thuiszitter!.goals[0]).toMatchObject({ dueOn: '2026-12-11', status: 'open', history: [expect.objectContaining({ status: 'bijgesteld' })] });
    expect(s2.deadlines.find((d) => d.id === 'thuiszitter-doel:doel-1')!.dueAt).toBe('2026-12-11T16:00:00.000Z');
    const s3 = runAction('recordGoalProgress', s2, { goalId: 'doel-1', status: 'behaald' }, lpa, later).state;
    expect(s3.thuiszitter!.goals[0]!.status).toBe('behaald');
    expect(s3.deadlines.some((d) => d.id === 'thuiszitter-doel:doel-1')).toBe(false);
    expect(checkAction('recordGoalProgress', s3, { goalId: 'doel-1', status: 'niet-behaald' }, later)).toMatchObject({ ok: false, kind: 'phase-conflict' });
    expect(checkAction('recordGoalProgress', s3, { goalId: 'doel-9', status: 'behaald' }, later)).toMatchObject({ ok: false, kind: 'rule-violation', violations: [{ code: 'thuiszitter-doel.unknown' }] });
  });

  test('a goal date that passes: reminder, then a missed deadline the team lead hears of', () => {
    const s1 = runAction('recordThuiszitterReview', marked(), review({ goals: [{ description: 'Halve dagen naar school', dueOn: '2026-11-27' }] }), lpa, later).state;
    const reminded = fireTimers(s1, new Date('2026-11-26T07:00:00Z'), SYSTEM_ACTOR)!;
    // (The school's information request of this case fires too: only the goal's effects matter here.)
    const goalEffects = (t: { effects: { kind: string }[] }) => t.effects.filter((e) => JSON.stringify(e).includes('thuiszitter-doel'));
    expect(goalEffects(reminded)).toEqual([expect.objectContaining({ recipient: 'consultant', topic: 'herinnering-termijn' })]);
    const expired = fireTimers(reminded.state, new Date('2026-11-28T00:00:00Z'), SYSTEM_ACTOR)!;
    expect(expired.state.missedDeadlines).toContainEqual({ kind: 'thuiszitter-doel', dueAt: '2026-11-27T16:00:00.000Z' });
    expect(goalEffects(expired)).toEqual([expect.objectContaining({ topic: 'termijn-verstreken' })]);
    const escalated = fireTimers(expired.state, new Date('2026-12-02T00:00:00Z'), SYSTEM_ACTOR)!;
    expect(goalEffects(escalated)).toEqual([expect.objectContaining({ recipient: 'teamlead', topic: 'escalatie-termijn' })]);
  });
});

describe('thuiszitter: the end of the period', () => {
  const later = new Date('2026-11-20T10:00:00Z');

  test('back at school ends it and its deadlines; a new period later keeps the earlier one on record', () => {
    const s1 = runAction('recordThuiszitterReview', marked(), review({ goals: [{ description: 'Halve dagen', dueOn: '2026-11-27' }] }), lpa, later).state;
    const ended = runAction('endThuiszitter', s1, { endedOn: '2026-11-19', reason: 'gedeeltelijk-onderwijs' }, lpa, later).state;
    expect(ended.thuiszitter).toMatchObject({ until: '2026-11-19', endReason: 'gedeeltelijk-onderwijs' });
    expect(ended.deadlines.filter((d) => d.kind.startsWith('thuiszitter'))).toEqual([]);
    expect(thuiszitterDays(ended.thuiszitter!, '2026-12-31')).toBe(52);
    const again = runAction('markThuiszitter', ended, { since: '2026-10-20', grounds: 'vier-weken-afwezig' }, lpa, later).state;
    expect(again.thuiszitter).toMatchObject({ since: '2026-10-20', reviews: [], previous: [expect.objectContaining({ since: '2026-09-28', until: '2026-11-19', reviews: [expect.anything()] })] });
  });

  test('refused: an end in the future or before the start, or when no period runs', () => {
    expect(checkAction('endThuiszitter', marked(), { endedOn: '2026-11-25', reason: 'terug-naar-school' }, later)).toMatchObject({ ok: false, violations: [{ code: 'thuiszitter.end-future' }] });
    expect(checkAction('endThuiszitter', marked(), { endedOn: '2026-09-01', reason: 'terug-naar-school' }, later)).toMatchObject({ ok: false, violations: [{ code: 'thuiszitter.end-before-start' }] });
    expect(checkAction('endThuiszitter', plainCase(), { endedOn: '2026-11-19', reason: 'terug-naar-school' }, later)).toMatchObject({ ok: false, kind: 'phase-conflict' });
  });

  test('closing the case ends a running period on the closing day', () => {
    const closed = runAction('closeCase', marked(), { reason: 'verhuisd-buiten-regio' }, lpa, later).state;
    expect(closed.thuiszitter).toMatchObject({ until: '2026-11-20', endReason: 'zaak-gesloten' });
  });
});
