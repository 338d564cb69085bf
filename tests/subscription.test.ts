/**
 * Live delivery through the official clients, over GraphQL over SSE (graphql-sse, distinct
 * connections) and GraphQL over WebSocket (graphql-ws): latency of a write reaching subscribers
 * (written over HTTP and over WebSocket), stream filters and talkUpdated, resuming from a cursor
 * (also while writes race the replay), invalid cursors, subjects as each event committed them,
 * subscriptions the server refuses, and the SSE response headers.
 */
import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/server.js';
import { createToken } from '../src/domain/token.js';
import { recordConflict } from '../src/domain/conflict.js';
import { recordActor } from '../src/domain/actor.js';
import { amendIncident } from '../src/domain/incident.js';
import { changeTalkStatus } from '../src/domain/talk.js';
import {
  EVENTS,
  INCIDENT_RECORDED,
  Recorder,
  TRANSPORTS,
  cursorId,
  describeError,
  eventCursor,
  globalId,
  health,
  liveCount,
  mutate,
  record,
  seeded,
  sleep,
  until,
  wsClient,
  wsExecute,
  type Transport,
} from './support/live.js';

let server: TestServer;
let token: string;
let ids: ReturnType<typeof seeded>['ids'];
let rows: ReturnType<typeof seeded>['rows'];
/** A second conflict, for the conflict filter. */
let otherConflict: { row: number; id: string };

const open: Recorder[] = [];
/** Subscribes through an official client; closed after each test. */
function subscribe(transport: Transport, query: string, variables: Record<string, unknown> = {}, authorization?: string): Recorder {
  const recorder = new Recorder(transport, server.url, query, variables, authorization);
  open.push(recorder);
  return recorder;
}

const RECORD_INCIDENT = /* GraphQL */ `
  mutation Record($input: RecordIncidentInput!) {
    recordIncident(input: $input) {
      __typename
      ... on RecordIncidentPayload { incident { id title revision } event { cursor kind } }
      ... on UserError { code message }
    }
  }
`;

const AMEND_INCIDENT = /* GraphQL */ `
  mutation Amend($input: AmendIncidentInput!) {
    amendIncident(input: $input) {
      __typename
      ... on AmendIncidentPayload { incident { id title revision } event { cursor kind } }
      ... on UserError { code message }
    }
  }
`;

const incidentInput = (title: string) => ({
  conflict: ids.conflict,
  eventType: 'BATTLES',
  title,
  date: { start: '2025-06-03', precision: 'DAY' },
});

const lastEventId = async () => (await health(server.url)).lastEventId;
const idsOf = (recorder: Recorder) => recorder.data.map((d) => cursorId((d.events ?? d.incidentRecorded).cursor));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

beforeAll(async () => {
  server = await startServer();
  token = createToken(server.app.database.db, { name: 't' }).token;
  ({ ids, rows } = seeded(server.app.database.db));
  const c2 = server.app.writer.run((scope) =>
    recordConflict(scope, {
      slug: 'subscription-test-conflict',
      name: 'Another conflict',
      began: { start: '2020-01-01', precision: 'YEAR' },
    }),
  );
  otherConflict = { row: c2.id, id: globalId('Conflict', c2.id) };
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
  // Every test leaves the server with no subscription open.
  await liveCount(server.url, 0);
});

afterAll(async () => {
  await server?.stop();
});

