import { SYSTEM_ACTOR, type Actor } from '../../domain/case/actor';
import { CHANGE_REASON_MAX, lastChange, reasonOf, recordChange, RECENT_CHANGES_KEPT } from '../../domain/case/changes';
import { openCase } from '../../domain/case/intake';
import type { CaseState } from '../../domain/case/state';
import { fireTimers, receiveMelding, receiveSchoolInformation } from '../../domain/case/transitions';
import { runAction } from '../../domain/actions/run-case';
import { ZHZ_POLICY } from '../../domain/policy';

const anna: Actor = { id: 'lpa-anna', role: 'consultant' };
const school: Actor = { id: 'school-12AB', role: 'school' };
const t0 = new Date('2026-03-02T09:00:00Z');
const at = (days: number) => new Date(t0.getTime() + days * 86_400_000);

function opened(): CaseState {
  const { state } = openCase(
    {
      caseId: 'case-M-1',
      melding: { meldingId: 'M-1', kind: 'zestien-uur', gemeente: 'GM0505', reportDate: '2026-03-02', startDate: '2026-02-02', endDate: '2026-03-01', hoursAbsent: 18, schoolBrin: '12AB' },
      youthId: 'y-1',
      dateOfBirth: '2012-01-10',
      hasStartkwalificatie: false,
      gemeente: 'GM0505',
      consultantId: 'lpa-anna',
      teamLeadId: 'tl-bert',
      policy: ZHZ_POLICY,
      prior: { earlierHaltForVerzuim: false, earlierLuxeMeldingen: 0, parentsConvictedBefore: false },
      vrijstellingen: [],
    },
    t0,
  );
  recordChange(state, { action: 'start', at: state.openedAt, actor: school });
  return state;
}

describe('the change log each transition records (for the audit table)', () => {
  test('an update records its name, actor, time and the reason it gives', () => {
    let s = opened();
    s = receiveSchoolInformation(s, { contactPerson: 'J. Jansen', absencePerWeek: [], schoolActions: '', careSignals: '' }, school, at(1))!.state;
    s = runAction('planHoorgesprek', s, { plannedFor: at(3).toISOString(), withYouth: true, withParents: true, location: 'Stadskantoor', note: 'ouders bellen eerst' }, anna, at(2)).state;
    s = runAction('recordHoorgesprek', s, { outcome: 'gehouden', youthHeard: true, summary: 'gesprek' }, anna, at(4)).state;
    s = runAction('recordJudgement', s, { verdict: 'ongeoorloofd', reasoning: 'Geen geldige reden', helpInvolved: [], helpNeeded: [] }, anna, at(5)).state;
    expect(s.recentChanges!.map((c) => [c.version, c.action, c.actor.id, c.reason ?? null])).toEqual([
      [1, 'start', 'school-12AB', null],
      [2, 'signal:schoolInformationReceived', 'school-12AB', null],
      [3, 'planHoorgesprek', 'lpa-anna', 'ouders bellen eerst'],
      [4, 'recordHoorgesprek', 'lpa-anna', null],
      [5, 'recordJudgement', 'lpa-anna', 'Geen geldige reden'],
    ]);
    expect(lastChange(s)).toMatchObject({ version: 5, at: at(5).toISOString(), duoStatus: 'in-behandeling' });
    expect(s.lastActor).toEqual(anna);
  });

  test('timers are attributed to the system and named after what fired', () => {
    const s = opened();
    const d = s.deadlines.find((x) => x.kind === 'school-informatie')!;
    const reminded = fireTimers(s, new Date(d.remindAt!), SYSTEM_ACTOR)!.state;
    expect(lastChange(reminded)).toMatchObject({ action: 'timer:school-informatie-herinnering', actor: SYSTEM_ACTOR, version: 2 });
    const expired = fireTimers(reminded, new Date(d.dueAt), SYSTEM_ACTOR)!.state;
    expect(lastChange(expired)!.action).toBe('timer:school-informatie-verstreken');
    // Nothing due: no change, nothing recorded.
    expect(fireTimers(expired, new Date(d.dueAt), SYSTEM_ACTOR)).toBeNull();
  });

  test('closure: the change carries the end status', () => {
    const s = runAction('closeCase', opened(), { reason: 'ingetrokken-door-school', note: 'melding ingetrokken' }, anna, at(1)).state;
    expect(lastChange(s)).toMatchObject({ action: 'closeCase', duoStatus: 'ingetrokken', reason: 'melding ingetrokken' });
  });

  test('a recidive melding names itself', () => {
    const s = receiveMelding(opened(), { meldingId: 'M-2', kind: 'luxe', gemeente: 'GM0505', reportDate: '2026-03-05', startDate: '2026-03-03' }, school, at(3))!.state;
    expect(lastChange(s)).toMatchObject({ action: 'signal:meldingReceived', reason: 'melding M-2 (luxe)' });
  });

  test('the log keeps the last changes and short reasons', () => {
    const s = opened();
    for (let i = 0; i < RECENT_CHANGES_KEPT + 5; i++) {
      s.version += 1;
      recordChange(s, { action: `a${i}`, at: t0.toISOString(), actor: anna, reason: 'x'.repeat(CHANGE_REASON_MAX + 50) });
    }
    expect(s.recentChanges).toHaveLength(RECENT_CHANGES_KEPT);
    expect(s.recentChanges!.at(-1)!.version).toBe(RECENT_CHANGES_KEPT + 6);
    expect(s.recentChanges![0]!.reason).toHaveLength(CHANGE_REASON_MAX);
    expect(s.recentChanges![0]!.reason!.endsWith('…')).toBe(true);
  });

  test('reasonOf takes a reasoning before a note, and ignores blanks', () => {
    expect(reasonOf({ reasoning: 'r', note: 'n' })).toBe('r');
    expect(reasonOf({ note: '  ' })).toBeUndefined();
    expect(reasonOf(undefined)).toBeUndefined();
  });
});
