/**
 * Prometheus metrics at /metrics, over a real server:
 *
 * - every metric Parley names is exposed, uncached, and its value moves with what it counts: HTTP
 *   requests by route and status, GraphQL operations and their durations by operation (over HTTP
 *   and over graphql-ws), errors by code, live subscriptions, events recorded, the writer's group
 *   commits and the database's size;
 * - operation names from clients take a bounded number of label values;
 * - PARLEY_METRICS=off serves no /metrics.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { MAX_OPERATION_NAMES } from '../src/server/metrics.js';
import { until } from './support/live.js';
import { startServer, type TestServer } from './support/server.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Reads Prometheus' text format: the samples, and the names its HELP lines announce. */
function parseExposition(text: string): { samples: Sample[]; names: Set<string> } {
  const samples: Sample[] = [];
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const help = /^# HELP (\w+) /.exec(line);
    if (help) names.add(help[1]!);
    const sample = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: sample[1]!, labels, value: Number(sample[3]) });
  }
  return { samples, names };
}

async function scrape(server: TestServer) {
  const res = await fetch(new URL('/metrics', server.url));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const { samples, names } = parseExposition(await res.text());
  /** The sum of a metric's samples whose labels include `labels`. */
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);
  return { samples, names, value };
}

const RECORD = /* GraphQL */ `
  mutation MetricsRecord($input: RecordIncidentInput!) {
    recordIncident(input: $input) {
      __typename
    }
  }
`;

