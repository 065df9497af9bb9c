import { Router } from 'express';
import type { Db } from '../../prisma/client';
import { actorOf } from '../actor';
import { HttpError, notFound } from '../errors';
import { CaseId } from './cases';

/**
 * GET /api/cases/:caseId/messages: every e-mail the case sent to the school (request, reminders)
 * with its delivery status, for the consultant. The links in them are not stored, so not shown.
 */
export function caseMessagesRouter({ prisma }: { prisma: Db }): Router {
  const r = Router();
  r.get('/:caseId/messages', async (req, res) => {
    if (actorOf(req).role === 'school') throw new HttpError(403, 'forbidden', 'schools do not read the messages of a case');
    const parsed = CaseId.safeParse(req.params.caseId);
    if (!parsed.success) throw notFound('case');
    const caseId = parsed.data;
    const [messages, known] = await Promise.all([
      prisma.emailMessage.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } }),
      prisma.melding.count({ where: { caseId } }),
    ]);
    if (!messages.length && !known) throw notFound('case');
    res.json({
      caseId,
      items: messages.map((m) => ({
        kind: m.kind,
        requestId: m.requestId,
        to: m.recipient,
        subject: m.subject,
        status: m.status,
        attempts: m.attempts,
        messageId: m.messageId,
        createdAt: m.createdAt,
        sentAt: m.sentAt,
        lastError: m.lastError,
      })),
    });
  });
  return r;
}
