/**
 * Two server instances sharing one SQLite file, fanning out through a real Redis (a child
 * redis-server on a free port): each delivers the other's events; without Redis each still
 * delivers its own, and a resubscription with the last cursor catches up on the other's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { freePort, startServer, type TestServer } from './support/server.js';
import { EVENTS, Recorder, cursorId, liveCount, mutate, seeded, sleep, until, type Transport } from './support/live.js';

const CHANNEL = 'parley:events';

const dir = mkdtempSync(join(tmpdir(), 'parley-redis-'));
const dbPath = join(dir, 'shared.sqlite');
let redisPort: number;
let redis: ChildProcess | undefined;
let a: TestServer;
let b: TestServer;
let token: string;
let conflictId: string;
const recorders: Recorder[] = [];

/** Starts redis-server on `redisPort` and resolves once it accepts connections. */
async function startRedis(): Promise<void> {
  const child = spawn('/usr/bin/redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  redis = child;
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 5_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
}

async function stopRedis(): Promise<void> {
  const child = redis;
  redis = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** How many connections are subscribed to the fan-out channel (one per server when both are ready). */
async function channelSubscribers(): Promise<number> {
  const client = new Redis({ host: '127.0.0.1', port: redisPort, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    const reply = (await client.pubsub('NUMSUB', CHANNEL)) as [string, number];
    return Number(reply[1]);
  } finally {
    client.disconnect();
  }
}

function subscribe(server: TestServer, transport: Transport, variables: Record<string, unknown> = {}): Recorder {
  const recorder = new Recorder(transport, server.url, EVENTS, variables);
  recorders.push(recorder);
  return recorder;
}

const RECORD = /* GraphQL */ `
  mutation Record($input: RecordIncidentInput!) {
    recordIncident(input: $input) { __typename ... on RecordIncidentPayload { event { cursor } } ... on UserError { message } }
  }
`;

/** Records an incident through a server's HTTP API; returns its event id. */
async function recordVia(server: TestServer, title: string): Promise<number> {
  const data = await mutate(server.url, token, RECORD, {
    input: { conflict: conflictId, eventType: 'BATTLES', title, date: { start: '2025-06-04', precision: 'DAY' } },
  });
  expect(data.recordIncident.__typename).toBe('RecordIncidentPayload');
  return cursorId(data.recordIncident.event.cursor);
}

const idsOf = (r: Recorder) => r.data.map((d) => cursorId(d.events.cursor));

beforeAll(async () => {
  redisPort = await freePort();
  await startRedis();
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  // A long poll: anything delivered within a second went through Redis, not the safety-net poll.
  a = await startServer({ dbPath, redisUrl, pollMs: 60_000 });
  b = await startServer({ dbPath, redisUrl, pollMs: 60_000, seed: false });
  token = createToken(a.app.database.db, { name: 't' }).token;
  conflictId = seeded(a.app.database.db).ids.conflict;
  await until('both servers subscribed to the channel', channelSubscribers, (n) => n === 2, 5_000, 50);
});

afterAll(async () => {
  await Promise.all(recorders.map((r) => r.close()));
  await Promise.all([a?.stop(), b?.stop()]);
  await stopRedis();
  rmSync(dir, { recursive: true, force: true });
});

describe('two processes on one database, with Redis', () => {
  it('an event recorded through A reaches subscribers on B within one second, and the other way round', async () => {
    const onB = [subscribe(b, 'sse'), subscribe(b, 'ws')];
    const onA = [subscribe(a, 'sse'), subscribe(a, 'ws')];
    await Promise.all([liveCount(a.url, 2), liveCount(b.url, 2)]);

    const started = performance.now();
    const fromA = await recordVia(a, 'recorded through A');
    await Promise.all(onB.map((r) => r.waitForData(1, 1_000)));
    const latencies = onB.map((r) => r.arrivals[0]! - started);
    console.log(`[redis] A -> B: SSE ${latencies[0]!.toFixed(1)} ms, WS ${latencies[1]!.toFixed(1)} ms`);
    for (const latency of latencies) expect(latency).toBeLessThan(1_000);

    const startedB = performance.now();
    const fromB = await recordVia(b, 'recorded through B');
    await Promise.all(onA.map((r) => r.waitForData(2, 1_000)));
    const latenciesB = onA.map((r) => r.arrivals[1]! - startedB);
    console.log(`[redis] B -> A: SSE ${latenciesB[0]!.toFixed(1)} ms, WS ${latenciesB[1]!.toFixed(1)} ms`);
    for (const latency of latenciesB) expect(latency).toBeLessThan(1_000);

    await Promise.all(onB.map((r) => r.waitForData(2, 1_000)));
    await sleep(100);
    for (const r of [...onA, ...onB]) {
      expect(r.graphqlErrors).toEqual([]);
      expect(idsOf(r)).toEqual([fromA, fromB]);
      expect(r.data.map((d) => d.events.subject.title)).toEqual(['recorded through A', 'recorded through B']);
    }
    await Promise.all(recorders.splice(0).map((r) => r.close()));
    await Promise.all([liveCount(a.url, 0), liveCount(b.url, 0)]);
  });

  it('without Redis, each delivers its own events; B catches up on A’s by resubscribing with its last cursor, and when Redis is back', async () => {
    const onA = subscribe(a, 'sse');
    const stayOnB = subscribe(b, 'ws');
    const resumeOnB = subscribe(b, 'sse');
    await Promise.all([liveCount(a.url, 1), liveCount(b.url, 2)]);
    // A last event both servers delivered, through Redis.
    const before = await recordVia(a, 'before the outage');
    for (const r of [onA, stayOnB, resumeOnB]) await r.waitForData(1, 1_000);
    const lastCursor = resumeOnB.data.at(-1).events.cursor as string;
    expect(cursorId(lastCursor)).toBe(before);

    await stopRedis();

    // A's own subscriber still gets A's events at once.
    const started = performance.now();
    const a1 = await recordVia(a, 'A during the outage 1');
    const a2 = await recordVia(a, 'A during the outage 2');
    await onA.waitForData(3, 1_000);
    console.log(`[redis] without Redis, A -> A: ${(onA.arrivals[2]! - started).toFixed(1)} ms for two events`);
    expect(idsOf(onA)).toEqual([before, a1, a2]);

    // A subscriber on B resubscribes with its last cursor: it catches up on A's events, in order.
    await resumeOnB.close();
    recorders.splice(recorders.indexOf(resumeOnB), 1);
    const resumed = subscribe(b, 'sse', { after: lastCursor });
    await resumed.waitForData(2, 2_000);
    expect(idsOf(resumed)).toEqual([a1, a2]);
    expect(resumed.data.map((d) => d.events.subject.title)).toEqual(['A during the outage 1', 'A during the outage 2']);
    await liveCount(b.url, 2);

    // B's own events reach B's subscribers at once; the one that stayed reads A's too, in log order.
    const startedB = performance.now();
    const b1 = await recordVia(b, 'B during the outage');
    await resumed.waitForData(3, 1_000);
    await stayOnB.waitForData(4, 1_000);
    console.log(`[redis] without Redis, B -> B: ${(resumed.arrivals[2]! - startedB).toFixed(1)} ms`);
    expect(idsOf(resumed)).toEqual([a1, a2, b1]);
    expect(idsOf(stayOnB)).toEqual([before, a1, a2, b1]);

    // Redis comes back on the same port: the servers reconnect and B's event reaches A's
    // subscriber without waiting for the minute-long poll.
    await startRedis();
    await onA.waitForData(4, 8_000);
    expect(idsOf(onA)).toEqual([before, a1, a2, b1]);
    await until('both servers subscribed again', channelSubscribers, (n) => n === 2, 8_000, 100);
    const startedAgain = performance.now();
    const a3 = await recordVia(a, 'A after the outage');
    await Promise.all([stayOnB.waitForData(5, 1_000), resumed.waitForData(4, 1_000)]);
    console.log(`[redis] after reconnecting, A -> B: ${(stayOnB.arrivals[4]! - startedAgain).toFixed(1)} ms`);
    expect(idsOf(stayOnB)).toEqual([before, a1, a2, b1, a3]);
    expect(idsOf(resumed)).toEqual([a1, a2, b1, a3]);
    for (const r of [onA, stayOnB, resumed]) expect(r.graphqlErrors).toEqual([]);
  });
});
