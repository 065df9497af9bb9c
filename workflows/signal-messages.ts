import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { Actor } from '../domain/case/actor';
import { EARLY_SIGNAL_SIGNALS, SIGNAL_ACTIONS, type SignalActionInput, type SignalActionName } from '../domain/actions/early-signal';
import type { EarlySignalSummary, FormalMeldingInput } from '../domain/signal/actions';
import type { SignalState } from '../domain/signal/state';
import type { ProcessCarry } from '../domain/process/outbox';
import type { WithActor } from './messages';

/**
 * Every message of the early signal workflow (vroegsignalering), derived from the action registry
 * and shared by the workflow and the API. As for cases: consultant decisions are updates, facts
 * from outside are signals. Refusals use the case workflow's error types (messages.ts).
 */

/** The signal's state; null while it is still being opened (its intake's activity runs). */
export const signalStateQuery = defineQuery<SignalState | null>('signalState');

/** A formal verzuimmelding for the same youth reached a MAS case: the signal escalates into it. */
export const formalMeldingSignal: SignalDefinition<[WithActor<FormalMeldingInput>], 'formalMeldingReceived'> = defineSignal(
  'formalMeldingReceived' satisfies keyof typeof EARLY_SIGNAL_SIGNALS,
);

type SignalUpdates = { [N in SignalActionName]: UpdateDefinition<SignalState, [WithActor<SignalActionInput<N>>], N> };
export const signalUpdates = Object.fromEntries(Object.keys(SIGNAL_ACTIONS).map((name) => [name, defineUpdate(name)])) as SignalUpdates;

/** The API creates the EarlySignal row (with the personal data) first, then starts the workflow with the summary. */
export type SignalWorkflowInput =
  | { kind: 'new'; summary: EarlySignalSummary; youthId: string; actor: Actor; maxHistoryEvents?: number }
  | { kind: 'continued'; state: SignalState; carry?: ProcessCarry; maxHistoryEvents?: number };

export const SIGNAL_WORKFLOW_TYPE = 'earlySignalWorkflow';
/** The workflow id, which is also the EarlySignal row's id. */
export const signalWorkflowId = (signalId: string) => `signal-${signalId}`;
