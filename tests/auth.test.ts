/**
 * Who may write, over HTTP: reads need no token; a mutation without a valid bearer token (none,
 * garbage, well-formed but unknown, revoked) is refused with UNAUTHENTICATED, an EDITOR token may
 * not retract (FORBIDDEN), and no refused request records anything. Tokens made by the CLI are
 * printed once, stored only as their SHA-256 hash, and work against a server on the same file.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken, revokeToken } from '../src/domain/token.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let reader: Database.Database;
let editor = '';
let admin = '';

const seed = { incident: '', statement: '' };
const root = fileURLToPath(new URL('..', import.meta.url));

beforeAll(async () => {
  server = await startServer();
  editor = createToken(server.app.database.db, { name: 'auth-test editor', role: 'EDITOR' }).token;
  admin = createToken(server.app.database.db, { name: 'auth-test admin', role: 'ADMIN' }).token;
  reader = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  const data = await server.query(`{ incidents(first: 1) { nodes { id } } statements(first: 1) { nodes { id } } }`);
  seed.incident = data.incidents.nodes[0].id;
  seed.statement = data.statements.nodes[0].id;
});

afterAll(async () => {
  reader?.close();
  await server?.stop();
});

async function lastEventId(): Promise<number> {
  const res = await fetch(new URL('/health', server.url));
  return ((await res.json()) as { lastEventId: number }).lastEventId;
}

function rowCounts(): Record<string, number> {
  const tables = reader
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`,
    )
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [name, (reader.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]),
  );
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let actors = 0;

/** Mutations to try, each with a fresh input so a success could never be mistaken for a duplicate. */
const writes = {
  recordActor: () => ({
    query: `mutation($input: RecordActorInput!) { recordActor(input: $input) { __typename ... on RecordActorPayload { actor { id name } event { kind } } } }`,
    variables: { input: { name: `Auth test actor ${++actors}`, kind: 'ORGANIZATION' } },
  }),
  retractIncident: () => ({
    query: `mutation($input: RetractIncidentInput!) { retractIncident(input: $input) { __typename ... on RetractIncidentPayload { incident { id retraction { reason } } event { kind } } } }`,
    variables: { input: { incident: seed.incident, reason: 'Not corroborated.' } },
  }),
  retractStatement: () => ({
    query: `mutation($input: RetractStatementInput!) { retractStatement(input: $input) { __typename ... on RetractStatementPayload { statement { id retraction { reason } } event { kind } } } }`,
    variables: { input: { statement: seed.statement, reason: 'Misattributed.' } },
  }),
};
type Write = keyof typeof writes;

/** The request is refused with a top-level error of `code` (and its HTTP status), and nothing is recorded. */
async function expectRefused(write: Write, headers: Record<string, string>, code: 'UNAUTHENTICATED' | 'FORBIDDEN') {
  const counts = rowCounts();
  const before = await lastEventId();
  const { query, variables } = writes[write]();
  const { status, body } = await server.post(query, variables, headers);
  const text = JSON.stringify(body);
  expect(body.errors, text).toHaveLength(1);
  expect(body.errors![0]!.extensions?.code, text).toBe(code);
  expect(body.errors![0]!.path, text).toEqual([write]);
  expect(body.data?.[write] ?? null, text).toBeNull();
  expect(status).toBe(code === 'UNAUTHENTICATED' ? 401 : 403);
  expect(await lastEventId()).toBe(before);
  expect(rowCounts()).toEqual(counts);
}

/** The request succeeds and appends exactly one event. */
async function expectWritten(write: Write, headers: Record<string, string>) {
  const before = await lastEventId();
  const { query, variables } = writes[write]();
  const { body } = await server.post(query, variables, headers);
  expect(body.errors, JSON.stringify(body)).toBeUndefined();
  expect(body.data[write].__typename).toBe(`${write.charAt(0).toUpperCase()}${write.slice(1)}Payload`);
  expect(await lastEventId()).toBe(before + 1);
  return body.data[write];
}

