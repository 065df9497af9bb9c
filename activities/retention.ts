import { ApplicationFailure } from '@temporalio/common';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { toIsoDate } from '../domain/dates';
import { Regime } from '../domain/regime';
import { hasPenalData, retentionCandidateCutoffs, retentionTerm, signalRetentionTerm, SIGNAL_RETENTION_YEARS, type RetentionRule } from '../domain/retention';
import type { Db } from '../prisma/client';
import { Prisma } from '../prisma/client';

export type RetentionDeps = { prisma: Db; temporalClient?: Client };

/** A closed case past its term, as the retention workflow destroys it. Nothing personal. */
export type ExpiredCase = {
  caseId: string;
  rule: RetentionRule;
  destroyOn: string;
  regime: string;
  gemeente: string;
  closedOn: string;
};

/** An early signal closed without a case, past its term. Nothing personal. */
export type ExpiredSignal = { signalId: string; rule: RetentionRule; destroyOn: string; gemeente: string; closedOn: string };

export type DestroyedCase = {
  caseId: string;
  workflowRuns: number;
  rows: Record<string, number>;
  youth: 'deleted' | 'kept' | 'absent';
};

/** Tables that are kept when a case is destroyed, although they have a caseId column. */
// The access log outlives the dossier: it answers who saw the data, and holds only ids.
export const KEPT_TABLES = ['RetentionLog', 'AccessLog'];

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const GRPC_NOT_FOUND = 5;
const isNotFound = (err: unknown) => err instanceof WorkflowNotFoundError || (err as { code?: unknown })?.code === GRPC_NOT_FOUND;

/**
 * Every table (and its column) that refers to a case by `caseId`: read from the database's catalog,
 * so tables added later are covered without a change here.
 */
export async function caseTables(prisma: Db | Prisma.TransactionClient): Promise<{ table: string; column: string }[]> {
  const rows = await prisma.$queryRaw<{ table: string; column: string }[]>`
    SELECT c.table_name::text AS "table", c.column_name::text AS "column"
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.column_name IN ('caseId', 'case_id')
    ORDER BY c.table_name`;
  return rows.filter((r) => !KEPT_TABLES.includes(r.table));
}

/** Columns with a foreign key to the youth register: while any row refers to the youth, it stays. */
async function youthReferences(tx: Prisma.TransactionClient): Promise<{ table: string; column: string }[]> {
  return tx.$queryRaw<{ table: string; column: string }[]>`
    SELECT cl.relname::text AS "table", a.attname::text AS "column"
    FROM pg_constraint co
    JOIN pg_class cl ON cl.oid = co.conrelid
    JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = ANY (co.conkey)
    WHERE co.contype = 'f' AND co.confrelid = to_regclass(quote_ident(current_schema()) || '."Youth"')`;
}

/**
 * Deletes each youth register entry no row refers to any more (and the register's change log of
 * it, which has no foreign key so that it never keeps a youth alive).
 */
async function deleteUnusedYouth(tx: Prisma.TransactionClient, youthIds: string[]): Promise<DestroyedCase['youth']> {
  if (!youthIds.length) return 'absent';
  const refs = await youthReferences(tx);
  let youth: DestroyedCase['youth'] = 'deleted';
  for (const id of youthIds) {
    let used = 0;
    for (const r of refs) {
      const [{ n }] = await tx.$queryRawUnsafe<[{ n: number }]>(`SELECT count(*)::int AS n FROM ${ident(r.table)} WHERE ${ident(r.column)} = $1::uuid`, id);
      used += n;
    }
    if (used > 0) youth = 'kept';
    else {
      await tx.youthIdentityChange.deleteMany({ where: { youthId: id } });
      await tx.youth.deleteMany({ where: { id } });
    }
  }
  return youth;
}

