/**
 * The activities that run with a heartbeat timeout (MAIL in workflows/effect-activities.ts) and so
 * must heartbeat while they run: activities/index.ts wraps each one named here. One list for both
 * sides: an activity with the timeout but without heartbeats would be given up every 10 s, one
 * with heartbeats but without the timeout waits out the whole start-to-close timeout after its
 * worker died.
 */
export const HEARTBEATING_ACTIVITIES = ['requestSchoolInformation', 'sendSchoolReminder', 'generateLetters'] as const;
export type HeartbeatingActivity = (typeof HEARTBEATING_ACTIVITIES)[number];
