/** The per-request context: what every resolver may use. Built the same way by the server and the tests. */
import type { Db } from '../db/client.js';
import type { Writer } from '../domain/events.js';
import type { BacklogProbe, EventStream } from '../domain/stream.js';
import type { SearchRanking } from '../domain/search.js';
import { authenticate, type Viewer } from '../domain/token.js';

export interface Context {
  db: Db;
  writer: Writer;
  stream: EventStream;
  /** Who is writing, from the request's bearer token; null for anonymous readers. */
  viewer: Viewer | null;
  /** The client's network address, for per-client limits. */
  address: string | null;
  /** The request's `Idempotency-Key`: a retried write with it records nothing new. */
  idempotencyKey: string | null;
  /** What subscriptions on this connection may hold, and how to drop a stalled one. */
  live: LiveLimits & Pick<ConnectionInfo, 'backlog' | 'drop' | 'acquire'>;
  /** Which search phrases are too common to score. */
  ranking: SearchRanking;
  /** Values made once per request (`perRequest`). */
  readonly memo: Record<symbol, unknown>;
  /** A read-only connection showing the knowledge base right after an event (src/db/as-of.ts); null where there is none. */
  asOfConnection: ((eventId: number) => Db) | null;
  /** The event this context answers at, under an `asOf` field; null for the present. */
  asOf: number | null;
  /** The contexts of this request's `asOf` fields, by response key (as-of-plugin.ts); absent until one resolves. */
  asOfRoots?: Map<string, Context>;
}

export interface LiveLimits {
  /** Bytes a subscriber may leave unread before its subscription ends (SLOW_CONSUMER). */
  maxBacklogBytes: number;
  /** How long events may wait for a subscriber that stopped reading before it is dropped. */
  stallTimeoutMs: number;
}

export interface ContextDeps {
  db: Db;
  writer: Writer;
  stream: EventStream;
  live: LiveLimits;
  ranking: SearchRanking;
  asOfConnection?: ((eventId: number) => Db) | null;
}

export interface ConnectionInfo {
  /** The `Authorization` header, or graphql-ws's `connectionParams.authorization`. */
  authorization?: string | null;
  /** How much the connection holds unread for the client, when the transport can tell. */
  backlog?: BacklogProbe;
  /** Drops the connection, for a subscriber that stopped reading. */
  drop?: () => void;
  address?: string | null;
  idempotencyKey?: string | null;
  /** Takes a subscription slot (or throws when the client holds too many); returns its release. */
  acquire?: () => () => void;
}

/** A fresh object per request (or per subscription), so loader caches never outlive it. */
export function createContext(deps: ContextDeps, connection: ConnectionInfo = {}): Context {
  const bearer = /^Bearer\s+(\S+)$/i.exec(connection.authorization ?? '')?.[1];
  return {
    db: deps.db,
    writer: deps.writer,
    stream: deps.stream,
    viewer: authenticate(deps.db, bearer),
    address: connection.address ?? null,
    idempotencyKey: connection.idempotencyKey ?? null,
    live: { ...deps.live, backlog: connection.backlog, drop: connection.drop, acquire: connection.acquire },
    ranking: deps.ranking,
    memo: {},
    asOfConnection: deps.asOfConnection ?? null,
    asOf: null,
  };
}

/**
 * A value made once per request and kept on its context. Not in a WeakMap keyed by the context
 * (Pothos's createContextCache): V8's young-generation collections keep every WeakMap entry alive,
 * so each request's loaders, their last batch and the rows it resolved would outlive the request
 * until a full collection, promoted to the old generation on the way.
 */
export function perRequest<T>(create: (ctx: Context) => T): (ctx: Context) => T {
  const key = Symbol(create.name);
  return (ctx) => (ctx.memo[key] ??= create(ctx)) as T;
}
