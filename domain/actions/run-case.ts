import type { Actor } from '../case/actor';
import { ClosureReason } from '../duo-status';
import { reasonOf } from '../case/changes';
import type { Action, Check } from '../case/checks';
import type { Transition } from '../case/intake';
import type { CaseState } from '../case/state';
import { clone, finish } from '../case/transitions';
import { CASE_ACTIONS, type CaseActionInput, type CaseActionName } from './case';
import { ADVICE_REASONING_FIELD, judge, overruledReason, type Judged } from './severity';

/**
 * Runs the case's actions from the registry: the check weighed by rule severity (a region's
 * policy can make advice refuse), then the transition on a copy of the state.
 */
function judged<N extends CaseActionName>(name: N, state: CaseState, input: CaseActionInput<N>, now: Date): Judged {
  const spec = CASE_ACTIONS[name];
  const check = (spec.transition as Action<CaseActionInput<N>>).check(state, input, now);
  return judge(check, input, spec.rules, state.policy.stricterRules);
}

/** The update validator's question: may this step be taken now? Refused steps never enter the history. */
export function checkAction<N extends CaseActionName>(name: N, state: CaseState, input: CaseActionInput<N>, now: Date): Check {
  const j = judged(name, state, input, now);
  return j.ok ? { ok: true } : j;
}

/** Applies one consultant action; the caller has run `checkAction` in the update validator. */
export function runAction<N extends CaseActionName>(name: N, state: CaseState, input: CaseActionInput<N>, actor: Actor, now: Date): Transition {
  const j = judged(name, state, input, now);
  const advised = j.ok ? j.advised : [];
  const next = clone(state);
  const effects = (CASE_ACTIONS[name].transition as Action<CaseActionInput<N>>).apply(next, input, actor, now);
  const overruled = overruledReason(advised, input);
  if (overruled) {
    next.advicesOverruled = [
      ...(next.advicesOverruled ?? []),
      {
        version: next.version + 1,
        action: name,
        codes: advised.map((v) => v.code),
        reasoning: String((input as Record<string, unknown>)[ADVICE_REASONING_FIELD]),
        at: now.toISOString(),
        by: actor.id,
      },
    ];
  }
  const reason = [overruled, reasonOf(input) ?? textReason(input)].filter(Boolean).join(' — ') || undefined;
  return { state: finish(next, actor, { action: name, now, reason }), effects };
}

/** The free-text reason of a move or cancellation, for the audit (a closing reason is a code, not text). */
function textReason(input: unknown): string | undefined {
  const r = (input as { reason?: unknown } | null)?.reason;
  return typeof r === 'string' && !ClosureReason.safeParse(r).success ? r : undefined;
}
