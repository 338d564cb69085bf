/**
 * The response cache: a query's answer is kept until the next event is recorded. Its key holds
 * the newest event id this process knows (its own commits at once, other processes' through the
 * fan-out), so no cached answer outlives the event that changed it. It is envelop's plugin, not
 * yoga's wrapper, so that operations over graphql-ws (which bypass yoga's request handling) go
 * through the same cache.
 */
import { createHash } from 'node:crypto';
import { useResponseCache } from '@envelop/response-cache';
import type { Plugin } from 'graphql-yoga';
import type { EventStream } from '../domain/stream.js';

export function responseCache(stream: EventStream, ttlMs: number): Plugin {
  return useResponseCache({
    // Reads are public: one answer serves every client.
    session: () => null,
    ttl: ttlMs,
    // Invalidation is by the event id in the key (a new incident changes lists that no entity in
    // a cached answer names); mutations are still never cached, whatever their answer. (Not
    // `invalidateViaMutation: false`: with it the plugin caches mutations like queries.)
    buildResponseCacheKey: ({ documentString, variableValues, operationName }) =>
      createHash('sha256')
        .update(`${stream.newestKnownId}\u0000${operationName ?? ''}\u0000${documentString}\u0000${JSON.stringify(variableValues ?? {})}`)
        .digest('base64url'),
  }) as Plugin;
}
