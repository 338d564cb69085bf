/**
 * GraphQL over WebSocket (the graphql-ws protocol) on the same HTTP server and path as yoga.
 * Every operation goes through yoga's envelop, so its plugins (error masking, limits) apply here
 * as they do over HTTP. Auth comes from `connectionParams.authorization`: sockets have no headers.
 *
 * The protocol is graphql-ws's transport-agnostic `makeServer`; the socket side is this thin
 * adapter rather than its `useServer` (graphql-ws/use/ws), which keeps two timers per socket for
 * keep-alives: at 10,000 idle subscribers one shared timer (./keep-alive.ts) holds less memory.
 *
 * A message is bounded as an HTTP body is (`ws` would take up to 100 MiB by default, and hold
 * it): a bigger one closes the socket with 1009. A write may carry an Idempotency-Key as the
 * operation's `extensions.idempotencyKey`, since a socket's messages have no headers.
 */
import type { Server } from 'node:http';
import { GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { CloseCode, handleProtocols, makeServer, type Context as ProtocolContext } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { IDEMPOTENCY_KEY_RULE, isIdempotencyKey } from '../domain/idempotency.js';
import type { Context } from '../graphql/context.js';
import type { ServerContext } from './app.js';
import { KeepAlive } from './keep-alive.js';
import { encoded, type Encoding, type ResultSink } from './shared-results.js';

/** What an operation needs of its socket's upgrade request: not the request itself, which would live as long as the socket. */
type Extra = { socket: WebSocket; address: string };

/** Sockets pinged and not heard from since: terminated at the next round. */
const unanswered = new WeakSet<WebSocket>();

function answered(this: WebSocket): void {
  unanswered.delete(this);
}

/**
 * A result's `next` messages as graphql-ws writes them for a result without errors (`{id, type,
 * payload}`, the payload being the result as it is), by subscription id, around one JSON of the
 * result: clients number their subscriptions alike ("1"), so most share one message.
 */
class NextMessages {
  private readonly payload: string;
  private readonly byId = new Map<string, Buffer>();

  constructor(result: ExecutionResult) {
    this.payload = JSON.stringify(result);
  }

  of(id: string): Buffer {
    let message = this.byId.get(id);
    if (!message) this.byId.set(id, (message = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":${this.payload}}`)));
    return message;
  }
}

const nextMessages: Encoding<NextMessages> = (result) => new NextMessages(result);

/**
 * A subscription's `next` messages, written without going through its graphql-ws iteration (see
 * ResultSink), only while nothing is waiting to be written on the socket, so a client that does
 * not keep up is left to graphql-ws, which waits for each write.
 */
class DirectNext implements ResultSink {
  constructor(
    private readonly socket: WebSocket,
    private readonly id: string,
  ) {}

  offer(result: ExecutionResult): boolean {
    const socket = this.socket;
    if (socket.readyState !== socket.OPEN || socket.bufferedAmount > 0) return false;
    socket.send(encoded(result, nextMessages).of(this.id), { binary: false });
    return true;
  }
}

type Enveloped = ReturnType<YogaServerInstance<ServerContext, Context>['getEnveloped']>;

/**
 * An operation's arguments as graphql-ws hands them from onSubscribe to execute or subscribe,
 * carrying the operation's envelop to that call and no further: graphql-ws keeps the arguments for
 * the operation's whole life, and the envelop must not live as long. The envelop is a private
 * field, so the copies that plugins make of the arguments do not hold it either.
 */
class Operation implements ExecutionArgs {
  readonly schema: GraphQLSchema;
  #enveloped: Enveloped | undefined;

  constructor(
    enveloped: Enveloped,
    readonly document: DocumentNode,
    readonly operationName: string | null | undefined,
    readonly variableValues: Record<string, unknown> | null | undefined,
    readonly contextValue: unknown,
  ) {
    this.schema = enveloped.schema;
    this.#enveloped = enveloped;
  }

  takeEnvelop(): Enveloped {
    const enveloped = this.#enveloped!;
    this.#enveloped = undefined;
    return enveloped;
  }
}

export interface WebSocketEndpoint {
  /**
   * Closes every socket (clients see code 1001, going away) and stops accepting new ones, once
   * the subscriptions ended before it have sent their `complete` (or after a grace).
   */
  close(): Promise<void>;
}

/** How long closing waits for ended subscriptions to send their `complete`. */
const COMPLETE_GRACE_MS = 1_000;

export function attachWebSocket(
  server: Server,
  yoga: YogaServerInstance<ServerContext, Context>,
  options: { path: string; keepAliveMs: number; maxMessageBytes: number },
): WebSocketEndpoint {
  const wss = new WebSocketServer({ server, path: options.path, handleProtocols, maxPayload: options.maxMessageBytes });
  /** Each acknowledged connection's protocol state: its `subscriptions` are those still running. */
  const connections = new Set<ProtocolContext<Record<string, unknown> | undefined, Extra>>();
  // ws repeats the HTTP server's own errors (a port in use) here; start() reports those already.
  wss.on('error', () => undefined);
  const protocol = makeServer<Record<string, unknown> | undefined, Extra>({
    execute: (args) => (args as Operation).takeEnvelop().execute(args),
    subscribe: (args) => (args as Operation).takeEnvelop().subscribe(args),
    onConnect: (ctx) => {
      connections.add(ctx);
      ctx.extra.socket.once('close', () => connections.delete(ctx));
    },
    onSubscribe: async (ctx, id, params) => {
      const idempotencyKey = params.extensions?.idempotencyKey;
      if (idempotencyKey !== undefined && !isIdempotencyKey(idempotencyKey)) {
        return [new GraphQLError(`extensions.idempotencyKey ${IDEMPOTENCY_KEY_RULE}.`, { extensions: { code: 'BAD_IDEMPOTENCY_KEY' } })];
      }
      const enveloped = yoga.getEnveloped({
        idempotencyKey,
        connectionParams: ctx.connectionParams,
        socket: ctx.extra.socket,
        address: ctx.extra.address,
        resultSink: new DirectNext(ctx.extra.socket, id),
        params,
      } satisfies ServerContext & { params: unknown });
      // A refused document (a syntax error, a limit exceeded) fails this operation only: the
      // socket and the client's other subscriptions carry on.
      let document: DocumentNode;
      try {
        document = enveloped.parse(params.query);
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length) return errors;
      } catch (error) {
        return [error instanceof GraphQLError ? error : new GraphQLError('The document could not be read.')];
      }
      return new Operation(enveloped, document, params.operationName, params.variables, await enveloped.contextFactory());
    },
  });

  const keepAlive = new KeepAlive<WebSocket>(options.keepAliveMs, (socket) => {
    if (unanswered.has(socket)) return socket.terminate();
    unanswered.add(socket);
    socket.ping();
  });
  wss.on('connection', (socket, request) => {
    socket.once('error', () => socket.close(CloseCode.InternalServerError, 'Internal server error'));
    socket.on('pong', answered);
    keepAlive.add(socket);
    const closed = protocol.opened(
      {
        protocol: socket.protocol,
        // Resolves once written, as useServer's does: a subscription pulls its next result only
        // then, so a reader that stops reading stops its subscription (the stall drop).
        send: (message) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(message, (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(String(data)).catch(() => socket.close(CloseCode.InternalServerError, 'Internal server error'));
          }),
      },
      { socket, address: request.socket.remoteAddress ?? 'unknown' },
    );
    socket.once('close', (code, reason) => {
      keepAlive.delete(socket);
      void closed(code, String(reason));
    });
  });
  return {
    close: async () => {
      const deadline = Date.now() + COMPLETE_GRACE_MS;
      const running = () => [...connections].some((ctx) => Object.keys(ctx.subscriptions).length > 0);
      while (running() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      for (const socket of wss.clients) socket.close(1001, 'Going away');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
