import type { Request, RequestHandler } from 'express';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import { z } from 'zod';
import type { Principal } from '../../domain/access-policy';
import { Role } from '../../domain/case/actor';
import { GemeenteCode, Brin } from '../../domain/melding';
import { HttpError } from '../errors';

// jose is ESM-only; Node 20.19+ loads it with require() from this CommonJS code. Loaded when the
// authenticator is built, so modules that only import this file's types (and jest) do not load it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadJose = (): typeof Jose => require('jose');

/** The claims the API reads from an access token; anything else in the token is ignored. */
const Claims = z.object({
  sub: z.string().min(1).max(100),
  role: Role.exclude(['system']),
  gemeenten: z.array(GemeenteCode).max(400).default([]),
  school_brin: Brin.optional(),
});

export type OidcSettings = { issuer: string; audience: string; jwksUrl: string };

/** Verifies the bearer JWT against the configured issuer's JWKS and puts the principal on the request. */
export function authenticate(settings: OidcSettings): RequestHandler {
  const jose = loadJose();
  const jwks = jose.createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: 30_000 });
  return async (req, _res, next) => {
    const header = req.header('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header);
    if (!match) return next(new HttpError(401, 'unauthenticated', 'send a bearer token: Authorization: Bearer <token>'));
    try {
      const { payload } = await jose.jwtVerify(match[1]!, jwks, { issuer: settings.issuer, audience: settings.audience, algorithms: ['RS256', 'ES256'] });
      const claims = Claims.safeParse(payload);
      if (!claims.success) return next(new HttpError(401, 'unauthenticated', 'the token lacks a valid role or scope'));
      (req as Request & { principal: Principal }).principal = {
        id: claims.data.sub,
        role: claims.data.role,
        gemeenten: claims.data.gemeenten,
        schoolBrin: claims.data.school_brin,
      };
      next();
    } catch (err) {
      const expired = (err as { code?: string }).code === 'ERR_JWT_EXPIRED';
      next(new HttpError(401, 'unauthenticated', expired ? 'the token has expired' : 'the token is not valid'));
    }
  };
}

export function principalOf(req: Request): Principal {
  const p = (req as Request & { principal?: Principal }).principal;
  if (!p) throw new HttpError(401, 'unauthenticated', 'not authenticated');
  return p;
}
