import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain/case/actor';
import type {
  CloseSignalInput,
  EarlySignalSummary,
  EscalateSignalInput,
  FormalMeldingInput,
  ReassignSignalInput,
  RecordContactInput,
  RecordFollowUpInput,
} from '../domain/signal/actions';
import type { SignalState } from '../domain/signal/state';
import type { ProcessCarry } from '../domain/process/outbox';
import type { WithActor } from './messages';

/**
 * Every message of the early signal workflow (vroegsignalering), shared by the workflow and the
 * API. As for cases: consultant decisions are updates, facts from outside are signals. Refusals
 * use the case workflow's error types (PHASE_CONFLICT, RULE_VIOLATION, INVALID_INPUT in messages.ts).
 */
export const signalStateQuery = defineQuery<SignalState>('signalState');

/** A formal verzuimmelding for the same youth reached a MAS case: the signal escalates into it. */
export const formalMeldingSignal = defineSignal<[WithActor<FormalMeldingInput>]>('formalMeldingReceived');

export const signalUpdates = {
  recordContact: defineUpdate<SignalState, [WithActor<RecordContactInput>]>('recordContact'),
  recordFollowUp: defineUpdate<SignalState, [WithActor<RecordFollowUpInput>]>('recordFollowUp'),
  closeSignal: defineUpdate<SignalState, [WithActor<CloseSignalInput>]>('closeSignal'),
  escalate: defineUpdate<SignalState, [WithActor<EscalateSignalInput>]>('escalate'),
  reassign: defineUpdate<SignalState, [WithActor<ReassignSignalInput>]>('reassign'),
} as const;

/** The API creates the EarlySignal row (with the personal data) first, then starts the workflow with the summary. */
export type SignalWorkflowInput =
  | { kind: 'new'; summary: EarlySignalSummary; youthId: string; actor: Actor; maxHistoryEvents?: number }
  | { kind: 'continued'; state: SignalState; carry?: ProcessCarry; maxHistoryEvents?: number };

export const SIGNAL_WORKFLOW_TYPE = 'earlySignalWorkflow';
/** The workflow id, which is also the EarlySignal row's id. */
export const signalWorkflowId = (signalId: string) => `signal-${signalId}`;
