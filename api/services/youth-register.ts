import type { z } from 'zod';
import { youthIdentifier, type YouthSchema } from '../../domain/melding';
import type { Db, Prisma } from '../../prisma/client';

type Tx = Prisma.TransactionClient;

/**
 * The youth register (issue 18): one entry per person (BSN or onderwijsnummer). A melding or early
 * signal finds or creates the entry under a per-youth advisory lock held to the end of the
 * transaction (two registrations for one youth never race), but never changes it: what a melding
 * says about the youth stays with that melding (its payload), and a difference is shown to the
 * consultant as a fact to check. Only a consultant of a gemeente with the youth in a case, or the
 * persons register (BRP), changes the entry, through changeYouthIdentity, which audits it.
 */
export async function lockAndUpsertYouth(tx: Tx, youth: z.infer<typeof YouthSchema>) {
  const id = youthIdentifier({ youth });
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${id.kind}:${id.value}`}))`;
  return tx.youth.upsert({
    where: { identifierKind_identifierValue: { identifierKind: id.kind, identifierValue: id.value } },
    create: { identifierKind: id.kind, identifierValue: id.value, firstName: youth.firstName, lastName: youth.lastName, dateOfBirth: youth.dateOfBirth },
    update: {},
  });
}

export const IDENTITY_FIELDS = ['firstName', 'lastName', 'dateOfBirth'] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];
export type Identity = Record<IdentityField, string>;

/** What a melding or signal said about the youth that differs from the register: one entry per field. */
export type IdentityCheck = { source: 'melding' | 'signal'; id: string; field: IdentityField; register: string; reported: string };

export function identityDifferences(register: Identity, reported: Partial<Identity> | undefined, source: { source: 'melding' | 'signal'; id: string }): IdentityCheck[] {
  if (!reported) return [];
  const norm = (s: string) => s.trim().toLocaleLowerCase('nl');
  return IDENTITY_FIELDS.filter((f) => typeof reported[f] === 'string' && norm(reported[f]!) !== norm(register[f])).map((field) => ({
    ...source,
    field,
    register: register[field],
    reported: reported[field]!,
  }));
}

/** The differences between the register and what each melding of a case reported. */
export async function caseIdentityChecks(prisma: Db, caseId: string, register: Identity): Promise<IdentityCheck[]> {
  const meldingen = await prisma.melding.findMany({ where: { caseId }, orderBy: { receivedAt: 'asc' }, select: { id: true, payload: true } });
  return meldingen.flatMap((m) => identityDifferences(register, (m.payload as { youth?: Partial<Identity> }).youth, { source: 'melding', id: m.id }));
}

export type IdentityChangeBy = { source: 'consultant' | 'brp'; actorId: string; actorRole: string };

/**
 * Changes the register entry (name, date of birth) and records the change (before, after, who,
 * why) in YouthIdentityChange, in one transaction. For the consultant's route and the BRP.
 */
export async function changeYouthIdentity(prisma: Db, youthId: string, change: Partial<Identity>, by: IdentityChangeBy, reason: string) {
  return prisma.$transaction(async (tx) => {
    const current = await tx.youth.findUniqueOrThrow({ where: { id: youthId } });
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${current.identifierKind}:${current.identifierValue}`}))`;
    const before = Object.fromEntries(IDENTITY_FIELDS.map((f) => [f, current[f]])) as Identity;
    const after = { ...before, ...Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) } as Identity;
    const updated = await tx.youth.update({ where: { id: youthId }, data: after });
    await tx.youthIdentityChange.create({ data: { youthId, source: by.source, actorId: by.actorId, actorRole: by.actorRole, before, after, reason } });
    return updated;
  });
}
