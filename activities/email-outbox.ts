import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import { outboxStep, sendFailure, type OutboxStatus, type SendErrorFacts } from '../domain/email-outbox';
import { newLinkToken } from '../platform/link-tokens';
import type { Db } from '../prisma/client';
import { deliverNotification } from './notifications';

/**
 * The e-mail outbox: every message to a school is a row in PostgreSQL, unique on its idempotency
 * key, with a Message-ID derived from that key. It is sent until a server has certainly taken it:
 *
 * 1. insert the row (a duplicate key is skipped: a retried activity finds the row of the first);
 * 2. claim it: 'pending' (or a claim whose lease ran out) -> 'sending' in one UPDATE, in the same
 *    transaction as the message's links (fresh tokens; only their hashes are stored);
 * 3. send over SMTP with the row's Message-ID;
 * 4. mark it 'sent' with the server's reply.
 *
 * An attempt that finds 'sent' does nothing; one that finds a live claim fails retryably and
 * Temporal tries again later. A claim older than the lease means its attempt died between 2 and 4
 * (issue 11, observation 6: a worker SIGKILLed while sending): the message is sent again with the
 * same Message-ID, and so is one whose connection broke during the exchange. If the first copy
 * did reach the school, its mail server and client recognize the second by the Message-ID and
 * show one message; the links of every copy keep working, so whichever copy the school keeps is
 * answerable. Losing a message is worse than a copy the receiver drops. A message that cannot be
 * confirmed after MAX_SEND_ATTEMPTS is settled as 'unconfirmed' and the consultant told; one
 * refused for good (5xx) as 'failed'. A send that certainly did not go out (see sendFailure)
 * drops its links and is retried.
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

/** Longer than a live send can take (the SMTP timeouts in platform/mailer.ts add up to 40 s). */
export const SEND_LEASE_MS = 60_000;
/** Attempts that may each have reached the server before the message is settled as 'unconfirmed'. */
export const MAX_SEND_ATTEMPTS = 8;

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

  const lease = deps.leaseMs ?? SEND_LEASE_MS;
  const urls = await prisma.$transaction(async (tx) => {
    // A pending message, or one whose sender died mid-send (its lease ran out): claim it.
    const claimed = await tx.emailMessage.updateMany({
      where: { key: mail.key, OR: [{ status: 'pending' }, { status: 'sending', OR: [{ claimedAt: null }, { claimedAt: { lt: new Date(now.getTime() - lease) } }] }] },
      data: { status: 'sending', claimedAt: now, attempts: { increment: 1 } },
    });
    if (claimed.count === 0) return null;
    const minted: Record<string, string> = {};
    const rows = mail.links.map((l) => {
      const { token, hash } = newLinkToken();
      minted[l.name] = `${deps.baseUrl}${l.path}${token}`;
      return { tokenHash: hash, kind: l.kind, requestId: l.requestId ?? null, caseId: l.caseId ?? null, schoolBrin: l.schoolBrin, emailKey: mail.key, expiresAt: new Date(l.expiresAt) };
    });
    if (rows.length) await tx.schoolLink.createMany({ data: rows });
    return { minted, hashes: rows.map((r) => r.tokenHash) };
  });

  const row = await prisma.emailMessage.findUniqueOrThrow({ where: { key: mail.key } });
  if (!urls) {
    const step = outboxStep({ status: row.status, claimedAt: row.claimedAt?.toISOString() ?? null }, now.toISOString(), lease);
    if (step === 'done') return row.status as OutboxResult;
    // A live claim; or an expired one that another attempt re-claimed a moment ago.
    throw ApplicationFailure.retryable(`e-mail ${mail.key} is being sent by another attempt`, 'EmailSendInProgress');
  }
  if (row.attempts > MAX_SEND_ATTEMPTS) {
    await prisma.emailMessage.updateMany({ where: { key: mail.key, status: 'sending', claimedAt: now }, data: { status: 'unconfirmed', lastError: `not confirmed by a mail server after ${MAX_SEND_ATTEMPTS} attempts` } });
    await tellConsultant(prisma, mail, 'unconfirmed');
    return 'unconfirmed';
  }
  if (row.attempts > 1) deps.log?.warn({ key: mail.key, caseId: mail.caseId, attempt: row.attempts }, 'e-mail sent again with the same Message-ID after an interrupted attempt');

  const body = mail.render(urls.minted);
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
    if (failure === 'refused') {
      await prisma.emailMessage.update({ where: { key: mail.key }, data: { status: 'failed', lastError: describe(err) } });
      await tellConsultant(prisma, mail, 'failed');
      deps.log?.warn({ key: mail.key, caseId: mail.caseId, err: describe(err) }, 'e-mail refused by the mail server');
      return 'failed';
    }
    // 'retry': certainly not taken, its links were never seen. 'unknown': perhaps taken, so its
    // links stay valid; the next attempt sends again under the same Message-ID.
    if (failure === 'retry') await prisma.schoolLink.deleteMany({ where: { tokenHash: { in: urls.hashes } } });
    await prisma.emailMessage.update({ where: { key: mail.key }, data: { status: 'pending', lastError: describe(err) } });
    throw err; // the activity fails and Temporal retries it
  }
  // Outside the try: a failure to record the send must not be taken for a failed send.
  await prisma.emailMessage.update({ where: { key: mail.key }, data: { status: 'sent', sentAt: new Date(), smtpResponse: response.slice(0, 500), lastError: null } });
  return 'sent';
}

/** A message that may not have reached the school: the consultant (or team lead) should call it. Once per message. */
async function tellConsultant(prisma: Db, mail: OutgoingMail, status: 'unconfirmed' | 'failed' | 'skipped'): Promise<void> {
  const what = {
    failed: 'was refused by the mail server',
    unconfirmed: 'could not be confirmed by a mail server after repeated attempts',
    skipped: 'was not sent: the melding has no e-mail address for the school',
  }[status];
  await deliverNotification(prisma, {
    key: `${mail.key}:niet-bezorgd`,
    caseId: mail.caseId,
    recipientRole: 'consultant',
    recipientId: null,
    topic: 'school-mail-niet-bezorgd',
    message: `The e-mail '${mail.subject}' to the school ${what}; contact the school.`,
  });
}
