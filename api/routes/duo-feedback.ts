import { Router } from 'express';
import { z } from 'zod';
import { GemeenteCode } from '../../domain/melding';
import type { Db } from '../../prisma/client';
import { actorOf } from '../actor';
import { principalOf } from '../auth/authenticate';
import { parseOr400 } from '../errors';
import { sendTable } from '../tabular';

export const DuoFeedbackQuery = z
  .object({
    exported: z.enum(['true', 'false']).optional(),
    caseId: z.string().min(1).max(80).optional(),
    gemeente: GemeenteCode.optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict();

export const DuoFeedbackExportInput = z.object({ ids: z.array(z.uuid()).min(1).max(1000) }).strict();

type Row = {
  id: string;
  caseId: string;
  version: number;
  meldingIds: string[];
  gemeente: string;
  status: string;
  statusLabel: string;
  closingReason: string | null;
  closingReasonLabel: string | null;
  contactPerson: string | null;
  changedAt: Date;
  createdAt: Date;
  exportedAt: Date | null;
  exportedBy: string | null;
};

const COLUMNS = ['id', 'caseId', 'meldingId', 'gemeente', 'status', 'statusLabel', 'closingReason', 'closingReasonLabel', 'contactPerson', 'changedAt', 'exportedAt'] as const;

/** DUO takes a status per melding: the CSV has a line per melding of each record. */
function csvRows(rows: Row[]) {
  return rows.flatMap((r) =>
    r.meldingIds.map((meldingId) => ({
      id: r.id,
      caseId: r.caseId,
      meldingId,
      gemeente: r.gemeente,
      status: r.status,
      statusLabel: r.statusLabel,
      closingReason: r.closingReason,
      closingReasonLabel: r.closingReasonLabel,
      contactPerson: r.contactPerson,
      changedAt: r.changedAt.toISOString(),
      exportedAt: r.exportedAt?.toISOString() ?? null,
    })),
  );
}

/**
 * The DUO feedback outbox: GET lists the records (what is not yet exported, for the next
 * delivery), POST /export marks the listed records exported and returns them. Until DUO's
 * interface is available the gemeente delivers the export itself.
 */
export function duoFeedbackRouter({ prisma }: { prisma: Db }): Router {
  const r = Router();

  r.get('/', async (req, res) => {
    const q = parseOr400(DuoFeedbackQuery, req.query, 'query');
    const rows: Row[] = await prisma.duoFeedback.findMany({
      where: {
        ...(q.exported && { exportedAt: q.exported === 'true' ? { not: null } : null }),
        ...(q.caseId && { caseId: q.caseId }),
        // Only the caller's gemeenten (issue 18); a filter outside them finds nothing.
        gemeente: q.gemeente ? { in: principalOf(req).gemeenten.filter((g) => g === q.gemeente) } : { in: principalOf(req).gemeenten },
      },
      // The receipt (geregistreerd) sorts before the status it moved on to in the same version.
      orderBy: [{ changedAt: 'asc' }, { caseId: 'asc' }, { version: 'asc' }, { status: 'asc' }],
      take: q.limit,
    });
    sendTable(req, res, { format: q.format, json: { items: rows }, columns: COLUMNS, rows: csvRows(rows), filename: 'duo-terugmelding' });
  });

  r.post('/export', async (req, res) => {
    const { ids } = parseOr400(DuoFeedbackExportInput, req.body ?? {});
    // One statement marks and returns, so two exports at once never both deliver a record.
    const exported: Row[] = await prisma.duoFeedback.updateManyAndReturn({
      where: { id: { in: ids }, exportedAt: null, gemeente: { in: principalOf(req).gemeenten } },
      data: { exportedAt: new Date(), exportedBy: actorOf(req).id },
    });
    const marked = new Set(exported.map((e) => e.id));
    const rest = ids.filter((id) => !marked.has(id));
    const known = new Set((await prisma.duoFeedback.findMany({ where: { id: { in: rest }, gemeente: { in: principalOf(req).gemeenten } }, select: { id: true } })).map((x) => x.id));
    exported.sort((a, b) => a.changedAt.getTime() - b.changedAt.getTime());
    res.json({ items: exported, alreadyExported: rest.filter((id) => known.has(id)), unknown: rest.filter((id) => !known.has(id)) });
  });

  return r;
}
