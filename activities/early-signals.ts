import type { Db } from '../prisma/client';
import { Prisma } from '../prisma/client';
import type { RegionPolicy } from '../domain/policy';
import { nextSignalDeadline, type SignalState } from '../domain/signal/state';
import type { SchoolCalendar } from '../domain/calendar-school-holidays';
import type { ReferenceData } from '../prisma/reference-data';

/** The columns lists and reports filter on, derived from the signal workflow's state. */
function columnsOf(state: SignalState) {
  const next = nextSignalDeadline(state);
  return {
    version: state.version,
    status: state.status,
    step: state.step,
    consultantId: state.consultantId,
    nextDeadline: next ? new Date(next) : null,
    outcome: state.outcome ?? null,
    caseId: state.escalation?.caseId ?? null,
    closedAt: state.closedAt ? new Date(state.closedAt) : null,
    state: state as unknown as Prisma.InputJsonValue,
  };
}

export function createEarlySignalActivities({ prisma, reference }: { prisma: Db; reference: ReferenceData }) {
  return {
    /** The region's policy and the assignment (school before gemeente), as for a case. */
    async loadSignalIntake(args: {
      signalId: string;
      gemeente: string;
      schoolBrin?: string;
    }): Promise<{ policy: RegionPolicy; calendar: SchoolCalendar; consultantId: string | null; teamLeadId: string | null }> {
      const [policyCalendar, assignment] = await Promise.all([reference.policyAndCalendar(args.gemeente), reference.assignment(args.gemeente, args.schoolBrin)]);
      return { ...policyCalendar, ...assignment };
    },

    /**
     * Writes the signal's state to its EarlySignal row. Idempotent and monotonic: an older version
     * (a retried or reordered activity) never overwrites a newer one. The API creates the row
     * (with the personal data) before it starts the workflow, so a missing row is an error that
     * the retries wait out rather than a row to create here.
     */
    async projectSignal(state: SignalState): Promise<void> {
      const updated = await prisma.earlySignal.updateMany({ where: { id: state.signalId, version: { lt: state.version } }, data: columnsOf(state) });
      if (updated.count > 0) return;
      const row = await prisma.earlySignal.findUnique({ where: { id: state.signalId }, select: { version: true } });
      if (!row) throw new Error(`early signal ${state.signalId} has no row to project to`);
      // Otherwise the row holds this or a newer version already: nothing to do.
    },
  };
}
