import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ActorSchema, SYSTEM_ACTOR, type Actor } from '../domain/case/actor';
import type { MeldingSummary } from '../domain/case/actions';
import type { Melding } from '../domain/melding';
import type { Db, Prisma } from '../prisma/client';
import { CASE_WORKFLOW_TYPE, caseWorkflowId, meldingReceivedSignal, type CaseWorkflowInput } from '../workflows/messages';

/**
 * How a stored melding reaches its case workflow: the API right after storing it, and the worker's
 * reconciler for a melding whose delivery a crash interrupted. PostgreSQL decides which case a
 * melding belongs to (under the youth's advisory lock); Temporal is told afterwards, idempotently:
 * starting a case that runs is a no-op, a repeated melding signal is ignored by the workflow.
 */

type Tx = Prisma.TransactionClient;
export type DeliveryDeps = { prisma: Db; client: Client; config: { TEMPORAL_TASK_QUEUE: string } };

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

/** The first melding's id from a case id (`case-<first melding id>`). */
const firstMeldingOf = (caseId: string) => (caseId.startsWith('case-') ? caseId.slice('case-'.length) : null);

/**
 * Whether a case still takes new meldingen. Known closed in PostgreSQL (projection afgesloten) or
 * ended in Temporal: no. Running: yes. Not (yet) in Temporal while its first melding is stored and
 * it was never projected: its start is still under way (the registering request, or the
 * reconciler after a crash), so yes: deciding "no" here is what opened two cases per youth.
 */
export async function caseIsOpen(db: Db | Tx, client: Client, caseId: string): Promise<boolean> {
  const projected = await db.case.findUnique({ where: { id: caseId }, select: { phase: true } });
  if (projected?.phase === 'afgesloten') return false;
  try {
    const d = await client.workflow.getHandle(caseId).describe();
    return d.status.name === 'RUNNING' || d.status.name === 'CONTINUED_AS_NEW';
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
  }
  if (projected) return false; // it ran once and is gone from Temporal
  const first = firstMeldingOf(caseId);
  return first !== null && (await db.melding.count({ where: { id: first, caseId } })) > 0;
}

/**
 * The youth's open case, other than through `exceptMeldingId`: the case of its newest melding that
 * is open. With `gemeente`, only that gemeente's meldingen count (issue 18: another gemeente's
 * melding never joins, or reveals, a case).
 */
export async function openCaseOfYouth(tx: Tx, client: Client, youthId: string, exceptMeldingId: string, gemeente?: string): Promise<string | null> {
  const rows = await tx.melding.findMany({ where: { youthId, id: { not: exceptMeldingId }, ...(gemeente && { gemeente }) }, orderBy: { receivedAt: 'desc' }, select: { caseId: true } });
  const seen = new Set<string>();
  for (const { caseId } of rows) {
    if (seen.has(caseId)) continue;
    seen.add(caseId);
    if (await caseIsOpen(tx, client, caseId)) return caseId;
  }
  return null;
}

