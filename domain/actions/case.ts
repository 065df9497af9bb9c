import * as A from '../case/actions';
import { completeHuisbezoekFollowUp, recordHuisbezoek } from '../case/huisbezoek';
import { cancelHoorgesprek, planHoorgesprek, recordHoorgesprek, replanHoorgesprek } from '../case/hoorgesprek';
import type { Effect } from '../case/effects';
import type { CaseState } from '../case/state';
import { endThuiszitter, markThuiszitter, recordGoalProgress, recordThuiszitterReview } from '../case/thuiszitter';
import { chooseRoutes, closeCase, decideIntake, reassign, recordJudgement, recordRouteOutcome, recordRouteStep } from '../case/transitions';
import type { z } from 'zod';
import { answerSchemas } from './answers';
import type { RuleSpec, SignalSpec, UpdateSpec } from './spec';

/**
 * The case's actions, each declared once. The key is the Temporal update name: it is workflow
 * code (running cases and recorded histories use it), so an existing key never changes.
 * Adding an action: one entry here, its transition in domain/case, and its tests.
 */
type CaseUpdate<I extends z.ZodType> = UpdateSpec<CaseState, Effect, I>;
const caseAction = <I extends z.ZodType>(spec: Omit<CaseUpdate<I>, 'answer' | 'http'> & { path: string; answer?: z.ZodType }): CaseUpdate<I> => {
  const { path, answer, ...rest } = spec;
  return {
    ...rest,
    // Read by the API only; a getter, so that the workflows never build the answer schemas.
    get answer() {
      return answer ?? answerSchemas().CaseActionAnswer;
    },
    http: { method: 'POST', path, status: 200 },
  };
};

const law = (code: string, basis: string): RuleSpec => ({ code, severity: 'refuse', basis });
const advice = (code: string, basis: string): RuleSpec => ({ code, severity: 'advise', basis });

const HOORGESPREK_RULES = [
  law('hoorgesprek.past', 'A hoorgesprek is registered within a month of its date'),
  law('hoorgesprek.far', 'A hoorgesprek is planned within a year'),
  law('hoorgesprek.youth-12', 'Leerplichtwet art. 2 lid 3: from 12 the youth is responsible too, and is heard (MAS)'),
  law('hoorgesprek.parents', 'Leerplichtwet art. 2 lid 1: the parents of a minor are responsible and are heard'),
];

const ROUTE_RULES = [
  law('route.none', 'A route is chosen'),
  law('route.duplicate', 'A route is chosen once'),
  law('route.penal-18plus', 'Leerplichtwet: no obligation to enforce from 18'),
  law('route.penal-regime', 'Leerplichtwet art. 22: only leer- and kwalificatieplicht are enforced'),
  law('route.halt-18plus', 'Halt for verzuim is for youth under leer- or kwalificatieplicht'),
  law('route.halt-regime', 'Halt for verzuim is for youth under leer- or kwalificatieplicht'),
  law('route.waarschuwing-18plus', 'An officiële waarschuwing announces enforcement of an obligation'),
  law('route.waarschuwing-regime', 'An officiële waarschuwing announces enforcement of an obligation'),
  law('route.civiel-adult', 'Jeugdbescherming ends at 18'),
  law('halt.age', 'Halt is for youth of 12 up to 18 (Besluit Halt)'),
  law('halt.hours', 'Halt for verzuim has an upper limit of hours (Landelijk Kader Halt)'),
  law('halt.consent', 'Halt needs the consent of the youth'),
  law('halt.parent-consent', 'Halt needs the parents’ consent under 16'),
  law('halt.earlier-referral', 'Halt for verzuim once'),
  law('halt.psychiatric', 'No Halt with untreated serious psychiatric problems'),
  law('luxe.facts', 'A proces-verbaal for luxe verzuim needs the days absent'),
  advice('luxe.first-warning', 'Regional practice: a first luxe verzuim of one day gets a warning first; the law and the OM guidance allow a proces-verbaal'),
  law('absoluut.enrol-term', 'Absoluut verzuim: the proces-verbaal follows the term to enrol'),
  law('pv.against', 'A proces-verbaal names against whom'),
  law('pv.duplicate', 'A party is named once'),
  law('pv.youth-under-12', 'Leerplichtwet art. 22: a proces-verbaal against the youth from 12'),
  law('pv.18plus', 'Leerplichtwet: no obligation to enforce from 18'),
  law('pv.regime', 'Leerplichtwet art. 22: only leer- and kwalificatieplicht are enforced'),
];

