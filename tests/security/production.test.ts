/**
 * graphql-cop's information-disclosure checks against a server with production settings:
 * `production: true` (no field suggestions), `introspection: false`, `graphiql: false`. Nothing in
 * an error may hint at the schema (no "Did you mean"), introspection and GraphiQL are off, and an
 * internal failure is answered "Unexpected error." with no detail, nothing recorded. Suggestions
 * are also checked on a development server with introspection off: they would give away what
 * refusing introspection hides.
 */
import Database from 'better-sqlite3';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/domain/token.js';
import { startServer, type TestServer } from '../support/server.js';
import { bearer, expectGraphQLRefusal, expectNoLeak, GRAPHQL_RESPONSE, probe, WITHIN_MS, type Probe } from './support.js';

let server: TestServer;
let p: Probe;
let editor = '';
/** A development server (`production: false`) with introspection off. */
let quiet: { server: TestServer; p: Probe; editor: string };

beforeAll(async () => {
  server = await startServer({ production: true, introspection: false, graphiql: false });
  p = probe(server);
  editor = createToken(server.app.database.db, { name: 'production editor', role: 'EDITOR' }).token;
  const quietServer = await startServer({ introspection: false });
  quiet = {
    server: quietServer,
    p: probe(quietServer),
    editor: createToken(quietServer.app.database.db, { name: 'quiet editor', role: 'EDITOR' }).token,
  };
  // Warm up (the first request compiles the schema's resolvers), so timings measure the requests.
  await server.query(`{ conflict(slug: "russia-ukraine-war") { name } }`);
  await quietServer.query(`{ conflict(slug: "russia-ukraine-war") { name } }`);
});

afterAll(async () => {
  p?.close();
  quiet?.p.close();
  await Promise.all([server?.stop(), quiet?.server.stop()]);
});

