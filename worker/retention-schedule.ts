import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Config } from '../platform/config';
import type { retentionWorkflow } from '../workflows/retention.workflow';

export const RETENTION_SCHEDULE_ID = 'retention-daily';
/** The workflow's type: the name of the function workflows/retention.workflow.ts exports. */
export const RETENTION_WORKFLOW_TYPE = 'retentionWorkflow';

/** Daily at 02:30 Amsterdam time, outside office hours. */
function retentionScheduleOptions(config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>) {
  return {
    spec: { calendars: [{ hour: 2, minute: 30 }], timezone: 'Europe/Amsterdam' },
    action: {
      type: 'startWorkflow' as const,
      workflowType: RETENTION_WORKFLOW_TYPE,
      // The Schedule adds the start time to this id, so each day's run has its own.
      workflowId: 'retention',
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      // No arguments (the workflow's defaults): nothing encrypted in the Schedule, so it stays
      // readable whatever payload keys the processes that update or describe it have.
      args: [] as Parameters<typeof retentionWorkflow>,
    },
    policies: {
      overlap: ScheduleOverlapPolicy.SKIP,
      // After an outage the missed run is taken when the server is back the same day.
      catchupWindow: '1 day',
    },
  } satisfies Omit<ScheduleOptions, 'scheduleId'>;
}

/**
 * Creates the `retention-daily` Schedule, or brings an existing one up to date (task queue, time),
 * so running it again is harmless. The worker does this at start; `npm run retention:schedule` too.
 */
export async function ensureRetentionSchedule(client: Client, config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>): Promise<'created' | 'updated'> {
  const options = retentionScheduleOptions(config);
  try {
    await client.schedule.create({ scheduleId: RETENTION_SCHEDULE_ID, ...options });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await client.schedule.getHandle(RETENTION_SCHEDULE_ID).update((previous) => ({ ...previous, ...options, state: previous.state }));
  return 'updated';
}
