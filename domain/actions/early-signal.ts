import type { z } from 'zod';
import * as A from '../signal/actions';
import { EscalateRequest } from '../signal/report';
import type { SignalState } from '../signal/state';
import { closeSignal, escalate, reassign, recordContact, recordFollowUp, type SignalEffect } from '../signal/transitions';
import { answerSchemas } from './answers';
import type { HttpSpec, SignalSpec, UpdateSpec } from './spec';

/**
 * The early signal's actions (vroegsignalering), each declared once; the key is the Temporal
 * update name (workflow code: never renamed). Routes are `/api/signals/:signalId/<path>`.
 */
type SignalUpdate<I extends z.ZodType> = UpdateSpec<SignalState, SignalEffect, I>;
const signalAction = <I extends z.ZodType>(spec: Omit<SignalUpdate<I>, 'answer' | 'http'> & { path: string; http?: Partial<HttpSpec>; answer?: () => z.ZodType }): SignalUpdate<I> => {
  const { path, http, answer, ...rest } = spec;
  return {
    ...rest,
    // Read by the API only; a getter, so that the workflows never build the answer schemas.
    get answer() {
      return answer ? answer() : answerSchemas().SignalActionAnswer;
    },
    http: { method: 'POST', path, status: 200, ...http },
  };
};

export const SIGNAL_ACTIONS = {
  recordContact: signalAction({
    path: 'contacts',
    input: A.RecordContactInput,
    permission: 'signal:act',
    summary: 'Record advice to or consultation with the school, or contact with parents, youth or a partner',
    rules: [
      { code: 'signal.contact.future', severity: 'refuse', basis: 'A contact is recorded once it took place' },
      { code: 'signal.contact.past', severity: 'refuse', basis: 'A contact is recorded within a month' },
    ],
    transition: recordContact,
  }),
  recordFollowUp: signalAction({
    path: 'follow-ups',
    input: A.RecordFollowUpInput,
    permission: 'signal:act',
    summary: 'Record the follow-up check; extend starts another follow-up period',
    rules: [],
    transition: recordFollowUp,
  }),
  closeSignal: signalAction({
    path: 'close',
    input: A.CloseSignalInput,
    permission: 'signal:act',
    summary: 'Close the signal with its outcome',
    rules: [{ code: 'signal.no-contact', severity: 'refuse', basis: 'A signal closes after a contact (unless the youth moved)' }],
    transition: closeSignal,
  }),
  escalate: signalAction({
    path: 'escalate',
    // The API turns the request into a formal melding first (api/services/escalate-signal.ts), then sends the case id.
    http: { status: 201, body: EscalateRequest, custom: true },
    answer: () => answerSchemas().EscalationAnswer,
    input: A.EscalateSignalInput,
    permission: 'signal:act',
    summary: "Escalate into a MAS case: the signal becomes a formal melding that opens (or joins) the youth's case",
    rules: [],
    transition: escalate,
  }),
  reassign: signalAction({
    path: 'reassign',
    input: A.ReassignSignalInput,
    permission: 'case:reassign',
    summary: 'Assign the signal to another consultant',
    rules: [{ code: 'assign.same', severity: 'refuse', basis: 'The signal is already assigned to that consultant' }],
    transition: reassign,
  }),
} as const;

export type SignalActionName = keyof typeof SIGNAL_ACTIONS;
export type SignalActionInput<N extends SignalActionName> = z.output<(typeof SIGNAL_ACTIONS)[N]['input']>;

/** Facts from outside: a formal melding for the same youth reached a MAS case (sent by the API's registration). */
export const EARLY_SIGNAL_SIGNALS = {
  formalMeldingReceived: {
    input: A.FormalMeldingInput,
    summary: 'A formal verzuimmelding for the same youth opened or reached a MAS case: the signal continues there',
  },
} as const satisfies Record<string, SignalSpec>;
