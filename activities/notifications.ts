import type { Db } from '../prisma/client';
import { Prisma } from '../prisma/client';

export function createNotificationActivities({ prisma }: { prisma: Db }) {
  return {
    /** Puts a message in a consultant's or team lead's inbox, once per effect key. */
    async notify(args: {
      key: string;
      caseId: string;
      recipientRole: 'consultant' | 'teamlead';
      recipientId: string | null;
      topic: string;
      message: string;
    }): Promise<void> {
      await prisma.notification.createMany({
        data: [{ id: args.key, caseId: args.caseId, recipientRole: args.recipientRole, recipientId: args.recipientId, topic: args.topic, message: args.message }],
        skipDuplicates: true,
      });
    },

    /** Records a letter or document the case produced (invitation, copy to the Raad), once per key. */
    async recordCorrespondence(args: { key: string; caseId: string; kind: string; details: unknown }): Promise<void> {
      await prisma.correspondence.createMany({
        data: [{ id: args.key, caseId: args.caseId, kind: args.kind, details: args.details as Prisma.InputJsonValue }],
        skipDuplicates: true,
      });
    },
  };
}
