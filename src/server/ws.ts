/**
 * GraphQL over WebSocket (the graphql-ws protocol) on the same HTTP server and path as yoga.
 * Every operation goes through yoga's envelop, so its plugins (error masking, limits) apply here
 * as they do over HTTP. Auth comes from `connectionParams.authorization`: sockets have no headers.
 *
 * The protocol is graphql-ws's transport-agnostic `makeServer`; the socket side is this thin
 * adapter rather than its `useServer` (graphql-ws/use/ws), which keeps two timers per socket for
 * keep-alives: at 10,000 idle subscribers one shared timer (./keep-alive.ts) holds less memory.
 */
import type { IncomingMessage, Server } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { CloseCode, handleProtocols, makeServer } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../graphql/context.js';
import type { ServerContext } from './app.js';
import { KeepAlive } from './keep-alive.js';

type Extra = { socket: WebSocket; request: IncomingMessage };

/** Sockets pinged and not heard from since: terminated at the next round. */
const unanswered = new WeakSet<WebSocket>();

function answered(this: WebSocket): void {
  unanswered.delete(this);
}

export interface WebSocketEndpoint {
  /** Closes every socket (clients see code 1001, going away) and stops accepting new ones. */
  close(): Promise<void>;
}

export function attachWebSocket(
  server: Server,
  yoga: YogaServerInstance<ServerContext, Context>,
  options: { path: string; keepAliveMs: number },
): WebSocketEndpoint {
  const wss = new WebSocketServer({ server, path: options.path, handleProtocols });
  // ws repeats the HTTP server's own errors (a port in use) here; start() reports those already.
  wss.on('error', () => undefined);
  type Enveloped = ReturnType<typeof yoga.getEnveloped>;
  // Each operation's envelop, from onSubscribe to its execute/subscribe call, and no longer:
  // graphql-ws keeps the arguments for the operation's whole life, so they must not hold it.
  const envelopes = new WeakMap<object, Enveloped>();
  const envelopeOf = (args: object): Enveloped => {
    const enveloped = envelopes.get(args)!;
    envelopes.delete(args);
    return enveloped;
  };
  const protocol = makeServer<Record<string, unknown> | undefined, Extra>({
    execute: (args) => envelopeOf(args).execute(args as ExecutionArgs),
    subscribe: (args) => envelopeOf(args).subscribe(args as ExecutionArgs),
    onSubscribe: async (ctx, _id, params) => {
      const enveloped = yoga.getEnveloped({
        connectionParams: ctx.connectionParams,
        socket: ctx.extra.socket,
        req: ctx.extra.request,
        params,
      } satisfies ServerContext & { params: unknown });
      // A refused document (a syntax error, a limit exceeded) fails this operation only: the
      // socket and the client's other subscriptions carry on.
      let document;
      try {
        document = enveloped.parse(params.query);
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length) return errors;
      } catch (error) {
        return [error instanceof GraphQLError ? error : new GraphQLError('The document could not be read.')];
      }
      const args = {
        schema: enveloped.schema,
        document,
        operationName: params.operationName,
        variableValues: params.variables,
        contextValue: await enveloped.contextFactory(),
      };
      envelopes.set(args, enveloped);
      return args;
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
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      keepAlive.delete(socket);
      void closed(code, String(reason));
    });
  });
  return {
    close: async () => {
      for (const socket of wss.clients) socket.close(1001, 'Going away');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
