import type { Locator, Page } from 'playwright-core';
import { eventually } from '../../support/eventually';
import { bornYearsBefore, daysAgo, testBsn, today, todayInNl, uniqueId } from '../../support/fixtures';
import { expectAccessible, fillFields, loginAs, screenshot, startBrowser, tabTo, type TestBrowser } from '../../support/browser';
import { apiClient, sharedApp, type RunningApp } from '../../support/processes';

/** `YYYY-MM-DDTHH:mm` in Dutch time, as a datetime-local field takes it. */
function dutchLocal(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(at).replace(' ', 'T');
}

/** The disclosure of one action on the signal page. */
const actionDetails = (page: Page, title: string): Locator => page.locator('details.action-form', { has: page.locator('summary', { hasText: title }) }).first();

/** Opens an action's form, lets `fill` fill it and submits it; a refusal throws unless expected. */
/** The app's error lines (a 500's cause), for a failure message. */
let appErrors = () => '';

async function act(page: Page, title: string, fill: (form: Locator) => Promise<void>, expectRefusal = false): Promise<void> {
  const details = actionDetails(page, title);
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  const form = details.locator('form');
  await fill(form);
  await Promise.all([page.waitForLoadState('load'), form.locator('button[type="submit"]').click()]);
  const refused = page.locator('details[open] .utrecht-alert--error, details[open] .utrecht-form-field-error-message');
  if (!expectRefusal && (await refused.count())) throw new Error(`${title} was refused: ${(await refused.allInnerTexts()).join(' | ')}\nthe app's errors:\n${appErrors()}`);
  if (expectRefusal && !(await refused.count())) throw new Error(`${title} was not refused`);
}

/**
 * Vroegsignalering in the browser: a partner (JGZ) reports an early signal through its form; the
 * team lead finds it in the signal queue and assigns it; the consultant finds it among her own
 * signals, opens it, meets a refusal (closing before any contact), records a contact and the
 * follow-up check and escalates it into a MAS case (first refused at the fields the formal melding
 * lacks), only through the pages. axe-core checks every page; the queue is filtered by keyboard.
 */
