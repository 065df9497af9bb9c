import type { Express, NextFunction, Request, Response } from 'express';
import { authorize, type Scope } from '../../domain/access-policy';
import type { Db } from '../../prisma/client';
import { HttpError, notFound } from '../errors';
import { caseScope, signalScope, youthGemeenten } from '../services/scopes';
import { principalOf } from './authenticate';
import type { AccessRecord } from './access-log';
import { ROUTE_PERMISSIONS, type RoutePermission } from './route-permissions';

/** The subject an access-log row names: a case, or an early signal (its id in the caseId column), and the youth. */
type Guarded = Request & { authorizedBy?: RoutePermission; subject?: { caseId?: string; youthId?: string } };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The register entry a body's youth (bsn or onderwijsnummer) names, if it exists; never creates one. */
async function bodyYouthId(prisma: Db, body: unknown): Promise<string | undefined> {
  const youth = (body as { youth?: { bsn?: unknown; onderwijsnummer?: unknown } } | undefined)?.youth;
  const [kind, value] = typeof youth?.bsn === 'string' ? ['bsn', youth.bsn] : typeof youth?.onderwijsnummer === 'string' ? ['onderwijsnummer', youth.onderwijsnummer] : [];
  // Only a well-formed number is looked up (the body is validated after this guard).
  if (!kind || !value || !/^\d{9}$/.test(value)) return undefined;
  const row = await prisma.youth.findUnique({ where: { identifierKind_identifierValue: { identifierKind: kind, identifierValue: value } }, select: { id: true } });
  return row?.id;
}

/**
 * A document is scoped like its case. An unknown id has no scope: the role is still checked (403),
 * and the handler answers 404 to those whose role may read documents.
 */
async function documentScope(prisma: Db, documentId: string): Promise<(Scope & { youthId: string; caseId: string }) | null> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(documentId);
  const row = uuid ? await prisma.caseDocument.findUnique({ where: { id: documentId }, select: { caseId: true } }) : null;
  return row ? { ...(await caseScope(prisma, row.caseId)), caseId: row.caseId } : null;
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
        } else if (route.scope === 'document') {
          const s = await documentScope(deps.prisma, String(req.params.documentId));
          if (s) {
            r.subject = { caseId: s.caseId, youthId: s.youthId };
            scope = s;
          }
        } else if (route.scope === 'melding-body') {
          scope = bodyScope(req.body);
          r.subject = { youthId: await bodyYouthId(deps.prisma, req.body) };
        } else if (route.scope === 'youth' || route.scope === 'youth-cases') {
          const youthId = String(req.params.youthId);
          if (!UUID.test(youthId) || !(await deps.prisma.youth.findUnique({ where: { id: youthId }, select: { id: true } }))) throw notFound('youth');
          r.subject = { youthId };
          scope = { gemeenten: await youthGemeenten(deps.prisma, youthId, { casesOnly: route.scope === 'youth-cases' }) };
        } else if (route.scope === 'youth-body') {
          // A youth known somewhere is reached through its gemeenten; a new one through the gemeente given.
          const youthId = await bodyYouthId(deps.prisma, req.body);
          r.subject = { youthId };
          const known = youthId ? await youthGemeenten(deps.prisma, youthId) : [];
          scope = known.length > 0 ? { gemeenten: known } : bodyScope(req.body);
        } else if (route.scope === 'query-gemeente') {
          const gemeente = (req.query as { gemeente?: unknown }).gemeente;
          scope = typeof gemeente === 'string' ? { gemeente } : {};
        } else if (route.scope === 'query-case' && typeof (req.query as { caseId?: unknown }).caseId === 'string') {
          const caseId = String((req.query as { caseId: string }).caseId);
          scope = await caseScope(deps.prisma, caseId).catch(() => ({}));
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