/** Deletes every run of a workflow (oldest first, so a retry still finds the rest from the latest). */
async function deleteRuns(client: Client, workflowId: string): Promise<number> {
  const runs = await runsOf(client, workflowId);
  for (const runId of runs) {
    try {
      await client.workflowService.deleteWorkflowExecution({ namespace: client.options.namespace, workflowExecution: { workflowId, runId } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return runs.length;
}

/** Every run of a workflow id, oldest first: back from the latest run through continuedExecutionRunId. */
async function runsOf(client: Client, workflowId: string): Promise<string[]> {
  let runId: string | null;
  try {
    runId = (await client.workflow.getHandle(workflowId).describe()).runId;
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
  const runs: string[] = [];
  while (runId && runs.length < 10_000) {
    runs.push(runId);
    let first: temporal.api.history.v1.IHistoryEvent | undefined;
    try {
      const page: temporal.api.workflowservice.v1.IGetWorkflowExecutionHistoryResponse = await client.workflowService.getWorkflowExecutionHistory({
        namespace: client.options.namespace,
        execution: { workflowId, runId },
        maximumPageSize: 1,
      });
      first = page.history?.events?.[0];
    } catch (err) {
      if (isNotFound(err)) break; // an earlier run is gone already (deleted, or past the namespace's retention)
      throw err;
    }
    runId = first?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || null;
  }
  return runs.reverse();
}

export function createRetentionActivities({ prisma, temporalClient }: RetentionDeps) {
  const needClient = (): Client => {
    if (!temporalClient) throw ApplicationFailure.nonRetryable('the retention activities need a Temporal client (temporalClient in the activity deps)', 'RetentionMisconfigured');
    return temporalClient;
  };
  return {
    /**
     * One page of early signals closed without a case, past their term (issue 18), by id after
     * `afterId`. An escalated signal (status geescaleerd, or with a case id) goes with its case.
     */
    async findExpiredSignals(args: { today: string; afterId: string | null; limit: number }): Promise<{ signals: ExpiredSignal[]; scanned: number; nextAfterId: string | null }> {
      const closedBefore = new Date(`${args.today}T00:00:00Z`);
      closedBefore.setUTCFullYear(closedBefore.getUTCFullYear() - SIGNAL_RETENTION_YEARS);
      closedBefore.setUTCDate(closedBefore.getUTCDate() + 2); // a day wider; the domain decides exactly
      const rows = await prisma.earlySignal.findMany({
        where: { status: 'afgesloten', caseId: null, closedAt: { not: null, lt: closedBefore }, ...(args.afterId && { id: { gt: args.afterId } }) },
        orderBy: { id: 'asc' },
        take: args.limit,
        select: { id: true, gemeente: true, closedAt: true },
      });
      const signals: ExpiredSignal[] = [];
      for (const r of rows) {
        const closedOn = toIsoDate(r.closedAt!);
        const term = signalRetentionTerm(closedOn);
        if (term.destroyOn <= args.today) signals.push({ signalId: r.id, rule: term.rule, destroyOn: term.destroyOn, gemeente: r.gemeente, closedOn });
      }
      return { signals, scanned: rows.length, nextAfterId: rows.length === args.limit ? rows[rows.length - 1]!.id : null };
    },

    /** Deletes every run of the signal's workflow; refuses a signal that is not closed without a case. */
    async destroySignalHistories(args: { signalId: string }): Promise<{ workflowRuns: number }> {
      const client = needClient();
      const row = await prisma.earlySignal.findUnique({ where: { id: args.signalId }, select: { status: true, caseId: true } });
      if (row && (row.status !== 'afgesloten' || row.caseId)) throw ApplicationFailure.nonRetryable(`signal ${args.signalId} is not closed without a case: not destroyed`, 'SignalNotClosed');
      return { workflowRuns: await deleteRuns(client, args.signalId) };
    },

    /**
     * Deletes the signal's personal data in one transaction: its row, every row filed under its id
     * (notifications, ...: the tables with a caseId column), and the youth register entry when
     * nothing else refers to it; then a RetentionLog row (nothing personal). Idempotent.
     */
    async destroySignalData(args: ExpiredSignal & { workflowRuns: number; retentionRun: string }): Promise<DestroyedCase> {
      const tables = await caseTables(prisma);
      return prisma.$transaction(
        async (tx) => {
          const logged = await tx.retentionLog.findUnique({ where: { caseId: args.signalId } });
          const row = await tx.earlySignal.findUnique({ where: { id: args.signalId }, select: { youthId: true } });
          const rows: Record<string, number> = {};
          for (const t of tables) rows[t.table] = await tx.$executeRawUnsafe(`DELETE FROM ${ident(t.table)} WHERE ${ident(t.column)} = $1`, args.signalId);
          rows.EarlySignal = (rows.EarlySignal ?? 0) + (await tx.$executeRaw`DELETE FROM "EarlySignal" WHERE id = ${args.signalId}`);
          const youth = await deleteUnusedYouth(tx, row ? [row.youthId] : []);
          const destroyed: DestroyedCase = { caseId: args.signalId, workflowRuns: args.workflowRuns, rows, youth };
          if (logged) return logged.destroyed as unknown as DestroyedCase;
          await tx.retentionLog.create({
            data: {
              caseId: args.signalId,
              rule: args.rule,
              destroyOn: args.destroyOn,
              regime: null,
              gemeente: args.gemeente,
              closedOn: args.closedOn,
              destroyed: destroyed as unknown as Prisma.InputJsonValue,
              retentionRun: args.retentionRun,
            },
          });
          return destroyed;
        },
        { timeout: 60_000, maxWait: 10_000 },
      );
    },

    /**
     * One page of closed cases past their term (domain/retention.ts), scanning by case id after
     * `afterId`. `nextAfterId` is null when the scan is done.
     */
    async findExpiredCases(args: { today: string; afterId: string | null; limit: number }): Promise<{ cases: ExpiredCase[]; scanned: number; nextAfterId: string | null }> {
      const cut = retentionCandidateCutoffs(args.today);
      const rows = await prisma.$queryRaw<
        { id: string; gemeente: string; closedAt: Date | null; routes: string[]; regime: string | null; hoorgesprekken: number; dateOfBirth: string }[]
      >`
        SELECT c.id, c.gemeente, c."closedAt", c.routes, c.state->>'regime' AS regime,
               CASE WHEN jsonb_typeof(c.state->'hoorgesprek'->'invitations') = 'array'
                    THEN jsonb_array_length(c.state->'hoorgesprek'->'invitations') ELSE 0 END AS hoorgesprekken,
               COALESCE(y."dateOfBirth", c.state->>'dateOfBirth') AS "dateOfBirth"
        FROM "Case" c LEFT JOIN "Youth" y ON y.id = c."youthId"
        WHERE c.phase = 'afgesloten' AND c."closedAt" IS NOT NULL
          AND (c."closedAt" < (${cut.closedOnOrBefore}::date + 1) OR COALESCE(y."dateOfBirth", c.state->>'dateOfBirth') <= ${cut.bornOnOrBefore})
          AND (${args.afterId}::text IS NULL OR c.id > ${args.afterId}::text)
        ORDER BY c.id
        LIMIT ${args.limit}`;
      const cases: ExpiredCase[] = [];
      for (const r of rows) {
        const regime = Regime.safeParse(r.regime);
        if (!regime.success || !r.closedAt || !r.dateOfBirth) continue; // cannot decide: kept
        const closedOn = toIsoDate(r.closedAt);
        const term = retentionTerm({
          dateOfBirth: r.dateOfBirth,
          regime: regime.data,
          closedOn,
          penal: hasPenalData({ routes: r.routes.map((kind) => ({ kind })), hoorgesprek: { invitations: Array.from({ length: Number(r.hoorgesprekken) }) } }),
        });
        if (term && term.destroyOn <= args.today) cases.push({ caseId: r.id, rule: term.rule, destroyOn: term.destroyOn, regime: regime.data, gemeente: r.gemeente, closedOn });
      }
      return { cases, scanned: rows.length, nextAfterId: rows.length === args.limit ? rows[rows.length - 1]!.id : null };
    },

    /**
     * Deletes every run of the case's workflow from Temporal (histories and visibility), oldest
     * first, so a retry after a partial deletion still finds the rest from the latest run.
     */
    async destroyCaseHistories(args: { caseId: string }): Promise<{ workflowRuns: number }> {
      const client = needClient();
      const row = await prisma.case.findUnique({ where: { id: args.caseId }, select: { phase: true } });
      if (row && row.phase !== 'afgesloten') throw ApplicationFailure.nonRetryable(`case ${args.caseId} is not closed: not destroyed`, 'CaseNotClosed');
      return { workflowRuns: await deleteRuns(client, args.caseId) };
    },

    /**
     * Deletes the case's personal data from PostgreSQL in one transaction: the rows of every table
     * with a caseId (meldingen, school requests, notifications, correspondence, e-mails, links,
     * audit and DUO rows, ...), the case projection, and the youth register entry when nothing
     * else refers to the youth; then writes the RetentionLog row. Idempotent: a retry finds the
     * log row and nothing left to delete.
     */
    async destroyCaseData(args: ExpiredCase & { workflowRuns: number; retentionRun: string }): Promise<DestroyedCase> {
      const tables = await caseTables(prisma);
      return prisma.$transaction(
        async (tx) => {
          const logged = await tx.retentionLog.findUnique({ where: { caseId: args.caseId } });
          const caseRow = await tx.case.findUnique({ where: { id: args.caseId }, select: { youthId: true } });
          const meldingen = await tx.melding.findMany({ where: { caseId: args.caseId }, select: { youthId: true } });
          const youthIds = [...new Set([caseRow?.youthId, ...meldingen.map((m) => m.youthId)].filter((id): id is string => !!id))];

          const rows: Record<string, number> = {};
          for (const t of tables) rows[t.table] = await tx.$executeRawUnsafe(`DELETE FROM ${ident(t.table)} WHERE ${ident(t.column)} = $1`, args.caseId);
          rows.Case = await tx.$executeRaw`DELETE FROM "Case" WHERE id = ${args.caseId}`;

          const youth = await deleteUnusedYouth(tx, youthIds);
          const destroyed: DestroyedCase = { caseId: args.caseId, workflowRuns: args.workflowRuns, rows, youth };
          if (logged) return logged.destroyed as unknown as DestroyedCase;
          await tx.retentionLog.create({
            data: {
              caseId: args.caseId,
              rule: args.rule,
              destroyOn: args.destroyOn,
              regime: args.regime,
              gemeente: args.gemeente,
              closedOn: args.closedOn,
              destroyed: destroyed as unknown as Prisma.InputJsonValue,
              retentionRun: args.retentionRun,
            },
          });
          return destroyed;
        },
        { timeout: 60_000, maxWait: 10_000 },
      );
    },
  };
}
