import type { Request, RequestHandler } from 'express';
import type { z } from 'zod';
import { dutchFields, errorText, ruleText } from './messages';
import type { WebSession } from './session';

export type ApiAnswer<T = any> = { status: number; body: T; headers: Headers };
export type ApiError = { code?: string; message?: string; fields?: { path: string; message: string }[]; violations?: { code: string; message: string; severity?: 'refuse' | 'advise' }[] };

/**
 * The port each page request came in on, noted as it arrives (noteArrivalPort): the API calls of
 * its page go there. A browser that leaves meanwhile (a background refresh when the page closes)
 * takes the socket's address with it, and the calls went to http://127.0.0.1:undefined, a 500.
 */
const arrivedOn = new WeakMap<Request, number>();

export const noteArrivalPort: RequestHandler = (req, _res, next) => {
  const port = req.socket.localPort;
  if (port !== undefined) arrivedOn.set(req, port);
  next();
};

/**
 * The pages use the JSON API itself, over loopback, with the person's own bearer token: the same
 * routes, validation, access policy, access log and services, never a second path to a workflow.
 */
export async function callApi<T = any>(req: Request, session: WebSession, method: string, path: string, body?: unknown, accept = 'application/json', extraHeaders: Record<string, string> = {}): Promise<ApiAnswer<T>> {
  const port = arrivedOn.get(req) ?? req.socket.localPort;
  if (port === undefined) throw new Error(`the page request ${req.method} ${req.path} has no local port: its connection closed before it was noted`);
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${session.accessToken}`,
      accept,
      ...(body !== undefined && { 'content-type': 'application/json' }),
      // The API's request log and traces tie the call to the page request.
      ...(req.headers['x-request-id'] && { 'x-request-id': String(req.headers['x-request-id']) }),
      ...extraHeaders,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

/**
 * The error of an answer, in Dutch for the person (web/messages.ts): the sentence by its code, each
 * rule by its code, each field by the schema the API checked it with (given the input the page sent).
 */
export function apiError(answer: ApiAnswer, local?: { schema: z.ZodType; input: unknown }): ApiError {
  const b = answer.body as { error?: ApiError } | null;
  const e: ApiError = b && typeof b === 'object' && b.error ? b.error : { code: answer.status >= 500 ? 'unavailable' : undefined };
  return {
    code: e.code,
    message: errorText(e, answer.status),
    ...(e.fields && { fields: dutchFields(e.fields, local) }),
    ...(e.violations && {
      violations: e.violations.map((v) => ({ ...v, message: ruleText(v.code, v.message) ?? (v.severity === 'advise' ? 'Dit wijkt af van het advies (beleid of methode).' : 'Een regel staat deze stap niet toe.') })),
    }),
  };
}
