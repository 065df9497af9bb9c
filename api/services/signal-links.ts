import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Actor } from '../../domain/case/actor';
import type { Db } from '../../prisma/client';
import { formalMeldingSignal } from '../../workflows/signal-messages';
import { caseScope } from './scopes';

/**
 * A formal melding reached a case: every open early signal of the same youth in the case's gemeente continues in that
 * case (the workflow escalates itself and ignores the signal when it is not open any more).
 * `except`: the signal the melding was escalated from, which the consultant's update links itself.
 */
export async function linkOpenSignals(
  deps: { prisma: Db; client: Client },
  link: { youthId: string; caseId: string; meldingId: string; except?: string; gemeente?: string },
  actor: Actor,
): Promise<string[]> {
  // Only signals of the case's own gemeente: another gemeente's signal stays with its consultant,
  // who may not read this case (issue 18).
  // `gemeente`: the caller knows it (a case the melding itself opened has the melding's gemeente).
  const gemeente = link.gemeente ?? (await caseScope(deps.prisma, link.caseId)).gemeente;
  const open = await deps.prisma.earlySignal.findMany({ where: { youthId: link.youthId, gemeente, status: 'open', ...(link.except && { id: { not: link.except } }) }, select: { id: true } });
  const linked: string[] = [];
  for (const { id } of open) {
    try {
      await deps.client.workflow.getHandle(id).signal(formalMeldingSignal, { actor, input: { caseId: link.caseId, meldingId: link.meldingId } });
      linked.push(id);
    } catch (err) {
      // The signal's workflow ended meanwhile (closed or escalated): nothing to link.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return linked;
}
