import type { Db } from '../prisma/client';
import { duoFeedbackFor, reportedSoFar } from '../domain/audit/duo-feedback';
import type { CaseState } from '../domain/case/state';

/**
 * Writes what a projected state says about its changes: an audit row per change (who, what,
 * when, why) and a DUO feedback record per status change of a melding. Called by projectCase;
 * idempotent (unique per case and version), so a retried projection writes nothing twice.
 */
export async function recordChanges(prisma: Db, state: CaseState): Promise<void> {
  const changes = state.recentChanges ?? [];
  if (changes.length) {
    await prisma.auditEntry.createMany({
      data: changes.map((c) => ({
        caseId: state.caseId,
        version: c.version,
        action: c.action,
        actorId: c.actor.id,
        actorRole: c.actor.role,
        reason: c.reason ?? null,
        at: new Date(c.at),
        duoStatus: c.duoStatus,
      })),
      skipDuplicates: true,
    });
  }
  const earlier = await prisma.duoFeedback.findMany({ where: { caseId: state.caseId }, select: { version: true, meldingIds: true, status: true } });
  const records = duoFeedbackFor(state, reportedSoFar(earlier));
  if (records.length) {
    await prisma.duoFeedback.createMany({
      data: records.map((r) => ({ ...r, changedAt: new Date(r.changedAt) })),
      skipDuplicates: true,
    });
  }
}
