import fs from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { caseStateQuery } from '../../workflows/messages';
import { pollQuery, queryState } from '../support/case-driver';
import { root } from '../support/stack-env';

/**
 * test/support/case-driver.ts: a query that fails because the workflow's code does not replay its
 * history (TMPRL1100) fails the test at once, naming the file that keeps the history; any other
 * failed query is "not yet" to a polling loop. Before, a nondeterminism in `waitFor` surfaced 20 s
 * later as "did not reach the expected state".
 */
describe('pollQuery', () => {
  const history = { events: [{ eventId: 1, eventType: temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED }] } as unknown as temporal.api.history.v1.IHistory;
  // The part of a workflow handle pollQuery uses: the connection's deadline, the query, the history.
  const handleFailing = (message: string) =>
    ({
      workflowId: 'case-poll-query-test',
      client: { connection: { withDeadline: <T>(_: number, fn: () => Promise<T>) => fn() } },
      query: () => Promise.reject(new Error(message)),
      fetchHistory: () => Promise.resolve(history),
    }) as unknown as WorkflowHandle;

  test('a nondeterminism fails with the kept history named', async () => {
    const err = await pollQuery(handleFailing('[TMPRL1100] Nondeterminism error: UpsertWorkflowSearchAttributesMachine does not handle HistoryEvent(id: 55, TimerCanceled)'), caseStateQuery).then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/TMPRL1100[\s\S]*the history is kept in (\S+case-poll-query-test\.json); replay it with npm run audit:replay -- --histories/);
    const file = /kept in (\S+\.json);/.exec(err!.message)![1]!;
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).events[0]).toMatchObject({ eventId: '1', eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' });
    fs.rmSync(file);
  });

  test("one query (the drivers' state()) fails the same way, and passes any other failure on as it is", async () => {
    await expect(queryState(handleFailing('[TMPRL1100] Nondeterminism error'), caseStateQuery)).rejects.toThrow(/the history is kept in \S+case-poll-query-test\.json/);
    await expect(queryState(handleFailing('Workflow query timed out'), caseStateQuery)).rejects.toThrow(/^Workflow query timed out$/);
    fs.rmSync(path.join(root, '.data', 'nondeterminism', 'case-poll-query-test.json'));
  });

  test('any other failed query is "not yet"', async () => {
    expect(await pollQuery(handleFailing('Workflow query timed out'), caseStateQuery)).toBeNull();
  });
});
