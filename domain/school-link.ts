import { addDays, dayOfWeek } from './dates';

/**
 * The rules of the links schools get by e-mail (issue 5): how long they work and what an answer
 * through one may still do. The tokens themselves are I/O (platform/link-tokens.ts).
 */

const DAY_MS = 86_400_000;

/**
 * An answer link works until the request's deadline plus a grace period (calendar days). A late
 * answer still helps: the workflow takes it after the reminders and the escalation too.
 */
export function answerLinkExpiresAt(dueAt: string, graceDays: number): string {
  if (!Number.isInteger(graceDays) || graceDays < 0) throw new RangeError(`grace days must be a whole number >= 0, got ${graceDays}`);
  return new Date(new Date(dueAt).getTime() + graceDays * DAY_MS).toISOString();
}

/** A status link (the school's own meldingen) works a fixed number of days after it was sent. */
export function statusLinkExpiresAt(issuedAt: string, days: number): string {
  return new Date(new Date(issuedAt).getTime() + days * DAY_MS).toISOString();
}

export function isLinkExpired(expiresAt: string, now: string): boolean {
  return new Date(now).getTime() >= new Date(expiresAt).getTime();
}

/** What the case knows of the request (from its projection), if it is projected yet. */
export type CaseView = { phase: string; requestId?: string; answeredAt?: string | null };

export type AnswerRefusal = 'expired' | 'answered' | 'closed' | 'superseded';

/**
 * Whether an answer through a link is still taken, and if not why: the link expired (410), the
 * request was answered before, through a link or otherwise (409), the case closed or asked the
 * school again since (410). The link is checked first: a dead link says nothing more.
 */
export function answerRefusal(a: { expiresAt: string; now: string; requestId: string; answeredAt: string | null; case: CaseView | null }): AnswerRefusal | null {
  if (isLinkExpired(a.expiresAt, a.now)) return 'expired';
  if (a.answeredAt) return 'answered';
  if (!a.case) return null; // not projected yet: the request is new
  if (a.case.requestId === a.requestId && a.case.answeredAt) return 'answered';
  if (a.case.phase === 'afgesloten') return 'closed';
  if (a.case.requestId !== undefined && a.case.requestId !== a.requestId) return 'superseded';
  return null;
}

/** The Mondays of the school weeks in a period: the rows of "verzuim per week" in the form. */
export function weekStartsOf(from: string, to: string, max = 52): string[] {
  const first = addDays(from, -((dayOfWeek(from) + 6) % 7));
  const weeks: string[] = [];
  for (let d = first; d <= to && weeks.length < max; d = addDays(d, 7)) weeks.push(d);
  return weeks;
}
