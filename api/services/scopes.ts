import type { Scope } from '../../domain/access-policy';
import type { Db } from '../../prisma/client';
import { notFound } from '../errors';

/** Where the data of a request lives, for domain/access-policy.ts: read from PostgreSQL, decided there. */

/** The gemeente (and youth) a case belongs to: from the projection, or its meldingen before that. */
export async function caseScope(prisma: Db, caseId: string): Promise<Scope & { gemeente: string; youthId: string; schoolBrin?: string }> {
  const row = await prisma.case.findUnique({ where: { id: caseId }, select: { gemeente: true, schoolBrin: true, youthId: true } });
  if (row) return { gemeente: row.gemeente, schoolBrin: row.schoolBrin ?? undefined, youthId: row.youthId };
  const melding = await prisma.melding.findFirst({ where: { caseId }, orderBy: { receivedAt: 'asc' } });
  if (!melding) throw notFound('case');
  return { gemeente: melding.gemeente, schoolBrin: melding.schoolBrin ?? undefined, youthId: melding.youthId };
}

/** The gemeente (and youth) of an early signal, from its row (written before its workflow starts). */
export async function signalScope(prisma: Db, signalId: string): Promise<Scope & { gemeente: string; youthId: string }> {
  const row = await prisma.earlySignal.findUnique({ where: { id: signalId }, select: { gemeente: true, schoolBrin: true, youthId: true } });
  if (!row) throw notFound('signal');
  return { gemeente: row.gemeente, schoolBrin: row.schoolBrin ?? undefined, youthId: row.youthId };
}

/**
 * The gemeenten where a youth is known: its cases and meldingen, and (unless `casesOnly`) its early
 * signals and the vrijstellingen recorded for it. Reading the youth needs one of them; changing
 * the register needs a case (casesOnly).
 */
export async function youthGemeenten(prisma: Db, youthId: string, opts: { casesOnly?: boolean } = {}): Promise<string[]> {
  const [cases, meldingen, signals, vrijstellingen] = await Promise.all([
    prisma.case.findMany({ where: { youthId }, select: { gemeente: true }, distinct: ['gemeente'] }),
    prisma.melding.findMany({ where: { youthId }, select: { gemeente: true }, distinct: ['gemeente'] }),
    opts.casesOnly ? [] : prisma.earlySignal.findMany({ where: { youthId }, select: { gemeente: true }, distinct: ['gemeente'] }),
    opts.casesOnly ? [] : prisma.vrijstelling.findMany({ where: { youthId, gemeente: { not: null } }, select: { gemeente: true }, distinct: ['gemeente'] }),
  ]);
  return [...new Set([...cases, ...meldingen, ...signals, ...vrijstellingen].map((r) => r.gemeente!))];
}

/** The scope of the workflow a payload is bound to: a case, an early signal, or none (another workflow, e.g. retention). */
export async function workflowScope(prisma: Db, workflowId: string): Promise<Scope | null> {
  if (workflowId.startsWith('case-')) return caseScope(prisma, workflowId);
  if (workflowId.startsWith('signal-')) return signalScope(prisma, workflowId);
  return null;
}
