import type { Actor } from '../../domain/case/actor';
import { runSignalAction } from '../../domain/actions/run-early-signal';
import { ZHZ_POLICY } from '../../domain/policy';
import { openSignal, type SignalIntakeFacts } from '../../domain/signal/transitions';
import { availableSignalActions, isOverdue, signalChangeLabel } from '../../web/pages/signals';
import { middenCalendar } from '../support/school-calendar';

/** The signal page offers the forms the signal's state allows, derived from the registry's checks. */
const lpa: Actor = { id: 'lpa-anna', role: 'consultant' };
const MONDAY = new Date('2026-11-02T08:00:00Z');
const facts: SignalIntakeFacts = {
  signalId: 'signal-S1',
  summary: { signalId: 'S1', concern: 'verzuim-onder-16-uur', gemeente: 'GM0505', schoolBrin: '12AB', reportedAt: '2026-11-02', reporterRole: 'school' },
  youthId: '00000000-0000-4000-8000-000000000001',
  policy: ZHZ_POLICY,
  calendar: middenCalendar(),
  consultantId: 'lpa-anna',
  teamLeadId: 'tl-zhz',
};
const names = (s: Parameters<typeof availableSignalActions>[0], role = 'consultant') => availableSignalActions(s, role, MONDAY).map((a) => a.name);

describe('the actions a signal page offers', () => {
  test('a new signal: a contact, closing (refused at the field without a contact) and escalating; no follow-up yet; reassigning for the team lead only', () => {
    const { state } = openSignal(facts, MONDAY);
    expect(state.step).toBe('reactie');
    expect(names(state)).toEqual(['recordContact', 'closeSignal', 'escalate']);
    expect(names(state, 'teamlead')).toEqual(['recordContact', 'closeSignal', 'escalate', 'reassign']);
    expect(names(state, 'management')).toEqual([]);
    expect(names(state, 'partner')).toEqual([]);
  });

  test('after the first contact the follow-up check is offered; a closed or escalated signal offers nothing', () => {
    const opened = openSignal(facts, MONDAY).state;
    const contacted = runSignalAction('recordContact', opened, { kind: 'advies-aan-school', at: MONDAY.toISOString(), summary: 'Advies' }, lpa, MONDAY).state;
    expect(contacted.step).toBe('opvolging');
    expect(names(contacted)).toEqual(['recordContact', 'recordFollowUp', 'closeSignal', 'escalate']);
    const closed = runSignalAction('closeSignal', contacted, { outcome: 'geen-zorgen' }, lpa, MONDAY).state;
    expect(names(closed)).toEqual([]);
    const escalated = runSignalAction('escalate', contacted, { caseId: 'case-x', reason: 'Zorgen nemen toe' }, lpa, MONDAY).state;
    expect(names(escalated, 'teamlead')).toEqual([]);
    expect(names(null)).toEqual([]);
  });

  test('the timeline names actions, facts from outside and what deadlines did, in Dutch', () => {
    expect(signalChangeLabel('recordContact')).toBe('Contact vastleggen');
    expect(signalChangeLabel('signal:formalMelding')).toMatch(/Formele verzuimmelding/);
    expect(signalChangeLabel('timer:signaal-reactie-herinnering,signaal-reactie-verstreken')).toBe('Termijn Reactie op het signaal: herinnering; Termijn Reactie op het signaal: verstreken');
    expect(signalChangeLabel('timer:signaal-opvolging-escalatie')).toBe('Termijn Opvolgingscheck: geëscaleerd naar de teamleider');
    expect(signalChangeLabel('effect-geparkeerd:notificatie')).toBe('Actie kon niet worden uitgevoerd: notificatie');
  });

  test('an open signal is overdue once its next deadline passed; a closed one never', () => {
    const now = new Date('2026-11-10T12:00:00Z');
    expect(isOverdue({ status: 'open', nextDeadline: '2026-11-09T12:00:00Z' }, now)).toBe(true);
    expect(isOverdue({ status: 'open', nextDeadline: '2026-11-11T12:00:00Z' }, now)).toBe(false);
    expect(isOverdue({ status: 'open', nextDeadline: null }, now)).toBe(false);
    expect(isOverdue({ status: 'afgesloten', nextDeadline: '2026-11-09T12:00:00Z' }, now)).toBe(false);
  });
});
