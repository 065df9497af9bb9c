import type { Request } from 'express';
import type { Actor } from '../domain/case/actor';
import { principalOf } from './auth/authenticate';

/** The acting user as workflows and records name it: from the verified bearer token. */
export function actorOf(req: Request): Actor {
  const p = principalOf(req);
  return { id: p.id, role: p.role };
}
