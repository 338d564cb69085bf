/**
 * Answers kept as bytes in front of yoga (src/server/http-cache.ts): a query asked again is answered
 * with the same status, headers and body, with an `Age`, and without running a statement; a new
 * event empties the cache; nothing is stored that could differ for another client (errors,
 * mutations, anything sent with a token, streams); the key follows what changes yoga's answer.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { CSRF_HEADER } from '../src/server/limits.js';
import { record, seeded, sleep } from './support/live.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let statements = 0;

beforeAll(async () => {
  server = await startServer({}, { onStatement: () => statements++ });
});
afterAll(() => server?.stop());

const QUERY = JSON.stringify({
  query: '{ conflict(slug: "russia-ukraine-war") { name incidents(first: 3) { totalCount nodes { title } } } }',
});

async function post(body: string, headers: Record<string, string> = {}, url = server.url) {
  const before = statements;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: Object.fromEntries(res.headers), body: text, statements: statements - before };
}

/** What a client sees apart from what differs per response (its date, request id, age). */
const seen = (answer: Awaited<ReturnType<typeof post>>) => {
  const { date: _date, 'x-request-id': _id, age: _age, connection: _c, 'keep-alive': _k, ...headers } = answer.headers;
  return { status: answer.status, headers, body: answer.body };
};

describe('a query asked again', () => {
  it('is answered from the stored bytes: the same answer, with an Age, and no statement run', async () => {
    const first = await post(QUERY);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    expect(first.headers.age).toBeUndefined();
    const again = await post(QUERY);
    expect(again.headers.age).toBe('0');
    expect(again.statements).toBe(0);
    expect(seen(again)).toEqual(seen(first));
  });

  it("carries each request's own id, never the id of the request whose answer was stored", async () => {
    const QUERY_BY_ID = JSON.stringify({ query: '{ conflicts { totalCount } }' });
    const stored = await post(QUERY_BY_ID, { 'x-request-id': 'cache-miss-1' });
    const hit = await post(QUERY_BY_ID, { 'x-request-id': 'cache-hit-2' });
    expect(stored.headers['x-request-id']).toBe('cache-miss-1');
    expect(hit.headers.age).toBeDefined();
    expect(hit.headers['x-request-id']).toBe('cache-hit-2');
    const generated = await post(QUERY_BY_ID);
    expect(generated.headers.age).toBeDefined();
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is answered anew once an event is recorded, with what the event changed', async () => {
    await post(QUERY);
    expect((await post(QUERY)).headers.age).toBeDefined();
    const { rows } = seeded(server.app.database.db);
    record(server.app.writer, rows.conflict, 'Recorded between two identical queries');
    const after = await post(QUERY);
    expect(after.headers.age).toBeUndefined();
    expect(JSON.parse(after.body).data.conflict.incidents.totalCount).toBe(
      JSON.parse((await post(QUERY)).body).data.conflict.incidents.totalCount,
    );
    expect((await post(QUERY)).headers.age).toBe('0');
  });

  it('is kept apart for each Accept, content type, query string and body', async () => {
    const graphqlJson = await post(QUERY);
    const json = await post(QUERY, { accept: 'application/json' });
    expect(graphqlJson.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect((await post(QUERY, { accept: 'application/json' })).headers['content-type']).toBe('application/json; charset=utf-8');
    const spaced = JSON.stringify({ query: '{  conflicts { totalCount } }' });
    const plain = JSON.stringify({ query: '{ conflicts { totalCount } }' });
    await post(plain);
    expect((await post(spaced)).headers.age).toBeUndefined();
  });

  it('over GET is stored too, and kept apart from the same GET with the CSRF header (a POST without it is answered otherwise)', async () => {
    const url = `${server.url}?query=${encodeURIComponent('{ conflicts { totalCount } }')}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    await first.text();
    expect((await fetch(url)).headers.get('age')).toBe('0');
    const withHeader = await fetch(url, { headers: { [CSRF_HEADER]: '1' } });
    expect(withHeader.headers.get('age')).toBeNull();
    const body = JSON.parse(await withHeader.text());
    expect(body.data).toEqual({ conflicts: { totalCount: 1 } });
    expect(Object.keys(body.extensions.asOf)).toEqual(['eventId', 'cursor']);
  });
});

describe('a browser or CDN keeping an answer', () => {
  const QUERY_TEXT = '{ conflict(slug: "russia-ukraine-war") { incidents(first: 1) { totalCount } } }';
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  /** An automatic persisted query over GET, by its hash alone (what Apollo's link sends once registered). */
  const persistedUrl = () => {
    const url = new URL(server.url);
    url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: sha256(QUERY_TEXT) } }));
    return url;
  };

  it('gets a persisted query over GET with an ETag and Cache-Control, then 304 while its tag matches, until an event changes it', async () => {
    const registered = await post(
      JSON.stringify({ query: QUERY_TEXT, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(QUERY_TEXT) } } }),
    );
    expect(JSON.parse(registered.body).errors).toBeUndefined();

    const first = await fetch(persistedUrl());
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    expect(first.headers.get('vary')).toMatch(/accept/i);
    const count = JSON.parse(await first.text()).data.conflict.incidents.totalCount;

    const before = statements;
    const unchanged = await fetch(persistedUrl(), { headers: { 'if-none-match': etag! } });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect(statements).toBe(before);
    // Weak comparison, and one tag among several.
    expect((await fetch(persistedUrl(), { headers: { 'if-none-match': `"other", W/${etag}` } })).status).toBe(304);
    expect((await fetch(persistedUrl(), { headers: { 'if-none-match': '"other"' } })).status).toBe(200);

    const { rows } = seeded(server.app.database.db);
    record(server.app.writer, rows.conflict, 'Recorded while a CDN held the answer');
    const changed = await fetch(persistedUrl(), { headers: { 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(JSON.parse(await changed.text()).data.conflict.incidents.totalCount).toBe(count + 1);
  });

  it('keeps answering 304 after an event that left the answer as it was', async () => {
    const url = `${server.url}?query=${encodeURIComponent('{ conflicts { nodes { name } } }')}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    await first.text();
    const { rows } = seeded(server.app.database.db);
    record(server.app.writer, rows.conflict, 'An incident that does not rename the conflict');
    const again = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('age')).toBeNull();
  });

  it('never answers 304 to a POST', async () => {
    const first = await post(QUERY);
    expect((await post(QUERY, { 'if-none-match': first.headers.etag! })).status).toBe(200);
  });
});

