import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Actor } from '../../domain/case/actor';
import { youthIdentifier } from '../../domain/melding';
import type { SignalReporterRole } from '../../domain/signal/actions';
import { signalAdmissible, signalSummaryOf, type EarlySignalReport } from '../../domain/signal/report';
import type { Config } from '../../platform/config';
import type { Db } from '../../prisma/client';
import { Prisma } from '../../prisma/client';
import { policyForGemeente } from '../../prisma/region-policy';
import { formalMeldingSignal, SIGNAL_WORKFLOW_TYPE, signalWorkflowId, type SignalWorkflowInput } from '../../workflows/signal-messages';
import { HttpError } from '../errors';
import { canonicalJson, isRunning } from './register-melding';
import { sameSubmission, submissionSource } from '../../domain/access-policy';
import { lockAndUpsertYouth } from './youth-register';

export type SignalRegistration = { signalId: string; outcome: 'new-signal' | 'already-registered'; openCaseId: string | null };
type Deps = { prisma: Db; client: Client; config: Pick<Config, 'TEMPORAL_TASK_QUEUE'> };

/**
 * Registers an early signal: stores the submission with the youth in the register (nothing is
 * lost), then starts its light workflow. Repeating the same submission is harmless and repairs a
 * start a crash interrupted. When the youth already has an open MAS case, the signal continues
 * there at once (the consultant sees it in that case).
 */
export async function registerSignal(deps: Deps, report: EarlySignalReport, actor: Actor, options: { source: string }): Promise<SignalRegistration> {
  const { prisma } = deps;
  const id = signalWorkflowId(report.signalId);
  const existing = await prisma.earlySignal.findUnique({ where: { id } });
  if (existing) {
    const earlier = youthIdentifier(existing.payload as unknown as EarlySignalReport);
    const now = youthIdentifier(report);
    if (earlier.kind !== now.kind || earlier.value !== now.value)
      throw new HttpError(409, 'conflict', `signal id ${report.signalId} is already used for another youth; choose another signalId`);
    // A retry only from the same source with the same content (issue 18).
    const earlierSource = submissionSource({ id: existing.reporterId, role: existing.reporterRole as Actor['role'], schoolBrin: existing.schoolBrin ?? undefined });
    const same = sameSubmission({ source: earlierSource, content: canonicalJson(existing.payload) }, { source: options.source, content: canonicalJson(report) });
    if (!same.allowed) throw new HttpError(409, 'signal-id-conflict', `Signal id ${report.signalId}: ${same.reason}.`);
    return { signalId: id, outcome: 'already-registered', openCaseId: await deliver(deps, existing.id, existing.youthId, report, existing.reporterRole, actor) };
  }

  const admissible = signalAdmissible(report, await policyForGemeente(prisma, report.gemeente));
  if (!admissible.ok) throw new HttpError(422, 'rule-violation', admissible.violations.map((v) => v.message).join(' '), { violations: admissible.violations });

  const row = await prisma.$transaction(async (tx) => {
    const youth = await lockAndUpsertYouth(tx, report.youth);
    return tx.earlySignal.create({
      data: {
        id,
        youthId: youth.id,
        gemeente: report.gemeente,
        schoolBrin: report.school?.brin ?? null,
        concern: report.concern,
        reporterRole: actor.role,
        reporterId: actor.id,
        payload: report as unknown as Prisma.InputJsonValue,
      },
    });
  });
  return { signalId: id, outcome: 'new-signal', openCaseId: await deliver(deps, row.id, row.youthId, report, row.reporterRole, actor) };
}

/** Starts the signal's workflow (idempotent) and links it to the youth's open case, if any. */
async function deliver(deps: Deps, id: string, youthId: string, report: EarlySignalReport, reporterRole: string, actor: Actor): Promise<string | null> {
  const input: SignalWorkflowInput = { kind: 'new', summary: signalSummaryOf(report, reporterRole as SignalReporterRole), youthId, actor };
  await deps.client.workflow
    .start(SIGNAL_WORKFLOW_TYPE, {
      workflowId: id,
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    })
    .catch((err: unknown) => {
      // The signal's workflow ran to its end already: it must not start again.
      if ((err as { name?: string }).name === 'WorkflowExecutionAlreadyStartedError') return;
      throw err;
    });
  await deps.prisma.earlySignal.updateMany({ where: { id, deliveredAt: null }, data: { deliveredAt: new Date() } });

  // Only a case of the signal's own gemeente (issue 18): a partner elsewhere learns nothing of it.
  const latest = await deps.prisma.melding.findFirst({ where: { youthId, gemeente: report.gemeente }, orderBy: { receivedAt: 'desc' } });
  if (!latest || !(await isRunning(deps.client, latest.caseId))) return null;
  await deps.client.workflow
    .getHandle(id)
    .signal(formalMeldingSignal, { actor, input: { caseId: latest.caseId, meldingId: latest.id } })
    .catch((err: unknown) => {
      // A signal that ended already needs no link.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    });
  return latest.caseId;
}
