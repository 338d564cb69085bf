/**
 * The editor's desk at `/desk`, in Debian's Chromium driven by playwright-core, against a real
 * server on a temporary database: signing in and out, recording with pickers instead of IDs,
 * corrections, refusals shown where they belong, writes that survive a server that goes away
 * without recording twice, keyboard use, and an accessibility check. Every outcome is checked on
 * the page and over GraphQL.
 */
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, revokeToken } from '../src/domain/token.js';
import {
  attributeOf,
  buildWeb,
  DESKTOP,
  launchBrowser,
  openLivePage,
  openPage,
  PHONE,
  poll,
  seriousViolations,
  textOf,
} from './support/browser.js';
import { graphqlAt, startRestartableServer, startServer, type TestServer } from './support/server.js';

let server: TestServer;
let browser: Browser;
let port: number;
let origin: string;
let dir: string;
let dbPath: string;
let conflictId: string;
let editor: string;
let admin: string;
const ALIAS = 'Military Forces of Ukraine (2019-)';

const graphql = <T = any>(query: string, variables: Record<string, unknown> = {}, token = admin) =>
  graphqlAt<T>(`${origin}/graphql`, query, variables, token);

/** The conflict's incidents with this title, over GraphQL. */
async function incidentsTitled(title: string): Promise<any[]> {
  const data = await graphql(
    `query ($id: ID!) { node(id: $id) { ... on Conflict { incidents(first: 100) { nodes {
      id title description revision retraction { reason } date { start end precision text } location { name }
      actors { side actor { name } } sources { relation source { name } }
      history { kind reason summary }
    } } } } }`,
    { id: conflictId },
  );
  return data.node.incidents.nodes.filter((i: { title: string }) => i.title === title);
}

async function openDesk(viewport = DESKTOP): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openPage(browser, origin, '/desk', { viewport });
  await page.getByLabel('Editor token').waitFor();
  return { page, errors };
}

