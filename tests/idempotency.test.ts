/**
 * `Idempotency-Key` on mutations, over HTTP against a real server:
 *
 * - the same mutation sent twice with the same key (and token) answers the same incident id and
 *   event cursor, and records one row and one event;
 * - the same key with a different input is refused (UserError CONFLICT) and records nothing;
 * - the same key from a different token is a different write;
 * - without a key, two identical mutations are two writes;
 * - a retry racing the first (20 sent at once) records once, and all answer the same;
 * - a malformed key (a space, over 200 characters, not ASCII, empty) is refused with 400
 *   BAD_IDEMPOTENCY_KEY rather than ignored, so retries with it record nothing;
 * - over WebSocket, where a message has no headers, the key is the operation's
 *   `extensions.idempotencyKey`, with the same guarantee and the same refusal.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { startServer, type TestServer } from './support/server.js';
import { cursorId, wsClient, wsExecute } from './support/live.js';

let server: TestServer;
let reader: Database.Database;
let tokenA = '';
let tokenB = '';
let conflict = '';

const RECORD = /* GraphQL */ `
  mutation Record($i: RecordIncidentInput!) {
    recordIncident(input: $i) {
      __typename
      ... on RecordIncidentPayload { incident { id title } event { cursor kind } }
      ... on UserError { code message fields { field message } }
    }
  }
`;

const input = (title: string, extra: Record<string, unknown> = {}) => ({
  conflict,
  eventType: 'BATTLES',
  title,
  date: { start: '2025-06-03', precision: 'DAY' },
  ...extra,
});

async function record(token: string, i: Record<string, unknown>, key?: string) {
  const { status, body } = await server.post(
    RECORD,
    { i },
    {
      authorization: `Bearer ${token}`,
      ...(key !== undefined && { 'idempotency-key': key }),
    },
  );
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  return body.data.recordIncident;
}

/** What the file holds, read through a separate connection. */
const rowsTitled = (title: string) => reader.prepare('SELECT id FROM incidents WHERE title = ?').all(title) as { id: number }[];
const eventsAbout = (incidentIds: number[]) =>
  incidentIds.length
    ? (reader
        .prepare(
          `SELECT id, subject_id FROM events WHERE kind = 'INCIDENT_RECORDED' AND subject_type = 'INCIDENT' AND subject_id IN (${incidentIds.map(() => '?').join(',')}) ORDER BY id`,
        )
        .all(...incidentIds) as { id: number; subject_id: number }[])
    : [];
