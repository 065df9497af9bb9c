/**
 * The rules of the e-mail outbox (activities/email-outbox.ts). A message is claimed ('sending')
 * in PostgreSQL before the SMTP send and marked 'sent' after it, so a retried activity can tell
 * what an earlier attempt did. Where SMTP leaves it unknowable whether the server took the
 * message (the worker died during the send, the connection broke), the message is sent again
 * under the same Message-ID, by which receivers recognize a copy: never lost, at worst a copy
 * that the school's mail system drops.
 */

/** failed: refused for good by the server; skipped: no address to send to. */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'unconfirmed' | 'failed' | 'skipped';

/**
 * What an attempt does with the row it finds: send it; nothing (sent or settled before); wait,
 * since another attempt holds a live claim; or send again (same Message-ID) a message whose
 * sender stopped in the middle of the send: that send may or may not have reached the school.
 */
export type OutboxStep = 'send' | 'done' | 'in-progress' | 'resend';

export function outboxStep(row: { status: string; claimedAt: string | null }, now: string, leaseMs: number): OutboxStep {
  if (row.status === 'pending') return 'send';
  if (row.status !== 'sending') return 'done';
  const claimed = row.claimedAt ? new Date(row.claimedAt).getTime() : 0;
  return claimed + leaseMs > new Date(now).getTime() ? 'in-progress' : 'resend';
}

/** The fields of a nodemailer error that tell how far the SMTP exchange got. */
export type SendErrorFacts = { code?: string; originalCode?: string; responseCode?: number; timeoutType?: string };

const BEFORE_THE_MESSAGE = new Set(['EDNS', 'EAUTH', 'EENVELOPE', 'ETLS', 'EREQUIRETLS', 'ESTREAM']);
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const SETUP_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);

/**
 * What a failed send means for the next attempt:
 * - 'retry': the message certainly did not reach the server, and trying again can help (a
 *   temporary 4xx refusal, no connection, authentication, a timeout before the session began);
 * - 'refused': the server refused this message or recipient for good (5xx on the envelope or the
 *   message, a message nodemailer cannot build): retrying would not help;
 * - 'unknown': the connection broke or timed out during the exchange, so the server may have
 *   taken the message: it is sent again under the same Message-ID (its links stay valid).
 */
export function sendFailure(err: SendErrorFacts): 'retry' | 'refused' | 'unknown' {
  const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500;
  if ((err.code === 'EENVELOPE' || err.code === 'EMESSAGE') && (permanent || err.responseCode === undefined)) return 'refused';
  if (typeof err.responseCode === 'number' && err.responseCode >= 400) return 'retry';
  if (err.code && BEFORE_THE_MESSAGE.has(err.code)) return 'retry';
  if (err.originalCode && CONNECT_FAILURES.has(err.originalCode)) return 'retry';
  if (err.code === 'ETIMEDOUT' && err.timeoutType && SETUP_TIMEOUTS.has(err.timeoutType)) return 'retry';
  return 'unknown';
}
