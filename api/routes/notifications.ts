import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../prisma/client';
import { principalOf } from '../auth/authenticate';
import { HttpError, parseOr400 } from '../errors';

export const NotificationsQuery = z
  .object({
    unread: z.enum(['true', 'false']).optional(),
    caseId: z.string().max(80).optional(),
    page: z.coerce.number().int().min(1).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const NotificationId = z.object({ notificationId: z.string().min(1).max(200) });

export const NotificationView = z.object({
  id: z.string(),
  caseId: z.string(),
  recipientRole: z.enum(['consultant', 'teamlead', 'team']),
  recipientId: z.string().nullable(),
  gemeente: z.string().nullable(),
  topic: z.string(),
  message: z.string(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

/**
 * The inbox of consultants and team leads: what the cases and signals told them (a school that
 * did not answer, an e-mail that could not be delivered, a deadline passed). A consultant reads
 * what is addressed to them; a team lead also the team inbox of their gemeenten, where whatever
 * had no known recipient went.
 */
export function notificationsRouter({ prisma }: { prisma: Db }): Router {
  const r = Router();
  const mine = (req: Parameters<typeof principalOf>[0]) => {
    const p = principalOf(req);
    return p.role === 'teamlead' ? { OR: [{ recipientId: p.id }, { recipientRole: 'team', gemeente: { in: p.gemeenten } }] } : { recipientId: p.id };
  };
  r.get('/', async (req, res) => {
    const q = parseOr400(NotificationsQuery, req.query, 'query');
    const where = { AND: [mine(req), ...(q.unread === 'true' ? [{ readAt: null }] : q.unread === 'false' ? [{ readAt: { not: null } }] : []), ...(q.caseId ? [{ caseId: q.caseId }] : [])] };
    const [total, items] = await Promise.all([
      prisma.notification.count({ where }),
      prisma.notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    ]);
    res.json({ page: q.page, pageSize: q.pageSize, total, items: items.map(view) });
  });
  // Marks one as read; only the recipient's own (or their team's) can be, others are 404.
  r.post('/:notificationId/read', async (req, res) => {
    const { notificationId } = parseOr400(NotificationId, req.params, 'path');
    const found = await prisma.notification.findFirst({ where: { AND: [{ id: notificationId }, mine(req)] } });
    if (!found) throw new HttpError(404, 'not-found', 'notification not found');
    const updated = found.readAt ? found : await prisma.notification.update({ where: { id: found.id }, data: { readAt: new Date() } });
    res.json(view(updated));
  });
  return r;
}

function view(n: { id: string; caseId: string; recipientRole: string; recipientId: string | null; gemeente: string | null; topic: string; message: string; createdAt: Date; readAt: Date | null }): z.infer<typeof NotificationView> {
  return {
    id: n.id,
    caseId: n.caseId,
    recipientRole: n.recipientRole as 'consultant',
    recipientId: n.recipientId,
    gemeente: n.gemeente,
    topic: n.topic,
    message: n.message,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}
