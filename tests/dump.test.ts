/**
 * `npm run db:dump` and `npm run db:restore`, black-box: a server's knowledge base, written to over
 * HTTP, is dumped by the CLI while the server runs and restored by the CLI into a new file, which a
 * second server serves. It must answer every query the same (ids, cursors, search, history), resume
 * a subscription from a cursor the first server gave, and go on from the last event; dumping it
 * again gives the same rows; and a refused restore changes nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { EVENTS, Recorder, TRANSPORTS, cursorId, eventCursor, globalId, health, liveCount } from './support/live.js';
import { runCommand } from './support/process.js';
import { startServer, type TestServer } from './support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-dump-'));
const dumpFile = join(dir, 'kb.ndjson');
const restoredPath = join(dir, 'restored.sqlite');
let paths = 0;
const newPath = () => join(dir, `target-${++paths}.sqlite`);

let original: TestServer;
let restored: TestServer;
/** The original's newest event once the writes below are done. */
let lastEventId = 0;
const written = { conflict: '', first: '', later: '', amendedStatement: '', retractedStatement: '', person: '' };

/** Runs a mutation with a token; fails the test unless it returns its payload. */
async function mutate(server: TestServer, token: string, name: string, input: Record<string, unknown>, selection: string) {
  const type = name.charAt(0).toUpperCase() + name.slice(1);
  const { body } = await server.post(
    `mutation($input: ${type}Input!) { ${name}(input: $input) { __typename ... on UserError { message } ... on ${type}Payload { ${selection} } } }`,
    { input },
    { authorization: `Bearer ${token}` },
  );
  expect(body.data?.[name]?.__typename, JSON.stringify(body)).toBe(`${type}Payload`);
  return body.data[name];
}

const dumpCli = (args: string[], dbPath: string) => runCommand('dump.ts', args, { PARLEY_DB_PATH: dbPath });
const restoreCli = (args: string[], dbPath: string) => runCommand('restore.ts', args, { PARLEY_DB_PATH: dbPath });

beforeAll(async () => {
  original = await startServer();
  const editor = createToken(original.app.database.db, { name: 'dump-test editor', role: 'EDITOR' }).token;
  const admin = createToken(original.app.database.db, { name: 'dump-test admin', role: 'ADMIN' }).token;
  const seed = await original.query(`{
    conflict(slug: "russia-ukraine-war") { id }
    actors(first: 100) { nodes { id name } }
    sources(first: 100) { nodes { id name } }
    statements(first: 2) { nodes { id } }
    people(filter: { name: "Zelensky" }) { nodes { id } }
  }`);
  const actor = (name: string) => seed.actors.nodes.find((a: { name: string }) => a.name === name).id;
  written.conflict = seed.conflict.id;
  written.person = seed.people.nodes[0].id;
  const day = (start: string) => ({ start, precision: 'DAY' });
  const first = await mutate(
    original,
    editor,
    'recordIncident',
    {
      conflict: written.conflict,
      eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
      subEventType: 'AIR_DRONE_STRIKE',
      title: 'Drone strike on the Odesa grain terminal',
      description: 'Drones hit the xylograph warehouse at the port.',
      date: day('2025-06-03'),
      location: { name: 'Odesa', country: 'Ukraine', latitude: 46.48, longitude: 30.73 },
      actors: [
        { actor: actor('Russia'), side: 'INITIATOR' },
        { actor: actor('Ukraine'), side: 'TARGET' },
      ],
      sources: [{ source: seed.sources.nodes[0].id }],
    },
    'incident { id }',
  );
  written.first = first.incident.id;
  const later = await mutate(
    original,
    editor,
    'recordIncident',
    {
      conflict: written.conflict,
      eventType: 'BATTLES',
      title: 'Xylograph battle near Kupiansk',
      date: day('2025-06-01'),
      location: { name: 'Kupiansk', country: 'Ukraine' },
    },
    'incident { id }',
  );
  written.later = later.incident.id;
  // An incident amended to respond to one recorded after it: a reference forward in id order.
  await mutate(
    original,
    editor,
    'amendIncident',
    { incident: written.first, reason: 'It answered the battle.', respondedTo: written.later },
    'incident { id }',
  );
  [written.amendedStatement, written.retractedStatement] = seed.statements.nodes.map((s: { id: string }) => s.id);
  await mutate(
    original,
    editor,
    'amendStatement',
    { statement: written.amendedStatement, reason: 'Quoted in full.', context: 'Xylograph press conference.' },
    'statement { id }',
  );
  await mutate(original, admin, 'retractStatement', { statement: written.retractedStatement, reason: 'Never said.' }, 'statement { id }');
  lastEventId = (await health(original.url)).lastEventId;

  // Dumped while the original is serving, as an operator would.
  const dumped = await dumpCli([dumpFile], original.dbPath);
  expect(dumped.code, dumped.stderr).toBe(0);
  const restoring = await restoreCli([dumpFile], restoredPath);
  expect(restoring.code, restoring.stderr).toBe(0);
  expect(restoring.stdout).toContain(`last event ${lastEventId}`);
  restored = await startServer({ dbPath: restoredPath });
}, 120_000);

