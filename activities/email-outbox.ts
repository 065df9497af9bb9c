import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import { outboxStep, sendFailure, type OutboxStatus, type SendErrorFacts } from '../domain/email-outbox';
import { newLinkToken } from '../platform/link-tokens';
import type { Db } from '../prisma/client';

/**
 * The e-mail outbox: every message to a school is a row in PostgreSQL, unique on its idempotency
 * key, and goes out at most once:
 *
 * 1. insert the row (a duplicate key is skipped: a retried activity finds the row of the first);
 * 2. claim it: 'pending' -> 'sending' in one UPDATE, in the same transaction as the message's
 *    links (fresh tokens; only their hashes are stored, so the text itself is never stored);
 * 3. send over SMTP with a Message-ID derived from the key;
 * 4. mark it 'sent' with the server's reply.
 *
 * An attempt that finds 'sent' does nothing. One that finds a live claim ('sending' younger
 * than the lease) fails retryably and Temporal tries again later. A claim older than the lease
 * means its attempt died somewhere between 2 and 4: the message may have reached the school, so
 * it is NOT sent again but settled as 'unconfirmed' and the consultant is told. That is the one
 * window left: a worker that dies after the claim but before the server took the message loses
 * that message (at most once), and the consultant is told to check; the reminder that follows
 * carries a working link. A send that fails with a certain "not taken" (see sendFailure) releases
 * the claim and is retried; one refused for good is settled as 'failed'.
 */

export type LinkToMint = {
  /** The name the rendered text uses for the URL. */
  name: string;
  kind: 'answer' | 'status';
  /** The URL path before the token, e.g. /school/requests/ */
  path: string;
  schoolBrin: string;
  requestId?: string;
  caseId?: string;
  expiresAt: string;
};

export type OutgoingMail = {
  key: string;
  effectKey: string;
  caseId: string;
  requestId?: string;
  kind: string;
  to: string | null;
  subject: string;
  links: LinkToMint[];
  render(urls: Record<string, string>): { text: string; html: string };
};

export type OutboxDeps = {
  prisma: Db;
  mailer: Transporter;
  from: string;
  baseUrl: string;
  log?: { warn(attrs: Record<string, unknown>, message: string): void };
  /** How long a claim protects a send in progress; longer than the SMTP timeouts (platform/mailer.ts). */
  leaseMs?: number;
  now?: () => Date;
};

export type OutboxResult = Exclude<OutboxStatus, 'pending' | 'sending'>;

export const SEND_LEASE_MS = 2 * 60_000;

