import type { CompleteHuisbezoekFollowUpInput, RecordHuisbezoekInput } from './actions';
import { conflict, OK, pastEvent, requireOpen, violation, type Action } from './checks';
import { clearDeadline, consultantDeadline, setDeadline } from './deadlines';
import { notify } from './effects';

/** Outcomes that did not find the youth: the address is checked and the partners are told. */
const NEEDS_FOLLOW_UP: readonly string[] = ['adres-onjuist', 'jongere-niet-traceerbaar'];
/** Cases that started before the policy had the field keep the term they were built with. */
const DEFAULT_FOLLOW_UP_WORKING_DAYS = 5;

export const recordHuisbezoek: Action<RecordHuisbezoekInput> = {
  check(s, input, now) {
    const open = requireOpen(s);
    if (!open.ok) return open;
    if (s.phase !== 'onderzoek' && s.phase !== 'routes')
      return conflict('huisbezoek.phase', `A huisbezoek is recorded in phase 'onderzoek' or 'routes'; the case is in phase '${s.phase}'.`);
    return violation(pastEvent('huisbezoek', 'The huisbezoek', input.visitedAt, now));
  },
  apply(s, input, actor, now) {
    const followUp = NEEDS_FOLLOW_UP.includes(input.outcome);
    s.huisbezoeken = [...(s.huisbezoeken ?? []), { ...input, recordedAt: now.toISOString(), by: actor.id, followUp }];
    if (!followUp) return [];
    const days = s.policy.huisbezoekFollowUpWorkingDays ?? DEFAULT_FOLLOW_UP_WORKING_DAYS;
    setDeadline(s, consultantDeadline('huisbezoek-opvolging', 'huisbezoek-opvolging', now, days, s));
    const message = `Huisbezoek: ${input.outcome}. Adres controleren (BRP), partners informeren.`;
    return [notify('consultant', 'huisbezoek-opvolging', message), notify('teamlead', 'huisbezoek-opvolging', message)];
  },
};

/** The follow-up is done: the address was checked and the partners informed; the deadline ends. */
export const completeHuisbezoekFollowUp: Action<CompleteHuisbezoekFollowUpInput> = {
  check(s) {
    const open = requireOpen(s);
    if (!open.ok) return open;
    return (s.huisbezoeken ?? []).some((h) => h.followUp && !h.followUpDone)
      ? OK
      : conflict('huisbezoek.no-follow-up', 'No huisbezoek of this case waits for a follow-up.');
  },
  apply(s, input, actor, now) {
    const done = { ...input, at: now.toISOString(), by: actor.id };
    s.huisbezoeken = (s.huisbezoeken ?? []).map((h) => (h.followUp && !h.followUpDone ? { ...h, followUpDone: done } : h));
    clearDeadline(s, 'huisbezoek-opvolging');
    return input.addressCheck === 'verhuisd-buiten-regio'
      ? [notify('consultant', 'huisbezoek-opvolging', 'The youth moved out of the region: transfer the case to the new gemeente and close it (verhuisd-buiten-regio).')]
      : [];
  },
};
