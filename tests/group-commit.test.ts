/**
 * Group commit (Writer.submit, src/domain/events.ts), against a real server on a real file:
 *
 * - mutations sent together over HTTP are all acknowledged, each recorded once with its event;
 *   commands submitted in one turn of the event loop commit once (the server's statement log
 *   counts the COMMITs), and none is acknowledged before that commit;
 * - a command refused after it wrote (an incident whose actor does not exist: its row is inserted,
 *   then the actor is looked up) is undone alone: the writes sent with it are recorded, it leaves
 *   no row, no event and nothing in the search index;
 * - nothing is read before its commit: requests read through a connection of their own, which
 *   sees a submitted command only once its group has committed;
 * - the search index takes a transaction's new incidents at its end, in one statement
 *   (migrations/0006_search_deferred.sql): noted while the group is open, indexed by its commit,
 *   nothing left noted; an update in between is indexed once, as it stands; and a write from any
 *   other connection is indexed at once, as the triggers always did.
 */
import { connect, type Socket } from 'node:net';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { recordIncident } from '../src/domain/incident.js';
import { startServer, type TestServer } from './support/server.js';
import { globalId } from './support/live.js';

let server: TestServer;
let file: Database.Database;
let editor = '';
let conflict = '';
let actor = '';
const statements: string[] = [];

const RECORD = /* GraphQL */ `
  mutation Record($i: RecordIncidentInput!) {
    recordIncident(input: $i) {
      __typename
      ... on RecordIncidentPayload { incident { id title } event { cursor } }
      ... on UserError { code fields { field } }
    }
  }
`;

const input = (title: string, actors: { actor: string; side: string }[] = []) => ({
  conflict,
  eventType: 'BATTLES',
  title,
  date: { start: '2025-06-03', precision: 'DAY' },
  actors,
});

type Answer = { __typename: string; incident?: { id: string; title: string }; code?: string };

