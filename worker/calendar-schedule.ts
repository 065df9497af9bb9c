import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Config } from '../platform/config';

export const CALENDAR_COVERAGE_SCHEDULE_ID = 'school-holidays-coverage-daily';

/** Daily at 07:00 Amsterdam time: the administrator's notification is there at the start of the day. */
function options(config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>) {
  return {
    spec: { calendars: [{ hour: 7, minute: 0 }], timezone: 'Europe/Amsterdam' },
    action: {
      type: 'startWorkflow' as const,
      workflowType: 'calendarCoverageWorkflow',
      workflowId: 'school-holidays-coverage',
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      args: [],
    },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  } satisfies Omit<ScheduleOptions, 'scheduleId'>;
}

/** Creates the coverage Schedule or brings it up to date (the worker does this at start, like retention's). */
export async function ensureCalendarCoverageSchedule(client: Client, config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>): Promise<'created' | 'updated'> {
  try {
    await client.schedule.create({ scheduleId: CALENDAR_COVERAGE_SCHEDULE_ID, ...options(config) });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await client.schedule.getHandle(CALENDAR_COVERAGE_SCHEDULE_ID).update((previous) => ({ ...previous, ...options(config), state: previous.state }));
  return 'updated';
}