describe('reads', () => {
  it('need no token', async () => {
    const { status, body } = await server.post(
      `query($id: ID!) {
      conflict(slug: "russia-ukraine-war") { name talks { totalCount } }
      incidents { totalCount }
      events(first: 1) { nodes { kind } }
      node(id: $id) { id }
    }`,
      { id: seed.incident },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.conflict).toEqual({ name: 'Russia–Ukraine war', talks: { totalCount: 2 } });
    expect(body.data.incidents.totalCount).toBe(2);
    expect(body.data.events.nodes).toEqual([{ kind: 'SOURCE_RECORDED' }]);
    expect(body.data.node).toEqual({ id: seed.incident });
  });
});

describe('writes without a valid token: UNAUTHENTICATED, nothing recorded', () => {
  const cases: [string, () => Record<string, string>][] = [
    ['no Authorization header', () => ({})],
    ['an empty bearer token', () => ({ authorization: 'Bearer ' })],
    ['a garbage token', () => bearer('garbage')],
    ['a garbage token with the right prefix', () => bearer('parley_!!!')],
    ['a well-formed but unknown token', () => bearer(`parley_${randomBytes(32).toString('base64url')}`)],
    ['a valid token under another scheme', () => ({ authorization: `Basic ${editor}` })],
    ['a valid token without a scheme', () => ({ authorization: editor })],
  ];
  for (const [name, headers] of cases) {
    it(`${name}: recordActor`, async () => {
      await expectRefused('recordActor', headers(), 'UNAUTHENTICATED');
    });
    it(`${name}: retractIncident (an admin mutation is UNAUTHENTICATED too, not FORBIDDEN)`, async () => {
      await expectRefused('retractIncident', headers(), 'UNAUTHENTICATED');
    });
  }

  it('a revoked token: it wrote before revocation, and is refused after', async () => {
    const { token, row } = createToken(server.app.database.db, { name: 'soon revoked', role: 'ADMIN' });
    await expectWritten('recordActor', bearer(token));
    revokeToken(server.app.database.db, row.id);
    await expectRefused('recordActor', bearer(token), 'UNAUTHENTICATED');
    await expectRefused('retractStatement', bearer(token), 'UNAUTHENTICATED');
  });
});

describe('roles', () => {
  it('an EDITOR token may record', async () => {
    const r = await expectWritten('recordActor', bearer(editor));
    expect(r.event.kind).toBe('ACTOR_RECORDED');
  });

  it('an EDITOR token calling retractIncident: FORBIDDEN, nothing recorded, the incident stands', async () => {
    await expectRefused('retractIncident', bearer(editor), 'FORBIDDEN');
    const data = await server.query(`query($id: ID!) { node(id: $id) { ... on Incident { retraction { reason } revision } } }`, {
      id: seed.incident,
    });
    expect(data.node).toEqual({ retraction: null, revision: 1 });
  });

  it('an EDITOR token calling retractStatement: FORBIDDEN, nothing recorded, the statement stands', async () => {
    await expectRefused('retractStatement', bearer(editor), 'FORBIDDEN');
    const data = await server.query(`query($id: ID!) { node(id: $id) { ... on Statement { retraction { reason } revision } } }`, {
      id: seed.statement,
    });
    expect(data.node).toEqual({ retraction: null, revision: 1 });
  });

  it('an ADMIN token may record too', async () => {
    await expectWritten('recordActor', bearer(admin));
  });
});

// ── The token CLI ────────────────────────────────────────────────────────────────────────────

const run = promisify(execFile);

/** Runs `src/cli/token.ts` with PARLEY_DB_PATH pointing at the server's file. */
function cli(...args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'src/cli/token.ts', ...args], {
    cwd: root,
    env: { ...process.env, PARLEY_DB_PATH: server.dbPath },
  });
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every value of every column of every row of the tokens table. */
function tokenTableValues(): unknown[] {
  return (reader.prepare('SELECT * FROM tokens').all() as Record<string, unknown>[]).flatMap((row) => Object.values(row));
}

