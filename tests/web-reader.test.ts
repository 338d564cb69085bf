/**
 * The public page at `/` as a reader meets it, in Debian's Chromium: on a phone the latest updates
 * come early and every key figure fits the screen; an entry recorded while the reader is elsewhere
 * is announced at the top and one click away; the search box shows the API's results with the
 * matched words marked, each leading to its timeline entry; GraphiQL links appear only for those
 * who ask; and axe-core finds nothing serious at desktop or phone width. The screenshots in docs/
 * are copies of the ones this suite writes to test-artifacts/.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { buildWeb, countOf, DESKTOP, launchBrowser, openLivePage, PHONE, poll, seriousViolations, textOf } from './support/browser.js';
import { graphqlAt, startServer, type TestServer } from './support/server.js';

let server: TestServer;
let browser: Browser;
let origin: string;
let token: string;
let conflictId: string;
const offSite: string[] = [];

const graphql = <T = any>(query: string, variables: Record<string, unknown> = {}) =>
  graphqlAt<T>(`${origin}/graphql`, query, variables, token);

async function openPage(viewport = DESKTOP, path = '/'): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openLivePage(browser, origin, { path, viewport, offSite });
  return { page, errors };
}

/** Whether the element's box lies inside the viewport, below the sticky masthead. */
async function inView(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize()!;
  const masthead = (await page.locator('.masthead').boundingBox())!;
  return (
    box !== null &&
    box.y >= masthead.y + masthead.height &&
    box.y + box.height <= viewport.height &&
    box.x >= 0 &&
    box.x + box.width <= viewport.width
  );
}

/** The id of the timeline entry holding the focused element. */
const focusedEntry = (page: Page) => () =>
  page.evaluate(() => document.activeElement?.closest<HTMLElement>('#timeline > li')?.dataset.id ?? null);

