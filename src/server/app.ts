/**
 * The application apart from the process: build it, start it, stop it. Tests and main use the same.
 */
import { isUtf8 } from 'node:buffer';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError, getOperationAST } from 'graphql';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createInMemoryAPQStore, useAPQ } from '@graphql-yoga/plugin-apq';
import type { WebSocket } from 'ws';
import type { Config } from '../config.js';
import { migrateDatabase, openDatabase, type ParleyDatabase } from '../db/client.js';
import { latestEventId, Writer } from '../domain/events.js';
import { IDEMPOTENCY_KEY_RULE, isIdempotencyKey } from '../domain/idempotency.js';
import { DEFAULT_STREAM_LIMITS, EventStream } from '../domain/stream.js';
import { createContext, type ConnectionInfo, type Context } from '../graphql/context.js';
import { schema } from '../graphql/schema.js';
import { loadBundledDossier } from '../ingest/dossier.js';
import { DEFAULT_QUERY } from './default-query.js';
import { responseCache } from './cache.js';
import { startFanout } from './fanout.js';
import { limitPlugins } from './limits.js';
import { toClientError } from './errors.js';
import { cacheableAnswers, httpCache } from './http-cache.js';
import { asOfExtensions } from './as-of.js';
import { AsOfPool } from '../db/as-of.js';
import type { Logger } from 'pino';
import { createLogger, logRequest, REQUEST_ID, yogaLogger } from './log.js';
import { createMetrics } from './metrics.js';
import { SubscriptionQuota } from './quota.js';
import { sharedSubscriptionResults, type DirectWrites } from './shared-results.js';
import { subscriptionsAsStreams } from './sse.js';
import { attachWebSocket } from './ws.js';
import { serveWeb } from './web.js';
import { serveExport } from './export.js';

/**
 * What a request brings to the context: node's req/res over HTTP, the socket over WebSocket, and
 * for a subscription the writer of its results (DirectWrites).
 */
export interface ServerContext extends DirectWrites {
  req?: IncomingMessage;
  res?: ServerResponse;
  socket?: WebSocket;
  /** The client's address, over WebSocket (where the upgrade request is not kept). */
  address?: string;
  connectionParams?: Readonly<Record<string, unknown>>;
  /** Over WebSocket, an operation's `extensions.idempotencyKey`, checked already (HTTP has its header). */
  idempotencyKey?: string;
}

export interface App {
  /** The connection that writes (the Writer's, migrations, seeding). */
  readonly database: ParleyDatabase;
  /** The connection requests read through: it never sees a group's writes before their commit. */
  readonly reader: ParleyDatabase;
  readonly writer: Writer;
  readonly stream: EventStream;
  readonly yoga: YogaServerInstance<ServerContext, Context>;
  /** Where the app logs: the process logs its own start and stop through it too. */
  readonly logger: Logger;
  /** Listens; resolves with the address actually bound (useful with port 0). */
  start(): Promise<{ url: string; port: number }>;
  /** Stops accepting, ends subscriptions and open connections, then closes the database. */
  stop(): Promise<void>;
}

/** Streams must reach the client as they are written: tell proxies not to buffer them (yoga already sends no-cache). */
const unbufferedStreams: Plugin = {
  onResponse({ response }) {
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
      response.headers.set('x-accel-buffering', 'no');
    }
  },
};

/** A JSON body must be UTF-8 (RFC 8259): one that is not is refused, not decoded with U+FFFD in place of its bytes. */
const strictUtf8: Plugin = {
  async onRequestParse({ request }) {
    if (request.method !== 'POST' || !/json|graphql/.test(request.headers.get('content-type') ?? '')) return;
    if (!isUtf8(await request.clone().arrayBuffer())) {
      throw new GraphQLError('The request body is not valid UTF-8.', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
    }
  },
};

/**
 * CORS for the listed origins only. yoga's own list answers any other origin
 * `Access-Control-Allow-Origin: null`, credentials allowed, which every page of origin `null` (a
 * sandboxed frame, a file: or data: page) matches; so another origin gets no CORS headers at all,
 * and `null` is never granted, not even by "*".
 */
function corsFor(origins: readonly string[]) {
  if (!origins.length) return false;
  const options = { origin: [...origins], methods: ['GET', 'POST'] };
  const listed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    return origin !== null && origin !== 'null' && (listed.has('*') || listed.has(origin)) ? options : false;
  };
}

