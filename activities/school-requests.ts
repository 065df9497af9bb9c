import type { Db } from '../prisma/client';

export function createSchoolRequestActivities({ prisma }: { prisma: Db }) {
  return {
    /** Registers the information request to the school (idempotent on the request id). */
    async requestSchoolInformation(args: { key: string; caseId: string; requestId: string; schoolBrin: string | null; dueAt: string }): Promise<void> {
      await prisma.schoolRequest.upsert({
        where: { id: args.requestId },
        create: { id: args.requestId, caseId: args.caseId, schoolBrin: args.schoolBrin, dueAt: new Date(args.dueAt) },
        update: {},
      });
    },

    /** Records a reminder to the school; the second one goes out after the deadline passed. */
    async sendSchoolReminder(args: { key: string; caseId: string; requestId: string; sequence: 1 | 2; dueAt: string }): Promise<void> {
      await prisma.schoolRequest.updateMany({
        where: { id: args.requestId, remindersSent: { lt: args.sequence } },
        data: { remindersSent: args.sequence, ...(args.sequence === 2 ? { status: 'expired' } : {}) },
      });
    },
  };
}
