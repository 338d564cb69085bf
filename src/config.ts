/** Settings from the environment, with their defaults. The README lists each one. */
import type { SearchRanking } from './domain/search.js';

/** The levels the log may be set to, most verbose first. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogFormat = 'json' | 'pretty';

export interface Config {
  /** PORT: where the server listens. 0 lets the OS pick (tests). */
  port: number;
  /** HOST: the interface to bind. */
  host: string;
  /** PARLEY_DB_PATH: the SQLite file; created and migrated on start. */
  dbPath: string;
  /** PARLEY_SEED: load the article dataset into an empty database on start. */
  seed: boolean;
  /** PARLEY_GRAPHIQL: serve GraphiQL at /graphql to browsers. */
  graphiql: boolean;
  /** REDIS_URL: fan events out to other processes sharing the database; unset: one process. */
  redisUrl: string | undefined;
  /** PARLEY_SUBSCRIPTION_BUFFER_BYTES: unread bytes a subscriber may leave before it is cut off. */
  subscriptionBufferBytes: number;
  /** PARLEY_SUBSCRIPTION_STALL_MS: how long events wait for a subscriber that stopped reading. */
  subscriptionStallMs: number;
  /** PARLEY_KEEPALIVE_MS: WebSocket ping interval (SSE streams ping every 12 s regardless). */
  keepAliveMs: number;
  /** PARLEY_POLL_MS: how often a sleeping subscription looks at the log without being woken. */
  pollMs: number;
  limits: Limits;
  /** PARLEY_INTROSPECTION: answer introspection queries (GraphiQL needs them); off, errors suggest no names either. */
  introspection: boolean;
  /** NODE_ENV=production: no field suggestions in errors, JSON logs. */
  production: boolean;
  /** PARLEY_LOG_LEVEL: the least severe level logged (info logs a line per request). */
  logLevel: (typeof LOG_LEVELS)[number];
  /**
   * Where traces go (OTLP over HTTP): OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else
   * OTEL_EXPORTER_OTLP_ENDPOINT with /v1/traces. Neither set, OTEL_SDK_DISABLED=true or
   * OTEL_TRACES_EXPORTER=none: no tracing.
   */
  tracesUrl: string | undefined;
  /** PARLEY_METRICS: serve Prometheus metrics at /metrics. */
  metrics: boolean;
  /** PARLEY_LOG_FORMAT: `json` (one object a line) or `pretty` (readable); JSON in production, pretty otherwise. */
  logFormat: LogFormat;
  /** PARLEY_RESPONSE_CACHE: cache query answers until the next recorded event. */
  responseCache: boolean;
  /** PARLEY_RESPONSE_CACHE_TTL_MS: the longest a cached answer lives (bounds staleness if another process's event notice is lost). */
  responseCacheTtlMs: number;
  /** PARLEY_CORS_ORIGINS: comma-separated origins allowed to call the API from a browser; empty: same origin only. */
  corsOrigins: string[];
  /** PARLEY_SEARCH_COMMON_DOCUMENTS: a search phrase in more documents than this (and than a tenth of all) must match but is not scored. */
  searchRanking: SearchRanking;
  /**
   * The most incident changes since an event that `asOf(…) { … incidentCounts }` may undo from the
   * kept counts (PARLEY_AS_OF_MAX_COUNT_CHANGES); past it the count is refused, not run for seconds.
   */
  asOfMaxCountChanges: number;
}

