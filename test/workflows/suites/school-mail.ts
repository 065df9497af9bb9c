import request from 'supertest';
import { createApp } from '../../../api/app';
import { parseConfig } from '../../../platform/config';
import { hashLinkToken } from '../../../platform/link-tokens';
import { createLogger } from '../../../platform/logger';
import { Prisma } from '../../../prisma/client';
import { caseWorkflowId } from '../../../workflows/messages';
import { CaseDriver } from '../../support/case-driver';
import { eventually } from '../../support/eventually';
import { aMelding, aSummary, bornYearsBefore, seedYouth, today, uniqueId } from '../../support/fixtures';
import { linksIn, type ReceivedMail } from '../../support/smtp-server';
import { stack } from '../../support/stack-env';
import { sleepUntil } from '../../support/workflow-env';
import { t, smtp, BASE, DAY } from './shared-env';

/**
 * The e-mails of an information request on the time-skipping server, received by a real SMTP
 * server on loopback: the request, the reminder before the deadline, the one after it, then the
 * consultant is told, each exactly once. The links are answered through the API app in-process.
 */
describe('case workflow: e-mail to the school', () => {
  let app: ReturnType<typeof createApp>;

  beforeAll(() => {
    const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: stack().databaseUrl, OIDC_ISSUER: stack().issuer, OIDC_JWKS_URL: stack().jwksUrl });
    app = createApp({ prisma: t.prisma, client: t.env.client, config, log: createLogger('api', 'silent') });
  });

  /** A case whose melding (with the melder's e-mail address) is in PostgreSQL, as the API stores it. */
  const newCase = async () => {
    const youthId = await seedYouth(t.prisma, bornYearsBefore(today(), 14));
    const summary = aSummary();
    const email = `${uniqueId('verzuim')}@school.example`;
    const melding = aMelding({
      meldingId: summary.meldingId,
      reportDate: summary.reportDate,
      startDate: summary.startDate,
      endDate: summary.endDate,
      melder: { name: 'J. Jansen', function: 'verzuimcoördinator', email },
    });
    await t.prisma.melding.create({
      data: { id: summary.meldingId, youthId, caseId: caseWorkflowId(summary.meldingId), kind: 'zestien-uur', gemeente: 'GM0505', schoolBrin: '12AB', reportDate: summary.reportDate, payload: melding as unknown as Prisma.InputJsonValue, deliveredAt: new Date() },
    });
    const c = await CaseDriver.start(t.env.client, t.taskQueue, summary, youthId);
    const s = await c.waitFor((x) => x.step === 'school-informatie');
    return { c, s, email, deadline: s.deadlines.find((d) => d.kind === 'school-informatie')! };
  };
  /** The case's outbox rows once each is in a final state (sent, unconfirmed, skipped). */
  const settledOutbox = (caseId: string) =>
    eventually(() => t.prisma.emailMessage.findMany({ where: { caseId } }), (rows) => rows.length > 0 && rows.every((r) => r.status !== 'pending' && r.status !== 'sending'), { what: `the outbox rows of ${caseId} in a final state` });
  const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));
  const subjects = (email: string) => mailsTo(email).map((m) => m.parsed.subject);
  const local = (url: string) => url.replace(BASE, '');
  const tokenOf = (url: string) => url.split('/').pop()!;
  const answer = (m: ReceivedMail, body: Record<string, unknown>) =>
    request(app).post(local(linksIn(m).answer!)).set('accept', 'application/json').send(body);

  test('the request: one e-mail to the melder, with a link to answer and a status link, stored only as hashes', () =>
    t.withWorker(async () => {
      const { s, email, c } = await newCase();
      const mail = await smtp.waitFor((m) => m.to.includes(email));
      expect(mail.parsed.from?.text).toBe('"Leerplicht ZHZ" <leerplicht@lvs.test>');
      expect(mail.parsed.subject).toMatch(/^Verzoek om verzuiminformatie \(melding m-/);
      expect(mail.parsed.text).toContain('Sem de Vries (klas 3B)');
      expect(mail.parsed.html).toContain('<html lang="nl">');
      const links = linksIn(mail);
      expect(links.answer).toMatch(new RegExp(`^${BASE}/school/requests/[A-Za-z0-9_-]{43}$`));
      expect(links.status).toMatch(new RegExp(`^${BASE}/school/status/[A-Za-z0-9_-]{43}$`));

      const stored = await t.prisma.schoolLink.findMany({ where: { emailKey: `${s.schoolRequest!.requestId}:request` }, orderBy: { kind: 'asc' } });
      expect(stored.map((l) => [l.kind, l.tokenHash])).toEqual([
        ['answer', hashLinkToken(tokenOf(links.answer!))],
        ['status', hashLinkToken(tokenOf(links.status!))],
      ]);
      // The answer link works until the deadline plus the grace period (14 days by default).
      expect(stored[0]!.expiresAt.toISOString()).toBe(new Date(new Date(s.schoolRequest!.dueAt).getTime() + 14 * DAY).toISOString());
      expect(stored[0]).toMatchObject({ requestId: s.schoolRequest!.requestId, caseId: c.caseId, schoolBrin: '12AB' });
      expect(await t.prisma.schoolRequest.findUniqueOrThrow({ where: { id: s.schoolRequest!.requestId } })).toMatchObject({ recipient: email, status: 'open' });
      // The SMTP server has the mail before the worker hears its 250 and marks the row sent.
      expect(await settledOutbox(c.caseId)).toEqual([expect.objectContaining({ kind: 'school-request', status: 'sent', attempts: 1, recipient: email })]);
    }));

  test('unanswered: reminder 1 before the deadline, reminder 2 after it, then the consultant is told; each exactly once', () =>
    t.withWorker(async () => {
      const { c, s, email, deadline } = await newCase();
      const request1 = await smtp.waitFor((m) => m.to.includes(email));

      await sleepUntil(t.env, deadline.remindAt!);
      await smtp.waitFor((m) => m.to.includes(email) && /^Herinnering/.test(m.parsed.subject ?? ''));
      await c.waitFor((x) => x.schoolRequest!.remindersSent === 1);
      expect(subjects(email)).toHaveLength(2);

      await sleepUntil(t.env, deadline.secondRemindAt!);
      const reminder2 = await smtp.waitFor((m) => m.to.includes(email) && /^Tweede herinnering/.test(m.parsed.subject ?? ''));
      expect(reminder2.parsed.text).toContain('verstreken');

      await sleepUntil(t.env, deadline.escalateAt!);
      const escalated = await c.waitFor((x) => x.step === 'hoorgesprek');
      expect(escalated.schoolRequest!.escalatedAt).toBeDefined();
      const notes = await t.prisma.notification.findMany({ where: { caseId: c.caseId, topic: 'school-informatie-uitgebleven' } });
      expect(notes).toHaveLength(1);
      // No consultant or team lead is known for this gemeente here: the team inbox gets what is meant for them (nothing is addressed to nobody).
      expect(notes[0]).toMatchObject({ recipientRole: 'team' });

      // Exactly one of each, also after the escalation.
      expect(subjects(email).map((x) => x!.split(':')[0]!.split(' (')[0])).toEqual(['Verzoek om verzuiminformatie', 'Herinnering', 'Tweede herinnering']);
      const rows = await t.prisma.emailMessage.findMany({ where: { caseId: c.caseId }, orderBy: { createdAt: 'asc' } });
      expect(rows.map((r) => [r.kind, r.status, r.attempts])).toEqual([
        ['school-request', 'sent', 1],
        ['school-reminder-1', 'sent', 1],
        ['school-reminder-2', 'sent', 1],
      ]);

      // After the second reminder and the escalation, the links still work until they expire:
      // the first e-mail's link is open, and a late answer reaches the case.
      const opened = await request(app).get(local(linksIn(request1).answer!)).set('accept', 'application/json');
      expect(opened.status).toBe(200);
      expect(opened.body).toMatchObject({ answered: false, request: { requestId: s.schoolRequest!.requestId } });
      const late = await answer(reminder2, { contactPerson: 'J. Jansen', schoolActions: 'Thuisbezoek gedaan' });
      expect(late.status).toBe(200);
      const answered = await c.waitFor((x) => x.schoolRequest?.answeredAt !== undefined);
      expect(answered.schoolRequest!.answer).toMatchObject({ contactPerson: 'J. Jansen', schoolActions: 'Thuisbezoek gedaan', requestId: s.schoolRequest!.requestId });
      expect((await answer(request1, { contactPerson: 'J. Jansen' })).status).toBe(409);
    }));

  test('the school answers through the link: the case moves on at once and no reminder follows', () =>
    t.withWorker(async () => {
      const { c, email, deadline } = await newCase();
      const mail = await smtp.waitFor((m) => m.to.includes(email));
      const res = await request(app)
        .post(local(linksIn(mail).answer!))
        .type('form')
        .send({ 'week-0-start': '2026-10-19', 'week-0-hours': '6', lessonsMissed: '9', schoolActions: 'Gesprek met ouders', careSignals: '', contactPerson: 'J. Jansen' });
      expect(res.status).toBe(200);
      expect(res.text).toContain('Bedankt voor uw informatie');
      const s = await c.waitFor((x) => x.step === 'hoorgesprek');
      expect(s.schoolRequest!.answer).toMatchObject({ absencePerWeek: [{ weekStart: '2026-10-19', hoursAbsent: 6 }], lessonsMissed: 9 });
      // The school's signal names the school as the actor in the history.
      expect(s.lastActor).toEqual({ id: 'school-12AB', role: 'school' });
      await sleepUntil(t.env, deadline.escalateAt!);
      await c.waitFor((x) => x.step === 'hoorgesprek');
      expect(subjects(email)).toHaveLength(1);
    }));

  test('a send the mail server refuses for a moment is retried by Temporal, and arrives once', () =>
    t.withWorker(async () => {
      smtp.refuseNext(1, 451);
      const { c, email } = await newCase();
      await smtp.waitFor((m) => m.to.includes(email));
      expect(await settledOutbox(c.caseId)).toEqual([expect.objectContaining({ status: 'sent', attempts: 2 })]);
      expect(mailsTo(email)).toHaveLength(1);
    }));
});
