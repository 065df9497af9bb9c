import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Actor } from '../domain/case/actor';
import type { Check } from '../domain/case/checks';
import { INVALID_INPUT, PHASE_CONFLICT, type WithActor } from './messages';
import { busyRefusal, refusal } from './refusals';

/**
 * One update handler per consultant action, for the case and the early-signal workflows alike.
 * The validator parses the input with the action's schema and runs the domain check, so a refused
 * step never enters the history and the caller gets the reason (InvalidInput with the fields,
 * PhaseConflict, RuleViolation); the handler then applies the step and answers the new state.
 */
export function setActionUpdates<S, N extends string>(
  updates: { readonly [K in N]: UpdateDefinition<S, [WithActor<unknown>], string> },
  schemas: { readonly [K in N]: z.ZodType },
  actions: {
    /** False while the process is still opening (its first task runs the intake): steps are refused until it is there. */
    ready?: () => boolean;
    /** What the refusal while opening names: the case (default) or the early signal. */
    opening?: { code: string; subject: string };
    check(name: N, input: unknown, now: Date): Check;
    /** True while a step may not be accepted (a local activity runs): refused with StepInProgress, sent again by the client. */
    busy?: () => boolean;
    run(name: N, input: unknown, actor: Actor, now: Date): Promise<S>;
  },
): void {
  const ready = actions.ready ?? (() => true);
  const opening = actions.opening ?? { code: 'case.opening', subject: 'The case' };
  for (const name of Object.keys(updates) as N[]) {
    // Every update has the same shape ({ actor, input }); the schema table gives each its input type.
    const update: UpdateDefinition<S, [WithActor<unknown>], string> = updates[name];
    setHandler(
      update,
      async ({ actor, input }) => {
        // Only on replay can a step reach here before the process is there (validators do not run then).
        if (!ready()) await condition(ready);
        return actions.run(name, schemas[name].parse(input), actor, new Date());
      },
      {
      validator: ({ actor, input: raw }) => {
        if (!ready())
          throw ApplicationFailure.create({
            type: PHASE_CONFLICT,
            message: `${opening.subject} is still being opened; send the step again in a moment.`,
            details: [[{ code: opening.code, message: `${opening.subject} is still being opened.` }]],
            nonRetryable: true,
          });
        if (!actor?.id || !actor.role) throw ApplicationFailure.create({ type: INVALID_INPUT, message: 'The update carries no actor.', nonRetryable: true });
        const parsed = schemas[name].safeParse(raw);
        if (!parsed.success) {
          const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
          throw ApplicationFailure.create({ type: INVALID_INPUT, message: 'Invalid input.', details: [details], nonRetryable: true });
        }
        // After the input's checks: a malformed or refused step is answered as such, not as busy.
        const check = actions.check(name, parsed.data, new Date());
        if (!check.ok) throw refusal(check);
        if (actions.busy?.()) throw busyRefusal(opening.subject);
      },
    },
    );
  }
}
