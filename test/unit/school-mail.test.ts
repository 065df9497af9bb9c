import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { messageIdFor } from '../../activities/email-outbox';
import { renderSchoolMail, schoolMailSubject, type SchoolMailContext } from '../../activities/school-mail-templates';
import { answerErrors, formToAnswer, formValues } from '../../api/school/answer-form';
import { answerFormPage, statusPage } from '../../api/school/pages';
import { redactLinkToken, redactLinkTokens } from '../../api/routes/school-links';
import type { RequestView } from '../../api/services/school-links';
import { SchoolInformationInput } from '../../domain/case/actions';
import { parseConfig } from '../../platform/config';
import { escapeHtml, html } from '../../platform/html';
import { hashLinkToken, isLinkTokenShape, newLinkToken } from '../../platform/link-tokens';
import { createMailCatcher } from '../../platform/mail-catcher';
import { createMailer } from '../../platform/mailer';

const context: SchoolMailContext = {
  meldingId: 'M-2026-0001',
  reportDate: '2026-11-20',
  contactName: 'J. Jansen',
  pupil: { name: 'Sem de Vries', className: '3B' },
  period: { from: '2026-10-23', to: '2026-11-19' },
  dueAt: '2026-11-27T16:00:00.000Z',
  linkExpiresAt: '2026-12-11T16:00:00.000Z',
};
const links = { answerUrl: 'https://lvs.example/school/requests/abc', statusUrl: 'https://lvs.example/school/status/def' };

