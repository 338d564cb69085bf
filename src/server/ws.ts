/**
 * GraphQL over WebSocket (the graphql-ws protocol) on the same HTTP server and path as yoga.
 * Every operation goes through yoga's envelop, so its plugins (error masking, limits) apply here
 * as they do over HTTP. Auth comes from `connectionParams.authorization`: sockets have no headers.
 */
import type { Server } from 'node:http';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../graphql/context.js';
import type { ServerContext } from './app.js';

export interface WebSocketEndpoint {
  /** Closes every socket (clients see code 1001, going away) and stops accepting new ones. */
  close(): Promise<void>;
}

export function attachWebSocket(
  server: Server,
  yoga: YogaServerInstance<ServerContext, Context>,
  options: { path: string; keepAliveMs: number },
): WebSocketEndpoint {
  const wss = new WebSocketServer({ server, path: options.path });
  type Enveloped = ReturnType<typeof yoga.getEnveloped>;
  // Each operation's envelop, from onSubscribe to its execute/subscribe call, and no longer:
  // graphql-ws keeps the arguments for the operation's whole life, so they must not hold it.
  const envelopes = new WeakMap<object, Enveloped>();
  const envelopeOf = (args: object): Enveloped => {
    const enveloped = envelopes.get(args)!;
    envelopes.delete(args);
    return enveloped;
  };
  const disposable = useServer(
    {
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
    },
    wss,
    options.keepAliveMs,
  );
  return {
    close: async () => {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
