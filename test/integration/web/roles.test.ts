import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { createPrisma } from '../../../prisma/client';
import { stack } from '../../support/stack-env';
import { aMelding, daysAgo } from '../../support/fixtures';
import { expectAccessible, loginAs, screenshot, startBrowser, submitForm, tabTo, type TestBrowser } from '../../support/browser';
import { apiClient, caseStateUntil, sharedApp, type RunningApp } from '../../support/processes';
import { changeRules, withoutGemeenten } from '../../support/assignment-rules';

/**
 * The other roles in the browser: the team lead assigns, a manager reads the dashboard (charts,
 * tables, CSV) and a case's audit timeline with its Temporal Web UI link, and the codec accepts the
 * web session by role; the administrator changes a deadline (and meets the API's validation);
 * the privacy officer filters the access log.
 */
/** The row of the assignment rules form with this gemeente, else the first empty one. */
async function ruleRow(page: Page, gemeente: string): Promise<number> {
  const rows = await page.locator('form[action="/beheer/toewijzing"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("input")].map((i) => i.value)));
  const own = rows.findIndex((r) => r[0] === gemeente);
  const index = own >= 0 ? own : rows.findIndex((r) => r.every((v) => !v));
  if (index < 0) throw new Error(`no row for ${gemeente} and no empty row in the assignment rules form`);
  return index;
}

/** Submits the assignment rules form; the POST's status: 303 saved, 409 the rules changed meanwhile. */
const saveRules = (page: Page) => submitForm(page, '/beheer/toewijzing');

describe('team lead, management, administrator and privacy officer in the browser', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let caseId: string;

  beforeAll(async () => {
    browser = await startBrowser();
    app = sharedApp();
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
    // A region that sorts before every other: the page still opens on the default region (it
    // opened on the first one listed, and a save there overwrote another file's region).
    const first = `aa-roles-${randomUUID().slice(0, 6)}`;
    const admin = apiClient(app.baseUrl, { id: 'admin-ahmed', role: 'admin' });
    expect((await admin.put(`/api/policies/${first}`, { policy: { regionId: first, name: 'Eerste in de lijst' }, gemeenten: ['GM9601'] })).status).toBe(200);
    const prisma = createPrisma(stack().databaseUrl);
    const page = await browser.newPage();
    try {
      await loginAs(page, app.baseUrl, 'admin-ahmed');
      expect(new URL(page.url()).pathname).toBe('/beheer/beleid');
      expect(await page.inputValue('input[name="regionId"]')).toBe((await admin.get('/api/policies')).body.default.regionId);
    } finally {
      await prisma.regionPolicy.deleteMany({ where: { regionId: first } });
      await prisma.$disconnect();
    }
    await expectAccessible(page, 'the policy form');
    await screenshot(page, '40-beleid');
    await page.fill('[name="hoorgesprekPlanningWorkingDays"]', '12');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/beheer/beleid"] button[type="submit"]').click()]);
    expect(await page.locator('.utrecht-alert--ok').innerText()).toContain('opgeslagen');
    const policies = await admin.get('/api/policies');
    // The page opens on the default region, whatever other regions exist (other files add some).
    expect(policies.body.items.find((i: { regionId: string }) => i.regionId === policies.body.default.regionId).policy.hoorgesprekPlanningWorkingDays).toBe(12);

    await page.fill('[name="schoolInfoReminderBeforeDeadlineWorkingDays"]', '9');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/beheer/beleid"] button[type="submit"]').click()]);
    const fieldError = page.locator('.utrecht-form-field--invalid', { has: page.locator('[name="schoolInfoReminderBeforeDeadlineWorkingDays"]') }).locator('.utrecht-form-field-error-message');
    expect(await fieldError.innerText()).toMatch(/herinnering/i);
    expect(await page.inputValue('[name="schoolInfoReminderBeforeDeadlineWorkingDays"]')).toBe('9');
    await expectAccessible(page, 'the policy form with an error');

    // The assignment rules are one set shared by every file's cases: the page must keep the rules
    // other files save while it is open (a save from an out-of-date page is refused and merged).
    await page.goto(`${app.baseUrl}/beheer/toewijzing`);
    await expectAccessible(page, 'the assignment rules');
    // A gemeente no other test uses, in the first empty row (or its own row from before).
    await page.fill(`#regel-${await ruleRow(page, 'GM0523')}-gemeente`, 'GM0523');
    await page.fill(`#regel-${await ruleRow(page, 'GM0523')}-consultantId`, 'lpa-anna');
    // Another administrator saves a rule while the page is open: the page's save is refused, in Dutch.
    await changeRules(admin, (r) => [...withoutGemeenten(r, ['GM0524']), { gemeente: 'GM0524', consultantId: 'lpa-collega' }]);
    expect(await saveRules(page)).toBe(409);
    expect(await page.locator('.utrecht-alert--error').innerText()).toContain('iemand anders heeft de toewijzingsregels gewijzigd');
    expect(await page.locator('section[aria-labelledby="h-conflict"]').innerText()).toContain('lpa-collega');
    // The form holds the other's rule and the person's row as typed.
    expect(await page.inputValue(`#regel-${await ruleRow(page, 'GM0524')}-consultantId`)).toBe('lpa-collega');
    expect(await page.inputValue(`#regel-${await ruleRow(page, 'GM0523')}-consultantId`)).toBe('lpa-anna');
    await expectAccessible(page, 'the assignment rules after a conflict');

    // Saved again from the merged form; other files may save in between too (then again, a few times).
    const refused: string[] = [];
    for (let attempt = 1; ; attempt++) {
      const status = await saveRules(page);
      if (status === 303) break;
      refused.push(`${status}: ${await page.locator('.utrecht-alert').first().innerText()}`);
      if (status !== 409 || attempt >= 5) throw new Error(`the rules page did not save in ${attempt} attempts: ${refused.join(' | ')}`);
    }
    expect(await page.locator('.utrecht-alert--ok').innerText()).toContain('opgeslagen');
    expect(await page.inputValue(`#regel-${await ruleRow(page, 'GM0523')}-consultantId`)).toBe('lpa-anna');
    const stored = (await admin.get('/api/assignment-rules')).body.items as { gemeente: string | null; consultantId: string }[];
    expect(stored.filter((r) => r.gemeente === 'GM0523' || r.gemeente === 'GM0524').map((r) => [r.gemeente, r.consultantId])).toEqual([
      ['GM0523', 'lpa-anna'],
      ['GM0524', 'lpa-collega'],
    ]);
    await changeRules(admin, (r) => withoutGemeenten(r, ['GM0524']));

    // A form that does not say which version it shows (an old or damaged page, as the page was when
    // its rules could not be loaded: empty and without a version) replaced every stored rule with
    // its own rows. Now it is refused like a conflict, and the form holds the stored rules plus its row.
    await page.goto(`${app.baseUrl}/beheer/toewijzing`);
    await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ value: string }> } }).document;
      for (const input of Array.from(doc.querySelectorAll('form[action="/beheer/toewijzing"] input:not([name="_csrf"])'))) input.value = '';
      for (const input of Array.from(doc.querySelectorAll('input[name="_geladen"]'))) input.value = '[]';
    });
    await page.fill('#regel-0-gemeente', 'GM0525');
    await page.fill('#regel-0-consultantId', 'lpa-bert');
    expect(await saveRules(page)).toBe(409);
    expect(await page.locator('.utrecht-alert--error').innerText()).toContain('wist niet op welke versie');
    const kept = (await admin.get('/api/assignment-rules')).body.items as { gemeente: string | null; consultantId: string }[];
    expect(kept.find((r) => r.gemeente === 'GM0523')?.consultantId).toBe('lpa-anna');
    expect(kept.find((r) => r.gemeente === 'GM0525')).toBeUndefined();
    expect(await page.inputValue(`#regel-${await ruleRow(page, 'GM0523')}-consultantId`)).toBe('lpa-anna');
    expect(await page.inputValue(`#regel-${await ruleRow(page, 'GM0525')}-consultantId`)).toBe('lpa-bert');
    await expectAccessible(page, 'the assignment rules after a save without a version');
    await screenshot(page, '44-toewijzing-zonder-versie');
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
