import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Actor } from '../../domain/case/actor';
import type { EarlySignalSummary } from '../../domain/signal/actions';
import type { SignalState } from '../../domain/signal/state';
import type { Db } from '../../prisma/client';
import type { earlySignalWorkflow } from '../../workflows/early-signal.workflow';
import { formalMeldingSignal, SIGNAL_WORKFLOW_TYPE, signalStateQuery, signalUpdates, signalWorkflowId } from '../../workflows/signal-messages';
import { consultant, pollQuery, queryState, school } from './case-driver';
import { today, uniqueId } from './fixtures';

type ActionName = keyof typeof signalUpdates;

/** An early signal as a school reports it (the summary the workflow gets). */
export function aSignalSummary(overrides: Partial<EarlySignalSummary> = {}): EarlySignalSummary {
  return {
    signalId: uniqueId('s'),
    concern: 'verzuim-onder-16-uur',
    gemeente: 'GM0505',
    schoolBrin: '12AB',
    reportedAt: today(),
    reporterRole: 'school',
    ...overrides,
  };
}

/** Drives one early signal workflow through its messages, as the API does. */
export class SignalDriver {
  constructor(readonly handle: WorkflowHandle<typeof earlySignalWorkflow>) {}

  /** Creates the EarlySignal row first (the API does, with the personal data), starts the workflow and waits until it answers. */
  static async start(client: Client, prisma: Db, taskQueue: string, summary: EarlySignalSummary, youthId: string): Promise<SignalDriver> {
    const driver = await SignalDriver.begin(client, prisma, taskQueue, summary, youthId);
    await driver.waitFor((s) => s !== null);
    return driver;
  }

  /** As start(), without waiting for the workflow's first task. */
  static async begin(client: Client, prisma: Db, taskQueue: string, summary: EarlySignalSummary, youthId: string): Promise<SignalDriver> {
    const signalId = signalWorkflowId(summary.signalId);
    await prisma.earlySignal.create({
      data: {
        id: signalId,
        youthId,
        gemeente: summary.gemeente,
        schoolBrin: summary.schoolBrin ?? null,
        concern: summary.concern,
        reporterRole: summary.reporterRole,
        reporterId: school.id,
        payload: { ...summary, description: 'Vaak afwezig op maandag, ouders moeilijk bereikbaar' },
      },
    });
    const handle = await client.workflow.start<typeof earlySignalWorkflow>(SIGNAL_WORKFLOW_TYPE, {
      workflowId: signalId,
      taskQueue,
      args: [{ kind: 'new', summary, youthId, actor: school }],
    });
    return new SignalDriver(handle);
  }

  get signalId(): string {
    return this.handle.workflowId;
  }

  /** The state; null while the signal is still being opened. */
  state(): Promise<SignalState | null> {
    return queryState(this.handle, signalStateQuery);
  }

  /** Waits until the workflow completed (not handle.result(): on the time-skipping server that lets time run on). */
  async completed(): Promise<SignalState> {
    const deadline = Date.now() + 20_000;
    while ((await this.handle.describe()).status.name !== 'COMPLETED') {
      if (Date.now() > deadline) throw new Error(`signal ${this.signalId} did not complete`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return (await this.state())!;
  }

  /** Polls the query until the predicate holds (the workflow reacts to signals asynchronously). */
  async waitFor(pred: (s: SignalState) => boolean, timeoutMs = 20_000): Promise<SignalState> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = await pollQuery(this.handle, signalStateQuery);
      if (s && pred(s)) return s;
      if (Date.now() > deadline) throw new Error(`signal ${this.signalId} did not reach the expected state; last: ${JSON.stringify(s && { status: s.status, step: s.step })}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** A consultant action; the input is checked by the workflow's validator, as from the API. */
  do(name: ActionName, input: Record<string, unknown>, actor: Actor = consultant): Promise<SignalState> {
    return this.handle.executeUpdate(signalUpdates[name] as never, { args: [{ actor, input }] as never });
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

  /** A formal melding for the same youth reached a case (the API signals it). */
  formalMelding(caseId: string, meldingId: string, actor: Actor = school) {
    return this.handle.signal(formalMeldingSignal, { actor, input: { caseId, meldingId } });
  }
}
