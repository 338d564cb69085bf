/**
 * A JSON POST to /graphql is answered outside yoga's fetch layer (src/server/json-post.ts). These
 * tests hold it to yoga's own answers: the same request sent so that yoga takes it whole (with an
 * Origin, CORS on) must get the same status, content type and body; subscriptions still stream;
 * and what the fast path remembers (the cost of a document) cannot be played against it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { liveCount, record, seeded } from './support/live.js';
import { startServer, type TestServer } from './support/server.js';

const ORIGIN = 'https://desk.example';

let server: TestServer;
let editor: string;
beforeAll(async () => {
  server = await startServer({ corsOrigins: [ORIGIN] });
  editor = createToken(server.app.database.db, { name: 'json-post', role: 'EDITOR' }).token;
});
afterAll(() => server.stop());

async function send(body: string, headers: Record<string, string>) {
  const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, type: res.headers.get('content-type'), requestId: res.headers.get('x-request-id'), body: await res.text() };
}

const cases: { name: string; body: unknown; headers?: Record<string, string> }[] = [
  { name: 'a query', body: { query: '{ conflict(slug: "russia-ukraine-war") { name talks(first: 2) { nodes { title } } } }' } },
  { name: 'a validation error', body: { query: '{ conflict(slug: "x") { nope } }' } },
  { name: 'a syntax error', body: { query: '{ conflict(' } },
  { name: 'a variable of the wrong type', body: { query: 'query($n: Int) { conflicts(first: $n) { totalCount } }', variables: { n: 'ten' } } },
  { name: 'an unknown operation name', body: { query: '{ conflicts { totalCount } }', operationName: 'Nope' } },
  { name: 'a mutation without a token', body: { query: 'mutation { defineTopic(input: { name: "x" }) { __typename } }' } },
  {
    name: 'a refused mutation with a token',
    body: { query: 'mutation { defineTopic(input: { name: "" }) { ... on UserError { code fields { field } } } }' },
    headers: { authorization: `Bearer ${'TOKEN'}` },
  },
];

describe('answers as yoga does', () => {
  for (const accept of ['application/graphql-response+json', 'application/json', '*/*']) {
    for (const c of cases) {
      it(`${c.name}, Accept: ${accept}`, async () => {
        const body = JSON.stringify(c.body);
        const headers = { accept, ...Object.fromEntries(Object.entries(c.headers ?? {}).map(([k, v]) => [k, v.replace('TOKEN', editor)])) };
        const fast = await send(body, headers);
        const whole = await send(body, { ...headers, origin: ORIGIN });
        expect(fast.status).toBe(whole.status);
        expect(fast.type).toBe(whole.type);
        expect(fast.body).toBe(whole.body);
        expect(fast.requestId).toMatch(/^[0-9a-f-]{36}$/);
      });
    }
  }
});

describe('subscriptions over a JSON POST', () => {
  it('are streamed as yoga streams them (SSE for Accept: */*), and hold nothing once the client leaves', async () => {
    const controller = new AbortController();
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: '*/*' },
      body: JSON.stringify({ query: 'subscription { events { cursor } }' }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await liveCount(server.url, 1);
    controller.abort();
    await liveCount(server.url, 0);
  });
});

describe('asking for an event stream (Accept: text/event-stream)', () => {
  const HEADERS = ['content-type', 'cache-control', 'connection', 'content-encoding', 'x-accel-buffering'];
  /** Opens a stream and reads it until `frames` events (pings left out) have come; then leaves. */
  async function stream(body: string, headers: Record<string, string>, frames: number, whileOpen?: () => void) {
    const controller = new AbortController();
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: controller.signal });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let opened = false;
    const events = () => text.split('\n\n').filter((frame) => frame.startsWith('event:'));
    while (events().length < frames) {
      if (!opened && whileOpen) {
        await liveCount(server.url, 1);
        whileOpen();
        opened = true;
      }
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    controller.abort();
    await liveCount(server.url, 0);
    return { status: res.status, headers: HEADERS.map((h) => [h, res.headers.get(h)]), events: events() };
  }

  it('a subscription streams the same headers and events either way', async () => {
    const { rows } = seeded(server.app.database.db);
    const body = JSON.stringify({ query: 'subscription { events { kind summary } }' });
    const headers = { accept: 'text/event-stream' };
    const fast = await stream(body, headers, 1, () => record(server.app.writer, rows.conflict, 'Streamed to the fast path'));
    const whole = await stream(body, { ...headers, origin: ORIGIN }, 1, () => record(server.app.writer, rows.conflict, 'Streamed to the fast path'));
    expect(fast.status).toBe(200);
    expect(fast).toEqual(whole);
    expect(fast.events).toEqual(['event: next\ndata: {"data":{"events":{"kind":"INCIDENT_RECORDED","summary":"Incident recorded: Streamed to the fast path"}}}']);
  });

  it('a query, or a subscription that cannot start, is answered as one event either way', async () => {
    for (const query of ['{ __typename }', 'subscription { nope }', 'subscription { events(after: "not-a-cursor") { kind } }']) {
      const body = JSON.stringify({ query });
      const fast = await stream(body, { accept: 'text/event-stream' }, 2);
      const whole = await stream(body, { accept: 'text/event-stream', origin: ORIGIN }, 2);
      expect(fast, query).toEqual(whole);
      expect(fast.events.at(-1)).toBe('event: complete\ndata:');
    }
  });
});

describe('a subscription POSTed for JSON only', () => {
  it('is refused as yoga refuses it (406, naming what it can send), and holds nothing', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: 'subscription { events { cursor } }' }),
    });
    expect(res.status).toBe(406);
    expect(res.headers.get('accept')).toMatch(/application\/json/);
    await liveCount(server.url, 0);
  });
});

describe('the remembered cost of a document', () => {
  // $n absent takes its default (100 a level: over the limit); $n null is no page size (20).
  const NESTED = 'query($n: Int = 100) { conflicts(first: $n) { nodes { incidents(first: $n) { nodes { id } } } } }';

  it('is not reused between an absent variable and a null one', async () => {
    const asNull = await send(JSON.stringify({ query: NESTED, variables: { n: null } }), { accept: 'application/graphql-response+json' });
    expect(asNull.status).toBe(200);
    const absent = await send(JSON.stringify({ query: NESTED, variables: {} }), { accept: 'application/graphql-response+json' });
    expect(JSON.parse(absent.body).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('a document whose cost is remembered', () => {
  // $slug plays no part in the cost, so the second request finds the first one's cost remembered
  // and leaves the variables to the executor, which must refuse them the same way.
  const QUERY = 'query($slug: String!, $n: Int) { conflict(slug: $slug) { talks(first: $n) { totalCount } } }';

  it('still refuses a variable of the wrong type: 400 BAD_USER_INPUT, over the fast path and yoga alike', async () => {
    const accept = 'application/graphql-response+json';
    const good = await send(JSON.stringify({ query: QUERY, variables: { slug: 'russia-ukraine-war', n: 2 } }), { accept });
    expect(good.status).toBe(200);
    for (const headers of [{ accept }, { accept, origin: ORIGIN }] as Record<string, string>[]) {
      const bad = await send(JSON.stringify({ query: QUERY, variables: { slug: 5, n: 2 } }), headers);
      expect(bad.status).toBe(400);
      const { errors, data } = JSON.parse(bad.body);
      expect(data).toBeUndefined();
      expect(errors).toHaveLength(1);
      expect(errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(errors[0].message).toMatch(/^Variable "\$slug" got invalid value 5/);
    }
  });
});
