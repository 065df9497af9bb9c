import { SchoolInformationInput } from '../../domain/case/actions';
import { SYSTEM_ACTOR } from '../../domain/case/actor';
import { receiveCalendar } from '../../domain/case/calendar';
import { openCase } from '../../domain/case/intake';
import type { CaseState } from '../../domain/case/state';
import { fireTimers, receiveSchoolInformation } from '../../domain/case/transitions';
import { receiveSignalCalendar } from '../../domain/signal/calendar';
import { openSignal } from '../../domain/signal/transitions';
import { ZHZ_POLICY } from '../../domain/policy';
import { intakeFacts } from '../support/intake-facts';
import { middenCalendar } from '../support/school-calendar';

const MONDAY = new Date('2026-11-02T09:00:00Z');
const admin = { id: 'fb-admin', role: 'admin' as const };
const answer = SchoolInformationInput.parse({ contactPerson: 'J. Jansen' });
const studiedagen = { name: 'Studiedagen', from: '2026-11-10', to: '2026-11-12' };
const withStudiedagen = (revision = 2) => middenCalendar({ revision, holidays: [...middenCalendar().holidays, studiedagen] });

/** A case whose school answered on Tuesday 3 November: the hoorgesprek is due 10 working days later, 17 November. */
function inHoorgesprek(): CaseState {
  const opened = openCase(intakeFacts(), MONDAY).state;
  return receiveSchoolInformation(opened, answer, SYSTEM_ACTOR, new Date('2026-11-03T09:00:00Z'))!.state;
}
const deadline = (s: CaseState, id: string) => s.deadlines.find((d) => d.id === id)!;

describe('a newer school calendar reaches a running case', () => {
  test('a pending consultant deadline is counted again: three days off move it three working days', () => {
    const before = inHoorgesprek();
    expect(deadline(before, 'hoorgesprek').dueAt).toBe('2026-11-17T16:00:00.000Z');
    const t = receiveCalendar(before, withStudiedagen(), admin, new Date('2026-11-04T09:00:00Z'))!;
    expect(deadline(t.state, 'hoorgesprek')).toMatchObject({ dueAt: '2026-11-20T16:00:00.000Z', remindAt: '2026-11-19T07:00:00.000Z', escalateAt: '2026-11-24T16:00:00.000Z' });
    expect(t.state.calendar).toMatchObject({ region: 'midden', revision: 2 });
    expect(t.state.version).toBe(before.version + 1);
    expect(t.state.recentChanges!.at(-1)).toMatchObject({ action: 'signal:calendarChanged', actor: admin });
    expect(t.state.recentChanges!.at(-1)!.reason).toContain('hoorgesprek 2026-11-17 -> 2026-11-20');
  });

  test("the school's deadline stays as its e-mail gave it", () => {
    const opened = openCase(intakeFacts(), MONDAY).state;
    const school = deadline(opened, 'school-informatie');
    expect(school).toMatchObject({ dueAt: '2026-11-09T16:00:00.000Z', communicated: true });
    const t = receiveCalendar(opened, middenCalendar({ revision: 2, holidays: [{ name: 'Studiedag', from: '2026-11-04', to: '2026-11-05' }] }), admin, MONDAY)!;
    expect(deadline(t.state, 'school-informatie')).toEqual(school);
  });

  test('a deadline the consultant was reminded of, or that passed, stays', () => {
    const reminded = fireTimers(inHoorgesprek(), new Date('2026-11-16T08:00:00Z'), SYSTEM_ACTOR)!.state;
    expect(deadline(reminded, 'hoorgesprek').reminded).toBe(true);
    const t = receiveCalendar(reminded, withStudiedagen(), admin, new Date('2026-11-16T09:00:00Z'))!;
    expect(deadline(t.state, 'hoorgesprek').dueAt).toBe('2026-11-17T16:00:00.000Z');
  });

  test("another region's calendar, or an older revision, changes nothing", () => {
    const s = inHoorgesprek();
    expect(receiveCalendar(s, { ...withStudiedagen(), region: 'noord' }, admin, MONDAY)).toBeNull();
    expect(receiveCalendar(s, withStudiedagen(1), admin, MONDAY)).toBeNull();
    const newer = receiveCalendar(s, withStudiedagen(5), admin, MONDAY)!.state;
    expect(receiveCalendar(newer, withStudiedagen(4), admin, MONDAY)).toBeNull();
  });

  test('the case keeps only the school holidays still ahead, not every holiday', () => {
    const s = inHoorgesprek();
    const kept = receiveCalendar(s, withStudiedagen(), admin, new Date('2026-11-04T09:00:00Z'))!.state.calendar!.holidays;
    // From the oldest pending deadline's start (3 November): the herfstvakantie 2026 and everything before are gone.
    expect(kept.map((h) => h.name)).toEqual(['Kerstvakantie 2026', 'Voorjaarsvakantie 2027', 'Meivakantie 2027', 'Zomervakantie 2027', 'Studiedagen']);
    expect(s.policy.holidays).toEqual([]);
  });

  test('a deadline counted past the known school holidays is provisional, and final once they are known', () => {
    const short = inHoorgesprek();
    const t = receiveCalendar(short, middenCalendar({ revision: 2, coveredUntil: '2026-11-18' }), admin, MONDAY)!;
    expect(deadline(t.state, 'hoorgesprek').provisional).toBe(true);
    const later = receiveCalendar(t.state, middenCalendar({ revision: 3 }), admin, MONDAY)!;
    expect(deadline(later.state, 'hoorgesprek').provisional).toBeUndefined();
  });

  test('a case from before the calendar (no calendar, no basis) takes it without moving its deadlines', () => {
    const old = inHoorgesprek();
    delete old.calendar;
    for (const d of old.deadlines) delete d.basis;
    const t = receiveCalendar(old, withStudiedagen(), SYSTEM_ACTOR, MONDAY)!;
    expect(t.state.calendar!.revision).toBe(2);
    expect(deadline(t.state, 'hoorgesprek').dueAt).toBe('2026-11-17T16:00:00.000Z');
  });
});

describe('a newer school calendar reaches an open early signal', () => {
  const signal = () =>
    openSignal(
      {
        signalId: 'signal-S1',
        summary: { signalId: 'S1', concern: 'verzuim-onder-16-uur', gemeente: 'GM0505', schoolBrin: '12AB', reportedAt: '2026-11-02', reporterRole: 'school' },
        youthId: '00000000-0000-4000-8000-000000000001',
        policy: ZHZ_POLICY,
        calendar: middenCalendar(),
        consultantId: 'lpa-anna',
        teamLeadId: 'tl-zhz',
      },
      MONDAY,
    ).state;

  test("the consultant's response term is counted again; a closed signal changes nothing", () => {
    const s = signal();
    // Monday 2 November + 5 working days: Monday 9 November; with 4-6 November off, Thursday 12 November.
    expect(s.deadlines[0]!.dueAt).toBe('2026-11-09T16:00:00.000Z');
    const off = middenCalendar({ revision: 2, holidays: [...middenCalendar().holidays, { name: 'Studiedagen', from: '2026-11-04', to: '2026-11-06' }] });
    const t = receiveSignalCalendar(s, off, admin, MONDAY)!;
    expect(t.state.deadlines[0]!.dueAt).toBe('2026-11-12T16:00:00.000Z');
    expect(t.state.recentChanges.at(-1)).toMatchObject({ action: 'signal:calendarChanged' });
    expect(receiveSignalCalendar({ ...s, status: 'afgesloten' }, off, admin, MONDAY)).toBeNull();
  });
});
