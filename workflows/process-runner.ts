import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  patched,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { Check } from '../domain/case/checks';
import type { Deadline } from '../domain/case/state';
import { nextTimerAt } from '../domain/case/deadlines';
import { nextRunnable, planEffects, type PlannedEffect, type ProcessCarry } from '../domain/process/outbox';
import { parkedFrom, type ParkedEffect } from '../domain/process/parked';
import { nextTimer } from '../domain/process/timers';
import { EFFECT_ACTIVITIES, type TypedEffectCall } from './effect-activities';

/**
 * The runner's behaviour (projection before effects, updates answered once projected, bounded
 * retries and parked effects, timers that act on the latest stage, the carry through
 * continue-as-new). A process whose history predates it replays the old behaviour up to the
 * point where the new code first runs, then switches (patched() is asked at each point where the
 * two differ, so a running case adopts the fixes from its next step on).
 */
export const PROCESS_RUNNER_PATCH = 'process-runner';

/**
 * The runner's hot path (issue 15): a step that leaves the earliest deadline as it was keeps the
 * running timer (no cancel and start again), and the search attributes are upserted only when they
 * changed. Asked where old and new differ, like PROCESS_RUNNER_PATCH: a history from before it
 * replays as it ran, and the process switches at its next step.
 */
export const HOT_PATH_PATCH = 'runner-hot-path';

/**
 * An effect's next command waits until every answer already due has gone out. The lanes run side
 * by side: after a step, the projection of the new version and an earlier version's effect (a
 * local activity) can run at once. Live, the projection often finishes first, in its own
 * activation, and the update is answered before the effect lane schedules what comes next. On
 * replay, sdk-core gives both local activity results in one activation; the effect lane then went
 * on at once and scheduled its next activity before the update's answer (TMPRL1100 "Activity
 * machine does not handle this event: WorkflowExecutionUpdateCompleted", seen under load and after
 * a worker restart: the case could no longer be replayed). Decided in a process's first activation
 * (`effectsAfterAnswers` in ProcessStart): a process from before it keeps the old order.
 */
export const EFFECTS_AFTER_ANSWERS_PATCH = 'effects-after-answers';

/**
 * One step at a time (sequenced-process.ts). sdk-core can end a workflow task with a local
 * activity's marker before the workflow has the result (a query joined the task: managed_run.rs,
 * force_new_wft) and give the result a task later live, together with what came meanwhile, where a
 * replay gives it in the task of the marker. The runner's lanes reacted to both at once live and
 * one after the other replaying, in another order: TMPRL1100, a case that no longer replays
 * (README, Architecture). Under this patch the order of commands no longer depends on when a
 * result comes. Decided in a run's first activation (`stepsInSequence` in ProcessStart): a run from
 * before it keeps the lanes.
 */
export const STEPS_IN_SEQUENCE_PATCH = 'steps-in-sequence';

/** Histories of processes that run for months stay small: continue as new well before the limits. */
export const MAX_HISTORY_EVENTS = 5_000;

export type Step<S, E> = { state: S; effects: E[] };
/** Returns undefined synchronously when there is nothing to bring in: an extra await would reorder commands of old histories. */
export type CatchUp<S, E> = () => Promise<Step<S, E> | null> | undefined;
type Versioned = { version: number; deadlines: Deadline[] };

/** What one kind of process (a case, an early signal) tells the runner. */
export type ProcessSpec<S extends Versioned, E> = {
  id(s: S): string;
  /** Closed: no more timers; the runner finishes its effects and projection and returns. */
  done(s: S): boolean;
  searchAttributes(s: S): Parameters<typeof upsertSearchAttributes>[0];
  /** current: the local activity; legacy: the activity the runner scheduled before the patch (replays). */
  project: { current(s: S): Promise<void>; legacy(s: S): Promise<void> };
  /** Resolves an effect, when it is decided, into one activity call with the data it needs (null: not run here). */
  plan(s: S, effect: E, key: string): TypedEffectCall | null;
  /** How effects ran before the patch (against the state at flush time): for replays only. */
  legacyRun(s: S, effect: E, key: string): Promise<void>;
  fireTimers(s: S, now: Date, latestOnly: boolean): Step<S, E> | null;
  park(s: S, parked: ParkedEffect, now: Date, tell: boolean): Step<S, E>;
};

