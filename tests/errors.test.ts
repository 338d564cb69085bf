/**
 * Client mistakes get clear GraphQL errors with a stable `extensions.code`: invalid cursors,
 * invalid global IDs, unknown fields, syntax errors. Never a 500, never a stack trace or SQL in the
 * body, and the server answers normally right after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type GraphQLResponse, type TestServer } from './support/server.js';

let server: TestServer;

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const globalId = (type: string, id: number) => b64(`${type}:${id}`);

let conflictId = '';
let actorId = '';
let personId = '';
let talkId = '';

beforeAll(async () => {
  server = await startServer();
  const data = await server.query(`{
    conflict(slug: "russia-ukraine-war") { id round(number: 2) { id } }
    actors(filter: { name: "Russia" }) { nodes { id } }
    people(filter: { name: "Putin" }) { nodes { id } }
  }`);
  conflictId = data.conflict.id;
  talkId = data.conflict.round.id;
  actorId = data.actors.nodes[0].id;
  personId = data.people.nodes[0].id;
});

afterAll(async () => {
  await server?.stop();
});

/** The raw body, to look for leaks in every part of it. */
async function postRaw(query: string, variables?: Record<string, unknown>) {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as GraphQLResponse };
}

/** A normal query the server must still answer right after an error. */
async function expectHealthy() {
  const data = await server.query(`{ conflict(slug: "russia-ukraine-war") { name } incidents(first: 1) { totalCount } }`);
  expect(data.conflict.name).toBe('Russia–Ukraine war');
  expect(data.incidents.totalCount).toBe(2);
}

/**
 * Posts the request and checks what every client error must satisfy; returns the single error.
 */
async function expectClientError(query: string, variables: Record<string, unknown> | undefined, code: string) {
  const { status, text, body } = await postRaw(query, variables);
  expect(status).not.toBe(500);
  expect(status).toBeLessThan(500);
  expect(body.errors, text).toHaveLength(1);
  const error = body.errors![0]!;
  expect(error.extensions?.code, text).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(10);
  // No stack trace, no SQL, no internals anywhere in the body.
  expect(text).not.toContain('SELECT');
  expect(text).not.toContain('at ');
  expect(text).not.toMatch(/sqlite/i);
  expect(text).not.toMatch(/stack/i);
  expect(text).not.toContain('node_modules');
  expect(text).not.toMatch(/\.ts:\d+/);
  expect(text).not.toContain('Unexpected error');
  await expectHealthy();
  return { status, error, body };
}

describe('invalid cursors: INVALID_CURSOR', () => {
  const INCIDENTS = `query($after: String, $before: String) { incidents(after: $after, before: $before, first: 5) { totalCount nodes { id } } }`;

  it('rejects a garbage cursor', async () => {
    const { error, body } = await expectClientError(INCIDENTS, { after: 'garbage!!' }, 'INVALID_CURSOR');
    expect(error.message).toBe('"garbage!!" is not a cursor this list issued.');
    expect(error.path).toEqual(['incidents']);
    expect(body.data ?? null).toBeNull();
  });

  it('rejects a garbage cursor passed as `before`', async () => {
    const { error } = await expectClientError(INCIDENTS, { before: 'not-a-cursor' }, 'INVALID_CURSOR');
    expect(error.message).toContain('is not a cursor');
  });

  const wrongShapes: [string, unknown][] = [
    ['an object', { a: 1 }],
    ['null', null],
    ['a number', 42],
    ['a string', 'hello'],
    ['an array of three', ['2025-06-01', 1, 2]],
    ['an array with a fractional id', ['2025-06-01', 1.5]],
    ['an array with a string id', ['2025-06-01', '1']],
    ['an array with an object key', [{}, 1]],
    ['an empty array', []],
  ];
  for (const [what, value] of wrongShapes) {
    it(`rejects base64 of valid JSON of the wrong shape: ${what}`, async () => {
      const cursor = b64(JSON.stringify(value));
      const { error } = await expectClientError(INCIDENTS, { after: cursor }, 'INVALID_CURSOR');
      expect(error.message).toBe(`"${cursor}" is not a cursor this list issued.`);
    });
  }

  it('rejects invalid cursors on every kind of connection (people, timeline, events, talks)', async () => {
    await expectClientError(`{ people(after: "zzz") { totalCount } }`, undefined, 'INVALID_CURSOR');
    await expectClientError(
      `query($c: String) { conflict(slug: "russia-ukraine-war") { timeline(before: $c) { totalCount } } }`,
      { c: b64('{"kind":"TALK"}') },
      'INVALID_CURSOR',
    );
    await expectClientError(`query($c: String) { events(after: $c) { totalCount } }`, { c: b64('[1]') }, 'INVALID_CURSOR');
    await expectClientError(`query($c: String) { talks(last: 2, before: $c) { totalCount } }`, { c: b64('"x"') }, 'INVALID_CURSOR');
  });

  it('still accepts a cursor the list issued', async () => {
    const page = await server.query(`{ incidents(first: 1) { pageInfo { endCursor } } }`);
    const next = await server.query(INCIDENTS, { after: page.incidents.pageInfo.endCursor });
    expect(next.incidents.nodes).toHaveLength(1);
    expect(next.incidents.totalCount).toBe(2);
  });
});

