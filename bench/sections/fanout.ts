/**
 * Section 3: subscription fan-out. N subscribers (half SSE, half WebSocket, raw sockets in this
 * process) on one Parley child; a mutation over HTTP records an incident; each subscriber's
 * receipt of its event is timed against the event's commit (the child reports when the writer
 * hands the committed event to the stream, on CLOCK_MONOTONIC, which both processes share).
 * Also: resident memory per idle subscription, and RSS after many subscribe + abrupt-disconnect
 * cycles.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from '../lib/child.js';
import { eventCursor, health, post, sleep, until } from '../lib/graphql.js';
import { percentile } from '../lib/load.js';
import { pool, sseSubscriber, wsSubscriber, type Subscriber } from '../lib/subscribers.js';

export interface FanoutLevel {
  subscribers: number;
  events: number;
  /** Per delivery (subscriber × event), commit to receipt, ms. */
  p50: number;
  p99: number;
  max: number;
  /** Per event, the last subscriber's receipt: median and worst over the events. */
  lastP50: number;
  lastP99: number;
  lastMax: number;
  /** Deliveries that never arrived (within the wait). */
  missing: number;
  /** Seconds to open the subscriptions. */
  openSeconds: number;
  rssBytes: number;
  perSubscriptionBytes: number;
}

export interface FanoutResults {
  baselineRss: number;
  levels: FanoutLevel[];
  churn: {
    target: number;
    cycles: number;
    failures: number;
    seconds: number;
    rssBefore: number;
    rssAfter: number;
    liveAfter: number;
  };
  fdLimit: string;
}

const SUBSCRIPTION = 'subscription Bench($after: String) { events(after: $after) { cursor kind summary } }';

const MUTATION = /* GraphQL */ `
  mutation Record($input: RecordIncidentInput!) {
    recordIncident(input: $input) { ... on RecordIncidentPayload { event { cursor } } ... on UserError { code message } }
  }
`;

interface Options {
  levels: { subscribers: number; events: number }[];
  churnCycles: number;
  churnSeconds: number;
  churnConcurrency: number;
  log: (line: string) => void;
}

