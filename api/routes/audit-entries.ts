import { Router } from 'express';
import { z } from 'zod';
import { IsoDate } from '../../domain/dates';
import { queryBounds } from '../../domain/audit/period';
import type { Db } from '../../prisma/client';
import { parseOr400 } from '../errors';
import { principalOf } from '../auth/authenticate';
import { sendTable } from '../tabular';

export const AuditEntriesQuery = z
  .object({
    caseId: z.string().min(1).max(80).optional(),
    actorId: z.string().min(1).max(100).optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'to must be on or after from' });

/**
 * GET /api/audit-entries: the audit table, who did what and when across cases (e.g. every decision
 * of one consultant). Each row is a case version; the decision's full data is in /history.
 */
export function auditEntriesRouter({ prisma }: { prisma: Db }): Router {
  const r = Router();
  r.get('/', async (req, res) => {
    const q = parseOr400(AuditEntriesQuery, req.query, 'query');
    // A day wider each side (time zones): the table is for finding entries, reports count exactly.
    const at = {
      ...(q.from && { gte: queryBounds({ from: q.from, to: q.from }).gte }),
      ...(q.to && { lt: queryBounds({ from: q.to, to: q.to }).lt }),
    };
    // Only cases of the caller's gemeenten (issue 18); the guard refused a caseId outside them.
    const inScope = await prisma.case.findMany({ where: { gemeente: { in: principalOf(req).gemeenten }, ...(q.caseId && { id: q.caseId }) }, select: { id: true } });
    const rows = await prisma.auditEntry.findMany({
      where: {
        caseId: { in: inScope.map((c) => c.id) },
        ...(q.actorId && { actorId: q.actorId }),
        ...((q.from || q.to) && { at }),
      },
      orderBy: [{ at: 'asc' }, { caseId: 'asc' }, { version: 'asc' }],
      take: q.limit,
    });
    const items = rows.map(({ id, caseId, version, action, actorId, actorRole, reason, at, duoStatus }) => ({ id, caseId, version, action, actorId, actorRole, reason, at: at.toISOString(), duoStatus }));
    sendTable(req, res, { format: q.format, json: { items }, columns: ['at', 'caseId', 'version', 'action', 'actorId', 'actorRole', 'reason', 'duoStatus'], rows: items, filename: 'audit' });
  });
  return r;
}
