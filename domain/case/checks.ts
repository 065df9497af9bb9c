import type { RuleViolation } from '../rule-violation';
import type { Actor } from './actor';
import type { Effect } from './effects';
import type { CaseState } from './state';

/** Why an action was refused: a step that does not fit the phase (409) or a broken rule (422). */
export type Refusal = { kind: 'phase-conflict' | 'rule-violation'; violations: RuleViolation[] };
export type Check = { ok: true } | ({ ok: false } & Refusal);

export const OK: Check = { ok: true };
export const conflict = (code: string, message: string): Check => ({ ok: false, kind: 'phase-conflict', violations: [{ code, message }] });
export const violation = (violations: RuleViolation[]): Check => (violations.length ? { ok: false, kind: 'rule-violation', violations } : OK);

/** A consultant action: `check` runs in the update validator, `apply` on a copy of the state. */
export type Action<I> = {
  check(state: CaseState, input: I, now: Date): Check;
  /** Mutates a copy of the state (runAction makes it) and returns the effects. */
  apply(state: CaseState, input: I, actor: Actor, now: Date): Effect[];
};

export function requireOpen(state: CaseState): Check {
  return state.phase === 'afgesloten' ? conflict('case.closed', 'The case is closed.') : OK;
}

const DAY_MS = 86_400_000;

/** Something that happened (a visit, a meeting) is recorded afterwards, within a month, never ahead. */
export function pastEvent(code: string, what: string, at: string, now: Date): RuleViolation[] {
  const t = new Date(at.length === 10 ? `${at}T00:00:00Z` : at).getTime();
  // A date (no time) may be today; an instant gets an hour's slack for clocks that differ.
  const latest = at.length === 10 ? Date.parse(`${now.toISOString().slice(0, 10)}T00:00:00Z`) : now.getTime() + 3_600_000;
  if (t > latest) return [{ code: `${code}.future`, message: `${what} of ${at} has not taken place yet.` }];
  if (t < now.getTime() - 31 * DAY_MS) return [{ code: `${code}.past`, message: `${what} more than a month ago cannot be recorded.` }];
  return [];
}
