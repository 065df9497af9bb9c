import { Prisma, type Db } from '../prisma/client';
import { duoFeedbackFor, reportedSoFar } from '../domain/audit/duo-feedback';
import type { CaseState } from '../domain/case/state';

/**
 * Writes what a projected state says about its changes: an audit row per change (who, what,
 * when, why) and a DUO feedback record per status change of a melding. Called by projectCase;
 * idempotent (unique per case and version), so a retried projection writes nothing twice.
 */
export async function recordChanges(prisma: Db, state: CaseState): Promise<void> {
  const changes = state.recentChanges ?? [];
  // Raw, as the projection's row update (activities/projection.ts): every step runs these two.
  if (changes.length) {
    const createdAt = new Date();
    const rows = changes.map(
      (c) => Prisma.sql`(gen_random_uuid(), ${state.caseId}, ${c.version}, ${c.action}, ${c.actor.id}, ${c.actor.role}, ${c.reason ?? null}, ${new Date(c.at)}, ${c.duoStatus}, ${createdAt})`,
    );
    await prisma.$executeRaw`
      INSERT INTO "AuditEntry" ("id", "caseId", "version", "action", "actorId", "actorRole", "reason", "at", "duoStatus", "createdAt")
      VALUES ${Prisma.join(rows)} ON CONFLICT DO NOTHING`;
  }
  const earlier = await prisma.$queryRaw<{ version: number; meldingIds: string[]; status: string }[]>`
    SELECT "version", "meldingIds", "status" FROM "DuoFeedback" WHERE "caseId" = ${state.caseId}`;
  const records = duoFeedbackFor(state, reportedSoFar(earlier));
  if (records.length) {
    await prisma.duoFeedback.createMany({
      data: records.map((r) => ({ ...r, changedAt: new Date(r.changedAt) })),
      skipDuplicates: true,
    });
  }
}
