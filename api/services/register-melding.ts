import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Actor } from '../../domain/case/actor';
import type { MeldingSummary } from '../../domain/case/actions';
import type { Melding } from '../../domain/melding';
import { meldingAdmissible } from '../../domain/melding-policy';
import { policyForGemeente } from '../../prisma/region-policy';
import { sameSubmission } from '../../domain/access-policy';
import { HttpError } from '../errors';
import { linkOpenSignals } from './signal-links';
import { lockAndUpsertYouth } from './youth-register';
import type { Db } from '../../prisma/client';
import { Prisma } from '../../prisma/client';
import type { Config } from '../../platform/config';
import { caseWorkflowId, CASE_WORKFLOW_TYPE, meldingReceivedSignal, type CaseWorkflowInput } from '../../workflows/messages';

export type RegistrationResult = { caseId: string; meldingId: string; outcome: 'new-case' | 'attached' | 'already-registered' };

/** What a submission is compared by when its id comes again: key order does not matter. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

export type RegistrationDeps = { prisma: Db; client: Client; config: Pick<Config, 'TEMPORAL_TASK_QUEUE'> };

export function summarize(m: Melding): MeldingSummary {
  return {
    meldingId: m.meldingId,
    kind: m.kind,
    gemeente: m.gemeente,
    overigReason: m.overigReason,
    reportDate: m.reportDate,
    startDate: m.startDate,
    endDate: m.endDate,
    hoursAbsent: m.hoursAbsent,
    daysAbsent: m.daysAbsent,
    timesLate: m.timesLate,
    schoolBrin: m.school?.brin,
  };
}

export async function isRunning(client: Client, caseId: string): Promise<boolean> {
  try {
    const d = await client.workflow.getHandle(caseId).describe();
    return d.status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/**
 * Registers a melding: stores it (nothing a school submitted is lost), then attaches it to the
 * youth's open case or starts a new case workflow. Repeating the same melding is harmless: it
 * returns the same case and repairs a start that a crash interrupted.
 */
export async function registerMelding(
  deps: RegistrationDeps,
  melding: Melding,
  actor: Actor,
  options: { fromSignal?: string; source?: string } = {},
): Promise<RegistrationResult> {
  const { prisma, client } = deps;
  // Who sent it (domain/access-policy.ts submissionSource); an escalated signal is its own source.
  const source = options.fromSignal ? `signal:${options.fromSignal}` : (options.source ?? `user:${actor.id}`);
  const existing = await prisma.melding.findUnique({ where: { id: melding.meldingId } });
  if (existing) {
    // A repeated id is a retry only from the same source with the same content (issue 18); an
    // escalation is retried with the day's date, so only its source counts.
    const same = sameSubmission(
      { source: existing.source, content: options.fromSignal ? '' : canonicalJson(existing.payload) },
      { source, content: options.fromSignal ? '' : canonicalJson(melding) },
    );
    if (!same.allowed) throw new HttpError(409, 'melding-id-conflict', `Melding id ${melding.meldingId}: ${same.reason}.`);
    const caseId = await deliver(deps, existing.caseId, existing.youthId, melding, actor);
    await linkOpenSignals(deps, { youthId: existing.youthId, caseId, meldingId: melding.meldingId, except: options.fromSignal }, actor);
    return { caseId, meldingId: melding.meldingId, outcome: 'already-registered' };
  }

  const admissible = meldingAdmissible(melding, await policyForGemeente(prisma, melding.gemeente));
  if (!admissible.ok) throw new HttpError(422, 'rule-violation', admissible.violations.map((v) => v.message).join(' '), { violations: admissible.violations });

  const { caseId, youthId, attached } = await prisma.$transaction(async (tx) => {
    // One registration per youth at a time, so two meldingen cannot open two parallel cases.
    const youth = await lockAndUpsertYouth(tx, melding.youth);
    // Recidive within the gemeente: another gemeente's melding never joins (or reveals) this case (issue 18).
    const latest = await tx.melding.findFirst({ where: { youthId: youth.id, gemeente: melding.gemeente }, orderBy: { receivedAt: 'desc' } });
    const open = latest && (await isRunning(client, latest.caseId)) ? latest.caseId : null;
    const target = open ?? caseWorkflowId(melding.meldingId);
    await tx.melding.create({
      data: {
        id: melding.meldingId,
        youthId: youth.id,
        caseId: target,
        kind: melding.kind,
        gemeente: melding.gemeente,
        schoolBrin: melding.school?.brin ?? null,
        reportDate: melding.reportDate,
        payload: melding as unknown as Prisma.InputJsonValue,
        source,
      },
    });
    return { caseId: target, youthId: youth.id, attached: open !== null };
  });

  const delivered = await deliver(deps, caseId, youthId, melding, actor);
  // Early signals of this youth that are still open continue in the case (issue 7).
  await linkOpenSignals(deps, { youthId, caseId: delivered, meldingId: melding.meldingId, except: options.fromSignal }, actor);
  return { caseId: delivered, meldingId: melding.meldingId, outcome: attached && delivered === caseId ? 'attached' : 'new-case' };
}

/** Starts the case this melding opened, or signals the open case it was attached to. Idempotent. */
async function deliver(deps: RegistrationDeps, caseId: string, youthId: string, melding: Melding, actor: Actor): Promise<string> {
  const { client, prisma } = deps;
  if (caseId === caseWorkflowId(melding.meldingId)) {
    const input: CaseWorkflowInput = { kind: 'new', caseId, melding: summarize(melding), youthId, actor };
    await client.workflow.start(CASE_WORKFLOW_TYPE, {
      workflowId: caseId,
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    }).catch((err: unknown) => {
      // The case already ran to its end: starting it again must not happen, and is not needed.
      if ((err as { name?: string }).name === 'WorkflowExecutionAlreadyStartedError') return;
      throw err;
    });
  } else {
    // The workflow ignores a melding it already has, so a repeated signal is harmless.
    try {
      await client.workflow.getHandle(caseId).signal(meldingReceivedSignal, { actor, input: summarize(melding) });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      // The open case closed in between: this melding opens a case of its own.
      const own = caseWorkflowId(melding.meldingId);
      await prisma.melding.update({ where: { id: melding.meldingId }, data: { caseId: own } });
      return deliver(deps, own, youthId, melding, actor);
    }
  }
  await prisma.melding.update({ where: { id: melding.meldingId }, data: { deliveredAt: new Date() } });
  return caseId;
}
