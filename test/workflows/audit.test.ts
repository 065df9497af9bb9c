import fs from 'node:fs';
import path from 'node:path';
import type { temporal } from '@temporalio/proto';
import type { DataConverter } from '@temporalio/common';
import { decodeHistory, fetchCaseRuns } from '../../api/history/decode-history';
import { timelineOf, type TimelineEntry } from '../../api/history/timeline';
import { parseConfig } from '../../platform/config';
import { historyToJson } from '../../platform/history-json';
import { dataConverter } from '../../platform/payload-codec';
import { fileHistories, formatOutcome, replayAll, type WorkflowCode } from '../../scripts/audit-replay';
import { otherCodePaths, workflowBundle } from '../../worker/workflow-bundle';
import { addDays, toIsoDate } from '../../domain/dates';
import { calendarChangedSignal } from '../../workflows/calendar-messages';
import { bob, ownRegion, runSignal, startCase, startThuiszitterCase, teamLead, walkToClosure, WALK_DECISIONS } from '../support/audit-scenarios';
import { school } from '../support/case-driver';
import { eventually } from '../support/eventually';
import { aSummary } from '../support/fixtures';
import { root, stack, testDataDir } from '../support/stack-env';
import { createCaseTestEnv, sleepUntil, type CaseTestEnv } from '../support/workflow-env';

/*
 * Both audits of real runs on one time-skipping server and worker (a Java server per file costs
 * about 3 CPU-s): the audit table, the DUO outbox and the timeline, then the determinism replay.
 */
let t: CaseTestEnv;
beforeAll(async () => {
  t = await createCaseTestEnv();
});
afterAll(async () => t?.close());

/**
 * The audit of real case runs on the time-skipping server: the audit table and the DUO feedback
 * outbox written by the projection, and the timeline read back from the workflow history.
 */
