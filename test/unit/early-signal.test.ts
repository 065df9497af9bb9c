import { SYSTEM_ACTOR, type Actor } from '../../domain/case/actor';
import {
  CloseSignalInput,
  EarlySignalSummary,
  EscalateSignalInput,
  FormalMeldingInput,
  RecordContactInput,
  RecordFollowUpInput,
} from '../../domain/signal/actions';
import { nextTimerAt } from '../../domain/case/deadlines';
import { nextSignalDeadline, type SignalState } from '../../domain/signal/state';
import {
  fireSignalTimers,
  openSignal,
  receiveFormalMelding,
  type SignalIntakeFacts,
} from '../../domain/signal/transitions';
import { checkSignalAction, runSignalAction } from '../../domain/actions/run-early-signal';
import { RegionPolicySchema, ZHZ_POLICY } from '../../domain/policy';
import { middenCalendar } from '../support/school-calendar';

/** Vroegsignalering as pure transitions: the rules the signal workflow runs, without a server. */
const lpa: Actor = { id: 'lpa-anna', role: 'consultant' };
const at = (iso: string) => new Date(iso);
// Monday 2 November 2026, 09:00 Amsterdam: no holidays in the weeks after.
const MONDAY = at('2026-11-02T08:00:00Z');
const TUESDAY = at('2026-11-03T10:00:00Z');

function facts(overrides: Partial<SignalIntakeFacts> = {}): SignalIntakeFacts {
  return {
    signalId: 'signal-S1',
    summary: { signalId: 'S1', concern: 'verzuim-onder-16-uur', gemeente: 'GM0505', schoolBrin: '12AB', reportedAt: '2026-11-02', reporterRole: 'school' },
    youthId: '00000000-0000-4000-8000-000000000001',
    policy: ZHZ_POLICY,
    calendar: middenCalendar(),
    consultantId: 'lpa-anna',
    teamLeadId: 'tl-zhz',
    ...overrides,
  };
}

const opened = (now = MONDAY, f = facts()) => openSignal(f, now).state;
const contact = (when: string, kind: RecordContactInput['kind'] = 'advies-aan-school'): RecordContactInput => ({
  kind,
  at: when,
  summary: 'Mentor geadviseerd een gesprek met ouders te voeren',
});
/** A signal whose first contact (Tuesday 09:00 UTC) has been recorded: in step 'opvolging'. */
const inOpvolging = () => runSignalAction('recordContact', opened(), contact('2026-11-03T09:00:00Z'), lpa, TUESDAY).state;

describe('schemas', () => {
  test('the summary carries no personal data and only known concerns', () => {
    expect(EarlySignalSummary.safeParse(facts().summary).success).toBe(true);
    expect(EarlySignalSummary.safeParse({ ...facts().summary, concern: 'spijbelen' }).success).toBe(false);
    // Strict: a name or BSN in the summary is refused, not carried along.
    expect(EarlySignalSummary.safeParse({ ...facts().summary, bsn: '111222333' }).success).toBe(false);
    expect(EarlySignalSummary.safeParse({ ...facts().summary, reportedAt: '2026-02-30' }).success).toBe(false);
  });

  test('a contact needs a known kind, an instant with offset and a summary', () => {
    expect(RecordContactInput.parse({ ...contact('2026-11-03T10:00:00+01:00'), summary: '  advies  ' }).summary).toBe('advies');
    expect(RecordContactInput.safeParse(contact('2026-11-03T10:00:00')).success).toBe(false);
    expect(RecordContactInput.safeParse({ ...contact('2026-11-03T09:00:00Z'), kind: 'huisbezoek' }).success).toBe(false);
    expect(RecordContactInput.safeParse({ ...contact('2026-11-03T09:00:00Z'), summary: '   ' }).success).toBe(false);
    expect(RecordContactInput.safeParse({ ...contact('2026-11-03T09:00:00Z'), agreements: 'x'.repeat(4001) }).success).toBe(false);
  });

  test('follow-up extends only when asked; close, escalate and the formal melding are checked', () => {
    expect(RecordFollowUpInput.parse({ result: 'verbeterd', summary: 'beter' }).extend).toBe(false);
    expect(RecordFollowUpInput.safeParse({ result: 'anders', summary: 'x' }).success).toBe(false);
    expect(CloseSignalInput.safeParse({ outcome: 'geen-zorgen' }).success).toBe(true);
    expect(CloseSignalInput.safeParse({ outcome: 'afgerond' }).success).toBe(false);
    expect(EscalateSignalInput.safeParse({ caseId: 'case-M1', reason: 'zorgen nemen toe' }).success).toBe(true);
    expect(EscalateSignalInput.safeParse({ caseId: 'M1', reason: 'zorgen nemen toe' }).success).toBe(false);
    expect(EscalateSignalInput.safeParse({ caseId: 'case-M1', reason: ' ' }).success).toBe(false);
    expect(FormalMeldingInput.safeParse({ caseId: 'case-M1', meldingId: 'M1' }).success).toBe(true);
    expect(FormalMeldingInput.safeParse({ caseId: 'case-M1' }).success).toBe(false);
  });
});

