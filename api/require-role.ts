import type { RequestHandler } from 'express';
import type { Role } from '../domain/case/actor';
import { actorOf } from './actor';
import { HttpError } from './errors';

/**
 * Least privilege for what is not case work (domain.md: management reads aggregates and audit
 * trails). The roles per route follow the access matrix of issue 4 (reports: management and team
 * leads; audit: management; DUO feedback: management and functional administrators).
 */
export function allowRoles(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const actor = actorOf(req);
    if (!roles.includes(actor.role)) return next(new HttpError(403, 'forbidden', `this needs one of the roles: ${roles.join(', ')}`));
    next();
  };
}
