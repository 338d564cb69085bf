/**
 * What a subscriber cannot do to the server: a WebSocket or SSE client that stops reading is cut off
 * (while healthy subscribers keep receiving everything), and a thousand subscriptions dropped
 * abruptly leave no subscription behind. Raw sockets (ws, node:http) stand in for misbehaving clients.
 */
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../src/config.js';
import { startServer, type TestServer } from './support/server.js';
import { EVENTS, Recorder, cursorId, health, liveCount, record, seeded, sleep, until } from './support/live.js';

const BUFFER_BYTES = 16 * 1024;
const STALL_MS = 300;

/**
 * A subscription whose every event is big: the description 16 times over (15 aliases is the
 * server's limit), about 64 KB per event.
 */
const copies = (prefix: string) => ['description', ...Array.from({ length: 7 }, (_, i) => `${prefix}${i}: description`)].join(' ');
const BIG = `subscription { events { cursor subject { ... on Incident { ${copies('s')} } } current { ... on Incident { ${copies('c')} } } } }`;
const LONG_DESCRIPTION = 'Long description of an incident. '.repeat(120); // ~4 KB

let server: TestServer;
let rows: ReturnType<typeof seeded>['rows'];
const cleanup: (() => unknown)[] = [];

beforeAll(async () => {
  // One address may hold exactly the 1,000 subscriptions the last test opens: a slot that an
  // abrupt drop failed to release would refuse the subscription it opens afterwards.
  server = await startServer({
    subscriptionBufferBytes: BUFFER_BYTES,
    subscriptionStallMs: STALL_MS,
    limits: { ...loadConfig({}).limits, subscriptionsPerAddress: 1_000, connectionsPerAddress: 2_000 },
  });
  ({ rows } = seeded(server.app.database.db));
});

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  await liveCount(server.url, 0, 10_000);
});

afterAll(async () => {
  await server?.stop();
});

interface RawWs {
  socket: WebSocket;
  /** Protocol messages received, parsed. */
  messages: { id?: string; type: string; payload?: any }[];
  closed: Promise<{ code: number; reason: string }>;
  /** The net socket under the WebSocket. */
  net: Socket;
}

/** A WebSocket speaking graphql-transport-ws by hand: init, wait for the ack, subscribe. */
async function rawWsSubscribe(url: string, query: string, variables: Record<string, unknown> = {}): Promise<RawWs> {
  const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: RawWs['messages'] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  socket.on('error', () => {});
  const acked = new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      messages.push(message);
      if (message.type === 'connection_ack') resolve();
    });
    socket.once('close', () => reject(new Error('closed before connection_ack')));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  await acked;
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } }));
  return { socket, messages, closed, net: (socket as unknown as { _socket: Socket })._socket };
}

interface RawSse {
  req: ClientRequest;
  res: IncomingMessage;
  /** Everything read from the body so far. */
  body(): string;
  /** Resolves when the response has ended, one way or another. */
  ended: Promise<'end' | 'aborted' | 'close'>;
}

/** A POST subscription over SSE on its own connection, with node:http (no client library). */
function rawSseSubscribe(url: string, query: string, options: { pause?: boolean } = {}): Promise<RawSse> {
  const target = new URL(url);
  const body = JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        if (options.pause) res.pause();
        const chunks: string[] = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => chunks.push(chunk));
        const ended = new Promise<'end' | 'aborted' | 'close'>((done) => {
          res.once('end', () => done('end'));
          res.once('aborted', () => done('aborted'));
          res.once('close', () => done('close'));
        });
        res.on('error', () => {});
        resolve({ req, res, body: () => chunks.join(''), ended });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Events of an SSE body: `event: next` data payloads, parsed. */
const sseNexts = (body: string) =>
  body
    .split('\n\n')
    .filter((block) => block.includes('event: next'))
    .map((block) =>
      JSON.parse(
        block
          .split('\n')
          .find((line) => line.startsWith('data: '))!
          .slice(6),
      ),
    );

/**
 * Records big events, one every few milliseconds, until `dropped()` holds (bounded: 400 events or
 * 20 s). Returns the event ids recorded.
 */
async function recordUntil(dropped: () => Promise<boolean>): Promise<number[]> {
  const recorded: number[] = [];
  const deadline = Date.now() + 20_000;
  while (recorded.length < 400 && Date.now() < deadline) {
    recorded.push(record(server.app.writer, rows.conflict, `big ${recorded.length}`, { description: LONG_DESCRIPTION }).eventId);
    await sleep(10);
    if (await dropped()) break;
  }
  return recorded;
}

/** Two healthy subscribers, one per transport, through the official clients. */
async function healthySubscribers(): Promise<Recorder[]> {
  const healthy = [new Recorder('sse', server.url, EVENTS), new Recorder('ws', server.url, EVENTS)];
  cleanup.push(() => Promise.all(healthy.map((h) => h.close())));
  return healthy;
}

