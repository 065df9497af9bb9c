import type { Request, RequestHandler } from 'express';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import { z } from 'zod';
import type { Principal } from '../../domain/access-policy';
import { Role } from '../../domain/case/actor';
import { GemeenteCode, Brin } from '../../domain/melding';
import type { Db } from '../../prisma/client';
import { HttpError } from '../errors';
import { hit, retryAfterSeconds, type RateCounter } from './rate-limit-store';

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
  exp: z.number(),
  iat: z.number().optional(),
});

export type OidcSettings = { issuer: string; audience: string; jwksUrl: string; maxLifetimeSeconds: number };

/**
 * The rate limits (issue 18), counted in PostgreSQL so every API instance shares them: failed
 * authentications per client address and per claimed token subject (a valid token is never
 * refused for others' failures), and authenticated requests per principal.
 */
export type AuthLimits = { prisma: Db; failedPerAddress: number; failedPerSubject: number; failedWindowMs: number; perPrincipal: number; principalWindowMs: number };

const tooMany = (c: RateCounter, what: string) => new HttpError(429, 'too-many-requests', `too many ${what}; try again in ${retryAfterSeconds(c)} s`, undefined, { 'Retry-After': String(retryAfterSeconds(c)) });

/** Verifies the bearer JWT against the configured issuer's JWKS and puts the principal on the request. */
export function authenticate(settings: OidcSettings, limits?: AuthLimits): RequestHandler {
  const jose = loadJose();
  const jwks = jose.createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: 30_000 });

  const verify = async (header: string): Promise<Principal | HttpError> => {
    const match = /^Bearer ([A-Za-z0-9_.-]{1,8000})$/.exec(header);
    if (!match) return new HttpError(401, 'unauthenticated', 'send a bearer token: Authorization: Bearer <token>');
    try {
      // exp is required and the lifetime bounded: a token that never expires is no credential.
      const { payload } = await jose.jwtVerify(match[1]!, jwks, { issuer: settings.issuer, audience: settings.audience, algorithms: ['RS256', 'ES256'], requiredClaims: ['exp'] });
      const claims = Claims.safeParse(payload);
      if (!claims.success) return new HttpError(401, 'unauthenticated', 'the token lacks a valid role, scope or expiry');
      const now = Math.floor(Date.now() / 1000);
      const lifetime = claims.data.exp - Math.min(claims.data.iat ?? now, now);
      if (lifetime > settings.maxLifetimeSeconds) return new HttpError(401, 'unauthenticated', `the token lives longer than ${settings.maxLifetimeSeconds} s`);
      return { id: claims.data.sub, role: claims.data.role, gemeenten: claims.data.gemeenten, schoolBrin: claims.data.school_brin };
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') return new HttpError(401, 'unauthenticated', 'the token has expired');
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (err as { claim?: string }).claim === 'exp') return new HttpError(401, 'unauthenticated', 'the token has no expiry (exp)');
      if (code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JOSE_GENERIC') throw new HttpError(503, 'unavailable', 'the identity provider cannot be reached', undefined, { 'Retry-After': '5' });
      return new HttpError(401, 'unauthenticated', 'the token is not valid');
    }
  };

  /** The subject a failed token claims (unverified): failures per subject are limited too. */
  const claimedSubject = (header: string): string | undefined => {
    try {
      const sub = jose.decodeJwt(header.replace(/^Bearer /, '')).sub;
      return typeof sub === 'string' ? sub.slice(0, 200) : undefined;
    } catch {
      return undefined;
    }
  };

  return async (req, _res, next) => {
    try {
      const header = req.header('authorization') ?? '';
      const result = await verify(header);
      if (result instanceof HttpError) {
        if (limits) {
          const byAddress = await hit(limits.prisma, `auth-fail:ip:${req.ip}`, limits.failedWindowMs);
          if (byAddress.hits > limits.failedPerAddress) return next(tooMany(byAddress, 'failed authentications from this address'));
          const sub = claimedSubject(header);
          if (sub) {
            const bySubject = await hit(limits.prisma, `auth-fail:sub:${sub}`, limits.failedWindowMs);
            if (bySubject.hits > limits.failedPerSubject) return next(tooMany(bySubject, 'failed authentications for this subject'));
          }
        }
        return next(result);
      }
      if (limits) {
        const mine = await hit(limits.prisma, `principal:${result.role}:${result.id}`, limits.principalWindowMs);
        if (mine.hits > limits.perPrincipal) return next(tooMany(mine, 'requests'));
      }
      (req as Request & { principal: Principal }).principal = result;
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function principalOf(req: Request): Principal {
  const p = (req as Request & { principal?: Principal }).principal;
  if (!p) throw new HttpError(401, 'unauthenticated', 'not authenticated');
  return p;
}