export const CASE_ACTIONS = {
  decideIntake: caseAction({
    path: 'intake-decision',
    input: A.DecideIntakeInput,
    permission: 'case:act',
    summary: 'Decide at intake (a vrijstelling or regime concern): continue or close',
    rules: [],
    transition: decideIntake,
  }),
  reassign: caseAction({
    path: 'reassign',
    input: A.ReassignInput,
    permission: 'case:reassign',
    summary: 'Assign the case to another consultant',
    rules: [law('assign.same', 'The case is already assigned to that consultant')],
    transition: reassign,
  }),
  planHoorgesprek: caseAction({
    path: 'hoorgesprek/plan',
    input: A.PlanHoorgesprekInput,
    permission: 'case:act',
    summary: 'Plan (invite to) the hoorgesprek with the parents and the youth; after a no-show or a cancellation, the next invitation',
    rules: HOORGESPREK_RULES,
    transition: planHoorgesprek,
  }),
  replanHoorgesprek: caseAction({
    path: 'hoorgesprek/replan',
    input: A.ReplanHoorgesprekInput,
    permission: 'case:act',
    summary: 'Move the planned hoorgesprek to a new date and place, with the reason; a new invitation goes out',
    rules: [...HOORGESPREK_RULES, law('hoorgesprek.replan-past', 'A hoorgesprek moves to a date ahead')],
    transition: replanHoorgesprek,
  }),
  cancelHoorgesprek: caseAction({
    path: 'hoorgesprek/cancel',
    input: A.CancelHoorgesprekInput,
    permission: 'case:act',
    summary: 'Parents or youth cancel (a new date follows) or refuse (grounds for a proces-verbaal) the hoorgesprek before its date',
    rules: [
      law('hoorgesprek.afzegging.future', 'A cancellation is recorded once it was received'),
      law('hoorgesprek.afzegging.past', 'A cancellation is recorded within a month'),
      law('hoorgesprek.cancel-after', 'After the hour of the hoorgesprek its outcome is recorded instead'),
    ],
    transition: cancelHoorgesprek,
  }),
  recordHoorgesprek: caseAction({
    path: 'hoorgesprek/outcome',
    input: A.RecordHoorgesprekInput,
    permission: 'case:act',
    summary: 'Record the outcome of the planned hoorgesprek (from its day): held, no-show (a second no-show counts as refusal) or refused',
    rules: [law('hoorgesprek.future', 'An outcome is recorded from the day of the hoorgesprek')],
    transition: recordHoorgesprek,
  }),
  recordJudgement: caseAction({
    path: 'judgement',
    input: A.RecordJudgementInput,
    permission: 'case:act',
    summary: "Record the consultant's judgement on the verzuim",
    rules: [],
    transition: recordJudgement,
  }),
  chooseRoutes: caseAction({
    path: 'routes',
    input: A.ChooseRoutesInput,
    permission: 'case:act',
    summary: 'Start one or more routes (combinations allowed); advised rules go ahead with adviceReasoning',
    rules: ROUTE_RULES,
    transition: chooseRoutes,
  }),
  recordRouteStep: caseAction({
    path: 'route-steps',
    input: A.RecordRouteStepInput,
    permission: 'case:act',
    summary: 'Record a step of a running route',
    rules: [],
    transition: recordRouteStep,
  }),
  recordRouteOutcome: caseAction({
    path: 'route-outcomes',
    input: A.RecordRouteOutcomeInput,
    permission: 'case:act',
    summary: 'Record the outcome of a running route',
    rules: [],
    transition: recordRouteOutcome,
  }),
  closeCase: caseAction({
    path: 'close',
    input: A.CloseCaseInput,
    permission: 'case:act',
    summary: 'Close the case with a reason reported back to DUO',
    rules: [law('close.routes-running', 'Routes end with their outcome before the case closes')],
    transition: closeCase,
  }),
  recordHuisbezoek: caseAction({
    path: 'huisbezoek',
    input: A.RecordHuisbezoekInput,
    permission: 'case:act',
    summary: 'Record a huisbezoek (home visit); adres-onjuist or jongere-niet-traceerbaar starts a follow-up',
    rules: [law('huisbezoek.future', 'A visit is recorded once made'), law('huisbezoek.past', 'A visit is recorded within a month')],
    transition: recordHuisbezoek,
  }),
  completeHuisbezoekFollowUp: caseAction({
    path: 'huisbezoek/follow-up',
    input: A.CompleteHuisbezoekFollowUpInput,
    permission: 'case:act',
    summary: 'Record the follow-up of a huisbezoek that did not find the youth: address check, partners informed',
    rules: [],
    transition: completeHuisbezoekFollowUp,
  }),
  markThuiszitter: caseAction({
    path: 'thuiszitter',
    input: A.MarkThuiszitterInput,
    permission: 'case:act',
    summary: 'Mark the case a thuiszitter case (4+ weeks not at school without a vrijstelling); starts the periodic review',
    rules: [
      law('thuiszitter.future', 'A thuiszitter period starts on a day that has come'),
      law('thuiszitter.too-short', 'A thuiszitter is four weeks or more not at school (national definition)'),
      law('thuiszitter.vrijstelling', 'A youth under a vrijstelling is no thuiszitter'),
    ],
    transition: markThuiszitter,
  }),
  recordThuiszitterReview: caseAction({
    path: 'thuiszitter/reviews',
    input: A.RecordThuiszitterReviewInput,
    permission: 'case:act',
    summary: 'Record the periodic thuiszitter review with parents, youth and partners, and the plan goals with dates',
    rules: [
      law('thuiszitter-overleg.future', 'A review is recorded once held'),
      law('thuiszitter-overleg.past', 'A review is recorded within a month'),
      law('thuiszitter-overleg.partners', 'A review has at least one professional partner'),
      law('thuiszitter-overleg.ouders-jongere', 'Parents and youth take part, or the note says why not'),
      law('thuiszitter-doel.date', 'A goal has a date ahead, within a year'),
    ],
    transition: recordThuiszitterReview,
  }),
  recordGoalProgress: caseAction({
    path: 'thuiszitter/goals',
    input: A.RecordGoalProgressInput,
    permission: 'case:act',
    summary: 'Record whether a plan goal was reached, not reached, or adjusted to a new date',
    rules: [law('thuiszitter-doel.unknown', 'The goal is in the plan'), law('thuiszitter-doel.date', 'A goal has a date ahead, within a year')],
    transition: recordGoalProgress,
  }),
  endThuiszitter: caseAction({
    path: 'thuiszitter/end',
    input: A.EndThuiszitterInput,
    permission: 'case:act',
    summary: 'End the thuiszitter period (back at school, partly or elsewhere)',
    rules: [law('thuiszitter.end-future', 'A period ends on a day that has come'), law('thuiszitter.end-before-start', 'A period ends after it started')],
    transition: endThuiszitter,
  }),
} as const;

