/**
 * Parley's HTTP answers held to a stock graphql-yoga serving the same schema and context on the
 * same database: the same status, content type and body for queries, refusals and errors, over
 * every Accept a client sends; subscriptions POSTed as JSON stream the same events; and what
 * Parley remembers (the cost of a document, answers kept as bytes) cannot be played against it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { createContext } from '../src/graphql/context.js';
import { asOfExtensions } from '../src/server/as-of.js';
import { toClientError } from '../src/server/errors.js';
import { schema } from '../src/graphql/schema.js';
import { health, liveCount, record, seeded } from './support/live.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let stock: Server;
let stockUrl: string;
let editor: string;

beforeAll(async () => {
  server = await startServer();
  editor = createToken(server.app.database.db, { name: 'http-yoga', role: 'EDITOR' }).token;
  const { app } = server;
  const deps = {
    db: app.reader.db,
    writer: app.writer,
    stream: app.stream,
    live: { maxBacklogBytes: 1024 * 1024, stallTimeoutMs: 30_000 },
    ranking: { commonDocuments: 50_000 },
  };
  // Parley's error masking and its citation of the event an answer reflects: both are part of the
  // answer, not of the transport.
  const yoga = createYoga({
    schema,
    maskedErrors: { maskError: toClientError },
    plugins: [asOfExtensions()],
    context: ({ request }) => createContext(deps, { authorization: request.headers.get('authorization') }),
  });
  stock = createServer(yoga);
  await new Promise<void>((resolve) => stock.listen(0, '127.0.0.1', resolve));
  stockUrl = `http://127.0.0.1:${(stock.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  await new Promise((resolve) => stock?.close(resolve));
  await server?.stop();
});

async function send(url: string, body: string, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

/** `code`: the `extensions.code` Parley adds to each error where yoga gives none (bad input is named as such). */
const cases: { name: string; body: unknown; headers?: Record<string, string>; code?: string }[] = [
  { name: 'a query', body: { query: '{ conflict(slug: "russia-ukraine-war") { name talks(first: 2) { nodes { title } } } }' } },
  { name: 'a validation error', body: { query: '{ conflict(slug: "x") { nope } }' } },
  { name: 'a syntax error', body: { query: '{ conflict(' } },
  {
    name: 'a variable of the wrong type',
    body: { query: 'query($n: Int) { conflicts(first: $n) { totalCount } }', variables: { n: 'ten' } },
    code: 'BAD_USER_INPUT',
  },
  { name: 'an unknown operation name', body: { query: '{ conflicts { totalCount } }', operationName: 'Nope' } },
  { name: 'a mutation without a token', body: { query: 'mutation { defineTopic(input: { name: "x" }) { __typename } }' } },
  {
    name: 'a refused mutation with a token',
    body: { query: 'mutation { defineTopic(input: { name: "" }) { ... on UserError { code fields { field } } } }' },
    headers: { authorization: `Bearer ${'TOKEN'}` },
  },
];

describe('answers as a stock yoga does', () => {
  for (const accept of ['application/graphql-response+json', 'application/json', '*/*']) {
    for (const c of cases) {
      it(`${c.name}, Accept: ${accept}`, async () => {
        const body = JSON.stringify(c.body);
        const headers = { accept, ...Object.fromEntries(Object.entries(c.headers ?? {}).map(([k, v]) => [k, v.replace('TOKEN', editor)])) };
        const expected = await send(stockUrl, body, headers);
        if (c.code) {
          const answer = JSON.parse(expected.body) as { errors: { extensions?: object }[] };
          for (const error of answer.errors) error.extensions = { code: c.code };
          expected.body = JSON.stringify(answer);
        }
        // Twice: the second may be answered from the bytes kept from the first.
        for (const round of [1, 2]) expect(await send(server.url, body, headers), `request ${round}`).toEqual(expected);
      });
    }
  }
});