/** The youth's advisory lock, held to the end of the transaction (the same key as youth-register.ts). */
export async function lockYouth(tx: Tx, youth: { identifierKind: string; identifierValue: string }): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`${youth.identifierKind}:${youth.identifierValue}`}))`;
}

/** Interactive transactions that call Temporal while they hold the youth's lock need more than Prisma's 5 s. */
export const LOCKED_TX = { timeout: 60_000, maxWait: 30_000 } as const;

const actorOf = (stored: unknown): Actor => {
  const parsed = ActorSchema.safeParse(stored);
  return parsed.success ? parsed.data : SYSTEM_ACTOR;
};

export type StoredMelding = { id: string; caseId: string; youthId: string; gemeente: string; payload: unknown; submittedBy: unknown };

/**
 * Delivers a stored melding to its case and marks it delivered; returns the case it ended up in.
 * Its own case: started (or found running). Another case: signalled, with signal-with-start so a
 * case whose start is still under way is started by whoever comes first. When that case has ended
 * meanwhile, the melding is decided again under the youth's lock (its own case or the youth's
 * open one), so two meldingen racing past a closing case still end up in one case.
 */
export async function deliverMelding(deps: DeliveryDeps, meldingId: string, justStored?: StoredMelding): Promise<string> {
  const { prisma, client } = deps;
  for (let round = 0; round < 5; round++) {
    // The registering request hands over the row it just stored; a later round reads it again.
    const m = round === 0 && justStored ? justStored : ((await prisma.melding.findUniqueOrThrow({ where: { id: meldingId } })) as StoredMelding);
    const own = caseWorkflowId(m.id);
    const ok = m.caseId === own ? await startOwnCase(deps, m) : await signalCase(deps, m);
    if (ok) {
      await prisma.melding.updateMany({ where: { id: m.id, caseId: m.caseId, deliveredAt: null }, data: { deliveredAt: new Date() } });
      return m.caseId;
    }
    await prisma.$transaction(async (tx) => {
      const youth = await tx.youth.findUniqueOrThrow({ where: { id: m.youthId } });
      await lockYouth(tx, youth);
      const current = await tx.melding.findUniqueOrThrow({ where: { id: m.id } });
      if (current.caseId !== m.caseId) return; // someone else decided again already
      const open = await openCaseOfYouth(tx, client, m.youthId, m.id, m.gemeente);
      await tx.melding.update({ where: { id: m.id }, data: { caseId: open ?? own } });
    }, LOCKED_TX);
  }
  throw new Error(`melding ${meldingId} could not be delivered: its cases kept closing`);
}

async function startOwnCase(deps: DeliveryDeps, m: StoredMelding): Promise<boolean> {
  const input: CaseWorkflowInput = { kind: 'new', caseId: m.caseId, melding: summarize(m.payload as Melding), youthId: m.youthId, actor: actorOf(m.submittedBy) };
  try {
    await deps.client.workflow.start(CASE_WORKFLOW_TYPE, {
      workflowId: m.caseId,
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (err) {
    // The case already ran to its end: it had this melding (it opened it).
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return true;
}

/** false: the case has ended and takes no meldingen. */
async function signalCase(deps: DeliveryDeps, m: StoredMelding): Promise<boolean> {
  const { prisma, client } = deps;
  const signal = { actor: actorOf(m.submittedBy), input: summarize(m.payload as Melding) };
  const firstId = firstMeldingOf(m.caseId);
  const first = firstId ? ((await prisma.melding.findUnique({ where: { id: firstId } })) as StoredMelding | null) : null;
  try {
    if (!first || first.caseId !== m.caseId) {
      await client.workflow.getHandle(m.caseId).signal(meldingReceivedSignal, signal);
      return true;
    }
    const input: CaseWorkflowInput = { kind: 'new', caseId: m.caseId, melding: summarize(first.payload as Melding), youthId: first.youthId, actor: actorOf(first.submittedBy) };
    await client.workflow.signalWithStart(CASE_WORKFLOW_TYPE, {
      workflowId: m.caseId,
      taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
      args: [input],
      signal: meldingReceivedSignal,
      signalArgs: [signal],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError || err instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw err;
  }
}

/**
 * The reconciler's pass: every melding stored at least `minAgeMs` ago that never reached its case
 * (the API died between storing and starting, or Temporal was down) is delivered now.
 */
export async function reconcileMeldingen(deps: DeliveryDeps, opts: { minAgeMs: number; limit?: number; log?: (attrs: Record<string, unknown>, msg: string) => void }): Promise<{ delivered: number; failed: number }> {
  const stale = await deps.prisma.melding.findMany({
    where: { deliveredAt: null, receivedAt: { lt: new Date(Date.now() - opts.minAgeMs) } },
    orderBy: { receivedAt: 'asc' },
    take: opts.limit ?? 200,
    select: { id: true },
  });
  let delivered = 0;
  let failed = 0;
  for (const { id } of stale) {
    try {
      const caseId = await deliverMelding(deps, id);
      delivered++;
      opts.log?.({ meldingId: id, caseId }, 'reconciler delivered a melding that had no case');
    } catch (err) {
      failed++;
      opts.log?.({ meldingId: id, err: err instanceof Error ? err.message : String(err) }, 'reconciler could not deliver a melding; tries again');
    }
  }
  return { delivered, failed };
}
