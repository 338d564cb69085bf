/**
 * Attacks on a server with the default settings (development mode: introspection, GraphiQL and
 * field suggestions on). For each class of attack: the answer comes within a second, is a clear
 * refusal (a GraphQL error with `extensions.code`, or the right HTTP status when it is refused
 * before GraphQL), leaks nothing (no stack, SQL, SQLite, file path, node_modules, internal class
 * name, debug extension), records nothing (`/health` lastEventId and every table's row count, read
 * through a read-only handle on the file, are unchanged), and the next normal query is answered.
 *
 * The attacks that could write carry a valid editor token, so that "nothing recorded" proves the
 * refusal happened before execution, not merely that an anonymous write was refused.
 */
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isCompositeType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, revokeToken } from '../../src/domain/token.js';
import { startServer, type TestServer } from '../support/server.js';
import {
  bearer,
  expectGraphQLRefusal,
  expectNoLeak,
  expectTransportRefusal,
  GRAPHQL_RESPONSE,
  probe,
  WITHIN_MS,
  type Answer,
  type Probe,
} from './support.js';

let server: TestServer;
let p: Probe;
let editor = '';
let admin = '';
const ids = { conflict: '', talk: '', incident: '', actor: '' };

const b64 = (text: string) => Buffer.from(text).toString('base64url');

beforeAll(async () => {
  server = await startServer();
  p = probe(server);
  editor = createToken(server.app.database.db, { name: 'attacks editor', role: 'EDITOR' }).token;
  admin = createToken(server.app.database.db, { name: 'attacks admin', role: 'ADMIN' }).token;
  const data = await server.query(`{
    conflict(slug: "russia-ukraine-war") { id round(number: 2) { id } }
    incidents(first: 1) { nodes { id } }
    actors(filter: { name: "Russia" }) { nodes { id } }
  }`);
  ids.conflict = data.conflict.id;
  ids.talk = data.conflict.round.id;
  ids.incident = data.incidents.nodes[0].id;
  ids.actor = data.actors.nodes[0].id;
});

afterAll(async () => {
  p?.close();
  await server?.stop();
});

/**
 * Sends the attack and checks everything every attack must satisfy around `verify`: within a
 * second, no leak (apart from the client's own `echoed` strings), nothing recorded, and the server
 * still answers a normal query correctly.
 */
async function attack(send: () => Promise<Answer>, verify: (answer: Answer) => void, echoed: string[] = []): Promise<Answer> {
  const before = await p.snapshot();
  const answer = await send();
  expect(answer.ms, `took ${Math.round(answer.ms)} ms`).toBeLessThan(WITHIN_MS);
  verify(answer);
  expectNoLeak(answer.text, echoed);
  await p.expectNothingRecorded(before);
  await p.expectServesNormally();
  return answer;
}

const RECORD_ACTOR = `mutation($input: RecordActorInput!) {
  recordActor(input: $input) {
    __typename
    ... on RecordActorPayload { actor { id name description } event { kind } }
    ... on UserError { code message fields { field message } }
  }
}`;

let actorSeq = 0;
/** A recordActor mutation that would succeed with an editor token. */
const recordActor = () => ({
  query: RECORD_ACTOR,
  variables: { input: { name: `Attack test actor ${++actorSeq}`, kind: 'ORGANIZATION' } },
});

