import { Router } from 'express';
import { z } from 'zod';
import { IsoDate } from '../../domain/dates';
import type { Db } from '../../prisma/client';
import { parseOr400 } from '../errors';

export const AccessLogQuery = z
  .object({
    caseId: z.string().max(80).optional(),
    youthId: z.uuid().optional(),
    actorId: z.string().max(100).optional(),
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** For the privacy officer: who read or changed which case's personal data, when, and why. */
export function accessLogRouter({ prisma }: { prisma: Db }): Router {
  const r = Router();
  r.get('/access-log', async (req, res) => {
    const q = parseOr400(AccessLogQuery, req.query, 'query');
    const where = {
      ...(q.caseId && { caseId: q.caseId }),
      ...(q.youthId && { youthId: q.youthId }),
      ...(q.actorId && { actorId: q.actorId }),
      ...((q.from || q.to) && {
        at: { ...(q.from && { gte: new Date(`${q.from}T00:00:00Z`) }), ...(q.to && { lt: new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000) }) },
      }),
    };
    const [total, items] = await Promise.all([
      prisma.accessLog.count({ where }),
      prisma.accessLog.findMany({ where, orderBy: { at: 'desc' }, skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    ]);
    // The id is a BIGINT: JSON has no such number, so it travels as a string.
    res.json({ page: q.page, pageSize: q.pageSize, total, items: items.map((i) => ({ ...i, id: i.id.toString() })) });
  });
  return r;
}
