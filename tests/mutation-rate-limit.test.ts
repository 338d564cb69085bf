/**
 * The mutation rate limit counts mutations, not requests, against a real server at 5 a minute:
 * aliased fields, fields in fragments, and the operations of a batch each count, over HTTP and
 * over WebSocket alike, per token (else per address). An operation that would go over what is
 * left is refused whole with RATE_LIMITED, none of its writes recorded, and costs nothing.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createToken } from '../src/domain/token.js';
import { startServer, type TestServer } from './support/server.js';
import { wsClient, wsExecute } from './support/live.js';

const PER_MINUTE = 5;

let server: TestServer;
let reader: Database.Database;
let conflict = '';

/** A token of its own for each test, so that each starts with a full allowance. */
const freshToken = (name: string) => createToken(server.app.database.db, { name, role: 'EDITOR' }).token;

/** One operation with `count` aliased `recordIncident` fields, all recording `$i`. */
const aliased = (count: number) =>
  `mutation($i: RecordIncidentInput!) { ${Array.from({ length: count }, (_, n) => `m${n}: recordIncident(input: $i) { __typename }`).join(' ')} }`;

const input = (title: string) => ({ conflict, eventType: 'BATTLES', title, date: { start: '2025-06-03', precision: 'DAY' } });

const stored = (title: string) => (reader.prepare('SELECT count(*) AS n FROM incidents WHERE title = ?').get(title) as { n: number }).n;

async function send(payload: unknown, token?: string) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(payload),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** The answer recorded every field of the operation. */
function expectRecorded(body: any, count: number) {
  expect(body.errors, JSON.stringify(body)).toBeUndefined();
  expect(Object.values(body.data)).toEqual(Array.from({ length: count }, () => ({ __typename: 'RecordIncidentPayload' })));
}

function expectRateLimited(body: any) {
  expect(
    body.errors?.map((e: any) => e.extensions?.code),
    JSON.stringify(body),
  ).toEqual(['RATE_LIMITED']);
  expect(body.data ?? null).toBeNull();
}

beforeAll(async () => {
  server = await startServer({ limits: { ...loadConfig({}).limits, mutationsPerMinute: PER_MINUTE } });
  reader = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  conflict = (await server.query('{ conflict(slug: "russia-ukraine-war") { id } }')).conflict.id;
});

afterAll(async () => {
  reader?.close();
  await server?.stop();
});

describe(`mutation rate limit (${PER_MINUTE} a minute)`, () => {
  it('15 aliased recordIncident fields in one request: refused whole (429 RATE_LIMITED), none recorded, and the allowance is kept', async () => {
    const token = freshToken('aliases');
    const refused = await send({ query: aliased(15), variables: { i: input('Aliased, 15') } }, token);
    expect(refused.status).toBe(429);
    expectRateLimited(refused.body);
    expect(stored('Aliased, 15')).toBe(0);

    // The refused operation cost nothing: the whole allowance is still there, and no more.
    const five = await send({ query: aliased(PER_MINUTE), variables: { i: input('Aliased, 5') } }, token);
    expect(five.status).toBe(200);
    expectRecorded(five.body, PER_MINUTE);
    expect(stored('Aliased, 5')).toBe(PER_MINUTE);
    const one = await send({ query: aliased(1), variables: { i: input('Aliased, one more') } }, token);
    expectRateLimited(one.body);
    expect(stored('Aliased, one more')).toBe(0);
  });

  it('fields spread from fragments count; fields left out by @skip/@include do not', async () => {
    const token = freshToken('fragments');
    const two = /* GraphQL */ `fragment Two on Mutation { b: recordIncident(input: $i) { __typename } c: recordIncident(input: $i) { __typename } }`;
    const viaFragments = /* GraphQL */ `
      mutation($i: RecordIncidentInput!, $no: Boolean = false) {
        a: recordIncident(input: $i) { __typename }
        ...Two
        ... on Mutation { d: recordIncident(input: $i) { __typename } }
        skipped: recordIncident(input: $i) @include(if: $no) { __typename }
      }
      ${two}
    `;
    // 4 run (a, b, c, d), which leaves 1: the fragment's 2 are over.
    const first = await send({ query: viaFragments, variables: { i: input('Fragments') } }, token);
    expectRecorded(first.body, 4);
    const again = await send(
      { query: `mutation($i: RecordIncidentInput!) { ...Two } ${two}`, variables: { i: input('Fragments') } },
      token,
    );
    expectRateLimited(again.body);
    expect(stored('Fragments')).toBe(4);
  });

  it('a batch of 3 operations of 2 mutations each: the operations that fit run, the one over is refused, 4 recorded', async () => {
    const token = freshToken('batch');
    const batch = Array.from({ length: 3 }, () => ({ query: aliased(2), variables: { i: input('Batched') } }));
    const { body } = await send(batch, token);
    expect(body).toHaveLength(3);
    const refused = body.filter((result: any) => result.errors);
    expect(refused).toHaveLength(1);
    expectRateLimited(refused[0]);
    for (const result of body.filter((r: any) => !r.errors)) expectRecorded(result, 2);
    expect(stored('Batched')).toBe(4);
  });

  it('each token has its own allowance', async () => {
    const [a, b] = [freshToken('token A'), freshToken('token B')];
    expectRecorded((await send({ query: aliased(PER_MINUTE), variables: { i: input('Token A') } }, a)).body, PER_MINUTE);
    expectRateLimited((await send({ query: aliased(1), variables: { i: input('Token A') } }, a)).body);
    expectRecorded((await send({ query: aliased(PER_MINUTE), variables: { i: input('Token B') } }, b)).body, PER_MINUTE);
    expect([stored('Token A'), stored('Token B')]).toEqual([PER_MINUTE, PER_MINUTE]);
  });

  it('without a token, the address is counted the same way: 6 aliased fields are refused before authentication', async () => {
    const over = await send({ query: aliased(PER_MINUTE + 1), variables: { i: input('Anonymous') } });
    expect(over.status).toBe(429);
    expectRateLimited(over.body);
    // Within the allowance, the request reaches the schema, which refuses an anonymous write.
    const within = await send({ query: aliased(PER_MINUTE), variables: { i: input('Anonymous') } });
    expect(within.body.errors.map((e: any) => e.extensions?.code)).toContain('UNAUTHENTICATED');
    expect(stored('Anonymous')).toBe(0);
  });

  it('over WebSocket: 15 aliased fields are refused whole; HTTP and WebSocket share one allowance', async () => {
    const token = freshToken('websocket');
    const client = wsClient(server.url, `Bearer ${token}`);
    try {
      expectRateLimited(await wsExecute(client, aliased(15), { i: input('Over WebSocket, 15') }));
      expect(stored('Over WebSocket, 15')).toBe(0);

      expectRecorded((await send({ query: aliased(3), variables: { i: input('Shared allowance') } }, token)).body, 3);
      expectRateLimited(await wsExecute(client, aliased(3), { i: input('Shared allowance') }));
      expectRecorded(await wsExecute(client, aliased(2), { i: input('Shared allowance') }), 2);
      expect(stored('Shared allowance')).toBe(5);
    } finally {
      await client.dispose();
    }
  });
});
