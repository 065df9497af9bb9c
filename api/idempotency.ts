import { createHash, randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { actorOf } from './actor';
import { HttpError } from './errors';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
const VALID_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The Temporal update id of a consultant action, from the request's Idempotency-Key (generated
 * when absent, and returned in the response header either way). Temporal answers a repeated
 * update id with the first outcome, so a POST that is retried (a timeout, a double click) gets
 * the first answer instead of a 409 for a decision that was already taken. The key is scoped to
 * the user and the action, so two users or two actions never share an update.
 */
export function updateIdFor(req: Request, res: Response, action: string): string {
  const given = req.get(IDEMPOTENCY_HEADER);
  if (given !== undefined && !VALID_KEY.test(given))
    throw new HttpError(400, 'invalid-input', 'invalid header', { fields: [{ path: IDEMPOTENCY_HEADER, message: '1 to 200 visible ASCII characters' }] });
  const key = given ?? randomUUID();
  res.setHeader(IDEMPOTENCY_HEADER, key);
  const digest = createHash('sha256')
    .update(`${actorOf(req).id}\n${action}\n${key}`)
    .digest('hex')
    .slice(0, 40);
  return `${action}:${digest}`;
}
