/**
 * `npm run audit:replay`: the determinism audit. Replays recorded case histories against the
 * current workflow code and names every case that would not replay, so a deployment that would
 * break running cases is caught before it ships. Exit 0 when all replay, 1 when any fails, 2 when
 * it cannot run.
 *
 *   npm run audit:replay                                  every case on the Temporal server
 *   npm run audit:replay -- --sample 200                  a random sample of 200 cases
 *   npm run audit:replay -- --running                     only running cases
 *   npm run audit:replay -- --case case-M-1 --case case-M-2
 *   npm run audit:replay -- --query 'Gemeente = "GM0505"' any visibility query, ANDed
 *   npm run audit:replay -- --histories test/fixtures/histories   recorded JSON files, no server
 *   npm run audit:replay -- --workflows-path other/index.ts       replay against other workflow code
 *
 * Without --workflows-path the current code is the prebuilt bundle, dist/workflow-bundle.js; other
 * code is bundled into .data/cache/workflow-bundles/ and reused while its sources are unchanged.
 *
 * History files are Temporal's JSON (`temporal workflow show --output json`, platform/history-json), or
 * the export of GET /api/cases/:id/history?format=json (all runs of a case).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client, HistoryAndWorkflowId } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { DefaultLogger, makeTelemetryFilterString, Runtime, Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { loadConfig } from '../platform/config';
import { historyFromJson } from '../platform/history-json';
import { dataConverter } from '../platform/payload-codec';
import { connectClient } from '../platform/temporal';
import { CASE_WORKFLOW_TYPE } from '../workflows/messages';
import { otherCodePaths, workflowBundle } from '../worker/workflow-bundle';
import { runProgram } from '../platform/program';

export type ReplayFailure = { workflowId: string; runId: string; error: string };
export type ReplayOutcome = { replayed: number; failures: ReplayFailure[] };

/** The workflow code to replay against: a source path (bundled here) or a prebuilt bundle. */
export type WorkflowCode = { workflowsPath: string } | { workflowBundle: { codePath: string } | { code: string } };

/**
 * Replays every history; a history that does not replay is a failure with the case named, never a
 * crash of the audit. Replay decodes payloads as the worker does, so it takes the worker's data
 * converter (the payload encryption of platform/payload-codec.ts).
 */
export async function replayAll(
  histories: AsyncIterable<HistoryAndWorkflowId> | Iterable<HistoryAndWorkflowId>,
  code: WorkflowCode,
  converter?: DataConverter,
): Promise<ReplayOutcome> {
  const options: ReplayWorkerOptions = { ...code, replayName: 'verzuimregie-audit-replay', ...(converter && { dataConverter: converter }) };
  const failures: ReplayFailure[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories(options, histories)) {
    replayed += 1;
    if (result.error) failures.push({ workflowId: result.workflowId, runId: result.runId, error: `${result.error.name}: ${result.error.message}` });
  }
  return { replayed, failures };
}

export type ServerSelection = { sample?: number; running?: boolean; cases?: string[]; query?: string };

const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

export function visibilityQuery(sel: ServerSelection): string {
  const parts = [`WorkflowType = ${quote(CASE_WORKFLOW_TYPE)}`, 'ExecutionStatus != "ContinuedAsNew"'];
  if (sel.running) parts.push('ExecutionStatus = "Running"');
  if (sel.cases?.length) parts.push(`(${sel.cases.map((c) => `WorkflowId = ${quote(c)}`).join(' OR ')})`);
  if (sel.query) parts.push(`(${sel.query})`);
  return parts.join(' AND ');
}

/** The current run of every selected case, or of a random sample of them, with its history. */
export async function* serverHistories(client: Client, sel: ServerSelection): AsyncIterable<HistoryAndWorkflowId> {
  const listing = client.workflow.list({ query: visibilityQuery(sel) });
  if (!sel.sample) {
    yield* listing.intoHistories({ concurrency: 5, bufferLimit: 20 });
    return;
  }
  const all: { workflowId: string; runId: string }[] = [];
  for await (const w of listing) all.push({ workflowId: w.workflowId, runId: w.runId });
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  for (const w of all.slice(0, sel.sample)) {
    yield { workflowId: w.workflowId, history: await client.workflow.getHandle(w.workflowId, w.runId).fetchHistory() };
  }
}