describe('case audit from real workflow runs', () => {
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
      // Enough facts to pass that limit, so it continues as new (each fact is a step of its own, with
      // its projection's marker: about two events each).
      const burst = Array.from({ length: 300 }, (_, i) => i);
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

/**
 * The determinism audit on histories of real runs: they replay on the current workflow code, and
 * a change that would break a running case fails, naming the case. The committed histories under
 * test/fixtures/histories/ (recorded by this describe with RECORD_HISTORIES=1, new names only) must keep replaying:
 * a workflow change that breaks them needs patching (workflow.patched) or a new workflow type.
 */
const FIXTURES = path.join(root, 'test', 'fixtures', 'histories');
/**
 * The workflow shape new recordings are filed under: runs recorded under the process runner are
 * `<name>.process-runner.json` beside the older `<name>.json`, so both shapes keep being replayed.
 * A later change of shape names a new one here and records again: `runner-hot-path` (issue 15) are
 * runs whose timer outlives steps that leave the earliest deadline as it was, with search
 * attributes upserted only when changed and the intake read by a local activity. `patches-up-front`:
 * every patch a case asks is decided in its run's first activation (PATCHES_UP_FRONT_PATCH).
 * `effects-after-answers`: an effect's next command waits for the answers already due
 * (EFFECTS_AFTER_ANSWERS_PATCH). `steps-in-sequence`: one lane takes one step at a time, timers
 * are never cancelled, updates are refused as busy while a local activity runs (STEPS_IN_SEQUENCE_PATCH).
 */
const SHAPE = 'steps-in-sequence';
const BREAKING = path.join(root, 'test', 'fixtures', 'workflows', 'breaking-change.ts');

describe('determinism audit (replay)', () => {
  let current: WorkflowCode;
  let breaking: WorkflowCode;
  // The project's data converter (payload encryption): it reads encrypted and plain histories alike.
  let converter: DataConverter;
  beforeAll(async () => {
    converter = dataConverter(parseConfig({ NODE_ENV: 'test', DATABASE_URL: stack().databaseUrl }));
    current = { workflowBundle: { codePath: stack().workflowBundlePath } };
    // Bundled once into the cache, shared with integration/audit.test.ts's `audit:replay --workflows-path`.
    breaking = { workflowBundle: await workflowBundle({ rebuild: true, at: otherCodePaths(BREAKING) }) };
  });

  /**
   * Real runs: one walked to closure, one still waiting on the school after a reminder, a
   * thuiszitter case reviewed with a plan (issue 7), an early signal advised and closed, a case
   * whose pending deadline a newer school calendar moved (issue 14), and a case with a moved
   * hoorgesprek and a late school answer (issue 12).
   */
  async function recordRuns(): Promise<{ name: string; caseId: string; history: temporal.api.history.v1.IHistory }[]> {
    const region = await ownRegion(t);
    const closed = await startCase(t, region);
    await walkToClosure(t, closed);
    const waiting = await startCase(t, region);
    const s = await waiting.waitFor((x) => x.step === 'school-informatie');
    await sleepUntil(t.env, s.deadlines[0]!.remindAt!);
    await waiting.waitFor((x) => x.schoolRequest!.remindersSent === 1);
    const thuiszitter = await startThuiszitterCase(t, region);
    const signal = await runSignal(t, region);
    const moved = await hoorgesprekMoved(region);
    // Issue 14: a newer school calendar reaches a case waiting on the consultant and moves the deadline.
    const recounted = await startCase(t, region);
    const r0 = await recounted.waitFor((x) => x.step === 'school-informatie');
    await recounted.schoolAnswers({ requestId: r0.schoolRequest!.requestId });
    const r1 = await recounted.waitFor((x) => x.step === 'hoorgesprek');
    const day = addDays(toIsoDate(new Date(await t.env.currentTimeMs())), 1);
    const calendar = { ...r1.calendar!, revision: r1.calendar!.revision + 1, holidays: [...r1.calendar!.holidays, { name: 'Studiedagen', from: day, to: addDays(day, 6) }] };
    await recounted.handle.signal(calendarChangedSignal, { actor: { id: 'fb-admin', role: 'admin' }, input: calendar });
    await recounted.waitFor((x) => x.calendar?.revision === calendar.revision);
    return [
      { name: 'walked-to-closure', caseId: closed.caseId, history: await closed.handle.fetchHistory() },
      { name: 'waiting-for-school', caseId: waiting.caseId, history: await waiting.handle.fetchHistory() },
      { name: 'thuiszitter-reviewed', caseId: thuiszitter.caseId, history: await thuiszitter.handle.fetchHistory() },
      { name: 'early-signal-closed', caseId: signal.signalId, history: await signal.handle.fetchHistory() },
      { name: 'hoorgesprek-moved', caseId: moved.caseId, history: await moved.handle.fetchHistory() },
      { name: 'calendar-changed', caseId: recounted.caseId, history: await recounted.handle.fetchHistory() },
    ];
  }

  /**
   * Issue 12: the school's second reminder at its own instant, an answer and a late one kept as
   * an addition, a hoorgesprek moved, cancelled, planned again and held, the judgement.
   */
  async function hoorgesprekMoved(region: { gemeente: string; schoolBrin: string }) {
    const c = await startCase(t, region);
    const s0 = await c.waitFor((x) => x.step === 'school-informatie');
    const d = s0.deadlines[0]!;
    await sleepUntil(t.env, d.secondRemindAt!);
    await c.waitFor((x) => x.schoolRequest!.remindersSent === 2);
    await c.schoolAnswers({ contactPerson: 'telefonisch', requestId: s0.schoolRequest!.requestId });
    await c.waitFor((x) => x.step === 'hoorgesprek');
    await c.schoolAnswers({ contactPerson: 'via de link', requestId: s0.schoolRequest!.requestId });
    await c.waitFor((x) => (x.schoolInformationAdditions ?? []).length === 1);
    const inDays = async (n: number) => new Date((await t.env.currentTimeMs()) + n * 86_400_000).toISOString();
    await c.do('planHoorgesprek', { plannedFor: await inDays(2), withYouth: true, location: 'Stadskantoor' });
    await c.do('replanHoorgesprek', { plannedFor: await inDays(4), location: 'Huisbezoek', requestedBy: 'ouders', reason: 'werk' });
    await c.do('cancelHoorgesprek', { by: 'ouders', kind: 'afgezegd', receivedAt: new Date(await t.env.currentTimeMs()).toISOString(), reason: 'ziek' });
    const planned = await inDays(3);
    await c.do('planHoorgesprek', { plannedFor: planned, withYouth: true, location: 'Stadskantoor' });
    await sleepUntil(t.env, planned, 3_600_000);
    await c.do('recordHoorgesprek', { outcome: 'gehouden', youthHeard: true, summary: 'gesprek' });
    await c.do('recordJudgement', { verdict: 'ongeoorloofd', reasoning: 'geen reden' });
    return c;
  }

  test('histories of real runs replay on the current code, and a breaking change fails naming each case', () =>
    t.withWorker(async () => {
      const runs = await recordRuns();
      if (process.env.RECORD_HISTORIES === '1') {
        fs.mkdirSync(FIXTURES, { recursive: true });
        for (const run of runs) {
          // The shape of GET /api/cases/:id/history?format=json, so exports and fixtures are one format.
          const body = { caseId: run.caseId, runs: [{ runId: run.history.events![0]!.workflowExecutionStartedEventAttributes!.originalExecutionRunId, history: historyToJson(run.history) }] };
          // Never overwrite: a fixture recorded under older code is what proves a change stays replay-safe.
          const file = path.join(FIXTURES, `${run.name}.${SHAPE}.json`);
          if (!fs.existsSync(file)) fs.writeFileSync(file, `${JSON.stringify(body, null, 1)}\n`);
        }
      }
      const histories = runs.map((r) => ({ workflowId: r.caseId, history: r.history }));

      const ok = await replayAll(histories, current, converter);
      if (ok.failures.length > 0) throw new Error(describeFailures(ok.failures, runs));
      expect(ok).toEqual({ replayed: runs.length, failures: [] });
      expect(formatOutcome(ok)).toMatch(new RegExp(`all ${runs.length} case histories replay`));

      const broken = await replayAll(histories, breaking, converter);
      expect(broken.failures.map((f) => f.workflowId).sort()).toEqual(runs.map((r) => r.caseId).sort());
      expect(broken.failures[0]!.error).toMatch(/DeterminismViolation|[Nn]ondeterminism/);
      const report = formatOutcome(broken);
      for (const r of runs) expect(report).toContain(`FAIL ${r.caseId}`);
      expect(report).toMatch(new RegExp(`${runs.length} of ${runs.length} case histories would not replay`));
    }),
  // Six real runs, then two replays of them: 65 to 80 s in a full run on 2 cores, more on a loaded machine.
  300_000);

  test('the committed history fixtures replay on the current code', async () => {
    const histories = fileHistories([FIXTURES]);
    expect(histories.length).toBeGreaterThanOrEqual(2);
    const outcome = await replayAll(histories, current, converter);
    expect(outcome.failures).toEqual([]);
    expect(outcome.replayed).toBe(histories.length);
    // And they are real enough to catch a breaking change.
    expect((await replayAll(histories, breaking, converter)).failures).toHaveLength(histories.length);
  });
});

/**
 * A run that does not replay on the code that made it is nondeterminism in our workflow code (seen
 * once, under heavy load: a patch marker after the intake's local activity). The histories are
 * kept in the run's folder and the events listed, so the failure can be studied, not guessed at.
 */
function describeFailures(failures: { workflowId: string; error: string }[], runs: { name: string; caseId: string; history: temporal.api.history.v1.IHistory }[]): string {
  const dir = path.join(testDataDir, 'replay-failures');
  fs.mkdirSync(dir, { recursive: true });
  return failures
    .map((f) => {
      const run = runs.find((r) => r.caseId === f.workflowId)!;
      const file = path.join(dir, `${run.name}-${run.caseId}.json`);
      fs.writeFileSync(file, `${JSON.stringify({ caseId: run.caseId, runs: [{ history: historyToJson(run.history) }] }, null, 1)}\n`);
      const events = (run.history.events ?? []).map((e) => {
        const marker = e.markerRecordedEventAttributes;
        const patch = marker?.details?.patch_data?.payloads?.[0]?.data;
        return `${e.eventId} ${e.eventType}${marker ? ` ${marker.markerName}${patch ? ` ${Buffer.from(patch).toString()}` : ''}` : ''}`;
      });
      return `${run.name} (${run.caseId}) does not replay on the code that made it: ${f.error}\nhistory kept in ${file}; its events:\n${events.join('\n')}`;
    })
    .join('\n\n');
}
