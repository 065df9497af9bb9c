/**
 * `npm run check:projection [-- --gemeente GM0505]`: compares the PostgreSQL projection with
 * Temporal's own visibility: the number of cases per status and per phase (and in total), from
 * the Case table and from the CaseStatus and CasePhase search attributes. Prints both and the
 * differences; exits 1 when they differ, 2 when it cannot run. A case whose first projection is
 * still under way shows up as a difference for a moment: run it again to tell lag from loss.
 * Needs DATABASE_URL and TEMPORAL_ADDRESS (TEMPORAL_NAMESPACE) like the api.
 */
import type { Client } from '@temporalio/client';
import { compareCounts, differences, formatCheck, type CheckRow, type CountsByKey } from '../domain/audit/projection-check';
import { CasePhase, DuoStatus } from '../domain/duo-status';
import { GemeenteCode } from '../domain/melding';
import { loadConfig } from '../platform/config';
import { connectClient } from '../platform/temporal';
import { createPrisma, type Db } from '../prisma/client';
import { CASE_WORKFLOW_TYPE } from '../workflows/messages';
import { runProgram } from '../platform/program';

export type CheckOptions = { gemeente?: string };

/** Only the current run of each case: a continued-as-new run keeps its search attributes too. */
function baseQuery(opts: CheckOptions): string {
  return [`WorkflowType = "${CASE_WORKFLOW_TYPE}"`, 'ExecutionStatus != "ContinuedAsNew"', ...(opts.gemeente ? [`Gemeente = "${opts.gemeente}"`] : [])].join(' AND ');
}

async function projectionCounts(prisma: Db, by: 'duoStatus' | 'phase', opts: CheckOptions): Promise<CountsByKey> {
  const groups = await prisma.case.groupBy({ by: [by], where: opts.gemeente ? { gemeente: opts.gemeente } : {}, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g[by], g._count._all]));
}

async function temporalCounts(client: Client, attribute: 'CaseStatus' | 'CasePhase', values: readonly string[], opts: CheckOptions): Promise<CountsByKey> {
  const counts = await Promise.all(values.map(async (v) => [v, (await client.workflow.count(`${baseQuery(opts)} AND ${attribute} = "${v}"`)).count] as const));
  return Object.fromEntries(counts.filter(([, n]) => n > 0));
}

export async function checkProjection(prisma: Db, client: Client, opts: CheckOptions = {}): Promise<{ rows: CheckRow[]; differences: CheckRow[] }> {
  const [pgStatus, pgPhase, tStatus, tPhase, pgTotal, tTotal] = await Promise.all([
    projectionCounts(prisma, 'duoStatus', opts),
    projectionCounts(prisma, 'phase', opts),
    temporalCounts(client, 'CaseStatus', DuoStatus.options, opts),
    temporalCounts(client, 'CasePhase', CasePhase.options, opts),
    prisma.case.count({ where: opts.gemeente ? { gemeente: opts.gemeente } : {} }),
    client.workflow.count(baseQuery(opts)).then((c) => c.count),
  ]);
  const rows = [
    ...compareCounts('total', { cases: pgTotal }, { cases: tTotal }),
    ...compareCounts('status', pgStatus, tStatus),
    ...compareCounts('phase', pgPhase, tPhase),
  ];
  return { rows, differences: differences(rows) };
}

function parseArgs(argv: string[]): CheckOptions {
  const opts: CheckOptions = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--gemeente' && GemeenteCode.safeParse(argv[i + 1]).success) opts.gemeente = argv[++i];
    else throw new Error(`unknown or malformed argument '${argv[i]}' (usage: check:projection [--gemeente GM0505])`);
  }
  return opts;
}

/** The name its failures go by; the app-bundle launcher runs `main` (platform/program.ts). */
export const PROGRAM = 'check:projection';

export async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const prisma = createPrisma(config.DATABASE_URL);
  const client = await connectClient(config);
  try {
    const { rows, differences: diff } = await checkProjection(prisma, client, opts);
    process.stdout.write(`projection (PostgreSQL) against Temporal visibility${opts.gemeente ? ` for ${opts.gemeente}` : ''}:\n${formatCheck(rows)}\n`);
    process.stdout.write(diff.length ? `${diff.length} difference(s)\n` : 'no differences\n');
    return diff.length ? 1 : 0;
  } finally {
    await client.connection.close();
    await prisma.$disconnect();
  }
}

if (require.main === module) runProgram({ main, PROGRAM });
