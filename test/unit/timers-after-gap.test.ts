import { SYSTEM_ACTOR } from '../../domain/case/actor';
import { consultantDeadline, systemDeadline } from '../../domain/case/deadlines';
import { openCase } from '../../domain/case/intake';
import type { Effect } from '../../domain/case/effects';
import type { CaseState } from '../../domain/case/state';
import { fireTimers } from '../../domain/case/transitions';
import { nextTimer } from '../../domain/process/timers';
import { intakeFacts as facts } from '../support/intake-facts';

/**
 * Timers after a gap (observation 4): a worker that was down over several instants wakes once,
 * and one pass of fireTimers decides what happens. Each deadline acts on its latest stage only,
 * never both school reminders at once, and nothing fires once the case is closed.
 */
const at = (iso: string) => new Date(iso);
const MONDAY = at('2026-11-02T08:00:00Z');
const effectsOf = (t: { effects: Effect[] } | null) =>
  (t?.effects ?? []).map((e) => (e.kind === 'notify' ? `notify:${e.topic}` : e.kind === 'school-reminder' ? `school-reminder-${e.sequence}` : e.kind));

describe('timers after a gap', () => {
  test('the worker down over the school reminder and deadline: only the second reminder goes out', () => {
    const s = openCase(facts(), MONDAY).state;
    const d = s.deadlines.find((x) => x.kind === 'school-informatie')!;
    // Past the reminder (5 Nov) and the deadline (9 Nov), before the escalation (11 Nov).
    const t = fireTimers(s, at('2026-11-10T08:00:00Z'), SYSTEM_ACTOR)!;
    expect(effectsOf(t)).toEqual(['school-reminder-2']);
    expect(t.state.schoolRequest!.remindersSent).toBe(1);
    expect(t.state.deadlines.find((x) => x.id === d.id)).toMatchObject({ reminded: true, expired: true, escalated: false });
    // Histories from before the runner replay the old way: both at once.
    expect(effectsOf(fireTimers(s, at('2026-11-10T08:00:00Z'), SYSTEM_ACTOR, { latestOnly: false }))).toEqual(['school-reminder-1', 'school-reminder-2']);
  });

  test('down past the escalation: the onderzoek moves on and the consultant is told, no reminders', () => {
    const s = openCase(facts(), MONDAY).state;
    const t = fireTimers(s, at('2026-11-12T08:00:00Z'), SYSTEM_ACTOR)!;
    expect(effectsOf(t)).toEqual(['notify:school-informatie-uitgebleven']);
    expect(t.state.step).toBe('hoorgesprek');
    expect(t.state.schoolRequest!.remindersSent).toBe(0);
  });

  test('a consultant deadline passed entirely: one escalation, the missed deadline still counted', () => {
    const s = openCase(facts(), MONDAY).state;
    s.deadlines = [consultantDeadline('hoorgesprek', 'hoorgesprek', MONDAY, 10, s)];
    const d = s.deadlines[0]!;
    const t = fireTimers(s, at(new Date(new Date(d.escalateAt!).getTime() + 60_000).toISOString()), SYSTEM_ACTOR)!;
    expect(effectsOf(t)).toEqual(['notify:escalatie-termijn']);
    expect(t.state.missedDeadlines).toEqual([{ kind: 'hoorgesprek', dueAt: d.dueAt }]);
    expect(t.state.deadlines[0]).toMatchObject({ reminded: true, expired: true, escalated: true });
    expect(nextTimer(t.state.deadlines)).toBeNull();
  });

  test('the monitoring period ends in the gap: the case closes and nothing fires for the closed case', () => {
    const s: CaseState = openCase(facts(), MONDAY).state;
    s.phase = 'monitoring';
    s.step = 'monitoring';
    const monitoring = systemDeadline('monitoring', 'monitoring', MONDAY, 1);
    // A follow-up of a house visit whose instants all come after the end of the monitoring period.
    const later = consultantDeadline('huisbezoek-opvolging', 'huisbezoek-opvolging', at('2026-11-10T08:00:00Z'), 5, s);
    s.deadlines = [later, monitoring];
    const t = fireTimers(s, at('2026-12-31T08:00:00Z'), SYSTEM_ACTOR)!;
    expect(t.state.phase).toBe('afgesloten');
    expect(effectsOf(t)).toEqual(['notify:zaak-gesloten']);
    expect(t.state.deadlines).toEqual([]);
    expect(t.state.missedDeadlines).toEqual([]);
  });

  test('the timer is named after the deadline and the stage it waits for', () => {
    const s = openCase(facts(), MONDAY).state;
    expect(nextTimer(s.deadlines)).toEqual({ at: '2026-11-05T07:00:00.000Z', summary: 'school-informatie: herinnering' });
  });
});
