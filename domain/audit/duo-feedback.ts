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
 * version; a change yields a record for the meldingen (present by then) whose status differs from
 * what DUO last heard, so a recidive melding gets its own 'in behandeling'. A state without a
 * change log (from before it existed) counts as one change at its own version.
 */
export function duoFeedbackFor(state: FeedbackSource, reported: ReportedSoFar): DuoFeedbackRecord[] {
  const changes: Pick<CaseChange, 'version' | 'at' | 'duoStatus'>[] = state.recentChanges?.length
    ? [...state.recentChanges].sort((a, b) => a.version - b.version)
    : [{ version: state.version, at: state.closure?.closedAt ?? state.meldingen.at(-1)?.receivedAt ?? '', duoStatus: state.duoStatus }];
  const status = { ...reported.statusByMelding };
  const records: DuoFeedbackRecord[] = [];
  for (const change of changes) {
    if (change.version <= reported.lastVersion) continue;
    const changed = state.meldingen
      .filter((m) => m.receivedAt <= change.at && status[m.meldingId] !== change.duoStatus)
      .map((m) => m.meldingId);
    if (!changed.length) continue;
    for (const id of changed) status[id] = change.duoStatus;
    // Only the final state has a closure; an end status comes with it, as the last change.
    const reason = END_STATUSES.includes(change.duoStatus) ? (state.closure?.reason ?? null) : null;
    records.push({
      caseId: state.caseId,
      version: change.version,
      meldingIds: changed,
      gemeente: state.gemeente,
      status: change.duoStatus,
      statusLabel: DUO_STATUS_LABELS[change.duoStatus],
      closingReason: reason,
      closingReasonLabel: reason ? CLOSURE_REASON_LABELS[reason] : null,
      contactPerson: state.consultantId,
      changedAt: change.at,
    });
  }
  return records;
}

/** Folds earlier records (in version order) into what DUO has heard so far. */
export function reportedSoFar(records: { version: number; meldingIds: string[]; status: string }[]): ReportedSoFar {
  const statusByMelding: Record<string, string> = {};
  let lastVersion = 0;
  for (const r of [...records].sort((a, b) => a.version - b.version)) {
    for (const id of r.meldingIds) statusByMelding[id] = r.status;
    lastVersion = Math.max(lastVersion, r.version);
  }
  return { lastVersion, statusByMelding };
}
