import type { Page } from 'playwright-core';
import { bornYearsBefore, daysAgo, testBsn, today, uniqueId } from '../../support/fixtures';
import { expectAccessible, fillFields, loginAs, screenshot, startBrowser, type TestBrowser } from '../../support/browser';
import { apiClient, caseStateUntil, sharedApp, type RunningApp } from '../../support/processes';
import { linksIn, sharedMailbox, type SharedMailbox } from '../../support/smtp-server';

/** `YYYY-MM-DDTHH:mm` in Dutch time, as a datetime-local field takes it. */
function dutchLocal(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(at).replace(' ', 'T');
}

/** Opens an action's form on the case page (a disclosure), lets `fill` fill it, and submits it. */
async function act(page: Page, title: string, fill: (form: ReturnType<Page['locator']>) => Promise<void>, expectRefusal = false): Promise<void> {
  const details = page.locator('details.action-form', { has: page.locator('summary', { hasText: title }) }).first();
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  const form = details.locator('form');
  await fill(form);
  await Promise.all([page.waitForLoadState('load'), form.locator('button[type="submit"]').click()]);
  const refused = page.locator('details[open] .utrecht-alert--error, details[open] .utrecht-form-field-error-message');
  if (!expectRefusal && (await refused.count())) throw new Error(`${title} was refused: ${(await refused.allInnerTexts()).join(' | ')}`);
}

/**
 * The whole job in the browser: a school reports a melding through its form, answers the
 * information request through the link in its e-mail and reads the status page; the consultant
 * takes the case from the queue through the hoorgesprek, the judgement and a route to closure,
 * only through the pages (forms derived from the action registry), and meets a refusal on the way.
 */
