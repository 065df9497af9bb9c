import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Actor } from '../../domain/case/actor';
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
import { deliverMelding, LOCKED_TX, openCaseOfYouth } from '../../platform/melding-delivery';
import { caseWorkflowId } from '../../workflows/messages';

export { summarize } from '../../platform/melding-delivery';

export type RegistrationResult = { caseId: string; meldingId: string; outcome: 'new-case' | 'attached' | 'already-registered' };
/** What the registering request learns on the way, so it need not read it again: the youth, and the case's scope when the melding opened it. */
export type Registration = { result: RegistrationResult; youthId: string; ownCaseScope?: { gemeente: string; schoolBrin?: string; youthId: string } };

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
 * youth's open case or starts a new case workflow. Which case a melding belongs to is decided in
 * PostgreSQL under the youth's lock, counting a case whose start is still under way as open
 * (platform/melding-delivery.ts), so concurrent meldingen for one youth never open two cases.
 * Repeating the same melding is harmless: it returns the same case and repairs a delivery that a
 * crash interrupted (the worker's reconciler repairs it too, without a repeat).
 */
export async function registerMelding(deps: RegistrationDeps, melding: Melding, actor: Actor, options: { fromSignal?: string; source?: string } = {}): Promise<RegistrationResult> {
  return (await register(deps, melding, actor, options)).result;
}

/**
 * registerMelding, with what it learned on the way. The round trips of a new melding: the id and
 * the gemeente's policy read at once, one transaction (lock, youth, open case, insert), the start,
 * the delivered mark and the youth's open signals.
 */
export async function register(deps: RegistrationDeps, melding: Melding, actor: Actor, options: { fromSignal?: string; source?: string } = {}): Promise<Registration> {
  const { prisma, client } = deps;
  // Who sent it (domain/access-policy.ts submissionSource); an escalated signal is its own source.
  const source = options.fromSignal ? `signal:${options.fromSignal}` : (options.source ?? `user:${actor.id}`);
  const [existing, policy] = await Promise.all([prisma.melding.findUnique({ where: { id: melding.meldingId } }), policyForGemeente(prisma, melding.gemeente)]);
  if (existing) {
    // A repeated id is a retry only from the same source with the same content (issue 18); an
    // escalation is retried with the day's date, so only its source counts.
    const same = sameSubmission(
      { source: existing.source, content: options.fromSignal ? '' : canonicalJson(existing.payload) },
      { source, content: options.fromSignal ? '' : canonicalJson(melding) },
    );
    if (!same.allowed) throw new HttpError(409, 'melding-id-conflict', `Melding id ${melding.meldingId}: ${same.reason}.`);
    const caseId = await deliverMelding(deps, existing.id);
    await linkOpenSignals(deps, { youthId: existing.youthId, caseId, meldingId: melding.meldingId, except: options.fromSignal }, actor);
    return { result: { caseId, meldingId: melding.meldingId, outcome: 'already-registered' }, youthId: existing.youthId };
  }

  const admissible = meldingAdmissible(melding, policy);
  if (!admissible.ok) throw new HttpError(422, 'rule-violation', admissible.violations.map((v) => v.message).join(' '), { violations: admissible.violations });

  const { youthId, stored, repeated } = await prisma.$transaction(async (tx) => {
    // One registration per youth at a time, so two meldingen cannot open two parallel cases.
    const youth = await lockAndUpsertYouth(tx, melding.youth);
    // Recidive within the gemeente: another gemeente's melding never joins (or reveals) its case (issue 18).
    const open = await openCaseOfYouth(tx, client, youth.id, melding.meldingId, melding.gemeente);
    const row = {
      id: melding.meldingId,
      youthId: youth.id,
      caseId: open ?? caseWorkflowId(melding.meldingId),
      kind: melding.kind,
      gemeente: melding.gemeente,
      schoolBrin: melding.school?.brin ?? null,
      reportDate: melding.reportDate,
      payload: melding as unknown as Prisma.InputJsonValue,
      source,
      submittedBy: actor,
    };
    // The same melding sent twice at once: the second waited for the lock and finds the first (nothing inserted).
    const { count } = await tx.melding.createMany({ data: [row], skipDuplicates: true });
    if (count === 1) return { youthId: youth.id, stored: row, repeated: null };
    const first = await tx.melding.findUniqueOrThrow({ where: { id: melding.meldingId }, select: { source: true, payload: true } });
    return { youthId: youth.id, stored: null, repeated: first };
  }, LOCKED_TX);
  if (repeated) {
    const same = sameSubmission({ source: repeated.source, content: canonicalJson(repeated.payload) }, { source, content: canonicalJson(melding) });
    if (!same.allowed) throw new HttpError(409, 'melding-id-conflict', `Melding id ${melding.meldingId}: ${same.reason}.`);
  }

  // The row just stored goes along, so delivery does not read it back.
  const delivered = await deliverMelding(deps, melding.meldingId, stored ?? undefined);
  const ownCase = !repeated && delivered === caseWorkflowId(melding.meldingId);
  // A case this melding opened has the melding's gemeente, school and youth: nothing to read back.
  const ownCaseScope = ownCase ? { gemeente: melding.gemeente, schoolBrin: melding.school?.brin, youthId } : undefined;
  // Early signals of this youth that are still open continue in the case (issue 7).
  await linkOpenSignals(deps, { youthId, caseId: delivered, meldingId: melding.meldingId, except: options.fromSignal, gemeente: ownCaseScope?.gemeente }, actor);
  const outcome = repeated ? 'already-registered' : ownCase ? 'new-case' : 'attached';
  return { result: { caseId: delivered, meldingId: melding.meldingId, outcome }, youthId, ownCaseScope };
}
