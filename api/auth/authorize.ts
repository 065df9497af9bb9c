import type { Express, NextFunction, Request, Response } from 'express';
import { authorize, type Scope } from '../../domain/access-policy';
import type { Db } from '../../prisma/client';
import { HttpError, notFound } from '../errors';
import { principalOf } from './authenticate';
import type { AccessRecord } from './access-log';
import { ROUTE_PERMISSIONS, type RoutePermission } from './route-permissions';

/** The subject an access-log row names: a case, or an early signal (its id in the caseId column), and the youth. */
type Guarded = Request & { authorizedBy?: RoutePermission; subject?: { caseId?: string; youthId?: string } };

/** The gemeente (and youth) a case belongs to: from the projection, or its meldingen before that. */
async function caseScope(prisma: Db, caseId: string): Promise<Scope & { youthId: string }> {
  const row = await prisma.case.findUnique({ where: { id: caseId }, select: { gemeente: true, schoolBrin: true, youthId: true } });
  if (row) return { gemeente: row.gemeente, schoolBrin: row.schoolBrin ?? undefined, youthId: row.youthId };
  const melding = await prisma.melding.findFirst({ where: { caseId }, orderBy: { receivedAt: 'asc' } });
  if (!melding) throw notFound('case');
  return { gemeente: melding.gemeente, schoolBrin: melding.schoolBrin ?? undefined, youthId: melding.youthId };
}

/** The gemeente (and youth) of an early signal, from its row (written before its workflow starts). */
async function signalScope(prisma: Db, signalId: string): Promise<Scope & { youthId: string }> {
  const row = await prisma.earlySignal.findUnique({ where: { id: signalId }, select: { gemeente: true, schoolBrin: true, youthId: true } });
  if (!row) throw notFound('signal');
  return { gemeente: row.gemeente, schoolBrin: row.schoolBrin ?? undefined, youthId: row.youthId };
}

function bodyScope(body: unknown): Scope {
  const b = (body ?? {}) as { gemeente?: unknown; school?: { brin?: unknown } };
  return {
    gemeente: typeof b.gemeente === 'string' ? b.gemeente : undefined,
    // A body without a school is refused by validation; the handler checks the parsed school again.
    schoolBrin: typeof b.school?.brin === 'string' ? b.school.brin : undefined,
  };
}

/**
 * Installs one guard per ROUTE_PERMISSIONS entry before the routers, and refuses any /api route the
 * table does not name. Personal-data routes write an access-log record when the response is done.
 */
export function installAuthorization(app: Express, deps: { prisma: Db; recordAccess: (r: AccessRecord) => Promise<void> }): void {
  for (const route of ROUTE_PERMISSIONS) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete';
    app[method](route.path, async (req: Request, res: Response, next: NextFunction) => {
      const r = req as Guarded;
      if (r.authorizedBy) return next();
      r.authorizedBy = route;
      try {
        const principal = principalOf(req);
        let scope: Scope = {};
        if (route.scope === 'case') {
          const s = await caseScope(deps.prisma, String(req.params.caseId));
          r.subject = { caseId: String(req.params.caseId), youthId: s.youthId };
          scope = s;
        } else if (route.scope === 'signal') {
          const s = await signalScope(deps.prisma, String(req.params.signalId));
          r.subject = { caseId: String(req.params.signalId), youthId: s.youthId };
          scope = s;
        } else if (route.scope === 'melding-body') {
          scope = bodyScope(req.body);
        }
        if (route.personalData) logWhenDone(req, res, route, deps.recordAccess);
        const decision = authorize(principal, route.permission, scope);
        if (!decision.allowed) return next(new HttpError(403, 'forbidden', decision.reason));
        next();
      } catch (err) {
        next(err);
      }
    });
  }
  app.use('/api', (req: Request, _res: Response, next: NextFunction) => {
    if ((req as Guarded).authorizedBy) return next();
    next(methodNotAllowed(req.method, req.originalUrl.split('?')[0]!) ?? new HttpError(404, 'not-found', `no route for ${req.method} ${req.path}`));
  });
}

/** Paths the app serves outside the permission table (no bearer token), with their methods. */
const OPEN_ROUTES: { method: string; path: string }[] = [
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/ready' },
  { method: 'GET', path: '/api/openapi.json' },
  { method: 'GET', path: '/codec/session' },
  { method: 'POST', path: '/codec/session' },
  { method: 'POST', path: '/codec/session/end' },
  { method: 'POST', path: '/codec/encode' },
  { method: 'POST', path: '/codec/decode' },
  { method: 'GET', path: '/school/requests/:token' },
  { method: 'POST', path: '/school/requests/:token' },
  { method: 'GET', path: '/school/status/:token' },
];
const KNOWN_ROUTES = [...ROUTE_PERMISSIONS, ...OPEN_ROUTES].map((r) => ({
  method: r.method,
  pattern: new RegExp(`^${r.path.replace(/:[A-Za-z]+/g, '[^/]+')}/?$`),
}));

/** 405 with Allow when the path exists but not with this method (RFC 9110 15.5.6); null when the path is unknown. */
export function methodNotAllowed(method: string, path: string): HttpError | null {
  const allowed = [...new Set(KNOWN_ROUTES.filter((r) => r.pattern.test(path)).map((r) => r.method))];
  if (allowed.length === 0 || allowed.includes(method)) return null;
  if (allowed.includes('GET')) allowed.push('HEAD');
  return new HttpError(405, 'method-not-allowed', `${method} is not allowed on ${path}; use ${allowed.join(', ')}`, undefined, { Allow: allowed.join(', ') });
}

function logWhenDone(req: Request, res: Response, route: RoutePermission, record: (r: AccessRecord) => Promise<void>) {
  res.on('finish', () => {
    const principal = (req as Request & { principal?: { id: string; role: string } }).principal;
    const subject = (req as Guarded).subject ?? {};
    void record({
      actorId: principal?.id ?? 'anonymous',
      actorRole: principal?.role ?? 'none',
      activity: route.activity,
      caseId: subject.caseId ?? (res.locals.caseId as string | undefined) ?? null,
      youthId: subject.youthId ?? (res.locals.youthId as string | undefined) ?? null,
      method: req.method,
      path: req.originalUrl.split('?')[0]!,
      status: res.statusCode,
      result: res.statusCode < 400 ? 'uitgevoerd' : res.statusCode === 403 ? 'geweigerd' : 'mislukt',
      traceId: String((req as Request & { id?: unknown }).id ?? ''),
    });
  });
}
