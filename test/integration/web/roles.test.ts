import type { Page } from 'playwright-core';
import { aMelding, daysAgo } from '../../support/fixtures';
import { expectAccessible, loginAs, screenshot, startBrowser, tabTo, type TestBrowser } from '../../support/browser';
import { apiClient, caseStateUntil, startApp, type RunningApp } from '../../support/processes';

/**
 * The other roles in the browser: the team lead assigns, a manager reads the dashboard (charts,
 * tables, CSV) and a case's audit timeline with its Temporal Web UI link, and the codec accepts the
 * web session by role; the administrator changes a deadline (and meets the API's validation);
 * the privacy officer filters the access log.
 */
describe('team lead, management, administrator and privacy officer in the browser', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let caseId: string;

  beforeAll(async () => {
    browser = await startBrowser();
    app = await startApp();
    const school = apiClient(app.baseUrl, { id: 'school-12AB', role: 'school' });
    const res = await school.post('/api/meldingen', aMelding());
    expect(res.status).toBe(201);
    caseId = res.body.caseId;
    const lpa = apiClient(app.baseUrl);
    await caseStateUntil(lpa, app, caseId, (s) => s.step === 'school-informatie');
    const fact = await lpa.post(`/api/cases/${caseId}/school-information`, { contactPerson: 'J. Jansen', absencePerWeek: [{ weekStart: daysAgo(14), hoursAbsent: 9 }] });
    expect(fact.status).toBe(202);
    await caseStateUntil(lpa, app, caseId, (s) => s.step === 'hoorgesprek');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('the team lead sees the unassigned case and assigns it through the form', async () => {
    const page = await browser.newPage();
    await loginAs(page, app.baseUrl, 'teamlead-tom');
    expect(new URL(page.url()).pathname).toBe('/team');
    await expectAccessible(page, 'the team page');
    await screenshot(page, '20-teamleider');
    const field = page.locator(`#assign-${caseId}`);
    await field.fill('lpa-anna');
    await Promise.all([page.waitForLoadState('load'), page.locator(`form[action="/zaken/${caseId}/acties/reassign"] button`).first().click()]);
    expect(await page.locator('.utrecht-alert--ok').innerText()).toContain('Toewijzen');
    const state = await caseStateUntil(apiClient(app.baseUrl), app, caseId, (s) => s.consultantId === 'lpa-anna');
    expect(state.consultantId).toBe('lpa-anna');
  });

  test('a manager opens the dashboard (charts with tables and CSV) and a case timeline; the codec takes the session', async () => {
    const page = await browser.newPage();
    await loginAs(page, app.baseUrl, 'manager-mia');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(await page.locator('figure.chart svg').count()).toBeGreaterThan(0);
    expect(await page.locator('#h-cases ~ .table-wrap table, section[aria-labelledby="h-cases"] table').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'the dashboard');
    await screenshot(page, '30-dashboard');
    const csv = await page.context().request.get(`${app.baseUrl}${await page.locator('section[aria-labelledby="h-cases"] a[download]').getAttribute('href')}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/text\/csv/);
    expect(await csv.text()).toMatch(/^dimension,key,label,count/);

    await page.goto(`${app.baseUrl}/audit`);
    await expectAccessible(page, 'the audit search');
    await page.fill('#a-zaak', caseId);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${app.baseUrl}/audit/${caseId}`);
    const text = await page.locator('main').innerText();
    expect(text).toContain('lpa-anna');
    expect(text).toContain('teamlead-tom');
    expect(await page.locator('a', { hasText: 'Temporal Web UI' }).getAttribute('href')).toContain(`/workflows/${caseId}`);
    await expectAccessible(page, 'the audit timeline');
    await screenshot(page, '31-audittrail');

    // The Web UI's codec calls carry the session cookie: decoded for management, refused for a school.
    const decode = (p: Page) => p.context().request.post(`${app.baseUrl}/codec/decode`, { headers: { 'x-namespace': 'default', 'content-type': 'application/json' }, data: { payloads: [] } });
    expect((await decode(page)).status()).toBe(200);
    const school = await browser.newPage();
    await loginAs(school, app.baseUrl, 'school-12ab');
    expect((await decode(school)).status()).toBe(403);
    const anonymous = await browser.newPage();
    expect((await decode(anonymous)).status()).toBe(401);
  });

  test('the administrator changes a deadline; a setting the API refuses shows at its field', async () => {
    const page = await browser.newPage();
    await loginAs(page, app.baseUrl, 'admin-ahmed');
    expect(new URL(page.url()).pathname).toBe('/beheer/beleid');
    await expectAccessible(page, 'the policy form');
    await screenshot(page, '40-beleid');
    await page.fill('[name="hoorgesprekPlanningWorkingDays"]', '12');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/beheer/beleid"] button[type="submit"]').click()]);
    expect(await page.locator('.utrecht-alert--ok').innerText()).toContain('opgeslagen');
    const admin = apiClient(app.baseUrl, { id: 'admin-ahmed', role: 'admin' });
    const policies = await admin.get('/api/policies');
    expect(policies.body.items[0].policy.hoorgesprekPlanningWorkingDays).toBe(12);

    await page.fill('[name="schoolInfoReminderBeforeDeadlineWorkingDays"]', '9');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/beheer/beleid"] button[type="submit"]').click()]);
    const fieldError = page.locator('.utrecht-form-field--invalid', { has: page.locator('[name="schoolInfoReminderBeforeDeadlineWorkingDays"]') }).locator('.utrecht-form-field-error-message');
    expect(await fieldError.innerText()).toMatch(/herinnering/i);
    expect(await page.inputValue('[name="schoolInfoReminderBeforeDeadlineWorkingDays"]')).toBe('9');
    await expectAccessible(page, 'the policy form with an error');

    await page.goto(`${app.baseUrl}/beheer/toewijzing`);
    await expectAccessible(page, 'the assignment rules');
    // A gemeente no other test relies on: the rules are shared by every file's cases.
    await page.fill('#regel-0-gemeente', 'GM0523');
    await page.fill('#regel-0-consultantId', 'lpa-anna');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/beheer/toewijzing"] button[type="submit"]').click()]);
    expect(await page.locator('.utrecht-alert--ok').innerText()).toContain('opgeslagen');
    expect(await page.inputValue('#regel-0-consultantId')).toBe('lpa-anna');
  });

  test('the privacy officer filters the access log by case, by keyboard', async () => {
    const page = await browser.newPage();
    await loginAs(page, app.baseUrl, 'privacy-pim');
    expect(new URL(page.url()).pathname).toBe('/logboek');
    await tabTo(page, '#l-caseId');
    await page.keyboard.type(caseId);
    await page.keyboard.press('Enter');
    await page.waitForURL(/caseId=/);
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await page.locator('tbody').innerText()).toContain('teamlead-tom');
    await expectAccessible(page, 'the access log');
    await screenshot(page, '50-logboek');
  });
});
