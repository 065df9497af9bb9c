import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * The typed search attributes of a case workflow. None carries personal data: ids, codes and
 * dates only. `npm start` registers them on the dev server; docker-compose's admin-tools too.
 */
export const CaseStatusKey = defineSearchAttributeKey('CaseStatus', SearchAttributeType.KEYWORD);
export const CasePhaseKey = defineSearchAttributeKey('CasePhase', SearchAttributeType.KEYWORD);
export const GemeenteKey = defineSearchAttributeKey('Gemeente', SearchAttributeType.KEYWORD);
export const ConsultantIdKey = defineSearchAttributeKey('ConsultantId', SearchAttributeType.KEYWORD);
export const SchoolBrinKey = defineSearchAttributeKey('SchoolBrin', SearchAttributeType.KEYWORD);
export const CaseRoutesKey = defineSearchAttributeKey('CaseRoutes', SearchAttributeType.KEYWORD_LIST);
export const NextDeadlineKey = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);

export const SEARCH_ATTRIBUTES = [
  CaseStatusKey,
  CasePhaseKey,
  GemeenteKey,
  ConsultantIdKey,
  SchoolBrinKey,
  CaseRoutesKey,
  NextDeadlineKey,
] as const;

/** The CLI's names for the types, as `temporal server start-dev --search-attribute` takes them. */
export const CLI_TYPE_NAMES: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
  [SearchAttributeType.DATETIME]: 'Datetime',
};
