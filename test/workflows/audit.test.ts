import { decodeHistory, fetchCaseRuns } from '../../api/history/decode-history';
import { timelineOf, type TimelineEntry } from '../../api/history/timeline';
import { school } from '../support/case-driver';
import { eventually } from '../support/eventually';
import { aSummary } from '../support/fixtures';
import { bob, ownRegion, startCase, teamLead, walkToClosure, WALK_DECISIONS } from '../support/audit-scenarios';
import { createCaseTestEnv, type CaseTestEnv } from '../support/workflow-env';

/**
 * The audit of real case runs on the time-skipping server: the audit table and the DUO feedback
 * outbox written by the projection, and the timeline read back from the workflow history.
 */
describe('case audit from real workflow runs', () => {
  let t: CaseTestEnv;
  beforeAll(async () => {
    t = await createCaseTestEnv();
  });
  afterAll(async () => t?.close());

  const timeline = async (caseId: string): Promise<TimelineEntry[]> => {
    const found = await fetchCaseRuns(t.env.client, caseId);
    const events = await Promise.all(found!.runs.map((run) => decodeHistory(t.env.client.options.loadedDataConverter, run)));
    return timelineOf(events.flat());
  };

  test('every change is in the audit table with its actor, time and reason; the DUO outbox has each status change', () =>
    t.withWorker(async () => {
      const region = await ownRegion(t);
      const c = await startCase(t, region);
      const final = await walkToClosure(t, c);
      expect(final).toMatchObject({ phase: 'afgesloten', duoStatus: 'afgesloten', closure: { reason: 'afgerond-na-route', by: 'system' } });

      const rows = await eventually(
        () => t.prisma.auditEntry.findMany({ where: { caseId: c.caseId }, orderBy: { version: 'asc' } }),
        (r) => r.at(-1)?.version === final.version,
      );
      // One row per version, none missing.
      expect(rows.map((r) => r.version)).toEqual(Array.from({ length: final.version }, (_, i) => i + 1));
      expect(rows[0]).toMatchObject({ action: 'start', actorId: school.id, actorRole: 'school' });
      expect(rows.find((r) => r.action === 'signal:schoolInformationReceived')).toMatchObject({ actorId: school.id });
      expect(rows.find((r) => r.action === 'timer:school-informatie-herinnering')).toMatchObject({ actorId: 'system', actorRole: 'system' });
      const decisions = rows.filter((r) => !r.action.startsWith('timer:') && !r.action.startsWith('signal:') && r.action !== 'start');
      expect(decisions.map((r) => [r.action, r.actorId])).toEqual(WALK_DECISIONS);
      expect(decisions.find((r) => r.action === 'reassign')).toMatchObject({ actorRole: 'teamlead', reason: 'Anna met verlof' });
      expect(decisions.find((r) => r.action === 'recordJudgement')!.reason).toBe('Geen geldige reden voor het verzuim');
      expect(rows.at(-1)).toMatchObject({ action: 'timer:monitoring-verstreken', actorId: 'system', duoStatus: 'afgesloten' });
      // Times follow the versions.
      expect(rows.map((r) => r.at.getTime())).toEqual([...rows.map((r) => r.at.getTime())].sort((a, b) => a - b));

      const feedback = await t.prisma.duoFeedback.findMany({ where: { caseId: c.caseId }, orderBy: [{ version: 'asc' }, { status: 'asc' }] });
      expect(feedback.map((f) => [f.version, f.meldingIds, f.status, f.closingReason, f.closingReasonLabel, f.contactPerson])).toEqual([
        [1, [final.meldingen[0]!.meldingId], 'geregistreerd', null, null, 'lpa-anna'],
        [1, [final.meldingen[0]!.meldingId], 'in-behandeling', null, null, 'lpa-anna'],
        [final.version, [final.meldingen[0]!.meldingId], 'afgesloten', 'afgerond-na-route', 'Afgerond na traject', bob.id],
      ]);
      expect(feedback.every((f) => f.exportedAt === null && f.gemeente === region.gemeente)).toBe(true);
    }));

  test('the history reads back as a timeline: every decision with its actor and time, facts, timers and activities', () =>
    t.withWorker(async () => {
      const c = await startCase(t, await ownRegion(t));
      const final = await walkToClosure(t, c);
      const entries = await timeline(c.caseId);

      expect(entries[0]).toMatchObject({ kind: 'case-opened', actor: school, data: { melding: { meldingId: final.meldingen[0]!.meldingId } } });
      const decisions = entries.filter((e) => e.kind === 'decision');
      expect(decisions.map((e) => [e.what, e.actor!.id])).toEqual(WALK_DECISIONS);
      expect(decisions.every((e) => e.outcome?.status === 'completed' && typeof e.outcome.version === 'number')).toBe(true);
      expect(decisions.find((e) => e.what === 'reassign')).toMatchObject({ actor: teamLead, data: { consultantId: bob.id }, reason: 'Anna met verlof' });
      expect(decisions.find((e) => e.what === 'recordJudgement')).toMatchObject({ data: { verdict: 'ongeoorloofd', helpNeeded: ['jeugdteam'] }, reason: 'Geen geldige reden voor het verzuim' });
      expect(entries.filter((e) => e.kind === 'fact').map((e) => [e.what, e.actor!.id])).toEqual([['schoolInformationReceived', school.id]]);
      const timers = entries.filter((e) => e.kind === 'timer-fired').map((e) => e.what);
      expect(timers).toEqual(expect.arrayContaining(['timer:school-informatie-herinnering', 'timer:monitoring-verstreken']));
      const activities = new Set(entries.filter((e) => e.kind === 'activity').map((e) => e.what));
      expect([...activities]).toEqual(expect.arrayContaining(['loadIntake', 'notify', 'projectCase']));
      expect(entries.filter((e) => e.kind === 'activity').every((e) => e.outcome?.status === 'completed')).toBe(true);
      expect(entries.at(-1)).toMatchObject({ kind: 'case-completed', data: { phase: 'afgesloten' } });
      // In time order, and the refused step is nowhere.
      expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort());
      expect(entries.filter((e) => e.what === 'chooseRoutes')).toHaveLength(1);
    }));

  test('every melding, a recidive one too, is Geregistreerd at its receipt and then In behandeling', () =>
    t.withWorker(async () => {
      const region = await ownRegion(t);
      const c = await startCase(t, region);
      await c.waitFor((x) => x.step === 'school-informatie');
      const second = aSummary({ kind: 'luxe', gemeente: region.gemeente, schoolBrin: region.schoolBrin });
      await c.newMelding(second);
      const s = await c.waitFor((x) => x.meldingen.length === 2);
      const feedback = await eventually(
        () => t.prisma.duoFeedback.findMany({ where: { caseId: c.caseId }, orderBy: [{ version: 'asc' }, { status: 'asc' }] }),
        (f) => f.length === 4,
      );
      expect(feedback.map((f) => [f.meldingIds, f.status])).toEqual([
        [[s.meldingen[0]!.meldingId], 'geregistreerd'],
        [[s.meldingen[0]!.meldingId], 'in-behandeling'],
        [[second.meldingId], 'geregistreerd'],
        [[second.meldingId], 'in-behandeling'],
      ]);
      expect(feedback[2]!.changedAt.toISOString()).toBe(s.meldingen[1]!.receivedAt);
    }));

  test('the history follows the case over continue-as-new runs', () =>
    t.withWorker(async () => {
      // A run continues as new after 300 events here (5,000 in production): the timeline must
      // follow it the same way, without 5,000 facts on a machine busy with other test files.
      const c = await startCase(t, await ownRegion(t), undefined, { maxHistoryEvents: 300 });
      const s0 = await c.waitFor((x) => x.step === 'school-informatie');
      const firstRun = (await c.handle.describe()).runId;
      // Enough facts to pass that limit more than once, so it continues as new.
      const burst = Array.from({ length: 700 }, (_, i) => i);
      for (let i = 0; i < burst.length; i += 100) await Promise.all(burst.slice(i, i + 100).map(() => c.enrolled('12AB', '2026-01-05')));
      await eventually(() => c.handle.describe().then((d) => d.runId), (runId) => runId !== firstRun, 60_000);
      const s = await c.waitFor((x) => x.version >= s0.version + burst.length, 60_000);
      expect(s.step).toBe('school-informatie');

      const found = await fetchCaseRuns(t.env.client, c.caseId);
      expect(found!.runs.length).toBeGreaterThanOrEqual(2);
      expect(found!.runs[0]!.runId).toBe(firstRun);
      expect(found!.earlierRunsMissing).toBe(false);
      const entries = await timeline(c.caseId);
      expect(entries[0]!.kind).toBe('case-opened');
      expect(entries.some((e) => e.kind === 'continued-as-new')).toBe(true);
      expect(entries.find((e) => e.kind === 'run-continued')).toMatchObject({ runId: found!.runs[1]!.runId });
      expect(entries.filter((e) => e.kind === 'fact' && e.what === 'enrolmentRegistered')).toHaveLength(burst.length);
    }));
});
