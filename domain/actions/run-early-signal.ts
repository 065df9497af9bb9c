import type { Actor } from '../case/actor';
import type { Check } from '../case/checks';
import type { SignalState } from '../signal/state';
import { clone, finish, reasonOf, type SignalAction, type SignalTransition } from '../signal/transitions';
import { SIGNAL_ACTIONS, type SignalActionInput, type SignalActionName } from './early-signal';
import { judge, overruledReason } from './severity';

/** Runs the early signal's actions from the registry, the check weighed by rule severity, as for cases. */
export function checkSignalAction<N extends SignalActionName>(name: N, state: SignalState, input: SignalActionInput<N>, now: Date): Check {
  const spec = SIGNAL_ACTIONS[name];
  const j = judge((spec.transition as SignalAction<SignalActionInput<N>>).check(state, input, now), input, spec.rules, state.policy.stricterRules);
  return j.ok ? { ok: true } : j;
}

/** Applies one consultant action; the caller has run `checkSignalAction` in the update validator. */
export function runSignalAction<N extends SignalActionName>(name: N, state: SignalState, input: SignalActionInput<N>, actor: Actor, now: Date): SignalTransition {
  const spec = SIGNAL_ACTIONS[name];
  const j = judge((spec.transition as SignalAction<SignalActionInput<N>>).check(state, input, now), input, spec.rules, state.policy.stricterRules);
  const next = clone(state);
  const effects = (spec.transition as SignalAction<SignalActionInput<N>>).apply(next, input, actor, now);
  const reason = [overruledReason(j.ok ? j.advised : [], input), reasonOf(input)].filter(Boolean).join(' — ') || undefined;
  return { state: finish(next, actor, { action: name, now, reason }), effects };
}
