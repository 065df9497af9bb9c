import type { z } from 'zod';
import type { Permission } from '../access-policy';
import type { Actor } from '../case/actor';
import type { Check } from '../case/checks';

/**
 * What the action registry declares of each consultant action and each fact from outside, once.
 * Everything else (Temporal update and signal definitions, the workflows' validation tables, the
 * express routes, the route permission table, the OpenAPI document) is derived from it.
 */

/** `refuse`: a rule of the law, the step is refused (422). `advise`: policy or method, the consultant may go ahead with a reasoning. */
export type Severity = 'refuse' | 'advise';

/** A rule an action's check can report, by its violation code. */
export type RuleSpec = { readonly code: string; readonly severity: Severity; readonly basis: string };

/** How the action is reached over HTTP, relative to its resource (`/api/cases/:caseId/<path>`). */
export type HttpSpec = {
  readonly method: 'POST';
  readonly path: string;
  /** 200 answers the new state; 202 a fact delivered as a signal; 201 a linked resource made by a service. */
  readonly status: 200 | 201 | 202;
  /** The request body, when it differs from the update input (the API completes it first). */
  readonly body?: z.ZodType;
  /** The route has its own handler (a service that does more than deliver the input), not the generic one. */
  readonly custom?: true;
};

/** The transition the action runs: `check` in the update validator, `apply` on a copy of the state. */
export type TransitionOf<S, I, E> = {
  check(state: S, input: I, now: Date): Check;
  apply(state: S, input: I, actor: Actor, now: Date): E[];
};

/** A consultant decision: a Temporal update with a validator; the key in the registry is the update name. */
export type UpdateSpec<S, E, I extends z.ZodType = z.ZodType> = {
  readonly input: I;
  /** The answer over HTTP (the update itself answers the state). */
  readonly answer: z.ZodType;
  readonly http?: HttpSpec;
  readonly permission: Permission;
  readonly summary: string;
  /** The rules its check may report; a code not listed refuses. */
  readonly rules: readonly RuleSpec[];
  readonly transition: TransitionOf<S, z.output<I>, E>;
};

/** A fact from outside that needs no answer: a Temporal signal; the key in the registry is the signal name. */
export type SignalSpec<I extends z.ZodType = z.ZodType> = {
  readonly input: I;
  /** Absent: the signal is sent by a service (a melding, the school's link), not by its own route. */
  readonly http?: HttpSpec;
  readonly permission?: Permission;
  readonly summary: string;
};

/** The input schema of each entry, by name: the workflows' validation tables. */
export function inputSchemas<R extends Record<string, { readonly input: z.ZodType }>>(registry: R): { readonly [K in keyof R]: z.ZodType } {
  return Object.fromEntries(Object.entries(registry).map(([name, spec]) => [name, spec.input])) as { [K in keyof R]: z.ZodType };
}
