import type { ParkedEffect } from '../process/parked';
import type { CasePhase, ClosureReason, DuoStatus } from '../duo-status';
import type { SchoolCalendar } from '../calendar-school-holidays';
import type { RegionPolicy } from '../policy';
import type { Regime } from '../regime';
import type { RouteKind } from '../routes';
import type { Actor } from './actor';
import type { CaseChange } from './changes';
import type {
  AddressCheckResult,
  GoalStatus,
  InvitationStatus,
  HuisbezoekOutcome,
  HuisbezoekPartner,
  ReviewPartner,
  ThuiszitterEndReason,
  ThuiszitterGrounds,
  MeldingSummary,
  SchoolInformationInput,
  Verdict,
} from './actions';
import type { z } from 'zod';

export type OnderzoekStep = 'school-informatie' | 'hoorgesprek' | 'beoordeling';
export type Step = 'intake-besluit' | 'inschrijftermijn' | OnderzoekStep | 'route-keuze' | 'routes-lopend' | 'monitoring';

/**
 * A deadline the workflow keeps: for the school (information request), for the consultant (own
 * steps, with a reminder before and escalation to the team lead after), or for the system
 * (monitoring period, enrolment term). Instants are ISO strings so the state is plain JSON.
 */
export type DeadlineKind =
  | 'intake-besluit'
  | 'school-informatie'
  | 'hoorgesprek'
  | 'beoordeling'
  | 'route-keuze'
  | 'route-opvolging'
  | 'monitoring'
  | 'inschrijftermijn'
  | 'huisbezoek-opvolging'
  | 'thuiszitter-overleg'
  | 'thuiszitter-doel'
  // An early signal's deadlines (domain/signal): the same shape and timers as a case's.
  | 'signaal-reactie'
  | 'signaal-opvolging';

export type Deadline = {
  id: string;
  kind: DeadlineKind;
  owner: 'school' | 'consultant' | 'system';
  dueAt: string;
  remindAt?: string;
  /** The school's second reminder, after the deadline (issue 12); older cases send it at the deadline. */
  secondRemindAt?: string;
  secondReminded?: boolean;
  escalateAt?: string;
  reminded: boolean;
  expired: boolean;
  escalated: boolean;
  /**
   * How it was counted, so a newer calendar can count it again (recountDeadline): working days
   * from a date, or an agreed date. Absent for periods in weeks and in cases from before it.
   */
  basis?:
    | { count: 'working-days'; from: string; workingDays: number; remindBefore: number; escalateAfter: number }
    | { count: 'on-date'; dueDate: string; remindBefore: number; escalateAfter: number };
  /** Told to someone outside the case (a school's deadline in its e-mail): it stays as it was sent. */
  communicated?: boolean;
  /** Counted past the end of the known school holidays: it may still move when they are added. */
  provisional?: boolean;
};

export type RouteState = {
  kind: RouteKind;
  status: 'lopend' | 'afgerond';
  startedAt: string;
  details: Record<string, unknown>;
  steps: { at: string; step: string; note?: string; by: string }[];
  outcome?: string;
  completedAt?: string;
};

export type HoorgesprekInvitation = {
  plannedFor: string;
  withYouth: boolean;
  withParents: boolean;
  location: string;
  note?: string;
  invitedAt: string;
  outcome?: z.infer<typeof InvitationStatus>;
  /** Moved (verplaatst) or called off (afgezegd, geweigerd) before the date: by whom and why. */
  change?: { by: string; reason: string; at: string };
};

export type PriorHistory = {
  /** Earlier cases of this youth that had a Halt referral for verzuim. */
  earlierHaltForVerzuim: boolean;
  /** Earlier luxe verzuim meldingen of this youth, before this case. */
  earlierLuxeMeldingen: number;
  /** Earlier proces-verbaal against the parents that ended in a conviction. */
  parentsConvictedBefore: boolean;
};

