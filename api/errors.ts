import type { ErrorRequestHandler, RequestHandler } from 'express';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { INVALID_INPUT, PHASE_CONFLICT, RULE_VIOLATION, STEP_IN_PROGRESS } from '../workflows/messages';
import type { Logger } from '../platform/logger';
import { unavailableDependency } from '../platform/temporal-deadlines';

export type FieldError = { path: string; message: string };

/** An error with an HTTP status and a body a user can act on. Nothing else reaches clients. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Headers the answer carries, e.g. Retry-After on 429 and 503, Allow on 405. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not-found', `${what} not found`);

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Parses with a zod schema or throws 400 with one message per field. */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, where = 'body'): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw new HttpError(400, 'invalid-input', `invalid ${where}`, { fields: fieldErrors(result.error) });
  return result.data;
}

/** Maps what a workflow update answered to HTTP: the validators' typed failures carry the reason. */
export function fromTemporal(err: unknown): HttpError | null {
  if (err instanceof WorkflowNotFoundError) return new HttpError(404, 'not-found', 'case not found');
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const failure = err.cause;
    const details = failure.details?.[0];
    if (failure.type === PHASE_CONFLICT) return new HttpError(409, 'phase-conflict', failure.message, { violations: details });
    // Only after the client's own retries (platform/step-retry.ts) gave up: the caller may send it again shortly.
    if (failure.type === STEP_IN_PROGRESS) return new HttpError(409, 'step-in-progress', failure.message, { violations: details }, { 'Retry-After': '1' });
    if (failure.type === RULE_VIOLATION) return new HttpError(422, 'rule-violation', failure.message, { violations: details });
    if (failure.type === INVALID_INPUT) return new HttpError(400, 'invalid-input', failure.message, { fields: details });
  }
  return null;
}

/** The last handler: 405 with Allow when the path exists with another method, else 404. */
export const notFoundHandler =
  (methodNotAllowed: (method: string, path: string) => HttpError | null): RequestHandler =>
  (req, _res, next) =>
    next(methodNotAllowed(req.method, req.path) ?? new HttpError(404, 'not-found', `no route for ${req.method} ${req.path}`));

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = err instanceof HttpError ? err : fromTemporal(err);
    if (known) {
      if (known.headers) res.set(known.headers);
      res.status(known.status).json({ error: { code: known.code, message: known.message, ...(known.details as object) } });
      return;
    }
    // A dependency that is down or too slow: 503 with when to try again (issue 18). What was
    // accepted before the failure stays (a melding is stored before its workflow starts).
    const down = unavailableDependency(err);
    if (down) {
      log.warn({ dependency: down, method: req.method, path: req.path, err: (err as Error)?.message }, 'dependency unavailable');
      res.set('Retry-After', '5').status(503).json({ error: { code: 'unavailable', dependency: down, message: `${down === 'postgres' ? 'PostgreSQL' : 'Temporal'} is not reachable right now; try again shortly` } });
      return;
    }
    // express.json() errors: malformed JSON and bodies over the limit.
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status < 500) {
      const message = err.type === 'entity.too.large' ? 'request body too large' : err.type === 'entity.parse.failed' ? 'malformed JSON body' : 'bad request';
      res.status(status).json({ error: { code: err.type ?? 'bad-request', message } });
      return;
    }
    log.error({ err, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'internal error' } });
  };
}