describe('operation shape: refused before execution by the limits', () => {
  it('deep nesting: 50 levels of incidents { nodes { respondedTo { respondedTo … } } } (depth limit 8)', async () => {
    let selection = 'id';
    for (let i = 0; i < 50; i++) selection = `respondedTo { ${selection} }`;
    await attack(
      () => p.postJson({ query: `{ incidents { nodes { ${selection} } } }` }),
      (a) => expectGraphQLRefusal(a, 400, 'GRAPHQL_VALIDATION_FAILED', /depth limit of 8/i),
    );
  });

  it('deep nesting: talk → conflict → talks → … 20 times over (depth limit 8)', async () => {
    let selection = 'id';
    for (let i = 0; i < 20; i++) selection = `talks { nodes { conflict { ${selection} } } }`;
    await attack(
      () => p.postJson({ query: `{ conflict(slug: "russia-ukraine-war") { ${selection} } }` }),
      (a) => expectGraphQLRefusal(a, 400, 'GRAPHQL_VALIDATION_FAILED', /depth limit of 8/i),
    );
  });

  it('deep nesting under a mutation with a valid token: refused, no actor recorded', async () => {
    let selection = 'id';
    for (let i = 0; i < 30; i++) selection = `parent { ${selection} }`;
    const { variables } = recordActor();
    await attack(
      () =>
        p.postJson(
          {
            query: `mutation($input: RecordActorInput!) { recordActor(input: $input) { ... on RecordActorPayload { actor { ${selection} } } } }`,
            variables,
          },
          bearer(editor),
        ),
      (a) => expectGraphQLRefusal(a, 400, 'GRAPHQL_VALIDATION_FAILED', /depth limit of 8/i),
    );
  });

  it('alias bomb: 100 aliases of a list (alias limit 15)', async () => {
    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: incidents { totalCount }`).join('\n');
    await attack(
      () => p.postJson({ query: `{ ${aliases} }` }),
      (a) => expectGraphQLRefusal(a, 400, 'GRAPHQL_VALIDATION_FAILED', /aliases limit of 15/i),
    );
  });

  it('alias bomb of writes: 30 aliased recordActor calls with a valid token record nothing', async () => {
    // 30, not 100: 100 of these would pass the token limit (1000) first.
    const calls = Array.from(
      { length: 30 },
      (_, i) => `w${i}: recordActor(input: { name: "Alias bomb ${i}", kind: ORGANIZATION }) { __typename }`,
    ).join('\n');
    await attack(
      () => p.postJson({ query: `mutation { ${calls} }` }, bearer(editor)),
      (a) => expectGraphQLRefusal(a, 400, 'GRAPHQL_VALIDATION_FAILED', /aliases limit of 15/i),
    );
  });

  it('field duplication: the same field 5,000 times is caught by the token limit (1000)', async () => {
    const fields = Array(5000).fill('totalCount').join(' ');
    const answer = await attack(
      () => p.postJson({ query: `{ incidents(first: 100) { ${fields} } }` }),
      (a) => expectGraphQLRefusal(a, 400, 'GRAPHQL_PARSE_FAILED', /token limit of 1000/i),
    );
    expect(answer.json.errors).toHaveLength(1);
  });

  it('field duplication of a resolver that reads: 5,000 × `nodes { id }` is caught by the token limit too', async () => {
    const fields = Array(5000).fill('nodes { id }').join(' ');
    await attack(
      () => p.postJson({ query: `{ incidents { ${fields} } }` }),
      (a) => expectGraphQLRefusal(a, 400, 'GRAPHQL_PARSE_FAILED', /token limit of 1000/i),
    );
  });

  it('directive overload: 100 × @include(if: true) on one field (directive limit 50)', async () => {
    const directives = Array(100).fill('@include(if: true)').join(' ');
    await attack(
      () => p.postJson({ query: `{ incidents { totalCount ${directives} } }` }),
      (a) => expectGraphQLRefusal(a, 400, 'GRAPHQL_VALIDATION_FAILED', /directives limit of 50/i),
    );
  });

  it('directive overload with unknown directives (graphql-cop’s @aa probe, ×100): refused by the directive limit', async () => {
    await attack(
      () => p.postJson({ query: `{ __typename ${'@aa'.repeat(100)} }` }),
      (a) => {
        expect(a.status, a.text.slice(0, 500)).toBe(400);
        const errors = a.json.errors as { message: string; extensions?: { code?: string } }[];
        for (const e of errors) expect(e.extensions?.code ?? '(none)', a.text.slice(0, 500)).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(errors.map((e) => e.message)).toContainEqual(expect.stringMatching(/directives limit of 50/i));
        // graphql-js stops validating at 100 errors: the answer stays bounded whatever the document.
        expect(errors.length).toBeLessThanOrEqual(101);
        expect(a.json.data).toBeUndefined();
      },
    );
  });

  it('circular fragments: fragment A { ...B } fragment B { ...A }', async () => {
    await attack(
      () =>
        p.postJson({
          query: `{ conflicts { nodes { ...A } } }
            fragment A on Conflict { name ...B }
            fragment B on Conflict { slug ...A }`,
        }),
      (a) => expectGraphQLRefusal(a, 400, 'GRAPHQL_VALIDATION_FAILED', /Cannot spread fragment "A" within itself via "B"/),
    );
  });

  it('circular fragments through a relation: A { respondedTo { ...B } } B { respondedTo { ...A } }', async () => {
    const answer = await attack(
      () =>
        p.postJson({
          query: `{ incidents { nodes { ...A } } }
            fragment A on Incident { id respondedTo { ...B } }
            fragment B on Incident { id respondedTo { ...A } }`,
        }),
      (a) => expectGraphQLRefusal(a, 400, 'GRAPHQL_VALIDATION_FAILED', /Cannot spread fragment|depth limit/),
    );
    expect(answer.json.errors.every((e: { extensions?: { code?: string } }) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(
      true,
    );
  });

  it('a cheap-looking query whose lists multiply: refused by the cost limit with QUERY_TOO_COMPLEX', async () => {
    await attack(
      () =>
        p.postJson({
          query: `{ incidents(first: 100) { nodes { sources { source { name } } conflict { talks(first: 100) { nodes { delegations { participants { id } } } } } } } }`,
        }),
      (a) => {
        expectGraphQLRefusal(a, 200, 'QUERY_TOO_COMPLEX', /too expensive/);
        // Lists cost their page size: 100 incidents × 100 talks each, at the least.
        expect(a.json.errors[0].extensions.cost).toBeGreaterThanOrEqual(100 * 100);
        expect(a.json.errors[0].extensions.limit).toBe(5000);
      },
    );
  });

  it('a page of 100 with a flat selection is within the cost limit (the limit is not a blanket refusal)', async () => {
    const a = await p.postJson({ query: `{ incidents(first: 100) { totalCount nodes { id title } } }` });
    expect(a.json.errors, a.text).toBeUndefined();
    expect(a.json.data.incidents.totalCount).toBe(a.json.data.incidents.nodes.length);
  });
});

describe('request size and framing: refused before GraphQL', () => {
  it('a 2 MB document: 413 PAYLOAD_TOO_LARGE, never parsed', async () => {
    const query = `{ conflicts { totalCount } }\n${'#'.repeat(2 * 1024 * 1024)}`;
    await attack(
      () => p.postJson({ query }),
      (a) => {
        expectTransportRefusal(a, 413, 'PAYLOAD_TOO_LARGE');
        expect(a.json.errors[0].message).toBe('The request body is over 65536 bytes.');
      },
    );
  });

  it('a 10 MB variable in a mutation with a valid token: 413, nothing recorded', async () => {
    const { query } = recordActor();
    await attack(
      () => p.postJson({ query, variables: { input: { name: 'x'.repeat(10 * 1024 * 1024), kind: 'ORGANIZATION' } } }, bearer(editor)),
      (a) => expectTransportRefusal(a, 413, 'PAYLOAD_TOO_LARGE'),
    );
  });

  it('a body of unknown length (chunked, no Content-Length): 411 LENGTH_REQUIRED', async () => {
    const { query, variables } = recordActor();
    const bytes = new TextEncoder().encode(JSON.stringify({ query, variables }));
    await attack(
      () =>
        p.send({
          headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE, ...bearer(editor) },
          body: new ReadableStream({
            start(controller) {
              controller.enqueue(bytes);
              controller.close();
            },
          }),
        }),
      (a) => expectTransportRefusal(a, 411, 'LENGTH_REQUIRED'),
    );
  });

  it('a batch of 50 operations (limit 10): refused whole, none of its 50 writes recorded', async () => {
    const batch = Array.from({ length: 50 }, () => recordActor());
    await attack(
      () => p.postJson(batch, bearer(editor)),
      (a) => expectGraphQLRefusal(a, 413, 'BAD_REQUEST', /limited to 10 operations/),
    );
  });

  it('a batch of 11 operations is refused too; a batch of 10 queries is answered', async () => {
    await attack(
      () => p.postJson(Array.from({ length: 11 }, () => ({ query: '{ conflicts { totalCount } }' }))),
      (a) => expectGraphQLRefusal(a, 413, 'BAD_REQUEST', /limited to 10 operations/),
    );
    const ok = await p.postJson(Array.from({ length: 10 }, () => ({ query: '{ conflicts { totalCount } }' })));
    expect(ok.status).toBe(200);
    expect(ok.json.map((answer: { data: unknown }) => answer.data)).toEqual(Array(10).fill({ conflicts: { totalCount: 1 } }));
  });

  it('malformed JSON: 400 BAD_REQUEST, with no parser detail echoed back', async () => {
    const { query, variables } = recordActor();
    const body = JSON.stringify({ query, variables }).slice(0, -1);
    await attack(
      () => p.postBytes(body, bearer(editor)),
      (a) => {
        expect(a.status).toBe(400);
        expect(a.json.errors).toHaveLength(1);
        expect(a.json.errors[0]).toEqual({ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } });
      },
    );
  });

  it('a body that is not UTF-8 at all: 400 BAD_REQUEST', async () => {
    await attack(
      () => p.postBytes(new Uint8Array([0xff, 0xfe, 0xfd, 0xc3, 0x28, 0xa0, 0xa1])),
      (a) => {
        expect(a.status).toBe(400);
        expect(a.json.errors).toHaveLength(1);
        expect(a.json.errors[0].extensions).toEqual({ code: 'BAD_REQUEST' });
      },
    );
  });

  it('invalid UTF-8 inside a JSON string of a write (a variable): 400 BAD_REQUEST, nothing recorded', async () => {
    // JSON text must be UTF-8 (RFC 8259 §8.1). Decoding these bytes leniently would store U+FFFD
    // in place of what the client sent: the write must be refused instead.
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(`{"query":${JSON.stringify(RECORD_ACTOR)},"variables":{"input":{"kind":"ORGANIZATION","name":"Invalid `),
      0xc3,
      0x28,
      0xed,
      0xa0,
      0x80,
      0xff,
      ...new TextEncoder().encode(`"}}}`),
    ]);
    await attack(
      () => p.postBytes(bytes, bearer(editor)),
      (a) => {
        expect(a.status, a.text).toBe(400);
        expect(a.json.errors?.[0]?.extensions?.code, a.text).toBe('BAD_REQUEST');
      },
    );
  });

  it('invalid UTF-8 inside the query document: 400', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode('{"query":"{ conflict(slug: \\"russia-'),
      0xff,
      0xc0,
      0xaf,
      ...new TextEncoder().encode('\\") { name } }"}'),
    ]);
    await attack(
      () => p.postBytes(bytes),
      (a) => {
        expect(a.status, a.text).toBe(400);
        expect(a.json.errors?.[0]?.extensions?.code, a.text).toBe('BAD_REQUEST');
      },
    );
  });
});

