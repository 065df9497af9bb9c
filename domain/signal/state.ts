import type { ParkedEffect } from '../process/parked';
import type { Actor } from '../case/actor';
import type { Deadline, DeadlineKind } from '../case/state';
import type { SchoolCalendar } from '../calendar-school-holidays';
import type { RegionPolicy } from '../policy';
import type { ContactKind, EarlySignalSummary, FollowUpResult, SignalOutcome } from './actions';

export type SignalStatus = 'open' | 'afgesloten' | 'geescaleerd';
/** 'reactie': the consultant owes a first answer (advice or consultation); 'opvolging': the follow-up check. */
export type SignalStep = 'reactie' | 'opvolging';
export type SignalDeadlineKind = Extract<DeadlineKind, 'signaal-reactie' | 'signaal-opvolging'>;

/** One change of a signal for the audit: as CaseChange, with the signal's status instead of the DUO status. */
export type SignalChange = {
  version: number;
  /** 'start', an update name, 'signal:<name>' or 'timer:<what fired>'. */
  action: string;
  at: string;
  actor: Actor;
  reason?: string;
  status: SignalStatus;
};

export type SignalContact = {
  kind: ContactKind;
  at: string;
  summary: string;
  agreements?: string;
  recordedAt: string;
  by: string;
};

export type SignalFollowUp = {
  result: FollowUpResult;
  summary: string;
  extended: boolean;
  recordedAt: string;
  by: string;
};

export type SignalEscalation = {
  caseId: string;
  reason: string;
  by: 'consultant' | 'formele-melding';
  at: string;
  meldingId?: string;
};

/** The state of one early signal, plain JSON (query result, continue-as-new input, projection). */
export type SignalState = {
  /** The workflow id and EarlySignal row id: `signal-<reporter's id>`. */
  signalId: string;
  /** Increases with every change; the projection only moves forward on it. */
  version: number;
  status: SignalStatus;
  step: SignalStep | null;
  summary: EarlySignalSummary;
  /** The youth register id (no personal data): a formal melding for this youth escalates the signal. */
  youthId: string;
  consultantId: string | null;
  teamLeadId: string | null;
  policy: RegionPolicy;
  /** The school holidays its deadlines count with (reference data, see CaseState.calendar). */
  calendar?: SchoolCalendar;
  receivedAt: string;
  contacts: SignalContact[];
  followUps: SignalFollowUp[];
  deadlines: Deadline[];
  missedDeadlines: { kind: DeadlineKind; dueAt: string }[];
  outcome?: SignalOutcome;
  closingNote?: string;
  escalation?: SignalEscalation;
  /** When the signal stopped being open: closed with an outcome or escalated into a case. */
  closedAt?: string;
  lastActor?: Actor;
  recentChanges: SignalChange[];
  /** Effects that kept failing (domain/process/parked.ts); absent in signals from before. */
  parkedEffects?: ParkedEffect[];
};

/** The earliest due instant the signal waits on: what a work queue orders by. */
export function nextSignalDeadline(state: SignalState): string | null {
  const due = state.deadlines.map((d) => d.dueAt);
  return due.length ? due.sort()[0]! : null;
}
