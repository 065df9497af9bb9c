import type { z } from 'zod';
import * as A from '../../domain/case/actions';
import type { CaseActionName } from '../../domain/case/transitions';
import { enrolmentSignal, schoolInformationSignal } from '../../workflows/messages';

/** One endpoint per consultant action: POST /api/cases/:caseId/<path>, answered with the new state. */
export const CASE_ACTION_ROUTES: { path: string; update: CaseActionName; schema: z.ZodType; summary: string }[] = [
  { path: 'intake-decision', update: 'decideIntake', schema: A.DecideIntakeInput, summary: 'Decide at intake (a vrijstelling or regime concern): continue or close' },
  { path: 'reassign', update: 'reassign', schema: A.ReassignInput, summary: 'Assign the case to another consultant' },
  { path: 'hoorgesprek/plan', update: 'planHoorgesprek', schema: A.PlanHoorgesprekInput, summary: 'Plan (invite to) the hoorgesprek with the parents and the youth' },
  { path: 'hoorgesprek/outcome', update: 'recordHoorgesprek', schema: A.RecordHoorgesprekInput, summary: 'Record the outcome of the planned hoorgesprek' },
  { path: 'judgement', update: 'recordJudgement', schema: A.RecordJudgementInput, summary: "Record the consultant's judgement on the verzuim" },
  { path: 'routes', update: 'chooseRoutes', schema: A.ChooseRoutesInput, summary: 'Start one or more routes (combinations allowed)' },
  { path: 'route-steps', update: 'recordRouteStep', schema: A.RecordRouteStepInput, summary: 'Record a step of a running route' },
  { path: 'route-outcomes', update: 'recordRouteOutcome', schema: A.RecordRouteOutcomeInput, summary: 'Record the outcome of a running route' },
  { path: 'huisbezoek', update: 'recordHuisbezoek', schema: A.RecordHuisbezoekInput, summary: 'Record a huisbezoek (home visit); adres-onjuist or jongere-niet-traceerbaar starts a follow-up' },
  { path: 'huisbezoek/follow-up', update: 'completeHuisbezoekFollowUp', schema: A.CompleteHuisbezoekFollowUpInput, summary: 'Record the follow-up of a huisbezoek that did not find the youth: address check, partners informed' },
  { path: 'thuiszitter', update: 'markThuiszitter', schema: A.MarkThuiszitterInput, summary: 'Mark the case a thuiszitter case (4+ weeks not at school without a vrijstelling); starts the periodic review' },
  { path: 'thuiszitter/reviews', update: 'recordThuiszitterReview', schema: A.RecordThuiszitterReviewInput, summary: 'Record the periodic thuiszitter review with parents, youth and partners, and the plan goals with dates' },
  { path: 'thuiszitter/goals', update: 'recordGoalProgress', schema: A.RecordGoalProgressInput, summary: 'Record whether a plan goal was reached, not reached, or adjusted to a new date' },
  { path: 'thuiszitter/end', update: 'endThuiszitter', schema: A.EndThuiszitterInput, summary: 'End the thuiszitter period (back at school, partly or elsewhere)' },
  { path: 'close', update: 'closeCase', schema: A.CloseCaseInput, summary: 'Close the case with a reason reported back to DUO' },
];

/** Facts recorded on a case that need no answer: delivered as signals, answered 202. */
export const CASE_FACT_ROUTES = [
  { path: 'school-information', signal: schoolInformationSignal, schema: A.SchoolInformationInput, summary: "Record the school's verzuim information (e.g. received by phone)" },
  { path: 'enrolment', signal: enrolmentSignal, schema: A.EnrolmentInput, summary: 'Record that the youth enrolled at a school' },
] as const;