beforeAll(async () => {
  buildWeb();
  server = await startServer();
  origin = new URL(server.url).origin;
  token = createToken(server.app.database.db, { name: 'web reader test', role: 'ADMIN' }).token;
  conflictId = (await graphql<{ conflict: { id: string } }>('{ conflict(slug: "russia-ukraine-war") { id } }')).conflict.id;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the public page, read on a phone', () => {
  it('puts the latest updates near the top, folds the long parts and fits every key figure in the width', async () => {
    const { page, errors } = await openPage(PHONE);
    const figures = page.locator('#figures > li');
    await poll(countOf(figures)).toBe(5);
    for (const figure of await figures.all()) {
      const box = (await figure.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    // Two figures to a row: the second sits beside the first.
    const [first, second] = [(await figures.nth(0).boundingBox())!, (await figures.nth(1).boundingBox())!];
    expect(second.y).toBe(first.y);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

    // The latest updates start within two screens, showing the newest three until asked for all.
    const updatesTop = await page.locator('#updates-heading').evaluate((h) => h.getBoundingClientRect().top + window.scrollY);
    expect(updatesTop).toBeLessThan(2 * PHONE.height);
    await poll(countOf(page.locator('#updates > li:visible'))).toBe(3);
    const more = page.getByRole('button', { name: 'Show all 12 updates' });
    await more.click();
    await poll(countOf(page.locator('#updates > li:visible'))).toBe(12);
    await poll(() => page.getByRole('button', { name: 'Show fewer updates' }).getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('button', { name: 'Show fewer updates' }).click();
    await poll(countOf(page.locator('#updates > li:visible'))).toBe(3);

    // The delegations fold under a line naming them; the timeline loads ten entries at a time.
    const delegations = page.locator('#talk details.delegations-box');
    await poll(() => delegations.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await poll(textOf(delegations.locator('summary'))).toContain('Ukraine, Russia');
    await poll(countOf(page.locator('#timeline > li'))).toBe(10);
    await poll(() => page.getByRole('button', { name: 'Show older entries' }).isVisible()).toBe(true);

    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'test-artifacts/timeline-phone.png' });
    expect(errors).toEqual([]);
    await page.close();

    // The article's dataset as it is, before the tests below record anything: the docs' screenshot.
    const desktop = await openPage();
    await poll(countOf(desktop.page.locator('#figures > li'))).toBe(5);
    await desktop.page.screenshot({ path: 'test-artifacts/timeline-desktop.png' });
    await desktop.page.close();
  });

  it('announces an entry recorded meanwhile at the top of the screen, and one click brings it into view with focus', async () => {
    const { page, errors } = await openPage(PHONE);
    const title = 'Drone strike on a substation near Sumy (reader test)';
    const recorded = await graphql<{ recordIncident: { incident: { id: string } } }>(
      `mutation ($input: RecordIncidentInput!) { recordIncident(input: $input) { ... on RecordIncidentPayload { incident { id } } } }`,
      {
        input: {
          conflict: conflictId,
          eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
          subEventType: 'AIR_DRONE_STRIKE',
          title,
          date: { start: '2025-06-10', precision: 'DAY' },
          location: { name: 'Sumy', country: 'Ukraine' },
        },
      },
    );
    const id = recorded.recordIncident.incident.id;
    const heading = page.locator(`#timeline > li[data-id="${id}"] h3`);
    await heading.waitFor({ state: 'attached', timeout: 2_000 });
    await poll(textOf(page.locator('#timeline-status'))).toContain(`New incident on the timeline: ${title}`);

    // The entry is screens below; the announcement is at the top of the screen.
    expect(await inView(page, heading)).toBe(false);
    const button = page.getByRole('button', { name: '1 new entry' });
    await poll(() => button.isVisible()).toBe(true);
    const box = (await button.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThan(PHONE.height / 4);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: 'test-artifacts/timeline-phone-new.png' });

    await button.click();
    await poll(() => inView(page, heading)).toBe(true);
    await poll(focusedEntry(page)).toBe(id);
    await poll(() => button.isVisible()).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('searching the conflict', () => {
  it('shows the API results with the matched words marked, and a result leads to its timeline entry', async () => {
    const { page, errors } = await openPage();
    const box = page.getByRole('searchbox', { name: 'Search this conflict' });
    await box.fill('Napoleon');
    await box.press('Enter');
    await poll(textOf(page.locator('#search-status'))).toMatch(/^\d+ results? for “Napoleon”\.$/);
    const results = page.locator('#search-results > li');
    await poll(countOf(results)).toBeGreaterThan(0);
    await poll(textOf(results.first().locator('mark').first())).toMatch(/^napoleon$/i);
    expect(new URL(page.url()).searchParams.get('q')).toBe('Napoleon');
    await page.screenshot({ path: 'test-artifacts/timeline-search.png' });

    const link = results.first().locator('h3 a');
    const itemId = await link.getAttribute('data-item');
    await link.click();
    const heading = page.locator(`#timeline > li[data-id="${itemId}"] h3`);
    await poll(() => inView(page, heading)).toBe(true);
    await poll(focusedEntry(page)).toBe(itemId);

    // A search with no match says so; clearing it empties the results and the address.
    await box.fill('zzyzx');
    await box.press('Enter');
    await poll(textOf(page.locator('#search-status'))).toBe('Nothing matches “zzyzx”.');
    await poll(countOf(results)).toBe(0);
    await page.getByRole('button', { name: 'Clear the search' }).click();
    await poll(textOf(page.locator('#search-status'))).toBe('');
    expect(new URL(page.url()).searchParams.get('q')).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('on a phone, runs the search in the address and reaches an entry older than the loaded page', async () => {
    const { page, errors } = await openPage(PHONE, '/?q=%22walk%20away%22');
    await poll(() => page.getByRole('searchbox', { name: 'Search this conflict' }).inputValue()).toBe('"walk away"');
    const results = page.locator('#search-results > li');
    await poll(countOf(results)).toBeGreaterThan(0);
    // A phrase is marked as one.
    await poll(textOf(results.first().locator('mark').first())).toMatch(/^walk away$/i);
    const link = results.first().locator('h3 a');
    const itemId = (await link.getAttribute('data-item'))!;
    // Trump's remark closes the timeline: not among the ten entries a phone loads first.
    await poll(countOf(page.locator('#timeline > li'))).toBe(10);
    expect(await page.locator(`#timeline > li[data-id="${itemId}"]`).count()).toBe(0);
    await link.click();
    const heading = page.locator(`#timeline > li[data-id="${itemId}"] h3`);
    await poll(() => inView(page, heading)).toBe(true);
    await poll(focusedEntry(page)).toBe(itemId);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('GraphiQL links and accessibility', () => {
  it('hides the GraphiQL links until "Show GraphQL queries" is on, remembers it, and turns on with ?dev=1', async () => {
    const { page } = await openPage();
    const links = page.locator('.graphiql-link:visible');
    await poll(countOf(page.locator('#timeline > li'))).toBe(23);
    expect(await links.count()).toBe(0);
    const toggle = page.getByRole('checkbox', { name: 'Show GraphQL queries' });
    await toggle.check();
    await poll(countOf(links)).toBeGreaterThan(23);
    await page.reload();
    await page.locator('#connection[data-state="live"]').waitFor();
    await poll(countOf(page.locator('.graphiql-link:visible'))).toBeGreaterThan(23);
    await poll(() => page.getByRole('checkbox', { name: 'Show GraphQL queries' }).isChecked()).toBe(true);
    await page.close();

    // A new context has no memory of it; ?dev=1 asks for the links.
    const fresh = await openPage();
    await poll(countOf(fresh.page.locator('#timeline > li'))).toBe(23);
    expect(await fresh.page.locator('.graphiql-link:visible').count()).toBe(0);
    await fresh.page.close();
    const dev = await openPage(DESKTOP, '/?dev=1');
    await poll(countOf(dev.page.locator('.graphiql-link:visible'))).toBeGreaterThan(23);
    await dev.page.close();
  });

  // axe-core takes several seconds a page in Chromium here.
  it('has no serious or critical axe-core violations at desktop width, with and without search results', async () => {
    const { page, errors } = await openPage();
    await poll(countOf(page.locator('#figures > li'))).toBe(5);
    await poll(countOf(page.locator('#timeline > li'))).toBe(23);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('searchbox', { name: 'Search this conflict' }).fill('Zelensky');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await poll(countOf(page.locator('#search-results > li'))).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('has no serious or critical axe-core violations at phone width, with the updates and delegations unfolded', async () => {
    const { page, errors } = await openPage(PHONE);
    await poll(countOf(page.locator('#timeline > li'))).toBe(10);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: /^Show all \d+ updates$/ }).click();
    await page.locator('#talk summary').click();
    await page.getByRole('checkbox', { name: 'Show GraphQL queries' }).check();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(offSite).toEqual([]);
    await page.close();
  }, 90_000);
});