describe('opening a signal', () => {
  test('the consultant owes a response within 5 working days, with a reminder before and escalation after', () => {
    const { state, effects } = openSignal(facts(), MONDAY);
    expect(state).toMatchObject({ signalId: 'signal-S1', version: 1, status: 'open', step: 'reactie', consultantId: 'lpa-anna', teamLeadId: 'tl-zhz' });
    // Mon 2 Nov + 5 working days = Mon 9 Nov; reminder 1 working day before (Fri 6 Nov); escalation 2 after (Wed 11 Nov).
    expect(state.deadlines).toEqual([
      expect.objectContaining({
        id: 'signaal-reactie',
        kind: 'signaal-reactie',
        owner: 'consultant',
        dueAt: '2026-11-09T16:00:00.000Z',
        remindAt: '2026-11-06T07:00:00.000Z',
        escalateAt: '2026-11-11T16:00:00.000Z',
      }),
    ]);
    expect(effects).toEqual([expect.objectContaining({ kind: 'notify', recipient: 'consultant', topic: 'nieuw-signaal' })]);
    expect(nextSignalDeadline(state)).toBe('2026-11-09T16:00:00.000Z');
    expect(nextTimerAt(state)).toBe('2026-11-06T07:00:00.000Z');
  });

  test('the response term skips the Kerstvakantie and follows the region policy', () => {
    const december = opened(at('2026-12-17T08:00:00Z'));
    // Thu 17 Dec: Fri 18 Dec, then 19 Dec - 3 Jan off, then 4, 5, 6, 7 Jan.
    expect(december.deadlines[0]).toMatchObject({ dueAt: '2027-01-07T16:00:00.000Z', remindAt: '2027-01-06T07:00:00.000Z', escalateAt: '2027-01-11T16:00:00.000Z' });
    const short = RegionPolicySchema.parse({ regionId: 'kort', name: 'Kort', earlySignalResponseWorkingDays: 2 });
    expect(opened(MONDAY, facts({ policy: short })).deadlines[0]!.dueAt).toBe('2026-11-04T16:00:00.000Z');
  });
});

