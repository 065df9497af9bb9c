import { ageOn, toIsoDate } from '../dates';
import type { SchoolCalendar } from '../calendar-school-holidays';
import type { RegionPolicy } from '../policy';
import { regimeOn } from '../regime';
import { VRIJSTELLING_LABELS, type VrijstellingKind } from '../vrijstelling';
import type { MeldingSummary } from './actions';
import { consultantDeadline, schoolDeadline, setDeadline, systemDeadline } from './deadlines';
import { notify, type Effect } from './effects';
import type { CaseState, PriorHistory } from './state';
import { duoStatusFor } from '../duo-status';
import { recogniseThuiszitter } from './thuiszitter';

/** What the intake activity reads from PostgreSQL before a case opens. */
export type IntakeFacts = {
  caseId: string;
  melding: MeldingSummary;
  youthId: string;
  dateOfBirth: string;
  hasStartkwalificatie: boolean;
  gemeente: string;
  consultantId: string | null;
  teamLeadId: string | null;
  policy: RegionPolicy;
  /** The school holidays of the policy's region, from today on; absent when replaying cases from before it. */
  calendar?: SchoolCalendar;
  prior: PriorHistory;
  /** Registered vrijstellingen that overlap the verzuim period. */
  vrijstellingen: { kind: string; from: string; to?: string; reference: string }[];
};

export type Transition = { state: CaseState; effects: Effect[] };

/** Reasons the consultant must decide at intake before the onderzoek starts. */
export function intakeConcerns(state: CaseState): string[] {
  const concerns = state.vrijstellingen.map(
    (v) =>
      `vrijstelling ${VRIJSTELLING_LABELS[v.kind as VrijstellingKind] ?? v.kind} (${v.reference}) covers ${v.from}${v.to ? ` to ${v.to}` : ' onwards'}`,
  );
  if (state.regime === 'niet-leerplichtig') concerns.push('the youth was not yet leerplichtig on the melding date');
  if (state.regime === 'buiten-doelgroep') concerns.push('the youth is outside the leerplicht, kwalificatieplicht and 18+ regimes');
  return concerns;
}

/** Starts the onderzoeksfase: ask the school for its verzuim information. */
export function startOnderzoek(state: CaseState, now: Date, effects: Effect[]): void {
  state.phase = 'onderzoek';
  if (state.meldingen.at(-1)?.kind === 'absoluut' && !state.enrolment) {
    // Not enrolled anywhere: a term to enrol, after which the penal route is open.
    state.step = 'inschrijftermijn';
    setDeadline(state, systemDeadline('inschrijftermijn', 'inschrijftermijn', now, state.policy.absoluutVerzuimEnrolTermWeeks));
    return;
  }
  const requestId = `${state.caseId}-school-${state.meldingen.length}`;
  const deadline = schoolDeadline(now, state, state.rules?.secondSchoolReminder === true);
  state.step = 'school-informatie';
  state.schoolRequest = { requestId, requestedAt: now.toISOString(), dueAt: deadline.dueAt, remindersSent: 0 };
  setDeadline(state, deadline);
  effects.push({ kind: 'request-school-information', requestId, dueAt: deadline.dueAt });
}

/**
 * The first state of a case, from the facts the intake activity read. `rules.thuiszitter`: derive
 * the thuiszitter status from the melding (off only when replaying cases from before that rule).
 */
export function openCase(facts: IntakeFacts, now: Date, rules: { thuiszitter: boolean; secondSchoolReminder?: boolean } = { thuiszitter: true, secondSchoolReminder: true }): Transition {
  const effects: Effect[] = [];
  const state: CaseState = {
    caseId: facts.caseId,
    version: 1,
    phase: 'intake',
    step: null,
    duoStatus: 'geregistreerd',
    regime: regimeOn({
      dateOfBirth: facts.dateOfBirth,
      on: facts.melding.reportDate,
      hasStartkwalificatie: facts.hasStartkwalificatie,
    }),
    youthId: facts.youthId,
    dateOfBirth: facts.dateOfBirth,
    gemeente: facts.gemeente,
    schoolBrin: facts.melding.schoolBrin,
    consultantId: facts.consultantId,
    teamLeadId: facts.teamLeadId,
    policy: facts.policy,
    ...(facts.calendar ? { calendar: facts.calendar } : {}),
    prior: facts.prior,
    openedAt: now.toISOString(),
    meldingen: [{ ...facts.melding, receivedAt: now.toISOString(), recidive: false }],
    vrijstellingen: facts.vrijstellingen,
    hoorgesprek: { invitations: [], refusedToCooperate: false },
    routes: [],
    absoluutEnrolTermEnded: false,
    deadlines: [],
    missedDeadlines: [],
    ...(rules.secondSchoolReminder && { rules: { secondSchoolReminder: true } }),
  };
  const concerns = intakeConcerns(state);
  if (concerns.length) {
    state.step = 'intake-besluit';
    setDeadline(state, consultantDeadline('intake-besluit', 'intake-besluit', now, state.policy.judgementWorkingDays, state));
    effects.push(notify('consultant', 'intake-besluit-nodig', `Decide whether the case continues: ${concerns.join('; ')}.`));
  } else {
    startOnderzoek(state, now, effects);
    effects.push(notify('consultant', 'nieuwe-zaak', `New case for a melding of ${state.meldingen[0]!.kind} verzuim.`));
  }
  if (rules.thuiszitter) effects.push(...(recogniseThuiszitter(state, now) ?? []));
  state.duoStatus = duoStatusFor(state.phase);
  return { state, effects };
}

/** The youth's age in full years today: the rules for Halt and the penal route use it. */
export function ageToday(state: CaseState, now: Date): number {
  return ageOn(state.dateOfBirth, toIsoDate(now));
}
