import { continueAsNew, log, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  // A case that cannot be destroyed (e.g. a table refuses the delete) must not block the others:
  // after a few attempts it is reported and tried again on the next day's run.
  retry: { initialInterval: '5 seconds', maximumInterval: '2 minutes', maximumAttempts: 5 },
});

export type RetentionTotals = { scanned: number; destroyed: number; failed: string[]; /** Early signals destroyed (issue 18). */ signalsDestroyed?: number };

/**
 * Issue 18: after the cases, early signals closed without a case are destroyed past their term.
 * Runs started before this code skip it (replay), the next day's run does it.
 */
export const SIGNAL_RETENTION_PATCH = 'retention-early-signals';

export type RetentionInput = {
  /** The day to judge terms on (ISO date); default: the workflow's start date (UTC). */
  today?: string;
  /** Cases read per activity call. */
  batchSize?: number;
  /** Batches per run before continuing as new (keeps the history small). */
  batchesPerRun?: number;
  /** Where the scan continues (set when the workflow continues as new). */
  afterId?: string | null;
  totals?: RetentionTotals;
  /** Which scan a continued run is in: the cases (first) or the early signals. */
  phase?: 'cases' | 'signals';
};

/** At most this many failed case ids are carried in the result (the log has each failure). */
const MAX_FAILED_LISTED = 100;
/** Cases destroyed at once within a batch. */
const PARALLEL = 5;

/**
 * Destroys the closed cases whose retention term has ended (domain/retention.ts): their workflow
 * histories in Temporal, then their personal data in PostgreSQL, logging each in RetentionLog.
 * Started daily by the `retention-daily` Schedule (worker/retention-schedule.ts).
 */
export async function retentionWorkflow(input: RetentionInput = {}): Promise<RetentionTotals> {
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  const batchSize = Math.max(1, input.batchSize ?? 200);
  const batchesPerRun = Math.max(1, input.batchesPerRun ?? 10);
  const totals: RetentionTotals = input.totals ?? { scanned: 0, destroyed: 0, failed: [] };
  let afterId = input.afterId ?? null;
  const retentionRun = workflowInfo().workflowId;
  let batch = 0;

  if (input.phase !== 'signals') {
    for (; ; batch++) {
      if (batch >= batchesPerRun || workflowInfo().continueAsNewSuggested) {
        await continueAsNew<typeof retentionWorkflow>({ today, batchSize, batchesPerRun, afterId, totals });
      }
      const page = await acts.findExpiredCases({ today, afterId, limit: batchSize });
      totals.scanned += page.scanned;
      for (let i = 0; i < page.cases.length; i += PARALLEL) {
        await Promise.all(
          page.cases.slice(i, i + PARALLEL).map(async (c) => {
            try {
              // Histories first: if the database part fails, the next run still finds the case.
              const { workflowRuns } = await acts.destroyCaseHistories({ caseId: c.caseId });
              await acts.destroyCaseData({ ...c, workflowRuns, retentionRun });
              totals.destroyed += 1;
            } catch (err) {
              log.error('case not destroyed; the next run tries again', { caseId: c.caseId, error: err instanceof Error ? err.message : String(err) });
              if (totals.failed.length < MAX_FAILED_LISTED) totals.failed.push(c.caseId);
            }
          }),
        );
      }
      if (!page.nextAfterId) break;
      afterId = page.nextAfterId;
    }
    afterId = null;
  }

  if (input.phase === 'signals' || patched(SIGNAL_RETENTION_PATCH)) {
    totals.signalsDestroyed ??= 0;
    for (; ; batch++) {
      if (batch >= batchesPerRun || workflowInfo().continueAsNewSuggested) {
        await continueAsNew<typeof retentionWorkflow>({ today, batchSize, batchesPerRun, afterId, totals, phase: 'signals' });
      }
      const page = await acts.findExpiredSignals({ today, afterId, limit: batchSize });
      totals.scanned += page.scanned;
      for (const s of page.signals) {
        try {
          const { workflowRuns } = await acts.destroySignalHistories({ signalId: s.signalId });
          await acts.destroySignalData({ ...s, workflowRuns, retentionRun });
          totals.signalsDestroyed += 1;
        } catch (err) {
          log.error('signal not destroyed; the next run tries again', { signalId: s.signalId, error: err instanceof Error ? err.message : String(err) });
          if (totals.failed.length < MAX_FAILED_LISTED) totals.failed.push(s.signalId);
        }
      }
      if (!page.nextAfterId) break;
      afterId = page.nextAfterId;
    }
  }
  log.info('retention run done', { today, scanned: totals.scanned, destroyed: totals.destroyed, signalsDestroyed: totals.signalsDestroyed ?? 0, failed: totals.failed.length });
  return totals;
}