/** The request's `Idempotency-Key`, refused when malformed: ignored, it would let each retry record again. */
function idempotencyKeyOf(request: Request | undefined): string | null {
  const key = request?.headers.get('idempotency-key') ?? null;
  if (key === null || isIdempotencyKey(key)) return key;
  throw new GraphQLError(`The Idempotency-Key header ${IDEMPOTENCY_KEY_RULE}.`, {
    extensions: { code: 'BAD_IDEMPOTENCY_KEY', http: { status: 400 } },
  });
}

/** Authorization, address, backpressure and quotas, from whichever transport carries the request. */
function connectionOf(ctx: ServerContext & { request?: Request }, quota: SubscriptionQuota): ConnectionInfo {
  const address = ctx.address ?? ctx.req?.socket.remoteAddress ?? 'unknown';
  if (ctx.socket) {
    const socket = ctx.socket;
    const authorization = ctx.connectionParams?.authorization;
    return {
      authorization: typeof authorization === 'string' ? authorization : null,
      idempotencyKey: ctx.idempotencyKey ?? null,
      address,
      backlog: () => socket.bufferedAmount,
      drop: () => socket.close(4408, 'Subscriber too slow: resubscribe with after: <last cursor>'),
      acquire: () => quota.acquire(address, socket),
    };
  }
  const res = ctx.res;
  return {
    authorization: ctx.request?.headers.get('authorization'),
    idempotencyKey: idempotencyKeyOf(ctx.request),
    address,
    backlog: res && (() => res.writableLength),
    drop: res && (() => res.destroy()),
    acquire: () => quota.acquire(address),
  };
}

/**
 * How much of a refused body is read and dropped before the refusal is sent. A connection closed
 * while the client still uploads is reset under the upload: the client's next write fails (EPIPE)
 * and takes the refusal with it, unread, whenever the client writes again before it reads.
 */
const DRAIN_BYTES = 16 * 1024 * 1024;

/**
 * How long a client that sends more than DRAIN_BYTES has to read its refusal before the connection
 * closes. Nothing more is read meanwhile, so its upload stalls and it turns to what came back.
 */
const LINGER_MS = 1_000;

/** A body over the limit is refused before it is parsed; one of unknown length is refused too. */
function bodyTooLarge(req: IncomingMessage, res: ServerResponse, maxBytes: number, headers: Record<string, string>): boolean {
  if (req.method !== 'POST') return false;
  const length = req.headers['content-length'];
  const refuse = (status: number, message: string) => {
    const body = JSON.stringify({ errors: [{ message, extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'LENGTH_REQUIRED' } }] });
    let dropped = 0;
    const drop = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped <= DRAIN_BYTES) return;
      // More than is worth reading: the refusal is sent now, whole, and the rest left unread; the
      // response ends, and node closes the connection, once the client has had time to read it.
      req.off('data', drop);
      req.pause();
      const bytes = Buffer.byteLength(body);
      res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': bytes, connection: 'close' });
      res.write(body);
      setTimeout(() => {
        if (!res.destroyed) res.end();
      }, LINGER_MS).unref();
    };
    req.on('data', drop);
    req.once('end', () => {
      if (res.headersSent) return;
      res.writeHead(status, { ...headers, 'content-type': 'application/json' });
      res.end(body);
    });
    return true;
  };
  if (length === undefined) return refuse(411, 'Send a Content-Length with the request body.');
  if (Number(length) > maxBytes) return refuse(413, `The request body is over ${maxBytes} bytes.`);
  return false;
}