/** Histories from JSON files (or every .json in a folder), named by the export or the file name. */
export function fileHistories(paths: string[]): HistoryAndWorkflowId[] {
  const files = paths.flatMap((p) =>
    fs.statSync(p).isDirectory()
      ? fs.readdirSync(p).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(p, f))
      : [p],
  );
  return files.flatMap((file) => {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { caseId?: string; runs?: { runId: string; history: unknown }[]; events?: unknown[] };
    if (parsed.runs && parsed.caseId) return parsed.runs.map((run) => ({ workflowId: parsed.caseId!, history: historyFromJson(run.history) }));
    if (!parsed.events) throw new Error(`${file}: neither a Temporal history (events) nor a case history export (caseId, runs)`);
    return [{ workflowId: path.basename(file, '.json').replace(/--run-\d+$/, ''), history: historyFromJson(parsed) }];
  });
}

type Args = ServerSelection & { histories: string[]; workflowsPath?: string; verbose: boolean };

export function parseArgs(argv: string[]): Args {
  const args: Args = { histories: [], verbose: false, cases: [] };
  const value = (i: number) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${argv[i]} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--sample') {
      args.sample = Number(value(i++));
      if (!Number.isInteger(args.sample) || args.sample < 1) throw new Error('--sample needs a whole number of cases, 1 or more');
    } else if (a === '--running') args.running = true;
    else if (a === '--case') args.cases!.push(value(i++));
    else if (a === '--query') args.query = value(i++);
    else if (a === '--histories') args.histories.push(value(i++));
    else if (a === '--workflows-path') args.workflowsPath = path.resolve(value(i++));
    else if (a === '--verbose') args.verbose = true;
    else throw new Error(`unknown argument '${a}'`);
  }
  return args;
}

export function formatOutcome(outcome: ReplayOutcome): string {
  // The SDK wraps core's reason ('[TMPRL1100] Nondeterminism error: Activity type ... does not match ...') in prose: show the reason.
  const reason = (error: string) => `${error.split(':')[0]}: ${error.match(/\[TMPRL\d+\][^"\\]*/)?.[0] ?? error.split('\n')[0]!.slice(error.indexOf(':') + 2, 400)}`;
  const lines = outcome.failures.map((f) => `FAIL ${f.workflowId} (run ${f.runId}): ${reason(f.error)}`);
  const cases = [...new Set(outcome.failures.map((f) => f.workflowId))];
  lines.push(
    cases.length
      ? `${cases.length} of ${outcome.replayed} case histories would not replay: ${cases.join(', ')}`
      : `all ${outcome.replayed} ${outcome.replayed === 1 ? 'case history replays' : 'case histories replay'} on the current workflow code`,
  );
  return `${lines.join('\n')}\n`;
}

/** The name its failures go by; the app-bundle launcher runs `main` (platform/program.ts). */
export const PROGRAM = 'audit:replay';

export async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  // The replay worker's own log lines would bury the result; --verbose shows them.
  Runtime.install({
    logger: args.verbose ? new DefaultLogger('WARN') : new DefaultLogger('ERROR', () => undefined),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: args.verbose ? 'WARN' : 'ERROR' }), forward: {} } },
  });
  // The audit needs no database: the configuration is read for Temporal and the payload keys only.
  const config = loadConfig({ ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://not-used' });
  // The current code is the worker's prebuilt bundle (rebuilt when stale, refused in production);
  // other code is bundled into the cache, once for as long as its sources are unchanged.
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const code: WorkflowCode = {
    workflowBundle: args.workflowsPath
      ? await workflowBundle({ rebuild: true, log, at: otherCodePaths(args.workflowsPath) })
      : await workflowBundle({ rebuild: config.NODE_ENV !== 'production', log }),
  };
  const converter = dataConverter(config);
  if (args.histories.length) {
    const outcome = await replayAll(fileHistories(args.histories), code, converter);
    process.stdout.write(formatOutcome(outcome));
    return outcome.failures.length ? 1 : 0;
  }
  const client = await connectClient(config);
  try {
    const outcome = await replayAll(serverHistories(client, args), code, converter);
    process.stdout.write(formatOutcome(outcome));
    return outcome.failures.length ? 1 : 0;
  } finally {
    await client.connection.close();
  }
}

if (require.main === module) runProgram({ main, PROGRAM });