export type CaseActionName = keyof typeof CASE_ACTIONS;
export type CaseActionInput<N extends CaseActionName> = z.output<(typeof CASE_ACTIONS)[N]['input']>;

/**
 * Facts from outside a case needs no answer to: Temporal signals (the key is the signal name,
 * workflow code like the update names). Those with a route are recorded by the consultant.
 */
export const CASE_SIGNALS = {
  meldingReceived: {
    input: A.MeldingSummary,
    summary: 'Another melding for the youth of a running case (recidive); sent by POST /api/meldingen',
  },
  schoolInformationReceived: {
    input: A.SchoolInformationInput,
    // Its own handler claims the school's request first (api/services/school-information.ts), so a later link answer gets 409.
    http: { method: 'POST', path: 'school-information', status: 202, custom: true },
    permission: 'case:act',
    summary: "Record the school's verzuim information (e.g. received by phone); the school's link sends the same. After the information was recorded, a later answer is kept as an addition",
  },
  enrolmentRegistered: {
    input: A.EnrolmentInput,
    http: { method: 'POST', path: 'enrolment', status: 202 },
    permission: 'case:act',
    summary: 'Record that the youth enrolled at a school',
  },
} as const satisfies Record<string, SignalSpec>;

export type CaseSignalName = keyof typeof CASE_SIGNALS;
