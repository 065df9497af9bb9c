import type { Client } from '@temporalio/client';
import type { Actor } from '../../domain/case/actor';
import type { SchoolInformationInput } from '../../domain/case/actions';
import type { Db } from '../../prisma/client';
import { Prisma } from '../../prisma/client';
import { schoolInformationSignal } from '../../workflows/messages';
import { ensureRunning } from '../running';

/**
 * The consultant records the school's information (by phone, by mail). The case's latest request
 * is claimed in PostgreSQL first, as the school's link does (api/services/school-links.ts), so the
 * school answering through its link afterwards gets 409 instead of a thanks; then the case is
 * signalled. Whatever still crosses (the link claimed first) the workflow keeps as an addition.
 */
export async function recordSchoolInformation(deps: { prisma: Db; client: Client }, caseId: string, input: SchoolInformationInput, actor: Actor): Promise<void> {
  const { prisma, client } = deps;
  await ensureRunning(client, caseId, 'case');
  const latest = await prisma.schoolRequest.findFirst({ where: { caseId, ...(input.requestId && { id: input.requestId }) }, orderBy: { createdAt: 'desc' } });
  const claimed =
    latest && !latest.answeredAt
      ? (await prisma.schoolRequest.updateMany({ where: { id: latest.id, answeredAt: null }, data: { answeredAt: new Date(), status: 'answered', answer: input as unknown as Prisma.InputJsonValue } })).count === 1
      : false;
  try {
    await client.workflow.getHandle(caseId).signal(schoolInformationSignal, { actor, input });
  } catch (err) {
    // Not delivered: the request is open again, for the school's link or a retry.
    if (claimed) await prisma.schoolRequest.update({ where: { id: latest!.id }, data: { answeredAt: null, status: latest!.status, answer: Prisma.DbNull } });
    throw err;
  }
}