const counts = () => ({
  incidents: (reader.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n,
  events: (reader.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n,
  keys: (reader.prepare('SELECT count(*) AS n FROM idempotency_keys').get() as { n: number }).n,
});
const rowIdOf = (id: string) => Number(Buffer.from(id, 'base64url').toString('utf8').split(':')[1]);

beforeAll(async () => {
  server = await startServer();
  tokenA = createToken(server.app.database.db, { name: 'idempotency A', role: 'EDITOR' }).token;
  tokenB = createToken(server.app.database.db, { name: 'idempotency B', role: 'EDITOR' }).token;
  reader = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  conflict = (await server.query('{ conflict(slug: "russia-ukraine-war") { id } }')).conflict.id;
});

afterAll(async () => {
  reader?.close();
  await server?.stop();
});

describe('Idempotency-Key', () => {
  it('a retry with the same key answers the first result and records one row and one event', async () => {
    const before = counts();
    const first = await record(tokenA, input('Idempotent retry'), 'retry-1');
    const second = await record(tokenA, input('Idempotent retry'), 'retry-1');
    expect(first.__typename).toBe('RecordIncidentPayload');
    expect(second).toEqual(first);
    expect(second.incident.id).toBe(first.incident.id);
    expect(second.event.cursor).toBe(first.event.cursor);

    const rows = rowsTitled('Idempotent retry');
    expect(rows.map((r) => r.id)).toEqual([rowIdOf(first.incident.id)]);
    expect(eventsAbout([rows[0]!.id]).map((e) => e.id)).toEqual([cursorId(first.event.cursor)]);
    expect(counts()).toEqual({ incidents: before.incidents + 1, events: before.events + 1, keys: before.keys + 1 });
    // The event the retry points at is the last in the log: the retry appended none.
    const health = (await (await fetch(new URL('/health', server.url))).json()) as { lastEventId: number };
    expect(health.lastEventId).toBe(cursorId(first.event.cursor));
  });

  it('the same key with a different input is refused with CONFLICT and records nothing', async () => {
    const first = await record(tokenA, input('Conflicting key, first'), 'conflict-1');
    expect(first.__typename).toBe('RecordIncidentPayload');
    const before = counts();
    const changedTitle = await record(tokenA, input('Conflicting key, second'), 'conflict-1');
    expect(changedTitle.__typename).toBe('UserError');
    expect(changedTitle.code).toBe('CONFLICT');
    // Another field changed, the title the same: still a different input.
    const changedField = await record(tokenA, input('Conflicting key, first', { description: 'now with a description' }), 'conflict-1');
    expect(changedField.__typename).toBe('UserError');
    expect(changedField.code).toBe('CONFLICT');
    expect(counts()).toEqual(before);
    expect(rowsTitled('Conflicting key, second')).toEqual([]);
    expect(rowsTitled('Conflicting key, first')).toHaveLength(1);
    // The original input with the key still answers the first write.
    expect(await record(tokenA, input('Conflicting key, first'), 'conflict-1')).toEqual(first);
    expect(counts()).toEqual(before);
  });

  it('the same key from a different token is a new write, even right after the first token retried', async () => {
    const before = counts();
    const a = await record(tokenA, input('Same key, two tokens'), 'shared-key');
    // Token A retries (answered from its first write, nothing appended) ...
    expect(await record(tokenA, input('Same key, two tokens'), 'shared-key')).toEqual(a);
    // ... then token B sends the same input with the same key: its own, new write.
    const b = await record(tokenB, input('Same key, two tokens'), 'shared-key');
    expect(a.__typename).toBe('RecordIncidentPayload');
    expect(b.__typename).toBe('RecordIncidentPayload');
    expect(b.incident.id).not.toBe(a.incident.id);
    expect(b.event.cursor).not.toBe(a.event.cursor);
    const rows = rowsTitled('Same key, two tokens');
    expect(rows.map((r) => r.id).sort((x, y) => x - y)).toEqual([rowIdOf(a.incident.id), rowIdOf(b.incident.id)]);
    expect(eventsAbout(rows.map((r) => r.id))).toHaveLength(2);
    expect(counts()).toEqual({ incidents: before.incidents + 2, events: before.events + 2, keys: before.keys + 2 });
    // Each token's retry answers its own write.
    expect(await record(tokenB, input('Same key, two tokens'), 'shared-key')).toEqual(b);
    expect(await record(tokenA, input('Same key, two tokens'), 'shared-key')).toEqual(a);
    expect(counts().incidents).toBe(before.incidents + 2);
  });

  it('a retry answered from the first write is not the answer to anyone else: the same mutation without a key, or without a token, runs on its own', async () => {
    const first = await record(tokenA, input('Replayed, then resent'), 'replayed-1');
    expect(await record(tokenA, input('Replayed, then resent'), 'replayed-1')).toEqual(first);
    const before = counts();
    // Without a token: refused (the mutation needs an editor token), nothing recorded.
    const anonymous = await server.post(RECORD, { i: input('Replayed, then resent') });
    expect(anonymous.body.data?.recordIncident ?? null).toBeNull();
    expect(anonymous.body.errors?.length).toBeGreaterThan(0);
    expect(counts()).toEqual(before);
    // Without a key, with a token: a new write.
    const unkeyed = await record(tokenA, input('Replayed, then resent'));
    expect(unkeyed.__typename).toBe('RecordIncidentPayload');
    expect(unkeyed.incident.id).not.toBe(first.incident.id);
    expect(rowsTitled('Replayed, then resent')).toHaveLength(2);
    expect(counts()).toEqual({ incidents: before.incidents + 1, events: before.events + 1, keys: before.keys });
  });

  it('without a key, the same mutation twice is two writes', async () => {
    const before = counts();
    const a = await record(tokenA, input('No key'));
    const b = await record(tokenA, input('No key'));
    expect(a.__typename).toBe('RecordIncidentPayload');
    expect(b.__typename).toBe('RecordIncidentPayload');
    expect(b.incident.id).not.toBe(a.incident.id);
    expect(cursorId(b.event.cursor)).toBeGreaterThan(cursorId(a.event.cursor));
    const rows = rowsTitled('No key');
    expect(rows).toHaveLength(2);
    expect(eventsAbout(rows.map((r) => r.id))).toHaveLength(2);
    expect(counts()).toEqual({ incidents: before.incidents + 2, events: before.events + 2, keys: before.keys });
  });

  it('a retry racing the first (20 sent at once with one key) records once and all answer the same', async () => {
    const before = counts();
    const answers = await Promise.all(Array.from({ length: 20 }, () => record(tokenA, input('Racing retry'), 'race-1')));
    expect(answers[0].__typename).toBe('RecordIncidentPayload');
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    const rows = rowsTitled('Racing retry');
    expect(rows.map((r) => r.id)).toEqual([rowIdOf(answers[0].incident.id)]);
    expect(eventsAbout([rows[0]!.id]).map((e) => e.id)).toEqual([cursorId(answers[0].event.cursor)]);
    expect(counts()).toEqual({ incidents: before.incidents + 1, events: before.events + 1, keys: before.keys + 1 });
  });

  it('a pair sent at once, one with a different input, records one and refuses the other with CONFLICT', async () => {
    const before = counts();
    const [a, b] = await Promise.all([
      record(tokenA, input('Racing conflict A'), 'race-2'),
      record(tokenA, input('Racing conflict B'), 'race-2'),
    ]);
    const kinds = [a.__typename, b.__typename].sort();
    expect(kinds).toEqual(['RecordIncidentPayload', 'UserError']);
    const refused = a.__typename === 'UserError' ? a : b;
    expect(refused.code).toBe('CONFLICT');
    expect(rowsTitled('Racing conflict A').length + rowsTitled('Racing conflict B').length).toBe(1);
    expect(counts()).toEqual({ incidents: before.incidents + 1, events: before.events + 1, keys: before.keys + 1 });
  });

  const malformed: [string, string][] = [
    ['with a space', 'retry 1'],
    ['over 200 characters', 'k'.repeat(201)],
    // What a client sends for "ключ-1": its UTF-8 bytes, which a header carries as they are.
    ['not ASCII', Buffer.from('ключ-1').toString('latin1')],
    ['empty', ''],
  ];
  for (const [what, key] of malformed) {
    it(`a key ${what}: 20 retries sent at once are each refused with 400 BAD_IDEMPOTENCY_KEY, nothing recorded`, async () => {
      const before = counts();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          server.post(RECORD, { i: input(`Malformed key ${what}`) }, { authorization: `Bearer ${tokenA}`, 'idempotency-key': key }),
        ),
      );
      for (const { status, body } of answers) {
        expect(status, JSON.stringify(body)).toBe(400);
        expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_IDEMPOTENCY_KEY']);
        expect(body.data ?? null).toBeNull();
      }
      expect(rowsTitled(`Malformed key ${what}`)).toEqual([]);
      expect(counts()).toEqual(before);
    });
  }

  it('a key of 200 printable ASCII characters is taken', async () => {
    const key = `${'k'.repeat(199)}~`;
    const first = await record(tokenA, input('Longest key'), key);
    expect(first.__typename).toBe('RecordIncidentPayload');
    expect(await record(tokenA, input('Longest key'), key)).toEqual(first);
    expect(rowsTitled('Longest key')).toHaveLength(1);
  });

  describe('over WebSocket, as extensions.idempotencyKey', () => {
    /** One recordIncident over its own graphql-ws connection: its result, or the errors refusing it. */
    const recordOverSocket = (token: string, i: Record<string, unknown>, extensions: Record<string, unknown>) => {
      const client = wsClient(server.url, `Bearer ${token}`);
      return wsExecute(client, RECORD, { i }, extensions).finally(() => client.dispose());
    };

    it('retries racing each other record once, and all answer the first write', async () => {
      const before = counts();
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => recordOverSocket(tokenA, input('Idempotent over a socket'), { idempotencyKey: 'socket-1' })),
      );
      const written = answers.map((a) => a.data?.recordIncident);
      expect(written[0].__typename).toBe('RecordIncidentPayload');
      for (const answer of written) expect(answer).toEqual(written[0]);
      expect(rowsTitled('Idempotent over a socket')).toHaveLength(1);
      expect(counts().incidents).toBe(before.incidents + 1);
    });

    it('a malformed key is refused with BAD_IDEMPOTENCY_KEY, nothing recorded', async () => {
      const before = counts();
      const answer = await recordOverSocket(tokenA, input('Malformed key over a socket'), { idempotencyKey: 'has a space' });
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_IDEMPOTENCY_KEY']);
      expect(rowsTitled('Malformed key over a socket')).toEqual([]);
      expect(counts()).toEqual(before);
    });
  });
});
