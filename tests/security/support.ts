/**
 * What every attack test checks, over a real server: the answer comes within a second, it is a
 * clear refusal (a GraphQL error with `extensions.code`, or the right HTTP status for a refusal at
 * the transport level), it leaks nothing of the internals, nothing is recorded, and the next
 * normal query is answered correctly.
 */
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { TestServer } from '../support/server.js';

/** One request's answer, with how long it took (from sending to the last byte of the body). */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: any;
  ms: number;
}

/** A request's answer must come within this many milliseconds. */
export const WITHIN_MS = 1000;

/** The media type GraphQL-over-HTTP answers with when the client accepts it. */
export const GRAPHQL_RESPONSE = 'application/graphql-response+json';

export interface Probe {
  /** Sends any HTTP request to the server (`path` and `search` relative to the GraphQL endpoint). */
  send(init?: {
    method?: string;
    path?: string;
    search?: string;
    headers?: Record<string, string>;
    body?: BodyInit | null;
  }): Promise<Answer>;
  /** POSTs a JSON GraphQL request (or any JSON value, e.g. a batch) with the GraphQL response media type. */
  postJson(payload: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** POSTs raw bytes as `application/json`. */
  postBytes(body: string | Uint8Array, headers?: Record<string, string>): Promise<Answer>;
  /** The event log's head and every table's row count, read from the file through a read-only handle. */
  snapshot(): Promise<Snapshot>;
  /** Row counts of every table (read-only handle). */
  rowCounts(): Record<string, number>;
  /** The tables the database holds. */
  tables(): string[];
  /** A read-only handle on the server's database file. */
  readonly reader: Database.Database;
  /** Fails unless `/health` and every table count are as in `before`. */
  expectNothingRecorded(before: Snapshot): Promise<void>;
  /** Fails unless a normal query is answered correctly, within a second. */
  expectServesNormally(): Promise<void>;
  close(): void;
}

export interface Snapshot {
  lastEventId: number;
  counts: Record<string, number>;
}

export function probe(server: TestServer): Probe {
  const reader = new Database(server.dbPath, { readonly: true, fileMustExist: true });

  const send: Probe['send'] = async ({ method = 'POST', path, search = '', headers = {}, body = null } = {}) => {
    const base = new URL(server.url);
    const url = new URL(path ?? base.pathname, base);
    url.search = search;
    const started = performance.now();
    const res = await fetch(url, {
      method,
      headers,
      body,
      // A ReadableStream body (a body of unknown length) needs this.
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
    const text = await res.text();
    const ms = performance.now() - started;
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json, ms };
  };

  const tables = () =>
    (
      reader.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as {
        name: string;
      }[]
    ).map((t) => t.name);

  const rowCounts = () =>
    Object.fromEntries(tables().map((name) => [name, (reader.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));

  const lastEventId = async () => {
    const res = await fetch(new URL('/health', server.url));
    expect(res.status).toBe(200);
    return ((await res.json()) as { lastEventId: number }).lastEventId;
  };

  return {
    reader,
    send,
    postJson: (payload, headers = {}) =>
      send({
        headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE, ...headers },
        body: JSON.stringify(payload),
      }),
    postBytes: (body, headers = {}) =>
      send({ headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE, ...headers }, body: body as BodyInit }),
    tables,
    rowCounts,
    snapshot: async () => ({ lastEventId: await lastEventId(), counts: rowCounts() }),
    async expectNothingRecorded(before) {
      expect(await lastEventId(), 'the event log grew').toBe(before.lastEventId);
      expect(rowCounts(), 'a table changed').toEqual(before.counts);
    },
    async expectServesNormally() {
      const answer = await send({
        headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE },
        body: JSON.stringify({
          query: `{ conflict(slug: "russia-ukraine-war") { name round(number: 2) { venue { city } delegations { actor { name } } } } }`,
        }),
      });
      expect(answer.ms).toBeLessThan(WITHIN_MS);
      expect(answer.status, answer.text).toBe(200);
      expect(answer.json.errors, answer.text).toBeUndefined();
      expect(answer.json.data.conflict.name).toBe('Russia–Ukraine war');
      expect(answer.json.data.conflict.round.venue.city).toBe('Istanbul');
      expect(answer.json.data.conflict.round.delegations.map((d: { actor: { name: string } }) => d.actor.name)).toContain('Ukraine');
    },
    close: () => reader.close(),
  };
}

/**
 * Fails if the body shows anything of the server's insides: a stack trace, SQL or SQLite, a file
 * path, node_modules, an internal class name, or debug extensions. `echoed` are the client's own
 * strings, which an error may quote back (e.g. a cursor it refuses); they are removed first.
 */
export function expectNoLeak(text: string, echoed: string[] = []) {
  let body = text;
  for (const e of echoed) {
    for (const form of [e, JSON.stringify(e).slice(1, -1), JSON.stringify(JSON.stringify(e)).slice(1, -1)]) {
      if (form) body = body.split(form).join('');
    }
  }
  const forbidden: [string, RegExp][] = [
    ['a stack frame', /\bat (?:\S+ )?\(?(?:file:|node:|\/)[^)\s]*:\d+:\d+/],
    ['a stack', /stack/i],
    ['SQL', /\b(SELECT|FROM|WHERE|INSERT|UPDATE|DELETE|UNION|PRAGMA|CONSTRAINT)\b/],
    ['SQLite', /sqlite/i],
    ['a file path', /(?:\/(?:work|home|tmp|usr|var|root|app|src)\/)|[A-Za-z]:\\\\|\.(?:ts|js|mjs|cjs|sql):\d+/],
    ['node_modules', /node_modules/],
    [
      'an internal class name',
      /\b(DomainError|SqliteError|DrizzleError|GraphQLError|TypeError|RangeError|ReferenceError|SyntaxError|ZodError|PothosError|PothosSchemaError|BetterSqlite3)\b/,
    ],
    ['an `exception` extension', /"exception"\s*:/],
    ['an `originalError` extension', /"originalError"\s*:/],
    ['tracing', /"tracing"\s*:/],
    ['the database file name', /parley\.sqlite|parley-test-/],
  ];
  for (const [what, pattern] of forbidden) {
    expect(body, `the answer leaks ${what}: ${text.slice(0, 2000)}`).not.toMatch(pattern);
  }
}

/**
 * The answer is a GraphQL refusal: `status`, the GraphQL response media type, one error at least,
 * each with a code, the first with `code` and a message matching `message`; no data was produced
 * (`data` is null or absent), unless `data` says what the nulled result looks like.
 */
export function expectGraphQLRefusal(answer: Answer, status: number, code: string, message: RegExp, data: unknown = null) {
  expect(answer.ms, `took ${Math.round(answer.ms)} ms`).toBeLessThan(WITHIN_MS);
  expect(answer.json, answer.text).toBeDefined();
  const errors = answer.json.errors as { message: string; extensions?: { code?: string } }[] | undefined;
  expect(errors?.length ?? 0, `no errors: ${answer.text.slice(0, 2000)}`).toBeGreaterThan(0);
  for (const error of errors!)
    expect(error.extensions?.code ?? '(none)', `an error without extensions.code: ${answer.text.slice(0, 2000)}`).toMatch(/^[A-Z_]+$/);
  expect(errors![0]!.extensions?.code, answer.text.slice(0, 2000)).toBe(code);
  expect(errors![0]!.message).toMatch(message);
  expect(errors![0]!.message).not.toBe('Unexpected error.');
  expect(answer.json.data ?? null, answer.text.slice(0, 2000)).toEqual(data);
  expect(answer.status, answer.text.slice(0, 2000)).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/graphql-response\+json\b/);
}

/** A refusal before any GraphQL processing: an HTTP status with a JSON error body carrying a code. */
export function expectTransportRefusal(answer: Answer, status: number, code: string) {
  expect(answer.ms, `took ${Math.round(answer.ms)} ms`).toBeLessThan(WITHIN_MS);
  expect(answer.status, answer.text.slice(0, 2000)).toBe(status);
  expect(answer.headers.get('content-type')).toMatch(/json/);
  expect(answer.json?.errors?.[0]?.extensions?.code, answer.text.slice(0, 2000)).toBe(code);
  expect(answer.json.data ?? null).toBeNull();
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