describe('contacts', () => {
  test('the first contact answers the signal: the follow-up is due 4 weeks (20 working days) after it', () => {
    const s0 = opened();
    const input = { ...contact('2026-11-03T09:00:00Z', 'overleg-met-school'), agreements: 'School belt ouders' };
    expect(checkSignalAction('recordContact', s0, input, TUESDAY)).toEqual({ ok: true });
    const before = JSON.stringify(s0);
    const { state, effects } = runSignalAction('recordContact', s0, input, lpa, TUESDAY);
    expect(JSON.stringify(s0)).toBe(before); // the input state is never changed
    expect(effects).toEqual([]);
    expect(state).toMatchObject({ version: 2, step: 'opvolging', status: 'open', lastActor: lpa });
    expect(state.contacts).toEqual([{ ...input, recordedAt: TUESDAY.toISOString(), by: 'lpa-anna' }]);
    // Tue 3 Nov + 20 working days = Tue 1 Dec; reminder Mon 30 Nov; escalation Thu 3 Dec.
    expect(state.deadlines).toEqual([
      expect.objectContaining({
        kind: 'signaal-opvolging',
        owner: 'consultant',
        dueAt: '2026-12-01T16:00:00.000Z',
        remindAt: '2026-11-30T07:00:00.000Z',
        escalateAt: '2026-12-03T16:00:00.000Z',
      }),
    ]);
    expect(state.recentChanges.at(-1)).toMatchObject({ version: 2, action: 'recordContact', actor: lpa, status: 'open', reason: input.summary });
  });

  test('the follow-up period runs from the contact, not from when it was recorded, and skips holidays', () => {
    // Contact on Tue 1 Dec, recorded a week later: Dec 2-4, 7-11, 14-18 (13), Kerstvakantie, Jan 4-8 (18), 11, 12.
    const s = runSignalAction('recordContact', opened(at('2026-11-30T08:00:00Z')), contact('2026-12-01T09:00:00Z'), lpa, at('2026-12-08T09:00:00Z')).state;
    expect(s.deadlines[0]!.dueAt).toBe('2027-01-12T16:00:00.000Z');
  });

  test('later contacts are only recorded', () => {
    const s1 = inOpvolging();
    const s2 = runSignalAction('recordContact', s1, contact('2026-11-10T09:00:00Z', 'contact-met-ouders'), lpa, at('2026-11-10T10:00:00Z')).state;
    expect(s2.contacts.map((c) => c.kind)).toEqual(['advies-aan-school', 'contact-met-ouders']);
    expect(s2.deadlines).toEqual(s1.deadlines);
    expect(s2.step).toBe('opvolging');
  });

  test('a contact in the future (beyond an hour) or more than 31 days ago is refused', () => {
    const s = opened();
    const inAnHour = '2026-11-02T09:00:00Z';
    expect(checkSignalAction('recordContact', s, contact(inAnHour), MONDAY)).toEqual({ ok: true });
    expect(checkSignalAction('recordContact', s, contact('2026-11-02T09:00:01Z'), MONDAY)).toMatchObject({
      ok: false,
      kind: 'rule-violation',
      violations: [{ code: 'signal.contact.future' }],
    });
    expect(checkSignalAction('recordContact', s, contact('2026-10-02T08:00:00Z'), MONDAY)).toEqual({ ok: true });
    expect(checkSignalAction('recordContact', s, contact('2026-10-02T07:59:59Z'), MONDAY)).toMatchObject({
      ok: false,
      kind: 'rule-violation',
      violations: [{ code: 'signal.contact.past' }],
    });
  });
});

describe('follow-up', () => {
  test('only after the first contact', () => {
    expect(checkSignalAction('recordFollowUp', opened(), { result: 'verbeterd', summary: 'x', extend: false }, MONDAY)).toMatchObject({
      ok: false,
      kind: 'phase-conflict',
      violations: [{ code: 'signal.step' }],
    });
  });

  test('without extension the deadline is cleared and the signal waits for the consultant to close or escalate', () => {
    const { state } = runSignalAction('recordFollowUp', inOpvolging(), { result: 'verslechterd', summary: 'meer verzuim', extend: false }, lpa, at('2026-11-30T09:00:00Z'));
    expect(state).toMatchObject({ status: 'open', step: 'opvolging', deadlines: [] });
    expect(state.followUps).toEqual([{ result: 'verslechterd', summary: 'meer verzuim', extended: false, recordedAt: '2026-11-30T09:00:00.000Z', by: 'lpa-anna' }]);
    expect(nextTimerAt(state)).toBeNull();
    expect(nextSignalDeadline(state)).toBeNull();
  });

  test('with extension a new follow-up period starts from now', () => {
    const { state } = runSignalAction('recordFollowUp', inOpvolging(), { result: 'onveranderd', summary: 'nog zorgen', extend: true }, lpa, at('2026-11-30T09:00:00Z'));
    // Mon 30 Nov + 20 working days: Dec 1-4, 7-11, 14-18 (14), Kerstvakantie, Jan 4-8 (19), Mon 11 Jan.
    expect(state.deadlines).toEqual([expect.objectContaining({ kind: 'signaal-opvolging', dueAt: '2027-01-11T16:00:00.000Z', reminded: false, expired: false })]);
    expect(state.step).toBe('opvolging');
  });
});

