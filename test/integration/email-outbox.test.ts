import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import { MAX_SEND_ATTEMPTS, sendOnce, SEND_LEASE_MS, type OutboxDeps, type OutgoingMail } from '../../activities/email-outbox';
import { hashLinkToken } from '../../platform/link-tokens';
import { createPrisma, type Db } from '../../prisma/client';
import { uniqueId } from '../support/fixtures';
import { linksIn, startTestSmtp, type TestSmtp } from '../support/smtp-server';
import { stack } from '../support/stack-env';

/**
 * The outbox against a real SMTP server and PostgreSQL: every way an attempt can end, and what the
 * next attempt (Temporal's retry of the activity) then does. Nothing is lost; a message whose send
 * was interrupted goes again under the same Message-ID, so the receiver sees one message.
 */
describe('e-mail outbox: never lost, one Message-ID across retries and crashes', () => {
  let prisma: Db;
  let smtp: TestSmtp;
  let real: Transporter;

  beforeAll(async () => {
    prisma = createPrisma(stack().databaseUrl);
    smtp = await startTestSmtp();
    real = smtp.transport();
  });
  afterAll(async () => {
    await smtp?.close();
    await prisma?.$disconnect();
  });

  const deps = (over: Partial<OutboxDeps> = {}): OutboxDeps => ({ prisma, mailer: real, from: 'Leerplicht <leerplicht@lvs.test>', baseUrl: 'https://lvs.test', ...over });
  const aMail = (to = `${uniqueId('school')}@school.example`): OutgoingMail => {
    const requestId = uniqueId('case-m-school');
    return {
      key: `${requestId}:request`,
      effectKey: `case-m:1:0`,
      caseId: uniqueId('case-m'),
      requestId,
      kind: 'school-request',
      to,
      subject: 'Verzoek om verzuiminformatie',
      links: [{ name: 'answer', kind: 'answer', path: '/school/requests/', schoolBrin: '12AB', requestId, caseId: 'case-m', expiresAt: '2099-01-01T00:00:00.000Z' }],
      render: (urls) => ({ text: `Link: ${urls.answer}`, html: `<a href="${urls.answer}">link</a>` }),
    };
  };
  const received = (to: string) => smtp.messages.filter((m) => m.to.includes(to));
  const row = (key: string) => prisma.emailMessage.findUniqueOrThrow({ where: { key } });

  test('sent once; a retry after success sends nothing; the link in it is stored only as a hash', async () => {
    const mail = aMail();
    expect(await sendOnce(deps(), mail)).toBe('sent');
    expect(await sendOnce(deps(), mail)).toBe('sent');
    expect(received(mail.to!)).toHaveLength(1);
    const message = received(mail.to!)[0]!;
    const r = await row(mail.key);
    expect(r).toMatchObject({ status: 'sent', attempts: 1, recipient: mail.to, caseId: mail.caseId });
    expect(message.parsed.messageId).toBe(r.messageId);
    expect(message.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const token = linksIn(message).answer!.split('/').pop()!;
    const links = await prisma.schoolLink.findMany({ where: { emailKey: mail.key } });
    expect(links.map((l) => l.tokenHash)).toEqual([hashLinkToken(token)]);
    expect(JSON.stringify({ r, links })).not.toContain(token);
  });

  test('a crash between the send and its record: after the lease it goes again, same Message-ID, both copies answerable', async () => {
    const mail = aMail();
    // The worker "dies" right after the server took the message: the attempt never records it.
    const dying = { sendMail: async (m: object) => { await real.sendMail(m); return new Promise(() => undefined); } } as unknown as Transporter;
    void sendOnce(deps({ mailer: dying }), mail);
    await smtp.waitFor((m) => m.to.includes(mail.to!));
    expect((await row(mail.key)).status).toBe('sending');

    // Temporal retries while the claim is young: the attempt waits (a retryable failure), no send.
    const early = await sendOnce(deps(), mail).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(ApplicationFailure);
    expect(early).toMatchObject({ type: 'EmailSendInProgress', nonRetryable: false });

    // After the lease the dead attempt's claim is taken over and the message sent again.
    const later = () => new Date(Date.now() + SEND_LEASE_MS + 1_000);
    expect(await sendOnce(deps({ now: later }), mail)).toBe('sent');
    expect(await sendOnce(deps({ now: later }), mail)).toBe('sent');
    const copies = received(mail.to!);
    const r = await row(mail.key);
    expect(copies.map((c) => c.parsed.messageId)).toEqual([r.messageId, r.messageId]);
    expect(r).toMatchObject({ status: 'sent', attempts: 2 });
    // Whichever copy the school's mail system keeps, its link works.
    const hashes = (await prisma.schoolLink.findMany({ where: { emailKey: mail.key } })).map((l) => l.tokenHash).sort();
    expect(hashes).toEqual(copies.map((c) => hashLinkToken(linksIn(c).answer!.split('/').pop()!)).sort());
    expect(await prisma.notification.count({ where: { caseId: mail.caseId } })).toBe(0);
  });

  test('the connection breaks after the server took the message: sent again under the same Message-ID', async () => {
    const mail = aMail();
    const breaking = {
      sendMail: async (m: object) => {
        await real.sendMail(m);
        throw Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' });
      },
    } as unknown as Transporter;
    await expect(sendOnce(deps({ mailer: breaking }), mail)).rejects.toMatchObject({ code: 'ECONNECTION' });
    expect(await row(mail.key)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await sendOnce(deps(), mail)).toBe('sent');
    const r = await row(mail.key);
    expect(received(mail.to!).map((c) => c.parsed.messageId)).toEqual([r.messageId, r.messageId]);
  });

  test('a message no server confirms is settled as unconfirmed after the last attempt, and the consultant told', async () => {
    const mail = aMail();
    const breaking = { sendMail: async () => Promise.reject(Object.assign(new Error('Connection closed unexpectedly'), { code: 'ECONNECTION' })) } as unknown as Transporter;
    for (let i = 0; i < MAX_SEND_ATTEMPTS; i++) await expect(sendOnce(deps({ mailer: breaking }), mail)).rejects.toMatchObject({ code: 'ECONNECTION' });
    expect(await sendOnce(deps({ mailer: breaking }), mail)).toBe('unconfirmed');
    expect(await sendOnce(deps(), mail)).toBe('unconfirmed');
    expect(await row(mail.key)).toMatchObject({ status: 'unconfirmed' });
    expect(await prisma.notification.findMany({ where: { caseId: mail.caseId } })).toEqual([expect.objectContaining({ topic: 'school-mail-niet-bezorgd' })]);
  });

  test('a temporary refusal (451) is retried with a fresh link; exactly one message arrives', async () => {
    const mail = aMail();
    smtp.refuseNext(1, 451);
    const first = await sendOnce(deps(), mail).catch((e: unknown) => e as { responseCode?: number });
    expect(first).toMatchObject({ responseCode: 451 });
    expect(await row(mail.key)).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('451') });
    // The link of the attempt that certainly never went out is dropped at once.
    expect(await prisma.schoolLink.count({ where: { emailKey: mail.key } })).toBe(0);

    expect(await sendOnce(deps(), mail)).toBe('sent');
    expect(received(mail.to!)).toHaveLength(1);
    expect(await row(mail.key)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    const token = linksIn(received(mail.to!)[0]!).answer!.split('/').pop()!;
    const links = await prisma.schoolLink.findMany({ where: { emailKey: mail.key } });
    // Only the delivered one exists, and works.
    expect(links.map((l) => l.tokenHash)).toEqual([hashLinkToken(token)]);
  });

  test('a permanent refusal (550) is recorded as failed, the consultant is told, nothing is retried', async () => {
    const mail = aMail();
    smtp.refuseNext(1, 550);
    expect(await sendOnce(deps(), mail)).toBe('failed');
    expect(await sendOnce(deps(), mail)).toBe('failed');
    expect(received(mail.to!)).toHaveLength(0);
    expect(await row(mail.key)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('550') });
    expect(await prisma.notification.count({ where: { caseId: mail.caseId, topic: 'school-mail-niet-bezorgd' } })).toBe(1);
  });

  test('no SMTP server listening: the attempt fails and is retried later', async () => {
    const mail = aMail();
    const closed = await startTestSmtp();
    const port = closed.port;
    await closed.close();
    const nowhere = (await import('nodemailer')).default.createTransport({ host: '127.0.0.1', port, secure: false, connectionTimeout: 2_000 });
    await expect(sendOnce(deps({ mailer: nowhere }), mail)).rejects.toMatchObject({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' });
    expect(await row(mail.key)).toMatchObject({ status: 'pending' });
    expect(await sendOnce(deps(), mail)).toBe('sent');
    expect(received(mail.to!)).toHaveLength(1);
  });

  test('no address: recorded as skipped, nothing sent, the consultant is told', async () => {
    const mail = { ...aMail(), to: null };
    expect(await sendOnce(deps(), mail)).toBe('skipped');
    expect(await row(mail.key)).toMatchObject({ status: 'skipped', attempts: 0 });
    expect(await prisma.notification.count({ where: { caseId: mail.caseId, topic: 'school-mail-niet-bezorgd' } })).toBe(1);
  });
});