/**
 * Documents registered by automatic persisted queries (Apollo's APQ): the newest a thousand for an
 * hour, each no bigger than a request body, so the store stays bounded however many are sent. A
 * client whose hash was dropped is told PERSISTED_QUERY_NOT_FOUND and sends the document again.
 */
const PERSISTED_QUERIES = { max: 1000, ttl: 60 * 60 * 1000 };

/** What the answers kept as bytes may hold in all. */
const HTTP_CACHE_BYTES = 64 * 1024 * 1024;

/** As-of connections kept open, one per event read as of: each holds its views and its statements. */
const AS_OF_CONNECTIONS = 4;
/** How long requests in flight may take to finish once the server is stopping. */
const SHUTDOWN_GRACE_MS = 5_000;

export interface BuildOptions {
  /** Called with every SQL statement the app runs: how tests count queries per request. */
  onStatement?: (sql: string) => void;
  /** Yoga plugins to run before all others (tracing's), so that they see every operation. */
  plugins?: Plugin[];
}

export function buildApp(config: Config, options: BuildOptions = {}): App {
  const database = openDatabase(config.dbPath, { onStatement: options.onStatement, checkpointInBackground: true });
  migrateDatabase(database.db);
  const writer = new Writer(database.db);
  // (An in-memory database is one connection's own: there, requests read through the writer's.)
  const reader =
    config.dbPath === ':memory:' ? database : openDatabase(config.dbPath, { onStatement: options.onStatement, readOnly: true });
  const stream = new EventStream(reader.db, { ...DEFAULT_STREAM_LIMITS, pollIntervalMs: config.pollMs });
  const fanout = startFanout(writer, stream, config.redisUrl);
  if (config.seed) loadBundledDossier(writer, database.db);

  const logger = createLogger(config.logLevel, config.logFormat);
  const quota = new SubscriptionQuota(config.limits);
  const metrics = config.metrics ? createMetrics(writer, stream, reader) : undefined;
  // As-of reads: connections of their own, one per event asked for (not for a database in memory).
  const asOfPool =
    config.dbPath === ':memory:'
      ? undefined
      : new AsOfPool(config.dbPath, {
          size: AS_OF_CONNECTIONS,
          maxCountChanges: config.asOfMaxCountChanges,
          onStatement: options.onStatement,
        });
  const deps = {
    asOfConnection: asOfPool ? (eventId: number) => asOfPool.get(eventId) : null,
    db: reader.db,
    writer,
    stream,
    live: { maxBacklogBytes: config.subscriptionBufferBytes, stallTimeoutMs: config.subscriptionStallMs },
    ranking: config.searchRanking,
  };
  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    maxRequestBodySize: false, // bodyTooLarge() has refused big bodies already; yoga's check would pipe every body through a stream a subscription keeps (11 KB)
    context: (initial) => createContext(deps, connectionOf(initial, quota)),
    graphiql: config.graphiql ? { title: 'Parley', defaultQuery: DEFAULT_QUERY } : false,
    // GraphiQL is 8.8 MB of script: loaded when a browser first asks for it, not at every start.
    renderGraphiQL: async (options) => (await import('@graphql-yoga/render-graphiql')).renderGraphiQL(options),
    landingPage: false,
    maskedErrors: { maskError: toClientError },
    batching: config.limits.batch > 0 ? { limit: config.limits.batch } : false,
    cors: corsFor(config.corsOrigins),
    plugins: [
      ...(options.plugins ?? []),
      ...(metrics ? [metrics.plugin] : []),
      strictUtf8,
      useAPQ({ store: createInMemoryAPQStore(PERSISTED_QUERIES) }),
      unbufferedStreams,
      sharedSubscriptionResults(),
      subscriptionsAsStreams(),
      ...limitPlugins(config),
      // Queries and mutations run compiled (once per document); subscriptions keep graphql-js, on
      // which the shared subscription results are built. Before the response cache, which wraps
      // whatever executes (a plugin after it would replace it, and nothing would be cached).
      useGraphQlJit({}, { enableIf: (args) => getOperationAST(args.document, args.operationName)?.operation !== 'subscription' }) as Plugin,
      // Before the response cache, so that a cached answer keeps the event it cites.
      asOfExtensions(),
      ...(config.responseCache ? [responseCache(stream, config.responseCacheTtlMs), cacheableAnswers()] : []),
    ],
    logging: yogaLogger(logger),
  });

  const health = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ status: 'ok', lastEventId: latestEventId(reader.db), subscriptions: stream.live }));
  };

  const cached = config.responseCache
    ? httpCache(yoga, {
        path: '/graphql',
        version: () => stream.newestKnownId,
        ttlMs: config.responseCacheTtlMs,
        maxBytes: HTTP_CACHE_BYTES,
        cors: config.corsOrigins.length > 0,
        onUnexpected: (error) => logger.error({ err: error }, 'unexpected error'),
      })
    : undefined;
  const { requestTimeoutMs } = config.limits;
  const server: Server = createServer(
    // A client slower than this to send its request is answered 408 and let go; node looks at
    // its connections every so often, a fraction of the timeout, instead of every 30 s.
    { requestTimeout: requestTimeoutMs, headersTimeout: requestTimeoutMs, connectionsCheckingInterval: Math.ceil(requestTimeoutMs / 4) },
    (req: IncomingMessage, res: ServerResponse) => {
      const requestId = { [REQUEST_ID]: logRequest(logger, req, res) };
      metrics?.countRequest(req, res);
      if (bodyTooLarge(req, res, config.limits.bodyBytes, requestId)) return;
      if (cached?.(req, res, requestId)) return;
      res.setHeader(REQUEST_ID, requestId[REQUEST_ID]);
      if (serveWeb(req, res)) return;
      if (serveExport(req, res, reader.db, (error) => logger.error({ err: error }, 'unexpected error'))) return;
      if (req.url === '/health' && (req.method === 'GET' || req.method === 'HEAD')) return health(res);
      if (metrics && req.url === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) return metrics.serve(res);
      return yoga(req, res);
    },
  );
  const sockets = new Set<Socket>();
  const perAddress = new Map<string, number>();
  server.on('connection', (socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const open = (perAddress.get(address) ?? 0) + 1;
    // Refused before it can ask anything, so one address cannot hold every socket the process has.
    if (open > config.limits.connectionsPerAddress) return void socket.destroy();
    perAddress.set(address, open);
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
  });
  const ws = attachWebSocket(server, yoga, { path: '/graphql', keepAliveMs: config.keepAliveMs, maxMessageBytes: config.limits.bodyBytes });

  let stopped: Promise<void> | undefined;
  return {
    database,
    reader,
    writer,
    stream,
    yoga,
    logger,
    start: () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const address = server.address();
          const port = typeof address === 'object' && address ? address.port : config.port;
          const host = config.host.includes(':') ? `[${config.host}]` : config.host;
          resolve({ url: `http://${host}:${port}/graphql`, port });
        });
      }),
    stop: () =>
      (stopped ??= (async () => {
        // Stop accepting; let requests in flight finish; end subscriptions so clients see them
        // complete (and resume from their cursor elsewhere); only then close the database.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        stream.endAll();
        await ws.close();
        server.closeIdleConnections();
        const grace = setTimeout(() => {
          for (const socket of sockets) socket.destroy();
        }, SHUTDOWN_GRACE_MS);
        await closed;
        clearTimeout(grace);
        await fanout.close();
        writer.flush();
        asOfPool?.close();
        if (reader !== database) await reader.close();
        await database.close();
      })()),
  };
}