describe('delivery', () => {
  it('an event written over HTTP reaches an SSE and a WebSocket subscriber within one second', async () => {
    const viaSse = subscribe('sse', EVENTS);
    const viaWs = subscribe('ws', EVENTS);
    await liveCount(server.url, 2);

    const started = performance.now();
    const written = await mutate(server.url, token, RECORD_INCIDENT, { input: incidentInput('Latency probe') });
    expect(written.recordIncident.__typename).toBe('RecordIncidentPayload');
    await Promise.all([viaSse.waitForData(1, 1_000), viaWs.waitForData(1, 1_000)]);
    const latencies = { sse: viaSse.arrivals[0]! - started, ws: viaWs.arrivals[0]! - started };
    console.log(`[latency] HTTP mutation -> subscriber: SSE ${latencies.sse.toFixed(1)} ms, WS ${latencies.ws.toFixed(1)} ms`);
    expect(latencies.sse).toBeLessThan(1_000);
    expect(latencies.ws).toBeLessThan(1_000);

    for (const recorder of [viaSse, viaWs]) {
      expect(recorder.results).toHaveLength(1);
      expect(recorder.results[0]!.errors).toBeUndefined();
      expect(recorder.data[0].events).toEqual({
        cursor: written.recordIncident.event.cursor,
        kind: 'INCIDENT_RECORDED',
        summary: 'Incident recorded: Latency probe',
        subject: { __typename: 'Incident', id: written.recordIncident.incident.id, title: 'Latency probe', revision: 1 },
      });
    }
  });

  it('a write over WebSocket (token in connectionParams) reaches both subscribers within one second', async () => {
    const viaSse = subscribe('sse', EVENTS);
    const viaWs = subscribe('ws', EVENTS);
    await liveCount(server.url, 2);

    const writer = wsClient(server.url, `Bearer ${token}`);
    try {
      const started = performance.now();
      const result = await wsExecute(writer, RECORD_INCIDENT, { input: incidentInput('Latency probe over WS') });
      expect(result.errors).toBeUndefined();
      expect(result.data.recordIncident.__typename).toBe('RecordIncidentPayload');
      await Promise.all([viaSse.waitForData(1, 1_000), viaWs.waitForData(1, 1_000)]);
      const latencies = { sse: viaSse.arrivals[0]! - started, ws: viaWs.arrivals[0]! - started };
      console.log(`[latency] WS mutation -> subscriber: SSE ${latencies.sse.toFixed(1)} ms, WS ${latencies.ws.toFixed(1)} ms`);
      expect(latencies.sse).toBeLessThan(1_000);
      expect(latencies.ws).toBeLessThan(1_000);
      for (const recorder of [viaSse, viaWs]) {
        expect(recorder.data.map((d) => d.events.cursor)).toEqual([result.data.recordIncident.event.cursor]);
      }
    } finally {
      await writer.dispose();
    }
  });

  it('a write over WebSocket without a token is refused with UNAUTHENTICATED and delivers nothing', async () => {
    const viaSse = subscribe('sse', EVENTS);
    await liveCount(server.url, 1);
    const before = await lastEventId();
    const anonymous = wsClient(server.url);
    try {
      const result = await wsExecute(anonymous, RECORD_INCIDENT, { input: incidentInput('Anonymous write') });
      expect(result.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
        ['UNAUTHENTICATED', 'Writing needs a token: send `Authorization: Bearer <token>`.'],
      ]);
    } finally {
      await anonymous.dispose();
    }
    expect(await lastEventId()).toBe(before);
    await sleep(200);
    expect(viaSse.results).toEqual([]);
  });
});