/** Sends every mutation at once: one connection each, all connected first, every request written in one loop. */
async function burst(inputs: Record<string, unknown>[]): Promise<Answer[]> {
  const { port } = new URL(server.url);
  const sockets = await Promise.all(
    inputs.map(
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  const answers = sockets.map(
    (socket) =>
      new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        socket.on('data', (chunk) => chunks.push(chunk));
        socket.once('error', reject);
        socket.once('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
      }),
  );
  inputs.forEach((i, k) => {
    const body = JSON.stringify({ query: RECORD, variables: { i } });
    sockets[k]!.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAccept: application/graphql-response+json\r\n` +
        `Authorization: Bearer ${editor}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
  return (await Promise.all(answers)).map((raw) => {
    const [head, body] = [raw.slice(0, raw.indexOf('\r\n\r\n')), raw.slice(raw.indexOf('\r\n\r\n') + 4)];
    expect(head, raw).toMatch(/^HTTP\/1\.1 200 /);
    const parsed = JSON.parse(body);
    expect(parsed.errors, body).toBeUndefined();
    return parsed.data.recordIncident as Answer;
  });
}

/** The same write as the domain command takes it, for commands submitted to the server's writer directly. */
const domainInput = (title: string): Parameters<typeof recordIncident>[1] => ({
  conflictId: Number(Buffer.from(conflict, 'base64url').toString().split(':')[1]),
  eventType: 'BATTLES',
  title,
  date: { start: '2025-06-03', precision: 'DAY' },
  location: {},
  actors: [],
  figures: [],
  sources: [],
});

const commits = () => statements.filter((s) => s === 'COMMIT').length;
const incidentsTitled = (prefix: string) =>
  file.prepare(`SELECT id, title FROM incidents WHERE title LIKE ? || '%' ORDER BY id`).all(prefix) as { id: number; title: string }[];
const recordedEvents = (ids: number[]) =>
  file
    .prepare(
      `SELECT subject_id FROM events WHERE kind = 'INCIDENT_RECORDED' AND subject_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(JSON.stringify(ids)) as { subject_id: number }[];
const searchable = (word: string) =>
  (file.prepare(`SELECT count(*) AS n FROM search_index WHERE search_index MATCH ?`).get(`"${word}"`) as { n: number }).n;

beforeAll(async () => {
  server = await startServer({}, { onStatement: (sql) => statements.push(sql) });
  editor = createToken(server.app.database.db, { name: 'group-commit editor', role: 'EDITOR' }).token;
  const data = await server.query(`{ conflict(slug: "russia-ukraine-war") { id } actors(first: 1) { nodes { id } } }`);
  conflict = data.conflict.id;
  actor = data.actors.nodes[0].id;
  file = new Database(server.dbPath, { readonly: true, fileMustExist: true });
});

afterAll(async () => {
  file?.close();
  await server?.stop();
});

describe('writes sent together', () => {
  it('over HTTP are all acknowledged, each recorded once with its event', async () => {
    const titles = Array.from({ length: 40 }, (_, i) => `Grouped shelling ${i}`);
    const answers = await burst(titles.map((title) => input(title, [{ actor, side: 'INITIATOR' }])));
    expect(answers.map((a) => a.__typename)).toEqual(titles.map(() => 'RecordIncidentPayload'));
    expect(answers.map((a) => a.incident!.title).sort()).toEqual([...titles].sort());

    const rows = incidentsTitled('Grouped shelling ');
    expect(rows.map((r) => r.title).sort()).toEqual([...titles].sort());
    expect(
      recordedEvents(rows.map((r) => r.id))
        .map((e) => e.subject_id)
        .sort((a, b) => a - b),
    ).toEqual(rows.map((r) => r.id));
  });

  it('in one turn of the event loop commit once, and are acknowledged only then', async () => {
    // (Over HTTP, how many requests share a turn depends on the load: every waiting request is
    // read in the same turn, so a busy server groups more. The mutations benchmark shows it.)
    const before = commits();
    const settled: number[] = [];
    const submitted = Array.from({ length: 10 }, (_, i) =>
      server.app.writer.submit((scope) => recordIncident(scope, { ...domainInput(`Turn-mate ${i}`) })).then(() => settled.push(commits())),
    );
    expect(commits()).toBe(before);
    await Promise.all(submitted);
    expect(commits()).toBe(before + 1);
    expect(settled).toEqual(settled.map(() => before + 1));
    expect(incidentsTitled('Turn-mate ')).toHaveLength(10);
  });

  it('a command refused after it wrote is undone alone; the rest of its group is recorded', async () => {
    const missingActor = globalId('Actor', 999_999);
    const inOneTurn = await Promise.allSettled([
      server.app.writer.submit((scope) => recordIncident(scope, domainInput('Kept alongside'))),
      server.app.writer.submit((scope) =>
        recordIncident(scope, { ...domainInput('Undone alongside'), actors: [{ actorId: 999_999, side: 'INITIATOR' }] }),
      ),
    ]);
    expect(inOneTurn.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(incidentsTitled('Kept alongside')).toHaveLength(1);
    expect(incidentsTitled('Undone alongside')).toEqual([]);

    const sent = Array.from({ length: 20 }, (_, i) =>
      i % 2 ? input(`Undone zanzibarite ${i}`, [{ actor: missingActor, side: 'INITIATOR' }]) : input(`Kept quillwort ${i}`),
    );
    const answers = await burst(sent);
    answers.forEach((answer, i) => {
      if (i % 2) expect(answer).toMatchObject({ __typename: 'UserError', code: 'NOT_FOUND' });
      else expect(answer.__typename).toBe('RecordIncidentPayload');
    });

    const kept = incidentsTitled('Kept quillwort ');
    expect(kept).toHaveLength(10);
    expect(recordedEvents(kept.map((r) => r.id))).toHaveLength(10);
    expect(searchable('quillwort')).toBe(10);
    expect(incidentsTitled('Undone zanzibarite ')).toEqual([]);
    expect(searchable('zanzibarite')).toBe(0);
    // The search index still agrees with the text it holds.
    server.app.database.sqlite.prepare(`INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)`).run();
  });
});

describe('readers', () => {
  it('see a submitted command only once its group has committed', async () => {
    const count = () =>
      (
        server.app.reader.sqlite.prepare(`SELECT count(*) AS n FROM incidents WHERE title = 'Unseen until committed'`).get() as {
          n: number;
        }
      ).n;
    const committed = server.app.writer.submit((scope) => recordIncident(scope, domainInput('Unseen until committed')));
    // The row is written, in the group's open transaction, on the writer's connection.
    expect(server.app.database.sqlite.prepare(`SELECT count(*) AS n FROM incidents WHERE title = 'Unseen until committed'`).get()).toEqual({
      n: 1,
    });
    expect(count()).toBe(0);
    await committed;
    expect(count()).toBe(1);
  });
});

describe('the search index', () => {
  const noted = () =>
    (server.app.database.sqlite.prepare(`SELECT doc_id FROM search_pending ORDER BY doc_id`).all() as { doc_id: number }[]).map(
      (r) => r.doc_id,
    );
  const indexedOnWriter = (word: string) =>
    (
      server.app.database.sqlite.prepare(`SELECT count(*) AS n FROM search_index WHERE search_index MATCH ?`).get(`"${word}"`) as {
        n: number;
      }
    ).n;

  it("takes a group's new incidents when it commits: noted while it is open, indexed by its commit", async () => {
    const group = Promise.all(
      [1, 2, 3].map((i) => server.app.writer.submit((scope) => recordIncident(scope, domainInput(`Deferred sphagnum ${i}`)))),
    );
    const ids = incidentsOnWriter('Deferred sphagnum ');
    expect(ids).toHaveLength(3);
    // The marker (0) and one note per incident (id * 16 + 1), in the open transaction only.
    expect(noted()).toEqual([0, ...ids.map((id) => id * 16 + 1)]);
    expect(indexedOnWriter('sphagnum')).toBe(0);
    await group;
    expect(noted()).toEqual([]);
    expect(searchable('sphagnum')).toBe(3);
    server.app.database.sqlite.prepare(`INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)`).run();
  });

  it("takes an incident's figures with it: noted while the group is open, indexed by its commit", async () => {
    const committed = server.app.writer.submit((scope) =>
      recordIncident(scope, {
        ...domainInput('Deferred xanthoria'),
        figures: [
          { metric: 'fatalities', value: 7, unit: 'people', qualifier: 'EXACT', about: 'Xanthoria fatalities', asOf: domainInput('').date },
        ],
      }),
    );
    const [incident] = incidentsOnWriter('Deferred xanthoria');
    const figure = server.app.database.sqlite.prepare(`SELECT id FROM figures WHERE incident_id = ?`).pluck().get(incident) as number;
    expect(noted()).toEqual([0, incident! * 16 + 1, figure * 16 + 7].sort((a, b) => a - b));
    await committed;
    expect(noted()).toEqual([]);
    expect(searchable('xanthoria')).toBe(2);
    server.app.database.sqlite.prepare(`INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)`).run();
  });

  it('indexes an incident updated after its insert in the same transaction once, as it stands', async () => {
    server.app.writer.run((scope) => {
      const row = recordIncident(scope, domainInput('Palimpsest underlayer'));
      scope.tx.run(sql`UPDATE incidents SET title = 'Palimpsest overwriting' WHERE id = ${row.id}`);
    });
    expect(searchable('palimpsest')).toBe(1);
    expect(searchable('overwriting')).toBe(1);
    expect(searchable('underlayer')).toBe(0);
    expect(noted()).toEqual([]);
    server.app.database.sqlite.prepare(`INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)`).run();
  });

  it("indexes a row written by another connection at once, as an operator's SQL would write it", async () => {
    const other = new Database(server.dbPath);
    try {
      other.pragma('busy_timeout = 5000');
      const conflictId = domainInput('').conflictId;
      other
        .prepare(
          `INSERT INTO incidents (conflict_id, event_type, title, date_start, date_precision) VALUES (?, 'BATTLES', 'Operator xerophyte', '2025-06-03', 'DAY')`,
        )
        .run(conflictId);
    } finally {
      other.close();
    }
    expect(searchable('xerophyte')).toBe(1);
    const found = await server.query(`{ search(query: "xerophyte") { nodes { item { ... on Incident { title } } } } }`);
    expect(found.search.nodes).toEqual([{ item: { title: 'Operator xerophyte' } }]);
  });
});

function incidentsOnWriter(prefix: string): number[] {
  return (
    server.app.database.sqlite.prepare(`SELECT id FROM incidents WHERE title LIKE ? || '%' ORDER BY id`).all(prefix) as { id: number }[]
  ).map((r) => r.id);
}
