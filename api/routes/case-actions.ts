import type { z } from 'zod';
import type { Permission } from '../../domain/access-policy';
import { CASE_ACTIONS, CASE_SIGNALS, type CaseActionName, type CaseSignalName } from '../../domain/actions/case';
import { SIGNAL_ACTIONS, type SignalActionName } from '../../domain/actions/early-signal';
import type { HttpSpec, RuleSpec } from '../../domain/actions/spec';
import { answerSchemas } from '../../domain/actions/answers';

/**
 * The HTTP side of the action registry (domain/actions): one route per action that has one,
 * derived, never listed by hand. The routers, the permission table and OpenAPI all read these.
 */
export type ActionRoute<N extends string> = {
  /** The update's or the signal's name. */
  name: N;
  kind: 'update' | 'signal';
  path: string;
  status: HttpSpec['status'];
  /** The request body's schema (the update input, unless the API completes it first). */
  body: z.ZodType;
  answer: z.ZodType;
  permission: Permission;
  summary: string;
  rules: readonly RuleSpec[];
  /** Served by its own handler (a service), not the generic one. */
  custom: boolean;
};

type Registry = Record<string, { input: z.ZodType; answer?: z.ZodType; http?: HttpSpec; permission?: Permission; summary: string; rules?: readonly RuleSpec[] }>;

function routesOf<N extends string>(registry: Registry, kind: 'update' | 'signal'): ActionRoute<N>[] {
  return Object.entries(registry).flatMap(([name, spec]) =>
    spec.http
      ? [
          {
            name: name as N,
            kind,
            path: spec.http.path,
            status: spec.http.status,
            body: spec.http.body ?? spec.input,
            answer: spec.answer ?? answerSchemas().FactAccepted,
            // A routed signal always names its permission (checked by the registry test).
            permission: spec.permission!,
            summary: spec.summary,
            rules: spec.rules ?? [],
            custom: spec.http.custom === true,
          },
        ]
      : [],
  );
}

/** POST /api/cases/:caseId/<path>: consultant decisions (updates, 200 with the new state). */
export const CASE_ACTION_ROUTES = routesOf<CaseActionName>(CASE_ACTIONS, 'update');
/** POST /api/cases/:caseId/<path>: facts recorded on a case that need no answer (signals, 202). */
export const CASE_FACT_ROUTES = routesOf<CaseSignalName>(CASE_SIGNALS, 'signal');
/** POST /api/signals/:signalId/<path>: the early signal's actions. */
export const SIGNAL_ACTION_ROUTES = routesOf<SignalActionName>(SIGNAL_ACTIONS, 'update');

/** The access log's name of a route's processing activity (Logboek dataverwerkingen). */
export const activityOf = (prefix: 'zaak' | 'signaal', path: string) => `${prefix}-${path.replaceAll('/', '-')}`;
