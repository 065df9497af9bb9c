import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { createPrisma, type Db } from '../../prisma/client';
import { eventually } from '../support/eventually';
import { aMelding, uniqueId } from '../support/fixtures';
import { apiClient, caseStateUntil, startApp, type RunningApp } from '../support/processes';
import { startTestSmtp, type TestSmtp } from '../support/smtp-server';
import { stack } from '../support/stack-env';

/**
 * Issue 11, observation 6: a worker SIGKILLed while it sent school e-mails left them 'unconfirmed'
 * and never sent: the school was simply not asked. Here the SMTP server reads the first message
 * and never answers, the worker is killed in the middle of that send and started again: the
 * e-mail must reach the server, under the Message-ID the outbox gave it.
 */
describe('a worker restart: an interrupted school e-mail is sent again with the same Message-ID; a waiting case moves on', () => {
  let app: RunningApp;
  let smtp: TestSmtp;
  let prisma: Db;
  let temporalClient: Client;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    app = await startApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_FROM: 'Leerplicht <leerplicht@lvs.test>', EMAIL_SEND_LEASE_MS: '10000' });
    prisma = createPrisma(stack().databaseUrl);
    temporalClient = new Client({ connection: await Connection.connect({ address: stack().temporalAddress }) });
  });
  afterAll(async () => {
    await temporalClient?.connection.close();
    await app?.stop();
    await smtp?.close();
    await prisma?.$disconnect();
  });

  test('SIGKILL during the SMTP exchange: after the restart the request e-mail arrives, once, with its Message-ID', async () => {
    const email = `${uniqueId('verzuim')}@school.example`;
    smtp.stallNext(1);
    const school = apiClient(app.baseUrl, { id: 'school-12ab', role: 'school', schoolBrin: '12AB' });
    const created = await school.post('/api/meldingen', aMelding({ melder: { name: 'J. Jansen', function: 'verzuimcoördinator', email } }));
    expect(created.status).toBe(201);

    const deadline = Date.now() + 60_000;
    while (!smtp.stalled.some((to) => to.includes(email))) {
      if (Date.now() > deadline) throw new Error(`the worker never began sending to ${email}:\n${app.logs().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const row = await prisma.emailMessage.findFirstOrThrow({ where: { caseId: created.body.caseId, kind: 'school-request' } });
    expect(row.status).toBe('sending');
    app.kill('worker', 'SIGKILL');
    await app.restartWorker();

    const mail = await smtp.waitFor((m) => m.to.includes(email), 180_000);
    expect(mail.parsed.messageId).toBe(row.messageId);
    expect(smtp.messages.filter((m) => m.to.includes(email))).toHaveLength(1);
    // The server has the message once it answered 250; the worker records 'sent' after that answer
    // reaches it (a loaded run read 'sending' in between).
    const after = await eventually(() => prisma.emailMessage.findUniqueOrThrow({ where: { key: row.key } }), (r) => r.status !== 'sending', { timeoutMs: 30_000, what: `e-mail ${row.key} recorded after its 250` });
    expect(after).toMatchObject({ status: 'sent', messageId: row.messageId });
    expect(after.attempts).toBeGreaterThanOrEqual(2);

    // The killed attempt was given up when its heartbeats stopped (activities/heartbeat.ts), not
    // when the 30 s start-to-close timeout ran out: the attempt that sent says what ended the one before.
    const history = await temporalClient.workflow.getHandle(created.body.caseId).fetchHistory();
    const scheduled = history.events!.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'requestSchoolInformation')!;
    const started = history.events!.find((e) => e.activityTaskStartedEventAttributes && Number(e.activityTaskStartedEventAttributes.scheduledEventId) === Number(scheduled.eventId))!;
    // Attempt 2 comes 10 s (the retry interval) after the heartbeat timeout, when the 10 s lease of the killed claim has run out.
    const { attempt, lastFailure } = started.activityTaskStartedEventAttributes!;
    expect({ attempt, timeoutType: lastFailure?.timeoutFailureInfo?.timeoutType }).toEqual({ attempt: 2, timeoutType: temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_HEARTBEAT });
    expect(scheduled.activityTaskScheduledEventAttributes!.heartbeatTimeout?.seconds?.toString()).toBe('10');
  }, 300_000);

  // Here rather than in case-walkthrough.test.ts, which runs on the shared worker: a restart needs a worker of the file's own.
  test('a case waiting on the school survives a worker restart and moves on after it', async () => {
    const api = apiClient(app.baseUrl);
    const created = await apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' }).post('/api/meldingen', aMelding());
    expect(created.status).toBe(201);
    const caseId = created.body.caseId as string;
    await caseStateUntil(api, app, caseId, (s) => s.step !== null);
    await app.restartWorker();
    const answered = await api.post(`/api/cases/${caseId}/school-information`, { contactPerson: 'M. de Boer' });
    expect(answered.status).toBe(202);
    const state = await caseStateUntil(api, app, caseId, (s) => s.step === 'hoorgesprek');
    expect(state.schoolRequest.answer.contactPerson).toBe('M. de Boer');
  });
});
