import { defineSignal } from '@temporalio/workflow';
import type { SchoolCalendar } from '../domain/calendar-school-holidays';
import type { WithActor } from './messages';

/**
 * The school calendar of a holiday region changed (the administrator saved or removed a school
 * year): sent to every running case and open early signal, which count their pending deadlines
 * again when it is their region's and newer than theirs. Reference data, not a decision.
 */
export const calendarChangedSignal = defineSignal<[WithActor<SchoolCalendar>]>('calendarChanged');

/**
 * Cases and signals that started before they had a calendar load it once when they next run
 * (guarded, so their recorded histories replay as they ran).
 */
export const CALENDAR_PATCH = 'school-calendar-reference';

export const CALENDAR_BROADCAST_WORKFLOW_TYPE = 'calendarBroadcastWorkflow';
/** One broadcast per region and revision: saving twice starts it once per saved revision. */
export const calendarBroadcastId = (region: string, revision: number) => `school-holidays-${region}-r${revision}`;
