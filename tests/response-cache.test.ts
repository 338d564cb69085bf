/**
 * The response cache: a repeated query is answered without touching the database until the next
 * event is recorded; after a mutation's event no cached answer is served; mutations are never
 * cached; the cache can be switched off. SQL statements are counted to tell a hit from a miss.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { startServer, type TestServer } from './support/server.js';

const INCIDENTS = '{ conflict(slug: "russia-ukraine-war") { id incidents(first: 50) { totalCount nodes { title } } } }';
const RECORD = `mutation Record($input: RecordIncidentInput!) {
  recordIncident(input: $input) { ... on RecordIncidentPayload { incident { id } } ... on UserError { code message } }
}`;

interface Counted {
  server: TestServer;
  statements: () => number;
  token: string;
}

async function start(responseCache: boolean): Promise<Counted> {
  let count = 0;
  const server = await startServer({ responseCache }, { onStatement: () => count++ });
  const token = createToken(server.app.database.db, { name: 'cache-test', role: 'EDITOR' }).token;
  return { server, statements: () => count, token };
}

/** Runs a query; returns its data and how many SQL statements answering it took. */
async function timed(c: Counted, query: string) {
  const before = c.statements();
  const data = await c.server.query(query);
  return { data, statements: c.statements() - before };
}

async function record(c: Counted, conflict: string, title: string) {
  const input = { conflict, eventType: 'BATTLES', title, date: { start: '2025-06-05', precision: 'DAY' } };
  const { status, body } = await c.server.post(RECORD, { input }, { authorization: `Bearer ${c.token}` });
  expect(status).toBe(200);
  expect(body.data.recordIncident.incident.id).toEqual(expect.any(String));
}

describe('response cache on (the default)', () => {
  let c: Counted;
  beforeAll(async () => {
    c = await start(true);
  });
  afterAll(() => c.server.stop());

  it('answers a repeated query from the cache, without a statement, until an event is recorded', async () => {
    const first = await timed(c, INCIDENTS);
    expect(first.statements).toBeGreaterThan(0);
    const again = await timed(c, INCIDENTS);
    expect(again.statements).toBe(0);
    expect(again.data).toEqual(first.data);

    await record(c, first.data.conflict.id, 'Clash reported after the cache was filled');
    const after = await timed(c, INCIDENTS);
    expect(after.statements).toBeGreaterThan(0);
    expect(after.data.conflict.incidents.totalCount).toBe(first.data.conflict.incidents.totalCount + 1);
    expect(after.data.conflict.incidents.nodes.map((n: { title: string }) => n.title)).toContain(
      'Clash reported after the cache was filled',
    );
  });

  it('never caches a mutation: the same mutation sent twice records twice', async () => {
    const { data } = await timed(c, INCIDENTS);
    const before = data.conflict.incidents.totalCount;
    await record(c, data.conflict.id, 'Twice recorded clash');
    await record(c, data.conflict.id, 'Twice recorded clash');
    const after = await timed(c, INCIDENTS);
    expect(after.data.conflict.incidents.totalCount).toBe(before + 2);
  });

  it('runs a refused mutation again when it is sent again (a refusal records no event, so only a cache could repeat it)', async () => {
    const input = {
      conflict: 'Q29uZmxpY3Q6OTk5',
      eventType: 'BATTLES',
      title: 'In no conflict',
      date: { start: '2025-06-05', precision: 'DAY' },
    };
    const send = async () => {
      const before = c.statements();
      const { body } = await c.server.post(RECORD, { input }, { authorization: `Bearer ${c.token}` });
      return { code: body.data.recordIncident.code, statements: c.statements() - before };
    };
    const first = await send();
    const again = await send();
    expect(first.code).toBe('NOT_FOUND');
    expect(again).toEqual(first);
  });
});

describe('response cache switched off', () => {
  let c: Counted;
  beforeAll(async () => {
    c = await start(false);
  });
  afterAll(() => c.server.stop());

  it('runs every query against the database', async () => {
    const first = await timed(c, INCIDENTS);
    const again = await timed(c, INCIDENTS);
    expect(first.statements).toBeGreaterThan(0);
    expect(again.statements).toBe(first.statements);
    expect(again.data).toEqual(first.data);
  });
});