describe('filters', () => {
  it.each(TRANSPORTS)('events(filter:) delivers only matching events, in order (%s)', async (transport) => {
    const s = (filter: Record<string, unknown>) => subscribe(transport, EVENTS, { filter });
    const byKind = s({ kinds: ['INCIDENT_RECORDED'] });
    const byConflict = s({ conflict: otherConflict.id });
    const byTalk = s({ talk: ids.round2 });
    const byActors = s({ actors: [ids.ukraine, ids.turkey] });
    const byAll = s({ kinds: ['INCIDENT_RECORDED', 'INCIDENT_AMENDED'], conflict: ids.conflict, talk: ids.round2, actors: [ids.ukraine] });
    const unfiltered = s({});
    await liveCount(server.url, 6);

    const { writer } = server.app;
    const tag = `[${transport}]`;
    const ukraine = (side: 'INITIATOR' | 'TARGET' = 'INITIATOR') => ({ actorId: rows.ukraine, side });
    // A: matches everything. B: another actor. C: no talk. D: another conflict. E: Turkey, no talk.
    const a = record(writer, rows.conflict, `${tag} A`, { talkId: rows.round2, actors: [ukraine()] });
    const b = record(writer, rows.conflict, `${tag} B`, { talkId: rows.round2, actors: [{ actorId: rows.russia, side: 'INITIATOR' }] });
    const c = record(writer, rows.conflict, `${tag} C`, { actors: [ukraine('TARGET')] });
    const d = record(writer, otherConflict.row, `${tag} D`, { actors: [ukraine()] });
    // An event of another kind, about no incident at all.
    const actorEvent = writer.run((scope) => {
      recordActor(scope, { name: `${tag} Some militia`, kind: 'ARMED_FORCE' });
      return scope.appended.at(-1)!.id;
    });
    const e = record(writer, rows.conflict, `${tag} E`, { actors: [{ actorId: rows.turkey, side: 'TARGET' }] });
    // An amendment of A: another kind, same conflict, talk and actors.
    const amended = writer.run((scope) => {
      amendIncident(scope, { incidentId: a.incident.id, reason: 'retitled', changes: { title: `${tag} A2` } });
      return scope.appended.at(-1)!.id;
    });

    const expected = new Map<Recorder, number[]>([
      [byKind, [a.eventId, b.eventId, c.eventId, d.eventId, e.eventId]],
      [byConflict, [d.eventId]],
      [byTalk, [a.eventId, b.eventId, amended]],
      [byActors, [a.eventId, c.eventId, d.eventId, e.eventId, amended]],
      [byAll, [a.eventId, amended]],
      [unfiltered, [a.eventId, b.eventId, c.eventId, d.eventId, actorEvent, e.eventId, amended]],
    ]);
    await Promise.all([...expected].map(([r, want]) => r.waitForData(want.length)));
    // Anything that should not arrive would arrive with or before the last event: give it a moment.
    await sleep(150);
    for (const [recorder, want] of expected) {
      expect(recorder.graphqlErrors).toEqual([]);
      expect(idsOf(recorder)).toEqual(want);
    }
    expect(byAll.data.map((d) => [d.events.kind, d.events.subject.title])).toEqual([
      ['INCIDENT_RECORDED', `${tag} A`],
      ['INCIDENT_AMENDED', `${tag} A2`],
    ]);
    expect(byConflict.data.map((x) => x.events.subject.title)).toEqual([`${tag} D`]);
  });

  it.each(TRANSPORTS)('incidentRecorded(filter:) delivers only matching incidents, in order (%s)', async (transport) => {
    const s = (filter: Record<string, unknown>) => subscribe(transport, INCIDENT_RECORDED, { filter });
    const byType = s({ eventTypes: ['PROTESTS', 'RIOTS'] });
    const byActors = s({ actors: [ids.russia] });
    const byBoth = s({ eventTypes: ['BATTLES'], actors: [ids.russia] });
    await liveCount(server.url, 3);

    const { writer } = server.app;
    const tag = `[${transport}]`;
    const russia = { actorId: rows.russia, side: 'INITIATOR' as const };
    const battleRussia = record(writer, rows.conflict, `${tag} battle, Russia`, { eventType: 'BATTLES', actors: [russia] });
    const protest = record(writer, rows.conflict, `${tag} protest, nobody`, { eventType: 'PROTESTS' });
    const riotRussia = record(writer, rows.conflict, `${tag} riot, Russia`, {
      eventType: 'RIOTS',
      actors: [{ ...russia, side: 'TARGET' }],
    });
    record(writer, rows.conflict, `${tag} battle, Ukraine`, {
      eventType: 'BATTLES',
      actors: [{ actorId: rows.ukraine, side: 'INITIATOR' }],
    });
    // An amendment that turns the protest into a battle with Russia is not a recorded incident.
    writer.run((scope) =>
      amendIncident(scope, { incidentId: protest.incident.id, reason: 'was a battle', changes: { eventType: 'BATTLES' } }),
    );
    const battleRussia2 = record(writer, rows.conflict, `${tag} second battle, Russia`, { eventType: 'BATTLES', actors: [russia] });

    const expected = new Map<Recorder, { id: number; title: string; type: string }[]>([
      [
        byType,
        [
          { id: protest.eventId, title: `${tag} protest, nobody`, type: 'PROTESTS' },
          { id: riotRussia.eventId, title: `${tag} riot, Russia`, type: 'RIOTS' },
        ],
      ],
      [
        byActors,
        [
          { id: battleRussia.eventId, title: `${tag} battle, Russia`, type: 'BATTLES' },
          { id: riotRussia.eventId, title: `${tag} riot, Russia`, type: 'RIOTS' },
          { id: battleRussia2.eventId, title: `${tag} second battle, Russia`, type: 'BATTLES' },
        ],
      ],
      [
        byBoth,
        [
          { id: battleRussia.eventId, title: `${tag} battle, Russia`, type: 'BATTLES' },
          { id: battleRussia2.eventId, title: `${tag} second battle, Russia`, type: 'BATTLES' },
        ],
      ],
    ]);
    await Promise.all([...expected].map(([r, want]) => r.waitForData(want.length)));
    await sleep(150);
    for (const [recorder, want] of expected) {
      expect(recorder.graphqlErrors).toEqual([]);
      expect(recorder.data.map((d) => d.incidentRecorded.event.kind)).toEqual(want.map(() => 'INCIDENT_RECORDED'));
      expect(
        recorder.data.map((d) => ({
          id: cursorId(d.incidentRecorded.cursor),
          title: d.incidentRecorded.incident.title,
          type: d.incidentRecorded.incident.eventType,
        })),
      ).toEqual(want);
    }
    // The protest was amended into a battle before it was delivered: `incident` is the incident as
    // recorded, so byType shows it as a protest (see `want`), and no amendment reaches byBoth.
  });
});

