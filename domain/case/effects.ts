import type { Addressee, LetterDetails, LetterKind } from '../letters/kinds';

/**
 * What a transition asks the outside world to do. Transitions are pure; the workflow turns each
 * effect into an activity call, so the same rules run in unit tests without any I/O.
 */
export type Effect =
  | { kind: 'request-school-information'; requestId: string; dueAt: string }
  | { kind: 'school-reminder'; requestId: string; sequence: 1 | 2; dueAt: string }
  | {
      kind: 'invite-hoorgesprek';
      sequence: number;
      plannedFor: string;
      withYouth: boolean;
      withParents: boolean;
      location: string;
      /** A moved hoorgesprek: the invitation (its sequence) this one replaces, and why. */
      replaces?: number;
      reason?: string;
    }
  | { kind: 'notify'; recipient: 'consultant' | 'teamlead'; topic: NotificationTopic; message: string }
  | { kind: 'copy-to-raad'; reason: string }
  /** A letter to make (issue 13): the activity looks up the persons and renders the region's template. */
  | { kind: 'letter'; letter: LetterKind; to: Addressee[]; details: LetterDetails };

export type NotificationTopic =
  | 'nieuwe-zaak'
  | 'intake-besluit-nodig'
  | 'toegewezen'
  | 'school-informatie-ontvangen'
  | 'school-informatie-uitgebleven'
  | 'herinnering-termijn'
  | 'termijn-verstreken'
  | 'escalatie-termijn'
  | 'nieuwe-melding'
  | 'halt-mislukt'
  | 'inschrijftermijn-verstreken'
  | 'zaak-gesloten'
  | 'huisbezoek-opvolging'
  | 'thuiszitter'
  | 'hoorgesprek-afgezegd'
  | 'hoorgesprek-geweigerd'
  | 'school-informatie-aanvulling'
  | 'effect-geparkeerd';

export const notify = (
  recipient: 'consultant' | 'teamlead',
  topic: NotificationTopic,
  message: string,
): Effect => ({ kind: 'notify', recipient, topic, message });

export const letter = (kind: LetterKind, to: Addressee[], details: LetterDetails): Effect => ({ kind: 'letter', letter: kind, to, details });
