import type { Request, RequestHandler } from 'express';
import { ActorSchema, type Actor } from '../domain/case/actor';
import { HttpError } from './errors';

/**
 * Who is calling. Until OIDC authentication lands (issue 4) the caller names itself with the
 * X-Actor-Id and X-Actor-Role headers; every route already depends on this one place.
 */
export const requireActor: RequestHandler = (req, _res, next) => {
  const parsed = ActorSchema.safeParse({ id: req.header('x-actor-id'), role: req.header('x-actor-role') });
  if (!parsed.success || parsed.data.role === 'system')
    return next(new HttpError(401, 'unauthenticated', 'missing or invalid actor: send X-Actor-Id and X-Actor-Role'));
  (req as Request & { actor: Actor }).actor = parsed.data;
  next();
};

export function actorOf(req: Request): Actor {
  const actor = (req as Request & { actor?: Actor }).actor;
  if (!actor) throw new HttpError(401, 'unauthenticated', 'no actor on the request');
  return actor;
}
