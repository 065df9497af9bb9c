import type { Page } from 'playwright-core';
import { aMelding, daysAgo, today, uniqueId } from '../../support/fixtures';
import { expectAccessible, loginAs, screenshot, startBrowser, tabTo, type TestBrowser } from '../../support/browser';
import { eventually } from '../../support/eventually';
import { apiClient, caseStateUntil, sharedApp, type RunningApp } from '../../support/processes';
import { linksIn, sharedMailbox, type SharedMailbox } from '../../support/smtp-server';

// page.evaluate runs these in the browser; this project's lib has no DOM types.
declare const document: any;
declare const window: any;

const PHONE = { width: 375, height: 667 };

/** The page is no wider than the phone's screen: nothing makes the body scroll sideways. */
async function expectNoHorizontalOverflow(page: Page, what: string): Promise<void> {
  const o = await page.evaluate(() => {
    const vw = window.innerWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el: any) => el.getBoundingClientRect().right > vw + 1 && !el.closest('.table-wrap, .visually-hidden, .utrecht-skip-link'))
      .slice(0, 5)
      .map((el: any) => `${el.tagName.toLowerCase()}.${String(el.className).split(' ').join('.')} (${Math.round(el.getBoundingClientRect().right)}px)`);
    return { vw, doc: document.documentElement.scrollWidth, body: document.body.scrollWidth, wide };
  });
  if (o.doc > o.vw || o.body > o.vw) throw new Error(`${what} overflows a ${o.vw}px screen: document ${o.doc}px, body ${o.body}px; too wide: ${o.wide.join(', ')}`);
}

/**
 * Issue 17's remaining pages in the browser: a logged-in school's own meldingen with their DUO
 * status (on a desktop and on a phone), the school link pages at a phone's width, the consultant's
 * queue refreshing itself, the thuiszitter and huisbezoek tables on the case page, and the team's
 * deadlines on the team page. axe-core checks every page opened.
 */