describe('talkUpdated', () => {
  it.each(TRANSPORTS)('talkUpdated(id: $id) delivers only the changes to that round, in order (%s)', async (transport) => {
    // A required variable, as a client would send the round's id.
    const updates = subscribe(
      transport,
      /* GraphQL */ `
      subscription Round($id: ID!) { talkUpdated(id: $id) { cursor event { kind summary } talk { id } } }
    `,
      { id: ids.round1 },
    );
    await until(
      'the subscription to be live, or refused',
      () => health(server.url),
      (h) => h.subscriptions === 1 || updates.ended,
    );
    expect(updates.graphqlErrors).toEqual([]);
    expect(updates.ended).toBe(false);

    const { writer } = server.app;
    const change = (talkId: number, status: 'IN_PROGRESS' | 'CONCLUDED' | 'SCHEDULED') =>
      writer.run((scope) => {
        changeTalkStatus(scope, { talkId, status });
        return scope.appended.at(-1)!.id;
      });
    const started = change(rows.round1, 'IN_PROGRESS');
    change(rows.round2, 'IN_PROGRESS'); // another round
    record(writer, rows.conflict, `[${transport}] incident tied to round 1`, { talkId: rows.round1 }); // not a change to the round
    const concluded = change(rows.round1, 'CONCLUDED');
    change(rows.round2, 'SCHEDULED');

    await updates.waitFor('2 updates', (r) => r.data.length >= 2 || r.ended);
    await sleep(150);
    expect(updates.graphqlErrors).toEqual([]);
    expect(
      updates.data.map((d) => ({
        id: cursorId(d.talkUpdated.cursor),
        kind: d.talkUpdated.event.kind,
        summary: d.talkUpdated.event.summary,
        talk: d.talkUpdated.talk.id,
      })),
    ).toEqual([
      {
        id: started,
        kind: 'TALK_STATUS_CHANGED',
        summary: 'First round of direct Russia–Ukraine talks: concluded → in progress',
        talk: ids.round1,
      },
      {
        id: concluded,
        kind: 'TALK_STATUS_CHANGED',
        summary: 'First round of direct Russia–Ukraine talks: in progress → concluded',
        talk: ids.round1,
      },
    ]);
  });
});

