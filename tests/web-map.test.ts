/**
 * The map of incidents and the trend chart on the public page, in Debian's Chromium with every
 * request that is not to the Parley server aborted: the map draws Natural Earth's outlines served
 * by Parley and a marker (or a counted cluster) for each located incident, shows a recorded one
 * within a second, opens an incident in the timeline when clicked, and a box drawn on it (with
 * shift, after "Select an area", or the area in view from the keyboard) filters the timeline
 * through the API's `area`; the chart marks the rounds of talks and counts again when an incident
 * is recorded. Both fit a phone's width and pass axe-core. docs/map-*.png are this suite's
 * screenshots, copied.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findConflictBySlug } from '../src/domain/conflict.js';
import { recordIncident } from '../src/domain/incident.js';
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

/** Located incidents recorded before the page opens, by name: [latitude, longitude, geo precision, event type, day]. */
const PLACES = {
  Kharkiv: [49.99, 36.23, 1, 'BATTLES', '2025-05-25'],
  Kupiansk: [49.71, 37.62, 2, 'BATTLES', '2025-05-28'],
  Zaporizhzhia: [47.84, 35.14, 1, 'EXPLOSIONS_REMOTE_VIOLENCE', '2025-06-01'],
  Kherson: [46.64, 32.62, 1, 'VIOLENCE_AGAINST_CIVILIANS', '2025-06-03'],
  Kyiv: [50.45, 30.52, 3, 'EXPLOSIONS_REMOTE_VIOLENCE', '2025-06-05'],
  Belgorod: [50.6, 36.6, 2, 'EXPLOSIONS_REMOTE_VIOLENCE', '2025-05-20'],
} as const;
const ids: Record<string, string> = {};

async function openPage(viewport = DESKTOP): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openLivePage(browser, origin, { viewport, offSite });
  // An element that never comes fails its poll in seconds, not at the test's timeout.
  page.setDefaultTimeout(5_000);
  await page.locator('#map-canvas .map__land').waitFor({ timeout: 10_000 });
  return { page, errors };
}

/** Incidents the map shows: a marker counts one, a cluster its number. */
const markedOnMap = (page: Page) => () =>
  page.locator('#map-canvas [data-count]').evaluateAll((marks) => marks.reduce((n, m) => n + Number(m.getAttribute('data-count')), 0));

const visibleEntries = (page: Page) => () =>
  page.locator('#timeline > li:visible').evaluateAll((items) => items.map((li) => li.getAttribute('data-id')).sort());

/** The incidents the API finds in the area the page put in its address. */
async function incidentsInAddressArea(page: Page): Promise<string[]> {
  const [west, south, east, north] = new URL(page.url()).searchParams.get('area')!.split(',').map(Number);
  const data = await graphql<{ node: { incidents: { nodes: { id: string }[] } } }>(
    `query ($id: ID!, $bbox: BoundingBoxInput!) { node(id: $id) { ... on Conflict { incidents(first: 100, filter: { area: { bbox: $bbox } }) { nodes { id } } } } }`,
    { id: conflictId, bbox: { west, south, east, north } },
  );
  return data.node.incidents.nodes.map((n) => n.id).sort();
}

/** Drags from one point to another, holding shift if asked. */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, shift: boolean): Promise<void> {
  if (shift) await page.keyboard.down('Shift');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  if (shift) await page.keyboard.up('Shift');
}