const open: Recorder[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

afterAll(async () => {
  await original?.stop();
  await restored?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Asks both servers; their whole answers (data and errors) must be equal. Returns the data. */
async function same(query: string, variables: Record<string, unknown> = {}) {
  const [a, b] = await Promise.all([original.post(query, variables), restored.post(query, variables)]);
  expect(a.body.errors, JSON.stringify(a.body.errors)).toBeUndefined();
  expect(b.body).toEqual(a.body);
  return a.body.data;
}

const dumpLines = (file: string) => readFileSync(file, 'utf8').split('\n').slice(0, -1);

describe('the dump file', () => {
  it('is a versioned header, a line per row (events whole, values engine-neutral) and a trailer counting them', () => {
    const lines = dumpLines(dumpFile).map((line) => JSON.parse(line));
    const header = lines[0];
    expect(header).toMatchObject({ format: 'parley-dump', version: 1, lastEventId });
    expect(Number.isNaN(Date.parse(header.createdAt))).toBe(false);
    expect(header.tables).toContain('events');
    expect(header.tables).not.toContain('tokens');
    expect(header.tables).not.toContain('idempotency_keys');
    expect(lines.at(-1)).toEqual({ end: true, rows: lines.length - 2 });
    const rows = lines.slice(1, -1) as { table: string; row: Record<string, any> }[];
    // Table by table in the header's order, parents before children, each by id.
    expect([...new Set(rows.map((r) => r.table))]).toEqual(header.tables.filter((t: string) => rows.some((r) => r.table === t)));
    expect(header.tables.indexOf('conflicts')).toBeLessThan(header.tables.indexOf('incidents'));
    expect(header.tables.indexOf('incidents')).toBeLessThan(header.tables.indexOf('incident_actors'));
    expect(header.tables.indexOf('talks')).toBeLessThan(header.tables.indexOf('events'));
    const events = rows.filter((r) => r.table === 'events').map((r) => r.row);
    expect(events.map((e) => e.id)).toEqual(Array.from({ length: lastEventId }, (_, i) => i + 1));
    const amended = events.find((e) => e.kind === 'INCIDENT_AMENDED')!;
    expect(typeof amended.data).toBe('object');
    expect(Array.isArray(amended.actor_ids)).toBe(true);
    expect(Number.isInteger(amended.recorded_at)).toBe(true);
    expect(amended.reason).toBe('It answered the battle.');
    const outcome = rows.find((r) => r.table === 'talk_outcomes')!.row;
    expect(typeof outcome.achieved).toBe('boolean');
    const retracted = rows.find((r) => r.table === 'statements' && r.row.retraction_reason === 'Never said.')!.row;
    expect(Number.isInteger(retracted.retracted_at)).toBe(true);
  });

  it('FILE "-" streams through stdout and stdin', async () => {
    const dumped = await pipeCli('dump.ts', ['-'], original.dbPath);
    expect(dumped.code, dumped.stderr).toBe(0);
    expect(dumped.stderr).toContain(`last event ${lastEventId}`);
    expect(dumped.stdout.split('\n').slice(1)).toEqual(readFileSync(dumpFile, 'utf8').split('\n').slice(1));
    const target = newPath();
    const restoring = await pipeCli('restore.ts', ['-'], target, dumped.stdout);
    expect(restoring.code, restoring.stderr).toBe(0);
    expect(tableCounts(target)).toEqual(tableCounts(restoredPath));
  });
});

describe('the restored database answers as the original did', () => {
  it('the conflict, its rounds, delegations, figures and positions', async () => {
    const data = await same(
      `query($slug: String!) { conflict(slug: $slug) {
      id name began { start precision }
      talks { edges { cursor node { id title round status date { start end precision text } venue { city country } host { id name }
        delegations { id role attendance actor { id name } head { person { id name } } participants { id role person { id name } description } }
        outcomes { description achieved } } } }
      figures(first: 50) { totalCount nodes { id metric value unit qualifier comparison sources { source { name } relation } } }
      positionMatrix { actors { id name } rows { topic { id name } cells { current { stance date { start } } } } }
    } }`,
      { slug: 'russia-ukraine-war' },
    );
    expect(data.conflict.talks.edges.length).toBe(2);
  });

  it("incident and statement pages, with totalCount and cursors; the next page from the original's cursor", async () => {
    const INCIDENTS = `query($after: String, $retracted: Boolean) {
      incidents(first: 2, after: $after, filter: { includeRetracted: $retracted }) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id title description revision eventType subEventType date { start precision }
          location { name country latitude longitude } actors { side actor { id name } } respondedTo { id } responses { id }
          sources { source { id } relation } retraction { at reason } } }
      }
    }`;
    const page = await same(INCIDENTS, { retracted: true });
    expect(page.incidents.totalCount).toBe(4);
    await same(INCIDENTS, { after: page.incidents.pageInfo.endCursor, retracted: true });
    const STATEMENTS = `query($after: String, $retracted: Boolean) {
      statements(first: 4, after: $after, filter: { includeRetracted: $retracted }) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { id quote paraphrase context revision retraction { at reason } speaker { id name } speakingActor { id }
          about { __typename id } date { start text } } }
      }
    }`;
    for (const retracted of [false, true]) {
      const statements = await same(STATEMENTS, { retracted });
      await same(STATEMENTS, { retracted, after: statements.statements.pageInfo.endCursor });
    }
    const incident = await same(`query($id: ID!) { node(id: $id) { ... on Incident { respondedTo { id title } } } }`, {
      id: written.first,
    });
    expect(incident.node.respondedTo.id).toBe(written.later);
  });

  it('search: the same hits, ranks, snippets and highlights, and an index FTS5 finds whole', async () => {
    const SEARCH = `query($q: String!, $after: String, $retracted: Boolean) {
      search(query: $q, first: 2, after: $after, includeRetracted: $retracted) {
        totalCount pageInfo { endCursor hasNextPage }
        edges { cursor node { kind rank retracted snippet snippetParts { text match } item { __typename ... on Node { id } } } }
      }
    }`;
    const xylograph = await same(SEARCH, { q: 'xylograph', retracted: true });
    expect(xylograph.search.totalCount).toBe(3);
    await same(SEARCH, { q: 'xylograph', retracted: true, after: xylograph.search.pageInfo.endCursor });
    for (const q of ['zelensk*', 'Medinsky', 'prisoner exchange', 'drone']) await same(SEARCH, { q });
    const sqlite = restored.app.database.sqlite;
    expect(() => sqlite.prepare(`INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)`).run()).not.toThrow();
    const count = (source: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${source}`).get() as { n: number }).n;
    const indexed = [
      'incidents',
      'statements',
      'proposals',
      'people',
      'talks',
      'talk_outcomes',
      'figures',
      'actors',
      'sources',
      'delegations',
    ];
    expect(count('search_index')).toBe(indexed.reduce((sum, table) => sum + count(table), 0));
    expect(count('search_pending')).toBe(0);
  });

  it("a fact's history, each event's subject as it then was; node and nodes lookups", async () => {
    const HISTORY = `history { id cursor kind reason summary recordedAt subject { __typename id ... on Incident { title revision respondedTo { id } }
      ... on Statement { context revision retraction { reason } } } }`;
    const data = await same(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id
      ... on Incident { title revision ${HISTORY} }
      ... on Statement { quote revision ${HISTORY} }
      ... on Person { name aliases titles { title actor { name } } }
    } }`,
      {
        ids: [written.first, written.later, written.amendedStatement, written.retractedStatement, written.person, globalId('Person', 9999)],
      },
    );
    expect(data.nodes[0].history.map((e: { kind: string }) => e.kind)).toEqual(['INCIDENT_RECORDED', 'INCIDENT_AMENDED']);
    expect(data.nodes[5]).toBeNull();
  });

  it('the event log: the same ids and cursors, forward, backward and filtered', async () => {
    const EVENT_LIST = `query($first: Int, $last: Int, $after: String, $before: String, $filter: EventFilter) {
      events(first: $first, last: $last, after: $after, before: $before, filter: $filter) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { id kind summary reason occurredOn recordedAt subjectType conflict { id } subject { __typename id } current { id } } }
      }
    }`;
    const all = await same(EVENT_LIST, { first: 100 });
    expect(all.events.totalCount).toBe(lastEventId);
    expect(all.events.edges.map((e: { cursor: string }) => cursorId(e.cursor))).toEqual(
      Array.from({ length: lastEventId }, (_, i) => i + 1),
    );
    await same(EVENT_LIST, { last: 3 });
    await same(EVENT_LIST, { first: 5, after: all.events.edges[10].cursor });
    await same(EVENT_LIST, { last: 5, before: all.events.edges[20].cursor });
    await same(EVENT_LIST, { first: 10, filter: { kinds: ['INCIDENT_AMENDED', 'STATEMENT_RETRACTED'] } });
  });

  it('dumped again, gives the same file but for its createdAt', async () => {
    const again = join(dir, 'again.ndjson');
    const dumped = await dumpCli([again], restoredPath);
    expect(dumped.code, dumped.stderr).toBe(0);
    const [header, ...rest] = dumpLines(again);
    const [originalHeader, ...originalRest] = dumpLines(dumpFile);
    expect({ ...JSON.parse(header!), createdAt: null }).toEqual({ ...JSON.parse(originalHeader!), createdAt: null });
    expect(rest).toEqual(originalRest);
  });
});

/** Every table of a database file (the search index and SQLite's own included) and its row count. */
function tableCounts(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
    return Object.fromEntries(names.map((name) => [name, db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number]));
  } finally {
    db.close();
  }
}

/** Runs a CLI with `input` on its stdin; resolves with its exit code and output. */
function pipeCli(
  script: string,
  args: string[],
  dbPath: string,
  input = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${script}`, ...args], {
      env: { ...process.env, PARLEY_DB_PATH: dbPath },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('refusals change nothing', () => {
  it('a database that holds knowledge already: exit 1, one line, every table as it was', async () => {
    const target = newPath();
    expect((await restoreCli([dumpFile], target)).code).toBe(0);
    const before = tableCounts(target);
    const again = await restoreCli([dumpFile], target);
    expect(again.code).toBe(1);
    expect(again.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/already holds actors rows; restore only into a new or empty database/),
    ]);
    expect(tableCounts(target)).toEqual(before);
  });

  it('a database with tokens only is empty of knowledge: the restore goes ahead and keeps the token', async () => {
    const target = newPath();
    expect((await runCommand('token.ts', ['create', '--name', 'operator'], { PARLEY_DB_PATH: target })).code).toBe(0);
    const restoring = await restoreCli([dumpFile], target);
    expect(restoring.code, restoring.stderr).toBe(0);
    const restoredCounts = tableCounts(restoredPath);
    // The token's table has its own id sequence too.
    expect(tableCounts(target)).toEqual({ ...restoredCounts, tokens: 1, sqlite_sequence: restoredCounts.sqlite_sequence! + 1 });
  });

  const lines = () => dumpLines(dumpFile);
  const rowLine = (table: string) => lines().findIndex((l) => l.startsWith(`{"table":"${table}"`));
  const withTrailer = (body: string[]) => [...body, JSON.stringify({ end: true, rows: body.length - 1 })];
  const BAD_FILES: [string, () => string[], RegExp][] = [
    ['cut short (no trailer)', () => lines().slice(0, 40), /^line 41: the file ends without its last line .*cut short/],
    ['a line that is not JSON', () => lines().map((l, i) => (i === 9 ? l.slice(0, -5) : l)), /^line 10: not JSON/],
    [
      'a newer version',
      () => [lines()[0]!.replace('"version":1', '"version":2'), ...lines().slice(1)],
      /^line 1: parley-dump version 2; this Parley reads version 1/,
    ],
    ['not a dump', () => ['{"hello":"world"}'], /^line 1: not a parley-dump header/],
    [
      'a table it does not know',
      () => lines().map((l, i) => (i === 7 ? l.replace(/^\{"table":"[a-z_]+"/, '{"table":"treaties"') : l)),
      /^line 8: table treaties is not in the header's list/,
    ],
    [
      'a column it does not know',
      () => lines().map((l, i) => (i === rowLine('incidents') ? l.replace('"title":', '"headline":') : l)),
      /^line \d+: incidents has no column headline/,
    ],
    [
      'a value of the wrong type',
      () => lines().map((l, i) => (i === rowLine('events') ? l.replace(/"recorded_at":\d+/, '"recorded_at":"yesterday"') : l)),
      /^line \d+: events.recorded_at must be an integer of epoch milliseconds/,
    ],
    ['a trailer that miscounts', () => [...lines().slice(0, -2), lines().at(-1)!], /the last line counts \d+ rows; the file has \d+/],
    [
      'a duplicate id',
      () => withTrailer([...lines().slice(0, -1), lines()[rowLine('provisions')]!]),
      /^line \d+: provisions \d+ refused: UNIQUE constraint failed/,
    ],
    [
      'a row that breaks a CHECK',
      () => lines().map((l, i) => (i === rowLine('incidents') ? l.replace('"revision":1', '"revision":0') : l)),
      /^line \d+: incidents \d+ refused: CHECK constraint failed: incidents_revision/,
    ],
    [
      'a row whose parent the file lacks',
      () =>
        withTrailer(
          lines()
            .slice(0, -1)
            .filter((l) => !l.startsWith('{"table":"conflicts"')),
        ),
      /refers to a row of conflicts that the file does not hold/,
    ],
  ];

  it.each(BAD_FILES)('%s: refused with the line and why; an empty database stays empty', async (_name, content, message) => {
    const file = join(dir, `bad-${++paths}.ndjson`);
    writeFileSync(file, `${content().join('\n')}\n`);
    const target = newPath();
    expect((await runCommand('migrate.ts', [], { PARLEY_DB_PATH: target })).code).toBe(0);
    const before = tableCounts(target);
    const result = await restoreCli([file], target);
    expect(result.code).toBe(1);
    const [line, ...more] = result.stderr.trim().split('\n');
    expect(more).toEqual([]);
    expect(line!.replace(/^Nothing restored into [^:]+: /, '')).toMatch(message);
    expect(tableCounts(target)).toEqual(before);
  });

  it('a refused restore into a file it created leaves no file behind', async () => {
    const file = join(dir, 'short.ndjson');
    writeFileSync(file, `${lines().slice(0, 3).join('\n')}\n`);
    const target = newPath();
    const result = await restoreCli([file], target);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/line 4: the file ends without its last line/);
    expect(existsSync(target)).toBe(false);
  });
});

describe('after the restore', () => {
  it.each(TRANSPORTS)('a subscription resumes with a cursor the original gave: exactly the events after it (%s)', async (transport) => {
    const from = lastEventId - 4;
    const { events } = await original.query(`query($after: String) { events(first: 1, after: $after) { edges { cursor } } }`, {
      after: eventCursor(from - 1),
    });
    const cursor = events.edges[0].cursor as string;
    const resumed = new Recorder(transport, restored.url, EVENTS, { after: cursor });
    open.push(resumed);
    await resumed.waitForData(4);
    expect(resumed.data.map((d) => cursorId(d.events.cursor))).toEqual([from + 1, from + 2, from + 3, from + 4]);
    expect(resumed.data.map((d) => d.events.kind)).toEqual([
      'INCIDENT_RECORDED',
      'INCIDENT_AMENDED',
      'STATEMENT_AMENDED',
      'STATEMENT_RETRACTED',
    ]);
    await resumed.close();
    open.splice(0);
    await liveCount(restored.url, 0);
  });

  it('a new write gets the next event id, and a resumed subscriber hears it live', async () => {
    const resumed = new Recorder('ws', restored.url, EVENTS, { after: eventCursor(lastEventId - 1) });
    open.push(resumed);
    await resumed.waitForData(1);
    // Tokens are not in a dump: the restored database needs its own.
    const token = createToken(restored.app.database.db, { name: 'after restore', role: 'EDITOR' }).token;
    const recorded = await mutate(
      restored,
      token,
      'recordIncident',
      {
        conflict: written.conflict,
        eventType: 'BATTLES',
        title: 'Recorded after the restore',
        date: { start: '2025-06-04', precision: 'DAY' },
      },
      'incident { id } event { cursor }',
    );
    expect(cursorId(recorded.event.cursor)).toBe(lastEventId + 1);
    await resumed.waitForData(2);
    expect(resumed.data.map((d) => cursorId(d.events.cursor))).toEqual([lastEventId, lastEventId + 1]);
    expect(resumed.data[1].events.subject.title).toBe('Recorded after the restore');
    const { incidents } = await restored.query(`{ incidents(first: 100, filter: { includeRetracted: true }) { nodes { id } } }`);
    const ids = incidents.nodes.map((n: { id: string }) => Number(Buffer.from(n.id, 'base64url').toString().split(':')[1]));
    expect(Math.max(...ids)).toBe(Number(Buffer.from(written.later, 'base64url').toString().split(':')[1]) + 1);
  });
});
