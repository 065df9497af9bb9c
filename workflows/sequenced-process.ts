import { ActivityFailure, allHandlersFinished, ApplicationFailure, condition, isCancellation, log, sleep, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { Deadline } from '../domain/case/state';
import { nextRunnable, planEffects, type PlannedEffect, type ProcessCarry } from '../domain/process/outbox';
import { parkedFrom } from '../domain/process/parked';
import { nextTimer } from '../domain/process/timers';
import { EFFECT_ACTIVITIES, LOCAL_EFFECTS } from './effect-activities';
import { MAX_HISTORY_EVENTS, type CatchUp, type Process, type ProcessSpec, type ProcessStart, type Step } from './process-runner';
import { refusal } from './refusals';

/** What the run knew of its history when a step came in: the continue-as-new check uses this, not the moment it runs. */
type HistoryInfo = { length: number; suggested: boolean };

/** Something that came in (a signal, an update, a timer, an effect's outcome), taken at its turn. */
type Arrival = { at: Date; history: HistoryInfo; take(at: Date): void };

const historyNow = (): HistoryInfo => {
  const info = workflowInfo();
  return { length: info.historyLength, suggested: info.continueAsNewSuggested };
};

/**
 * The runner under STEPS_IN_SEQUENCE_PATCH (process-runner.ts says why): one lane takes what came
 * in, one arrival at a time, and runs each step to the end (apply, upsert, project, answer, local
 * effects) before it looks at the next. Every command comes from this lane, in an order fixed by
 * the arrivals and the results' values: when core gives a local activity's result (in the task
 * that recorded its marker when replaying, sometimes a task later live) cannot change what comes
 * next. Handlers only queue; a timer or a remote effect's outcome queues too; no timer is ever
 * cancelled (a cancel racing a fire recorded a task later would not replay): one that fires for a
 * deadline since moved acts on nothing. Updates are refused as busy while a local activity runs
 * (their acceptance is a command at the moment they come) and sent again by the client.
 */
export function createSequencedProcess<S extends { version: number; deadlines: Deadline[] }, E>(spec: ProcessSpec<S, E>, start: ProcessStart<S, E>): Process<S, E> {
  let state = start.state;
  let projectedVersion = start.carry?.projectedVersion ?? start.projectedVersion;
  const outbox: PlannedEffect[] = [...(start.carry?.outbox ?? [])];
  const limit = start.maxHistoryEvents ?? MAX_HISTORY_EVENTS;
  const inbox: Arrival[] = [];
  /** Updates applied and waiting for their version to be projected. */
  const answers: { version: number; answer(s: S): void }[] = [];
  /** A local activity runs: nothing may be accepted until its result is in. */
  let local = false;
  /** The remote effect running, at the head of the outbox: later effects wait for its outcome. */
  let remote: PlannedEffect | undefined;
  /** Timers started by this run, by instant and summary: never cancelled, each started once. */
  const armed = new Set<string>();
  /** The search attributes this run last upserted: a step that changes none upserts nothing. */
  let upserted: string | undefined;

  const arrive = (take: (at: Date) => void) => inbox.push({ at: new Date(), history: historyNow(), take });

  function apply(t: Step<S, E> | null, aboutParked = false): void {
    if (!t) return;
    state = t.state;
    outbox.push(
      ...planEffects(spec.id(state), state.version, t.effects, (e, key) => {
        const call = spec.plan(state, e, key);
        return call && { ...call, ...(aboutParked ? { aboutParked } : {}) };
      }),
    );
  }
  apply({ state, effects: start.effects });

  /** A local activity, awaited with the lane marked busy. */
  async function locally<T>(run: () => Promise<T>): Promise<T> {
    local = true;
    try {
      return await run();
    } finally {
      local = false;
    }
  }

  function park(effect: PlannedEffect, err: unknown, at: Date): void {
    // A cancelled workflow's activities fail as cancelled: that ends the workflow, it parks nothing.
    if (!(err instanceof ActivityFailure) || isCancellation(err)) throw err;
    const cause = err.cause;
    const failure = { message: cause?.message ?? err.message, type: cause instanceof ApplicationFailure ? (cause.type ?? undefined) : undefined };
    log.warn('effect parked', { processId: spec.id(state), key: effect.key, activity: effect.activity, errorType: failure.type });
    if (outbox[0] === effect) outbox.shift();
    apply(spec.park(state, parkedFrom(effect, failure, at), at, !effect.aboutParked), true);
  }

  /** After a step: project, answer, run what is runnable (local effects awaited, a remote one started), start the next timer. */
  async function settle(): Promise<void> {
    for (;;) {
      if (projectedVersion < state.version) {
        const snapshot = state;
        const attributes = spec.searchAttributes(snapshot);
        const seen = JSON.stringify(attributes);
        if (seen !== upserted) upsertSearchAttributes(attributes);
        upserted = seen;
        await locally(() => spec.project.current(snapshot));
        projectedVersion = snapshot.version;
      }
      for (const due of answers.filter((a) => a.version <= projectedVersion)) {
        answers.splice(answers.indexOf(due), 1);
        due.answer(state);
      }
      const effect = remote ? undefined : nextRunnable(outbox, projectedVersion);
      if (!effect) break;
      const run = (EFFECT_ACTIVITIES as Record<string, ((args: unknown) => Promise<unknown>) | undefined>)[effect.activity];
      if (!run) throw new Error(`effect ${effect.key} names an activity this worker does not have: ${effect.activity}`);
      if (LOCAL_EFFECTS.has(effect.activity)) {
        try {
          await locally(() => run(effect.args));
          if (outbox[0] === effect) outbox.shift();
        } catch (err) {
          park(effect, err, new Date());
        }
        continue;
      }
      // A remote effect's outcome is an event in the history: it queues, and is taken at its turn.
      remote = effect;
      run(effect.args).then(
        () =>
          arrive(() => {
            if (outbox[0] === effect) outbox.shift();
            remote = undefined;
          }),
        (err: unknown) =>
          arrive((at) => {
            remote = undefined;
            park(effect, err, at);
          }),
      );
    }
    const timer = nextTimer(state.deadlines);
    const key = timer && `${timer.at} ${timer.summary}`;
    if (timer && key && !armed.has(key)) {
      armed.add(key);
      const firesIn = Math.max(new Date(timer.at).getTime() - Date.now(), 1);
      sleep(firesIn, { summary: timer.summary }).then(
        () =>
          arrive((at) => {
            armed.delete(key);
            // Acts on what is due at its turn: a step before it may have answered or moved the deadline.
            apply(spec.fireTimers(state, at, true));
          }),
        // The workflow was cancelled: the lane's own wait ends it; a timer's rejection is not a failure of its own.
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
    }
  }

  return {
    get state() {
      return state;
    },
    current: () => true,
    busy: () => local,
    receive: (turn) => arrive((at) => apply(turn(state, at))),
    decide(decision) {
      return new Promise<S>((resolve, reject) =>
        arrive((at) => {
          const check = decision.check(state, at);
          if (!check.ok) return reject(refusal(check));
          const t = decision.apply(state, at);
          apply(t);
          answers.push({ version: t.state.version, answer: resolve });
        }),
      );
    },
    async run(continueAsNew: (state: S, carry: ProcessCarry) => Promise<never>, catchUp?: CatchUp<S, E>): Promise<S> {
      let history = historyNow();
      for (;;) {
        await settle();
        if (spec.done(state)) {
          if (!outbox.length && !answers.length && !inbox.length) {
            await condition(allHandlersFinished);
            // What came while the handlers finished is taken first.
            if (!inbox.length) return state;
            continue;
          }
        } else if (!inbox.length) {
          const catching = catchUp?.();
          if (catching) {
            apply(await catching);
            continue;
          }
          if (history.suggested || history.length > limit) {
            await condition(allHandlersFinished);
            // Nothing awaited between this check and continueAsNew: no step can slip in and be lost.
            if (!inbox.length) return continueAsNew(state, { outbox: [...outbox], projectedVersion, rules: start.rules });
            continue;
          }
        }
        await condition(() => inbox.length > 0);
        const next = inbox.shift()!;
        history = next.history;
        next.take(next.at);
      }
    },
  };
}