/** Where a marker is on the screen, with the map scrolled into view so the mouse can reach it. */
async function centre(page: Page, id: string): Promise<{ x: number; y: number }> {
  await page.locator('#map-canvas').scrollIntoViewIfNeeded();
  const box = (await page.locator(`#map-canvas circle[data-id="${id}"]`).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

async function record(title: string, location: Record<string, unknown>, day: string): Promise<string> {
  const data = await graphql<{ recordIncident: { incident: { id: string } } }>(
    `mutation ($input: RecordIncidentInput!) { recordIncident(input: $input) { ... on RecordIncidentPayload { incident { id } } } }`,
    { input: { conflict: conflictId, eventType: 'EXPLOSIONS_REMOTE_VIOLENCE', title, date: { start: day, precision: 'DAY' }, location } },
  );
  return data.recordIncident.incident.id;
}

beforeAll(async () => {
  buildWeb();
  server = await startServer();
  origin = new URL(server.url).origin;
  token = createToken(server.app.database.db, { name: 'web map test', role: 'ADMIN' }).token;
  const conflict = findConflictBySlug(server.app.database.db, 'russia-ukraine-war')!;
  conflictId = (await graphql<{ conflict: { id: string } }>('{ conflict(slug: "russia-ukraine-war") { id } }')).conflict.id;
  // Through the domain, as an ACLED import would: the API's input has no geo precision.
  for (const [name, [latitude, longitude, geoPrecision, eventType, day]] of Object.entries(PLACES)) {
    server.app.writer.run((scope) =>
      recordIncident(scope, {
        conflictId: conflict.id,
        eventType,
        title: `Fighting at ${name} (map test)`,
        date: { start: day, precision: 'DAY' },
        location: { name, country: name === 'Belgorod' ? 'Russia' : 'Ukraine', latitude, longitude, geoPrecision },
      }),
    );
  }
  const recorded = await graphql<{ incidents: { nodes: { id: string; title: string }[] } }>(
    '{ incidents(first: 100) { nodes { id title } } }',
  );
  for (const { id, title } of recorded.incidents.nodes) {
    const name = /^Fighting at (\w+) \(map test\)$/.exec(title)?.[1];
    if (name) ids[name] = id;
  }
  expect(Object.keys(ids).sort()).toEqual(Object.keys(PLACES).sort());
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the map of incidents', () => {
  it('draws the outlines served by Parley and a marker or counted cluster per located incident, with a list alternative', async () => {
    const { page, errors } = await openPage();
    const located = Object.keys(PLACES).length;
    await poll(markedOnMap(page)).toBe(located);
    // The article's own incidents have no coordinates: they are on the timeline, not on the map.
    await poll(textOf(page.locator('#map-status'))).toBe(`${located} located incidents`);
    const map = page.getByRole('img', { name: /^Map of 6 incidents with coordinates/ });
    await poll(countOf(map)).toBe(1);
    // Sized by precision: a region is drawn wider than a place.
    const radius = (id: string) => page.locator(`#map-canvas circle[data-id="${id}"]`).getAttribute('r');
    await poll(() => radius(ids.Kherson!)).toBe('5');
    await poll(async () => Number(await radius(ids.Kyiv!))).toBeGreaterThan(5);
    expect(await page.locator(`#map-canvas circle[data-id="${ids.Kherson}"]`).getAttribute('class')).toContain(
      'type-VIOLENCE_AGAINST_CIVILIANS',
    );

    // Zoomed in, clusters come apart into one marker per incident; the total is the same.
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
    await poll(markedOnMap(page)).toBe(located);
    await page.getByRole('button', { name: 'Reset' }).click();

    // The list alternative, by keyboard: each incident a link to its timeline entry.
    const summary = page.locator('.map__list summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    await poll(countOf(page.locator('#map-list > li'))).toBe(located);
    const link = page.locator('#map-list a', { hasText: 'Fighting at Kharkiv (map test)' });
    await link.focus();
    await page.keyboard.press('Enter');
    await poll(() => page.evaluate(() => document.activeElement?.closest<HTMLElement>('#timeline > li')?.dataset.id ?? null)).toBe(
      ids.Kharkiv,
    );

    expect(errors).toEqual([]);
    expect(offSite).toEqual([]);
    await page.close();
  });

  it('shows a recorded incident within a second, and a click on its marker opens it in the timeline', async () => {
    const { page, errors } = await openPage();
    const before = Object.keys(PLACES).length;
    await poll(markedOnMap(page)).toBe(before);
    const id = await record(
      'Missile strike on the port of Odesa (map test)',
      { name: 'Odesa', country: 'Ukraine', latitude: 46.48, longitude: 30.73 },
      '2025-06-06',
    );
    const started = Date.now();
    await poll(markedOnMap(page), 1_000).toBe(before + 1);
    expect(Date.now() - started).toBeLessThan(1_000);
    await poll(countOf(page.locator('#map-list a', { hasText: 'Missile strike on the port of Odesa' }))).toBe(1);

    await page.locator(`#map-canvas circle[data-id="${ids.Kherson}"]`).click();
    await poll(() => page.evaluate(() => document.activeElement?.closest<HTMLElement>('#timeline > li')?.dataset.id ?? null)).toBe(
      ids.Kherson,
    );

    // Retracted, it leaves the map.
    await graphql(`mutation ($input: RetractIncidentInput!) { retractIncident(input: $input) { __typename } }`, {
      input: { incident: id, reason: 'The strike was on Mykolaiv, not Odesa.' },
    });
    await poll(markedOnMap(page), 2_000).toBe(before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a box drawn with shift-drag, or after "Select an area", filters the timeline through the API; so does the area in view', async () => {
    const { page, errors } = await openPage();
    await poll(markedOnMap(page)).toBe(Object.keys(PLACES).length);
    await poll(countOf(page.locator('#timeline > li:visible'))).toBeGreaterThan(10);

    // Shift-drag around Kherson alone.
    const kherson = await centre(page, ids.Kherson!);
    await drag(page, { x: kherson.x - 25, y: kherson.y - 25 }, { x: kherson.x + 25, y: kherson.y + 25 }, true);
    await poll(visibleEntries(page)).toEqual([ids.Kherson]);
    await poll(textOf(page.locator('#area-filter-label'))).toMatch(/^1 incident in /);
    expect(await incidentsInAddressArea(page)).toEqual([ids.Kherson]);
    await page.screenshot({ path: 'test-artifacts/map-area-desktop.png' });

    // Cleared, the whole timeline again.
    await page.getByRole('button', { name: 'Clear the area' }).click();
    await poll(countOf(page.locator('#timeline > li:visible'))).toBeGreaterThan(10);
    expect(new URL(page.url()).searchParams.has('area')).toBe(false);

    // For touch: "Select an area", then a plain drag, around the cluster of the places near Kharkiv.
    await page.getByRole('button', { name: 'Select an area' }).click();
    const cluster = page.locator('#map-canvas g.marker--cluster').first();
    const target = (await cluster.count()) ? cluster : page.locator(`#map-canvas circle[data-id="${ids.Kharkiv}"]`);
    await target.scrollIntoViewIfNeeded();
    const counted = Number(await target.getAttribute('data-count'));
    const box = (await target.boundingBox())!;
    await drag(page, { x: box.x - 4, y: box.y - 4 }, { x: box.x + box.width + 4, y: box.y + box.height + 4 }, false);
    await poll(async () => new URL(page.url()).searchParams.has('area')).toBe(true);
    const expected = await incidentsInAddressArea(page);
    expect(expected).toHaveLength(counted);
    expect(expected).not.toContain(ids.Kherson);
    await poll(visibleEntries(page)).toEqual(expected);
    expect(await page.getByRole('button', { name: 'Select an area' }).getAttribute('aria-pressed')).toBe('false');

    // The area is in the address: a reload keeps the filter.
    await page.reload();
    await page.locator('#connection[data-state="live"]').waitFor();
    await poll(visibleEntries(page)).toEqual(expected);

    // From the keyboard: the area in view holds every located incident, and nothing without coordinates.
    await page.getByRole('button', { name: 'Clear the area' }).click();
    await page.getByRole('button', { name: 'Filter to the area in view' }).focus();
    await page.keyboard.press('Enter');
    const inView = Object.values(ids).sort();
    await poll(visibleEntries(page)).toEqual(inView);
    expect(await incidentsInAddressArea(page)).toEqual(inView);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('the trend chart', () => {
  it('marks each round of talks, gives a table, and counts again when an incident is recorded', async () => {
    const { page, errors } = await openPage();
    const chart = page.locator('#trend-chart svg');
    await poll(countOf(page.getByRole('img', { name: /^Incidents per day, 25 Apr 2025 to 23 Jun 2025: \d+ incidents/ }))).toBe(1);
    // Around the talks by default: three weeks before round 1 (16 May) to three weeks after round 2 (2 June).
    await poll(() => page.locator('#trend-from').inputValue()).toBe('2025-04-25');
    await poll(() => page.locator('#trend-to').inputValue()).toBe('2025-06-23');
    await poll(countOf(page.locator('.talk-mark'))).toBe(2);
    await poll(textOf(page.locator('.trend__chart'))).toContain('Round 1');
    await poll(textOf(page.locator('.trend__chart'))).toContain('Round 2');
    await poll(() => chart.getAttribute('aria-label')).toContain('Rounds of talks: Round 1 on 16 May 2025, Round 2 on 2 Jun 2025');

    const total = async () => Number(await chart.getAttribute('data-total'));
    await poll(total).toBeGreaterThan(0);
    const before = await total();
    const bars = await page.locator('.trend__bar').count();
    await record('Drone attack on Sumy (trend test)', { name: 'Sumy', country: 'Ukraine', latitude: 50.91, longitude: 34.8 }, '2025-06-12');
    await poll(total, 2_000).toBe(before + 1);
    await poll(countOf(page.locator('.trend__bar'))).toBe(bars + 1);
    await page.locator('.trend__details summary').click();
    await poll(textOf(page.locator('#trend-table'))).toContain('12 Jun 2025');

    // Another period, by week: the rounds still marked, the counts the API's.
    await page.locator('#trend-from').fill('2025-01-01');
    await page.locator('#trend-from').dispatchEvent('change');
    await page.locator('#trend-by').selectOption('WEEK');
    await poll(() => chart.getAttribute('aria-label')).toMatch(/^Incidents per week, 1 Jan 2025 to 23 Jun 2025/);
    await poll(countOf(page.locator('.talk-mark'))).toBe(2);
    await poll(total).toBe(before + 1);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});

describe('both, on a phone and for assistive technology', () => {
  it('fit a phone, pass axe-core at both widths; screenshots for the README', async () => {
    for (const [viewport, name] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const { page, errors } = await openPage(viewport);
      await poll(countOf(page.locator('.talk-mark'))).toBe(2);
      await poll(markedOnMap(page)).toBeGreaterThan(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      for (const section of ['.map', '.trend']) {
        const box = (await page.locator(section).boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      }
      expect(await seriousViolations(page)).toEqual([]);
      // The map and the chart together: side by side on a desktop, one above the other on a phone.
      const [map, trend] = [(await page.locator('.map').boundingBox())!, (await page.locator('.trend').boundingBox())!];
      const scrolled = await page.evaluate(() => window.scrollY);
      const top = Math.min(map.y, trend.y) - 12;
      const bottom = Math.max(map.y + map.height, trend.y + trend.height) + 12;
      await page.screenshot({
        path: `test-artifacts/map-${name}.png`,
        fullPage: true,
        clip: { x: 0, y: top + scrolled, width: viewport.width, height: bottom - top },
      });
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 60_000);
});