describe('a subscriber that stops reading', () => {
  it('over WebSocket is cut off while healthy subscribers receive every event', async () => {
    const healthy = await healthySubscribers();
    const stalled = await rawWsSubscribe(server.url, BIG);
    cleanup.push(() => stalled.socket.terminate());
    await liveCount(server.url, 3);

    stalled.net.pause();
    const recorded = await recordUntil(async () => (await health(server.url)).subscriptions < 3);
    // The stalled subscription is gone; the healthy ones are not.
    await liveCount(server.url, 2, 5_000);
    console.log(`[stall] WebSocket subscriber dropped after ${recorded.length} events of ~64 KB`);

    // The others keep receiving: two more events after the drop.
    for (let i = 0; i < 2; i++) recorded.push(record(server.app.writer, rows.conflict, `after the drop ${i}`).eventId);
    for (const h of healthy) {
      await h.waitForData(recorded.length, 10_000);
      expect(h.graphqlErrors).toEqual([]);
      expect(h.data.map((d) => cursorId(d.events.cursor))).toEqual(recorded);
    }

    // Read what the stalled client was sent: the server ended it (close 4408, or an error
    // SLOW_CONSUMER) before it could receive everything.
    stalled.net.resume();
    const closed = await Promise.race([stalled.closed, sleep(10_000).then(() => null)]);
    const errors = stalled.messages.filter((m) => m.type === 'error').flatMap((m) => m.payload);
    const nexts = stalled.messages.filter((m) => m.type === 'next');
    const slowConsumer =
      errors.some((e: any) => e.extensions?.code === 'SLOW_CONSUMER') ||
      nexts.some((m) => m.payload.errors?.some((e: any) => e.extensions?.code === 'SLOW_CONSUMER'));
    console.log(`[stall] stalled WebSocket: ${nexts.length} events read, close ${JSON.stringify(closed)}, SLOW_CONSUMER: ${slowConsumer}`);
    expect(closed?.code === 4408 || slowConsumer).toBe(true);
    expect(nexts.length).toBeLessThan(recorded.length);
    // What it did receive was in order, from the start.
    const got = nexts.filter((m) => m.payload.data).map((m) => cursorId(m.payload.data.events.cursor));
    expect(got).toEqual(recorded.slice(0, got.length));
  });

  it('over SSE is dropped (its live count goes down) while healthy subscribers receive every event', async () => {
    const healthy = await healthySubscribers();
    const stalled = await rawSseSubscribe(server.url, BIG, { pause: true });
    cleanup.push(() => stalled.req.destroy());
    expect(stalled.res.statusCode).toBe(200);
    await liveCount(server.url, 3);

    const recorded = await recordUntil(async () => (await health(server.url)).subscriptions < 3);
    await liveCount(server.url, 2, 5_000);
    console.log(`[stall] SSE subscriber dropped after ${recorded.length} events of ~64 KB`);

    for (let i = 0; i < 2; i++) recorded.push(record(server.app.writer, rows.conflict, `after the SSE drop ${i}`).eventId);
    for (const h of healthy) {
      await h.waitForData(recorded.length, 10_000);
      expect(h.graphqlErrors).toEqual([]);
      expect(h.data.map((d) => cursorId(d.events.cursor))).toEqual(recorded);
    }

    // The stalled response was cut: reading on, it ends without having carried every event.
    stalled.res.resume();
    const how = await Promise.race([stalled.ended, sleep(10_000).then(() => 'still open' as const)]);
    expect(how).not.toBe('still open');
    const nexts = sseNexts(stalled.body());
    const slowConsumer = nexts.some((n) => n.errors?.some((e: any) => e.extensions?.code === 'SLOW_CONSUMER'));
    console.log(
      `[stall] stalled SSE: ${nexts.length} results read, response ended by ${how}, SLOW_CONSUMER error: ${slowConsumer}, tail: ${JSON.stringify(stalled.body().slice(-300))}`,
    );
    expect(nexts.length).toBeLessThan(recorded.length);
    // A response that ended cleanly must have said why: SLOW_CONSUMER.
    if (how === 'end') expect(slowConsumer).toBe(true);
    const got = nexts.filter((n) => n.data).map((n) => cursorId(n.data.events.cursor));
    expect(got).toEqual(recorded.slice(0, got.length));
  });
});

describe('abandoned subscriptions', () => {
  it('1,000 subscriptions (500 SSE, 500 WebSocket) dropped abruptly leave /health at 0 within a few seconds', async () => {
    const small = 'subscription { events { cursor } }';
    const sockets: WebSocket[] = [];
    const streams: RawSse[] = [];
    cleanup.push(() => {
      for (const s of sockets) s.terminate();
      for (const s of streams) s.req.destroy();
    });
    const opening = Date.now();
    // Opened 250 at a time (125 of each kind), each on its own connection.
    for (let i = 0; i < 4; i++) {
      const [ws, sse] = await Promise.all([
        Promise.all(Array.from({ length: 125 }, () => rawWsSubscribe(server.url, small))),
        Promise.all(Array.from({ length: 125 }, () => rawSseSubscribe(server.url, small))),
      ]);
      sockets.push(...ws.map((w) => w.socket));
      streams.push(...sse);
    }
    await liveCount(server.url, 1_000, 10_000);
    console.log(`[abandon] 1,000 subscriptions opened in ${Date.now() - opening} ms`);

    // Every socket destroyed without completing anything: no `complete`, no close frame, no FIN handshake wait.
    const dropped = Date.now();
    for (const s of sockets) (s as unknown as { _socket: Socket })._socket.destroy();
    for (const s of streams) s.res.socket.destroy();
    const after = await until(
      'no live subscription',
      () => health(server.url),
      (h) => h.subscriptions === 0,
      5_000,
      50,
    );
    console.log(`[abandon] 1,000 subscriptions back to 0 in ${Date.now() - dropped} ms`);
    expect(after.subscriptions).toBe(0);

    // The server still serves new subscribers afterwards.
    const fresh = new Recorder('ws', server.url, EVENTS);
    cleanup.push(() => fresh.close());
    await liveCount(server.url, 1);
    const { eventId } = record(server.app.writer, rows.conflict, 'after the mass drop');
    await fresh.waitForData(1);
    expect(fresh.data.map((d) => cursorId(d.events.cursor))).toEqual([eventId]);
  });
});
