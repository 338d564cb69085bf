/**
 * The request nearly every client sends — one operation POSTed as JSON — answered straight from
 * node's request and response. Yoga turns every request into a fetch-API Request and every answer
 * into a Response and streams both; for a typical query that layer costs more than executing it.
 *
 * Only the transport is bypassed. The operation goes through yoga's own `getResultForParams`, so
 * every envelop plugin (parse and validation caches, limits and cost, auth, the response cache,
 * error masking) and yoga's params checks and result hooks apply as they do for any request, and
 * the answer is written by yoga's `processRegularResult`: the same statuses, headers and bytes.
 * Anything else — GET, batches, streamed results, other content types, cross-origin requests
 * when CORS is on, a body that is not one JSON object of GraphQL parameters — goes to yoga whole,
 * with the body already read handed over as it came.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { processRegularResult, type GraphQLParams, type YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../graphql/context.js';
import type { ServerContext } from './app.js';

type RegularMediaType = 'application/json' | 'application/graphql-response+json';

/**
 * The media type yoga's result processors would answer with for this Accept header, when it is a
 * plain JSON one; null when yoga would pick a stream (text/event-stream, multipart/mixed) or
 * refuse. Mirrors use-result-processor.js: media types are tried in reverse header order and
 * processors in the order SSE, multipart, regular, the last match winning.
 */
export function regularMediaType(accept: string | undefined): RegularMediaType | null {
  const requested: string[] = [];
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [mediaType, ...params] = entry.split(';');
    if ((params.find((p) => p.includes('charset=')) ?? 'charset=utf-8') === 'charset=utf-8') requested.push(mediaType!);
  }
  requested.reverse();
  const matches = (offered: string, asked: string) => {
    const [offeredType, offeredSub] = offered.split('/');
    const [askedType, askedSub] = asked.split('/');
    return (askedType === '*' || askedType === offeredType) && (askedSub === '*' || askedSub === offeredSub);
  };
  let chosen: RegularMediaType | 'stream' | null = null;
  for (const offered of [['text/event-stream'], ['multipart/mixed'], ['application/graphql-response+json', 'application/json']]) {
    for (const asked of requested) {
      for (const type of offered) if (matches(type, asked)) chosen = offered.length === 1 ? 'stream' : (type as RegularMediaType);
    }
  }
  return chosen === 'stream' ? null : chosen;
}

const PARAM_TYPES: Record<string, (value: unknown) => boolean> = {
  query: (v) => typeof v === 'string',
  operationName: (v) => v == null || typeof v === 'string',
  variables: (v) => v == null || (typeof v === 'object' && !Array.isArray(v)),
  extensions: (v) => v == null || (typeof v === 'object' && !Array.isArray(v)),
};

/** One operation's parameters, as yoga's params check would accept them without a word. */
function asParams(body: unknown): GraphQLParams | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  for (const [key, value] of Object.entries(body)) if (!PARAM_TYPES[key]?.(value)) return null;
  return typeof (body as GraphQLParams).query === 'string' ? (body as GraphQLParams) : null;
}

/** What processRegularResult builds, kept as it is instead of becoming a fetch Response. */
class Answer {
  constructor(
    readonly body: string | null,
    readonly init: { status?: number; headers?: Record<string, string> },
  ) {}
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export interface JsonPost {
  /** Takes the request when it is a plain JSON POST to the GraphQL endpoint; false leaves it to yoga. */
  (req: IncomingMessage, res: ServerResponse): boolean;
}

export function jsonPost(
  yoga: YogaServerInstance<ServerContext, Context>,
  options: { path: string; cors: boolean; onUnexpected: (error: unknown) => void },
): JsonPost {
  const { fetchAPI } = yoga;

  /** Yoga answers whatever the fast path does not take, from the bytes already read. */
  const handOver = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const request = new fetchAPI.Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
      method: 'POST',
      headers: req.headers as Record<string, string>,
      body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as unknown as ArrayBuffer,
    });
    const response = await yoga.fetch(request, { req, res });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, mediaType: RegularMediaType, body: Buffer) => {
    let params: GraphQLParams | null = null;
    try {
      params = asParams(JSON.parse(decoder.decode(body)));
    } catch {
      // Invalid UTF-8 or JSON: yoga's parser and strictUtf8 word the 400.
    }
    if (!params) return handOver(req, res, body);
    const request = new fetchAPI.Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
      method: 'POST',
      headers: req.headers as Record<string, string>,
    });
    const result = await yoga.getResultForParams({ params, request }, { req, res });
    const { body: text, init } = processRegularResult(result!, { Response: Answer } as never, mediaType) as unknown as Answer;
    res.writeHead(init.status ?? 200, { ...init.headers, 'content-length': text === null ? 0 : Buffer.byteLength(text) });
    res.end(text);
  };

  return (req, res) => {
    if (req.method !== 'POST') return false;
    const path = req.url?.split('?', 1)[0];
    const contentType = req.headers['content-type']?.replace(/\s/g, '').toLowerCase();
    if (path !== options.path || (contentType !== 'application/json' && contentType !== 'application/json;charset=utf-8')) return false;
    if (options.cors && req.headers.origin !== undefined) return false;
    const mediaType = regularMediaType(req.headers.accept);
    if (!mediaType) return false;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      answer(req, res, mediaType, Buffer.concat(chunks)).catch((error: unknown) => {
        options.onUnexpected(error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ errors: [{ message: 'Unexpected error.' }] }));
      });
    });
    return true;
  };
}
