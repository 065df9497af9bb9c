import { CLOSURE_REASON_LABELS, DUO_STATUS_LABELS, type ClosureReason, type DuoStatus } from '../duo-status';
import type { CaseChange } from '../case/changes';

/**
 * The record a gemeente reports back to DUO when the status of a melding changes: the status,
 * on closing the reason (with DUO's Dutch label), and the contact person (the consultant).
 */
export type DuoFeedbackRecord = {
  caseId: string;
  version: number;
  meldingIds: string[];
  gemeente: string;
  status: DuoStatus;
  statusLabel: string;
  closingReason: ClosureReason | null;
  closingReasonLabel: string | null;
  contactPerson: string | null;
  changedAt: string;
};

/** What the feedback needs of the case state (structural, so older states fit too). */
export type FeedbackSource = {
  caseId: string;
  version: number;
  duoStatus: DuoStatus;
  gemeente: string;
  consultantId: string | null;
  meldingen: { meldingId: string; receivedAt: string }[];
  closure?: { reason: ClosureReason; closedAt: string };
  recentChanges?: CaseChange[];
};

/** What was reported before: the last version that produced a record, and each melding's last status. */
export type ReportedSoFar = { lastVersion: number; statusByMelding: Record<string, string> };

const END_STATUSES: readonly DuoStatus[] = ['afgesloten', 'ingetrokken', 'ter-kennisgeving-aangenomen'];

/**
 * The new feedback records for a projected state. Walks the changes after the last reported
 * version. A melding DUO has heard nothing of yet first gets 'Geregistreerd' at its receipt (DUO
 * expects the receipt as a record of its own, also for a recidive melding and for one that goes
 * straight into the onderzoek); then a change yields a record for the meldingen (present by then)
 * whose status differs from what DUO last heard. A state without a change log (from before it
 * existed) counts as one change at its own version.
 */
export function duoFeedbackFor(state: FeedbackSource, reported: ReportedSoFar): DuoFeedbackRecord[] {
  const changes: Pick<CaseChange, 'version' | 'at' | 'duoStatus'>[] = state.recentChanges?.length
    ? [...state.recentChanges].sort((a, b) => a.version - b.version)
    : [{ version: state.version, at: state.closure?.closedAt ?? state.meldingen.at(-1)?.receivedAt ?? '', duoStatus: state.duoStatus }];
  const status = { ...reported.statusByMelding };
  const records: DuoFeedbackRecord[] = [];
  const record = (version: number, meldingIds: string[], duoStatus: DuoStatus, at: string): DuoFeedbackRecord => {
    // Only the final state has a closure; an end status comes with it, as the last change.
    const reason = END_STATUSES.includes(duoStatus) ? (state.closure?.reason ?? null) : null;
    return {
      caseId: state.caseId,
      version,
      meldingIds,
      gemeente: state.gemeente,
      status: duoStatus,
      statusLabel: DUO_STATUS_LABELS[duoStatus],
      closingReason: reason,
      closingReasonLabel: reason ? CLOSURE_REASON_LABELS[reason] : null,
      contactPerson: state.consultantId,
      changedAt: at,
    };
  };
  for (const change of changes) {
    if (change.version <= reported.lastVersion) continue;
    const present = state.meldingen.filter((m) => m.receivedAt <= change.at);
    const received = present.filter((m) => status[m.meldingId] === undefined);
    if (received.length) {
      for (const m of received) status[m.meldingId] = 'geregistreerd';
      records.push(record(change.version, received.map((m) => m.meldingId), 'geregistreerd', received[0]!.receivedAt));
    }
    const changed = present.filter((m) => status[m.meldingId] !== change.duoStatus).map((m) => m.meldingId);
    if (!changed.length) continue;
    for (const id of changed) status[id] = change.duoStatus;
    records.push(record(change.version, changed, change.duoStatus, change.at));
  }
  return records;
}

/** Within one version the receipt ('geregistreerd') comes before the status it moved on to. */
const ORDER_IN_VERSION = (status: string) => (status === 'geregistreerd' ? 0 : 1);

/** Folds earlier records (in version order) into what DUO has heard so far. */
export function reportedSoFar(records: { version: number; meldingIds: string[]; status: string }[]): ReportedSoFar {
  const statusByMelding: Record<string, string> = {};
  let lastVersion = 0;
  for (const r of [...records].sort((a, b) => a.version - b.version || ORDER_IN_VERSION(a.status) - ORDER_IN_VERSION(b.status))) {
    for (const id of r.meldingIds) statusByMelding[id] = r.status;
    lastVersion = Math.max(lastVersion, r.version);
  }
  return { lastVersion, statusByMelding };
}