describe('resume', () => {
  it.each(TRANSPORTS)('after: <last cursor> delivers exactly the missed events in order, then live ones (%s)', async (transport) => {
    const { writer } = server.app;
    const first = subscribe(transport, EVENTS);
    await liveCount(server.url, 1);
    const seen = [1, 2, 3].map((i) => record(writer, rows.conflict, `resume ${transport} seen ${i}`).eventId);
    await first.waitForData(3);
    expect(idsOf(first)).toEqual(seen);
    const lastCursor = first.data.at(-1).events.cursor as string;
    await first.close();
    open.splice(open.indexOf(first), 1);
    await liveCount(server.url, 0);

    const missed = [1, 2, 3, 4, 5].map((i) => record(writer, rows.conflict, `resume ${transport} missed ${i}`).eventId);
    const resumed = subscribe(transport, EVENTS, { after: lastCursor });
    await resumed.waitForData(5);
    expect(idsOf(resumed)).toEqual(missed);
    expect(resumed.data.map((d) => d.events.subject.title)).toEqual([1, 2, 3, 4, 5].map((i) => `resume ${transport} missed ${i}`));

    await liveCount(server.url, 1);
    const live = [1, 2].map((i) => record(writer, rows.conflict, `resume ${transport} live ${i}`).eventId);
    await resumed.waitForData(7);
    await sleep(100);
    expect(idsOf(resumed)).toEqual([...missed, ...live]);
    expect(resumed.graphqlErrors).toEqual([]);
  });

  it('a replay of 300 events with writes racing it delivers every id exactly once, in order (both transports)', async () => {
    const { writer } = server.app;
    const from = await lastEventId();
    // 300 events in the log to replay, written one by one. Long descriptions make the replay big
    // enough (about 2.4 MB per subscriber) that it cannot be written out in one turn of the event loop.
    const description = 'x'.repeat(4_000);
    for (let i = 0; i < 300; i++) record(writer, rows.conflict, `replay backlog ${i}`, { description });
    expect(await lastEventId()).toBe(from + 300);

    const query = /* GraphQL */ `
      subscription($after: String) {
        events(after: $after) {
          cursor
          subject { ... on Incident { title description } }
          current { ... on Incident { description } }
        }
      }
    `;
    const subscribers = TRANSPORTS.map((t) => subscribe(t, query, { after: eventCursor(from) }));
    // Writes interleaved with the replay: one per turn of the event loop until both subscribers have
    // received the whole backlog (and at least 30 writes), at most 3,000. For each write, how much of
    // the backlog each subscriber had received when it committed.
    const progressAtWrite: number[][] = [];
    let writes = 0;
    while (writes < 3_000 && (writes < 30 || subscribers.some((s) => s.data.length < 300))) {
      record(writer, rows.conflict, `replay race ${writes}`, { description: 'short' });
      progressAtWrite.push(subscribers.map((s) => s.data.length));
      writes++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const total = 300 + writes;
    await Promise.all(subscribers.map((s) => s.waitForData(total, 10_000)));
    await sleep(100);
    subscribers.forEach((s, index) => {
      expect(s.graphqlErrors).toEqual([]);
      const got = s.data.map((d) => cursorId(d.events.cursor));
      expect(got.length).toBe(total);
      expect(new Set(got).size).toBe(total);
      expect(got).toEqual(range(from + 1, from + total));
      expect(s.data.slice(0, 300).map((d) => d.events.subject.title)).toEqual(range(0, 299).map((i) => `replay backlog ${i}`));
      expect(s.data.slice(300).map((d) => d.events.subject.title)).toEqual(range(0, writes - 1).map((i) => `replay race ${i}`));
      // The race was real: writes committed while this subscriber had received part of the backlog.
      const racing = progressAtWrite.filter((p) => p[index]! > 0 && p[index]! < 300).length;
      console.log(`[replay] ${s.transport}: ${writes} writes, ${racing} committed while 1-299 of the 300 replayed events had arrived`);
      expect(racing).toBeGreaterThan(0);
    });
  });
});

describe('invalid cursors', () => {
  const cases: [string, () => Promise<string>][] = [
    ['a cursor past the last event', async () => eventCursor((await lastEventId()) + 1)],
    ['a cursor far past the last event', async () => eventCursor((await lastEventId()) + 100_000)],
    ['a malformed cursor', async () => 'not a cursor!'],
    ['base64 of something that is not an event cursor', async () => Buffer.from(JSON.stringify(['x', 3])).toString('base64url')],
    ['a negative event id', async () => eventCursor(-1)],
  ];
  for (const transport of TRANSPORTS) {
    for (const [name, cursor] of cases) {
      it(`${name} ends the subscription with INVALID_CURSOR (${transport})`, async () => {
        const after = await cursor();
        const events = subscribe(transport, EVENTS, { after });
        const incidents = subscribe(transport, INCIDENT_RECORDED, { after });
        for (const r of [events, incidents]) {
          await r.waitForEnd();
          expect(r.data).toEqual([]);
          expect(r.graphqlErrors.map((e) => e.extensions?.code)).toEqual(['INVALID_CURSOR']);
        }
        expect((await health(server.url)).subscriptions).toBe(0);
      });
    }
  }
});

describe('subjects as committed', () => {
  it.each(TRANSPORTS)('three versions of an incident arrive as three subjects, live and on replay (%s)', async (transport) => {
    const before = await lastEventId();
    const live = subscribe(
      transport,
      /* GraphQL */ `
      subscription { events { cursor kind subject { ... on Incident { title revision } } current { ... on Incident { title revision } } } }
    `,
    );
    await liveCount(server.url, 1);

    const v1 = await mutate(server.url, token, RECORD_INCIDENT, { input: incidentInput(`${transport} version 1`) });
    const incident = v1.recordIncident.incident.id as string;
    const v2 = await mutate(server.url, token, AMEND_INCIDENT, {
      input: { incident, reason: 'first fix', title: `${transport} version 2` },
    });
    const v3 = await mutate(server.url, token, AMEND_INCIDENT, {
      input: { incident, reason: 'second fix', title: `${transport} version 3` },
    });
    expect(v3.amendIncident.incident).toEqual({ id: incident, title: `${transport} version 3`, revision: 3 });

    const versions = [1, 2, 3].map((revision) => ({ title: `${transport} version ${revision}`, revision }));
    const expected = [
      { cursor: v1.recordIncident.event.cursor, kind: 'INCIDENT_RECORDED', subject: versions[0], current: versions[2] },
      { cursor: v2.amendIncident.event.cursor, kind: 'INCIDENT_AMENDED', subject: versions[1], current: versions[2] },
      { cursor: v3.amendIncident.event.cursor, kind: 'INCIDENT_AMENDED', subject: versions[2], current: versions[2] },
    ];
    await live.waitForData(3);
    // `current` is the incident as it stands when each event is delivered: never older than the subject.
    expect(live.data.map(({ events: { current, ...rest } }) => rest)).toEqual(expected.map(({ current, ...rest }) => rest));
    for (const { events } of live.data) expect(events.current.revision).toBeGreaterThanOrEqual(events.subject.revision);

    // Later, a replay from before the first write shows the same three versions.
    const replay = subscribe(
      transport,
      /* GraphQL */ `
      subscription($after: String) { events(after: $after) { cursor kind subject { ... on Incident { title revision } } current { ... on Incident { title revision } } } }
    `,
      { after: eventCursor(before) },
    );
    await replay.waitForData(3);
    await sleep(100);
    // By then every event's `current` is the third version; each `subject` is still its own version.
    expect(replay.data.map((d) => d.events)).toEqual(expected);
  });
});

describe('a subscription the server refuses', () => {
  // 16 aliases: one over the server's limit of 15.
  const TOO_MANY_ALIASES = `subscription { events { ${Array.from({ length: 16 }, (_, i) => `c${i}: cursor`).join(' ')} } }`;

  it('over SSE: an error result, and the stream completes', async () => {
    const refused = subscribe('sse', TOO_MANY_ALIASES);
    await refused.waitForEnd();
    expect(refused.data).toEqual([]);
    expect(refused.graphqlErrors.map((e) => e.message)).toEqual([expect.stringMatching(/aliases limit of 15/i)]);
  });

  it('over WebSocket: an error for that operation, while the other subscriptions of its connection carry on', async () => {
    const client = wsClient(server.url);
    try {
      const healthy = new Recorder('ws', server.url, EVENTS, {}, undefined, client);
      open.push(healthy);
      await liveCount(server.url, 1);
      const refused = new Recorder('ws', server.url, TOO_MANY_ALIASES, {}, undefined, client);
      open.push(refused);
      await refused.waitForEnd();
      // graphql-ws answers a refused operation with an `error` message for its id: the client's
      // sink gets the GraphQL errors, and the socket stays open for the other operations.
      expect(Array.isArray(refused.error), `refused with ${describeError(refused.error)} instead of an error message`).toBe(true);
      expect(refused.graphqlErrors.map((e) => e.message)).toEqual([expect.stringMatching(/aliases limit of 15/i)]);
      await sleep(100);
      expect(healthy.ended, `the healthy subscription on the same socket ended too: ${describeError(healthy.error)}`).toBe(false);
      const { eventId } = record(server.app.writer, rows.conflict, 'after a refused subscription');
      await healthy.waitForData(1);
      expect(idsOf(healthy)).toEqual([eventId]);
    } finally {
      await client.dispose();
    }
  });
});

describe('SSE responses', () => {
  it('are not cached or buffered by proxies: cache-control no-cache, x-accel-buffering no', async () => {
    const controller = new AbortController();
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { events { cursor } }' }),
      signal: controller.signal,
    });
    try {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect(res.headers.get('cache-control')).toMatch(/(^|,\s*)no-cache(\s*,|$)/);
      expect(res.headers.get('x-accel-buffering')).toBe('no');
      await liveCount(server.url, 1);
    } finally {
      controller.abort();
    }
  });

  it('the headers are the same for a GET subscription', async () => {
    const controller = new AbortController();
    const url = new URL(server.url);
    url.searchParams.set('query', 'subscription { events { cursor } }');
    // As a browser's EventSource asks: no header of its own.
    const res = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    try {
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toMatch(/(^|,\s*)no-cache(\s*,|$)/);
      expect(res.headers.get('x-accel-buffering')).toBe('no');
    } finally {
      controller.abort();
    }
  });
});