// ── SQL injection and NUL bytes in every string argument ────────────────────────────────────────

const INJECTIONS = [
  `' OR 1=1 --`,
  `"; DROP TABLE events; --`,
  `%' UNION SELECT sqlite_version() --`,
  '\u0000',
  `zelensky\u0000' --`,
  `') OR ('1'='1`,
  `1; DELETE FROM actors`,
  // FTS5 query syntax (the search field): unbalanced quotes, column filters, operators, NEAR.
  `"unbalanced`,
  `title:siberia OR body:* NOT x`,
  `NEAR("a" "b", 2) AND ^{title body}: -x`,
];
/** The same, dressed as a global ID and as a cursor, so they get past the first decoding step. */
const ENCODED_INJECTIONS = [
  b64(`Actor:1' OR 1=1 --`),
  b64(`Actor:1 OR 1=1`),
  b64(JSON.stringify([`' OR 1=1 --`, 1])),
  b64(JSON.stringify(['2025-01-01', `1 OR 1=1`])),
];

/** Codes a refusal of a hostile string may carry: all are the client's mistake, none is a 500. */
const CLIENT_CODES = ['INVALID_ID', 'INVALID_CURSOR', 'BAD_USER_INPUT', 'NOT_FOUND'];

interface Target {
  field: string;
  arg: string;
  /** Input-object fields from the argument down to the string, e.g. ['name'] for filter.name. */
  path: string[];
  scalar: 'String' | 'ID';
}

