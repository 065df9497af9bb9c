import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { root } from './stack-env';

/**
 * A real browser for the page tests: Debian's chromium, driven by playwright-core, with a fresh
 * profile and nothing that reaches the internet. axe-core checks every page against the WCAG 2.1
 * AA rules. By default the headless build of it, Debian's `chromium-headless-shell` (the same
 * Blink and V8 from the same source package, without the desktop browser's windowing and
 * background services), which playwright itself uses for headless runs: the page tests took half
 * the CPU they took in `chromium --headless` (README, Tests). `CHROMIUM_PATH` picks another build;
 * `FULL_CHROMIUM` is the desktop browser, which `login-and-queue` also runs on.
 */
// The functions passed to page.evaluate run in the browser; this project's lib has no DOM types.
declare const window: unknown;
declare const document: { activeElement: { matches(sel: string): boolean } | null };

export const FULL_CHROMIUM = '/usr/bin/chromium';
const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? (fs.existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : FULL_CHROMIUM);
export const SCREENSHOT_DIR = path.join(root, '.data', 'screenshots');

export type TestBrowser = { browser: Browser; newPage(): Promise<Page>; close(): Promise<void> };

export async function startBrowser(executablePath = CHROMIUM_PATH): Promise<TestBrowser> {
  if (!fs.existsSync(executablePath)) throw new Error(`no chromium at ${executablePath}: install it (apt-get install -y chromium chromium-headless-shell, as .ci/run does) or set CHROMIUM_PATH`);
  // playwright-core gives every launch a fresh temporary user-data-dir of its own (and removes it);
  // each user in a test gets a new browser context, so sessions never mix.
  const browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    timeout: 60_000,
  });
  const contexts: BrowserContext[] = [];
  const axe = await serveAxe();
  axeUrls.set(browser, axe.url);
  return {
    browser,
    async newPage() {
      // bypassCSP only lets axe-core's script (from another origin, serveAxe) in; the pages themselves serve no inline script.
      const ctx = await browser.newContext({ bypassCSP: true, locale: 'nl-NL', timezoneId: 'Europe/Amsterdam', viewport: { width: 1280, height: 900 } });
      contexts.push(ctx);
      return ctx.newPage();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      axe.close();
    },
  };
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** Each browser's loopback server of axe-core (serveAxe). */
const axeUrls = new WeakMap<Browser, string>();

/**
 * axe-core from a loopback server of this process, cacheable: the browser then fetches it once and
 * compiles it from its code cache. Injected as inline content (550 kB, about 50 times per run) it was
 * parsed and compiled on every page: half a second each, as long as the checks themselves.
 */
function serveAxe(): Promise<{ url: string; close(): void }> {
  return new Promise((resolve, reject) => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=31536000, immutable' });
      res.end(AXE_SOURCE);
    });
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/axe.min.js`,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      }),
    );
  });
}

/** Runs axe-core with the WCAG 2.0/2.1 A and AA rules; throws with every violation named. */
export async function expectAccessible(page: Page, what = page.url()): Promise<void> {
  if (!(await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined'))) {
    const url = axeUrls.get(page.context().browser()!);
    if (!url) throw new Error('expectAccessible needs a page of startBrowser()');
    await page.addScriptTag({ url });
  }
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) }));
  });
  if (violations.length) throw new Error(`axe-core (WCAG 2.1 AA) found ${violations.length} violation(s) on ${what}:\n${violations.map((v) => `- ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n')}`);
}

/** Saves a full-page screenshot to .data/screenshots/<name>.png for review. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Logs in through the pages and the development identity provider as one of its users. */
export async function loginAs(page: Page, baseUrl: string, sub: string): Promise<void> {
  await page.goto(`${baseUrl}/inloggen`);
  await page.locator(`button[name="sub"][value="${sub}"]`).click();
  await page.waitForURL((u) => u.origin === new URL(baseUrl).origin && !u.pathname.startsWith('/auth/'), { timeout: 30_000 });
}

/** Tabs until the element has focus; throws if it never gets it (keyboard access). */
export async function tabTo(page: Page, selector: string, maxTabs = 80): Promise<void> {
  for (let i = 0; i < maxTabs; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`${selector} was not reached by keyboard in ${maxTabs} tabs`);
}

/** Fills a form's text fields by their names, in the order given (as a person would, field by field). */
export async function fillFields(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) await page.fill(`[name="${name}"]`, value);
}

/**
 * Submits the form that posts to `action` and waits for the page it answers; gives the POST's
 * status (303 saved, 409 a conflict the page shows, 400 a refusal at the fields).
 */
export async function submitForm(page: Page, action: string): Promise<number> {
  const loaded = page.waitForEvent('load');
  const answer = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === action);
  await page.locator(`form[action="${action}"] button[type="submit"]`).click();
  const status = (await answer).status();
  await loaded;
  return status;
}
