/**
 * The response cache: a query's answer is kept until the next event is recorded. Its key holds
 * the newest event id this process knows (its own commits at once, other processes' through the
 * fan-out), so no cached answer outlives the event that changed it. It is envelop's plugin, not
 * yoga's wrapper, so that operations over graphql-ws (which bypass yoga's request handling) go
 * through the same cache.
 */
import { createHash } from 'node:crypto';
import { useResponseCache } from '@envelop/response-cache';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { EventStream } from '../domain/stream.js';

export function responseCache(stream: EventStream, ttlMs: number): Plugin {
  const cache = useResponseCache({
    // Reads are public: one answer serves every client.
    session: () => null,
    ttl: ttlMs,
    // …except who the token belongs to, which must never be served to another token.
    ttlPerSchemaCoordinate: { 'Query.viewer': 0 },
    buildResponseCacheKey: ({ documentString, variableValues, operationName }) =>
      createHash('sha256')
        .update(`${stream.newestKnownId}\u0000${operationName ?? ''}\u0000${documentString}\u0000${JSON.stringify(variableValues ?? {})}`)
        .digest('base64url'),
    // An answer with errors is not kept (the plugin's default policy, without its console warning for each).
    shouldCacheResult: ({ result }) => !result.errors?.length,
  }) as Plugin;
  return {
    ...cache,
    // Invalidation is by the event id in the key (a new incident changes lists that no entity in a
    // cached answer names), so mutations skip the plugin: it would otherwise rewrite each one to
    // collect the entities it touched and invalidate them. (Not `invalidateViaMutation: false`:
    // with it the plugin caches mutations like queries.)
    onExecute: (params) =>
      getOperationAST(params.args.document, params.args.operationName)?.operation === 'mutation' ? undefined : cache.onExecute?.(params),
  };
}
