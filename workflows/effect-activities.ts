import { proxyActivities, proxyLocalActivities, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { EFFECT_REJECTED } from '../domain/process/parked';
import type { HeartbeatingActivity } from './heartbeating-activities';

/**
 * The activities that carry out effects, each with its bounded retries. To add an effect kind
 * (a letter, a message to a partner): add its activity here and plan it in the workflow's
 * `planEffect`; the runner (process-runner.ts) runs, retries and parks it.
 */

const NON_RETRYABLE = [EFFECT_REJECTED, 'InvalidInput'];

/** E-mail: an SMTP outage of up to about an hour is waited out (12 attempts, 10 s doubling up to 10 min). */
const MAIL: ActivityOptions = {
  // An attempt that hangs (an SMTP server that stops answering) is given up after this.
  startToCloseTimeout: '30 seconds',
  // The activities heartbeat while they run (activities/heartbeat.ts, for the activities named in
  // heartbeating-activities.ts): an attempt whose worker died is retried after this, not after the
  // whole start-to-close timeout.
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 12, nonRetryableErrorTypes: NON_RETRYABLE },
};

/** Rows in our own database (notifications, correspondence): local activities, no extra server round trip. */
const RECORDS: LocalActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10, nonRetryableErrorTypes: NON_RETRYABLE },
};

// Only the activities that heartbeat (heartbeating-activities.ts) can be called with MAIL's heartbeat timeout.
const mail = proxyActivities<Pick<Activities, HeartbeatingActivity>>(MAIL);
const records = proxyLocalActivities<Activities>(RECORDS);

export const EFFECT_ACTIVITIES = {
  requestSchoolInformation: mail.requestSchoolInformation,
  sendSchoolReminder: mail.sendSchoolReminder,
  // Letters render PDFs from templates and the persons register: a remote activity like e-mail.
  generateLetters: mail.generateLetters,
  notify: records.notify,
  recordCorrespondence: records.recordCorrespondence,
};
export type EffectActivity = keyof typeof EFFECT_ACTIVITIES;
/** The effects run as local activities: the sequenced runner awaits them in its lane (sequenced-process.ts). */
export const LOCAL_EFFECTS: ReadonlySet<string> = new Set<EffectActivity>(['notify', 'recordCorrespondence']);

/** One planned activity call, typed by its activity's arguments. */
export type TypedEffectCall = {
  [A in EffectActivity]: { activity: A; args: Parameters<(typeof EFFECT_ACTIVITIES)[A]>[0]; label: string; aboutParked?: boolean };
}[EffectActivity];

/** The projection: a local activity (no extra round trip), retried until PostgreSQL takes it. */
export const projection = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
