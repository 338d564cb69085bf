/**
 * Subscribers of one operation share one execution per event (src/server/shared-results.ts). Each
 * must still get every event exactly once, in order; subscribers whose filters, cursors or
 * variables differ must never get one another's events or results.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { amendIncident } from '../src/domain/incident.js';
import { startServer, type TestServer } from './support/server.js';
import {
  EVENTS,
  Recorder,
  cursorId,
  eventCursor,
  globalId,
  health,
  liveCount,
  record,
  seeded,
  sleep,
  until,
  type Transport,
} from './support/live.js';

let server: TestServer;
let conflict: number;
/** The statements the server runs while a test collects them. */
let statements: string[] | undefined;

const open: Recorder[] = [];
function subscribe(transport: Transport, query: string, variables: Record<string, unknown> = {}): Recorder {
  const recorder = new Recorder(transport, server.url, query, variables);
  open.push(recorder);
  return recorder;
}
/** `count` subscribers, alternating SSE and WebSocket. */
const subscribers = (count: number, query: string, variables: Record<string, unknown> = {}) =>
  Array.from({ length: count }, (_, i) => subscribe(i % 2 ? 'ws' : 'sse', query, variables));

const idsOf = (recorder: Recorder) => recorder.data.map((d) => cursorId(d.events.cursor));

beforeAll(async () => {
  server = await startServer({}, { onStatement: (sql) => statements?.push(sql) });
  conflict = seeded(server.app.database.db).rows.conflict;
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
  await liveCount(server.url, 0);
});

afterAll(async () => {
  await server?.stop();
});

describe('one operation, many subscribers', () => {
  it('each of 20 subscribers gets every event once, in order, with the same result', async () => {
    const all = subscribers(20, EVENTS);
    await liveCount(server.url, 20);

    const ids: number[] = [];
    for (let i = 1; i <= 4; i++) {
      ids.push(record(server.app.writer, conflict, `Shared ${i}`).eventId);
      // Two events in one wake-up: each subscriber reads both from one batch.
      if (i === 3) ids.push(record(server.app.writer, conflict, 'Shared 3b').eventId);
      await Promise.all(all.map((r) => r.waitForData(ids.length)));
    }

    for (const recorder of all) {
      expect(recorder.results.every((r) => r.errors === undefined)).toBe(true);
      expect(idsOf(recorder)).toEqual(ids);
      expect(recorder.data).toEqual(all[0]!.data);
    }
    expect(all[0]!.data.map((d) => d.events.subject.title)).toEqual(['Shared 1', 'Shared 2', 'Shared 3', 'Shared 3b', 'Shared 4']);
    // Nothing arrives late or twice once the writes stop.
    await sleep(200);
    for (const recorder of all) expect(recorder.results).toHaveLength(ids.length);
  });

  it('subscribers of one document with different filters and cursors each get exactly their own events', async () => {
    const start = (await health(server.url)).lastEventId;
    const before = record(server.app.writer, conflict, 'Before the subscriptions').eventId;
    const recorded = subscribers(4, EVENTS, { filter: { kinds: ['INCIDENT_RECORDED'] } });
    const amended = subscribers(4, EVENTS, { filter: { kinds: ['INCIDENT_AMENDED'] } });
    const resumed = subscribers(4, EVENTS, { after: eventCursor(start) });
    const live = subscribers(4, EVENTS);
    await liveCount(server.url, 16);
    await Promise.all(resumed.map((r) => r.waitForData(1)));

    const first = record(server.app.writer, conflict, 'Filtered A');
    const amendment = server.app.writer.run((scope) => {
      amendIncident(scope, { incidentId: first.incident.id, reason: 'retitled', changes: { title: 'Filtered A2' } });
      return scope.appended.at(-1)!.id;
    });
    const second = record(server.app.writer, conflict, 'Filtered B').eventId;

    await Promise.all([
      ...recorded.map((r) => r.waitForData(2)),
      ...amended.map((r) => r.waitForData(1)),
      ...resumed.map((r) => r.waitForData(4)),
      ...live.map((r) => r.waitForData(3)),
    ]);
    const titles = (r: Recorder) => r.data.map((d) => [d.events.kind, d.events.subject.title, d.events.subject.revision]);
    for (const r of recorded) {
      expect(idsOf(r)).toEqual([first.eventId, second]);
      expect(titles(r)).toEqual([
        ['INCIDENT_RECORDED', 'Filtered A', 1],
        ['INCIDENT_RECORDED', 'Filtered B', 1],
      ]);
    }
    for (const r of amended) {
      expect(idsOf(r)).toEqual([amendment]);
      expect(titles(r)).toEqual([['INCIDENT_AMENDED', 'Filtered A2', 2]]);
    }
    for (const r of resumed) expect(idsOf(r)).toEqual([before, first.eventId, amendment, second]);
    for (const r of live) expect(idsOf(r)).toEqual([first.eventId, amendment, second]);
  });

  it("subscribers that differ only in the subscription field's arguments share one execution per event", async () => {
    // `current` is read through a loader, emptied before each event: one statement per execution.
    const query = /* GraphQL */ `
      subscription Current($after: String, $filter: EventStreamFilter) {
        events(after: $after, filter: $filter) { cursor current { ... on Incident { title } } }
      }
    `;
    /** How many times the event recorded now is executed for `recorders`, once each has it. */
    const executions = async (recorders: Recorder[]) => {
      await liveCount(server.url, recorders.length);
      statements = [];
      record(server.app.writer, conflict, 'Execution probe');
      await Promise.all(recorders.map((r) => r.waitForData(1)));
      const loads = statements.filter((sql) => sql.includes('from "incidents" where "incidents"."id" IN')).length;
      statements = undefined;
      await Promise.all(open.splice(0).map((r) => r.close()));
      await liveCount(server.url, 0);
      return loads;
    };
    expect(await executions(subscribers(1, query))).toBe(1);
    const latest = (await health(server.url)).lastEventId;
    const differing = [
      ...subscribers(3, query),
      ...subscribers(3, query, { filter: { kinds: ['INCIDENT_RECORDED'] } }),
      ...subscribers(3, query, { filter: { conflict: globalId('Conflict', conflict) } }),
      ...subscribers(3, query, { after: eventCursor(latest) }),
    ];
    expect(await executions(differing)).toBe(1);
  });

  it('variables used below the subscription field give each subscriber its own result', async () => {
    const query = /* GraphQL */ `
      subscription Optional($withSummary: Boolean!) {
        events { cursor summary @include(if: $withSummary) }
      }
    `;
    const withSummary = subscribers(4, query, { withSummary: true });
    const without = subscribers(4, query, { withSummary: false });
    await liveCount(server.url, 8);

    const { eventId } = record(server.app.writer, conflict, 'Shape probe');
    await Promise.all([...withSummary, ...without].map((r) => r.waitForData(1)));
    for (const r of withSummary)
      expect(r.data).toEqual([{ events: { cursor: eventCursor(eventId), summary: 'Incident recorded: Shape probe' } }]);
    for (const r of without) expect(r.data).toEqual([{ events: { cursor: eventCursor(eventId) } }]);
  });
});