describe('invalid global IDs: INVALID_ID', () => {
  const NODE = `query($id: ID!) { node(id: $id) { id } }`;

  it('rejects a garbage id given to node()', async () => {
    const { error, body } = await expectClientError(NODE, { id: 'garbage' }, 'INVALID_ID');
    expect(error.message).toBe('"garbage" is not a Parley ID.');
    expect(body.data?.node ?? null).toBeNull();
  });

  it('rejects ids that decode to no Parley ID: an empty string, a zero or negative row id, a missing row id', async () => {
    for (const id of ['', globalId('Actor', 0), b64('Actor:-1'), b64('Actor:'), b64('Actor'), b64(':1'), b64('actor:1')]) {
      const { error } = await expectClientError(NODE, { id }, 'INVALID_ID');
      expect(error.message).toContain('is not a Parley ID');
    }
  });

  it('rejects a well-formed id naming a type Parley does not have', async () => {
    const { error, body } = await expectClientError(NODE, { id: globalId('Spaceship', 1) }, 'INVALID_ID');
    expect(error.message).toMatch(/Spaceship/);
    expect(body.data?.node ?? null).toBeNull();
  });

  it('rejects a well-formed id naming a type that is not a Node', async () => {
    const { body } = await expectClientError(NODE, { id: globalId('Location', 1) }, 'INVALID_ID');
    expect(body.data?.node ?? null).toBeNull();
  });

  it('rejects a garbage id inside nodes()', async () => {
    await expectClientError(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [actorId, 'garbage'] }, 'INVALID_ID');
  });

  it('rejects an Actor id where a Conflict is expected: incidents(filter: { conflict })', async () => {
    const { error, body } = await expectClientError(
      `query($c: ID) { incidents(filter: { conflict: $c }) { totalCount } }`,
      { c: actorId },
      'INVALID_ID',
    );
    expect(error.message).toMatch(/Actor/);
    expect(error.message).toMatch(/Conflict/);
    expect(body.data ?? null).toBeNull();
  });

  it('rejects ids of the wrong type in every filter that takes one', async () => {
    const cases: [string, Record<string, unknown>][] = [
      [`query($v: ID) { incidents(filter: { talk: $v }) { totalCount } }`, { v: conflictId }],
      [`query($v: [ID!]) { incidents(filter: { actors: $v }) { totalCount } }`, { v: [actorId, personId] }],
      [`query($v: ID) { talks(filter: { conflict: $v }) { totalCount } }`, { v: talkId }],
      [`query($v: ID) { statements(filter: { speaker: $v }) { totalCount } }`, { v: actorId }],
      [`query($v: ID) { statements(filter: { speakingActor: $v }) { totalCount } }`, { v: personId }],
      [`query($v: ID) { proposals(filter: { submittedBy: $v }) { totalCount } }`, { v: personId }],
      [`query($v: ID) { figures(filter: { actor: $v }) { totalCount } }`, { v: conflictId }],
      [`query($v: ID) { events(filter: { conflict: $v }) { totalCount } }`, { v: actorId }],
    ];
    for (const [query, variables] of cases) {
      const { error } = await expectClientError(query, variables, 'INVALID_ID');
      expect(error.message).toMatch(/expected/);
    }
  });

  it('rejects a garbage id in a filter', async () => {
    const { error } = await expectClientError(
      `query($v: ID) { statements(filter: { about: $v }) { totalCount } }`,
      { v: '%%%not-an-id' },
      'INVALID_ID',
    );
    expect(error.message).toContain('is not a Parley ID');
  });
});

describe('invalid documents', () => {
  it('rejects an unknown field with GRAPHQL_VALIDATION_FAILED, naming the field', async () => {
    const { error, body } = await expectClientError(`{ incidents { nope } }`, undefined, 'GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toContain('Cannot query field "nope" on type "IncidentConnection"');
    expect(body.data).toBeUndefined();
  });

  it('rejects an unknown root field and an unknown argument the same way', async () => {
    const root = await expectClientError(`{ wars { id } }`, undefined, 'GRAPHQL_VALIDATION_FAILED');
    expect(root.error.message).toContain('"wars"');
    const arg = await expectClientError(`{ incidents(size: 3) { totalCount } }`, undefined, 'GRAPHQL_VALIDATION_FAILED');
    expect(arg.error.message).toContain('"size"');
  });

  it('rejects a syntax error with GRAPHQL_PARSE_FAILED and its location', async () => {
    const { error, body } = await expectClientError(`{ incidents { `, undefined, 'GRAPHQL_PARSE_FAILED');
    expect(error.message).toMatch(/^Syntax Error: /);
    expect((error as { locations?: unknown }).locations).toEqual([{ line: 1, column: 15 }]);
    expect(body.data).toBeUndefined();
  });

  it('rejects other syntax errors the same way', async () => {
    await expectClientError(`query { conflict(slug: ) { id } }`, undefined, 'GRAPHQL_PARSE_FAILED');
    await expectClientError(`}{`, undefined, 'GRAPHQL_PARSE_FAILED');
  });
});

describe('after many errors', () => {
  it('answers normal queries, with the full data', async () => {
    await Promise.all([
      postRaw(`{ incidents(after: "x") { totalCount } }`),
      postRaw(`{ node(id: "x") { id } }`),
      postRaw(`{ nope }`),
      postRaw(`{`),
    ]);
    const data = await server.query(`{ node(id: "${conflictId}") { ... on Conflict { slug talks { totalCount } } } }`);
    expect(data.node).toEqual({ slug: 'russia-ukraine-war', talks: { totalCount: 2 } });
  });
});