describe('early signals through the pages', () => {
  let app: RunningApp;
  let browser: TestBrowser;

  beforeAll(async () => {
    browser = await startBrowser();
    app = sharedApp();
    appErrors = () => app.logs().split('\n').filter((l) => /"level":(50|60)/.test(l)).join('\n').slice(-4000);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('partner reports, team lead assigns, consultant contacts, follows up and escalates', async () => {
    const reportedId = uniqueId('web-vs');
    const signalId = `signal-${reportedId}`;

    // The partner reports the signal through the form (without an e-mail address: the melding will lack a melder).
    const partner = await browser.newPage();
    await loginAs(partner, app.baseUrl, 'partner-jgz');
    expect(new URL(partner.url()).pathname).toBe('/signalen/nieuw');
    await expectAccessible(partner, 'the early-signal form');
    await partner.fill('[name="signalId"]', reportedId);
    await partner.selectOption('[name="concern"]', 'zorgwekkend-ziekteverzuim');
    await partner.fill('[name="description"]', 'Vaak ziek gemeld op maandag, geen medische grond bekend');
    // The page fills in the Dutch date (a day ahead of UTC just after midnight there).
    expect(await partner.inputValue('[name="reportDate"]')).toBe(todayInNl());
    await fillFields(partner, {
      'since': daysAgo(21),
      'sickDays': '7',
      'youth.bsn': testBsn(),
      'youth.firstName': 'Lotte',
      'youth.lastName': 'van Dijk',
      'youth.dateOfBirth': bornYearsBefore(today(), 13),
      'gemeente': 'GM0505',
      'school.brin': '12AB',
      'school.name': 'Testcollege Dordrecht',
      'reporter.organisation': 'JGZ Zuid-Holland Zuid',
      'reporter.name': 'Dr. P. de Wit',
      'reporter.function': 'jeugdarts',
    });
    await partner.locator('[name="parentsInformed"][value="true"]').check();
    await Promise.all([partner.waitForURL(/gemeld=/), partner.locator('form[action="/signalen/nieuw"] button[type="submit"]').click()]);
    expect(await partner.locator('.utrecht-alert').innerText()).toContain(signalId);
    await expectAccessible(partner, 'the early-signal form after reporting');
    // A partner has no signal queue.
    await partner.goto(`${app.baseUrl}/signalen`);
    expect(await partner.locator('h1').innerText()).toBe('Geen toegang');

    // The signal's workflow is running before anyone acts on it.
    const lpaApi = apiClient(app.baseUrl, { id: 'lpa-anna', role: 'consultant', gemeenten: ['GM0505'] });
    await eventually(() => lpaApi.get(`/api/signals/${signalId}`), (r) => r.status === 200 && r.body.state?.step === 'reactie' && r.body.step === 'reactie', 30_000);

    // The team lead finds it among the open signals (filtered on concern and gemeente) and assigns it.
    const tom = await browser.newPage();
    await loginAs(tom, app.baseUrl, 'teamlead-tom');
    await tom.locator('.site-nav a[href="/signalen"]').click();
    await tom.waitForURL(`${app.baseUrl}/signalen`);
    await tom.selectOption('#s-concern', 'zorgwekkend-ziekteverzuim');
    await tom.selectOption('#s-gemeente', 'GM0505');
    await Promise.all([tom.waitForURL(/concern=/), tom.locator('form.filters button[type="submit"]').click()]);
    await expectAccessible(tom, "the team lead's signal queue");
    await tom.locator(`a[href="/signalen/${signalId}"]`).click();
    await tom.waitForURL(`${app.baseUrl}/signalen/${signalId}`);
    expect(await tom.locator('main').innerText()).toContain('niet toegewezen');
    await act(tom, 'Toewijzen aan een andere leerplichtambtenaar', async (f) => {
      await f.locator('[name="consultantId"]').fill('lpa-anna');
    });
    expect(await tom.locator('.utrecht-alert--ok').innerText()).toContain('Toewijzen');
    await expectAccessible(tom, 'the signal page for the team lead');
    await eventually(() => lpaApi.get(`/api/signals?consultant=lpa-anna&concern=zorgwekkend-ziekteverzuim`), (r) => r.body.items?.some((i: { id: string }) => i.id === signalId), 30_000);

    // The consultant reaches her signal queue by keyboard from the navigation and filters it by keyboard.
    const lpa = await browser.newPage();
    await loginAs(lpa, app.baseUrl, 'lpa-anna');
    await tabTo(lpa, '.site-nav a[href="/signalen"]');
    await lpa.keyboard.press('Enter');
    await lpa.waitForURL(`${app.baseUrl}/signalen`);
    expect(await lpa.locator('.site-nav a[aria-current="page"]').innerText()).toBe('Vroegsignalen');
    await tabTo(lpa, '#s-concern');
    // A closed select takes the option by typing its label's start (Zorgwekkend ziekteverzuim).
    await lpa.keyboard.type('Zorgw');
    expect(await lpa.inputValue('#s-concern')).toBe('zorgwekkend-ziekteverzuim');
    await tabTo(lpa, 'form.filters button[type="submit"]');
    await Promise.all([lpa.waitForURL(/concern=zorgwekkend-ziekteverzuim/), lpa.keyboard.press('Enter')]);
    const row = lpa.locator('tbody tr', { has: lpa.locator(`a[href="/signalen/${signalId}"]`) });
    expect(await row.count()).toBe(1);
    expect(await row.innerText()).toContain('Reactie op het signaal');
    expect(await row.locator('.badge').count()).toBe(1);
    await expectAccessible(lpa, "the consultant's signal queue");
    await screenshot(lpa, '60-vroegsignalen');

    // She opens it by keyboard.
    await tabTo(lpa, `a[href="/signalen/${signalId}"]`);
    await Promise.all([lpa.waitForURL(`${app.baseUrl}/signalen/${signalId}`), lpa.keyboard.press('Enter')]);
    const main = lpa.locator('main');
    expect(await main.innerText()).toContain('Lotte van Dijk');
    expect(await main.innerText()).toContain('Vaak ziek gemeld op maandag');
    expect(await lpa.locator('.stepper [aria-current="step"]').innerText()).toContain('Reactie');
    // Exactly what the state allows a consultant: no follow-up before a contact, no reassigning.
    const offered = await lpa.locator('details.action-form summary').allInnerTexts();
    expect(offered).toEqual(['Contact vastleggen', 'Signaal afsluiten', 'Escaleren naar een verzuimmelding (zaak)']);
    await expectAccessible(lpa, 'the signal page');

    // A refused step: closing before any contact. The reason shows in the form; nothing is recorded.
    await act(lpa, 'Signaal afsluiten', async (f) => {
      await f.locator('[name="outcome"]').selectOption('geen-zorgen');
      await f.locator('[name="note"]').fill('Lijkt mee te vallen');
    }, true);
    expect(await lpa.locator('details[open] .utrecht-alert--error').innerText()).toMatch(/contact/i);
    expect(await lpa.inputValue('details[open] [name="note"]')).toBe('Lijkt mee te vallen');
    await expectAccessible(lpa, 'the signal page with a refusal');

    // The contact form opened by keyboard (the disclosure's summary takes Enter).
    const contact = actionDetails(lpa, 'Contact vastleggen');
    await tabTo(lpa, '#signaal-contacts > summary');
    await lpa.keyboard.press('Enter');
    expect(await contact.getAttribute('open')).not.toBeNull();
    await act(lpa, 'Contact vastleggen', async (f) => {
      await f.locator('[name="kind"]').selectOption('overleg-met-school');
      await f.locator('[name="at"]').fill(dutchLocal(new Date(Date.now() - 3_600_000)));
      await f.locator('[name="summary"]').fill('Overleg met de mentor: ziekmeldingen vallen op maandag');
      await f.locator('[name="agreements"]').fill('Mentor nodigt ouders uit; JGZ ziet de jongere');
    });
    expect(await lpa.locator('.utrecht-alert--ok').innerText()).toContain('Contact vastleggen');
    expect(await lpa.locator('.stepper [aria-current="step"]').innerText()).toContain('Opvolging');
    expect(await lpa.locator('section[aria-labelledby="h-contacten"]').innerText()).toContain('Mentor nodigt ouders uit');
    expect(await lpa.locator('section[aria-labelledby="h-status"]').innerText()).toContain('Opvolgingscheck');
    expect(await lpa.locator('section[aria-labelledby="h-tijdlijn"]').innerText()).toContain('Contact vastleggen');

    await act(lpa, 'Opvolgingscheck vastleggen', async (f) => {
      await f.locator('[name="result"]').selectOption('onveranderd');
      await f.locator('[name="summary"]').fill('Nog steeds ziek op maandag');
      await f.locator('[name="extend"][value="false"]').check();
    });
    expect(await lpa.locator('section[aria-labelledby="h-opvolging"]').innerText()).toContain('Nog steeds ziek op maandag');
    await screenshot(lpa, '61-vroegsignaal');

    // Escalation: the partner gave no e-mail address, so the formal melding lacks its melder: refused at that field.
    await act(lpa, 'Escaleren naar een verzuimmelding (zaak)', async (f) => {
      await f.locator('[name="reason"]').fill('Ziekteverzuim zonder medische grond houdt aan');
    }, true);
    const melder = lpa.locator('details[open] fieldset.utrecht-form-fieldset--invalid', { has: lpa.locator('[name="melder.name"]') });
    expect(await melder.locator('.utrecht-form-field-error-message').count()).toBe(1);
    expect(await lpa.inputValue('details[open] [name="reason"]')).toBe('Ziekteverzuim zonder medische grond houdt aan');
    await expectAccessible(lpa, 'the signal page with a refused escalation');
    await screenshot(lpa, '62-vroegsignaal-escalatie-geweigerd');
    await act(lpa, 'Escaleren naar een verzuimmelding (zaak)', async (f) => {
      await f.locator('[name="melder.name"]').fill('J. Jansen');
      await f.locator('[name="melder.function"]').fill('verzuimcoördinator');
      await f.locator('[name="melder.email"]').fill(`${uniqueId('verzuim')}@school.example`);
    });
    expect(await lpa.locator('.utrecht-alert--ok').innerText()).toContain('Escaleren');
    expect(await lpa.locator('.stepper [aria-current="step"]').innerText()).toContain('Geëscaleerd');
    expect(await lpa.locator('details.action-form').count()).toBe(0);
    const caseLink = lpa.locator(`section[aria-labelledby="h-acties"] a[href="/zaken/case-${signalId}"]`);
    expect(await caseLink.count()).toBe(1);
    await expectAccessible(lpa, 'the escalated signal');

    // The case it became opens; the signal is listed among the escalated ones.
    await Promise.all([lpa.waitForURL(`${app.baseUrl}/zaken/case-${signalId}`), caseLink.click()]);
    expect(await lpa.locator('h1').innerText()).toContain('Lotte van Dijk');
    await eventually(
      async () => {
        await lpa.goto(`${app.baseUrl}/signalen?status=geescaleerd&concern=zorgwekkend-ziekteverzuim`);
        return lpa.locator(`a[href="/signalen/${signalId}"]`).count();
      },
      (n) => n === 1,
      30_000,
    );
    expect(await lpa.locator('tbody tr', { has: lpa.locator(`a[href="/signalen/${signalId}"]`) }).innerText()).toContain(`case-${signalId}`);
    await expectAccessible(lpa, 'the escalated signals');
  });
});
