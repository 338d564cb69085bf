/**
 * What the browser tests share: Debian's Chromium driven by playwright-core, pages that may talk to
 * the Parley server only (anything off-site is aborted and remembered, since nothing may come from a
 * CDN), script errors collected, an accessibility check with axe-core, and a free port for a server
 * that must come back where a page expects it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/** Builds src/web into dist/web, so a test checks the current source rather than an old build. */
export function buildWeb(): void {
  execFileSync(process.execPath, ['scripts/build-web.mjs'], { stdio: 'pipe' });
}

/** Debian's Chromium, headless; the browser tests write their screenshots to test-artifacts/. */
export function launchBrowser(): Promise<Browser> {
  mkdirSync('test-artifacts', { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface OpenedPage {
  page: Page;
  /** Uncaught exceptions and console errors. */
  errors: string[];
  /** Requests that tried to leave the server (aborted). */
  offSite: string[];
}

/**
 * A new page (in its own context, so sessionStorage is its own) at `origin + path`, with off-site
 * requests aborted and script errors collected. `before` runs before the page loads (routes, clocks).
 */
export async function openPage(
  browser: Browser,
  origin: string,
  path = '/',
  options: {
    viewport?: { width: number; height: number };
    before?: (page: Page) => void | Promise<void>;
    /** Where to gather off-site requests, when a suite checks them across pages. */
    offSite?: string[];
  } = {},
): Promise<OpenedPage> {
  // The context ends with the browser: closing it with the page raced the browser's own close at
  // the end of a suite (an unhandled "Target closed" rejection).
  const context = await browser.newContext({ viewport: options.viewport ?? DESKTOP });
  const page = await context.newPage();
  const errors: string[] = [];
  const offSite = options.offSite ?? [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    const allowed = url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:');
    if (!allowed) offSite.push(url);
    try {
      await (allowed ? route.continue() : route.abort());
    } catch (error) {
      // A request still in flight when its page closes (the browser closing at the end of a suite)
      // cannot be continued any more; anything else is the test's business.
      if (!page.isClosed()) throw error;
    }
  });
  await options.before?.(page);
  await page.goto(`${origin}${path}`, { waitUntil: 'load' });
  return { page, errors, offSite };
}

/** The public page at `origin + path`, once it follows the event stream. */
export async function openLivePage(
  browser: Browser,
  origin: string,
  options: Parameters<typeof openPage>[3] & { path?: string } = {},
): Promise<OpenedPage> {
  const opened = await openPage(browser, origin, options.path ?? '/', options);
  await opened.page.locator('#connection[data-state="live"]').waitFor({ timeout: 15_000 });
  return opened;
}

/** Retries an expectation on what the page shows until it holds (vitest has no locator matchers). */
export const poll = <T>(read: () => Promise<T>, timeout = 5_000) => expect.poll(read, { timeout });
export const textOf = (locator: Locator) => () => locator.innerText();
export const countOf = (locator: Locator) => () => locator.count();
export const attributeOf = (locator: Locator, name: string) => () => locator.getAttribute(name);

/** The serious and critical WCAG 2.x A/AA violations axe-core finds on the page as it is now. */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}
