/**
 * Every write path stamps its versions with the event it appends (migrations/0013): the dossier
 * loaded at start, the synthetic generator (the ACLED importer and the domain commands, in
 * batches), and mutations over HTTP committed in groups. A row stamped with an event after its own
 * would be missing from an as-of read at its event; one stamped before it would show too early.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/server.js';
import { generate } from '../src/cli/generate.js';
import { VERSIONED_TABLES } from '../src/db/versions.js';
import { eventCursor } from '../src/domain/events.js';
import { createToken } from '../src/domain/token.js';

let server: TestServer;

const RECORD = /* GraphQL */ `
  mutation Record($i: RecordIncidentInput!) {
    recordIncident(input: $i) {
      __typename
      ... on RecordIncidentPayload { incident { id } event { cursor } }
    }
  }
`;

beforeAll(async () => {
  server = await startServer();
  await generate(server.app.database.db, { incidents: 300, statements: 40, seed: 7, batch: 100 });
  const { token } = createToken(server.app.database.db, { name: 'as-of writes', role: 'EDITOR' });
  const { conflicts } = await server.query(`{ conflicts(first: 1) { nodes { id } } }`);
  // Mutations sent together are committed as one group, each command in a savepoint.
  const answers = await Promise.all(
    Array.from({ length: 6 }, (_, i) =>
      server.post(
        RECORD,
        {
          i: {
            conflict: conflicts.nodes[0].id,
            eventType: 'BATTLES',
            title: `Burst ${i}`,
            date: { start: '2025-06-03', precision: 'DAY' },
          },
        },
        { authorization: `Bearer ${token}` },
      ),
    ),
  );
  for (const answer of answers) expect(answer.body.data.recordIncident.__typename).toBe('RecordIncidentPayload');
}, 120_000);

afterAll(() => server?.stop());

describe('versions are stamped with the event that wrote them', () => {
  it('every version begins (and ends) at an event of the log', () => {
    const sqlite = server.app.database.sqlite;
    for (const table of Object.keys(VERSIONED_TABLES)) {
      const stray = sqlite
        .prepare(
          `SELECT count(*) FROM ${table}_versions v WHERE v.sys_from NOT IN (SELECT id FROM events)
             OR (v.sys_to IS NOT NULL AND v.sys_to NOT IN (SELECT id FROM events)) OR v.sys_to <= v.sys_from`,
        )
        .pluck()
        .get();
      expect(stray, table).toBe(0);
      const current = sqlite.prepare(`SELECT count(*) FROM ${table}_versions WHERE sys_to IS NULL`).pluck().get();
      expect(current, table).toBe(sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
    }
  });

  it('an incident, its actors and figures begin at the event that recorded it', () => {
    const sqlite = server.app.database.sqlite;
    const mismatched = (table: string, column: string) =>
      sqlite
        .prepare(
          `SELECT count(*) FROM ${table}_versions v
           WHERE v.sys_from <> (SELECT min(e.id) FROM events e WHERE e.subject_type = 'INCIDENT' AND e.subject_id = v.${column})
             AND v.${column} IS NOT NULL AND v.sys_from = (SELECT min(sys_from) FROM ${table}_versions w WHERE w.id = v.id)`,
        )
        .pluck()
        .get();
    expect(sqlite.prepare(`SELECT count(*) FROM incidents`).pluck().get()).toBeGreaterThan(300);
    expect(mismatched('incidents', 'id')).toBe(0);
    expect(mismatched('incident_actors', 'incident_id')).toBe(0);
  });

  it('asOf the event before an incident was recorded leaves it out; asOf its event shows it', async () => {
    const sqlite = server.app.database.sqlite;
    const recorded = sqlite
      .prepare(
        `SELECT subject_id AS id, min(id) AS event FROM events WHERE kind = 'INCIDENT_RECORDED' GROUP BY subject_id ORDER BY random() LIMIT 5`,
      )
      .all() as { id: number; event: number }[];
    for (const { id, event } of recorded) {
      const node = Buffer.from(`Incident:${id}`).toString('base64url');
      const read = (at: number) =>
        server.query(
          `{ asOf(cursor: "${eventCursor({ id: at })}") { node(id: "${node}") { id ... on Incident { actors { side } figures { value } } } } }`,
        );
      expect((await read(event - 1)).asOf.node).toBeNull();
      expect((await read(event)).asOf.node).toEqual(
        (await server.query(`{ node(id: "${node}") { id ... on Incident { actors { side } figures { value } } } }`)).node,
      );
    }
  });

  it('asOf the newest event answers what the present answers', async () => {
    const READ = `incidents(last: 50) { totalCount nodes { id title actors { side actor { name } } figures { metric value } sources { source { name } } } }
      figures(first: 50) { totalCount nodes { id value } } actors(first: 50) { totalCount nodes { name aliases } }
      statements(first: 40) { totalCount nodes { id quote speaker { name } } }`;
    const { body } = await server.post(`{ ${READ} }`);
    const newest = (body as { extensions: { asOf: { cursor: string } } }).extensions.asOf.cursor;
    expect((await server.query(`{ asOf(cursor: "${newest}") { ${READ} } }`)).asOf).toEqual(body.data);
  });
});
