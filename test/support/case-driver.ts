import fs from 'node:fs';
import path from 'node:path';
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, type QueryDefinition } from '@temporalio/common';
import { historyToJson } from '../../platform/history-json';
import type { Actor } from '../../domain/case/actor';
import type { MeldingSummary } from '../../domain/case/actions';
import type { CaseState } from '../../domain/case/state';
import type { caseWorkflow } from '../../workflows/case.workflow';
import { caseStateQuery, caseUpdates, caseWorkflowId, meldingReceivedSignal, schoolInformationSignal, enrolmentSignal } from '../../workflows/messages';
import { root } from './stack-env';

export const consultant: Actor = { id: 'lpa-anna', role: 'consultant' };
export const school: Actor = { id: 'school-12AB', role: 'school' };

type ActionName = keyof typeof caseUpdates;

/**
 * One query of a polling loop, with a deadline: a query sent while the time-skipping test server
 * continues a run as new can go unanswered, and without a deadline the loop waited forever.
 * A failed or late query counts as "not yet" (the loop asks again), but for a nondeterminism,
 * which fails at once and keeps the history (keepHistory).
 */
export function pollQuery<T>(handle: WorkflowHandle, query: QueryDefinition<T>, deadlineMs = 3_000): Promise<T | null> {
  return handle.client.connection.withDeadline(Date.now() + deadlineMs, () => handle.query(query)).catch((err: unknown) => (isNondeterminism(err) ? keepHistory(handle, err) : null));
}

/** One query; a nondeterminism fails with the kept history (keepHistory), as in pollQuery. */
export function queryState<T>(handle: WorkflowHandle, query: QueryDefinition<T>): Promise<T> {
  return handle.query(query).catch((err: unknown) => (isNondeterminism(err) ? keepHistory(handle, err) : Promise.reject(err)));
}

/** A workflow whose code does not replay its own history (TMPRL1100, seen on a query that replays it). */
const isNondeterminism = (err: unknown): boolean => err instanceof Error && err.message.includes('TMPRL1100');

/**
 * Fails with the nondeterminism, and keeps the workflow's history where it says (a replay of
 * the moment is the way to find the cause): `npm run audit:replay -- --histories <file>`.
 */
async function keepHistory(handle: WorkflowHandle, err: unknown): Promise<never> {
  const dir = path.join(root, '.data', 'nondeterminism');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${handle.workflowId}.json`);
  fs.writeFileSync(file, JSON.stringify(historyToJson(await handle.fetchHistory())));
  throw new Error(`${(err as Error).message}\nthe history is kept in ${file}; replay it with npm run audit:replay -- --histories ${file}`, { cause: err });
}

/** Drives one case workflow through its messages, as the API does. */
export class CaseDriver {
  constructor(readonly handle: WorkflowHandle<typeof caseWorkflow>) {}

  /**
   * maxHistoryEvents: continue as new sooner than the workflow's own limit (a test of the
   * continuation); workflowTaskTimeout: a shorter task timeout, so that sdk-core completes a task
   * whose local activity runs long (at 80% of it) and the next message comes in a task of its own.
   */
  static async start(
    client: Client,
    taskQueue: string,
    melding: MeldingSummary,
    youthId: string,
    { workflowTaskTimeout, ...options }: { maxHistoryEvents?: number; workflowTaskTimeout?: string; lanes?: boolean } = {},
  ): Promise<CaseDriver> {
    const caseId = caseWorkflowId(melding.meldingId);
    const handle = await client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      workflowId: caseId,
      taskQueue,
      args: [{ kind: 'new', caseId, melding, youthId, actor: school, ...options }],
      ...(workflowTaskTimeout && { workflowTaskTimeout }),
    });
    const driver = new CaseDriver(handle);
    await driver.waitFor((s) => s !== null);
    return driver;
  }

  get caseId(): string {
    return this.handle.workflowId;
  }

  state(): Promise<CaseState> {
    return queryState(this.handle, caseStateQuery);
  }

  /**
   * The state of a case whose workflow completed. (Not handle.result(): on the time-skipping server
   * waiting for a result lets time run on to the next timer anywhere, years ahead.)
   */
  async finalState(): Promise<CaseState> {
    const deadline = Date.now() + 20_000;
    while ((await this.handle.describe()).status.name !== 'COMPLETED') {
      if (Date.now() > deadline) throw new Error(`case ${this.caseId} did not complete`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return this.state();
  }

  /** Polls the query until the predicate holds (the workflow reacts to signals asynchronously). */
  async waitFor(pred: (s: CaseState) => boolean, timeoutMs = 20_000): Promise<CaseState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await pollQuery(this.handle, caseStateQuery);
      if (s && pred(s)) return s;
      if (Date.now() > deadline) throw new Error(`case ${this.caseId} did not reach the expected state; last: ${JSON.stringify(s && { phase: s.phase, step: s.step })}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** A consultant action; the input is checked by the workflow's validator, as from the API. */
  do(name: ActionName, input: Record<string, unknown>, actor: Actor = consultant): Promise<CaseState> {
    return this.handle.executeUpdate(caseUpdates[name] as never, { args: [{ actor, input }] as never });
  }

  /** The refusal of an update: its failure type (PhaseConflict, RuleViolation, InvalidInput), message and details. */
  async refusal(name: ActionName, input: Record<string, unknown>, actor: Actor = consultant): Promise<{ type: string; message: string; details: any }> {
    const err = await this.do(name, input, actor).then(
      () => null,
      (e: unknown) => e,
    );
    if (!(err instanceof WorkflowUpdateFailedError) || !(err.cause instanceof ApplicationFailure))
      throw new Error(`expected ${name} to be refused, got ${err === null ? 'success' : String(err)}`);
    return { type: err.cause.type ?? '', message: err.cause.message, details: err.cause.details?.[0] };
  }

  schoolAnswers(input: Record<string, unknown> = {}) {
    return this.handle.signal(schoolInformationSignal, {
      actor: school,
      input: { contactPerson: 'J. Jansen', schoolActions: 'gesprekken gevoerd', careSignals: '', absencePerWeek: [], ...input } as never,
    });
  }

  newMelding(melding: MeldingSummary) {
    return this.handle.signal(meldingReceivedSignal, { actor: school, input: melding });
  }

  enrolled(brin: string, enrolledOn: string) {
    return this.handle.signal(enrolmentSignal, { actor: consultant, input: { brin, enrolledOn } });
  }
}