export type CaseState = {
  caseId: string;
  /** Increases with every change; the projection only moves forward on it. */
  version: number;
  phase: CasePhase;
  step: Step | null;
  duoStatus: DuoStatus;
  regime: Regime;
  youthId: string;
  dateOfBirth: string;
  gemeente: string;
  schoolBrin?: string;
  consultantId: string | null;
  teamLeadId: string | null;
  policy: RegionPolicy;
  /**
   * The school holidays the deadlines count with (reference data received by activity or signal,
   * only those still ahead of the oldest pending deadline); absent in cases from before it.
   */
  calendar?: SchoolCalendar;
  prior: PriorHistory;
  openedAt: string;
  meldingen: (MeldingSummary & { receivedAt: string; recidive: boolean })[];
  vrijstellingen: { kind: string; from: string; to?: string; reference: string }[];
  schoolRequest?: {
    requestId: string;
    requestedAt: string;
    dueAt: string;
    remindersSent: number;
    answeredAt?: string;
    answer?: SchoolInformationInput;
    escalatedAt?: string;
  };
  /** School information that came after the answer (or without a request): kept, shown to the consultant. */
  schoolInformationAdditions?: { requestId?: string; answer: SchoolInformationInput; receivedAt: string; by: string; reason: 'na-eerder-antwoord' | 'ouder-verzoek' | 'zonder-verzoek' }[];
  hoorgesprek: {
    invitations: HoorgesprekInvitation[];
    summary?: string;
    youthHeard?: boolean;
    /** Grounds for a proces-verbaal: a refusal, or a second no-show (see domain/case/hoorgesprek.ts). */
    refusedToCooperate: boolean;
    refusalGrounds?: 'geweigerd' | 'tweede-keer-niet-verschenen';
  };
  /** Rules that came with a code change, fixed when the case opened (running cases keep the old ones). */
  rules?: { secondSchoolReminder?: boolean };
  /** Steps the consultant took against an advised rule, with the reasoning (also in the audit). */
  advicesOverruled?: { version: number; action: string; codes: string[]; reasoning: string; at: string; by: string }[];
  judgement?: {
    verdict: z.infer<typeof Verdict>;
    reasoning: string;
    helpInvolved: string[];
    helpNeeded: string[];
    decidedAt: string;
    by: string;
  };
  routes: RouteState[];
  /** Home visits; optional because cases started before huisbezoek existed have none. */
  huisbezoeken?: {
    plannedFor?: string;
    visitedAt: string;
    outcome: z.infer<typeof HuisbezoekOutcome>;
    note?: string;
    recordedAt: string;
    by: string;
    followUp: boolean;
    /** The address check after a visit that did not find the youth. */
    followUpDone?: { addressCheck: z.infer<typeof AddressCheckResult>; partnersInformed: z.infer<typeof HuisbezoekPartner>[]; note?: string; at: string; by: string };
  }[];
  /** Thuiszitter (issue 7): optional because older cases have none. */
  thuiszitter?: ThuiszitterState;
  enrolment?: { brin: string; enrolledOn: string };
  absoluutEnrolTermEnded: boolean;
  monitoring?: { from: string; until: string };
  deadlines: Deadline[];
  /** Deadlines that passed without the step being done: for the figures on missed deadlines. */
  missedDeadlines: { kind: DeadlineKind; dueAt: string }[];
  closure?: { reason: ClosureReason; closedAt: string; by: string; note?: string };
  lastActor?: Actor;
  /** The last changes (version, action, actor, reason): the projection writes them to the audit table. */
  recentChanges?: CaseChange[];
  /** Effects that kept failing (domain/process/parked.ts); absent in cases from before. */
  parkedEffects?: ParkedEffect[];
};

export type PlanGoalState = {
  id: string;
  description: string;
  dueOn: string;
  status: 'open' | Exclude<z.infer<typeof GoalStatus>, 'bijgesteld'>;
  setOn: string;
  history: { at: string; status: z.infer<typeof GoalStatus>; dueOn: string; note?: string; by: string }[];
};

export type ThuiszitterReview = {
  heldOn: string;
  partners: { partner: z.infer<typeof ReviewPartner>; outcome: string }[];
  withParents: boolean;
  withYouth: boolean;
  conclusion: string;
  note?: string;
  recordedAt: string;
  by: string;
};

export type ThuiszitterState = {
  since: string;
  grounds: z.infer<typeof ThuiszitterGrounds>;
  /** 'afgeleid' when derived from the meldingen, else the consultant's id. */
  setBy: string;
  markedAt: string;
  /** The last day at home, once it ended (back at school, or the case closed). */
  until?: string;
  endReason?: z.infer<typeof ThuiszitterEndReason> | 'zaak-gesloten';
  reviews: ThuiszitterReview[];
  goals: PlanGoalState[];
  /** Earlier periods of this case, when the youth went back to school and dropped out again. */
  previous?: Omit<ThuiszitterState, 'previous'>[];
};

/** The earliest due instant the case waits on: what the work queue orders by. */
export function nextDeadline(state: CaseState): string | null {
  const open = state.deadlines.filter((d) => !d.expired || d.owner !== 'system').map((d) => d.dueAt);
  return open.length ? open.sort()[0]! : null;
}

/** Active route kinds, in a stable order, for search attributes and lists. */
export function activeRoutes(state: CaseState): RouteKind[] {
  return [...new Set(state.routes.map((r) => r.kind))].sort();
}
