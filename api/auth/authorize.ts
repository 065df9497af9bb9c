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
    next(new HttpError(404, 'not-found', `no route for ${req.method} ${req.path}`));
  });
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
