import { CLOSURE_REASON_LABELS, DUO_STATUS_LABELS, type ClosureReason, type DuoStatus } from '../../domain/duo-status';
import type { Db } from '../../prisma/client';

/**
 * A school's own meldingen with the DUO status each had: read by the status link in its e-mail
 * (api/services/school-links.ts) and by a logged-in school (GET /api/school/meldingen). Only what
 * the school itself reported of the pupil (name and class) comes back; nothing of the case.
 */

export type MeldingPayload = {
  startDate?: string;
  endDate?: string;
  youth?: { firstName?: string; lastName?: string; className?: string };
  school?: { name?: string };
};

export type SchoolMeldingStatus = {
  meldingId: string;
  kind: string;
  reportDate: string;
  pupil: { name: string; className?: string };
  status: DuoStatus;
  statusLabel: string;
  closureReason: string | null;
  closureReasonLabel: string | null;
  closedAt: string | null;
  /** Every status the melding had, as reported to DUO, oldest first. */
  history: { status: DuoStatus; statusLabel: string; at: string }[];
};

export const pupilOf = (p: MeldingPayload) => ({ name: [p.youth?.firstName, p.youth?.lastName].filter(Boolean).join(' ') || 'Onbekend', className: p.youth?.className });

const END_STATUSES: readonly string[] = ['afgesloten', 'ingetrokken', 'ter-kennisgeving-aangenomen'];

/**
 * The DUO status of one school's meldingen, newest first; nothing of other schools.
 * A melding shows only statuses it had: those of its DUO feedback records (its receipt,
 * Geregistreerd, is always the first); one not projected yet is Geregistreerd.
 */
export async function schoolMeldingStatuses(prisma: Db, brin: string, opts: { meldingId?: string; take?: number } = {}): Promise<{ schoolName?: string; meldingen: SchoolMeldingStatus[] }> {
  const meldingen = await prisma.melding.findMany({
    where: { schoolBrin: brin, ...(opts.meldingId !== undefined && { id: opts.meldingId }) },
    orderBy: { receivedAt: 'desc' },
    take: opts.take ?? 500,
  });
  const records = meldingen.length
    ? await prisma.duoFeedback.findMany({
        where: { caseId: { in: [...new Set(meldingen.map((m) => m.caseId))] } },
        select: { meldingIds: true, status: true, closingReason: true, changedAt: true, version: true },
        orderBy: [{ version: 'asc' }, { changedAt: 'asc' }],
      })
    : [];
  // Within a version the receipt comes first (domain/audit/duo-feedback.ts).
  records.sort((a, b) => a.version - b.version || Number(a.status !== 'geregistreerd') - Number(b.status !== 'geregistreerd'));
  return {
    schoolName: (meldingen[0]?.payload as MeldingPayload | undefined)?.school?.name,
    meldingen: meldingen.map((m) => {
      const own = records.filter((r) => r.meldingIds.includes(m.id));
      const history = own.length
        ? own.map((r) => ({ status: r.status as DuoStatus, statusLabel: DUO_STATUS_LABELS[r.status as DuoStatus] ?? r.status, at: r.changedAt.toISOString() }))
        : [{ status: 'geregistreerd' as const, statusLabel: DUO_STATUS_LABELS.geregistreerd, at: m.receivedAt.toISOString() }];
      const last = own.at(-1);
      const status = history.at(-1)!.status;
      const reason = (last?.closingReason ?? null) as ClosureReason | null;
      return {
        meldingId: m.id,
        kind: m.kind,
        reportDate: m.reportDate,
        pupil: pupilOf(m.payload as MeldingPayload),
        status,
        statusLabel: DUO_STATUS_LABELS[status] ?? status,
        closureReason: reason,
        closureReasonLabel: reason ? (CLOSURE_REASON_LABELS[reason] ?? reason) : null,
        closedAt: last && END_STATUSES.includes(last.status) ? last.changedAt.toISOString() : null,
        history,
      };
    }),
  };
}
