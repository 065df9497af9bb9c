import { z } from 'zod';

/** The letters a case produces (issue 13). Each has a template per region and a default. */
export const LetterKind = z.enum([
  'uitnodiging-hoorgesprek',
  'verzetting-hoorgesprek',
  'annulering-hoorgesprek',
  'officiele-waarschuwing',
  'verwijzing-halt',
  'aanmelding-jeugdbeschermingstafel',
  'melding-raad-voor-de-kinderbescherming',
  'proces-verbaal-concept',
  'afsluitbrief',
]);
export type LetterKind = z.infer<typeof LetterKind>;

export const LETTER_KIND_LABELS: Record<LetterKind, string> = {
  'uitnodiging-hoorgesprek': 'Uitnodiging hoorgesprek',
  'verzetting-hoorgesprek': 'Verzetting hoorgesprek',
  'annulering-hoorgesprek': 'Annulering hoorgesprek',
  'officiele-waarschuwing': 'Officiële waarschuwing',
  'verwijzing-halt': 'Verwijzing Halt',
  'aanmelding-jeugdbeschermingstafel': 'Aanmelding Jeugdbeschermingstafel',
  'melding-raad-voor-de-kinderbescherming': 'Melding Raad voor de Kinderbescherming',
  'proces-verbaal-concept': 'Proces-verbaal (concept)',
  'afsluitbrief': 'Afsluitbrief',
};

/** Who a letter goes to: the gezagdragers (one letter each), the youth, or an organisation. */
export const Addressee = z.enum(['gezagdragers', 'jeugdige', 'organisatie']);
export type Addressee = z.infer<typeof Addressee>;

/**
 * What the transition knew when it asked for the letter (the state moves on before the letter is
 * made): instants and codes only, no personal data; persons are looked up by the activity.
 */
export type LetterDetails = {
  plannedFor?: string;
  location?: string;
  previousPlannedFor?: string;
  reason?: string;
  monitoringFrom?: string;
  monitoringUntil?: string;
  /** The organisation a letter goes to (civiel: jeugdbeschermingstafel | raad-voor-de-kinderbescherming; pv: openbaar-ministerie). */
  organisation?: 'jeugdbeschermingstafel' | 'raad-voor-de-kinderbescherming' | 'openbaar-ministerie' | 'halt';
  against?: string[];
  closureReason?: string;
  at?: string;
};
