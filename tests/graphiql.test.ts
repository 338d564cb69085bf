/**
 * GraphiQL is served from the local package, so it renders and runs a query in a real browser
 * that can reach nothing but the Parley server.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage } from './support/browser.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('GraphiQL at /graphql', () => {
  it('renders and runs the default query with the network limited to localhost', async () => {
    const { page, offSite } = await openPage(browser, new URL(server.url).origin, '/graphql', { viewport: { width: 1400, height: 900 } });
    await page.locator('.graphiql-container').first().waitFor({ timeout: 15_000 });
    await expect(page.title()).resolves.toBe('Parley');
    await page.locator('.graphiql-execute-button').first().click();
    const response = page.locator('.result-window').first();
    // The editor renders spaces as non-breaking ones and only the lines in view.
    const shown = async () => (await response.innerText()).replace(/\s+/g, ' ');
    await expect.poll(shown, { timeout: 15_000 }).toContain('"city": "Istanbul"');
    expect(await shown()).toContain('"name": "Rustem Umerov"');
    await page.screenshot({ path: 'test-artifacts/graphiql.png' });
    expect(offSite).toEqual([]);
    await page.close();
  });
});
