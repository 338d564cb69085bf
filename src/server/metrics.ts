/**
 * Prometheus metrics, served at /metrics on the API's own server (text exposition format).
 *
 * GraphQL operations are measured by yoga's Prometheus plugin (envelop's underneath), so that
 * operations over graphql-ws count as those over HTTP do; everything else is prom-client's own
 * counters, gauges and histograms. Labels take few values whatever clients send: the operation
 * name a client gives is kept for the first `MAX_OPERATION_NAMES` names seen, then reported as
 * `other` (an operation without a name is `anonymous`); error codes are Parley's and yoga's own;
 * routes and statuses are from fixed sets.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createCounter, createHistogram, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ParleyDatabase } from '../db/client.js';
import type { Writer } from '../domain/events.js';
import type { EventStream } from '../domain/stream.js';

/** Distinct client-given operation names reported as themselves; later new ones are `other`. */
export const MAX_OPERATION_NAMES = 100;

/**
 * The process's own metrics (CPU, memory, event loop delay, garbage collection), registered once
 * per process: each registration starts observers that nothing can stop, and tests build many apps.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Names as clients give them, up to `max` distinct ones; GraphQL names, so only their length needs a bound. */
export function boundedNames(max: number): (name: string | undefined) => string {
  const kept = new Set<string>();
  return (name) => {
    if (!name || name === 'Anonymous') return 'anonymous';
    if (kept.has(name)) return name;
    if (kept.size >= max || !/^[_A-Za-z][_0-9A-Za-z]{0,63}$/.test(name)) return 'other';
    kept.add(name);
    return name;
  };
}

const PHASE_CODES: Record<string, string> = { parse: 'GRAPHQL_PARSE_FAILED', validate: 'GRAPHQL_VALIDATION_FAILED' };

/** The code a client sees for an error: its own, its domain error's, the phase's, or an internal error's. */
function codeOf(error: GraphQLError | undefined, phase: string | undefined): string {
  const code = error?.extensions?.code ?? (error?.originalError as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code)) return code;
  return PHASE_CODES[phase ?? ''] ?? 'INTERNAL_SERVER_ERROR';
}

/** The part of the site a request is for. */
function routeOf(url: string | undefined): string {
  const path = url?.split('?', 1)[0] ?? '';
  if (path === '/graphql') return 'graphql';
  if (path === '/metrics' || path === '/health') return path.slice(1);
  if (path.startsWith('/export/')) return 'export';
  if (path === '/' || path === '/index.html' || path === '/desk' || path.startsWith('/assets/')) return 'web';
  return 'other';
}

export interface Metrics {
  /** The yoga plugin measuring GraphQL operations: first among the plugins, so that it sees every one. */
  readonly plugin: Plugin;
  /** Counts an HTTP request, by route and status, once its response is over. */
  countRequest(req: IncomingMessage, res: ServerResponse): void;
  /** Answers a scrape. */
  serve(res: ServerResponse): void;
}

export function createMetrics(writer: Writer, stream: EventStream, reader: ParleyDatabase): Metrics {
  const registry = new Registry();
  const registers = [registry];
  const operationName = boundedNames(MAX_OPERATION_NAMES);
  const operationLabels = (params: { operationName?: string; operationType?: string }) => ({
    operation: operationName(params.operationName),
    type: params.operationType ?? 'unknown',
  });
  /**
   * Queries and mutations only: observing a subscription wraps its stream of results for the life
   * of the subscription, which measured as half as much memory again per idle subscriber;
   * `parley_subscriptions_live` tells of subscriptions instead.
   */
  const notSubscription = (params: { operationType?: string }) => params.operationType !== 'subscription';

  const plugin = usePrometheus({
    registry,
    endpoint: false,
    metrics: {
      graphql_envelop_request: createCounter({
        registry,
        counter: {
          name: 'parley_graphql_operations_total',
          help: 'GraphQL queries and mutations run, on every transport, counted when they end',
          labelNames: ['operation', 'type'],
        },
        fillLabelsFn: operationLabels,
        shouldObserve: (params) => notSubscription(params),
      }),
      graphql_envelop_request_duration: createHistogram({
        registry,
        histogram: {
          name: 'parley_graphql_operation_duration_seconds',
          help: 'How long queries and mutations take to execute',
          labelNames: ['operation', 'type'],
          buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        },
        fillLabelsFn: operationLabels,
        // A subscription lasts as long as its client stays: parley_subscriptions_live tells of those.
        phases: ['execute'],
      }),
      graphql_envelop_error_result: createCounter({
        registry,
        counter: {
          name: 'parley_graphql_errors_total',
          help: 'Errors in GraphQL answers, by the code clients see and the phase that raised them',
          labelNames: ['code', 'phase'],
        },
        fillLabelsFn: (params) => ({ code: codeOf(params.error, params.errorPhase), phase: params.errorPhase ?? 'unknown' }),
        shouldObserve: (params) => notSubscription(params),
      }),
      // Off: each costs work on every request, and the three above answer what operators ask.
      graphql_envelop_deprecated_field: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_phase_parse: false,
      graphql_envelop_phase_validate: false,
      graphql_envelop_phase_context: false,
      graphql_envelop_phase_execute: false,
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_schema_change: false,
      graphql_yoga_http_duration: false,
    },
  });

  const requests = new Counter({
    name: 'parley_http_requests_total',
    help: 'HTTP requests answered, by route (graphql, metrics, health, export, web, other) and status, counted when the answer ends',
    labelNames: ['route', 'status'],
    registers,
  });
  new Gauge({
    name: 'parley_subscriptions_live',
    help: 'Subscriptions open now, over SSE and WebSocket',
    registers,
    collect() {
      this.set(stream.live);
    },
  });
  const events = new Counter({
    name: 'parley_events_recorded_total',
    help: 'Events this process recorded (its rate is events per second)',
    registers,
  });
  writer.onCommit((committed) => events.inc(committed.length));
  const commits = new Histogram({
    name: 'parley_commit_duration_seconds',
    help: "The writer's group commits: from a group's BEGIN to its COMMIT, the longest its first command waits to be acknowledged",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  });
  writer.onGroupCommit((seconds) => commits.observe(seconds));
  new Gauge({
    name: 'parley_database_size_bytes',
    help: 'The size of the database (its pages, free ones included)',
    registers,
    collect() {
      const pages = reader.sqlite.pragma('page_count', { simple: true }) as number;
      this.set(pages * (reader.sqlite.pragma('page_size', { simple: true }) as number));
    },
  });

  const all = Registry.merge([processMetrics(), registry]);
  return {
    plugin,
    countRequest: (req, res) => {
      res.once('close', () => requests.inc({ route: routeOf(req.url), status: res.statusCode }));
    },
    serve: (res) => {
      all.metrics().then(
        (text) => {
          // A scrape must read the values of now: no cache may keep it.
          res.writeHead(200, { 'content-type': all.contentType, 'cache-control': 'no-store' });
          res.end(text);
        },
        (error: unknown) => res.destroy(error as Error),
      );
    },
  };
}