async function signIn(page: Page, token: string, who: string): Promise<void> {
  await page.getByLabel('Editor token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await poll(textOf(page.locator('#session-who'))).toBe(`Signed in as ${who}`);
  await page.locator('#stream-state[data-state="live"]').waitFor({ timeout: 10_000 });
}

async function signedInDesk(token = editor, who = 'Desk editor (editor)', viewport = DESKTOP) {
  const opened = await openDesk(viewport);
  await signIn(opened.page, token, who);
  return opened;
}

/** Types into a picker and clicks the option whose name matches. */
async function pick(page: Page, combobox: ReturnType<Page['getByRole']>, text: string, option: string | RegExp): Promise<void> {
  await combobox.fill(text);
  await page.getByRole('option', { name: option }).click();
}

/** The incident form filled with a title, a day, a place, and Reuters as the source. */
async function fillIncident(page: Page, title: string, day = '2025-06-03'): Promise<void> {
  const form = page.locator('#incident');
  await form.getByLabel('Title', { exact: true }).fill(title);
  await form.getByLabel('Event type').selectOption('EXPLOSIONS_REMOTE_VIOLENCE');
  await form.getByLabel('Day', { exact: true }).fill(day);
  await form.getByRole('combobox', { name: 'Place' }).fill('Kupiansk');
  await pick(page, form.getByRole('combobox', { name: 'Source', exact: true }), 'Reut', 'Reuters');
}

beforeAll(async () => {
  buildWeb();
  ({ server, port, dir, dbPath } = await startRestartableServer('parley-desk-'));
  origin = new URL(server.url).origin;
  editor = createToken(server.app.database.db, { name: 'Desk editor', role: 'EDITOR' }).token;
  admin = createToken(server.app.database.db, { name: 'Desk admin', role: 'ADMIN' }).token;
  conflictId = (await graphql('{ conflict(slug: "russia-ukraine-war") { id } }')).conflict.id;
  const ukraine = (await graphql('{ actors(first: 1, filter: { name: "Ukraine" }) { nodes { id name } } }')).actors.nodes[0];
  expect(ukraine.name).toBe('Ukraine');
  await graphql(`mutation ($input: AddActorAliasInput!) { addActorAlias(input: $input) { __typename } }`, {
    input: { actor: ukraine.id, alias: ALIAS },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the editor’s desk', () => {
  it('is served at /desk with the same policy as the public page', async () => {
    const res = await fetch(`${origin}/desk`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(await res.text()).toMatch(/<script type="module" src="\/assets\/desk-[\w-]+\.js">/);
  });

  it('signs in with a pasted token kept for the tab only, shows who and the role, and refuses a bad token on its field', async () => {
    const { page, errors } = await openDesk();
    await page.getByLabel('Editor token').fill('parley_not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(textOf(page.locator('#token-error'))).toContain('does not accept this token');
    expect(await page.getByLabel('Editor token').getAttribute('aria-invalid')).toBe('true');

    await signIn(page, editor, 'Desk editor (editor)');
    expect(await page.evaluate(() => sessionStorage.getItem('parley.desk.token'))).toBe(JSON.stringify(editor));
    expect(await page.evaluate(() => document.cookie)).not.toContain(editor);
    expect(page.url()).not.toContain(editor);
    // A reload in the same tab stays signed in.
    await page.reload();
    await poll(textOf(page.locator('#session-who'))).toBe('Signed in as Desk editor (editor)');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('signs out with a clear message when its token is revoked, keeping what was typed', async () => {
    const revoked = createToken(server.app.database.db, { name: 'Soon revoked', role: 'EDITOR' });
    const { page } = await signedInDesk(revoked.token, 'Soon revoked (editor)');
    await fillIncident(page, 'Typed before the token was revoked');
    revokeToken(server.app.database.db, revoked.row.id);
    await page.getByRole('button', { name: 'Record incident' }).click();
    await poll(textOf(page.locator('#sign-in-message'))).toContain('Parley no longer accepts your token');
    expect(await page.locator('#workspace').isHidden()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('parley.desk.token'))).toBeNull();
    await signIn(page, editor, 'Desk editor (editor)');
    expect(await page.locator('#incident').getByLabel('Title', { exact: true }).inputValue()).toBe('Typed before the token was revoked');
    expect(await incidentsTitled('Typed before the token was revoked')).toEqual([]);
    await page.close();
  });

  it('records an incident with a source and an actor picked by alias, shown on / within a second of its acknowledgment, marked as its own', async () => {
    const reader = await openLivePage(browser, origin);
    const { page, errors } = await signedInDesk();
    const title = 'Drone strike on Kupiansk during the talks';
    await fillIncident(page, title);
    const form = page.locator('#incident');
    await form.getByLabel('Side').selectOption('INITIATOR');
    const actors = form.getByRole('combobox', { name: 'Actors' });
    await actors.fill('Military Forces');
    // Found by its alias, and the option says so.
    await poll(textOf(page.getByRole('option', { name: /^Ukraine/ }))).toContain(`also known as “${ALIAS}”`);
    await page.getByRole('option', { name: /^Ukraine/ }).click();
    await poll(textOf(form.getByRole('list', { name: 'Chosen: actors' }))).toContain('Ukraine');
    expect(await form.getByRole('button', { name: 'Remove Ukraine — by (initiator)' }).count()).toBe(1);

    // From the moment the server acknowledged the write: the page's own request is not the stream's delay.
    const acknowledged = page.waitForResponse(
      (r) => r.request().method() === 'POST' && (r.request().postData() ?? '').includes('recordIncident'),
    );
    await form.getByRole('button', { name: 'Record incident' }).click();
    await acknowledged;
    const recorded = Date.now();
    await reader.page.getByRole('heading', { name: title, exact: true }).waitFor({ timeout: 1_000 });
    expect(Date.now() - recorded).toBeLessThan(1_000);

    await poll(textOf(form.locator('.form-status'))).toContain(`Recorded: Incident recorded: ${title}`);
    const own = page.locator('#stream > li').filter({ hasText: `Incident recorded: ${title}` });
    await poll(textOf(own)).toContain('Recorded by you');
    // The form is empty again, ready for the next entry.
    expect(await form.getByLabel('Title', { exact: true }).inputValue()).toBe('');

    const [incident] = await incidentsTitled(title);
    expect(incident.date).toEqual({ start: '2025-06-03', end: null, precision: 'DAY', text: null });
    expect(incident.location.name).toBe('Kupiansk');
    expect(incident.actors).toEqual([{ side: 'INITIATOR', actor: { name: 'Ukraine' } }]);
    expect(incident.sources).toEqual([{ relation: 'ACCORDING_TO', source: { name: 'Reuters' } }]);

    // Another editor's desk sees it too, without "Recorded by you".
    const other = await signedInDesk(admin, 'Desk admin (admin)');
    const theirs = other.page.locator('#stream > li').filter({ hasText: `Incident recorded: ${title}` });
    await poll(textOf(theirs)).toContain(title);
    expect(await theirs.textContent()).not.toContain('Recorded by you');
    expect(errors).toEqual([]);
    await Promise.all([page.close(), reader.page.close(), other.page.close()]);
  });

  it('records a statement: a speaker by alias, "Monday" of a round, and a source created inline', async () => {
    const { page, errors } = await signedInDesk();
    await page.getByRole('button', { name: 'Statement' }).click();
    const form = page.locator('#statement');
    await pick(page, form.getByRole('combobox', { name: 'Speaker' }), 'Zelenskiy', /Volodymyr Zelensky/);
    const quote = 'We are ready for a full ceasefire from Monday.';
    await form.getByLabel('Quote', { exact: true }).fill(quote);
    await pick(page, form.getByRole('combobox', { name: 'About' }), 'Ceasefire', /Ceasefire/);
    await form.getByLabel('Precision').selectOption('WEEKDAY');
    await form.getByLabel('Weekday').selectOption('Monday');
    await form.getByLabel('Of the week of').selectOption({ label: 'Second round of direct Russia–Ukraine talks (2 Jun 2025)' });
    await form.getByLabel('Attribution').selectOption('REPORTED_BY');
    await pick(page, form.getByRole('combobox', { name: 'Source', exact: true }), 'Kyiv Independent', 'Create source “Kyiv Independent”…');
    const create = form.getByRole('group', { name: 'New source' });
    expect(await create.getByLabel('Name').inputValue()).toBe('Kyiv Independent');
    await create.getByLabel('Kind').selectOption('MEDIA');
    await create.getByRole('button', { name: 'Create source' }).click();
    await poll(textOf(form.getByRole('list', { name: 'Chosen: sources' }))).toContain('Kyiv Independent');
    await form.getByRole('button', { name: 'Record statement' }).click();
    await poll(textOf(form.locator('.form-status'))).toContain('Recorded:');

    const data = await graphql(
      `query ($id: ID!) { node(id: $id) { ... on Conflict { statements(first: 100) { nodes {
        quote date { start precision text } speaker { name } about { __typename ... on Topic { name } }
        sources { relation source { name } } } } } } }`,
      { id: conflictId },
    );
    const statements = data.node.statements.nodes.filter((s: { quote: string }) => s.quote === quote);
    expect(statements).toEqual([
      {
        quote,
        date: { start: '2025-06-02', precision: 'DAY', text: 'Monday' },
        speaker: { name: 'Volodymyr Zelensky' },
        about: [{ __typename: 'Topic', name: 'Ceasefire' }],
        sources: [{ relation: 'REPORTED_BY', source: { name: 'Kyiv Independent' } }],
      },
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("changes a round's status and adds a delegation member, each picked by name", async () => {
    const { page, errors } = await signedInDesk();
    await page.getByRole('button', { name: 'Talk status' }).click();
    const status = page.locator('#talk-status');
    await pick(page, status.getByRole('combobox', { name: 'Round of talks' }), 'Second round', /Second round of direct/);
    await status.getByLabel('New status').selectOption('IN_PROGRESS');
    await status.getByLabel('Reason', { exact: true }).fill('The delegations met at the Çırağan Palace.');
    await pick(page, status.getByRole('combobox', { name: 'Source', exact: true }), 'Reut', 'Reuters');
    await status.getByRole('button', { name: 'Change status' }).click();
    await poll(textOf(status.locator('.form-status'))).toContain('Recorded');

    await page.getByRole('button', { name: 'Delegation member' }).click();
    const member = page.locator('#member');
    await pick(page, member.getByRole('combobox', { name: 'Delegation' }), 'Russia', /^Russia delegation/);
    await member.getByLabel('Role').selectOption('MEMBER');
    await member.getByLabel('Description', { exact: true }).fill('a deputy defence minister (unnamed)');
    await member.getByRole('button', { name: 'Add member' }).click();
    await poll(textOf(member.locator('.form-status'))).toContain('Recorded');

    const data = await graphql(`{ conflict(slug: "russia-ukraine-war") { round(number: 2) {
      status delegations { actor { name } participants { role description } }
    } } }`);
    const round = data.conflict.round;
    expect(round.status).toBe('IN_PROGRESS');
    const russia = round.delegations.find((d: { actor: { name: string } }) => d.actor.name === 'Russia');
    expect(russia.participants.at(-1)).toEqual({ role: 'MEMBER', description: 'a deputy defence minister (unnamed)' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a refusal on the field it concerns, with a summary that takes the focus', async () => {
    const { page } = await signedInDesk();
    const form = page.locator('#incident');
    await form.getByLabel('Title', { exact: true }).fill('A range that ends before it starts');
    await form.getByLabel('Precision').selectOption('RANGE');
    await form.getByLabel('From').fill('2025-06-05');
    await form.getByLabel('To', { exact: true }).fill('2025-06-01');
    await form.getByRole('button', { name: 'Record incident' }).click();
    const to = form.getByLabel('To', { exact: true });
    await poll(attributeOf(to, 'aria-invalid')).toBe('true');
    // The message is the field's accessible description, and the summary links to it.
    await poll(() =>
      to.evaluate((el) => (el as HTMLInputElement).ariaDescribedByElements?.map((e) => e.textContent).join(' ') ?? ''),
    ).toContain('Must not end before it starts.');
    await poll(() => page.evaluate(() => document.activeElement?.className)).toBe('error-summary');
    await poll(textOf(form.locator('.error-summary'))).toContain('Date: Must not end before it starts.');
    expect(await incidentsTitled('A range that ends before it starts')).toEqual([]);
    await page.close();
  });

  it('amends with a reason and shows the history; retracting is refused to an editor and done by an admin', async () => {
    const title = 'Shelling of Kherson reported';
    const { page } = await signedInDesk();
    await fillIncident(page, title);
    await page.locator('#incident').getByLabel('Description', { exact: true }).fill('Unconfirmed reports of shelling.');
    await page.getByRole('button', { name: 'Record incident' }).click();
    const entry = page.locator('#stream > li').filter({ hasText: `Incident recorded: ${title}` });
    await entry.getByRole('button', { name: /Amend or retract/ }).click();
    const panel = page.locator('#corrections');
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('corrections-heading');
    const amend = panel.getByRole('form', { name: 'Amend' });
    await poll(() => amend.getByLabel('Title', { exact: true }).inputValue()).toBe(title);
    await amend.getByLabel('Title', { exact: true }).fill(`${title} in Kherson city`);
    // An emptied field is removed, not left as it was.
    await poll(() => amend.getByLabel('Description', { exact: true }).inputValue()).toBe('Unconfirmed reports of shelling.');
    await amend.getByLabel('Description', { exact: true }).fill('');
    await amend.getByRole('button', { name: 'Amend incident' }).click();
    // The reason is required: nothing is sent without it.
    await poll(textOf(amend.locator('.error-summary'))).toContain('Reason: Fill this in.');
    await amend.getByLabel('Reason', { exact: true }).fill('The regional governor named the city.');
    await amend.getByRole('button', { name: 'Amend incident' }).click();
    const history = panel.getByRole('list', { name: 'History, oldest first' });
    await poll(textOf(history)).toContain('Reason: The regional governor named the city.');
    const versions = await history.locator('> li').allInnerTexts();
    expect(versions).toHaveLength(2);
    expect(versions[0]).toContain(title);
    expect(versions[1]).toContain(`${title} in Kherson city`);
    const [amended] = await incidentsTitled(`${title} in Kherson city`);
    expect(amended.revision).toBe(2);
    expect(amended.history.map((e: { reason: string | null }) => e.reason)).toEqual([null, 'The regional governor named the city.']);
    // Only the changed fields were sent: the place stayed as it was, the emptied description is gone.
    expect(amended.location.name).toBe('Kupiansk');
    expect(amended.description).toBeNull();

    const retract = panel.getByRole('form', { name: 'Retract' });
    await retract.getByLabel('Reason', { exact: true }).fill('The report was false.');
    await retract.getByRole('button', { name: 'Retract incident' }).click();
    await poll(textOf(retract.locator('.error-summary'))).toContain(
      'Only an admin can retract. You are signed in as Desk editor (editor).',
    );
    expect((await incidentsTitled(`${title} in Kherson city`))[0].retraction).toBeNull();

    const adminDesk = await signedInDesk(admin, 'Desk admin (admin)');
    const theirs = adminDesk.page.locator('#stream > li').filter({ hasText: `Incident amended: ${title} in Kherson city` });
    await theirs.getByRole('button', { name: /Amend or retract/ }).click();
    const adminRetract = adminDesk.page.locator('#corrections').getByRole('form', { name: 'Retract' });
    await adminRetract.getByLabel('Reason', { exact: true }).fill('The report was false.');
    await adminRetract.getByRole('button', { name: 'Retract incident' }).click();
    await poll(textOf(adminDesk.page.locator('#corrections .notice--retracted'))).toContain('The report was false.');
    // A retracted incident leaves the conflict's lists; read it by its id.
    const retracted = await graphql(`query ($id: ID!) { node(id: $id) { ... on Incident { retraction { reason } } } }`, { id: amended.id });
    expect(retracted.node.retraction).toEqual({ reason: 'The report was false.' });
    await Promise.all([page.close(), adminDesk.page.close()]);
  });

  it('keeps a form whose write did not reach the server, and records it once when sent again', async () => {
    const title = 'Strike on Odesa port while the server restarted';
    const { page } = await signedInDesk();
    await fillIncident(page, title);
    await server.stop();
    await page.getByRole('button', { name: 'Record incident' }).click();
    const form = page.locator('#incident');
    await poll(textOf(form.locator('.error-summary'))).toContain('Not sent: Parley could not be reached.');
    expect(await form.getByLabel('Title', { exact: true }).inputValue()).toBe(title);

    server = await startServer({ port, dbPath });
    await form.getByRole('button', { name: 'Record incident' }).click();
    await poll(textOf(form.locator('.form-status')), 10_000).toContain(`Recorded: Incident recorded: ${title}`);
    expect(await incidentsTitled(title)).toHaveLength(1);
    await page.close();
  });

  it('sends a retry after a lost answer with the same Idempotency-Key, and Parley records it once', async () => {
    const title = 'Air raid alert across Kyiv (answer lost)';
    const { page } = await signedInDesk();
    const keys: string[] = [];
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (!body.includes('recordIncident')) return route.continue();
      keys.push((await route.request().headerValue('idempotency-key')) ?? '');
      if (keys.length > 1) return route.continue();
      // Parley records it, but the browser never hears back.
      await route.fetch();
      return route.abort('connectionreset');
    });
    await fillIncident(page, title);
    const form = page.locator('#incident');
    await form.getByRole('button', { name: 'Record incident' }).click();
    await poll(textOf(form.locator('.error-summary'))).toContain('Not sent');
    expect(await incidentsTitled(title)).toHaveLength(1);

    await form.getByRole('button', { name: 'Record incident' }).click();
    await poll(textOf(form.locator('.form-status'))).toContain(`Recorded: Incident recorded: ${title}`);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[\x21-\x7e]{1,200}$/);
    expect(keys[1]).toBe(keys[0]);
    expect(await incidentsTitled(title)).toHaveLength(1);
    await page.close();
  });

  it('can be filled and sent with the keyboard alone', async () => {
    const title = 'Drone attack on Sumy (keyboard)';
    const { page } = await signedInDesk();
    const form = page.locator('#incident');
    await form.getByLabel('Title', { exact: true }).focus();
    await page.keyboard.type(title);
    await page.keyboard.press('Tab'); // event type
    await page.keyboard.press('Tab'); // precision: a day
    await page.keyboard.press('Tab'); // the day
    await page.keyboard.type('06042025');
    // Chromium tabs through a date's parts before leaving it: Tab on to the place.
    const place = form.getByRole('combobox', { name: 'Place' });
    const focused = (locator: typeof place) => locator.evaluate((el) => el === document.activeElement);
    for (let i = 0; i < 5 && !(await focused(place)); i++) await page.keyboard.press('Tab');
    expect(await focused(place)).toBe(true);
    await page.keyboard.type('Sumy');
    await page.keyboard.press('Tab'); // actors
    const actors = form.getByRole('combobox', { name: 'Actors' });
    expect(await focused(actors)).toBe(true);
    await page.keyboard.type('Military Forces of');
    await page.getByRole('option', { name: /^Ukraine/ }).waitFor();
    await page.keyboard.press('ArrowDown');
    await poll(attributeOf(actors, 'aria-activedescendant')).toMatch(/-0$/);
    await page.keyboard.press('Enter');
    await poll(attributeOf(actors, 'aria-expanded')).toBe('false');
    // Enter in a field with the list closed sends the form.
    await page.keyboard.press('Enter');
    await poll(textOf(form.locator('.form-status'))).toContain(`Recorded: Incident recorded: ${title}`);
    const [incident] = await incidentsTitled(title);
    expect(incident.date.start).toBe('2025-06-04');
    expect(incident.actors).toEqual([{ side: 'INITIATOR', actor: { name: 'Ukraine' } }]);
    await page.close();
  });

  it('has no serious accessibility violations, signed out and signed in, at desktop and phone width; screenshots', async () => {
    for (const [viewport, shot] of [
      [DESKTOP, 'test-artifacts/desk-desktop.png'],
      [PHONE, 'test-artifacts/desk-phone.png'],
    ] as const) {
      const { page, errors } = await openDesk(viewport);
      expect(await seriousViolations(page)).toEqual([]);
      await signIn(page, editor, 'Desk editor (editor)');
      const form = page.locator('#incident');
      await form.getByLabel('Title', { exact: true }).fill('Explosions reported in Kharkiv');
      await form.getByRole('combobox', { name: 'Actors' }).fill('Ukr');
      await page.getByRole('option', { name: /^Ukraine/ }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      // One column at phone width: nothing wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: shot });
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 60_000);
});
