import { Router } from 'express';
import { z } from 'zod';
import { ownSchoolBrin } from '../../domain/access-policy';
import { ClosureReason, DuoStatus } from '../../domain/duo-status';
import type { Db } from '../../prisma/client';
import { principalOf } from '../auth/authenticate';
import { HttpError, notFound, parseOr400 } from '../errors';
import { schoolMeldingStatuses } from '../services/school-meldingen';

export const SchoolMeldingParams = z.object({ meldingId: z.string().min(1).max(100) });

export const SchoolMeldingView = z.object({
  meldingId: z.string(),
  kind: z.string(),
  reportDate: z.string(),
  pupil: z.object({ name: z.string(), className: z.string().optional() }).describe('What the school itself reported of the pupil: name and class, nothing else'),
  status: DuoStatus,
  statusLabel: z.string().describe('The DUO status in Dutch'),
  closureReason: ClosureReason.nullable(),
  closureReasonLabel: z.string().nullable(),
  closedAt: z.string().nullable(),
  history: z.array(z.object({ status: DuoStatus, statusLabel: z.string(), at: z.string() })).describe('Every status the melding had, oldest first'),
});

export const SchoolMeldingenAnswer = z.object({ brin: z.string(), schoolName: z.string().nullable(), items: z.array(SchoolMeldingView) });

/**
 * A logged-in school's own meldingen with their DUO status (issue 17): what its status link
 * shows, for the BRIN in its token only. Another school's melding is 404, as one that does not exist.
 */
export function schoolMeldingenRouter({ prisma }: { prisma: Db }): Router {
  const r = Router();
  const brinOf = (req: Parameters<typeof principalOf>[0]) => {
    const brin = ownSchoolBrin(principalOf(req));
    // The permission guard refused anyone else already; this keeps the handler safe on its own.
    if (!brin) throw new HttpError(403, 'forbidden', 'only a school with a BRIN in its token reads its own meldingen');
    return brin;
  };
  r.get('/', async (req, res) => {
    const brin = brinOf(req);
    const { schoolName, meldingen } = await schoolMeldingStatuses(prisma, brin);
    res.set('cache-control', 'no-store').json({ brin, schoolName: schoolName ?? null, items: meldingen });
  });
  r.get('/:meldingId', async (req, res) => {
    const brin = brinOf(req);
    const { meldingId } = parseOr400(SchoolMeldingParams, req.params, 'path');
    const { meldingen } = await schoolMeldingStatuses(prisma, brin, { meldingId, take: 1 });
    if (!meldingen[0]) throw notFound('melding');
    res.set('cache-control', 'no-store').json(meldingen[0]);
  });
  return r;
}