describe('closing', () => {
  test('never unseen: a contact first, unless the youth moved', () => {
    const s = opened();
    expect(checkSignalAction('closeSignal', s, { outcome: 'geen-zorgen' }, MONDAY)).toMatchObject({
      ok: false,
      kind: 'rule-violation',
      violations: [{ code: 'signal.no-contact' }],
    });
    expect(checkSignalAction('closeSignal', s, { outcome: 'verhuisd' }, MONDAY)).toEqual({ ok: true });
    const { state, effects } = runSignalAction('closeSignal', s, { outcome: 'verhuisd', note: 'naar Utrecht' }, lpa, MONDAY);
    expect(state).toMatchObject({ status: 'afgesloten', step: null, deadlines: [], outcome: 'verhuisd', closingNote: 'naar Utrecht', closedAt: MONDAY.toISOString() });
    expect(effects).toEqual([]);
  });

  test('after a contact with an outcome; a closed signal refuses every action', () => {
    const { state } = runSignalAction('closeSignal', inOpvolging(), { outcome: 'verzuim-gestopt' }, lpa, at('2026-11-30T09:00:00Z'));
    expect(state).toMatchObject({ status: 'afgesloten', outcome: 'verzuim-gestopt', deadlines: [] });
    const closed = { ok: false, kind: 'phase-conflict', violations: [{ code: 'signal.closed' }] };
    expect(checkSignalAction('recordContact', state, contact('2026-11-30T09:00:00Z'), at('2026-11-30T10:00:00Z'))).toMatchObject(closed);
    expect(checkSignalAction('recordFollowUp', state, { result: 'verbeterd', summary: 'x', extend: false }, MONDAY)).toMatchObject(closed);
    expect(checkSignalAction('closeSignal', state, { outcome: 'anders' }, MONDAY)).toMatchObject(closed);
    expect(checkSignalAction('escalate', state, { caseId: 'case-M1', reason: 'x' }, MONDAY)).toMatchObject(closed);
    expect(checkSignalAction('reassign', state, { consultantId: 'lpa-bob' }, MONDAY)).toMatchObject(closed);
    expect(fireSignalTimers(state, at('2027-06-01T00:00:00Z'), SYSTEM_ACTOR)).toBeNull();
  });
});

describe('escalation', () => {
  test('by the consultant, into the MAS case the API opened', () => {
    const { state, effects } = runSignalAction('escalate', opened(), { caseId: 'case-M9', reason: 'zorgen nemen toe' }, lpa, TUESDAY);
    expect(state).toMatchObject({
      status: 'geescaleerd',
      step: null,
      deadlines: [],
      closedAt: TUESDAY.toISOString(),
      escalation: { caseId: 'case-M9', reason: 'zorgen nemen toe', by: 'consultant', at: TUESDAY.toISOString() },
    });
    expect(effects).toEqual([expect.objectContaining({ kind: 'notify', recipient: 'consultant', topic: 'signaal-geescaleerd' })]);
    expect(state.recentChanges.at(-1)).toMatchObject({ action: 'escalate', status: 'geescaleerd', reason: 'zorgen nemen toe' });
    // Escalated once: a second escalation is a phase conflict that names the case.
    const again = checkSignalAction('escalate', state, { caseId: 'case-M10', reason: 'x' }, TUESDAY);
    expect(again).toMatchObject({ ok: false, kind: 'phase-conflict', violations: [{ code: 'signal.closed', message: expect.stringContaining('case-M9') }] });
  });

  test('by a formal melding for the same youth; ignored once the signal is not open', () => {
    const school: Actor = { id: 'school-12AB', role: 'school' };
    const t = receiveFormalMelding(inOpvolging(), { caseId: 'case-M2', meldingId: 'M2' }, school, at('2026-11-12T09:00:00Z'))!;
    expect(t.state).toMatchObject({
      version: 3,
      status: 'geescaleerd',
      deadlines: [],
      escalation: { caseId: 'case-M2', meldingId: 'M2', by: 'formele-melding', at: '2026-11-12T09:00:00.000Z' },
      lastActor: school,
    });
    expect(t.effects).toEqual([expect.objectContaining({ recipient: 'consultant', topic: 'signaal-geescaleerd', message: expect.stringContaining('case-M2') })]);
    expect(t.state.recentChanges.at(-1)).toMatchObject({ action: 'signal:formalMelding', reason: 'formele melding M2' });
    expect(receiveFormalMelding(t.state, { caseId: 'case-M3', meldingId: 'M3' }, school, at('2026-11-13T09:00:00Z'))).toBeNull();
    const closed = runSignalAction('closeSignal', inOpvolging(), { outcome: 'geen-zorgen' }, lpa, TUESDAY).state;
    expect(receiveFormalMelding(closed, { caseId: 'case-M2', meldingId: 'M2' }, school, TUESDAY)).toBeNull();
  });
});

