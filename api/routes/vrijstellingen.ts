import { Router } from 'express';
import { z } from 'zod';
import { IsoDate } from '../../domain/dates';
import { GemeenteCode, MeldingSchema, youthIdentifier } from '../../domain/melding';
import { VrijstellingSchema } from '../../domain/vrijstelling';
import type { Db } from '../../prisma/client';
import { Prisma } from '../../prisma/client';
import { actorOf } from '../actor';
import { principalOf } from '../auth/authenticate';
import { notFound, parseOr400 } from '../errors';
import { changeYouthIdentity, identityDifferences, type Identity } from '../services/youth-register';

/** The youth as a melding identifies it, so a vrijstelling lands in the same register entry. */
export const YouthIdentity = MeldingSchema.shape.youth.pick({ bsn: true, onderwijsnummer: true, firstName: true, lastName: true, dateOfBirth: true });

export const RegisterVrijstellingInput = z
  .object({
    youth: YouthIdentity,
    vrijstelling: VrijstellingSchema,
    /** The gemeente that decided it; needed when the youth has no case or signal yet (issue 18). */
    gemeente: GemeenteCode.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.youth.bsn === !v.youth.onderwijsnummer)
      ctx.addIssue({ code: 'custom', path: ['youth', 'bsn'], message: 'give exactly one of bsn or onderwijsnummer' });
  });

/** A correction of the register entry by a consultant (issue 18): at least one field, and why. */
export const YouthIdentityInput = z
  .object({
    firstName: z.string().trim().min(1).max(100).optional(),
    lastName: z.string().trim().min(1).max(100).optional(),
    dateOfBirth: IsoDate.optional(),
    reason: z.string().trim().min(1).max(1000),
  })
  .strict()
  .refine((v) => v.firstName !== undefined || v.lastName !== undefined || v.dateOfBirth !== undefined, { path: ['firstName'], message: 'give at least one of firstName, lastName, dateOfBirth' });

export function vrijstellingenRouter({ prisma }: { prisma: Db }): Router {
  const r = Router();

  // Records a decided vrijstelling in the register; intake puts it before the consultant. The
  // route's guard decided the scope (api/auth/authorize.ts, youth-body); the register entry's
  // identity is never changed by it (issue 18).
  r.post('/vrijstellingen', async (req, res) => {
    const { youth, vrijstelling, gemeente } = parseOr400(RegisterVrijstellingInput, req.body ?? {});
    const id = youthIdentifier({ youth });
    const { kind, from, to, decisionDate, reference, ...details } = vrijstelling;
    const mine = principalOf(req).gemeenten;
    const created = await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${id.kind}:${id.value}`}))`;
      const y = await tx.youth.upsert({
        where: { identifierKind_identifierValue: { identifierKind: id.kind, identifierValue: id.value } },
        create: { identifierKind: id.kind, identifierValue: id.value, firstName: youth.firstName, lastName: youth.lastName, dateOfBirth: youth.dateOfBirth },
        update: {},
      });
      return tx.vrijstelling.create({
        data: {
          youthId: y.id,
          kind,
          from,
          to: to ?? null,
          decisionDate,
          reference,
          details: details as Prisma.InputJsonValue,
          createdBy: actorOf(req).id,
          gemeente: gemeente ?? (mine.length === 1 ? mine[0]! : null),
        },
      });
    });
    res.locals.youthId = created.youthId;
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

  // The register entry, what each melding and signal of the caller's gemeenten reported about the
  // youth where it differs (facts to check), and the register's change history.
  r.get('/youth/:youthId', async (req, res) => {
    const youth = await prisma.youth.findUnique({ where: { id: String(req.params.youthId) } });
    if (!youth) throw notFound('youth');
    const mine = principalOf(req).gemeenten;
    const [meldingen, signals, changes] = await Promise.all([
      prisma.melding.findMany({ where: { youthId: youth.id, gemeente: { in: mine } }, orderBy: { receivedAt: 'asc' }, select: { id: true, payload: true } }),
      prisma.earlySignal.findMany({ where: { youthId: youth.id, gemeente: { in: mine } }, orderBy: { receivedAt: 'asc' }, select: { id: true, payload: true } }),
      prisma.youthIdentityChange.findMany({ where: { youthId: youth.id }, orderBy: { at: 'asc' } }),
    ]);
    const register: Identity = { firstName: youth.firstName, lastName: youth.lastName, dateOfBirth: youth.dateOfBirth };
    res.json({
      youthId: youth.id,
      register,
      identityChecks: [
        ...meldingen.flatMap((m) => identityDifferences(register, (m.payload as { youth?: Partial<Identity> }).youth, { source: 'melding', id: m.id })),
        ...signals.flatMap((s) => identityDifferences(register, (s.payload as { youth?: Partial<Identity> }).youth, { source: 'signal', id: s.id })),
      ],
      changes: changes.map((c) => ({ at: c.at, source: c.source, actorId: c.actorId, before: c.before, after: c.after, reason: c.reason })),
    });
  });

  // A consultant of a gemeente with the youth in a case corrects the register (the guard checked
  // youth-cases scope); the change and its reason are recorded.
  r.put('/youth/:youthId/identity', async (req, res) => {
    const { reason, ...change } = parseOr400(YouthIdentityInput, req.body ?? {});
    const actor = actorOf(req);
    const updated = await changeYouthIdentity(prisma, String(req.params.youthId), change, { source: 'consultant', actorId: actor.id, actorRole: actor.role }, reason);
    res.json({ youthId: updated.id, register: { firstName: updated.firstName, lastName: updated.lastName, dateOfBirth: updated.dateOfBirth } });
  });
  return r;
}
