import type { z } from 'zod';
import { youthIdentifier, type YouthSchema } from '../../domain/melding';
import type { Prisma } from '../../prisma/client';

type Tx = Prisma.TransactionClient;

/**
 * Registers (or refreshes) the youth a melding or early signal names, under a per-youth advisory
 * lock held to the end of the transaction: two registrations for one youth never race.
 */
export async function lockAndUpsertYouth(tx: Tx, youth: z.infer<typeof YouthSchema>) {
  const id = youthIdentifier({ youth });
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${id.kind}:${id.value}`}))`;
  const names = { firstName: youth.firstName, lastName: youth.lastName, dateOfBirth: youth.dateOfBirth };
  return tx.youth.upsert({
    where: { identifierKind_identifierValue: { identifierKind: id.kind, identifierValue: id.value } },
    create: { identifierKind: id.kind, identifierValue: id.value, ...names },
    update: names,
  });
}
