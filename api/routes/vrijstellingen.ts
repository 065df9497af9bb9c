import { Router } from 'express';
import { z } from 'zod';
import { MeldingSchema, youthIdentifier } from '../../domain/melding';
import { VrijstellingSchema } from '../../domain/vrijstelling';
import type { Db } from '../../prisma/client';
import { Prisma } from '../../prisma/client';
import { actorOf } from '../actor';
import { notFound, parseOr400 } from '../errors';

/** The youth as a melding identifies it, so a vrijstelling lands in the same register entry. */
export const YouthIdentity = MeldingSchema.shape.youth.pick({ bsn: true, onderwijsnummer: true, firstName: true, lastName: true, dateOfBirth: true });

export const RegisterVrijstellingInput = z
  .object({ youth: YouthIdentity, vrijstelling: VrijstellingSchema })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.youth.bsn === !v.youth.onderwijsnummer)
      ctx.addIssue({ code: 'custom', path: ['youth', 'bsn'], message: 'give exactly one of bsn or onderwijsnummer' });
  });

export function vrijstellingenRouter({ prisma }: { prisma: Db }): Router {
  const r = Router();

  // Records a decided vrijstelling in the register; intake puts it before the consultant.
  r.post('/vrijstellingen', async (req, res) => {
    const { youth, vrijstelling } = parseOr400(RegisterVrijstellingInput, req.body ?? {});
    const id = youthIdentifier({ youth });
    const { kind, from, to, decisionDate, reference, ...details } = vrijstelling;
    const created = await prisma.$transaction(async (tx) => {
      const y = await tx.youth.upsert({
        where: { identifierKind_identifierValue: { identifierKind: id.kind, identifierValue: id.value } },
        create: { identifierKind: id.kind, identifierValue: id.value, firstName: youth.firstName, lastName: youth.lastName, dateOfBirth: youth.dateOfBirth },
        update: {},
      });
      return tx.vrijstelling.create({
        data: { youthId: y.id, kind, from, to: to ?? null, decisionDate, reference, details: details as Prisma.InputJsonValue, createdBy: actorOf(req).id },
      });
    });
    res.status(201).json({ id: created.id, youthId: created.youthId, kind, from, to: to ?? null, decisionDate, reference });
  });

  r.get('/youth/:youthId/vrijstellingen', async (req, res) => {
    const youthId = z.uuid().safeParse(req.params.youthId);
    if (!youthId.success) throw notFound('youth');
    const youth = await prisma.youth.findUnique({ where: { id: youthId.data }, include: { vrijstellingen: { orderBy: { from: 'asc' } } } });
    if (!youth) throw notFound('youth');
    res.json({
      youthId: youth.id,
      items: youth.vrijstellingen.map((v) => ({ id: v.id, kind: v.kind, from: v.from, to: v.to, decisionDate: v.decisionDate, reference: v.reference, ...(v.details as object) })),
    });
  });
  return r;
}
