import { SYSTEM_ACTOR, type Actor } from '../../domain/case/actor';
import { nextTimerAt, schoolDeadline } from '../../domain/case/deadlines';
import { openCase } from '../../domain/case/intake';
import { intakeFacts as facts } from '../support/intake-facts';
import { nextDeadline, type CaseState } from '../../domain/case/state';
import { fireTimers, receiveMelding, receiveSchoolInformation } from '../../domain/case/transitions';
import { checkAction, runAction } from '../../domain/actions/run-case';
import { ZHZ_POLICY } from '../../domain/policy';
import { middenCalendar } from '../support/school-calendar';

/** The MAS case as pure transitions: the same rules the workflow runs, without a server. */
const lpa: Actor = { id: 'lpa-anna', role: 'consultant' };
const at = (iso: string) => new Date(iso);


// Monday 2 November 2026, 09:00 Amsterdam.
const MONDAY = at('2026-11-02T08:00:00Z');

describe('opening a case', () => {
  test('a plain melding asks the school, with the ZHZ deadline of 5 working days', () => {
    const { state, effects } = openCase(facts(), MONDAY);
    expect(state).toMatchObject({ phase: 'onderzoek', step: 'school-informatie', duoStatus: 'in-behandeling', regime: 'leerplichtig', version: 1 });
    const d = state.deadlines[0]!;
    // Mon 2 Nov + 5 working days = Mon 9 Nov; reminder 2 working days before (Thu 5 Nov); escalation 2 after (Wed 11 Nov).
    expect(d).toMatchObject({ kind: 'school-informatie', owner: 'school', dueAt: '2026-11-09T16:00:00.000Z', remindAt: '2026-11-05T07:00:00.000Z', escalateAt: '2026-11-11T16:00:00.000Z' });
    expect(effects.map((e) => e.kind)).toEqual(['request-school-information', 'notify']);
    expect(nextDeadline(state)).toBe('2026-11-09T16:00:00.000Z');
    expect(nextTimerAt(state)).toBe('2026-11-05T07:00:00.000Z');
  });

  test('the school deadline skips the Kerstvakantie', () => {
    const d = schoolDeadline(at('2026-12-17T08:00:00Z'), { policy: ZHZ_POLICY, calendar: middenCalendar() });
    // Thu 17 Dec + 5 working days, with 19 Dec - 3 Jan off: Fri 18 Dec, then 4, 5, 6, 7 Jan.
    expect(d.dueAt).toBe('2027-01-07T16:00:00.000Z');
  });

  test('a covering vrijstelling or a youth outside the regimes waits for the consultant', () => {
    const withVrijstelling = openCase(facts({ vrijstellingen: [{ kind: 'art5a', from: '2026-01-01', reference: 'VR-1' }] }), MONDAY);
    expect(withVrijstelling.state).toMatchObject({ phase: 'intake', step: 'intake-besluit', duoStatus: 'geregistreerd' });
    expect(withVrijstelling.effects).toEqual([expect.objectContaining({ kind: 'notify', topic: 'intake-besluit-nodig' })]);
    expect(openCase(facts({ dateOfBirth: '2022-06-01' }), MONDAY).state.step).toBe('intake-besluit');
  });
});

