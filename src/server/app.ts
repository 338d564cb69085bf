/**
 * The application apart from the process: build it, start it, stop it. Tests and main use the same.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { GraphQLError } from 'graphql';
import type { Config } from '../config.js';
import { migrateDatabase, openDatabase, type ParleyDatabase } from '../db/client.js';
import { seedIfEmpty } from '../db/seed/index.js';
import { DomainError } from '../domain/errors.js';
import { latestEventId, Writer } from '../domain/events.js';
import { createContext, type Context } from '../graphql/context.js';
import { schema } from '../graphql/schema.js';
import { DEFAULT_QUERY } from './default-query.js';

export interface App {
  readonly database: ParleyDatabase;
  readonly writer: Writer;
  readonly yoga: YogaServerInstance<Record<string, never>, Context>;
  /** Listens; resolves with the address actually bound (useful with port 0). */
  start(): Promise<{ url: string; port: number }>;
  /** Stops accepting, closes open connections, then closes the database. */
  stop(): Promise<void>;
}

/** Domain errors become client errors with a code; anything unexpected is masked by yoga. */
function toClientError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError) {
    return new GraphQLError(original.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: original.code, ...(original.issues.length ? { issues: original.issues } : {}) },
    });
  }
  return maskError(error, message, isDev);
}

export function buildApp(config: Config): App {
  const database = openDatabase(config.dbPath);
  migrateDatabase(database.db);
  const writer = new Writer(database.db);
  if (config.seed) seedIfEmpty(writer, database.db);

  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    context: () => createContext({ db: database.db, writer }),
    graphiql: config.graphiql ? { title: 'Parley', defaultQuery: DEFAULT_QUERY } : false,
    renderGraphiQL,
    landingPage: false,
    maskedErrors: { maskError: toClientError },
    logging: 'warn',
  });

  const health = (res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ status: 'ok', lastEventId: latestEventId(database.db) }));
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/health' && (req.method === 'GET' || req.method === 'HEAD')) return health(res);
    return yoga(req, res);
  });
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  let stopped: Promise<void> | undefined;
  return {
    database,
    writer,
    yoga,
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
      (stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        for (const socket of sockets) socket.destroy();
      }).then(() => database.close())),
  };
}