/** The raw bytes of the database: its main file and its write-ahead log. */
function databaseBytes(): Buffer {
  const files = [server.dbPath, `${server.dbPath}-wal`].filter((f) => existsSync(f));
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

describe('token CLI', () => {
  let cliEditor = '';
  let cliEditorId = 0;

  it('`create --name X` prints the token once on stdout; the database holds only its SHA-256 hash', async () => {
    const { stdout, stderr } = await cli('create', '--name', 'cli editor', '--role', 'editor');
    const lines = stdout.split('\n').filter((l) => l.length > 0);
    expect(lines).toHaveLength(1);
    cliEditor = lines[0]!;
    expect(cliEditor).toMatch(/^parley_[A-Za-z0-9_-]{43}$/);
    expect(stdout.split(cliEditor)).toHaveLength(2);
    expect(stderr).not.toContain(cliEditor);

    const row = reader.prepare('SELECT * FROM tokens WHERE name = ?').get('cli editor') as Record<string, unknown> & { id: number };
    expect(row).toMatchObject({ name: 'cli editor', role: 'EDITOR', hash: sha256(cliEditor), revoked_at: null });
    cliEditorId = row.id;
    const values = tokenTableValues();
    expect(values).not.toContain(cliEditor);
    expect(values.filter((v) => typeof v === 'string' && v.includes(cliEditor.slice('parley_'.length)))).toEqual([]);
    const bytes = databaseBytes();
    expect(bytes.includes(sha256(cliEditor))).toBe(true);
    expect(bytes.includes(cliEditor)).toBe(false);
    expect(bytes.includes(cliEditor.slice('parley_'.length))).toBe(false);
  });

  it('`create --name X` without --role makes an EDITOR token', async () => {
    const { stdout } = await cli('create', '--name', 'cli default');
    const token = stdout.trim();
    expect(token).toMatch(/^parley_[A-Za-z0-9_-]{43}$/);
    expect(reader.prepare('SELECT role, hash FROM tokens WHERE name = ?').get('cli default')).toEqual({
      role: 'EDITOR',
      hash: sha256(token),
    });
    await expectWritten('recordActor', bearer(token));
    await expectRefused('retractIncident', bearer(token), 'FORBIDDEN');
  });

  it('a token from the CLI works against the server on the same file', async () => {
    expect(cliEditor).not.toBe('');
    const r = await expectWritten('recordActor', bearer(cliEditor));
    expect(r.event.kind).toBe('ACTOR_RECORDED');
    await expectRefused('retractStatement', bearer(cliEditor), 'FORBIDDEN');
  });

  it('an admin token from the CLI may retract', async () => {
    const { stdout } = await cli('create', '--name', 'cli admin', '--role', 'admin');
    const token = stdout.trim();
    expect(reader.prepare('SELECT role FROM tokens WHERE name = ?').get('cli admin')).toEqual({ role: 'ADMIN' });
    const r = await expectWritten('retractStatement', bearer(token));
    expect(r.statement.retraction).toEqual({ reason: 'Misattributed.' });
  });

  it('`list` never prints a token', async () => {
    const { stdout } = await cli('list');
    expect(stdout).toContain('cli editor');
    expect(stdout).not.toContain(cliEditor);
    expect(stdout).not.toContain('parley_');
  });

  it('`revoke --id N` makes the token UNAUTHENTICATED on the running server', async () => {
    const { stdout } = await cli('revoke', '--id', String(cliEditorId));
    expect(stdout).toContain(`#${cliEditorId}`);
    expect(
      (reader.prepare('SELECT revoked_at FROM tokens WHERE id = ?').get(cliEditorId) as { revoked_at: number | null }).revoked_at,
    ).not.toBeNull();
    await expectRefused('recordActor', bearer(cliEditor), 'UNAUTHENTICATED');
  });
});
