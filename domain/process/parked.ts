import type { PlannedEffect } from './outbox';

/**
 * An effect that kept failing (its retries ran out, or it failed in a way retrying cannot mend):
 * kept on the case or signal, visible in its state and projection, and the consultant is told,
 * while later effects go on. It can be run again as it was (same key, so at most once).
 */
export type ParkedEffect = {
  key: string;
  version: number;
  activity: string;
  args: Record<string, unknown>;
  label: string;
  error: string;
  errorType?: string;
  parkedAt: string;
};

/** The error type an effect activity throws for what no retry can mend: the effect is parked at once. */
export const EFFECT_REJECTED = 'EffectRejected';

/** The most parked effects a state keeps; older ones stay in the workflow history. */
export const PARKED_KEPT = 50;

export function parkedFrom(effect: PlannedEffect, error: { message: string; type?: string }, now: Date): ParkedEffect {
  return {
    key: effect.key,
    version: effect.version,
    activity: effect.activity,
    args: effect.args,
    label: effect.label,
    error: error.message.slice(0, 500),
    ...(error.type ? { errorType: error.type } : {}),
    parkedAt: now.toISOString(),
  };
}

/** Adds a parked effect to a state that keeps them (the caller bumps the version). */
export function addParked(state: { parkedEffects?: ParkedEffect[] }, parked: ParkedEffect): void {
  state.parkedEffects = [...(state.parkedEffects ?? []).filter((p) => p.key !== parked.key), parked].slice(-PARKED_KEPT);
}
