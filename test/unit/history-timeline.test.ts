import fs from 'node:fs';
import path from 'node:path';
import { loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { parseConfig } from '../../platform/config';
import { dataConverter } from '../../platform/payload-codec';
import { decodeHistory } from '../../api/history/decode-history';
import { timelineOf, type DecodedEvent, type TimelineEntry } from '../../api/history/timeline';
import { historyFromJson } from '../../platform/history-json';

/**
 * The timeline mapping on histories recorded from real workflow runs (test/fixtures/histories,
 * written by the replay in test/workflows/audit.test.ts), decoded through the project's data converter as the API does.
 */
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'histories');

async function timelineOfFixture(name: string): Promise<{ caseId: string; entries: TimelineEntry[] }> {
  const file = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as { caseId: string; runs: { runId: string; history: unknown }[] };
  const converter = loadDataConverter(dataConverter(parseConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgresql://not-used' })));
  const events = await Promise.all(file.runs.map((run) => decodeHistory(converter, { runId: run.runId, history: historyFromJson(run.history) })));
  return { caseId: file.caseId, entries: timelineOf(events.flat()) };
}

describe('history timeline (recorded runs)', () => {
  test('a case walked to closure: opening, facts, every decision with actor and data, timers, activities, the end', async () => {
    const { entries } = await timelineOfFixture('walked-to-closure');
    expect(entries[0]).toMatchObject({ kind: 'case-opened', what: 'start', actor: { id: 'school-12AB', role: 'school' }, data: { melding: { kind: 'zestien-uur' } } });
    expect(entries.filter((e) => e.kind === 'decision').map((e) => [e.what, e.actor?.id])).toEqual([
      ['planHoorgesprek', 'lpa-anna'],
      ['recordHoorgesprek', 'lpa-anna'],
      ['reassign', 'tl-bert'],
      ['recordJudgement', 'lpa-bob'],
      ['chooseRoutes', 'lpa-bob'],
      ['recordRouteOutcome', 'lpa-bob'],
    ]);
    const judgement = entries.find((e) => e.what === 'recordJudgement')!;
    expect(judgement).toMatchObject({ reason: 'Geen geldige reden voor het verzuim', data: { verdict: 'ongeoorloofd' }, outcome: { status: 'completed', phase: 'routes', step: 'route-keuze' } });
    expect(Date.parse(judgement.outcome!.at!)).toBeGreaterThanOrEqual(Date.parse(judgement.at));
    expect(entries.find((e) => e.kind === 'fact')).toMatchObject({ what: 'schoolInformationReceived', actor: { role: 'school' }, data: { careSignals: 'somberheid' } });
    expect(entries.filter((e) => e.kind === 'timer-fired').map((e) => e.what)).toEqual(
      expect.arrayContaining(['timer:school-informatie-herinnering', 'timer:monitoring-verstreken']),
    );
    const projection = entries.find((e) => e.what === 'projectCase' && (e.data as { version: number }).version > 1)!;
    expect(projection.data).toMatchObject({ changes: [expect.objectContaining({ action: expect.any(String), actor: expect.any(Object) })] });
    expect(entries.filter((e) => e.kind === 'activity').every((e) => e.outcome!.status === 'completed' && e.outcome!.attempts === 1)).toBe(true);
    expect(entries.at(-1)).toMatchObject({ kind: 'case-completed', data: { phase: 'afgesloten', duoStatus: 'afgesloten' } });
    expect(entries.at(-1)!.summary).toMatch(/afgerond-na-route/);
    expect(entries.map((e) => e.eventId)).toEqual([...entries.map((e) => e.eventId)].sort((a, b) => a - b));
  });

  test('a case waiting on the school: the reminder timer is named, the run is still open', async () => {
    const { entries } = await timelineOfFixture('waiting-for-school');
    expect(entries.filter((e) => e.kind === 'timer-fired')).toEqual([expect.objectContaining({ what: 'timer:school-informatie-herinnering', actor: { id: 'system', role: 'system' } })]);
    expect(entries.some((e) => e.kind === 'case-completed')).toBe(false);
  });
});

describe('history timeline (paths the recorded runs do not take)', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, s)).toISOString();
  const ev = (eventId: number, e: Record<string, unknown>) => ({ runId: 'r2', eventId, at: at(eventId), ...e }) as DecodedEvent;

  test('a continued run, a failed update, a failing activity and a failed workflow task', () => {
    const entries = timelineOf([
      ev(1, { type: 'WorkflowExecutionStarted', input: [{ kind: 'continued', state: { version: 40, phase: 'routes' } }], continuedFromRunId: 'r1' }),
      ev(5, { type: 'WorkflowExecutionUpdateAccepted', updateId: 'u1', updateName: 'closeCase', input: [{ actor: { id: 'lpa-anna', role: 'consultant' }, input: { reason: 'terug-naar-school', note: 'weer op school' } }], identity: 'api' }),
      ev(6, { type: 'ActivityTaskScheduled', activityType: 'notify', activityId: '1', input: [{ topic: 'zaak-gesloten' }] }),
      ev(7, { type: 'ActivityTaskStarted', scheduledEventId: 6, attempt: 3 }),
      ev(8, { type: 'ActivityTaskFailed', scheduledEventId: 6, failure: 'database down' }),
      ev(9, { type: 'WorkflowExecutionUpdateCompleted', updateId: 'u1', result: undefined, failure: 'boom' }),
      ev(10, { type: 'WorkflowTaskFailed', cause: 'NON_DETERMINISTIC_ERROR', failure: 'Nondeterminism error' }),
      ev(11, { type: 'TimerFired', timerId: '3', startedEventId: 2 }),
      ev(12, { type: 'Other', name: 'EVENT_TYPE_MARKER_RECORDED' }),
      ev(13, { type: 'WorkflowExecutionTerminated', reason: 'opgeschoond' }),
    ]);
    expect(entries.map((e) => e.kind)).toEqual(['run-continued', 'decision', 'activity', 'workflow-task-failed', 'timer-fired', 'case-ended']);
    expect(entries[0]).toMatchObject({ data: { version: 40 }, summary: expect.stringContaining('from run r1') });
    expect(entries[1]).toMatchObject({ reason: 'weer op school', outcome: { status: 'failed', message: 'boom' } });
    expect(entries[2]!.outcome).toMatchObject({ status: 'failed', attempts: 3, message: 'database down' });
    expect(entries[4]!.what).toBe('timer'); // no projection after it to name it
    expect(entries[5]!.summary).toMatch(/opgeschoond/);
  });
});
