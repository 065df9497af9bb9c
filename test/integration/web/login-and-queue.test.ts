import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import type { Page } from 'playwright-core';
import { aMelding } from '../../support/fixtures';
import { expectAccessible, FULL_CHROMIUM, loginAs, screenshot, startBrowser, tabTo, type TestBrowser } from '../../support/browser';
import { eventually } from '../../support/eventually';
import { apiClient, caseStateUntil, sharedApp, type RunningApp } from '../../support/processes';
import { stack } from '../../support/stack-env';

/**
 * Logging in through the development OIDC provider, the session, CSRF and logout, in a real browser:
 * Debian's desktop chromium here (the other page tests run its headless build), so the pages are
 * also driven in the browser a person would have.
 */
describe('login for people and the consultant work queue', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let page: Page;
  let caseId: string;

  beforeAll(async () => {
    browser = await startBrowser(process.env.CHROMIUM_PATH ?? FULL_CHROMIUM);
    app = sharedApp();
    const school = apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' });
    const res = await school.post('/api/meldingen', aMelding());
    expect(res.status).toBe(201);
    caseId = res.body.caseId;
    await caseStateUntil(apiClient(app.baseUrl), app, caseId, (s) => s.step !== null);
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('a newcomer logs in as the consultant of GM0505 by keyboard and sees the queue', async () => {
    await page.goto(`${app.baseUrl}/`);
    await expectAccessible(page, 'the start page');
    await screenshot(page, '01-start');
    await tabTo(page, 'main a[href="/inloggen"]');
    await page.keyboard.press('Enter');
    await page.waitForSelector('button[name="sub"]');
    await screenshot(page, '02-login-provider');
    await expectAccessible(page, 'the development login page');
    await page.locator('button[value="lpa-anna"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.baseUrl}/werkvoorraad`);
    await page.goto(`${app.baseUrl}/werkvoorraad?wie=team`);
    expect(await page.locator(`a[href="/zaken/${caseId}"]`).count()).toBe(1);
    await expectAccessible(page, 'the work queue');
    await screenshot(page, '03-werkvoorraad');
  });

  test('a page request whose browser leaves before the page is made ends quietly, not in an error', async () => {
    // A background refresh in flight when the page closes: its socket is gone by the time the page
    // calls the API, whose address was read from that socket (http://127.0.0.1:undefined, a 500).
    const session = (await page.context().cookies(app.baseUrl)).find((c) => c.name === 'verzuimregie_sessie')!;
    const mark = randomUUID();
    const { port } = new URL(app.baseUrl);
    const socket = net.connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(`GET /werkvoorraad?wie=team&weg=${mark} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/html\r\nCookie: verzuimregie_sessie=${session.value}\r\n\r\n`, () => socket.destroy());
    const logFile = stack().sharedApp!.logFile;
    const lines = () => fs.readFileSync(logFile, 'utf8').split('\n');
    // pino-http logs the request when it ends, aborted or not; the page's API call comes after it.
    await eventually(async () => lines().findIndex((l) => l.includes(mark)), (i: number) => i >= 0, { timeoutMs: 30_000, what: `the shared api's log line of request ${mark}` });
    await new Promise((r) => setTimeout(r, 1000));
    const after = lines().slice(lines().findIndex((l) => l.includes(mark)));
    expect(after.filter((l) => l.includes('"unhandled error"') && l.includes('127.0.0.1:undefined'))).toEqual([]);
  });

  test('the session cookie is HttpOnly and SameSite; a form without the CSRF token is refused; logout ends the session', async () => {
    const cookies = await page.context().cookies(app.baseUrl);
    const session = cookies.find((c) => c.name === 'verzuimregie_sessie');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const forged = await page.context().request.post(`${app.baseUrl}/zaken/${caseId}/actie`, { form: { _actie: 'close', reason: 'terug-naar-school' } });
    expect(forged.status()).toBe(403);
    await page.goto(`${app.baseUrl}/werkvoorraad`);
    await page.locator('form[action="/uitloggen"] button').click();
    // The development provider asks whether to log out there too.
    await page.locator('button[name="logout"]').click();
    await page.waitForURL(`${app.baseUrl}/uitgelogd`);
    await expectAccessible(page, 'the logged-out page');
    const after = await page.context().request.get(`${app.baseUrl}/werkvoorraad`, { maxRedirects: 0 });
    expect(after.status()).toBe(303);
    expect(after.headers().location).toMatch(/^\/inloggen/);
  });

  test('bearer tokens keep working for machine clients', async () => {
    const res = await apiClient(app.baseUrl).get(`/api/cases/${caseId}`);
    expect(res.status).toBe(200);
  });
});
