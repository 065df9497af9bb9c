import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Actor } from '../../domain/case/actor';
import { SchoolInformationInput } from '../../domain/case/actions';
import type { CaseState } from '../../domain/case/state';
import { answerRefusal, isLinkExpired, weekStartsOf, type AnswerRefusal } from '../../domain/school-link';
import { hashLinkToken, isLinkTokenShape } from '../../platform/link-tokens';
import type { Db } from '../../prisma/client';
import { Prisma } from '../../prisma/client';
import { caseStateQuery, schoolInformationSignal } from '../../workflows/messages';
import { LinkError } from '../school/messages';
import { pupilOf, schoolMeldingStatuses, type MeldingPayload, type SchoolMeldingStatus } from './school-meldingen';

export type { SchoolMeldingStatus };

/**
 * What is behind a school's link: the request it answers (answer link) or the school's own
 * meldingen (status link). The routes in api/routes/school-links.ts only translate HTTP.
 */

export type SchoolLinkDeps = { prisma: Db; client: Client; now?: () => Date };

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

/**
 * Whether an answer stored in PostgreSQL never reached the case: the request claimed, then the
 * signal failed and undoing the claim failed too (PostgreSQL frozen or gone in between: seen in
 * `npm run chaos`). Then the link takes the answer again, instead of refusing it as given, and it
 * is delivered. The workflow itself decides, not the projection, which may lag a delivered answer.
 */
async function answerUndelivered(deps: SchoolLinkDeps, caseId: string, requestId: string, projected: { requestId?: string; answeredAt?: string | null } | undefined): Promise<boolean> {
  if (projected?.requestId !== requestId || projected.answeredAt) return false;
  try {
    const asked = (await deps.client.workflow.getHandle(caseId).query(caseStateQuery))?.schoolRequest;
    return asked?.requestId === requestId && !asked.answeredAt;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** The request behind an answer link, and whether an answer is still taken (null) or why not. */
export async function openAnswerLink(
  deps: SchoolLinkDeps,
  token: string,
): Promise<{ view: RequestView; refusal: AnswerRefusal | null; caseId: string; previousStatus: string; redeliver: boolean }> {
  const { prisma } = deps;
  const link = await findLink(prisma, token, 'answer');
  const request = link.requestId ? await prisma.schoolRequest.findUnique({ where: { id: link.requestId } }) : null;
  if (!request) throw new LinkError('notFound');
  const [projected, melding] = await Promise.all([
    prisma.case.findUnique({ where: { id: request.caseId }, select: { phase: true, state: true } }),
    request.meldingId ? prisma.melding.findUnique({ where: { id: request.meldingId } }) : null,
  ]);
  const asked = (projected?.state as unknown as CaseState | undefined)?.schoolRequest;
  let refusal = answerRefusal({
    expiresAt: link.expiresAt.toISOString(),
    now: (deps.now?.() ?? new Date()).toISOString(),
    requestId: request.id,
    answeredAt: request.answeredAt?.toISOString() ?? null,
    case: projected ? { phase: projected.phase, requestId: asked?.requestId, answeredAt: asked?.answeredAt ?? null } : null,
  });
  const redeliver = refusal === 'answered' && request.answeredAt !== null && (await answerUndelivered(deps, request.caseId, request.id, asked));
  if (redeliver) refusal = null;
  const p = (melding?.payload ?? {}) as MeldingPayload;
  const period = p.startDate ? { from: p.startDate, to: p.endDate ?? melding!.reportDate } : null;
  return {
    caseId: request.caseId,
    previousStatus: request.status,
    refusal,
    redeliver,
    view: {
      requestId: request.id,
      meldingId: melding?.id ?? null,
      school: { brin: link.schoolBrin, name: p.school?.name },
      pupil: pupilOf(p),
      period,
      weekStarts: period ? weekStartsOf(period.from, period.to) : [],
      dueAt: request.dueAt.toISOString(),
      linkExpiresAt: link.expiresAt.toISOString(),
      answeredAt: redeliver ? null : (request.answeredAt?.toISOString() ?? asked?.answeredAt ?? null),
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
  const actor: Actor = { id: `school-${opened.view.school.brin}`, role: 'school' };
  if (opened.redeliver) {
    // Claimed before, never delivered: this submission is the answer; the claim stays until the signal is taken.
    await prisma.schoolRequest.update({ where: { id: opened.view.requestId }, data: { answeredAt, answer: input as unknown as Prisma.InputJsonValue } });
    try {
      await client.workflow.getHandle(opened.caseId).signal(schoolInformationSignal, { actor, input });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new LinkError('closed');
      throw err;
    }
    return { ...opened.view, answeredAt: answeredAt.toISOString() };
  }
  const claimed = await prisma.schoolRequest.updateMany({
    where: { id: opened.view.requestId, answeredAt: null },
    data: { answeredAt, status: 'answered', answer: input as unknown as Prisma.InputJsonValue },
  });
  if (claimed.count === 0) throw new LinkError('answered');
  try {
    await client.workflow.getHandle(opened.caseId).signal(schoolInformationSignal, { actor, input });
  } catch (err) {
    // Undone so the school can try again; if this fails too, the next attempt finds the answer undelivered.
    await prisma.schoolRequest.update({ where: { id: opened.view.requestId }, data: { answeredAt: null, status: opened.previousStatus, answer: Prisma.DbNull } });
    if (err instanceof WorkflowNotFoundError) throw new LinkError('closed');
    throw err;
  }
  return { ...opened.view, answeredAt: answeredAt.toISOString() };
}

/** The DUO status of the meldingen of the link's school (api/services/school-meldingen.ts). */
export async function schoolStatus(deps: SchoolLinkDeps, token: string): Promise<{ brin: string; schoolName?: string; linkExpiresAt: string; meldingen: SchoolMeldingStatus[] }> {
  const link = await findLink(deps.prisma, token, 'status');
  if (isLinkExpired(link.expiresAt.toISOString(), (deps.now?.() ?? new Date()).toISOString())) throw new LinkError('expired');
  const { schoolName, meldingen } = await schoolMeldingStatuses(deps.prisma, link.schoolBrin);
  return { brin: link.schoolBrin, schoolName, linkExpiresAt: link.expiresAt.toISOString(), meldingen };
}
