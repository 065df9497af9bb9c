import type { WorkflowClientInterceptor, WorkflowStartUpdateOutput } from '@temporalio/client';
import { STEP_IN_PROGRESS } from '../workflows/messages';

export type StepRetry = { firstDelayMs: number; maxDelayMs: number; giveUpAfterMs: number };

/** A step waits out its process's previous one (a projection in PostgreSQL: milliseconds), at most a few seconds. */
export const STEP_RETRY: StepRetry = { firstDelayMs: 5, maxDelayMs: 200, giveUpAfterMs: 10_000 };

const busy = (out: WorkflowStartUpdateOutput) => out.outcome?.failure?.applicationFailureInfo?.type === STEP_IN_PROGRESS;

/**
 * Sends an update again while its process refuses it as busy (StepInProgress: it still takes its
 * previous step, workflows/sequenced-process.ts). A refused update never entered the history, so
 * sending it again (same update id) is safe. After giveUpAfterMs the refusal is the answer: the
 * API makes it a 409 with the reason. Every Temporal client of ours carries it (platform/temporal.ts,
 * the test environments), so no caller can forget it.
 */
export function stepRetryInterceptor(options: StepRetry = STEP_RETRY, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): WorkflowClientInterceptor {
  return {
    async startUpdate(input, next) {
      const giveUpAt = Date.now() + options.giveUpAfterMs;
      for (let delay = options.firstDelayMs; ; delay = Math.min(delay * 2, options.maxDelayMs)) {
        const out = await next(input);
        if (!busy(out) || Date.now() + delay > giveUpAt) return out;
        await sleep(delay);
      }
    },
  };
}