describe('timers', () => {
  const open = () => openCase(facts(), MONDAY).state;

  test('a case opened before the second reminder had its own instant sends it at the deadline, as it always did', () => {
    let s: CaseState = openCase(facts(), MONDAY, { thuiszitter: true, secondSchoolReminder: false }).state;
    expect(s.rules).toBeUndefined();
    expect(s.deadlines.find((x) => x.kind === 'school-informatie')!.secondRemindAt).toBeUndefined();
    s = fireTimers(s, at('2026-11-05T07:00:00Z'), SYSTEM_ACTOR)!.state;
    const r2 = fireTimers(s, at('2026-11-09T16:00:00Z'), SYSTEM_ACTOR)!;
    expect(r2.effects).toEqual([expect.objectContaining({ kind: 'school-reminder', sequence: 2 })]);
    expect(nextTimerAt(r2.state)).toBe('2026-11-11T16:00:00.000Z');
  });

  test('reminder, then the deadline (second reminder), then escalation moves the onderzoek on', () => {
    let s: CaseState = open();
    expect(fireTimers(s, at('2026-11-04T12:00:00Z'), SYSTEM_ACTOR)).toBeNull();
    const r1 = fireTimers(s, at('2026-11-05T07:00:00Z'), SYSTEM_ACTOR)!;
    expect(r1.effects).toEqual([expect.objectContaining({ kind: 'school-reminder', sequence: 1 })]);
    s = r1.state;
    const d = s.deadlines.find((x) => x.kind === 'school-informatie')!;
    // The second reminder has its own instant: the morning of the working day after the deadline.
    expect([d.dueAt, d.secondRemindAt, d.escalateAt]).toEqual(['2026-11-09T16:00:00.000Z', '2026-11-10T07:00:00.000Z', '2026-11-11T16:00:00.000Z']);
    const due = fireTimers(s, at('2026-11-09T16:00:00Z'), SYSTEM_ACTOR)!;
    expect(due.effects).toEqual([]);
    expect(due.state.recentChanges!.at(-1)!.action).toBe('timer:school-informatie-verstreken');
    s = due.state;
    expect(nextTimerAt(s)).toBe('2026-11-10T07:00:00.000Z');
    const r2 = fireTimers(s, at('2026-11-10T07:00:00Z'), SYSTEM_ACTOR)!;
    expect(r2.effects).toEqual([expect.objectContaining({ kind: 'school-reminder', sequence: 2 })]);
    expect(r2.state.recentChanges!.at(-1)!.action).toBe('timer:school-informatie-tweede-herinnering');
    s = r2.state;
    expect(s.schoolRequest!.remindersSent).toBe(2);
    expect(nextTimerAt(s)).toBe('2026-11-11T16:00:00.000Z');
    expect(s.missedDeadlines).toEqual([]); // the school's deadline is not the consultant's
    const esc = fireTimers(s, at('2026-11-11T16:00:00Z'), SYSTEM_ACTOR)!;
    expect(esc.state.step).toBe('hoorgesprek');
    expect(esc.effects).toEqual([expect.objectContaining({ kind: 'notify', recipient: 'consultant', topic: 'school-informatie-uitgebleven' })]);
    expect(esc.state.version).toBe(s.version + 1);
  });

  test("a consultant deadline that passes is counted as missed and escalates to the team lead", () => {
    const answered = receiveSchoolInformation(open(), { contactPerson: 'J. Jansen', absencePerWeek: [], schoolActions: '', careSignals: '' }, lpa, at('2026-11-03T10:00:00Z'))!;
    const d = answered.state.deadlines.find((x) => x.kind === 'hoorgesprek')!;
    const expired = fireTimers(fireTimers(answered.state, at(d.remindAt!), SYSTEM_ACTOR)!.state, at(d.dueAt), SYSTEM_ACTOR)!;
    expect(expired.state.missedDeadlines).toEqual([{ kind: 'hoorgesprek', dueAt: d.dueAt }]);
    const escalated = fireTimers(expired.state, at(d.escalateAt!), SYSTEM_ACTOR)!;
    expect(escalated.effects).toEqual([expect.objectContaining({ recipient: 'teamlead', topic: 'escalatie-termijn' })]);
  });
});

describe('messages', () => {
  const open = () => openCase(facts(), MONDAY).state;

  test('an answer to an older request, or a second answer, changes nothing', () => {
    const s = open();
    const info = { contactPerson: 'J. Jansen', absencePerWeek: [], schoolActions: '', careSignals: '' };
    expect(receiveSchoolInformation(s, { ...info, requestId: 'case-M1-school-0' }, lpa, MONDAY)).toBeNull();
    const once = receiveSchoolInformation(s, { ...info, requestId: s.schoolRequest!.requestId }, lpa, MONDAY)!;
    expect(receiveSchoolInformation(once.state, info, lpa, MONDAY)).toBeNull();
  });

  test('the same melding twice is attached once', () => {
    const s = open();
    const m = { ...facts().melding, meldingId: 'M2' };
    const first = receiveMelding(s, m, lpa, MONDAY)!;
    expect(first.state.meldingen.map((x) => [x.meldingId, x.recidive])).toEqual([['M1', false], ['M2', true]]);
    expect(receiveMelding(first.state, m, lpa, MONDAY)).toBeNull();
  });

  test('actions are checked against the step, and runAction never changes its input', () => {
    const s = open();
    expect(checkAction('recordJudgement', s, { verdict: 'ongeoorloofd', reasoning: 'x', helpInvolved: [], helpNeeded: [] }, MONDAY)).toMatchObject({ ok: false, kind: 'phase-conflict' });
    const before = JSON.stringify(s);
    const closed = runAction('closeCase', s, { reason: 'verhuisd-buiten-regio' }, lpa, MONDAY);
    expect(JSON.stringify(s)).toBe(before);
    expect(closed.state).toMatchObject({ phase: 'afgesloten', duoStatus: 'afgesloten', deadlines: [], closure: { reason: 'verhuisd-buiten-regio', by: 'lpa-anna' } });
    expect(checkAction('reassign', closed.state, { consultantId: 'lpa-bob' }, MONDAY)).toMatchObject({ ok: false, kind: 'phase-conflict' });
  });
});
