import type { Db } from '../prisma/client';
import { Prisma } from '../prisma/client';
import { readReferenceData, type ReferenceData } from '../prisma/reference-data';

export type NotificationToSend = {
  key: string;
  /** The case id, or for an early signal the signal id. */
  caseId: string;
  recipientRole: 'consultant' | 'teamlead';
  recipientId: string | null;
  topic: string;
  message: string;
};

/**
 * Nothing is addressed to nobody: a notification for a consultant who is not (yet) known goes to
 * the team lead of the case (from the case, else the assignment rules), and without a team lead to
 * the team inbox of the case's gemeente, which every team lead of that gemeente reads.
 */
async function addressOf(prisma: Db, reference: ReferenceData, n: NotificationToSend): Promise<{ recipientRole: string; recipientId: string | null; gemeente: string | null }> {
  const context = await contextOf(prisma, reference, n.caseId);
  if (n.recipientId) return { recipientRole: n.recipientRole, recipientId: n.recipientId, gemeente: context.gemeente };
  if (n.recipientRole === 'consultant' && context.consultantId) return { recipientRole: 'consultant', recipientId: context.consultantId, gemeente: context.gemeente };
  if (context.teamLeadId) return { recipientRole: 'teamlead', recipientId: context.teamLeadId, gemeente: context.gemeente };
  return { recipientRole: 'team', recipientId: null, gemeente: context.gemeente };
}

type Projected = { gemeente: string; schoolBrin: string | null; consultantId: string | null; stateConsultantId: string | null; teamLeadId: string | null };

/**
 * Who handles a case or signal, from its projection, else from its melding and the assignment rules.
 * Every effect that tells someone runs this, mostly inside a step's workflow task (a local
 * activity), so the projection is read raw and only for the fields needed: Prisma read the whole
 * state and its query compiler cost more than the rest (README Tests).
 */
async function contextOf(prisma: Db, reference: ReferenceData, id: string): Promise<{ gemeente: string | null; consultantId: string | null; teamLeadId: string | null }> {
  const [projected] = id.startsWith('signal-')
    ? await prisma.$queryRaw<Projected[]>`
        SELECT "gemeente", "schoolBrin", "consultantId", "state"->>'consultantId' AS "stateConsultantId", "state"->>'teamLeadId' AS "teamLeadId"
        FROM "EarlySignal" WHERE "id" = ${id}`
    : await prisma.$queryRaw<Projected[]>`
        SELECT "gemeente", "schoolBrin", "consultantId", "state"->>'consultantId' AS "stateConsultantId", "state"->>'teamLeadId' AS "teamLeadId"
        FROM "Case" WHERE "id" = ${id}`;
  const melding = projected ? null : await prisma.melding.findFirst({ where: { caseId: id }, orderBy: { receivedAt: 'asc' }, select: { gemeente: true, schoolBrin: true } });
  const gemeente = projected?.gemeente ?? melding?.gemeente ?? null;
  const schoolBrin = projected?.schoolBrin ?? melding?.schoolBrin ?? undefined;
  let consultantId = projected?.consultantId ?? projected?.stateConsultantId ?? null;
  let teamLeadId = projected?.teamLeadId ?? null;
  if (gemeente && (!consultantId || !teamLeadId)) {
    const rule = await reference.assignment(gemeente, schoolBrin);
    consultantId ??= rule.consultantId;
    teamLeadId ??= rule.teamLeadId;
  }
  return { gemeente, consultantId, teamLeadId };
}

/** Puts a notification in an inbox, once per key (raw, as contextOf; `createdAt` as Prisma sets it). */
export async function deliverNotification(prisma: Db, n: NotificationToSend, reference: ReferenceData = readReferenceData(prisma)): Promise<void> {
  const a = await addressOf(prisma, reference, n);
  await prisma.$executeRaw`
    INSERT INTO "Notification" ("id", "caseId", "recipientRole", "recipientId", "gemeente", "topic", "message", "createdAt")
    VALUES (${n.key}, ${n.caseId}, ${a.recipientRole}, ${a.recipientId}, ${a.gemeente}, ${n.topic}, ${n.message}, ${new Date()})
    ON CONFLICT DO NOTHING`;
}

export function createNotificationActivities({ prisma, reference }: { prisma: Db; reference: ReferenceData }) {
  return {
    /** Puts a message in a consultant's or team lead's inbox (or the team's), once per effect key. */
    async notify(args: NotificationToSend): Promise<void> {
      await deliverNotification(prisma, args, reference);
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