describe('reassign', () => {
  test('to another consultant, who is told; the same consultant is refused', () => {
    const s = opened();
    expect(checkSignalAction('reassign', s, { consultantId: 'lpa-anna' }, MONDAY)).toMatchObject({ ok: false, kind: 'rule-violation', violations: [{ code: 'assign.same' }] });
    const teamLead: Actor = { id: 'tl-zhz', role: 'teamlead' };
    const { state, effects } = runSignalAction('reassign', s, { consultantId: 'lpa-bob', note: 'verlof' }, teamLead, MONDAY);
    expect(state).toMatchObject({ consultantId: 'lpa-bob', lastActor: teamLead });
    expect(state.recentChanges.at(-1)).toMatchObject({ action: 'reassign', reason: 'verlof' });
    expect(effects).toEqual([expect.objectContaining({ recipient: 'consultant', topic: 'toegewezen' })]);
  });
});

describe('timers', () => {
  test('the response deadline: reminder, expiry (missed), escalation to the team lead, each once', () => {
    let s: SignalState = opened();
    const d = s.deadlines[0]!;
    expect(fireSignalTimers(s, at('2026-11-06T06:59:59Z'), SYSTEM_ACTOR)).toBeNull();
    const r = fireSignalTimers(s, at(d.remindAt!), SYSTEM_ACTOR)!;
    expect(r.effects).toEqual([expect.objectContaining({ recipient: 'consultant', topic: 'herinnering-termijn' })]);
    expect(r.state.recentChanges.at(-1)).toMatchObject({ action: 'timer:signaal-reactie-herinnering', actor: SYSTEM_ACTOR });
    s = r.state;
    expect(fireSignalTimers(s, at(d.remindAt!), SYSTEM_ACTOR)).toBeNull();
    expect(nextTimerAt(s)).toBe(d.dueAt);
    const e = fireSignalTimers(s, at(d.dueAt), SYSTEM_ACTOR)!;
    expect(e.effects).toEqual([expect.objectContaining({ recipient: 'consultant', topic: 'termijn-verstreken' })]);
    expect(e.state.missedDeadlines).toEqual([{ kind: 'signaal-reactie', dueAt: d.dueAt }]);
    s = e.state;
    expect(nextTimerAt(s)).toBe(d.escalateAt);
    expect(nextSignalDeadline(s)).toBe(d.dueAt); // still outstanding: the work queue keeps it first
    const x = fireSignalTimers(s, at(d.escalateAt!), SYSTEM_ACTOR)!;
    expect(x.effects).toEqual([expect.objectContaining({ recipient: 'teamlead', topic: 'escalatie-termijn' })]);
    expect(x.state.version).toBe(s.version + 1);
    expect(nextTimerAt(x.state)).toBeNull();
    expect(fireSignalTimers(x.state, at('2026-12-31T00:00:00Z'), SYSTEM_ACTOR)).toBeNull();
    // The signal stays open in step 'reactie': a late contact still answers it.
    const late = runSignalAction('recordContact', x.state, contact('2026-11-12T09:00:00Z'), lpa, at('2026-11-12T10:00:00Z')).state;
    expect(late).toMatchObject({ step: 'opvolging', missedDeadlines: [{ kind: 'signaal-reactie' }] });
    expect(late.deadlines.map((y) => y.kind)).toEqual(['signaal-opvolging']);
  });

  test('a worker that wakes late acts on the latest stage only: the escalation, with the missed deadline recorded', () => {
    const s = inOpvolging();
    const { state, effects } = fireSignalTimers(s, at('2026-12-04T00:00:00Z'), SYSTEM_ACTOR)!;
    expect(effects.map((e) => `${e.recipient}:${e.topic}`)).toEqual(['teamlead:escalatie-termijn']);
    expect(state.deadlines[0]).toMatchObject({ reminded: true, expired: true, escalated: true });
    expect(state.missedDeadlines).toEqual([{ kind: 'signaal-opvolging', dueAt: '2026-12-01T16:00:00.000Z' }]);
    expect(state.version).toBe(s.version + 1);
    expect(state.recentChanges.at(-1)!.action).toBe('timer:signaal-opvolging-herinnering,signaal-opvolging-verstreken,signaal-opvolging-escalatie');
    // Histories from before the process runner replay with every stage acting.
    const legacy = fireSignalTimers(s, at('2026-12-04T00:00:00Z'), SYSTEM_ACTOR, { latestOnly: false })!;
    expect(legacy.effects.map((e) => `${e.recipient}:${e.topic}`)).toEqual(['consultant:herinnering-termijn', 'consultant:termijn-verstreken', 'teamlead:escalatie-termijn']);
  });
});
