import { log as activityLog } from '@temporalio/activity';
import type { Transporter } from 'nodemailer';
import { answerLinkExpiresAt, statusLinkExpiresAt } from '../domain/school-link';
import type { Config } from '../platform/config';
import type { Db } from '../prisma/client';
import { sendOnce, type LinkToMint, type OutboxDeps } from './email-outbox';
import { renderSchoolMail, schoolMailSubject, type SchoolMailContext, type SchoolMailKind } from './school-mail-templates';

export type SchoolMailConfig = Pick<Config, 'PUBLIC_BASE_URL' | 'SMTP_FROM' | 'SCHOOL_LINK_GRACE_DAYS' | 'SCHOOL_STATUS_LINK_DAYS'> & Partial<Pick<Config, 'EMAIL_SEND_LEASE_MS'>>;
export type SchoolRequestDeps = { prisma: Db; mailer: Transporter; config: SchoolMailConfig };

/** The parts of a stored melding (MeldingSchema) the e-mail uses. */
type MeldingPayload = {
  meldingId?: string;
  reportDate?: string;
  startDate?: string;
  endDate?: string;
  youth?: { firstName?: string; lastName?: string; className?: string };
  melder?: { name?: string; email?: string };
};

export const ANSWER_PATH = '/school/requests/';
export const STATUS_PATH = '/school/status/';

/**
 * The melding a request is about: the newest of the case (a new melding is what reopens the
 * onderzoek). Its melder is the school's contact and gets the e-mail.
 */
async function latestMelding(prisma: Db, caseId: string) {
  return prisma.melding.findFirst({ where: { caseId }, orderBy: { receivedAt: 'desc' } });
}

/** The request's row with what its e-mails need, filled in once (also for rows of older versions). */
async function requestRow(deps: SchoolRequestDeps, a: { caseId: string; requestId: string; schoolBrin?: string | null; dueAt: string }) {
  const { prisma } = deps;
  const row = await prisma.schoolRequest.findUnique({ where: { id: a.requestId } });
  if (row?.meldingId && row.linkExpiresAt) return row;
  const melding = await latestMelding(prisma, a.caseId);
  const payload = (melding?.payload ?? {}) as MeldingPayload;
  const fill = {
    meldingId: melding?.id ?? null,
    recipient: payload.melder?.email ?? null,
    linkExpiresAt: new Date(answerLinkExpiresAt(row?.dueAt.toISOString() ?? a.dueAt, deps.config.SCHOOL_LINK_GRACE_DAYS)),
  };
  return prisma.schoolRequest.upsert({
    where: { id: a.requestId },
    create: { id: a.requestId, caseId: a.caseId, schoolBrin: a.schoolBrin ?? melding?.schoolBrin ?? null, dueAt: new Date(a.dueAt), ...fill },
    update: fill,
  });
}

async function mailContext(prisma: Db, meldingId: string | null, dueAt: Date, linkExpiresAt: Date) {
  const melding = meldingId ? await prisma.melding.findUnique({ where: { id: meldingId } }) : null;
  const p = (melding?.payload ?? {}) as MeldingPayload;
  const context: SchoolMailContext = {
    meldingId: melding?.id ?? '-',
    reportDate: melding?.reportDate ?? dueAt.toISOString().slice(0, 10),
    contactName: p.melder?.name,
    pupil: { name: [p.youth?.firstName, p.youth?.lastName].filter(Boolean).join(' ') || 'uw leerling', className: p.youth?.className },
    period: { from: p.startDate ?? melding?.reportDate ?? '', to: p.endDate ?? melding?.reportDate ?? '' },
    dueAt: dueAt.toISOString(),
    linkExpiresAt: linkExpiresAt.toISOString(),
  };
  return { context, schoolBrin: melding?.schoolBrin ?? null };
}

export function createSchoolRequestActivities(deps: SchoolRequestDeps) {
  const { prisma, config } = deps;
  const outbox: OutboxDeps = {
    prisma,
    mailer: deps.mailer,
    from: config.SMTP_FROM,
    baseUrl: config.PUBLIC_BASE_URL,
    leaseMs: config.EMAIL_SEND_LEASE_MS,
    log: { warn: (attrs, message) => activityLog.warn(message, attrs) },
  };

  async function mailSchool(kind: SchoolMailKind, key: string, effectKey: string, caseId: string, row: Awaited<ReturnType<typeof requestRow>>) {
    const { context, schoolBrin } = await mailContext(prisma, row.meldingId, row.dueAt, row.linkExpiresAt!);
    const brin = schoolBrin ?? row.schoolBrin;
    const links: LinkToMint[] = brin
      ? [{ name: 'answer', kind: 'answer', path: ANSWER_PATH, requestId: row.id, caseId, schoolBrin: brin, expiresAt: row.linkExpiresAt!.toISOString() }]
      : [];
    // The first e-mail also gives the school a look at the status of all its meldingen.
    if (brin && kind === 'school-request')
      links.push({ name: 'status', kind: 'status', path: STATUS_PATH, schoolBrin: brin, expiresAt: statusLinkExpiresAt(new Date().toISOString(), config.SCHOOL_STATUS_LINK_DAYS) });
    return sendOnce(outbox, {
      key,
      effectKey,
      caseId,
      requestId: row.id,
      kind,
      to: brin ? row.recipient : null,
      subject: schoolMailSubject(kind, context),
      links,
      render: (urls) => renderSchoolMail(kind, context, { answerUrl: urls.answer!, statusUrl: urls.status }),
    });
  }

  return {
    /** Registers the information request and e-mails the school's contact a link to answer it, once. */
    async requestSchoolInformation(args: { key: string; caseId: string; requestId: string; schoolBrin: string | null; dueAt: string }): Promise<void> {
      const row = await requestRow(deps, args);
      await mailSchool('school-request', `${args.requestId}:request`, args.key, args.caseId, row);
    },

    /** Reminds the school, once per sequence; the second one goes out after the deadline passed. */
    async sendSchoolReminder(args: { key: string; caseId: string; requestId: string; sequence: 1 | 2; dueAt: string }): Promise<void> {
      await prisma.schoolRequest.updateMany({ where: { id: args.requestId, remindersSent: { lt: args.sequence } }, data: { remindersSent: args.sequence } });
      if (args.sequence === 2) await prisma.schoolRequest.updateMany({ where: { id: args.requestId, status: 'open' }, data: { status: 'expired' } });
      const row = await requestRow(deps, args);
      // Answered through a link while the workflow had not yet heard of it: no reminder.
      if (row.answeredAt) return;
      await mailSchool(`school-reminder-${args.sequence}`, `${args.requestId}:reminder-${args.sequence}`, args.key, args.caseId, row);
    },
  };
}