describe('results written at once and results pulled', () => {
  it('are the same bytes on a WebSocket: a caught-up subscriber and a replaying one get the same `next` text', async () => {
    // Fields of the event row itself: its result is ready at once, so the live subscriber's is written directly.
    const EVENT_ROWS = 'subscription Rows($after: String) { events(after: $after) { cursor kind summary } }';
    /** A bare graphql-transport-ws client: the raw text of every message, as it came. */
    const rawSubscriber = async (after: string | null) => {
      const socket = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      const texts: string[] = [];
      socket.on('message', (data) => texts.push(String(data)));
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(JSON.stringify({ type: 'connection_init' }));
      await until(
        'ack',
        () => texts.length,
        (n) => n === 1,
      );
      socket.send(JSON.stringify({ id: 'a-1', type: 'subscribe', payload: { query: EVENT_ROWS, variables: { after } } }));
      return { socket, texts };
    };
    const live = await rawSubscriber(null);
    await liveCount(server.url, 1);
    const { eventId } = record(server.app.writer, conflict, 'Direct bytes');
    await until(
      'the event, live',
      () => live.texts.length,
      (n) => n === 2,
    );
    // Resuming one event back replays it through the pull, not the direct write.
    const replay = await rawSubscriber(eventCursor(eventId - 1));
    await until(
      'the event, replayed',
      () => replay.texts.length,
      (n) => n === 2,
    );
    for (const { socket } of [live, replay]) socket.close();

    expect(live.texts[1]).toBe(replay.texts[1]);
    const message = JSON.parse(live.texts[1]!) as { id: string; type: string; payload: { data: { events: { cursor: string } } } };
    expect(cursorId(message.payload.data.events.cursor)).toBe(eventId);
    // As graphql-ws writes it: id, type, payload, in that order, nothing else.
    expect(live.texts[1]).toBe(JSON.stringify({ id: 'a-1', type: 'next', payload: message.payload }));
  });
});
