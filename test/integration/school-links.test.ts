import fs from 'node:fs';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { createPrisma, type Db } from '../../prisma/client';
import { aMelding, testBsn, uniqueId } from '../support/fixtures';
import { apiClient, sharedApp, type RunningApp } from '../support/processes';
import { linksIn, sharedMailbox, type ReceivedMail, type SharedMailbox } from '../support/smtp-server';
import { stack } from '../support/stack-env';

/** SCHOOL_LINK_RATE_LIMIT of the shared app: the default. */
const RATE_LIMIT = 20;

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string; json: any };

/** One HTTP request, optionally from another loopback address (another client, for the rate limit). */
function call(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; localAddress?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers, localAddress: opts.localAddress }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: any = null;
        try {
          json = JSON.parse(text);
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };
const FORM_HEADERS = { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/**
 * Issue 5 end to end: the real api and worker processes, a Temporal dev server, PostgreSQL and a
 * real SMTP server on loopback (with authentication). A melding is POSTed, the school's contact
 * receives the e-mail, opens the link, answers, and the case moves on; every bad input is refused
 * with its exact status and message. The api, worker and SMTP server are the shared ones (the
 * global setup's: SMTP user lvs-mailer, sender leerplicht@lvs.test, links to the api itself); this
 * file finds its own mail by the recipient addresses it makes up.
 */
describe('school links over HTTP with a real SMTP exchange', () => {
  let app: RunningApp;
  let smtp: SharedMailbox;
  let prisma: Db;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    smtp = sharedMailbox();
    app = sharedApp();
    api = apiClient(app.baseUrl);
    prisma = createPrisma(stack().databaseUrl);
  });
  afterAll(async () => {
    await prisma?.$disconnect();
  });

  /** A melding from a school whose contact has an address of its own, and the e-mail it gets. */
  const meldAndReceive = async (overrides: Parameters<typeof aMelding>[0] = {}) => {
    const email = `${uniqueId('verzuim')}@school.example`;
    const melding = aMelding({ melder: { name: 'J. Jansen', function: 'verzuimcoördinator', email }, ...overrides });
    const res = await api.post('/api/meldingen', melding);
    expect(res.status).toBe(201);
    const mail = await smtp.waitFor((m) => m.to.includes(email), 30_000);
    return { melding, caseId: res.body.caseId as string, email, mail, links: linksIn(mail) };
  };
  const caseReaches = async (caseId: string, pred: (body: any) => boolean) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const res = await api.get(`/api/cases/${caseId}`);
      if (res.status === 200 && pred(res.body)) return res.body;
      if (Date.now() > deadline) throw new Error(`case never reached the state: ${JSON.stringify(res.body?.state?.step)}\n${app.logs()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const wrongToken = () => randomBytes(32).toString('base64url');

  test('a melding e-mails the school; it opens the link, answers without an account, and the case moves on at once', async () => {
    const { melding, caseId, email, mail, links } = await meldAndReceive();
    // The e-mail: from the configured sender, over an authenticated SMTP session, Dutch, no BSN.
    expect(mail.user).toBe('lvs-mailer');
    expect(mail.from).toBe('leerplicht@lvs.test');
    expect(mail.to).toEqual([email]);
    expect(mail.parsed.subject).toBe(`Verzoek om verzuiminformatie (melding ${melding.meldingId})`);
    expect(mail.parsed.text).toContain('Beste J. Jansen,');
    expect(mail.parsed.text).toContain('Sem de Vries (klas 3B)');
    expect(mail.parsed.html).toContain('Informatie doorgeven');
    expect(mail.raw).not.toContain(melding.youth!.bsn!);
    // The link names the public address (PUBLIC_BASE_URL: the shared api's own).
    expect(links.answer).toMatch(new RegExp(`^${app.baseUrl.replace(/[.]/g, '\\.')}/school/requests/[A-Za-z0-9_-]{43}$`));

    // The form: HTML for a browser, no actor headers needed, not cached, no Referer.
    const page = await call(links.answer!, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toContain('<html lang="nl">');
    expect(page.text).toContain('<legend>Verzuim per week</legend>');
    expect(page.text).toContain('<label for="contactPerson">');
    expect(page.text).toContain('Sem de Vries, klas 3B');
    const weeks = [...page.text.matchAll(/name="week-(\d+)-start" value="(\d{4}-\d{2}-\d{2})"/g)].map((m) => m[2]!);
    expect(weeks.length).toBeGreaterThanOrEqual(4);

    // The same as JSON for a client that asks for it.
    const asJson = await call(links.answer!, { headers: { accept: 'application/json' } });
    expect(asJson.status).toBe(200);
    expect(asJson.json).toMatchObject({ answered: false, request: { meldingId: melding.meldingId, pupil: { name: 'Sem de Vries', className: '3B' }, weekStarts: weeks } });
    expect(asJson.text).not.toContain(melding.youth!.bsn!);

    const posted = await call(links.answer!, {
      method: 'POST',
      headers: FORM_HEADERS,
      body: form({ 'week-0-start': weeks[0]!, 'week-0-hours': '4', 'week-1-start': weeks[1]!, 'week-1-hours': '3,5', lessonsMissed: '14', schoolActions: 'Gesprek met mentor en ouders', careSignals: 'Zorgen over de thuissituatie', contactPerson: 'J. Jansen' }),
    });
    expect(posted.status).toBe(200);
    expect(posted.text).toContain('Bedankt voor uw informatie');

    const moved = await caseReaches(caseId, (b) => b.state?.step === 'hoorgesprek');
    expect(moved.state.schoolRequest.answer).toEqual({
      requestId: moved.state.schoolRequest.requestId,
      absencePerWeek: [
        { weekStart: weeks[0], hoursAbsent: 4 },
        { weekStart: weeks[1], hoursAbsent: 3.5 },
      ],
      lessonsMissed: 14,
      schoolActions: 'Gesprek met mentor en ouders',
      careSignals: 'Zorgen over de thuissituatie',
      contactPerson: 'J. Jansen',
    });

    // A second submission is refused, clearly; opening the link again says it was answered.
    const again = await call(links.answer!, { method: 'POST', headers: FORM_HEADERS, body: form({ contactPerson: 'Iemand anders' }) });
    expect(again.status).toBe(409);
    expect(again.text).toContain('Dit verzoek is al beantwoord. Een tweede antwoord wordt niet verwerkt; neem voor aanvullingen contact op met de leerplichtambtenaar.');
    const reopened = await call(links.answer!, { headers: { accept: 'application/json' } });
    expect(reopened.json).toMatchObject({ answered: true, request: { answeredAt: expect.any(String) } });

    // The consultant sees the message recorded with the case; a school cannot.
    const messages = await api.get(`/api/cases/${caseId}/messages`);
    expect(messages.status).toBe(200);
    expect(messages.body.items).toEqual([
      expect.objectContaining({ kind: 'school-request', to: email, status: 'sent', attempts: 1, subject: mail.parsed.subject, messageId: mail.parsed.messageId }),
    ]);
    const asSchool = await apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' }).get(`/api/cases/${caseId}/messages`);
    expect(asSchool.status).toBe(403);
    expect((await api.get('/api/cases/case-unknown-1/messages')).status).toBe(404);
  });

  test('the consultant recorded the information by phone: the link then answers 409 and says so; nothing is lost (issue 12)', async () => {
    const { caseId, links } = await meldAndReceive();
    const recorded = await api.post(`/api/cases/${caseId}/school-information`, { absencePerWeek: [], schoolActions: 'Telefonisch doorgegeven', careSignals: '', contactPerson: 'J. Jansen (telefonisch)' });
    expect(recorded.status).toBe(202);
    // The school, not knowing, answers through its link right after.
    const late = await call(links.answer!, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ absencePerWeek: [], schoolActions: 'Via de link', careSignals: '', contactPerson: 'J. Jansen' }) });
    expect(late.status).toBe(409);
    expect(late.json.error).toMatchObject({ code: 'already-answered', message: expect.stringMatching(/al beantwoord.*contact op met de leerplichtambtenaar/) });
    expect((await call(links.answer!, { headers: { accept: 'application/json' } })).json).toMatchObject({ answered: true });
    const moved = await caseReaches(caseId, (b) => b.state?.step === 'hoorgesprek');
    expect(moved.state.schoolRequest.answer.contactPerson).toBe('J. Jansen (telefonisch)');
  });

  test('an answer as JSON; a second JSON answer gets 409 with the message', async () => {
    const { caseId, links } = await meldAndReceive();
    const body = JSON.stringify({ absencePerWeek: [], schoolActions: 'Gesprek', careSignals: '', contactPerson: 'M. de Boer' });
    const first = await call(links.answer!, { method: 'POST', headers: JSON_HEADERS, body });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ received: true, answeredAt: expect.any(String) });
    const second = await call(links.answer!, { method: 'POST', headers: JSON_HEADERS, body });
    expect(second.status).toBe(409);
    expect(second.json).toEqual({
      error: { code: 'already-answered', message: 'Dit verzoek is al beantwoord. Een tweede antwoord wordt niet verwerkt; neem voor aanvullingen contact op met de leerplichtambtenaar.' },
    });
    await caseReaches(caseId, (b) => b.state?.schoolRequest?.answer?.contactPerson === 'M. de Boer');
  });

  test('an answer stored but never delivered (its signal and the undo both failed: npm run chaos, a PostgreSQL freeze) is taken again and reaches the case', async () => {
    const { caseId, links } = await meldAndReceive();
    await caseReaches(caseId, (b) => b.state?.schoolRequest?.requestId !== undefined);
    const requestId = (await api.get(`/api/cases/${caseId}`)).body.state.schoolRequest.requestId as string;
    // What a submission leaves when its signal to Temporal fails and PostgreSQL does not take the undo.
    const lost = { absencePerWeek: [], schoolActions: 'Eerste poging', careSignals: '', contactPerson: 'M. de Boer' };
    await prisma.schoolRequest.update({ where: { id: requestId }, data: { answeredAt: new Date(), status: 'answered', answer: lost } });
    // The link does not say "answered" (the case never heard of it); the school sends it again and it arrives.
    const page = await call(links.answer!, { headers: { accept: 'application/json' } });
    expect(page.status).toBe(200);
    expect(page.json).toMatchObject({ answered: false, request: { answeredAt: null } });
    const again = await call(links.answer!, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ ...lost, schoolActions: 'Tweede poging' }) });
    expect(again.status).toBe(200);
    const state = await caseReaches(caseId, (b) => b.state?.step === 'hoorgesprek');
    expect(state.state.schoolRequest.answer.schoolActions).toBe('Tweede poging');
    expect(state.state.schoolInformationAdditions ?? []).toEqual([]);
    expect((await prisma.schoolRequest.findUniqueOrThrow({ where: { id: requestId } })).answer).toMatchObject({ schoolActions: 'Tweede poging' });
    // Delivered now: a third answer is refused as before.
    const third = await call(links.answer!, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify(lost) });
    expect(third.status).toBe(409);
  });

  test('wrong tokens: 404 that does not tell whether the link ever existed', async () => {
    const expected = { error: { code: 'not-found', message: 'Deze link is niet geldig. Controleer of u de volledige link uit de e-mail heeft gebruikt.' } };
    for (const token of [wrongToken(), 'not-a-token', 'a'.repeat(43)]) {
      const res = await call(`${app.baseUrl}/school/requests/${token}`, { headers: { accept: 'application/json' } });
      expect(res.status).toBe(404);
      expect(res.json).toEqual(expected);
    }
    const html = await call(`${app.baseUrl}/school/requests/${wrongToken()}`, { method: 'POST', headers: FORM_HEADERS, body: form({ contactPerson: 'x' }) });
    expect(html.status).toBe(404);
    expect(html.text).toContain('<h1>Link niet gevonden</h1>');
    // A status link is not an answer link, and the other way round.
    const { links } = await meldAndReceive();
    expect((await call(links.answer!.replace('/requests/', '/status/'), { headers: { accept: 'application/json' } })).json).toEqual(expected);
    expect((await call(links.status!.replace('/status/', '/requests/'), { headers: { accept: 'application/json' } })).json).toEqual(expected);
  });

  test('a malformed answer: 400 with a Dutch message per field, as JSON and as the form again; nothing is delivered', async () => {
    const { caseId, links } = await meldAndReceive();
    const bad = await call(links.answer!, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ absencePerWeek: [{ weekStart: '2026-02-30', hoursAbsent: 80 }], lessonsMissed: 2.5, contactPerson: '', extra: 1 }),
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      error: {
        code: 'invalid-input',
        message: 'Het antwoord is niet volledig of niet juist ingevuld. Controleer de gemarkeerde velden.',
        fields: [
          { path: 'absencePerWeek.0.weekStart', message: 'Vul de eerste dag van de week in als datum (JJJJ-MM-DD).' },
          { path: 'absencePerWeek.0.hoursAbsent', message: 'Vul hoogstens 60 uur per week in.' },
          { path: 'lessonsMissed', message: 'Vul een heel getal in, of laat het veld leeg.' },
          { path: 'contactPerson', message: 'Vul de naam van de contactpersoon op school in.' },
          { path: '', message: 'Onbekend veld: extra.' },
        ],
      },
    });

    const formBad = await call(links.answer!, { method: 'POST', headers: FORM_HEADERS, body: form({ 'week-0-start': '2026-10-19', 'week-0-hours': 'veel', schoolActions: 'Gesprek <b>gevoerd</b>', contactPerson: '' }) });
    expect(formBad.status).toBe(400);
    expect(formBad.headers['content-type']).toMatch(/^text\/html/);
    expect(formBad.text).toContain('role="alert"');
    expect(formBad.text).toContain('<a href="#week-0-hours">Vul een aantal uren in, bijvoorbeeld 4 of 2,5.</a>');
    expect(formBad.text).toContain('<a href="#contactPerson">Vul de naam van de contactpersoon op school in.</a>');
    expect(formBad.text).toContain('>Gesprek &lt;b&gt;gevoerd&lt;/b&gt;</textarea>'); // the values come back, escaped

    const notAnObject = await call(links.answer!, { method: 'POST', headers: JSON_HEADERS, body: '[1,2]' });
    expect(notAnObject.status).toBe(400);
    expect(notAnObject.json.error.fields).toEqual([{ path: '', message: 'Het antwoord moet een object met velden zijn.' }]);

    const malformed = await call(links.answer!, { method: 'POST', headers: JSON_HEADERS, body: '{"contactPerson": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({ error: { code: 'malformed-body', message: 'Het antwoord kon niet worden gelezen: het is geen geldige JSON.' } });

    const plain = await call(links.answer!, { method: 'POST', headers: { accept: 'application/json', 'content-type': 'text/plain' }, body: 'J. Jansen' });
    expect(plain.status).toBe(415);
    expect(plain.json.error.code).toBe('unsupported-media-type');

    // Still open: the refused answers did not use the link up.
    expect((await call(links.answer!, { headers: { accept: 'application/json' } })).json).toMatchObject({ answered: false });
    const running = await api.get(`/api/cases/${caseId}`);
    expect(running.body.state.step).toBe('school-informatie');
  });

  test('an oversized body: 413', async () => {
    const { links } = await meldAndReceive();
    const big = await call(links.answer!, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ contactPerson: 'J', schoolActions: 'x'.repeat(100_000) }) });
    expect(big.status).toBe(413);
    expect(big.json).toEqual({ error: { code: 'too-large', message: 'Het antwoord is te groot (hoogstens 64 kB). Maak de teksten korter en probeer het opnieuw.' } });
    const bigForm = await call(links.answer!, { method: 'POST', headers: FORM_HEADERS, body: form({ contactPerson: 'J', careSignals: 'y'.repeat(100_000) }) });
    expect(bigForm.status).toBe(413);
    expect(bigForm.text).toContain('<h1>Antwoord te groot</h1>');
  });

  test('an expired link: 410 for GET and POST, as JSON and as a page', async () => {
    const { links, caseId } = await meldAndReceive();
    // Time passes beyond the deadline plus the grace period.
    await prisma.schoolLink.updateMany({ where: { caseId, kind: 'answer' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expected = { error: { code: 'link-expired', message: 'Deze link is verlopen. Neem contact op met de leerplichtambtenaar als u nog informatie wilt doorgeven.' } };
    const get = await call(links.answer!, { headers: { accept: 'application/json' } });
    expect(get.status).toBe(410);
    expect(get.json).toEqual(expected);
    const post = await call(links.answer!, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ contactPerson: 'J. Jansen' }) });
    expect(post.status).toBe(410);
    expect(post.json).toEqual(expected);
    const page = await call(links.answer!, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(410);
    expect(page.text).toContain('<h1>Link verlopen</h1>');
  });

  test('a link to a request of a closed case: 410', async () => {
    const { links, caseId } = await meldAndReceive();
    await caseReaches(caseId, (b) => b.state?.step === 'school-informatie');
    expect((await api.post(`/api/cases/${caseId}/close`, { reason: 'ingetrokken-door-school' })).status).toBe(200);
    const deadline = Date.now() + 20_000;
    while ((await prisma.case.findUnique({ where: { id: caseId } }))?.phase !== 'afgesloten' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const res = await call(links.answer!, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ contactPerson: 'J. Jansen' }) });
    expect(res.status).toBe(410);
    expect(res.json).toEqual({ error: { code: 'request-closed', message: 'Dit verzoek is niet meer open: de zaak is afgesloten. U hoeft niets meer te doen.' } });
  });

  test("the status link lists the DUO status of the school's own meldingen, and nothing of other schools", async () => {
    // BRINs no other test file uses: files run side by side on one database, and this list must be exactly ours.
    const ours = await meldAndReceive({ school: { brin: '78LY', name: 'Het Lyceum' }, youth: { bsn: testBsn(), firstName: 'Noor', lastName: 'Bakker', dateOfBirth: '2012-05-06', className: '2A' } });
    const other = await meldAndReceive({ school: { brin: '79AS', name: 'Andere School' }, youth: { bsn: testBsn(), firstName: 'Daan', lastName: 'Smit', dateOfBirth: '2012-07-08' } });
    // A second melding of this school, closed with a reason.
    const closed = await meldAndReceive({ school: { brin: '78LY', name: 'Het Lyceum' }, youth: { bsn: testBsn(), firstName: 'Lotte', lastName: 'Visser', dateOfBirth: '2011-01-02', className: '3B' } });
    await caseReaches(closed.caseId, (b) => b.state?.step === 'school-informatie');
    expect((await api.post(`/api/cases/${closed.caseId}/close`, { reason: 'terug-naar-school' })).status).toBe(200);
    await caseReaches(closed.caseId, (b) => b.state?.phase === 'afgesloten');
    const deadline = Date.now() + 20_000;
    let status: Answer;
    do {
      status = await call(ours.links.status!, { headers: { accept: 'application/json' } });
    } while (status.json?.meldingen?.find((m: any) => m.meldingId === closed.melding.meldingId)?.status !== 'afgesloten' && Date.now() < deadline);

    expect(status.status).toBe(200);
    expect(status.json).toMatchObject({ brin: '78LY', schoolName: 'Het Lyceum' });
    expect(status.json.meldingen).toEqual([
      {
        meldingId: closed.melding.meldingId,
        kind: 'zestien-uur',
        reportDate: closed.melding.reportDate,
        pupil: { name: 'Lotte Visser', className: '3B' },
        status: 'afgesloten',
        statusLabel: 'Afgesloten',
        closureReason: 'terug-naar-school',
        closureReasonLabel: 'Terug naar school',
        closedAt: expect.any(String),
        // Only statuses the melding had, its receipt first (issue 12).
        history: [
          { status: 'geregistreerd', statusLabel: 'Geregistreerd', at: expect.any(String) },
          { status: 'in-behandeling', statusLabel: 'In behandeling', at: expect.any(String) },
          { status: 'afgesloten', statusLabel: 'Afgesloten', at: expect.any(String) },
        ],
      },
      expect.objectContaining({ meldingId: ours.melding.meldingId, pupil: { name: 'Noor Bakker', className: '2A' }, status: 'in-behandeling', statusLabel: 'In behandeling', closureReason: null }),
    ]);
    expect(status.json.meldingen[1].history.map((h: any) => h.status)).toEqual(['geregistreerd', 'in-behandeling']);
    expect(status.text).not.toContain('Daan');
    expect(status.text).not.toContain(other.melding.meldingId);
    expect(status.text).not.toMatch(/\d{9}/); // no BSN

    const page = await call(ours.links.status!, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-label="Status">Afgesloten: Terug naar school</td>');
    expect(page.text).toContain('data-label="Status">In behandeling</td>');
    expect(page.text).not.toContain('Daan Smit');

    const theirs = await call(other.links.status!, { headers: { accept: 'application/json' } });
    expect(theirs.json.meldingen.map((m: any) => m.meldingId)).toEqual([other.melding.meldingId]);

    await prisma.schoolLink.updateMany({ where: { kind: 'status', schoolBrin: '79AS' }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await call(other.links.status!, { headers: { accept: 'application/json' } })).status).toBe(410);
  });

  test('repeated wrong tokens from one client: 429, for that client only', async () => {
    const { links } = await meldAndReceive();
    const from = '127.0.0.2';
    for (let i = 0; i < RATE_LIMIT; i++) {
      const res = await call(`${app.baseUrl}/school/requests/${wrongToken()}`, { headers: { accept: 'application/json' }, localAddress: from });
      expect(res.status).toBe(404);
    }
    const limited = await call(`${app.baseUrl}/school/requests/${wrongToken()}`, { headers: { accept: 'application/json' }, localAddress: from });
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ error: { code: 'too-many-attempts', message: 'Er zijn vanaf uw adres te veel ongeldige links geprobeerd. Probeer het over 15 minuten opnieuw.' } });
    expect(limited.headers['retry-after']).toBeDefined();
    // That client is held off even with a good link; other clients are not.
    expect((await call(links.answer!, { headers: { accept: 'application/json' }, localAddress: from })).status).toBe(429);
    expect((await call(links.answer!, { headers: { accept: 'application/json' } })).status).toBe(200);
    // The token never reaches the logs: the shared app's whole log, not only its tail (app.logs()).
    const log = fs.readFileSync(stack().sharedApp!.logFile, 'utf8');
    expect(log).not.toContain(links.answer!.split('/').pop()!);
    expect(log).toContain('/school/requests/[token]');
  });
});