export type ProcessStart<S, E> = {
  state: S;
  /** The opening transition's effects (a new process), none for a continued one. */
  effects: E[];
  /** The version PostgreSQL has: 0 for a new process, the state's version for one continued by older code. */
  projectedVersion: number;
  /** What the previous run handed over; absent for a new process or one continued by older code. */
  carry?: ProcessCarry;
  rules: Record<string, boolean>;
  maxHistoryEvents?: number;
  /** EFFECTS_AFTER_ANSWERS_PATCH, decided in the run's first activation; absent: the old order. */
  effectsAfterAnswers?: boolean;
  /** STEPS_IN_SEQUENCE_PATCH, decided in the run's first activation: the process runs in sequenced-process.ts. */
  stepsInSequence?: boolean;
};

/** A step made from the state at its turn and the instant it came in (a signal's or an update's transition). */
export type Turn<S, E> = (state: S, at: Date) => Step<S, E> | null;

/** An update's step: checked again at its turn (steps before it may have changed the case), then applied. */
export type Decision<S, E> = { check(state: S, at: Date): Check; apply(state: S, at: Date): Step<S, E> };

/** The start of a run continued as new: its state and what the previous run handed over, with the runner decided for it. */
export function continuedStart<S, E>(
  input: { state: S & Versioned; carry?: ProcessCarry; maxHistoryEvents?: number },
  runner: Pick<ProcessStart<S, E>, 'effectsAfterAnswers' | 'stepsInSequence'>,
): ProcessStart<S, E> {
  return {
    state: input.state,
    effects: [],
    projectedVersion: input.state.version,
    carry: input.carry,
    rules: {},
    maxHistoryEvents: input.maxHistoryEvents,
    ...runner,
  };
}

export type Process<S, E> = {
  readonly state: S;
  /** Whether the runner's behaviour applies here (patched, asked at this point). */
  current(): boolean;
  /** A signal's transition: the state moves on (in sequence: at its turn), its effects join the outbox. */
  receive(turn: Turn<S, E>): void;
  /** Applies an update's transition and answers once the decision is durable and projected (effects run after). */
  decide(decision: Decision<S, E>, now: Date): Promise<S>;
  /** Steps in sequence: a local activity runs, so an update now could not be accepted replay-safely (see STEPS_IN_SEQUENCE_PATCH). */
  busy(): boolean;
  /**
   * Waits on messages and deadlines until the process is done, or continues as new. catchUp runs
   * at the top of each round (after the done check): a transition when it had something to bring
   * in (reference data a process from before it loads once), undefined when not.
   */
  run(continueAsNew: (state: S, carry: ProcessCarry) => Promise<never>, catchUp?: CatchUp<S, E>): Promise<S>;
};