describe.each([
  ['in production', () => ({ p, editor })],
  ['with introspection off outside production', () => quiet],
] as const)('no field suggestions %s', (_settings, target) => {
  // Each mistake, and the names a suggestion would give away.
  const cases: { name: string; query: string; variables?: Record<string, unknown>; status: number; code: string; secrets: string[] }[] = [
    {
      name: 'a misspelt root field',
      query: `{ conflictz { id } }`,
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      secrets: ['"conflict"', '"conflicts"'],
    },
    {
      name: 'graphql-cop’s probe: __schema { directive }',
      query: `query { __schema { directive } }`,
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      secrets: ['"directives"'],
    },
    {
      name: 'a misspelt nested field',
      query: `{ incidents { nodes { tittle } } }`,
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      secrets: ['"title"'],
    },
    {
      name: 'a misspelt argument',
      query: `{ incidents(frist: 1) { totalCount } }`,
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      secrets: ['"first"'],
    },
    {
      name: 'a misspelt type of a variable',
      query: `query($f: IncidentFiltr) { incidents(filter: $f) { totalCount } }`,
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      secrets: ['"IncidentFilter"'],
    },
    {
      name: 'a misspelt type condition',
      query: `{ incidents { nodes { ... on Incidnt { id } } } }`,
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      secrets: ['"Incident"'],
    },
    {
      name: 'a misspelt input field, inline',
      query: `{ actors(filter: { nme: "x" }) { totalCount } }`,
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      secrets: ['"name"'],
    },
    {
      name: 'a misspelt enum value, inline',
      query: `{ incidents(orderBy: DATE_AS) { totalCount } }`,
      status: 400,
      code: 'GRAPHQL_VALIDATION_FAILED',
      secrets: ['"DATE_ASC"', '"DATE_DESC"'],
    },
    {
      name: 'a misspelt enum value, in a variable',
      query: `query($o: DateOrder) { incidents(orderBy: $o) { totalCount } }`,
      variables: { o: 'DATE_AS' },
      status: 400,
      code: 'BAD_USER_INPUT',
      secrets: ['"DATE_ASC"', '"DATE_DESC"'],
    },
    {
      name: 'a misspelt input field, in a variable',
      query: `query($f: ActorFilter) { actors(filter: $f) { totalCount } }`,
      variables: { f: { nme: 'x' } },
      status: 400,
      code: 'BAD_USER_INPUT',
      secrets: ['"name"'],
    },
    {
      name: 'a misspelt enum value in a mutation input',
      query: `mutation($input: RecordActorInput!) { recordActor(input: $input) { __typename } }`,
      variables: { input: { name: 'x', kind: 'STAT' } },
      status: 400,
      code: 'BAD_USER_INPUT',
      secrets: ['"STATE"'],
    },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.code}, without "Did you mean" or the right name`, async () => {
      const { p, editor } = target();
      const before = await p.snapshot();
      const a = await p.postJson({ query: c.query, variables: c.variables }, bearer(editor));
      expect(a.ms).toBeLessThan(WITHIN_MS);
      expect(a.text, a.text).not.toMatch(/did you mean/i);
      for (const secret of c.secrets) expect(a.text, `the error gives away ${secret}`).not.toContain(secret.replaceAll('"', '\\"'));
      expectGraphQLRefusal(a, c.status, c.code, /./);
      expectNoLeak(a.text);
      await p.expectNothingRecorded(before);
      await p.expectServesNormally();
    });
  }
});

describe('introspection switched off', () => {
  const refused = [
    ['__schema', `{ __schema { types { name } } }`],
    ['__type', `{ __type(name: "Query") { name fields { name } } }`],
    ['the full introspection query', getIntrospectionQuery()],
    [
      'graphql-cop’s circular introspection',
      `query { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }`,
    ],
    ['introspection hidden in a fragment', `{ ...F } fragment F on Query { __type(name: "Incident") { fields { name } } }`],
  ] as const;
  for (const [name, query] of refused) {
    it(`${name}: GRAPHQL_VALIDATION_FAILED`, async () => {
      const a = await p.postJson({ query });
      expectGraphQLRefusal(a, 400, 'GRAPHQL_VALIDATION_FAILED', /introspection has been disabled|Maximum introspection depth exceeded/);
      expect(a.text).toContain('GraphQL introspection has been disabled');
      expect(a.text).not.toContain('"Incident"');
      expectNoLeak(a.text);
      await p.expectServesNormally();
    });
  }

  it('__typename still works (it is not introspection of the schema)', async () => {
    const a = await p.postJson({ query: `{ __typename incidents(first: 1) { nodes { __typename } } }` });
    expect(a.json.data).toEqual({ __typename: 'Query', incidents: { nodes: [{ __typename: 'Incident' }] } });
  });
});

describe('GraphiQL switched off', () => {
  it('a browser asking /graphql for HTML gets no IDE', async () => {
    const a = await p.send({ method: 'GET', headers: { accept: 'text/html' } });
    expect(a.ms).toBeLessThan(WITHIN_MS);
    expect(a.status).toBe(406);
    expect(a.text).not.toMatch(/graphiql|playground/i);
  });

  for (const path of ['/graphiql', '/playground', '/console', '/graphql/graphiql']) {
    it(`${path}: 404, no IDE`, async () => {
      const a = await p.send({ method: 'GET', path, headers: { accept: 'text/html' } });
      expect(a.status).toBe(404);
      expect(a.text).not.toMatch(/graphiql|graphql playground|graphql-playground/i);
    });
  }
});

describe('errors carry no debug detail', () => {
  it('an internal failure (the database locked by another process) is "Unexpected error.", with no detail, nothing recorded', async () => {
    const before = await p.snapshot();
    // Another connection holds the write lock: the server's write waits out its busy timeout and fails.
    const other = new Database(server.dbPath, { fileMustExist: true });
    let a: Awaited<ReturnType<typeof p.postJson>>;
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      a = await p.postJson(
        { query: `mutation { recordActor(input: { name: "Locked out", kind: ORGANIZATION }) { __typename } }` },
        bearer(editor),
      );
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
    expect(a.ms).toBeLessThan(7000);
    // `data` is present (null), so 200 is what GraphQL-over-HTTP allows.
    expect(a.status, a.text).toBe(200);
    expect(a.json.errors, a.text).toHaveLength(1);
    expect(a.json.errors[0].message).toBe('Unexpected error.');
    expect(a.json.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(a.json.data ?? null).toBeNull();
    expect(a.text).not.toMatch(/busy|locked|SQLITE_/i);
    expectNoLeak(a.text);
    await p.expectNothingRecorded(before);
    await p.expectServesNormally();
  });

  it('a client mistake keeps its message and code (masking is for internals only)', async () => {
    const a = await p.postJson({ query: `{ node(id: "garbage") { id } }` });
    expectGraphQLRefusal(a, 200, 'INVALID_ID', /^"garbage" is not a Parley ID\.$/);
    expect(Object.keys(a.json.errors[0].extensions)).toEqual(['code']);
  });

  it('no `exception`, `stacktrace` or `tracing` in an unhandled-error probe, ?debug=1 or a tracing request', async () => {
    const probes = [
      await p.postJson({ query: `qwerty cop { abc }` }),
      await p.send({
        search: 'debug=1',
        headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE, 'x-debug': '1' },
        body: JSON.stringify({ query: `{ __typename nope }`, extensions: { tracing: true } }),
      }),
    ];
    for (const a of probes) {
      expect(a.status).toBe(400);
      expect(a.json.extensions).toBeUndefined();
      for (const e of a.json.errors) expect(Object.keys(e.extensions)).toEqual(['code']);
      expect(a.text).not.toMatch(/stacktrace|exception|tracing/i);
      expectNoLeak(a.text);
    }
    const ok = await p.postJson({ query: `{ __typename }` });
    expect(ok.json).toEqual({ data: { __typename: 'Query' } });
  });
});