describe('a case from melding to closure through the pages only', () => {
  let app: RunningApp;
  let smtp: SharedMailbox;
  let browser: TestBrowser;

  // The shared app sends to the shared SMTP server, and its links name the app itself.
  beforeAll(async () => {
    browser = await startBrowser();
    smtp = sharedMailbox();
    app = sharedApp();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('school reports and answers, consultant walks the case to closure', async () => {
    const meldingId = uniqueId('web');
    const email = `${uniqueId('verzuim')}@school.example`;

    // The school reports the melding through the form.
    const school = await browser.newPage();
    await loginAs(school, app.baseUrl, 'school-12ab');
    await school.goto(`${app.baseUrl}/meldingen/nieuw`);
    await expectAccessible(school, 'the melding form');
    expect(await school.inputValue('[name="school.brin"]')).toBe('12AB');
    await school.fill('[name="meldingId"]', meldingId);
    await school.selectOption('[name="kind"]', 'zestien-uur');
    await fillFields(school, {
      'startDate': daysAgo(28),
      'endDate': daysAgo(1),
      'hoursAbsent': '18',
      'youth.bsn': testBsn(),
      'youth.firstName': 'Sem',
      'youth.lastName': 'de Vries',
      'youth.dateOfBirth': bornYearsBefore(today(), 14),
      'gemeente': 'GM0505',
      'school.name': 'Testcollege Dordrecht',
      'melder.name': 'J. Jansen',
      'melder.function': 'verzuimcoördinator',
      'melder.email': email,
    });
    await screenshot(school, '10-melding-formulier');
    await school.locator('form[action="/meldingen/nieuw"] button[type="submit"]').click();
    await school.waitForURL(/gemeld=/);
    expect(await school.locator('.utrecht-alert').innerText()).toContain('Ontvangen');
    const caseId = `case-${meldingId}`;

    // The school's contact (an address of this test's own) gets the e-mail and answers through its link, without an account.
    const mail = await smtp.waitFor((m) => m.to.includes(email), 60_000);
    const links = linksIn(mail);
    const linkPage = await browser.newPage();
    await linkPage.goto(links.answer!);
    await expectAccessible(linkPage, 'the school answer form');
    await screenshot(linkPage, '11-school-antwoordformulier');
    await linkPage.fill('#contactPerson', 'J. Jansen');
    await linkPage.fill('#lessonsMissed', '14');
    await linkPage.fill('#careSignals', 'Zorgen over de thuissituatie');
    await linkPage.locator('main button[type="submit"]').click();
    await linkPage.waitForLoadState('load');
    await expectAccessible(linkPage, 'the school answer confirmation');
    await linkPage.goto(links.status!);
    await expectAccessible(linkPage, 'the school status page');
    expect(await linkPage.locator('main').innerText()).toContain(meldingId);
    await screenshot(linkPage, '12-school-status');
    await caseStateUntil(apiClient(app.baseUrl), app, caseId, (s) => s.step === 'hoorgesprek');

    // The consultant finds it in the team's queue and opens it.
    const lpa = await browser.newPage();
    await loginAs(lpa, app.baseUrl, 'lpa-anna');
    await lpa.goto(`${app.baseUrl}/werkvoorraad?wie=team`);
    await lpa.locator(`a[href="/zaken/${caseId}"]`).click();
    await lpa.waitForURL(`${app.baseUrl}/zaken/${caseId}`);
    expect(await lpa.locator('.stepper [aria-current="step"]').innerText()).toContain('Hoorgesprek');
    expect(await lpa.locator('main').innerText()).toContain('Zorgen over de thuissituatie');
    await expectAccessible(lpa, 'the case page');
    await screenshot(lpa, '13-zaak');

    // A refused step: a youth of 14 is invited too; the reason shows in the form, nothing is recorded.
    const heldAt = dutchLocal(new Date(Date.now() - 3_600_000));
    await act(lpa, 'Hoorgesprek plannen', async (f) => {
      await f.locator('[name="plannedFor"]').fill(heldAt);
      await f.locator('[name="withYouth"][value="false"]').check();
      await f.locator('[name="withParents"][value="true"]').check();
      await f.locator('[name="location"]').fill('Stadskantoor Dordrecht');
    }, true);
    const refusal = lpa.locator('details[open] .utrecht-alert--error');
    expect(await refusal.innerText()).toMatch(/12/);
    await expectAccessible(lpa, 'the case page with a refusal');
    await screenshot(lpa, '14-zaak-weigering');
    // The form kept what was typed; correct it and go on.
    expect(await lpa.inputValue('details[open] [name="location"]')).toBe('Stadskantoor Dordrecht');
    await act(lpa, 'Hoorgesprek plannen', async (f) => {
      await f.locator('[name="withYouth"][value="true"]').check();
    });
    expect(await lpa.locator('.utrecht-alert--ok').innerText()).toContain('Hoorgesprek plannen');

    await act(lpa, 'Uitkomst hoorgesprek vastleggen', async (f) => {
      await f.locator('[name="outcome"]').selectOption('gehouden');
      await f.locator('[name="youthHeard"][value="true"]').check();
      await f.locator('[name="summary"]').fill('Jongere voelt zich niet veilig in de klas');
    });
    await act(lpa, 'Oordeel vastleggen', async (f) => {
      await f.locator('[name="verdict"]').selectOption('ongeoorloofd');
      await f.locator('[name="reasoning"]').fill('Geen geldige reden voor het verzuim');
    });
    expect(await lpa.locator('.stepper [aria-current="step"]').innerText()).toContain('Routes');
    await act(lpa, 'Route(s) starten', async (f) => {
      await f.locator('[name="routes"][value="waarschuwing"]').check();
    });
    await act(lpa, 'Uitkomst van een route vastleggen', async (f) => {
      await f.locator('[name="route"]').selectOption('waarschuwing');
      await f.locator('[name="outcome"]').fill('uitgereikt');
    });
    expect(await lpa.locator('.stepper [aria-current="step"]').innerText()).toContain('Monitoring');
    await act(lpa, 'Zaak afsluiten', async (f) => {
      await f.locator('[name="reason"]').selectOption('afgerond-na-route');
      await f.locator('[name="note"]').fill('Weer volledig naar school');
    });
    expect(await lpa.locator('.stepper [aria-current="step"]').innerText()).toContain('Afgesloten');
    expect(await lpa.locator('main').innerText()).toContain('De zaak is afgesloten');
    await expectAccessible(lpa, 'the closed case');
    await screenshot(lpa, '15-zaak-afgesloten');

    // The school reads the closure in its status page.
    await linkPage.goto(links.status!);
    expect(await linkPage.locator('main').innerText()).toMatch(/Afgesloten/);
  });
});