export function createProcess<S extends Versioned, E>(spec: ProcessSpec<S, E>, start: ProcessStart<S, E>): Process<S, E> {
  let state = start.state;
  let projectedVersion = start.carry?.projectedVersion ?? start.projectedVersion;
  const outbox: PlannedEffect[] = [...(start.carry?.outbox ?? [])];
  const limit = start.maxHistoryEvents ?? MAX_HISTORY_EVENTS;

  let isCurrent = false;
  const current = () => (isCurrent ||= patched(PROCESS_RUNNER_PATCH));
  let isHot = false;
  const hotPath = () => (isHot ||= patched(HOT_PATH_PATCH));
  /** The versions whose update waits to be answered (decide): one is due once it is projected. */
  const awaitingAnswer: number[] = [];
  const answerDue = () => awaitingAnswer.some((v) => v <= projectedVersion);

  // Before the patch: raw effects, run with the state at flush time (kept so old histories replay).
  const legacyOutbox: { version: number; effects: E[] }[] = [];
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => (flushing = flushing.then(drain));
  async function drain(): Promise<void> {
    while (legacyOutbox.length) {
      const batch = legacyOutbox.shift()!;
      for (const [i, effect] of batch.effects.entries()) await spec.legacyRun(state, effect, `${spec.id(state)}:${batch.version}:${i}`);
    }
    if (projectedVersion < state.version) {
      const snapshot = state;
      upsertSearchAttributes(spec.searchAttributes(snapshot));
      await spec.project.legacy(snapshot);
      projectedVersion = snapshot.version;
    }
  }

  function enqueue(version: number, effects: E[], aboutParked = false): void {
    if (!effects.length) return;
    if (!current()) {
      legacyOutbox.push({ version, effects });
      return;
    }
    outbox.push(
      ...planEffects(spec.id(state), version, effects, (e, key) => {
        const call = spec.plan(state, e, key);
        return call && { ...call, ...(aboutParked ? { aboutParked } : {}) };
      }),
    );
  }

  function apply(t: Step<S, E> | null, aboutParked = false): void {
    if (!t) return;
    state = t.state;
    enqueue(state.version, t.effects, aboutParked);
  }

  enqueue(state.version, start.effects);

  /** Projects every version the state reaches, one at a time: wakes on the projected version, not on a version seen earlier. */
  async function projectionLane(): Promise<never> {
    // What this run last upserted: a step that changes none of them (a note, a plan) upserts nothing.
    let upserted: string | undefined;
    for (;;) {
      await condition(() => projectedVersion < state.version);
      const snapshot = state;
      const attributes = spec.searchAttributes(snapshot);
      const seen = JSON.stringify(attributes);
      if (seen !== upserted || !hotPath()) upsertSearchAttributes(attributes);
      upserted = seen;
      await spec.project.current(snapshot);
      projectedVersion = Math.max(projectedVersion, snapshot.version);
    }
  }

  /** Runs the outbox in order, each effect once its decision is projected; one that keeps failing is parked. */
  async function effectLane(): Promise<never> {
    for (;;) {
      // With the patch an effect waits while an answer is due: the answer is sent first, in an
      // earlier round of the same activation, whether its projection came alone or together.
      const runnable = () => nextRunnable(outbox, projectedVersion) !== undefined && !(start.effectsAfterAnswers && answerDue());
      await condition(runnable);
      const effect = nextRunnable(outbox, projectedVersion)!;
      const run = (EFFECT_ACTIVITIES as Record<string, ((args: unknown) => Promise<unknown>) | undefined>)[effect.activity];
      if (!run) throw new Error(`effect ${effect.key} names an activity this worker does not have: ${effect.activity}`);
      try {
        await run(effect.args);
      } catch (err) {
        if (!(err instanceof ActivityFailure)) throw err;
        const cause = err.cause;
        const failure = { message: cause?.message ?? err.message, type: cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined };
        log.warn('effect parked', { processId: spec.id(state), key: effect.key, activity: effect.activity, errorType: failure.type });
        const now = new Date();
        if (outbox[0] === effect) outbox.shift();
        apply(spec.park(state, parkedFrom(effect, failure, now), now, !effect.aboutParked), true);
        continue;
      }
      if (outbox[0] === effect) outbox.shift();
    }
  }

  async function runCurrent(continueAsNew: (state: S, carry: ProcessCarry) => Promise<never>, catchUp?: CatchUp<S, E>): Promise<S> {
    // A flush of the old runner still under way ends first; what it left is planned now.
    await flushing;
    for (const batch of legacyOutbox.splice(0)) enqueue(batch.version, batch.effects);
    // The lanes never end; one that throws (a bug, not a failed activity) fails the workflow task.
    const lanes = Promise.all([projectionLane(), effectLane()]).then((): S => {
      throw new Error('the runner lanes stopped');
    });
    /** The deadline timer, kept across steps that leave the earliest deadline as it was. */
    let armed: { at: string; summary: string; fired: boolean; scope: CancellationScope } | null = null;
    const disarm = () => {
      if (armed && !armed.fired) armed.scope.cancel();
      armed = null;
    };
    const arm = (timer: { at: string; summary: string }) => {
      const t = { ...timer, fired: false, scope: new CancellationScope() };
      t.scope
        .run(() => sleep(Math.max(new Date(timer.at).getTime() - Date.now(), 1), { summary: timer.summary }))
        .then(
          () => void (t.fired = true),
          (err: unknown) => {
            if (!isCancellation(err)) throw err;
          },
        );
      return t;
    };
    /** Whether a round ran before this one in this run: every later round follows a step (or a timer). */
    let stepped = false;
    const main = async (): Promise<S> => {
      while (!spec.done(state)) {
        const catching = catchUp?.();
        if (catching) {
          apply(await catching);
          continue;
        }
        const info = workflowInfo();
        // A run on the lanes that is live under STEPS_IN_SEQUENCE_PATCH (a case running when that
        // code came) continues as new after its next step, and its next run takes one step at a time.
        // Replaying a history from before, the patch is absent and the run goes on as it did.
        const afterAStep = stepped;
        stepped = true;
        if (info.continueAsNewSuggested || info.historyLength > limit || (afterAStep && patched(STEPS_IN_SEQUENCE_PATCH))) {
          await condition(allHandlersFinished);
          // Nothing awaited between here and continueAsNew: no message can slip in between.
          return continueAsNew(state, { outbox: [...outbox], projectedVersion, rules: start.rules });
        }
        const seen = state.version;
        const woken = () => state.version !== seen;
        const timer = nextTimer(state.deadlines);
        if (!timer) {
          disarm();
          await condition(woken);
          continue;
        }
        if (!hotPath()) {
          // Before HOT_PATH_PATCH: one timer per step, cancelled by any change (replays only).
          const changed = await condition(woken, Math.max(new Date(timer.at).getTime() - Date.now(), 1), { summary: timer.summary });
          if (!changed) apply(spec.fireTimers(state, new Date(), true));
          continue;
        }
        if (armed && (armed.at !== timer.at || armed.summary !== timer.summary)) disarm();
        const running = (armed ??= arm(timer));
        await condition(() => woken() || running.fired);
        if (running.fired) {
          armed = null;
          // Acts on what is due now: a step that came in at the same moment may have answered or moved it.
          apply(spec.fireTimers(state, new Date(), true));
        }
      }
      disarm();
      await condition(() => allHandlersFinished() && outbox.length === 0 && projectedVersion >= state.version);
      return state;
    };
    return Promise.race([main(), lanes]);
  }

  return {
    get state() {
      return state;
    },
    current,
    receive: (turn) => apply(turn(state, new Date())),
    busy: () => false,
    async decide(decision, now) {
      // Checked by the validator against this same state: applied at once, as it always was.
      const t = decision.apply(state, now);
      if (!current()) {
        apply(t);
        await flush();
        return state;
      }
      apply(t);
      const decided = t.state;
      awaitingAnswer.push(decided.version);
      try {
        await condition(() => projectedVersion >= decided.version);
      } finally {
        awaitingAnswer.splice(awaitingAnswer.indexOf(decided.version), 1);
      }
      return decided;
    },
    async run(continueAsNew, catchUp) {
      for (;;) {
        if (current()) return runCurrent(continueAsNew, catchUp);
        // The runner before the patch, step for step (only ever replayed).
        await flush();
        if (spec.done(state)) break;
        const catching = catchUp?.();
        if (catching) {
          apply(await catching);
          continue;
        }
        const info = workflowInfo();
        if (info.continueAsNewSuggested || info.historyLength > limit) {
          await condition(allHandlersFinished);
          await flush();
          await continueAsNew(state, { outbox: [], projectedVersion, rules: start.rules });
        }
        const seen = state.version;
        const woken = () => state.version !== seen || legacyOutbox.length > 0;
        const at = nextTimerAt(state);
        const changed = at ? await condition(woken, Math.max(new Date(at).getTime() - Date.now(), 1)) : (await condition(woken), true);
        if (!changed) apply(spec.fireTimers(state, new Date(), current()));
      }
      await condition(allHandlersFinished);
      await flush();
      return state;
    },
  };
}