describe('SQL injection and NUL bytes in every string and ID argument of every Query root field', () => {
  it('are treated as data: refused with a client code or matched as text, never executed, nothing leaked', async () => {
    // The schema the server actually serves, from introspection.
    const introspection = await p.postJson({ query: getIntrospectionQuery() });
    expect(introspection.status, introspection.text.slice(0, 500)).toBe(200);
    const schema = buildClientSchema(introspection.json.data as IntrospectionQuery);
    const queryType = schema.getQueryType()!;

    const stringPaths = (type: GraphQLInputType, seen: string[]): { path: string[]; scalar: 'String' | 'ID' }[] => {
      const named = getNamedType(type);
      if (isScalarType(named)) return named.name === 'String' || named.name === 'ID' ? [{ path: [], scalar: named.name }] : [];
      if (!isInputObjectType(named) || seen.includes(named.name)) return [];
      return Object.values(named.getFields()).flatMap((f) =>
        stringPaths(f.type, [...seen, named.name]).map((s) => ({ path: [f.name, ...s.path], scalar: s.scalar })),
      );
    };
    /** A value for a required argument that is not under attack. */
    const filler = (type: GraphQLInputType): unknown => {
      if (isNonNullType(type)) return filler(type.ofType);
      if (isListType(type)) return [filler(type.ofType)];
      if (isEnumType(type)) return type.getValues()[0]!.value;
      if (isInputObjectType(type)) {
        return Object.fromEntries(
          Object.values(type.getFields())
            .filter((f) => isNonNullType(f.type) && f.defaultValue === undefined)
            .map((f) => [f.name, filler(f.type)]),
        );
      }
      return (
        ({ ID: ids.conflict, String: 'russia-ukraine-war', Int: 1, Float: 1, Boolean: false } as Record<string, unknown>)[type.name] ?? 'x'
      );
    };
    /** A value of `type` with `payload` at `path` (wrapped in a list wherever the type is one). */
    const valueAt = (type: GraphQLInputType, path: string[], payload: string): unknown => {
      if (isNonNullType(type)) return valueAt(type.ofType, path, payload);
      if (isListType(type)) return [valueAt(type.ofType, path, payload)];
      if (isInputObjectType(type)) {
        const [head, ...rest] = path;
        return Object.fromEntries(
          Object.values(type.getFields()).flatMap((f) =>
            f.name === head
              ? [[f.name, valueAt(f.type, rest, payload)]]
              : isNonNullType(f.type) && f.defaultValue === undefined
                ? [[f.name, filler(f.type)]]
                : [],
          ),
        );
      }
      return payload;
    };

    const targets: Target[] = [];
    for (const field of Object.values(queryType.getFields())) {
      for (const arg of field.args) {
        for (const s of stringPaths(arg.type, [])) targets.push({ field: field.name, arg: arg.name, path: s.path, scalar: s.scalar });
      }
    }
    // Every root field with a string argument is covered, and the known ones are there.
    const covered = new Set(targets.map((t) => `${t.field}.${[t.arg, ...t.path].join('.')}`));
    for (const known of [
      'actors.filter.name',
      'conflict.slug',
      'incidents.filter.location',
      'people.filter.name',
      'incidents.after',
      'talks.before',
      'node.id',
      'nodes.ids',
      'statements.filter.about',
      'events.after',
      'figures.filter.metrics',
    ]) {
      expect(covered, `expected ${known} among ${[...covered].join(', ')}`).toContain(known);
    }

    /** The operation for one root field, every argument a variable: $v is the one under attack. */
    const operation = (fieldName: string, attacked: string | null, value: unknown) => {
      const field = queryType.getFields()[fieldName]!;
      const args = field.args.filter((a) => a.name === attacked || (isNonNullType(a.type) && a.defaultValue === undefined));
      const named = getNamedType(field.type);
      const selection =
        isObjectType(named) && named.getFields().totalCount ? '{ __typename totalCount }' : isCompositeType(named) ? '{ __typename }' : '';
      const defs = args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
      const query = `query${defs ? `(${defs})` : ''} { result: ${fieldName}${args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : ''} ${selection} }`;
      const variables = Object.fromEntries(args.map((a) => [a.name, a.name === attacked ? value : filler(a.type)]));
      return { query, variables };
    };

    // How many rows each list holds unfiltered: an injection that turned a filter into "always
    // true" would return them all.
    const unfiltered = new Map<string, number>();
    for (const field of new Set(targets.map((t) => t.field))) {
      const { body } = await server.post(operation(field, null, null).query, operation(field, null, null).variables);
      if (typeof body.data?.result?.totalCount === 'number') unfiltered.set(field, body.data.result.totalCount);
    }
    expect(unfiltered.get('people')).toBeGreaterThan(1);
    expect(unfiltered.get('actors')).toBeGreaterThan(1);

    const before = await p.snapshot();
    const tablesBefore = p.tables();
    const failures: string[] = [];
    let requests = 0;
    for (const target of targets) {
      const arg = queryType.getFields()[target.field]!.args.find((a) => a.name === target.arg)!;
      for (const payload of [...INJECTIONS, ...ENCODED_INJECTIONS]) {
        const { query, variables } = operation(target.field, target.arg, valueAt(arg.type, target.path, payload));
        const answer = await p.postJson({ query, variables });
        requests++;
        const where = `${target.field}(${[target.arg, ...target.path].join('.')}: ${JSON.stringify(payload)}) → ${answer.status} ${answer.text.slice(0, 400)}`;
        if (answer.ms >= WITHIN_MS) failures.push(`slow (${Math.round(answer.ms)} ms): ${where}`);
        if (answer.status !== 200 && answer.status !== 400) failures.push(`status: ${where}`);
        const errors = (answer.json?.errors ?? []) as { message: string; extensions?: { code?: string } }[];
        for (const error of errors) {
          if (!CLIENT_CODES.includes(error.extensions?.code ?? '')) failures.push(`code ${error.extensions?.code}: ${where}`);
          if (error.message === 'Unexpected error.') failures.push(`internal error: ${where}`);
        }
        if (!errors.length) {
          const result = answer.json?.data?.result;
          if (target.field === 'conflict' && result !== null) failures.push(`a conflict matched: ${where}`);
          const all = unfiltered.get(target.field);
          // A text filter narrows: it never matches every row (an `OR 1=1` that ran would).
          if (target.path.length && all !== undefined && all > 0 && result?.totalCount >= all) failures.push(`matched every row: ${where}`);
        }
        try {
          expectNoLeak(answer.text, [payload]);
        } catch (error) {
          failures.push(`leak: ${where}: ${(error as Error).message.slice(0, 200)}`);
        }
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(40 * (INJECTIONS.length + ENCODED_INJECTIONS.length));
    expect(p.tables()).toEqual(tablesBefore);
    await p.expectNothingRecorded(before);
    await p.expectServesNormally();
  });

  it('a hostile string in a nested connection argument is refused with a client code too', async () => {
    await attack(
      () =>
        p.postJson({
          query: `query($c: String) { conflict(slug: "russia-ukraine-war") { incidents(after: $c) { totalCount } timeline(before: $c) { totalCount } } }`,
          variables: { c: `' OR 1=1 --` },
        }),
      (a) => {
        expectGraphQLRefusal(a, 200, 'INVALID_CURSOR', /^"' OR 1=1 --" is not a cursor this list issued\.$/, { conflict: null });
        for (const e of a.json.errors) expect(e.extensions.code).toBe('INVALID_CURSOR');
      },
      [`' OR 1=1 --`],
    );
  });
});

describe('SQL injection and NUL bytes in the string fields of a write (valid editor token)', () => {
  /**
   * Row counts, less FTS5's own tables behind the search index: how many rows a new document
   * adds to its segments is FTS5's business. `search_index` itself counts the documents.
   */
  const factCounts = (counts: Record<string, number>) =>
    Object.fromEntries(Object.entries(counts).filter(([table]) => !table.startsWith('search_index_')));

  it("recordActor with name `Robert'); DROP TABLE actors;--`: the actor exists with exactly that name, every table intact", async () => {
    const name = `Robert'); DROP TABLE actors;--`;
    const tablesBefore = p.tables();
    const { counts } = await p.snapshot();
    const answer = await p.postJson(
      { query: RECORD_ACTOR, variables: { input: { name, kind: 'ORGANIZATION', description: `"; DROP TABLE events; --` } } },
      bearer(editor),
    );
    expect(answer.ms).toBeLessThan(WITHIN_MS);
    expect(answer.json.errors, answer.text).toBeUndefined();
    expect(answer.json.data.recordActor).toMatchObject({
      __typename: 'RecordActorPayload',
      actor: { name, description: `"; DROP TABLE events; --` },
      event: { kind: 'ACTOR_RECORDED' },
    });
    expect(p.reader.prepare('SELECT name, description FROM actors WHERE name = ?').all(name)).toEqual([
      { name, description: `"; DROP TABLE events; --` },
    ]);
    expect(p.tables()).toEqual(tablesBefore);
    expect(factCounts(p.rowCounts())).toEqual(
      factCounts({
        ...counts,
        actors: counts.actors! + 1,
        actors_versions: counts.actors_versions! + 1,
        events: counts.events! + 1,
        search_index: counts.search_index! + 1,
      }),
    );
    // Read back through the API, by the hostile text itself.
    const found = await server.query(`query($n: String) { actors(filter: { name: $n }) { nodes { name } } }`, { n: `Robert'); DROP` });
    expect(found.actors.nodes).toEqual([{ name }]);
    await p.expectServesNormally();
  });

  it('every hostile string in recordActor and registerSource is stored verbatim or refused as BAD_USER_INPUT', async () => {
    const tablesBefore = p.tables();
    const writes = [
      {
        mutation: 'recordActor',
        table: 'actors',
        input: (s: string) => ({ name: s, kind: 'ORGANIZATION', description: s }),
        columns: ['name', 'description'],
      },
      {
        mutation: 'registerSource',
        table: 'sources',
        input: (s: string) => ({ name: `Source ${s}`, kind: 'MEDIA', description: s, url: `https://example.org/?q=${s}` }),
        columns: ['name', 'description', 'url'],
      },
    ];
    for (const write of writes) {
      for (const payload of INJECTIONS) {
        const input = write.input(payload);
        const query = `mutation($input: ${write.mutation === 'recordActor' ? 'RecordActorInput' : 'RegisterSourceInput'}!) {
          result: ${write.mutation}(input: $input) { __typename ... on UserError { code message } }
        }`;
        const before = await p.snapshot();
        const answer = await p.postJson({ query, variables: { input } }, bearer(editor));
        const where = `${write.mutation} ${JSON.stringify(payload)}: ${answer.text.slice(0, 400)}`;
        expect(answer.ms, where).toBeLessThan(WITHIN_MS);
        expect(answer.status, where).toBe(200);
        expect(answer.json.errors, where).toBeUndefined();
        expectNoLeak(answer.text, [payload, ...Object.values(input).map(String)]);
        const result = answer.json.data.result;
        if (result.__typename === 'UserError') {
          expect(result.code, where).toBe('BAD_USER_INPUT');
          await p.expectNothingRecorded(before);
        } else {
          // Stored exactly as sent (the commands trim surrounding whitespace; these have none).
          const rows = p.reader.prepare(`SELECT ${write.columns.join(', ')} FROM ${write.table} WHERE name = ?`).all(input.name);
          expect(rows, where).toEqual([Object.fromEntries(write.columns.map((c) => [c, (input as Record<string, string>)[c]]))]);
          expect(factCounts(p.rowCounts()), where).toEqual(
            factCounts({
              ...before.counts,
              [write.table]: before.counts[write.table]! + 1,
              [`${write.table}_versions`]: before.counts[`${write.table}_versions`]! + 1,
              events: before.counts.events! + 1,
              search_index: before.counts.search_index! + 1,
            }),
          );
        }
      }
    }
    expect(p.tables()).toEqual(tablesBefore);
    await p.expectServesNormally();
  });
});

describe('pagination arguments out of range', () => {
  const cases: [string, string, Record<string, unknown> | undefined, RegExp][] = [
    ['first: -1', `{ incidents(first: -1) { totalCount } }`, undefined, /`first` must be between 0 and 100/],
    ['first: 2147483647', `{ incidents(first: 2147483647) { totalCount } }`, undefined, /`first` must be between 0 and 100/],
    ['last: 1e6 as a variable', `query($n: Int) { incidents(last: $n) { totalCount } }`, { n: 1e6 }, /`last` must be between 0 and 100/],
    [
      'last: -2147483648 on a nested connection',
      `{ conflict(slug: "russia-ukraine-war") { statements(last: -2147483648) { totalCount } } }`,
      undefined,
      /`last` must be between 0 and 100/,
    ],
    [
      'first: 101 on the timeline',
      `{ conflict(slug: "russia-ukraine-war") { timeline(first: 101) { totalCount } } }`,
      undefined,
      /`first` must be between 0 and 100/,
    ],
  ];
  for (const [name, query, variables, message] of cases) {
    it(`${name}: BAD_USER_INPUT`, async () => {
      // A refused nested connection nulls its (nullable) parent: data is { conflict: null } then.
      const data = query.includes('conflict(') ? { conflict: null } : null;
      await attack(
        () => p.postJson({ query, variables }),
        (a) => {
          expectGraphQLRefusal(a, 200, 'BAD_USER_INPUT', message, data);
          expect(a.json.errors).toHaveLength(1);
        },
      );
    });
  }

  it('daysBefore: 1000000 on incidentsAround: BAD_USER_INPUT', async () => {
    await attack(
      () =>
        p.postJson({
          query: `{ conflict(slug: "russia-ukraine-war") { round(number: 2) { incidentsAround(daysBefore: 1000000) { totalCount } } } }`,
        }),
      (a) => {
        const errors = a.json.errors as { extensions: { code: string } }[];
        expect(
          errors.map((e) => e.extensions.code),
          a.text,
        ).toEqual(['BAD_USER_INPUT']);
        expect(a.status).toBe(200);
      },
    );
  });

  it('first: 2147483648 (over Int) in the document: GRAPHQL_VALIDATION_FAILED', async () => {
    await attack(
      () => p.postJson({ query: `{ incidents(first: 2147483648) { totalCount } }` }),
      (a) => expectGraphQLRefusal(a, 400, 'GRAPHQL_VALIDATION_FAILED', /Int cannot represent/),
    );
  });

  it('last: 1e10 (over Int) as a variable: 400 BAD_USER_INPUT', async () => {
    await attack(
      () => p.postJson({ query: `query($n: Int) { incidents(last: $n) { totalCount } }`, variables: { n: 1e10 } }),
      (a) => expectGraphQLRefusal(a, 400, 'BAD_USER_INPUT', /Variable "\$n" got invalid value 10000000000/),
    );
  });

  it('first: "100" (a string) as a variable: 400 BAD_USER_INPUT', async () => {
    await attack(
      () => p.postJson({ query: `query($n: Int) { incidents(first: $n) { totalCount } }`, variables: { n: '100' } }),
      (a) => expectGraphQLRefusal(a, 400, 'BAD_USER_INPUT', /Variable "\$n" got invalid value "100"/),
    );
  });
});

describe('methods and content types (CSRF)', () => {
  const mutationSearch = () => {
    const { query, variables } = recordActor();
    return new URLSearchParams({ query, variables: JSON.stringify(variables) }).toString();
  };

  it('a mutation over GET (with the CSRF header and a valid token): 405, Allow: POST, not executed', async () => {
    await attack(
      () =>
        p.send({ method: 'GET', search: mutationSearch(), headers: { accept: GRAPHQL_RESPONSE, 'x-parley-csrf': '1', ...bearer(editor) } }),
      (a) => {
        expectGraphQLRefusal(a, 405, 'BAD_REQUEST', /mutation operation from a POST request/);
        expect(a.headers.get('allow')).toBe('POST');
      },
    );
  });

  it('a query over GET without the CSRF header (what urql and a browser send) is answered: a cross-site GET carries no credentials', async () => {
    const a = await p.send({
      method: 'GET',
      search: new URLSearchParams({ query: '{ __typename }' }).toString(),
      headers: { accept: GRAPHQL_RESPONSE },
    });
    expect(a.ms).toBeLessThan(WITHIN_MS);
    expect(a.status).toBe(200);
    expect(a.json).toEqual({ data: { __typename: 'Query' } });
  });

  it('a mutation over GET without the CSRF header: 405, not executed', async () => {
    await attack(
      () => p.send({ method: 'GET', search: mutationSearch(), headers: { accept: GRAPHQL_RESPONSE, ...bearer(editor) } }),
      (a) => expectGraphQLRefusal(a, 405, 'BAD_REQUEST', /mutation operation from a POST request/),
    );
  });

  it('a url-encoded POST of a mutation (what an HTML form sends): 403, not executed', async () => {
    await attack(
      () => p.send({ headers: { 'content-type': 'application/x-www-form-urlencoded', ...bearer(editor) }, body: mutationSearch() }),
      (a) => {
        expect(a.status).toBe(403);
        expect(a.json.errors[0].message).toMatch(/CSRF/);
      },
    );
  });

  it('a multipart POST of a mutation: 403, not executed', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify(recordActor()));
    form.set('map', '{}');
    await attack(
      () => p.send({ headers: bearer(editor), body: form }),
      (a) => {
        expect(a.status).toBe(403);
        expect(a.json.errors[0].message).toMatch(/CSRF/);
      },
    );
  });

  it('a text/plain POST of a JSON mutation (a form with enctype=text/plain): 403, not executed', async () => {
    await attack(
      () => p.send({ headers: { 'content-type': 'text/plain', ...bearer(editor) }, body: JSON.stringify(recordActor()) }),
      (a) => {
        expect(a.status).toBe(403);
        expect(a.json.errors[0].message).toMatch(/CSRF/);
      },
    );
  });

  it('a cross-origin preflight from an origin not on the allow-list gets no CORS grant', async () => {
    const a = await p.send({
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(a.ms).toBeLessThan(WITHIN_MS);
    expect(a.headers.get('access-control-allow-origin')).toBeNull();
    expect(a.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('tokens', () => {
  const expectAuthRefusal = (status: 401 | 403, code: 'UNAUTHENTICATED' | 'FORBIDDEN', field: string) => (a: Answer) => {
    expectGraphQLRefusal(a, status, code, code === 'UNAUTHENTICATED' ? /needs a token/ : /./);
    expect(a.json.errors).toHaveLength(1);
    expect(a.json.errors[0].path).toEqual([field]);
  };

  it('missing: 401 UNAUTHENTICATED', async () => {
    await attack(() => p.postJson(recordActor()), expectAuthRefusal(401, 'UNAUTHENTICATED', 'recordActor'));
  });

  it('garbage: 401 UNAUTHENTICATED', async () => {
    await attack(() => p.postJson(recordActor(), bearer(`parley_' OR 1=1 --`)), expectAuthRefusal(401, 'UNAUTHENTICATED', 'recordActor'), [
      `parley_' OR 1=1 --`,
    ]);
  });

  it('revoked: 401 UNAUTHENTICATED', async () => {
    const { token, row } = createToken(server.app.database.db, { name: 'attacks revoked', role: 'ADMIN' });
    revokeToken(server.app.database.db, row.id);
    await attack(() => p.postJson(recordActor(), bearer(token)), expectAuthRefusal(401, 'UNAUTHENTICATED', 'recordActor'));
  });

  it('wrong role (an EDITOR retracting): 403 FORBIDDEN, the incident stands', async () => {
    const query = `mutation($input: RetractIncidentInput!) { retractIncident(input: $input) { __typename } }`;
    await attack(
      () => p.postJson({ query, variables: { input: { incident: ids.incident, reason: 'Attack.' } } }, bearer(editor)),
      expectAuthRefusal(403, 'FORBIDDEN', 'retractIncident'),
    );
    const data = await server.query(`query($id: ID!) { node(id: $id) { ... on Incident { retraction { reason } } } }`, {
      id: ids.incident,
    });
    expect(data.node).toEqual({ retraction: null });
  });

  it('a valid ADMIN token is not refused (the refusals above are about the token, not the request)', async () => {
    const before = await p.snapshot();
    const a = await p.postJson(recordActor(), bearer(admin));
    expect(a.json.errors, a.text).toBeUndefined();
    expect(a.json.data.recordActor.__typename).toBe('RecordActorPayload');
    expect((await p.snapshot()).lastEventId).toBe(before.lastEventId + 1);
  });
});

describe("graphql-cop's checks, development settings", () => {
  it('field suggestions are present outside production ("Did you mean")', async () => {
    const a = await p.postJson({ query: `{ conflictz { id } }` });
    expectGraphQLRefusal(a, 400, 'GRAPHQL_VALIDATION_FAILED', /Did you mean "conflict" or "conflicts"\?/);
    expectNoLeak(a.text);
  });

  it('introspection is answered when switched on', async () => {
    const a = await p.postJson({ query: `{ __schema { queryType { name } } }` });
    expect(a.json).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });

  it('GraphiQL is served to browsers when switched on', async () => {
    const a = await p.send({ method: 'GET', headers: { accept: 'text/html' } });
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toMatch(/^text\/html/);
    expect(a.text).toMatch(/graphiql/i);
  });

  it('circular introspection (__schema { types { fields { type { fields … } } } }): refused', async () => {
    await attack(
      () =>
        p.postJson({
          query: `query { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }`,
        }),
      (a) => expectGraphQLRefusal(a, 400, 'GRAPHQL_VALIDATION_FAILED', /introspection depth/i),
    );
  });

  it('circular introspection through __type: refused by the depth limit', async () => {
    await attack(
      () =>
        p.postJson({
          query: `{ __type(name: "Query") { fields { type { fields { type { fields { type { fields { type { fields { type { fields { name } } } } } } } } } } } } }`,
        }),
      (a) => expectGraphQLRefusal(a, 400, 'GRAPHQL_VALIDATION_FAILED', /depth/i),
    );
  });

  it('an unhandled-error probe (`qwerty cop { abc }`): GRAPHQL_PARSE_FAILED, no `exception` extension', async () => {
    await attack(
      () => p.postJson({ query: `qwerty cop { abc }` }),
      (a) => {
        expectGraphQLRefusal(a, 400, 'GRAPHQL_PARSE_FAILED', /^Syntax Error: Unexpected Name "qwerty"\.$/);
        expect(Object.keys(a.json.errors[0].extensions)).toEqual(['code']);
      },
    );
  });

  it('no trace or debug mode: no `extensions` on a result, none with ?debug=1 or a tracing request', async () => {
    const plain = await p.postJson({ query: `{ __typename }` });
    expect(plain.json).toEqual({ data: { __typename: 'Query' } });
    const debug = await p.send({
      search: 'debug=1&trace=1',
      headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE, 'x-debug': '1', 'apollo-query-plan-experimental': '1' },
      body: JSON.stringify({ query: `{ __typename nope }`, extensions: { tracing: true, debug: true } }),
    });
    expectGraphQLRefusal(debug, 400, 'GRAPHQL_VALIDATION_FAILED', /Cannot query field "nope"/);
    expect(debug.json.extensions).toBeUndefined();
    expect(Object.keys(debug.json.errors[0].extensions)).toEqual(['code']);
    expectNoLeak(debug.text);
  });
});