describe('nothing is stored that another client could be given wrongly', () => {
  it('an answer with errors', async () => {
    const body = JSON.stringify({ query: '{ conflict(slug: "russia-ukraine-war") { talks(first: 500) { totalCount } } }' });
    const first = await post(body);
    expect(JSON.parse(first.body).errors).toBeDefined();
    expect(first.headers['cache-control']).toBeUndefined();
    expect((await post(body)).headers.age).toBeUndefined();
  });

  it('an answer to a request with a token: each holder sees their own name', async () => {
    const body = JSON.stringify({ query: '{ viewer { name } }' });
    const names = [];
    for (const name of ['First holder', 'Second holder']) {
      const { token } = createToken(server.app.database.db, { name, role: 'EDITOR' });
      for (const _ of [1, 2]) {
        const answer = await post(body, { authorization: `Bearer ${token}` });
        expect(answer.headers.age).toBeUndefined();
        names.push(JSON.parse(answer.body).data.viewer.name);
      }
    }
    expect(names).toEqual(['First holder', 'First holder', 'Second holder', 'Second holder']);
    expect(JSON.parse((await post(body)).body).data.viewer).toBeNull();
  });

  it('a mutation, and a query asked as an event stream', async () => {
    const { token } = createToken(server.app.database.db, { name: 'cache writer', role: 'EDITOR' });
    const body = JSON.stringify({ query: 'mutation { defineTopic(input: { name: "" }) { __typename } }' });
    for (const _ of [1, 2]) expect((await post(body, { authorization: `Bearer ${token}` })).headers['cache-control']).toBeUndefined();
    for (const _ of [1, 2]) {
      const stream = await post(QUERY, { accept: 'text/event-stream' });
      expect(stream.headers['content-type']).toBe('text/event-stream');
      expect(stream.headers['cache-control']).toBe('no-cache');
      expect(stream.headers.age).toBeUndefined();
    }
  });
});

describe('expiry and settings', () => {
  it('an answer is served for PARLEY_RESPONSE_CACHE_TTL_MS at most', async () => {
    const short = await startServer({ responseCacheTtlMs: 200 });
    try {
      await post(QUERY, {}, short.url);
      expect((await post(QUERY, {}, short.url)).headers.age).toBe('0');
      await sleep(300);
      expect((await post(QUERY, {}, short.url)).headers.age).toBeUndefined();
    } finally {
      await short.stop();
    }
  });

  it('PARLEY_RESPONSE_CACHE=false stores nothing', async () => {
    const off = await startServer({ responseCache: false });
    try {
      for (const _ of [1, 2]) {
        const answer = await post(QUERY, {}, off.url);
        expect(answer.headers.age).toBeUndefined();
        expect(answer.headers['cache-control']).toBeUndefined();
      }
    } finally {
      await off.stop();
    }
  });
});
