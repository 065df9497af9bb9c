import type { DuoStatus } from '../duo-status';
import type { Actor } from './actor';

/**
 * One change of a case, as the audit table keeps it: which version it made, what happened (the
 * update or signal name, or the timers that fired), who did it and why. The full input of the
 * decision is in the workflow history; this is what PostgreSQL can list and count.
 */
export type CaseChange = {
  version: number;
  /** 'start', an update name ('recordJudgement'), 'signal:<name>' or 'timer:<what fired>'. */
  action: string;
  at: string;
  actor: Actor;
  reason?: string;
  /** The DUO status after the change, so status changes survive when projections coalesce. */
  duoStatus: DuoStatus;
};

/**
 * The state keeps the last few changes, not just the last one: two changes can land between two
 * projections (a signal while an activity runs), and the projection writes every one it sees.
 */
export const RECENT_CHANGES_KEPT = 10;
/** Reasons can be long (a judgement's reasoning); the state keeps the start, the history all of it. */
export const CHANGE_REASON_MAX = 1000;

export function shortReason(text: string | undefined): string | undefined {
  const t = text?.trim();
  if (!t) return undefined;
  return t.length > CHANGE_REASON_MAX ? `${t.slice(0, CHANGE_REASON_MAX - 1)}…` : t;
}

/** The reason an action's input gives: a note, or a judgement's reasoning. */
export function reasonOf(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const i = input as { note?: unknown; reasoning?: unknown };
  const text = typeof i.reasoning === 'string' ? i.reasoning : typeof i.note === 'string' ? i.note : undefined;
  return shortReason(text);
}

/** Appends a change (the state's version and status must already be the new ones). */
export function recordChange(
  state: { version: number; duoStatus: DuoStatus; recentChanges?: CaseChange[] },
  change: { action: string; at: string; actor: Actor; reason?: string },
): void {
  const entry: CaseChange = { version: state.version, action: change.action, at: change.at, actor: change.actor, duoStatus: state.duoStatus };
  const reason = shortReason(change.reason);
  if (reason) entry.reason = reason;
  state.recentChanges = [...(state.recentChanges ?? []), entry].slice(-RECENT_CHANGES_KEPT);
}

/** The most recent change, if the state has recorded any (states from before this field have not). */
export function lastChange(state: { recentChanges?: CaseChange[] }): CaseChange | undefined {
  return state.recentChanges?.at(-1);
}
