import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import type { WorkflowStartUpdateInput, WorkflowStartUpdateOutput } from '@temporalio/client';
import { fromTemporal } from '../../api/errors';
import { stepRetryInterceptor } from '../../platform/step-retry';
import { STEP_IN_PROGRESS } from '../../workflows/messages';

/**
 * A step refused as busy (StepInProgress: the process still takes its previous step) is sent again
 * by every client of ours until it is taken or the wait is over; then the refusal is the answer and
 * the API says 409 with the reason. Other answers pass at once.
 */
const input = { updateName: 'reassign', args: [], workflowExecution: { workflowId: 'case-1' }, headers: {}, options: {} } as unknown as WorkflowStartUpdateInput;
const refused = (type: string): WorkflowStartUpdateOutput => ({ updateId: 'u', workflowRunId: 'r', outcome: { failure: { message: 'refused', applicationFailureInfo: { type } } } });
const taken: WorkflowStartUpdateOutput = { updateId: 'u', workflowRunId: 'r' };

function run(answers: WorkflowStartUpdateOutput[], options = { firstDelayMs: 1, maxDelayMs: 4, giveUpAfterMs: 1_000 }) {
  const waits: number[] = [];
  const sent: WorkflowStartUpdateInput[] = [];
  const interceptor = stepRetryInterceptor(options, async (ms) => void waits.push(ms));
  const next = async (i: WorkflowStartUpdateInput) => (sent.push(i), answers[Math.min(sent.length - 1, answers.length - 1)]!);
  return { out: interceptor.startUpdate!(input, next), waits, sent };
}

describe('a step refused while its process takes the previous one', () => {
  test('is sent again, the same update, with a growing wait, until it is taken', async () => {
    const r = run([refused(STEP_IN_PROGRESS), refused(STEP_IN_PROGRESS), refused(STEP_IN_PROGRESS), refused(STEP_IN_PROGRESS), taken]);
    expect(await r.out).toBe(taken);
    expect(r.sent).toHaveLength(5);
    expect(r.sent.every((i) => i === input)).toBe(true);
    expect(r.waits).toEqual([1, 2, 4, 4]);
  });

  test('a refusal for another reason is the answer at once', async () => {
    const r = run([refused('RuleViolation'), taken]);
    expect((await r.out).outcome?.failure?.applicationFailureInfo?.type).toBe('RuleViolation');
    expect(r.sent).toHaveLength(1);
  });

  test('when it stays busy, the refusal is the answer after the wait, and the API makes it a 409 with the reason', async () => {
    const r = run([refused(STEP_IN_PROGRESS)], { firstDelayMs: 5, maxDelayMs: 5, giveUpAfterMs: 0 });
    expect((await r.out).outcome?.failure?.applicationFailureInfo?.type).toBe(STEP_IN_PROGRESS);
    expect(r.sent).toHaveLength(1);
    const failure = ApplicationFailure.create({ type: STEP_IN_PROGRESS, message: 'The case is still taking its previous step; send the step again in a moment.', details: [[{ code: 'step.in-progress', message: 'busy' }]] });
    const http = fromTemporal(new WorkflowUpdateFailedError('Workflow Update failed', failure));
    expect(http).toMatchObject({ status: 409, code: 'step-in-progress', message: failure.message, headers: { 'Retry-After': '1' } });
  });
});