describe('/metrics', () => {
  let server: TestServer;
  let editor: string;
  let conflict: string;
  beforeAll(async () => {
    server = await startServer();
    editor = createToken(server.app.database.db, { name: 'metrics editor', role: 'EDITOR' }).token;
    conflict = (await server.query<{ conflict: { id: string } }>('{ conflict(slug: "russia-ukraine-war") { id } }')).conflict.id;
  });
  afterAll(() => server.stop());

  it('exposes the named metrics, and their values move with a query, a mutation, an error and a subscription', async () => {
    const before = await scrape(server);
    for (const name of [
      'parley_http_requests_total',
      'parley_graphql_operations_total',
      'parley_graphql_operation_duration_seconds',
      'parley_graphql_errors_total',
      'parley_subscriptions_live',
      'parley_events_recorded_total',
      'parley_commit_duration_seconds',
      'parley_database_size_bytes',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(before.names, name).toContain(name);
    }
    expect(before.value('parley_database_size_bytes')).toBeGreaterThan(0);
    expect(before.value('parley_subscriptions_live')).toBe(0);

    // A query over HTTP, and another over graphql-ws.
    await server.query('query MetricsProbe { conflicts { totalCount } }');
    const ws = createClient({ url: server.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const overWs = await new Promise<unknown>((resolve, reject) =>
        ws.subscribe({ query: 'query MetricsOverWs { conflicts { totalCount } }' }, { next: resolve, error: reject, complete: () => {} }),
      );
      // Over WebSocket too, the answer cites the event it reflects.
      expect(overWs).toEqual({
        data: { conflicts: { totalCount: 1 } },
        extensions: { asOf: expect.objectContaining({ eventId: expect.any(Number) }) },
      });
    } finally {
      await ws.dispose();
    }
    // A mutation, which records an event in a group commit.
    const written = await server.post(
      RECORD,
      { input: { conflict, eventType: 'BATTLES', title: 'Metrics probe', date: { start: '2025-06-03', precision: 'DAY' } } },
      { authorization: `Bearer ${editor}` },
    );
    expect(written.body).toEqual({ data: { recordIncident: { __typename: 'RecordIncidentPayload' } } });
    // Errors: one the validation phase raises, one a resolver raises with its own code.
    expect((await server.post('query MetricsInvalid { conflicts { nope } }')).body.errors?.[0]?.extensions?.code).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
    expect(
      (await server.post('query MetricsCursor { incidents(after: "garbage!!") { totalCount } }')).body.errors?.[0]?.extensions?.code,
    ).toBe('INVALID_CURSOR');

    const after = await scrape(server);
    const moved = (name: string, labels: Record<string, string> = {}) => after.value(name, labels) - before.value(name, labels);
    expect(moved('parley_http_requests_total', { route: 'graphql', status: '200' })).toBeGreaterThanOrEqual(2);
    expect(moved('parley_http_requests_total', { route: 'metrics', status: '200' })).toBe(1);
    expect(moved('parley_graphql_operations_total', { operation: 'MetricsProbe', type: 'query' })).toBe(1);
    expect(moved('parley_graphql_operations_total', { operation: 'MetricsOverWs', type: 'query' })).toBe(1);
    expect(moved('parley_graphql_operations_total', { operation: 'MetricsRecord', type: 'mutation' })).toBe(1);
    expect(moved('parley_graphql_operation_duration_seconds_count', { operation: 'MetricsProbe', type: 'query' })).toBe(1);
    expect(moved('parley_graphql_operation_duration_seconds_count', { operation: 'MetricsRecord', type: 'mutation' })).toBe(1);
    expect(after.value('parley_graphql_operation_duration_seconds_sum', { operation: 'MetricsRecord' })).toBeGreaterThanOrEqual(0);
    expect(moved('parley_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED', phase: 'validate' })).toBe(1);
    expect(moved('parley_graphql_errors_total', { code: 'INVALID_CURSOR', phase: 'execute' })).toBe(1);
    expect(moved('parley_events_recorded_total')).toBe(1);
    expect(moved('parley_commit_duration_seconds_count')).toBe(1);
    expect(after.value('parley_commit_duration_seconds_sum')).toBeGreaterThan(0);

    // A live subscription over SSE counts while it is open.
    const abort = new AbortController();
    const stream = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { events { cursor } }' }),
      signal: abort.signal,
    });
    expect(stream.status).toBe(200);
    try {
      await until(
        'the subscription counted',
        async () => (await scrape(server)).value('parley_subscriptions_live'),
        (live) => live === 1,
      );
    } finally {
      abort.abort();
    }
    await until(
      'the subscription gone',
      async () => (await scrape(server)).value('parley_subscriptions_live'),
      (live) => live === 0,
    );
  });

  it('keeps the label values of operation names bounded, whatever names clients send', { timeout: 60_000 }, async () => {
    const names = Array.from({ length: MAX_OPERATION_NAMES + 20 }, (_, i) => `Bounded${i}`);
    for (const name of names) await server.query(`query ${name} { conflicts { totalCount } }`);
    await server.query(`query ${'L'.repeat(200)} { conflicts { totalCount } }`);
    await server.query('{ conflicts { totalCount } }');

    const { samples, value } = await scrape(server);
    const operations = new Set(samples.filter((s) => s.name === 'parley_graphql_operations_total').map((s) => s.labels.operation));
    expect(operations.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 2);
    expect(operations).toContain('other');
    expect(operations).toContain('anonymous');
    expect([...operations].every((name) => name!.length <= 64)).toBe(true);
    // The names kept before the bound was reached still count as themselves.
    expect(value('parley_graphql_operations_total', { operation: 'MetricsProbe' })).toBe(1);
    expect(value('parley_graphql_operations_total', { operation: 'other', type: 'query' })).toBeGreaterThanOrEqual(21);
  });
});

describe('PARLEY_METRICS=off', () => {
  it('serves no /metrics', async () => {
    const server = await startServer({ metrics: false });
    try {
      const res = await fetch(new URL('/metrics', server.url));
      expect(res.status).toBe(404);
      await res.arrayBuffer();
      // The server still answers the API.
      expect(await server.query('{ conflicts { totalCount } }')).toEqual({ conflicts: { totalCount: 1 } });
    } finally {
      await server.stop();
    }
  });
});
