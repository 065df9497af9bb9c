/**
 * The outbox of a long-running process (a case, an early signal): what its transitions asked the
 * outside world to do, kept in the workflow's state until it has run. Each entry is resolved when
 * it is decided, so it carries the data of that moment (the consultant then assigned, the school
 * then asked), not whatever the state holds by the time the activity runs.
 */
export type PlannedEffect = {
  /** Idempotency key `<process id>:<version>:<index>`: the activity does its work once per key. */
  key: string;
  /** The state version that decided it; it runs only once that version is projected. */
  version: number;
  /** The activity that carries it out (workflows/effect-activities.ts). */
  activity: string;
  args: Record<string, unknown>;
  /** What it is, for logs and the list of parked effects: 'notify nieuwe-zaak', 'school-reminder 2'. */
  label: string;
  /** The notification about a parked effect: when it fails too it is parked without another notification. */
  aboutParked?: boolean;
};

/** What a planner makes of one domain effect: the activity, its arguments, a label. */
export type EffectCall = Pick<PlannedEffect, 'activity' | 'args' | 'label'> & { aboutParked?: boolean };

/**
 * The effects of one transition as outbox entries, keyed as the workflows always keyed them (the
 * index counts every effect, so keys stay stable). A planner returns null for an effect kind this
 * code does not run (yet): it gets no entry.
 */
export function planEffects<E>(
  processId: string,
  version: number,
  effects: readonly E[],
  plan: (effect: E, key: string) => EffectCall | null,
): PlannedEffect[] {
  return effects.flatMap((effect, i) => {
    const key = `${processId}:${version}:${i}`;
    const call = plan(effect, key);
    return call ? [{ key, version, ...call }] : [];
  });
}

/** The effect that may run next: the oldest, once the state that decided it is in PostgreSQL. */
export function nextRunnable(outbox: readonly PlannedEffect[], projectedVersion: number): PlannedEffect | undefined {
  const head = outbox[0];
  return head && head.version <= projectedVersion ? head : undefined;
}

/**
 * What a process hands to its next run when it continues as new: the effects not yet done, the
 * version PostgreSQL has, and the rule flags the process started under (patched() results; in a
 * new run patched() would say true for every rule, also for a case that started before it).
 */
export type ProcessCarry = {
  outbox: PlannedEffect[];
  projectedVersion: number;
  rules: Record<string, boolean>;
};
