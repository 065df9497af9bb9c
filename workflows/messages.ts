import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor } from '../domain/case/actor';
import type {
  ChooseRoutesInput,
  CloseCaseInput,
  CompleteHuisbezoekFollowUpInput,
  EndThuiszitterInput,
  MarkThuiszitterInput,
  RecordGoalProgressInput,
  RecordThuiszitterReviewInput,
  DecideIntakeInput,
  EnrolmentInput,
  MeldingSummary,
  PlanHoorgesprekInput,
  ReassignInput,
  RecordHoorgesprekInput,
  RecordHuisbezoekInput,
  RecordJudgementInput,
  RecordRouteOutcomeInput,
  RecordRouteStepInput,
  SchoolInformationInput,
} from '../domain/case/actions';
import type { CaseState } from '../domain/case/state';
import type { ProcessCarry } from '../domain/process/outbox';

/**
 * Every message of the case workflow, defined once and shared by the workflow and the API.
 * Consultant decisions are updates (validated, answered with the new state, refused before they
 * enter history); facts from outside are signals.
 */
export type WithActor<T> = { actor: Actor; input: T };

export const caseStateQuery = defineQuery<CaseState>('caseState');

export const meldingReceivedSignal = defineSignal<[WithActor<MeldingSummary>]>('meldingReceived');
export const schoolInformationSignal = defineSignal<[WithActor<SchoolInformationInput>]>('schoolInformationReceived');
export const enrolmentSignal = defineSignal<[WithActor<EnrolmentInput>]>('enrolmentRegistered');

export const caseUpdates = {
  decideIntake: defineUpdate<CaseState, [WithActor<DecideIntakeInput>]>('decideIntake'),
  reassign: defineUpdate<CaseState, [WithActor<ReassignInput>]>('reassign'),
  planHoorgesprek: defineUpdate<CaseState, [WithActor<PlanHoorgesprekInput>]>('planHoorgesprek'),
  recordHoorgesprek: defineUpdate<CaseState, [WithActor<RecordHoorgesprekInput>]>('recordHoorgesprek'),
  recordJudgement: defineUpdate<CaseState, [WithActor<RecordJudgementInput>]>('recordJudgement'),
  chooseRoutes: defineUpdate<CaseState, [WithActor<ChooseRoutesInput>]>('chooseRoutes'),
  recordRouteStep: defineUpdate<CaseState, [WithActor<RecordRouteStepInput>]>('recordRouteStep'),
  recordRouteOutcome: defineUpdate<CaseState, [WithActor<RecordRouteOutcomeInput>]>('recordRouteOutcome'),
  closeCase: defineUpdate<CaseState, [WithActor<CloseCaseInput>]>('closeCase'),
  recordHuisbezoek: defineUpdate<CaseState, [WithActor<RecordHuisbezoekInput>]>('recordHuisbezoek'),
  completeHuisbezoekFollowUp: defineUpdate<CaseState, [WithActor<CompleteHuisbezoekFollowUpInput>]>('completeHuisbezoekFollowUp'),
  markThuiszitter: defineUpdate<CaseState, [WithActor<MarkThuiszitterInput>]>('markThuiszitter'),
  recordThuiszitterReview: defineUpdate<CaseState, [WithActor<RecordThuiszitterReviewInput>]>('recordThuiszitterReview'),
  recordGoalProgress: defineUpdate<CaseState, [WithActor<RecordGoalProgressInput>]>('recordGoalProgress'),
  endThuiszitter: defineUpdate<CaseState, [WithActor<EndThuiszitterInput>]>('endThuiszitter'),
} as const;

/** Error types the update validators throw; the API maps them to 409 and 422. */
export const PHASE_CONFLICT = 'PhaseConflict';
export const RULE_VIOLATION = 'RuleViolation';
export const INVALID_INPUT = 'InvalidInput';

/**
 * A new case, or one continued as new with what its previous run handed over (the outbox, the
 * projected version, the rule flags it started under; absent when older code continued it).
 * maxHistoryEvents: when to continue as new (tests set it low; default process-runner.ts).
 */
export type CaseWorkflowInput =
  | { kind: 'new'; caseId: string; melding: MeldingSummary; youthId: string; actor: Actor; maxHistoryEvents?: number }
  | { kind: 'continued'; state: CaseState; carry?: ProcessCarry; maxHistoryEvents?: number };

export const CASE_WORKFLOW_TYPE = 'caseWorkflow';
export const caseWorkflowId = (firstMeldingId: string) => `case-${firstMeldingId}`;