/** A Message-ID that is the same for every attempt of one message, so copies can be recognized. */
export function messageIdFor(key: string, from: string): string {
  const domain = /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? 'verzuimregie.invalid';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

export async function sendOnce(deps: OutboxDeps, mail: OutgoingMail): Promise<OutboxResult> {
  const { prisma } = deps;
  const now = deps.now?.() ?? new Date();
  await prisma.emailMessage.createMany({
    data: [
      {
        key: mail.key,
        effectKey: mail.effectKey,
        caseId: mail.caseId,
        requestId: mail.requestId ?? null,
        kind: mail.kind,
        recipient: mail.to,
        subject: mail.subject,
        messageId: messageIdFor(mail.key, deps.from),
        ...(mail.to ? {} : { status: 'skipped', lastError: 'no e-mail address for the school in the melding' }),
      },
    ],
    skipDuplicates: true,
  });
  if (!mail.to) {
    await tellConsultant(prisma, mail, 'skipped');
    return 'skipped';
  }

  const urls = await prisma.$transaction(async (tx) => {
    const claimed = await tx.emailMessage.updateMany({
      where: { key: mail.key, status: 'pending' },
      data: { status: 'sending', claimedAt: now, attempts: { increment: 1 } },
    });
    if (claimed.count === 0) return null;
    // Links of an earlier attempt that certainly did not go out are dropped with it.
    await tx.schoolLink.deleteMany({ where: { emailKey: mail.key } });
    const minted: Record<string, string> = {};
    const rows = mail.links.map((l) => {
      const { token, hash } = newLinkToken();
      minted[l.name] = `${deps.baseUrl}${l.path}${token}`;
      return { tokenHash: hash, kind: l.kind, requestId: l.requestId ?? null, caseId: l.caseId ?? null, schoolBrin: l.schoolBrin, emailKey: mail.key, expiresAt: new Date(l.expiresAt) };
    });
    if (rows.length) await tx.schoolLink.createMany({ data: rows });
    return minted;
  });

  const row = await prisma.emailMessage.findUniqueOrThrow({ where: { key: mail.key } });
  if (!urls) {
    const step = outboxStep({ status: row.status, claimedAt: row.claimedAt?.toISOString() ?? null }, now.toISOString(), deps.leaseMs ?? SEND_LEASE_MS);
    if (step === 'done') return row.status as OutboxResult;
    if (step === 'in-progress') throw ApplicationFailure.retryable(`e-mail ${mail.key} is being sent by another attempt`, 'EmailSendInProgress');
    const settled = await prisma.emailMessage.updateMany({
      where: { key: mail.key, status: 'sending', claimedAt: row.claimedAt },
      data: { status: 'unconfirmed', lastError: 'an earlier attempt stopped during the send; not sent again, since it may have reached the school' },
    });
    if (settled.count) await tellConsultant(prisma, mail, 'unconfirmed');
    deps.log?.warn({ key: mail.key, caseId: mail.caseId }, 'e-mail send was interrupted; settled as unconfirmed, not resent');
    return 'unconfirmed';
  }

  const body = mail.render(urls);
  let response: string;
  try {
    const info = await deps.mailer.sendMail({
      from: deps.from,
      to: mail.to!,
      subject: mail.subject,
      text: body.text,
      html: body.html,
      messageId: row.messageId,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
    response = String((info as { response?: unknown }).response ?? 'accepted');
  } catch (err) {
    const failure = sendFailure(err as SendErrorFacts);
    if (failure === 'retry') {
      await prisma.emailMessage.update({ where: { key: mail.key }, data: { status: 'pending', lastError: describe(err) } });
      throw err; // the activity fails and Temporal retries it
    }
    const status = failure === 'refused' ? 'failed' : 'unconfirmed';
    await prisma.emailMessage.update({ where: { key: mail.key }, data: { status, lastError: describe(err) } });
    await tellConsultant(prisma, mail, status);
    deps.log?.warn({ key: mail.key, caseId: mail.caseId, status, err: describe(err) }, 'e-mail not delivered for certain');
    return status;
  }
  // Outside the try: a failure to record the send must not be taken for a failed send.
  await prisma.emailMessage.update({ where: { key: mail.key }, data: { status: 'sent', sentAt: new Date(), smtpResponse: response.slice(0, 500), lastError: null } });
  return 'sent';
}

/** A message that may not have reached the school: the consultant should call it. Once per message. */
async function tellConsultant(prisma: Db, mail: OutgoingMail, status: 'unconfirmed' | 'failed' | 'skipped'): Promise<void> {
  const projected = await prisma.case.findUnique({ where: { id: mail.caseId }, select: { consultantId: true } });
  const what = {
    failed: 'was refused by the mail server',
    unconfirmed: 'may not have been delivered (the send was interrupted)',
    skipped: 'was not sent: the melding has no e-mail address for the school',
  }[status];
  await prisma.notification.createMany({
    data: [{ id: `${mail.key}:niet-bezorgd`, caseId: mail.caseId, recipientRole: 'consultant', recipientId: projected?.consultantId ?? null, topic: 'school-mail-niet-bezorgd', message: `The e-mail '${mail.subject}' to the school ${what}; contact the school.` }],
    skipDuplicates: true,
  });
}