/** A Parley child for subscriptions, warmed (one subscription each way, one event), with its baseline RSS. */
async function startSubscriptionServer(dir: string, name: string, maxSubs: number) {
  const server = await startChild(name, 'parley.ts', {
    env: {
      PARLEY_DB_PATH: join(dir, `${name.replace(/\W+/g, '-')}.sqlite`),
      BENCH_TOKEN: '1',
      BENCH_COMMIT_TIMES: '1',
      PARLEY_MAX_SUBSCRIPTIONS_PER_ADDRESS: String(maxSubs * 10 + 1000),
      // Every subscriber connects from 127.0.0.1: one SSE stream, or one WebSocket, each.
      PARLEY_MAX_CONNECTIONS_PER_ADDRESS: String(maxSubs * 10 + 1000),
      PARLEY_MUTATIONS_PER_MINUTE: '100000000',
    },
  });
  try {
    const commits = new Map<number, number>();
    server.onMessage((m) => {
      if (m.type === 'commit') commits.set(m.id, m.t);
    });
    const token = String(server.info.token);
    const conflictId = (
      (await post(server.url, JSON.stringify({ query: '{ conflict(slug: "russia-ukraine-war") { id } }' }))).json!.data as {
        conflict: { id: string };
      }
    ).conflict.id;
    let recorded = 0;
    /** Records an incident over HTTP; resolves with its event id once acknowledged. */
    const record = async () => {
      const body = JSON.stringify({
        query: MUTATION,
        variables: {
          input: {
            conflict: conflictId,
            eventType: 'BATTLES',
            title: `Fan-out probe ${++recorded}`,
            date: { start: '2025-06-03', precision: 'DAY' },
          },
        },
      });
      const answer = await post(server.url, body, { authorization: `Bearer ${token}` });
      const cursor = (answer.json?.data as { recordIncident?: { event?: { cursor: string } } } | undefined)?.recordIncident?.event?.cursor;
      if (!cursor) throw new Error(`mutation failed: ${answer.text.slice(0, 300)}`);
      return (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [number, number])[1];
    };
    const arrivals = new Map<number, number[]>();
    const onArrival = (id: number, t: number) => {
      let list = arrivals.get(id);
      if (!list) arrivals.set(id, (list = []));
      list.push(t);
    };
    /** Even i: SSE, odd i: WebSocket. */
    const open = (i: number, variables: Record<string, unknown> = {}, arrival = onArrival): Subscriber =>
      i % 2 === 0
        ? sseSubscriber(server.port, SUBSCRIPTION, variables, arrival)
        : wsSubscriber(server.port, SUBSCRIPTION, variables, arrival);

    const warm = [open(0), open(1)];
    await Promise.all(warm.map((s) => s.opened));
    await until(
      () => health(server.url),
      (h) => h.subscriptions === 2,
      5_000,
    );
    await record();
    await Promise.all(warm.map((s) => s.firstEvent));
    for (const s of warm) s.kill();
    await until(
      () => health(server.url),
      (h) => h.subscriptions === 0,
      5_000,
    );
    await sleep(300);
    await server.gc();
    return { server, commits, record, arrivals, open, baselineRss: server.rss() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export async function runFanout(options: Options): Promise<FanoutResults> {
  const { log } = options;
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-fanout-'));
  const maxSubs = Math.max(...options.levels.map((l) => l.subscribers));
  const subscribers: Subscriber[] = [];
  let fdLimit = 'unknown';
  let baselineRss = NaN;
  const levels: FanoutLevel[] = [];
  try {
    // Fan-out and idle memory, on one server: 1,000 subscribers, then 9,000 more.
    const fan = await startSubscriptionServer(dir, 'Parley fan-out', maxSubs);
    const { server, commits, record, arrivals, open } = fan;
    try {
      fdLimit = fdLimitOf(server.pid);
      baselineRss = fan.baselineRss;
      log(`  baseline RSS ${(baselineRss / 2 ** 20).toFixed(1)} MB (0 subscriptions, after GC; fd limit ${fdLimit})`);
      for (const level of options.levels) {
        const t0 = performance.now();
        const from = subscribers.length;
        await pool(level.subscribers - from, 100, async (k) => {
          const s = open(from + k);
          subscribers.push(s);
          await s.opened;
        });
        const live = await until(
          () => health(server.url),
          (h) => h.subscriptions >= level.subscribers,
          60_000,
          100,
        );
        const openSeconds = (performance.now() - t0) / 1000;
        if (live.subscriptions < level.subscribers)
          throw new Error(`only ${live.subscriptions} of ${level.subscribers} subscriptions are live`);
        await sleep(500);
        await server.gc();
        const rss = server.rss();
        const perSubscription = (rss - baselineRss) / level.subscribers;
        log(
          `  ${level.subscribers} idle subscriptions (opened in ${openSeconds.toFixed(1)} s): RSS ${(rss / 2 ** 20).toFixed(1)} MB, ` +
            `${(perSubscription / 1024).toFixed(1)} KB each`,
        );

        const latencies: number[] = [];
        const lasts: number[] = [];
        let missing = 0;
        for (let e = 0; e < level.events; e++) {
          const id = await record();
          const got = await until(
            async () => arrivals.get(id)?.length ?? 0,
            (n) => n >= level.subscribers,
            15_000,
            5,
          );
          missing += Math.max(0, level.subscribers - got);
          const committed = commits.get(id);
          const times = arrivals.get(id) ?? [];
          if (committed !== undefined && times.length) {
            let last = 0;
            for (const t of times) {
              const ms = (t - committed) / 1e6;
              latencies.push(ms);
              if (ms > last) last = ms;
            }
            lasts.push(last);
          }
          arrivals.delete(id);
          await sleep(50);
        }
        latencies.sort((a, b) => a - b);
        lasts.sort((a, b) => a - b);
        const result: FanoutLevel = {
          subscribers: level.subscribers,
          events: level.events,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          max: latencies.at(-1) ?? NaN,
          lastP50: percentile(lasts, 50),
          lastP99: percentile(lasts, 99),
          lastMax: lasts.at(-1) ?? NaN,
          missing,
          openSeconds,
          rssBytes: rss,
          perSubscriptionBytes: perSubscription,
        };
        levels.push(result);
        log(
          `  ${level.subscribers} subscribers × ${level.events} events: commit→receipt p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, ` +
            `last delivery median ${result.lastP50.toFixed(1)} ms / worst ${result.lastMax.toFixed(1)} ms${missing ? `, ${missing} missing` : ''}`,
        );
      }
    } finally {
      for (const s of subscribers.splice(0)) s.kill();
      await server.stop();
    }

    // Churn, on a fresh server (so its baseline is not one that 10,000 subscriptions inflated):
    // subscribe resuming one event back (so the first event proves the subscription is live),
    // then reset the socket; many times over, 64 at a time.
    const churnServer = await startSubscriptionServer(dir, 'Parley churn', options.churnConcurrency);
    const churn = churnServer.server;
    try {
      const rssBefore = churnServer.baselineRss;
      const latest = (await health(churn.url)).lastEventId;
      const variables = { after: eventCursor(latest - 1) };
      let cycles = 0;
      let failures = 0;
      const t0 = performance.now();
      const deadline = t0 + options.churnSeconds * 1000;
      await pool(options.churnConcurrency, options.churnConcurrency, async (worker) => {
        for (let i = worker; performance.now() < deadline && cycles + failures < options.churnCycles; i += options.churnConcurrency) {
          const s = churnServer.open(i, variables, () => {});
          try {
            await withTimeout(s.firstEvent, 10_000);
            cycles++;
          } catch {
            failures++;
          }
          s.kill();
        }
      });
      const churnSeconds = (performance.now() - t0) / 1000;
      const after = await until(
        () => health(churn.url),
        (h) => h.subscriptions === 0,
        30_000,
        100,
      );
      // Closed sockets and their buffers are freed over the next moments, and the allocator hands
      // memory back to the system in its own time: the lowest of a few samples over three seconds,
      // each after a forced GC, is what the process settles at.
      let rssAfter = Infinity;
      for (let sample = 0; sample < 6; sample++) {
        await sleep(500);
        await churn.gc();
        rssAfter = Math.min(rssAfter, churn.rss());
      }
      log(
        `  churn (fresh server): ${cycles} subscribe + abrupt-disconnect cycles (${failures} failed) in ${churnSeconds.toFixed(1)} s; ` +
          `RSS ${(rssBefore / 2 ** 20).toFixed(1)} MB before, ${(rssAfter / 2 ** 20).toFixed(1)} MB after; ${after.subscriptions} still live`,
      );
      return {
        baselineRss,
        levels,
        churn: {
          target: options.churnCycles,
          cycles,
          failures,
          seconds: churnSeconds,
          rssBefore,
          rssAfter,
          liveAfter: after.subscriptions,
        },
        fdLimit,
      };
    } finally {
      await churn.stop();
    }
  } finally {
    for (const s of subscribers) s.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

function fdLimitOf(pid: number): string {
  try {
    const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
    const match = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(limits);
    return match ? `${match[1]} soft / ${match[2]} hard` : 'unknown';
  } catch {
    return 'unknown';
  }
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nothing in ${ms} ms`)), ms);
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
