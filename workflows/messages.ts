import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { CASE_ACTIONS, CASE_SIGNALS, type CaseActionInput, type CaseActionName, type CaseSignalName } from '../domain/actions/case';
import type { Actor } from '../domain/case/actor';
import type { MeldingSummary } from '../domain/case/actions';
import type { CaseState } from '../domain/case/state';
import type { ProcessCarry } from '../domain/process/outbox';

/**
 * Every message of the case workflow, derived from the action registry (domain/actions) and shared
 * by the workflow and the API. Consultant decisions are updates (validated, answered with the new
 * state, refused before they enter history); facts from outside are signals. The names are the
 * registry's keys: workflow code, unchanged since the first cases.
 */
export type WithActor<T> = { actor: Actor; input: T };

export const caseStateQuery = defineQuery<CaseState>('caseState');

type CaseSignals = { [N in CaseSignalName]: SignalDefinition<[WithActor<z.output<(typeof CASE_SIGNALS)[N]['input']>>], N> };
export const caseSignals = Object.fromEntries(Object.keys(CASE_SIGNALS).map((name) => [name, defineSignal(name)])) as CaseSignals;

export const meldingReceivedSignal = caseSignals.meldingReceived;
export const schoolInformationSignal = caseSignals.schoolInformationReceived;
export const enrolmentSignal = caseSignals.enrolmentRegistered;

type CaseUpdates = { [N in CaseActionName]: UpdateDefinition<CaseState, [WithActor<CaseActionInput<N>>], N> };
export const caseUpdates = Object.fromEntries(Object.keys(CASE_ACTIONS).map((name) => [name, defineUpdate(name)])) as CaseUpdates;

/** Error types the update validators throw; the API maps them to 409 and 422. */
export const PHASE_CONFLICT = 'PhaseConflict';
export const RULE_VIOLATION = 'RuleViolation';
export const INVALID_INPUT = 'InvalidInput';
/** A step that came while the process still takes its previous one: the client sends it again (platform/step-retry.ts); 409 when it keeps coming. */
export const STEP_IN_PROGRESS = 'StepInProgress';

/**
 * A new case, or one continued as new with what its previous run handed over (the outbox, the
 * projected version, the rule flags it started under; absent when older code continued it).
 * maxHistoryEvents: when to continue as new (tests set it low; default process-runner.ts).
 */
export type CaseWorkflowInput =
  | {
      kind: 'new';
      caseId: string;
      melding: MeldingSummary;
      youthId: string;
      actor: Actor;
      maxHistoryEvents?: number;
      /** Tests only: open on the lanes of the runs from before STEPS_IN_SEQUENCE_PATCH, as a case running when that code came. */
      lanes?: boolean;
    }
  | { kind: 'continued'; state: CaseState; carry?: ProcessCarry; maxHistoryEvents?: number };

export const CASE_WORKFLOW_TYPE = 'caseWorkflow';
export const caseWorkflowId = (firstMeldingId: string) => `case-${firstMeldingId}`;
