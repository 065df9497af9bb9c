import type { Db } from '../prisma/client';
import { Prisma } from '../prisma/client';
import { activeRoutes, nextDeadline, type CaseState } from '../domain/case/state';
import { recordChanges } from './audit-records';

/** The columns the work queue and reports filter on, derived from the workflow's state. */
function columnsOf(state: CaseState) {
  const next = nextDeadline(state);
  return {
    version: state.version,
    duoStatus: state.duoStatus,
    phase: state.phase,
    step: state.step,
    regime: state.regime,
    gemeente: state.gemeente,
    schoolBrin: state.schoolBrin ?? null,
    consultantId: state.consultantId,
    routes: activeRoutes(state),
    nextDeadline: next ? new Date(next) : null,
    closureReason: state.closure?.reason ?? null,
    closedAt: state.closure ? new Date(state.closure.closedAt) : null,
    // The latest thuiszitter period (a running one has no until): what the management report reads.
    thuiszitter: !!state.thuiszitter,
    thuiszitterSince: state.thuiszitter?.since ?? null,
    thuiszitterUntil: state.thuiszitter?.until ?? null,
    state: state as unknown as Prisma.InputJsonValue,
  };
}

export function createProjectionActivities({ prisma }: { prisma: Db }) {
  return {
    /**
     * Writes the case to PostgreSQL. Idempotent and monotonic: an older version (a retried or
     * reordered activity) never overwrites a newer one.
     */
    async projectCase(state: CaseState): Promise<void> {
      await projectRow(state);
      // The audit rows and DUO feedback of the changes this state carries, in the same activity.
      await recordChanges(prisma, state);
    },
  };

  async function projectRow(state: CaseState): Promise<void> {
    const data = columnsOf(state);
    const updated = await prisma.case.updateMany({ where: { id: state.caseId, version: { lt: state.version } }, data });
    if (updated.count > 0) return;
    try {
      await prisma.case.create({ data: { id: state.caseId, youthId: state.youthId, openedAt: new Date(state.openedAt), ...data } });
    } catch (err) {
      // Already there with this or a newer version: nothing to do.
      if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return;
      throw err;
    }
  }
}