describe('subscriptions over a JSON POST', () => {
  it('are streamed as SSE for Accept: */*, and hold nothing once the client leaves', async () => {
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
  const HEADERS = ['content-type', 'cache-control', 'connection', 'content-encoding'];
  /** Opens a stream and reads it until `frames` events (pings left out) have come; then leaves. */
  async function stream(url: string, body: string, frames: number, whileOpen?: () => void) {
    const controller = new AbortController();
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body,
      signal: controller.signal,
    });
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
    return {
      status: res.status,
      headers: HEADERS.map((h) => [h, res.headers.get(h)]),
      buffering: res.headers.get('x-accel-buffering'),
      events: events(),
    };
  }

  it('a subscription streams the same headers and events as a stock yoga, and tells proxies not to buffer', async () => {
    const { rows } = seeded(server.app.database.db);
    const body = JSON.stringify({ query: 'subscription { events { kind summary } }' });
    const parley = await stream(server.url, body, 1, () => record(server.app.writer, rows.conflict, 'Streamed by Parley'));
    const yoga = await stream(stockUrl, body, 1, () => record(server.app.writer, rows.conflict, 'Streamed by Parley'));
    expect(parley.status).toBe(200);
    expect(parley.buffering).toBe('no');
    expect({ ...parley, buffering: null }).toEqual(yoga);
    expect(parley.events).toEqual([
      'event: next\ndata: {"data":{"events":{"kind":"INCIDENT_RECORDED","summary":"Incident recorded: Streamed by Parley"}}}',
    ]);
  });

  it('a query, or a subscription that cannot start, is answered as one event, as a stock yoga does', async () => {
    for (const query of ['{ __typename }', 'subscription { nope }', 'subscription { events(after: "not-a-cursor") { kind } }']) {
      const body = JSON.stringify({ query });
      const parley = await stream(server.url, body, 2);
      const yoga = await stream(stockUrl, body, 2);
      expect({ ...parley, buffering: null }, query).toEqual(yoga);
      expect(parley.events.at(-1)).toBe('event: complete\ndata:');
    }
  });
});

describe('a subscription POSTed for JSON only', () => {
  it('is refused before it subscribes (406, naming what it can send): nothing is held', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: 'subscription { events { cursor } }' }),
    });
    expect(res.status).toBe(406);
    expect(res.headers.get('accept')).toBe('text/event-stream');
    expect((await res.json()).errors[0].extensions.code).toBe('NOT_ACCEPTABLE');
    expect((await health(server.url)).subscriptions).toBe(0);
  });
});

describe('the remembered cost of a document', () => {
  // $n absent takes its default (100 a level: over the limit); $n null is no page size (20).
  const NESTED = 'query($n: Int = 100) { conflicts(first: $n) { nodes { incidents(first: $n) { nodes { id } } } } }';

  it('is not reused between an absent variable and a null one', async () => {
    const accept = 'application/graphql-response+json';
    const asNull = await send(server.url, JSON.stringify({ query: NESTED, variables: { n: null } }), { accept });
    expect(asNull.status).toBe(200);
    const absent = await send(server.url, JSON.stringify({ query: NESTED, variables: {} }), { accept });
    expect(JSON.parse(absent.body).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('a document whose cost is remembered', () => {
  // $slug plays no part in the cost, so the second request finds the first one's cost remembered
  // and leaves the variables to the executor, which must refuse them the same way.
  const QUERY = 'query($slug: String!, $n: Int) { conflict(slug: $slug) { talks(first: $n) { totalCount } } }';

  it('still refuses a variable of the wrong type: 400 BAD_USER_INPUT, every time', async () => {
    const accept = 'application/graphql-response+json';
    const good = await send(server.url, JSON.stringify({ query: QUERY, variables: { slug: 'russia-ukraine-war', n: 2 } }), { accept });
    expect(good.status).toBe(200);
    for (const round of [1, 2]) {
      const bad = await send(server.url, JSON.stringify({ query: QUERY, variables: { slug: 5, n: 2 } }), { accept });
      expect(bad.status, `request ${round}`).toBe(400);
      const { errors, data } = JSON.parse(bad.body);
      expect(data).toBeUndefined();
      expect(errors).toHaveLength(1);
      expect(errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(errors[0].message).toMatch(/^Variable "\$slug" got invalid value 5/);
    }
  });
});
