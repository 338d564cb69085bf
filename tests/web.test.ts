/**
 * The live timeline page at `/`, in Debian's Chromium driven by playwright-core, with every request
 * that is not to the Parley server aborted: it shows the article dataset, follows the event stream,
 * shows corrections as such, links each entry to GraphiQL, and after the server is stopped and
 * started again on the same database it shows what was recorded meanwhile, once.
 */
import { readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { findConflictBySlug } from '../src/domain/conflict.js';
import { Writer } from '../src/domain/events.js';
import { recordIncident } from '../src/domain/incident.js';
import { createToken } from '../src/domain/token.js';
import { attributeOf, buildWeb, countOf, DESKTOP, launchBrowser, openLivePage, poll, textOf } from './support/browser.js';
import { graphqlAt, startRestartableServer, startServer, type TestServer } from './support/server.js';

let server: TestServer;
let browser: Browser;
let port: number;
let origin: string;
let token: string;
let dir: string;
let dbPath: string;
let conflictId: string;
const offSite: string[] = [];

const graphql = <T = any>(query: string, variables: Record<string, unknown> = {}, auth = false) =>
  graphqlAt<T>(`${origin}/graphql`, query, variables, auth ? token : undefined);

/** The timeline page, once it follows the stream; what any page tried to fetch off-site is gathered for the suite. */
async function openPage(viewport = DESKTOP, before?: (page: Page) => void): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openLivePage(browser, origin, { viewport, before, offSite });
  return { page, errors };
}

/** Timeline entries whose title is exactly `title`. */
const entries = (page: Page, title: string) =>
  page.locator('#timeline > li').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

