import { randomInt, randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { nextSchoolYear, schoolYearOf } from '../../../domain/calendar-school-holidays';
import { createPrisma, type Db } from '../../../prisma/client';
import { expectAccessible, loginAs, screenshot, startBrowser, submitForm, type TestBrowser } from '../../support/browser';
import { todayInNl } from '../../support/fixtures';
import { apiClient, sharedApp, type RunningApp } from '../../support/processes';
import { changePolicy } from '../../support/region-policies';
import { stack } from '../../support/stack-env';

/**
 * The administrator's calendar in the browser (issue 17): picks a region on Regiobeleid and edits
 * its own days off; on Schoolvakanties sees the coverage warning and adds the next school year.
 * Files run side by side on one database: this file uses a region policy, a gemeente and a school
 * holiday region of its own (the API starts a holiday region for a new id), never noord, midden or
 * zuid. Regiobeleid opens on the default region (roles.test.ts saves it); this file picks its own.
 * (It opened on the first region listed, which was this file's while ZHZ had never been saved:
 * the roles test then saved this region's form as it loaded it, and the days off added here were lost.)
 * A form opened before another administrator saved the region is not saved over it (a lost update).
 */
describe('the administrator keeps the regions and the school holidays in the browser', () => {
  let app: RunningApp;
  let browser: TestBrowser;
  let prisma: Db;
  const regionId = `zz-web-${randomUUID().slice(0, 6)}`;
  const holidayRegion = `web-${randomUUID().slice(0, 6)}`;
  const gemeente = `GM97${String(randomInt(100)).padStart(2, '0')}`;
  const thisYear = schoolYearOf(todayInNl());
  const nextYear = nextSchoolYear(thisYear); // 2027-2028 while this is written
  const [start] = thisYear.split('-').map(Number) as [number];
  const admin = () => apiClient(app.baseUrl, { id: 'admin-ahmed', role: 'admin' });

  beforeAll(async () => {
    browser = await startBrowser();
    app = sharedApp();
    prisma = createPrisma(stack().databaseUrl);
    const policy = await admin().put(`/api/policies/${regionId}`, { policy: { regionId, name: 'Webtest kalender', schoolHolidayRegion: holidayRegion }, gemeenten: [gemeente] });
    expect(policy.status).toBe(200);
    // This school year alone reaches 31 July: less than twelve months ahead, so a warning.
    const year = await admin().put(`/api/school-holidays/${holidayRegion}/${thisYear}`, { source: 'test', holidays: [{ name: 'Herfstvakantie', from: `${start}-10-17`, to: `${start}-10-25` }] });
    expect(year.status).toBe(200);
    expect(year.body.warning).not.toBeNull();
  });
  afterAll(async () => {
    await prisma?.regionPolicy.deleteMany({ where: { regionId } });
    await prisma?.schoolHolidayYear.deleteMany({ where: { region: holidayRegion } });
    await prisma?.schoolHolidayRegion.deleteMany({ where: { region: holidayRegion } });
    await prisma?.$disconnect();
    await browser?.close();
    await app?.stop();
  });

  const submit = (page: Page, action: string) => Promise.all([page.waitForLoadState('load'), page.locator(`form[action="${action}"] button[type="submit"]`).click()]);
  /** Submits the policy form; the POST's status: 303 saved, 409 the region changed meanwhile. */
  const savePolicyForm = (page: Page) => submitForm(page, '/beheer/beleid');
  const fieldError = (page: Page, name: string) => page.locator('.utrecht-form-field--invalid', { has: page.locator(`[name="${name}"]`) }).locator('.utrecht-form-field-error-message');

  test('picks a region on Regiobeleid and adds a day off; a wrong date is refused at its field', async () => {
    const page = await browser.newPage();
    await loginAs(page, app.baseUrl, 'admin-ahmed');
    await expectAccessible(page, 'the policy form with the region choice');
    await Promise.all([page.waitForLoadState('load'), page.locator(`a[href="/beheer/beleid?regio=${regionId}"]`).click()]);
    expect(await page.inputValue('input[name="regionId"]')).toBe(regionId);
    expect(await page.locator('h1').innerText()).toContain(regionId);

    await page.fill('[name="holidays"]', `${start + 1}-05-14 Studiedag\n${start + 1}-13-40 Fout`);
    await submit(page, '/beheer/beleid');
    expect(await fieldError(page, 'holidays').innerText()).toMatch(/Regel 2: .*datum/);
    await expectAccessible(page, 'the policy form with a wrong day off');

    await page.fill('[name="holidays"]', `${start + 1}-05-14 Studiedag\n${start + 1}-05-15 t/m ${start + 1}-05-16`);
    await submit(page, '/beheer/beleid');
    expect(await page.locator('.utrecht-alert--ok').innerText()).toContain('opgeslagen');
    expect(new URL(page.url()).searchParams.get('regio')).toBe(regionId);
    expect(await page.inputValue('[name="holidays"]')).toBe(`${start + 1}-05-14 Studiedag\n${start + 1}-05-15 t/m ${start + 1}-05-16`);
    await screenshot(page, '41-beleid-vrije-dagen');
    const saved = (await admin().get('/api/policies')).body.items.find((i: { regionId: string }) => i.regionId === regionId);
    expect(saved.policy.holidays).toEqual([
      { name: 'Studiedag', from: `${start + 1}-05-14`, to: `${start + 1}-05-14` },
      { name: 'Vrije dag', from: `${start + 1}-05-15`, to: `${start + 1}-05-16` },
    ]);
  });

  test('sees the coverage warning on Schoolvakanties and adds the next school year; a date outside it is refused at its field', async () => {
    const page = await browser.newPage();
    await loginAs(page, app.baseUrl, 'admin-ahmed');
    await Promise.all([page.waitForLoadState('load'), page.locator('nav a[href="/beheer/schoolvakanties"]').first().click()]);
    const warning = page.locator(`#waarschuwingen li[data-regio="${holidayRegion}"]`);
    expect(await warning.innerText()).toContain(`Voeg schooljaar ${nextYear} toe`);
    await expectAccessible(page, 'the school holidays');
    await screenshot(page, '42-schoolvakanties');

    await page.fill('#sv-region', holidayRegion);
    await page.fill('#sv-schoolYear', nextYear);
    await page.fill('#sv-source', 'rijksoverheid.nl');
    await page.fill('#sv-0-name', 'Herfstvakantie');
    // A date of this school year, not the next one: refused at its field.
    await page.fill('#sv-0-from', `${start}-10-16`);
    await page.fill('#sv-0-to', `${start + 1}-10-24`);
    await submit(page, '/beheer/schoolvakanties');
    expect(await fieldError(page, 'holidays.0.from').innerText()).toContain(`schooljaar ${nextYear}`);
    expect(await page.inputValue('#sv-0-from')).toBe(`${start}-10-16`);
    await expectAccessible(page, 'the school holidays with a wrong date');

    await page.fill('#sv-0-from', `${start + 1}-10-16`);
    await page.fill('#sv-1-name', 'Kerstvakantie');
    await page.fill('#sv-1-from', `${start + 1}-12-25`);
    await page.fill('#sv-1-to', `${start + 2}-01-09`);
    await submit(page, '/beheer/schoolvakanties');
    expect(await page.locator('.utrecht-alert--ok').innerText()).toContain(`${nextYear} van regio ${holidayRegion} is opgeslagen`);
    expect(await page.locator(`#waarschuwingen li[data-regio="${holidayRegion}"]`).count()).toBe(0);
    expect(await page.locator(`section[data-regio="${holidayRegion}"]`).innerText()).toContain(`Schooljaar ${nextYear}`);
    const view = await admin().get(`/api/school-holidays/${holidayRegion}`);
    expect(view.body.warning).toBeNull();
    expect(view.body.schoolYears.map((y: { schoolYear: string }) => y.schoolYear)).toEqual([thisYear, nextYear]);
  });

  test("a form opened before another administrator saved the region: refused in Dutch with the other's values, nothing overwritten, then saved with both", async () => {
    const page = await browser.newPage();
    await loginAs(page, app.baseUrl, 'admin-ahmed');
    await page.goto(`${app.baseUrl}/beheer/beleid?regio=${regionId}`);
    expect(await page.inputValue('input[name="regionId"]')).toBe(regionId);
    const daysOff = (await admin().get('/api/policies')).body.items.find((i: { regionId: string }) => i.regionId === regionId).policy.holidays;
    const routeChoice = await page.inputValue('[name="routeChoiceWorkingDays"]');
    expect(routeChoice).not.toBe('9');
    await page.fill('[name="hoorgesprekPlanningWorkingDays"]', '13');
    await page.fill('[name="routeChoiceWorkingDays"]', '9');

    // Another administrator saves the region while the form is open: one field the form changes too, one it does not.
    await changePolicy(admin(), regionId, (p) => ({ ...p, judgementWorkingDays: 7, hoorgesprekPlanningWorkingDays: 11 }));

    expect(await savePolicyForm(page)).toBe(409);
    expect(await page.locator('.utrecht-alert--error').innerText()).toContain('een andere beheerder heeft het beleid van deze regio opgeslagen');
    const note = await page.locator('section[aria-labelledby="h-conflict"]').innerText();
    expect(note).toContain('Termijn beoordeling (werkdagen): 7');
    expect(note).toContain('Termijn hoorgesprek (werkdagen): 11');
    // The form holds the other's change and the person's, and the person's value where both changed one field.
    expect(await page.inputValue('[name="judgementWorkingDays"]')).toBe('7');
    expect(await page.inputValue('[name="hoorgesprekPlanningWorkingDays"]')).toBe('13');
    expect(await page.inputValue('[name="routeChoiceWorkingDays"]')).toBe('9');
    await expectAccessible(page, 'the policy form after a conflict');
    await screenshot(page, '43-beleid-conflict');
    // Nothing of the refused save is stored: the other's values are.
    const stored = (await admin().get(`/api/policies/${regionId}`)).body.policy;
    expect(stored).toMatchObject({ judgementWorkingDays: 7, hoorgesprekPlanningWorkingDays: 11, routeChoiceWorkingDays: Number(routeChoice) });

    // Saved again from the merged form: both administrators' changes are kept.
    expect(await savePolicyForm(page)).toBe(303);
    expect(await page.locator('.utrecht-alert--ok').innerText()).toContain('opgeslagen');
    const saved = (await admin().get(`/api/policies/${regionId}`)).body.policy;
    expect(saved).toMatchObject({ judgementWorkingDays: 7, hoorgesprekPlanningWorkingDays: 13, routeChoiceWorkingDays: 9 });
    expect(saved.holidays).toEqual(daysOff);
  });
});