/** Operation limits: what one request may ask of the server. */
export interface Limits {
  /** PARLEY_MAX_DEPTH: nesting of selections. */
  depth: number;
  /** PARLEY_MAX_ALIASES: aliases in one document. */
  aliases: number;
  /** PARLEY_MAX_DIRECTIVES: directives in one document. */
  directives: number;
  /** PARLEY_MAX_TOKENS: lexical tokens in one document. */
  tokens: number;
  /** PARLEY_MAX_COST: estimated cost, in rows the database reads (src/graphql/builder.ts, fieldCost). */
  cost: number;
  /** PARLEY_MAX_BODY_BYTES: request body size. */
  bodyBytes: number;
  /** PARLEY_MAX_BATCH: operations in one batched request (0: batching off). */
  batch: number;
  /** PARLEY_MUTATIONS_PER_MINUTE: mutation fields one client (token, else address) may run per minute. */
  mutationsPerMinute: number;
  /** PARLEY_MAX_SUBSCRIPTIONS_PER_CONNECTION: subscriptions open on one WebSocket. */
  subscriptionsPerConnection: number;
  /** PARLEY_MAX_SUBSCRIPTIONS_PER_ADDRESS: subscriptions open from one IP address, all transports. */
  subscriptionsPerAddress: number;
  /** PARLEY_MAX_CONNECTIONS_PER_ADDRESS: TCP connections open from one IP address (HTTP and WebSocket). */
  connectionsPerAddress: number;
  /** PARLEY_REQUEST_TIMEOUT_MS: how long a client may take to send a request's headers and body. */
  requestTimeoutMs: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer of at least ${min}, not "${raw}".`);
  return value;
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!values.includes(raw as T)) throw new Error(`${name} must be one of ${values.join(', ')}, not "${raw}".`);
  return raw as T;
}

/** The OTLP traces endpoint as the OpenTelemetry specification derives it from the environment. */
function tracesUrl(env: NodeJS.ProcessEnv): string | undefined {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return undefined;
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env.PORT}".`);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dbPath: env.PARLEY_DB_PATH || 'data/parley.sqlite',
    seed: flag(env.PARLEY_SEED, true),
    graphiql: flag(env.PARLEY_GRAPHIQL, true),
    redisUrl: env.REDIS_URL || undefined,
    subscriptionBufferBytes: int(env, 'PARLEY_SUBSCRIPTION_BUFFER_BYTES', 1024 * 1024, 1024),
    subscriptionStallMs: int(env, 'PARLEY_SUBSCRIPTION_STALL_MS', 30_000, 100),
    keepAliveMs: int(env, 'PARLEY_KEEPALIVE_MS', 12_000, 1_000),
    pollMs: int(env, 'PARLEY_POLL_MS', 5_000, 50),
    limits: {
      depth: int(env, 'PARLEY_MAX_DEPTH', 8, 1),
      aliases: int(env, 'PARLEY_MAX_ALIASES', 15, 0),
      directives: int(env, 'PARLEY_MAX_DIRECTIVES', 50, 0),
      tokens: int(env, 'PARLEY_MAX_TOKENS', 1_000, 10),
      cost: int(env, 'PARLEY_MAX_COST', 5_000, 1),
      bodyBytes: int(env, 'PARLEY_MAX_BODY_BYTES', 64 * 1024, 1024),
      batch: int(env, 'PARLEY_MAX_BATCH', 10, 0),
      mutationsPerMinute: int(env, 'PARLEY_MUTATIONS_PER_MINUTE', 600, 1),
      subscriptionsPerConnection: int(env, 'PARLEY_MAX_SUBSCRIPTIONS_PER_CONNECTION', 50, 1),
      subscriptionsPerAddress: int(env, 'PARLEY_MAX_SUBSCRIPTIONS_PER_ADDRESS', 500, 1),
      connectionsPerAddress: int(env, 'PARLEY_MAX_CONNECTIONS_PER_ADDRESS', 1_000, 1),
      requestTimeoutMs: int(env, 'PARLEY_REQUEST_TIMEOUT_MS', 10_000, 1_000),
    },
    introspection: flag(env.PARLEY_INTROSPECTION, true),
    production: env.NODE_ENV === 'production',
    tracesUrl: tracesUrl(env),
    metrics: flag(env.PARLEY_METRICS, true),
    logLevel: oneOf(env, 'PARLEY_LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: oneOf(env, 'PARLEY_LOG_FORMAT', ['json', 'pretty'], env.NODE_ENV === 'production' ? 'json' : 'pretty'),
    responseCache: flag(env.PARLEY_RESPONSE_CACHE, true),
    responseCacheTtlMs: int(env, 'PARLEY_RESPONSE_CACHE_TTL_MS', 60_000, 0),
    corsOrigins: (env.PARLEY_CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    searchRanking: { commonDocuments: int(env, 'PARLEY_SEARCH_COMMON_DOCUMENTS', 50_000, 0) },
    asOfMaxCountChanges: int(env, 'PARLEY_AS_OF_MAX_COUNT_CHANGES', 20_000, 0),
  };
}