beforeAll(async () => {
  // The page is built from src/web on every run, so the test checks the current source.
  buildWeb();
  ({ server, port, dir, dbPath } = await startRestartableServer('parley-web-'));
  origin = new URL(server.url).origin;
  token = createToken(server.app.database.db, { name: 'web test', role: 'ADMIN' }).token;
  const data = await graphql<{ conflict: { id: string } }>('{ conflict(slug: "russia-ukraine-war") { id } }');
  conflictId = data.conflict.id;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('serving the page', () => {
  it('serves / and its hashed assets with types, cache headers and gzip; GET and HEAD only', async () => {
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const script = /<script type="module" src="(\/assets\/main-[^"]+\.js)">/.exec(html)?.[1];
    const style = /<link rel="stylesheet" href="(\/assets\/style-[^"]+\.css)"/.exec(html)?.[1];
    expect(script && style).toBeTruthy();

    const js = await fetch(`${origin}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(await js.text()).toContain('graphql-transport-ws'); // the graphql-ws client, bundled: no CDN

    const css = await fetch(`${origin}${style}`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');

    const again = await fetch(`${origin}${style}`, { headers: { 'if-none-match': css.headers.get('etag')! } });
    expect(again.status).toBe(304);

    const head = await fetch(`${origin}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');

    const post = await fetch(`${origin}/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');

    expect((await fetch(`${origin}/assets/nothing-here.js`)).status).toBe(404);
    expect((await fetch(`${origin}/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${origin}/assets/%2e%2e%2findex.html`)).status).toBe(404);
    // fetch normalises dot segments; a raw request does not.
    const raw = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/assets/../../package.json' }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.once('error', reject);
      req.end();
    });
    expect(raw).toBe(404);
    // GraphQL is untouched.
    expect((await graphql<{ __typename: string }>('{ __typename }')).__typename).toBe('Query');
  });
});

describe('the live timeline page', () => {
  it('shows the article dataset: the conflict, its figures and sources, the round and its delegations, the timeline', async () => {
    const { page, errors } = await openPage();
    await expect(page.title()).resolves.toBe('Russia–Ukraine war · Parley live');
    await poll(textOf(page.getByRole('heading', { level: 1 }))).toBe('Russia–Ukraine war');

    const figures = page.locator('#figures');
    await poll(textOf(figures)).toContain('1.2 million');
    await poll(textOf(figures)).toContain('More than');
    await poll(textOf(figures)).toContain('U.S. estimates');
    await poll(textOf(figures)).toContain('113,100');
    await poll(textOf(figures)).toContain('roughly the size of the U.S. state of Ohio');

    const talk = page.locator('#talk');
    await poll(textOf(talk)).toContain('Second round of direct Russia–Ukraine talks');
    await poll(textOf(talk)).toContain('Istanbul, Turkey');
    await poll(countOf(talk.locator('.delegation'))).toBe(7);
    await poll(textOf(talk.locator('.delegation').filter({ hasText: 'Ukraine' }).first())).toContain('Led by Rustem Umerov');
    await poll(textOf(talk.locator('.delegation').filter({ hasText: 'Russia' }).first())).toContain('Led by Vladimir Medinsky');
    await poll(textOf(talk.locator('.delegation').filter({ hasText: 'United States' }))).toContain('Unclear');

    const timeline = page.locator('#timeline > li');
    await poll(countOf(timeline)).toBe(22);
    // Newest first: round 2 (2 June) leads, Trump's "walk away" (2025, undated within it) closes.
    await poll(textOf(timeline.first())).toContain('Second round of direct Russia–Ukraine talks');
    await poll(textOf(timeline.last())).toContain('walk away');
    await poll(textOf(entries(page, 'Record 472-drone attack on Ukraine'))).toContain("Ukraine's air force");
    await poll(countOf(page.locator('#updates > li'))).toBe(12);
    await poll(textOf(page.locator('#connection-label'))).toBe('Live');

    await page.screenshot({ path: 'test-artifacts/web-desktop.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    // Nothing is wider than a phone's screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: 'test-artifacts/web-phone.png' });
    await page.screenshot({ path: 'test-artifacts/web-phone-full.png', fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: 'test-artifacts/web-desktop-full.png', fullPage: true });
    expect(errors).toEqual([]);
    expect(offSite).toEqual([]);
    await page.close();
  });

  it('filters the timeline by kind, from the keyboard, and keeps the choice in the address', async () => {
    const { page } = await openPage();
    const statements = page.getByRole('checkbox', { name: /Statements/ });
    await statements.focus();
    await page.keyboard.press('Space');
    await poll(() => statements.isChecked()).toBe(false);
    await poll(countOf(page.locator('#timeline > li:visible'))).toBe(6);
    await poll(countOf(page.locator('#timeline > li[data-kind="STATEMENT"]:visible'))).toBe(0);
    expect(new URL(page.url()).searchParams.get('kinds')).toBe('INCIDENT,PROPOSAL,TALK');

    await page.reload();
    await page.locator('#connection[data-state="live"]').waitFor();
    await poll(() => page.getByRole('checkbox', { name: /Statements/ }).isChecked()).toBe(false);
    await poll(countOf(page.locator('#timeline > li:visible'))).toBe(6);
    await page.getByRole('button', { name: 'Show all' }).click();
    await poll(countOf(page.locator('#timeline > li:visible'))).toBe(22);
    await page.close();
  });

  it('shows an incident recorded through the API within a second, and its corrections as such', async () => {
    const { page, errors } = await openPage();
    const title = 'Drone strike on a power station near Kharkiv';
    const recorded = await graphql(
      `mutation ($input: RecordIncidentInput!) {
        recordIncident(input: $input) { __typename ... on RecordIncidentPayload { incident { id } } ... on UserError { message } } }`,
      {
        input: {
          conflict: conflictId,
          eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
          subEventType: 'AIR_DRONE_STRIKE',
          title,
          date: { start: '2025-06-03', precision: 'DAY', text: 'Tuesday night' },
          location: { name: 'Kharkiv', country: 'Ukraine' },
        },
      },
      true,
    );
    const started = Date.now();
    expect(recorded.recordIncident.__typename).toBe('RecordIncidentPayload');
    const entry = entries(page, title);
    await entry.waitFor({ timeout: 1_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
    // Dated 3 June: the newest entry, so first; marked new; in the updates list too.
    await poll(attributeOf(page.locator('#timeline > li').first(), 'data-id')).toBe(recorded.recordIncident.incident.id);
    await poll(textOf(entry)).toContain('New');
    await poll(textOf(page.locator('#updates > li').first())).toContain(`Incident recorded: ${title}`);
    await poll(textOf(page.locator('#count-INCIDENT'))).toBe('3');

    const id = recorded.recordIncident.incident.id;
    await graphql(
      `mutation ($input: AmendIncidentInput!) { amendIncident(input: $input) { __typename } }`,
      { input: { incident: id, title: `${title} (amended)`, reason: 'The regional governor corrected the location.' } },
      true,
    );
    const amended = entries(page, `${title} (amended)`);
    await poll(textOf(amended)).toContain('Corrected · rev. 2');
    await amended.locator('summary').click();
    await poll(textOf(amended.locator('.corrections'))).toContain('The regional governor corrected the location.');
    await poll(countOf(entries(page, title))).toBe(0);

    await graphql(
      `mutation ($input: RetractIncidentInput!) { retractIncident(input: $input) { __typename } }`,
      { input: { incident: id, reason: 'No strike took place; the report was false.' } },
      true,
    );
    await poll(attributeOf(amended, 'class')).toMatch(/is-retracted/);
    await poll(textOf(amended.locator('.notice--retracted'))).toContain('No strike took place; the report was false.');
    await poll(textOf(amended.locator('.badge--retracted'))).toBe('Retracted');
    await poll(textOf(page.locator('#updates > li').first())).toContain('Reason: No strike took place; the report was false.');
    await poll(countOf(page.locator(`#timeline > li[data-id="${id}"]`))).toBe(1);

    // A fresh load shows the same corrections, read from the entry's history.
    await page.reload();
    await page.locator('#connection[data-state="live"]').waitFor();
    const reloaded = entries(page, `${title} (amended)`);
    await poll(attributeOf(reloaded, 'class')).toMatch(/is-retracted/);
    await reloaded.locator('summary').click();
    await poll(textOf(reloaded.locator('.corrections'))).toContain('The regional governor corrected the location.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('links each entry to GraphiQL with the node(id:) query that fetches it', async () => {
    const { page } = await openPage();
    // The links are for developers: a reader turns them on.
    await page.getByRole('checkbox', { name: 'Show GraphQL queries' }).check();
    const entry = entries(page, 'Record 472-drone attack on Ukraine');
    const link = entry.getByRole('link', { name: /Query in GraphiQL/ });
    const href = (await link.getAttribute('href'))!;
    const query = new URL(href, origin).searchParams.get('query')!;
    const id = await entry.getAttribute('data-id');
    expect(query).toContain(`node(id: "${id}")`);
    expect(query).toContain('... on Incident');
    // The query runs as it is and fetches that incident.
    const data = await graphql<{ node: { title: string } }>(query);
    expect(data.node.title).toBe('Record 472-drone attack on Ukraine');

    // GraphiQL (served by yoga) opens with it.
    const graphiql = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await graphiql.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()));
    await graphiql.goto(new URL(href, origin).toString());
    await graphiql.locator('.graphiql-container').first().waitFor({ timeout: 15_000 });
    const editor = graphiql.locator('.graphiql-query-editor').first();
    await expect.poll(async () => (await editor.innerText()).replace(/\s+/g, ' '), { timeout: 15_000 }).toContain(`node(id: "${id}")`);
    await graphiql.locator('.graphiql-execute-button').first().click();
    await expect
      .poll(async () => (await graphiql.locator('.result-window').first().innerText()).replace(/\s+/g, ' '), { timeout: 15_000 })
      .toContain('Record 472-drone attack on Ukraine');
    await graphiql.close();
    await page.close();
  });

  it('says when the browser is offline, and is live again when it is back', async () => {
    const { page } = await openPage({ width: 390, height: 844 });
    await page.context().setOffline(true);
    await poll(attributeOf(page.locator('#connection'), 'data-state'), 3_000).toBe('offline');
    await poll(textOf(page.locator('#connection-label'))).toBe('Offline');
    await poll(textOf(page.locator('#connection-detail'))).toContain('Waiting for the network to come back.');
    await page.screenshot({ path: 'test-artifacts/web-phone-offline.png' });
    await page.context().setOffline(false);
    await poll(attributeOf(page.locator('#connection'), 'data-state'), 5_000).toBe('live');
    await poll(textOf(page.locator('#connection-note'))).toBe('Reconnected; nothing was recorded meanwhile.');
    await page.close();
  });

  it('after the server stops and starts again, shows what was recorded meanwhile, each once, resuming from its cursor', async () => {
    // Every subscribe the page sends, and every event it receives, as the socket carries them.
    const subscribes: { after: string | null }[] = [];
    let lastCursor: string | null = null;
    const { page, errors } = await openPage(undefined, (page) =>
      page.on('websocket', (ws) => {
        ws.on('framesent', (frame) => {
          const message = JSON.parse(String(frame.payload));
          if (message.type === 'subscribe') subscribes.push({ after: message.payload.variables.after });
        });
        ws.on('framereceived', (frame) => {
          const message = JSON.parse(String(frame.payload));
          if (message.type === 'next') lastCursor = message.payload.data.events.cursor;
        });
      }),
    );
    // One live event first, so the page holds a cursor of its own.
    const first = 'Shelling of Nikopol reported before the restart';
    await graphql(
      `mutation ($input: RecordIncidentInput!) { recordIncident(input: $input) { __typename } }`,
      {
        input: {
          conflict: conflictId,
          eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
          title: first,
          date: { start: '2025-06-02', precision: 'DAY' },
        },
      },
      true,
    );
    await entries(page, first).waitFor();
    expect(lastCursor).not.toBeNull();
    const cursorBeforeStop = lastCursor;

    await server.stop();
    await poll(attributeOf(page.locator('#connection'), 'data-state'), 10_000).toMatch(/reconnecting|offline/);
    await poll(() => page.locator('#connection-banner').isVisible()).toBe(true);
    await poll(textOf(page.locator('#connection-detail'))).toContain('Disconnected since');

    // Recorded while the server is down, straight into its database through the domain.
    const missed = ['Strike on a fuel depot in Bryansk (while offline)', 'Prisoner exchange at the Belarus border (while offline)'];
    const database = openDatabase(dbPath);
    try {
      const conflict = findConflictBySlug(database.db, 'russia-ukraine-war')!;
      const writer = new Writer(database.db);
      writer.run((scope) =>
        recordIncident(scope, {
          conflictId: conflict.id,
          eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
          title: missed[0]!,
          date: { start: '2025-06-04', precision: 'DAY' },
          location: { name: 'Bryansk', country: 'Russia' },
        }),
      );
      writer.run((scope) =>
        recordIncident(scope, {
          conflictId: conflict.id,
          eventType: 'STRATEGIC_DEVELOPMENTS',
          subEventType: 'NON_VIOLENT_TRANSFER_OF_TERRITORY',
          title: missed[1]!,
          date: { start: '2025-06-01', precision: 'DAY' },
        }),
      );
    } finally {
      database.close();
    }
    await page.screenshot({ path: 'test-artifacts/web-reconnecting.png' });

    const before = subscribes.length;
    server = await startServer({ port, dbPath });
    for (const title of missed) await entries(page, title).waitFor({ timeout: 20_000 });
    await poll(attributeOf(page.locator('#connection'), 'data-state')).toBe('live');
    await poll(textOf(page.locator('#connection-label'))).toBe('Live');
    await poll(textOf(page.locator('#connection-note')), 10_000).toBe('Reconnected; 2 updates recorded while disconnected are now shown.');

    // It resubscribed after the last event it had received, not from scratch nor from its first cursor.
    expect(subscribes.length).toBeGreaterThan(before);
    expect(subscribes.at(-1)!.after).toBe(cursorBeforeStop);

    // Each missed incident once in the timeline (in date order) and once in the updates list, marked as missed.
    await page.waitForTimeout(1_500);
    for (const title of missed) {
      await poll(countOf(entries(page, title))).toBe(1);
      await poll(countOf(page.locator('#updates > li').filter({ hasText: `Incident recorded: ${title}` }))).toBe(1);
      await poll(countOf(page.locator('#updates > li.is-missed').filter({ hasText: title }))).toBe(1);
    }
    await poll(countOf(entries(page, first))).toBe(1);
    await poll(textOf(page.locator('#timeline > li').first())).toContain(missed[0]!);
    const ids = await page.locator('#timeline > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-id')));
    expect(new Set(ids).size).toBe(ids.length);
    const events = await page.locator('#updates > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-event')));
    expect(new Set(events).size).toBe(events.length);
    await page.locator('#timeline > li').first().scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -140));
    await page.screenshot({ path: 'test-artifacts/web-reconnected.png' });

    // And it is live again: the next incident arrives as before.
    const after = 'Air raid alert over Kyiv after the restart';
    await graphql(
      `mutation ($input: RecordIncidentInput!) { recordIncident(input: $input) { __typename } }`,
      {
        input: {
          conflict: conflictId,
          eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
          title: after,
          date: { start: '2025-06-05', precision: 'DAY' },
        },
      },
      true,
    );
    await entries(page, after).waitFor({ timeout: 2_000 });
    await poll(countOf(page.locator('#updates > li.is-missed').filter({ hasText: after }))).toBe(0);
    expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e))).toEqual([]);
    expect(offSite).toEqual([]);
    expect(readFileSync('test-artifacts/web-reconnected.png').length).toBeGreaterThan(0);
    await page.close();
  });

  it('loads again from scratch when the server no longer knows its cursor (a new database)', async () => {
    const { page, errors } = await openPage();
    const title = 'Artillery fire near Kupiansk before the database is replaced';
    await graphql(
      `mutation ($input: RecordIncidentInput!) { recordIncident(input: $input) { __typename } }`,
      { input: { conflict: conflictId, eventType: 'BATTLES', title, date: { start: '2025-06-02', precision: 'DAY' } } },
      true,
    );
    await entries(page, title).waitFor();
    // The same port, a fresh database: its log is shorter than the page's cursor.
    await server.stop();
    const fresh = join(dir, 'fresh.sqlite');
    server = await startServer({ port, dbPath: fresh });
    await poll(textOf(page.locator('#connection-note')), 20_000).toContain('the page was loaded again');
    await poll(countOf(page.locator('#timeline > li'))).toBe(22);
    await poll(countOf(entries(page, title))).toBe(0);
    await poll(attributeOf(page.locator('#connection'), 'data-state')).toBe('live');
    await poll(countOf(page.locator('#updates > li'))).toBe(12);
    expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e))).toEqual([]);
    await page.close();
  });
});