describe('html: every interpolated value is escaped', () => {
  test('escapes text, keeps nested html, drops empty values', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const name = '<script>alert(1)</script>';
    expect(html`<p>${name}</p>`.value).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html`<ul>${['a<', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value).toBe('<ul><li>a&lt;</li><li>b</li></ul>');
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
  });
});

describe('link tokens', () => {
  test('256 random bits as base64url; only the SHA-256 is kept', () => {
    const a = newLinkToken();
    const b = newLinkToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashLinkToken(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(isLinkTokenShape(a.token)).toBe(true);
    expect(isLinkTokenShape('short')).toBe(false);
    expect(isLinkTokenShape(`${a.token}x`)).toBe(false);
  });

  test('the token never reaches the request logs', () => {
    expect(redactLinkToken(`/school/requests/${'a'.repeat(43)}?x=1`)).toBe('/school/requests/[token]?x=1');
    expect(redactLinkTokens({ url: `/school/status/${'b'.repeat(43)}`, params: { token: 'b'.repeat(43) } })).toEqual({ url: '/school/status/[token]', params: { token: '[token]' } });
    const other = { url: '/api/cases/case-1', params: { caseId: 'case-1' } };
    expect(redactLinkTokens(other)).toEqual({ url: '/api/cases/case-1', params: { caseId: 'case-1' } });
  });
});

describe('e-mail texts', () => {
  test('the request: Dutch, both versions, the link, the deadline, the pupil; no BSN', () => {
    const mail = renderSchoolMail('school-request', context, links);
    expect(mail.subject).toBe('Verzoek om verzuiminformatie (melding M-2026-0001)');
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain('Beste J. Jansen,');
      expect(body).toContain('Sem de Vries (klas 3B)');
      expect(body).toContain('vrijdag 27 november 2026 om 17:00');
      expect(body).toContain(links.answerUrl);
      expect(body).toContain(links.statusUrl);
      expect(body).toContain('de uren verzuim per week');
    }
    expect(mail.html).toContain('<html lang="nl">');
    expect(mail.text).not.toMatch(/\d{9}/);
  });

  test('reminders: before the deadline, and after it with the link still working', () => {
    const first = renderSchoolMail('school-reminder-1', context, { answerUrl: links.answerUrl });
    expect(first.subject).toBe('Herinnering: verzoek om verzuiminformatie (melding M-2026-0001)');
    expect(first.text).toContain('Wij hebben nog geen informatie ontvangen');
    expect(first.text).not.toContain('/school/status/');
    const second = renderSchoolMail('school-reminder-2', context, { answerUrl: links.answerUrl });
    expect(second.subject).toBe(schoolMailSubject('school-reminder-2', context));
    expect(second.subject).toMatch(/^Tweede herinnering/);
    expect(second.text).toContain('verstreken');
    expect(second.text).toContain('De link werkt tot vrijdag 11 december 2026 om 17:00');
  });

  test('every interpolated value is escaped in the HTML version', () => {
    const evil = { ...context, contactName: '<b>Jan</b>', pupil: { name: 'Sem "<img src=x onerror=alert(1)>"', className: '3&B' } };
    const mail = renderSchoolMail('school-request', evil, { answerUrl: 'https://lvs.example/school/requests/a"b<c' });
    expect(mail.html).not.toContain('<b>Jan</b>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;b&gt;Jan&lt;/b&gt;');
    expect(mail.html).toContain('3&amp;B');
    expect(mail.html).toContain('href="https://lvs.example/school/requests/a&quot;b&lt;c"');
  });

  test('the Message-ID is one per message key, in the sender domain', () => {
    expect(messageIdFor('r1:request', 'Leerplicht <leerplicht@lvs.example>')).toBe(messageIdFor('r1:request', 'leerplicht@lvs.example'));
    expect(messageIdFor('r1:request', 'leerplicht@lvs.example')).toMatch(/^<[0-9a-f]{40}@lvs\.example>$/);
    expect(messageIdFor('r1:reminder-1', 'leerplicht@lvs.example')).not.toBe(messageIdFor('r1:request', 'leerplicht@lvs.example'));
  });
});

describe('the answer form', () => {
  test('flat form fields become the signal schema input; empty weeks are left out; comma decimals', () => {
    const values = formValues({
      'week-0-start': '2026-10-19',
      'week-0-hours': '4',
      'week-1-start': '2026-10-26',
      'week-1-hours': '',
      'week-2-start': '2026-11-02',
      'week-2-hours': '2,5',
      lessonsMissed: '12',
      schoolActions: 'Gesprek met ouders',
      careSignals: '',
      contactPerson: 'J. Jansen',
    });
    const { input, weekRows } = formToAnswer(values);
    expect(weekRows).toEqual([0, 2]);
    expect(SchoolInformationInput.parse({ ...input, requestId: 'r1' })).toEqual({
      requestId: 'r1',
      absencePerWeek: [
        { weekStart: '2026-10-19', hoursAbsent: 4 },
        { weekStart: '2026-11-02', hoursAbsent: 2.5 },
      ],
      lessonsMissed: 12,
      schoolActions: 'Gesprek met ouders',
      careSignals: '',
      contactPerson: 'J. Jansen',
    });
  });

  test('Dutch messages at the right form fields', () => {
    const { input, weekRows } = formToAnswer(formValues({ 'week-0-start': '2026-10-19', 'week-3-start': '2026-11-09', 'week-3-hours': 'veel', lessonsMissed: '-2', contactPerson: ' ' }));
    const parsed = SchoolInformationInput.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(answerErrors(parsed.error!, weekRows)).toEqual([
      { path: 'absencePerWeek.0.hoursAbsent', field: 'week-3-hours', message: 'Vul een aantal uren in, bijvoorbeeld 4 of 2,5.' },
      { path: 'lessonsMissed', field: 'lessonsMissed', message: 'Vul een heel getal in, of laat het veld leeg.' },
      { path: 'contactPerson', field: 'contactPerson', message: 'Vul de naam van de contactpersoon op school in.' },
    ]);
  });

  const view: RequestView = {
    requestId: 'r1',
    meldingId: 'M-1',
    school: { brin: '12AB', name: 'Testcollege' },
    pupil: { name: '<Sem>', className: '3B' },
    period: { from: '2026-10-23', to: '2026-11-19' },
    weekStarts: ['2026-10-19', '2026-10-26'],
    dueAt: '2026-11-27T16:00:00.000Z',
    linkExpiresAt: '2026-12-11T16:00:00.000Z',
    answeredAt: null,
  };

  test('the page is accessible: lang, labels for every input, fieldsets with legends', () => {
    const page = answerFormPage(view);
    expect(page).toContain('<html lang="nl">');
    expect(page).toContain('&lt;Sem&gt;, klas 3B');
    const inputs = [...page.matchAll(/<(?:input type="text"|textarea) id="([^"]+)"/g)].map((m) => m[1]);
    expect(inputs).toEqual(['week-0-hours', 'week-1-hours', 'lessonsMissed', 'schoolActions', 'careSignals', 'contactPerson']);
    for (const id of inputs) expect(page).toContain(`<label for="${id}">`);
    expect(page.match(/<fieldset>/g)).toHaveLength(3);
    expect(page.match(/<legend>/g)).toHaveLength(3);
  });

  test('after a refused submission: the values back, a summary and each message linked to its field', () => {
    const page = answerFormPage(view, { contactPerson: '', 'week-1-hours': '"><script>' }, [{ path: 'contactPerson', field: 'contactPerson', message: 'Vul de naam in.' }]);
    expect(page).toContain('role="alert"');
    expect(page).toContain('<a href="#contactPerson">Vul de naam in.</a>');
    expect(page).toContain('aria-describedby="contactPerson-fout" aria-invalid="true"');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;"');
  });

  test('the status page names labels and reasons, escaped', () => {
    const page = statusPage({
      brin: '12AB',
      schoolName: 'Test & co',
      linkExpiresAt: '2026-12-20T10:00:00.000Z',
      meldingen: [
        { meldingId: 'M-1', kind: 'zestien-uur', reportDate: '2026-11-20', pupil: { name: 'Sem' }, status: 'afgesloten', statusLabel: 'Afgesloten', closureReason: 'terug-naar-school', closureReasonLabel: 'Terug naar school', closedAt: null, history: [] },
      ],
    });
    expect(page).toContain('Test &amp; co');
    expect(page).toContain('data-label="Status">Afgesloten: Terug naar school</td>');
    expect(page).toContain('<th scope="col" role="columnheader">Status</th>');
  });
});

describe('configuration and the mailer', () => {
  const base = { DATABASE_URL: 'postgresql://u@h/db' };

  test('defaults for development; SMTP_HOST is required in production; user and password go together', () => {
    const c = parseConfig(base);
    expect(c).toMatchObject({ SMTP_PORT: 587, PUBLIC_BASE_URL: 'http://localhost:3000', SCHOOL_LINK_GRACE_DAYS: 14, DEV_MAIL_DIR: '.data/mail' });
    expect(c.SMTP_HOST).toBeUndefined();
    expect(parseConfig({ ...base, SMTP_USER: '', SMTP_PASSWORD: '', PUBLIC_BASE_URL: 'https://lvs.example/' }).PUBLIC_BASE_URL).toBe('https://lvs.example');
    expect(() => parseConfig({ ...base, NODE_ENV: 'production' })).toThrow('SMTP_HOST: is required in production');
    expect(() => parseConfig({ ...base, SMTP_USER: 'x' })).toThrow('SMTP_USER and SMTP_PASSWORD go together');
    expect(() => parseConfig({ ...base, SMTP_FROM: 'nobody' })).toThrow(/SMTP_FROM/);
    expect(() => parseConfig({ ...base, SCHOOL_LINK_GRACE_DAYS: '0' })).toThrow(/SCHOOL_LINK_GRACE_DAYS/);
  });

  test('without SMTP_HOST in development, messages land as .eml and .html in the mail folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-catcher-'));
    try {
      const mailer = createMailCatcher(dir);
      const info = await mailer.sendMail({ from: 'leerplicht@lvs.example', to: 'school@example.nl', subject: 'Verzoek om verzuiminformatie', text: 'hallo', html: '<p>hallo</p>', messageId: '<x@lvs.example>' });
      expect(info.messageId).toBe('<x@lvs.example>');
      const files = fs.readdirSync(dir).sort();
      expect(files).toHaveLength(2);
      expect(files[0]).toMatch(/Verzoek-om-verzuiminformatie\.eml$/);
      expect(fs.readFileSync(path.join(dir, files[1]!), 'utf8')).toBe('<p>hallo</p>');
      const parsed = await simpleParser(fs.readFileSync(path.join(dir, files[0]!)));
      expect(parsed.subject).toBe('Verzoek om verzuiminformatie');
      expect(parsed.text?.trim()).toBe('hallo');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('createMailer: SMTP with SMTP_HOST, nothing leaves in tests', () => {
    const smtp = createMailer({ ...parseConfig({ ...base, SMTP_HOST: 'smtp.lvs.example', SMTP_PORT: '465', SMTP_USER: 'u', SMTP_PASSWORD: 'p' }) });
    expect(smtp.transporter.name).toBe('SMTP');
    expect((smtp.options as { secure?: boolean }).secure).toBe(true);
    expect(createMailer(parseConfig({ ...base, NODE_ENV: 'test' })).transporter.name).toBe('JSONTransport');
  });
});
