import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Actor } from '../../domain/case/actor';
import { SchoolInformationInput } from '../../domain/case/actions';
import type { CaseState } from '../../domain/case/state';
import { CLOSURE_REASON_LABELS, DUO_STATUS_LABELS, type ClosureReason, type DuoStatus } from '../../domain/duo-status';
import { answerRefusal, isLinkExpired, weekStartsOf, type AnswerRefusal } from '../../domain/school-link';
import { hashLinkToken, isLinkTokenShape } from '../../platform/link-tokens';
import type { Db } from '../../prisma/client';
import { Prisma } from '../../prisma/client';
import { schoolInformationSignal } from '../../workflows/messages';
import { LinkError } from '../school/messages';

/**
 * What is behind a school's link: the request it answers (answer link) or the school's own
 * meldingen (status link). The routes in api/routes/school-links.ts only translate HTTP.
 */

export type SchoolLinkDeps = { prisma: Db; client: Client; now?: () => Date };

type MeldingPayload = {
  startDate?: string;
  endDate?: string;
  youth?: { firstName?: string; lastName?: string; className?: string };
  school?: { name?: string };
};

/** What the school sees of a request: its own pupil (name and class), the period, the dates. */
export type RequestView = {
  requestId: string;
  meldingId: string | null;
  school: { brin: string; name?: string };
  pupil: { name: string; className?: string };
  period: { from: string; to: string } | null;
  weekStarts: string[];
  dueAt: string;
  linkExpiresAt: string;
  answeredAt: string | null;
};

async function findLink(prisma: Db, token: string, kind: 'answer' | 'status') {
  if (!isLinkTokenShape(token)) throw new LinkError('notFound');
  const link = await prisma.schoolLink.findUnique({ where: { tokenHash: hashLinkToken(token) } });
  if (!link || link.kind !== kind) throw new LinkError('notFound');
  return link;
}

const pupilOf = (p: MeldingPayload) => ({ name: [p.youth?.firstName, p.youth?.lastName].filter(Boolean).join(' ') || 'Onbekend', className: p.youth?.className });

/** The request behind an answer link, and whether an answer is still taken (null) or why not. */
export async function openAnswerLink(deps: SchoolLinkDeps, token: string): Promise<{ view: RequestView; refusal: AnswerRefusal | null; caseId: string; previousStatus: string }> {
  const { prisma } = deps;
  const link = await findLink(prisma, token, 'answer');
  const request = link.requestId ? await prisma.schoolRequest.findUnique({ where: { id: link.requestId } }) : null;
  if (!request) throw new LinkError('notFound');
  const [projected, melding] = await Promise.all([
    prisma.case.findUnique({ where: { id: request.caseId }, select: { phase: true, state: true } }),
    request.meldingId ? prisma.melding.findUnique({ where: { id: request.meldingId } }) : null,
  ]);
  const asked = (projected?.state as unknown as CaseState | undefined)?.schoolRequest;
  const refusal = answerRefusal({
    expiresAt: link.expiresAt.toISOString(),
    now: (deps.now?.() ?? new Date()).toISOString(),
    requestId: request.id,
    answeredAt: request.answeredAt?.toISOString() ?? null,
    case: projected ? { phase: projected.phase, requestId: asked?.requestId, answeredAt: asked?.answeredAt ?? null } : null,
  });
  const p = (melding?.payload ?? {}) as MeldingPayload;
  const period = p.startDate ? { from: p.startDate, to: p.endDate ?? melding!.reportDate } : null;
  return {
    caseId: request.caseId,
    previousStatus: request.status,
    refusal,
    view: {
      requestId: request.id,
      meldingId: melding?.id ?? null,
      school: { brin: link.schoolBrin, name: p.school?.name },
      pupil: pupilOf(p),
      period,
      weekStarts: period ? weekStartsOf(period.from, period.to) : [],
      dueAt: request.dueAt.toISOString(),
      linkExpiresAt: link.expiresAt.toISOString(),
      answeredAt: request.answeredAt?.toISOString() ?? asked?.answeredAt ?? null,
    },
  };
}

/** The refusals that end a request for the link: 409 for an answer given before, else 410. */
export function refusalError(refusal: AnswerRefusal): LinkError {
  return new LinkError(refusal);
}

/**
 * Delivers a school's answer to the case workflow, once: the request is claimed in PostgreSQL
 * first (a second submission finds it answered: 409), then signalled; when the signal cannot be
 * delivered the claim is undone, so the school can try again.
 */
export async function submitSchoolAnswer(deps: SchoolLinkDeps, token: string, parse: (requestId: string) => SchoolInformationInput): Promise<RequestView> {
  const { prisma, client } = deps;
  const opened = await openAnswerLink(deps, token);
  if (opened.refusal) throw refusalError(opened.refusal);
  const input = parse(opened.view.requestId);
  const answeredAt = deps.now?.() ?? new Date();
  const claimed = await prisma.schoolRequest.updateMany({
    where: { id: opened.view.requestId, answeredAt: null },
    data: { answeredAt, status: 'answered', answer: input as unknown as Prisma.InputJsonValue },
  });
  if (claimed.count === 0) throw new LinkError('answered');
  const actor: Actor = { id: `school-${opened.view.school.brin}`, role: 'school' };
  try {
    await client.workflow.getHandle(opened.caseId).signal(schoolInformationSignal, { actor, input });
  } catch (err) {
    await prisma.schoolRequest.update({ where: { id: opened.view.requestId }, data: { answeredAt: null, status: opened.previousStatus, answer: Prisma.DbNull } });
    if (err instanceof WorkflowNotFoundError) throw new LinkError('closed');
    throw err;
  }
  return { ...opened.view, answeredAt: answeredAt.toISOString() };
}

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

const END_STATUSES: readonly string[] = ['afgesloten', 'ingetrokken', 'ter-kennisgeving-aangenomen'];

/**
 * The DUO status of the meldingen of the link's school, newest first; nothing of other schools.
 * A melding shows only statuses it had: those of its DUO feedback records (its receipt,
 * Geregistreerd, is always the first); one not projected yet is Geregistreerd.
 */
export async function schoolStatus(deps: SchoolLinkDeps, token: string): Promise<{ brin: string; schoolName?: string; linkExpiresAt: string; meldingen: SchoolMeldingStatus[] }> {
  const { prisma } = deps;
  const link = await findLink(prisma, token, 'status');
  if (isLinkExpired(link.expiresAt.toISOString(), (deps.now?.() ?? new Date()).toISOString())) throw new LinkError('expired');
  const meldingen = await prisma.melding.findMany({ where: { schoolBrin: link.schoolBrin }, orderBy: { receivedAt: 'desc' }, take: 500 });
  const records = await prisma.duoFeedback.findMany({
    where: { caseId: { in: [...new Set(meldingen.map((m) => m.caseId))] } },
    select: { meldingIds: true, status: true, closingReason: true, changedAt: true, version: true },
    orderBy: [{ version: 'asc' }, { changedAt: 'asc' }],
  });
  // Within a version the receipt comes first (domain/audit/duo-feedback.ts).
  records.sort((a, b) => a.version - b.version || Number(a.status !== 'geregistreerd') - Number(b.status !== 'geregistreerd'));
  return {
    brin: link.schoolBrin,
    schoolName: (meldingen[0]?.payload as MeldingPayload | undefined)?.school?.name,
    linkExpiresAt: link.expiresAt.toISOString(),
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
