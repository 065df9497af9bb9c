import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { Actor } from '../domain/case/actor';

const acts = proxyActivities<Activities>({
  // Signalling every running case of a region takes a while on a large installation.
  startToCloseTimeout: '15 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/**
 * Brings a region's changed school holidays to every running case and open early signal. Started
 * by the API after the change is saved (id per region and revision), so a crash of the API after
 * saving loses nothing that Temporal accepted, and a failed signal is retried.
 */
export async function calendarBroadcastWorkflow(args: { region: string; actor?: Actor }) {
  return acts.broadcastCalendar(args);
}

/** Daily (Schedule `school-holidays-coverage-daily`): tells the administrator when school holidays run out within a year. */
export async function calendarCoverageWorkflow() {
  return acts.checkCalendarCoverage();
}