describe('school pages, phone width, live queue, thuiszitter tables, team deadlines', () => {
  let app: RunningApp;
  let smtp: SharedMailbox;
  let browser: TestBrowser;
  const school = () => apiClient(app.baseUrl, { id: 'school-12AB', role: 'school', schoolBrin: '12AB' });
  const lpa = () => apiClient(app.baseUrl);
  const email = `${uniqueId('verzuim')}@school.example`;
  const mine = aMelding({ melder: { name: 'J. Jansen', function: 'verzuimcoördinator', email } });
  const otherSchools = aMelding({ school: { brin: '96QY', name: 'Ander College' } });
  let links: { answer?: string; status?: string };

  beforeAll(async () => {
    browser = await startBrowser();
    // The shared app sends to the shared SMTP server (this file's mail: to its own address), and its links name the app itself.
    smtp = sharedMailbox();
    app = sharedApp();
    expect((await school().post('/api/meldingen', mine)).status).toBe(201);
    expect((await apiClient(app.baseUrl, { id: 'school-96QY', role: 'school', schoolBrin: '96QY' }).post('/api/meldingen', otherSchools)).status).toBe(201);
    const mail = await smtp.waitFor((m) => m.to.includes(email), 60_000);
    links = linksIn(mail);
    expect(links.answer && links.status).toBeTruthy();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('a logged-in school sees its own meldingen with their DUO status in Dutch, and one melding its status history', async () => {
    const page = await browser.newPage();
    await loginAs(page, app.baseUrl, 'school-12ab');
    expect(new URL(page.url()).pathname).toBe('/school-portaal');
    expect(await page.locator('nav[aria-label="Hoofdmenu"] a[aria-current="page"]').innerText()).toBe('Mijn meldingen');
    const row = page.locator('tbody tr', { has: page.locator(`a[href="/school-portaal/meldingen/${mine.meldingId}"]`) });
    expect(await row.count()).toBe(1);
    const text = await row.innerText();
    expect(text).toContain('Sem de Vries (klas 3B)');
    expect(text).toContain('16 uur ongeoorloofd verzuim');
    expect(text).toMatch(/Geregistreerd|In behandeling/);
    // Nothing of another school, nor more of the pupil than the school reported.
    const main = await page.locator('main').innerText();
    expect(main).not.toContain(otherSchools.meldingId);
    expect(main).not.toContain(mine.youth.bsn!);
    await expectAccessible(page, 'Mijn meldingen');
    await screenshot(page, '60-school-mijn-meldingen');

    await row.locator('a').click();
    await page.waitForURL(`${app.baseUrl}/school-portaal/meldingen/${mine.meldingId}`);
    expect(await page.locator('main').innerText()).toContain('Statusverloop bij DUO');
    expect(await page.locator('.timeline li').first().innerText()).toContain('Geregistreerd');
    await expectAccessible(page, 'one melding of the school');

    // Another school's melding is not found, as one that does not exist.
    const theirs = await page.goto(`${app.baseUrl}/school-portaal/meldingen/${otherSchools.meldingId}`);
    expect(theirs?.status()).toBe(404);
    await expectAccessible(page, 'the not-found page');
    // The consultant's pages are not the school's.
    expect((await page.goto(`${app.baseUrl}/werkvoorraad`))?.status()).toBe(403);
  });

  test('at a phone width: the answer form from the e-mail, the status page, Mijn meldingen and the melding form fit, pass axe-core and work by keyboard', async () => {
    const page = await browser.newPage();
    await page.setViewportSize(PHONE);

    await page.goto(links.answer!);
    await expectNoHorizontalOverflow(page, 'the school answer form');
    await expectAccessible(page, 'the school answer form on a phone');
    await screenshot(page, '61-telefoon-antwoordformulier');
    await tabTo(page, '#contactPerson');
    await page.keyboard.type('J. Jansen');
    await tabTo(page, '#schoolActions');
    await page.keyboard.type('Gesprek met ouders');
    await tabTo(page, 'main button[type="submit"]');
    await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.keyboard.press('Enter')]);
    await page.waitForLoadState('load');
    expect(await page.locator('h1').innerText()).toContain('Bedankt');
    await expectNoHorizontalOverflow(page, 'the thanks page');
    await expectAccessible(page, 'the thanks page on a phone');

    await page.goto(links.status!);
    expect(await page.locator('main').innerText()).toContain(mine.meldingId);
    await expectNoHorizontalOverflow(page, 'the school status page');
    await expectAccessible(page, 'the school status page on a phone');
    await screenshot(page, '62-telefoon-statuspagina');

    await loginAs(page, app.baseUrl, 'school-12ab');
    await page.goto(`${app.baseUrl}/school-portaal`);
    await expectNoHorizontalOverflow(page, 'Mijn meldingen');
    await expectAccessible(page, 'Mijn meldingen on a phone');
    await screenshot(page, '63-telefoon-mijn-meldingen');
    await tabTo(page, `a[href="/school-portaal/meldingen/${mine.meldingId}"]`, 120);
    await Promise.all([page.waitForURL(`${app.baseUrl}/school-portaal/meldingen/${mine.meldingId}`), page.keyboard.press('Enter')]);
    await expectNoHorizontalOverflow(page, 'one melding');
    await expectAccessible(page, 'one melding on a phone');

    await page.goto(`${app.baseUrl}/meldingen/nieuw`);
    await expectNoHorizontalOverflow(page, 'the melding form');
    await expectAccessible(page, 'the melding form on a phone');
  });

  test("the school link pages load their stylesheets under their own Content-Security-Policy (not bypassed)", async () => {
    const ctx = await browser.browser.newContext({ viewport: PHONE });
    const page = await ctx.newPage();
    await page.goto(links.status!);
    expect(await page.evaluate(() => window.getComputedStyle(document.querySelector('.site-header')).backgroundColor)).toBe('rgb(21, 66, 115)');
    await expectNoHorizontalOverflow(page, 'the status page under its CSP');
    await ctx.close();
  });

  test('a refusal reads Dutch: the melding form with a wrong BSN and a BRIN of another school', async () => {
    const page = await browser.newPage();
    await loginAs(page, app.baseUrl, 'school-12ab');
    await page.goto(`${app.baseUrl}/meldingen/nieuw`);
    await page.fill('[name="meldingId"]', uniqueId('nl'));
    await page.selectOption('[name="kind"]', 'zestien-uur');
    await page.fill('[name="youth.bsn"]', '123456789');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/meldingen/nieuw"] button[type="submit"]').click()]);
    const bsn = page.locator('.utrecht-form-field--invalid', { has: page.locator('[name="youth.bsn"]') }).locator('.utrecht-form-field-error-message');
    expect(await bsn.innerText()).toBe('Dit is geen geldig BSN (elfproef).');
    const firstName = page.locator('.utrecht-form-field--invalid', { has: page.locator('[name="youth.firstName"]') }).locator('.utrecht-form-field-error-message');
    expect(await firstName.innerText()).toBe('Vul dit veld in.');
    const flash = await page.locator('.utrecht-alert--error').first().innerText();
    expect(flash).toContain('Niet alle velden zijn goed ingevuld.');
    expect(await page.locator('main').innerText()).not.toMatch(/Invalid input|expected string|is not a valid/);
    await expectAccessible(page, 'the melding form with Dutch messages');

    // Valid fields but another school's BRIN: the access refusal, in Dutch.
    const valid = aMelding({ school: { brin: '34CD', name: 'Ander College' } });
    const answer = await page.context().request.post(`${app.baseUrl}/meldingen/nieuw`, {
      form: {
        _csrf: (await page.locator('input[name="_csrf"]').first().inputValue()) as string,
        meldingId: valid.meldingId,
        kind: 'zestien-uur',
        reportDate: valid.reportDate,
        startDate: valid.startDate,
        endDate: valid.endDate!,
        hoursAbsent: '18',
        'youth.bsn': valid.youth.bsn!,
        'youth.firstName': 'Sem',
        'youth.lastName': 'de Vries',
        'youth.dateOfBirth': valid.youth.dateOfBirth,
        gemeente: 'GM0505',
        'school.brin': '34CD',
        'school.name': 'Ander College',
        'melder.name': 'J. Jansen',
        'melder.function': 'mentor',
        'melder.email': 'x@school.example',
      },
    });
    expect(answer.status()).toBe(400);
    expect(await answer.text()).toContain('Niet verstuurd: Een school meldt en ziet alleen haar eigen leerlingen');
  });

  test('the work queue shows a new melding without a reload and announces it politely', async () => {
    const page = await browser.newPage();
    await loginAs(page, app.baseUrl, 'lpa-anna');
    await page.goto(`${app.baseUrl}/werkvoorraad?wie=team`);
    expect(await page.locator('script[src="/assets/queue-refresh.js"]').count()).toBe(1);
    expect(await page.locator('#werkvoorraad-status').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#werkvoorraad-live a', { hasText: 'Vernieuwen' }).count()).toBe(1);
    await expectAccessible(page, 'the live work queue');
    await page.evaluate(() => {
      window.__notReloaded = true;
    });
    const fresh = aMelding();
    expect((await school().post('/api/meldingen', fresh)).status).toBe(201);
    await page.waitForSelector(`#werkvoorraad-live tr[data-case-id="case-${fresh.meldingId}"]`, { timeout: 90_000 });
    expect(await page.evaluate(() => window.__notReloaded === true)).toBe(true);
    // Other files add cases to the team's queue at the same time: one new case or several.
    const said = await page.waitForFunction(
      () => {
        const text = document.getElementById('werkvoorraad-status')?.textContent ?? '';
        return /nieuwe (zaak|zaken)\b/.test(text) && text;
      },
      undefined,
      { timeout: 10_000 },
    );
    expect(await said.jsonValue()).toMatch(/^Werkvoorraad bijgewerkt: \d+ nieuwe (zaak|zaken)\b/);
    await expectAccessible(page, 'the work queue after a refresh');
    // Without JavaScript the page is the same list, with its own link to refresh.
    const plain = await page.context().request.get(`${app.baseUrl}/werkvoorraad?wie=team`);
    expect(await plain.text()).toContain(`data-case-id="case-${fresh.meldingId}"`);
  });

  test('the case page shows the thuiszitter reviews and plan goals, and the huisbezoek, as tables', async () => {
    const melding = aMelding({ kind: 'langdurig-relatief', startDate: daysAgo(35), endDate: daysAgo(1), daysAbsent: 24, hoursAbsent: undefined });
    const res = await school().post('/api/meldingen', melding);
    expect(res.status).toBe(201);
    const caseId = res.body.caseId as string;
    await caseStateUntil(lpa(), app, caseId, (s) => !!s.thuiszitter && s.step === 'school-informatie');
    const dueOn = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
    const reviewed = await lpa().post(`/api/cases/${caseId}/thuiszitter/reviews`, {
      heldOn: today(),
      partners: [
        { partner: 'school', outcome: 'Maatwerkrooster aangeboden' },
        { partner: 'jgz', outcome: 'Jeugdarts ziet belastbaarheid voor halve dagen' },
      ],
      withParents: true,
      withYouth: true,
      conclusion: 'Opbouw naar halve dagen',
      goals: [{ description: 'Drie ochtenden per week op school', dueOn }],
    });
    expect(reviewed.status).toBe(200);
    const visited = await lpa().post(`/api/cases/${caseId}/huisbezoek`, { visitedAt: new Date(Date.now() - 3_600_000).toISOString(), outcome: 'adres-onjuist', note: 'Naambordje weg' });
    expect(visited.status).toBe(200);

    const page = await browser.newPage();
    await loginAs(page, app.baseUrl, 'lpa-anna');
    await page.goto(`${app.baseUrl}/zaken/${caseId}`);
    const panel = page.locator('section[aria-labelledby="h-thuiszitter"]');
    expect(await panel.locator('pre').count()).toBe(0);
    const facts = await panel.locator('dl.facts').innerText();
    expect(facts).toContain('Thuiszitter sinds');
    expect(facts).toContain('Langdurig relatief verzuim');
    expect(facts).toContain('afgeleid uit de meldingen');
    const reviews = panel.locator('table', { has: page.locator('caption', { hasText: 'Thuiszitteroverleggen' }) });
    expect(await reviews.locator('thead').innerText()).toMatch(/Datum[\s\S]*Ouders[\s\S]*Jongere[\s\S]*Deelnemers en uitkomst[\s\S]*Conclusie/);
    const reviewRow = await reviews.locator('tbody tr').first().innerText();
    expect(reviewRow).toContain('School: Maatwerkrooster aangeboden');
    expect(reviewRow).toContain('JGZ: Jeugdarts ziet belastbaarheid voor halve dagen');
    expect(reviewRow).toContain('Opbouw naar halve dagen');
    const goals = panel.locator('table', { has: page.locator('caption', { hasText: 'Doelen uit het plan' }) });
    const goalRow = await goals.locator('tbody tr').first().innerText();
    expect(goalRow).toContain('doel-1');
    expect(goalRow).toContain('Drie ochtenden per week op school');
    expect(goalRow).toContain('Open');
    const visits = await page.locator('section[aria-labelledby="h-huisbezoek"] tbody tr').first().innerText();
    expect(visits).toContain('Adres onjuist');
    expect(visits).toContain('Naambordje weg');
    expect(visits).toMatch(/Nodig: adres controleren in de BRP/);
    await expectAccessible(page, 'the case page with thuiszitter and huisbezoek');
    await screenshot(page, '64-zaak-thuiszitter');
  });

  test("the team lead's team page shows the team's deadlines", async () => {
    const fresh = aMelding();
    const res = await school().post('/api/meldingen', fresh);
    const caseId = res.body.caseId as string;
    const state = await caseStateUntil(lpa(), app, caseId, (s) => s.step === 'school-informatie');
    const next = [...state.deadlines].map((d: { dueAt: string }) => d.dueAt).sort()[0] as string;
    expect(new Date(next).getTime() - Date.now()).toBeLessThan(14 * 86_400_000);
    const page = await browser.newPage();
    await loginAs(page, app.baseUrl, 'teamlead-tom');
    expect(new URL(page.url()).pathname).toBe('/team');
    const section = page.locator('section[aria-labelledby="h-deadlines"]');
    expect(await section.locator('h2').innerText()).toBe('Termijnen van het team');
    // The projection may lag a moment behind the workflow.
    await eventually(
      async () => {
        await page.reload();
        return section.locator(`tr[data-case-id="${caseId}"]`).count();
      },
      (n) => n === 1,
      { timeoutMs: 20_000, what: `${caseId} among the team's deadlines` },
    );
    expect(await page.locator('section[aria-labelledby="h-load"] thead').innerText()).toContain('Termijnen deze week');
    await expectAccessible(page, 'the team page with its deadlines');
  });
});
