/**
 * The request nearly every client sends — one operation POSTed as JSON — answered straight from
 * node's request and response. Yoga turns every request into a fetch-API Request and every answer
 * into a Response and streams both; for a typical query that layer costs more than executing it.
 *
 * Only the transport is bypassed. The operation goes through yoga's own `getResultForParams`, so
 * every envelop plugin (parse and validation caches, limits and cost, auth, the response cache,
 * error masking) and yoga's params checks and result hooks apply as they do for any request, and
 * the answer is written by yoga's `processRegularResult`: the same statuses, headers and bytes.
 * Anything else — GET, batches, subscriptions, other content types, cross-origin requests when
 * CORS is on, a body that is not one JSON object of GraphQL parameters — goes to yoga whole, with
 * the body already read handed over as it came.
 *
 * Yoga's request-level hooks do not run here: onRequest (CORS: handed over; unknown routes: only
 * the GraphQL path is taken), onRequestParse (CSRF prevention, which never refuses a JSON POST;
 * the UTF-8 check, made below), onResultProcess and onResponse (streams only; request ids and
 * logs sit on node's request). A plugin added with one of those hooks must be weighed here.
 *
 * Measured with `npm run bench` on two cores: a JSON mutation cost about 3 ms of CPU through
 * yoga's whole path and about 2 ms through this one (bench/results.md has the current figures).
 */
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getOperationAST, GraphQLError, parse, type ExecutionResult } from 'graphql';
import { isAsyncIterable, processRegularResult, type GraphQLParams, type YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../graphql/context.js';
import type { ServerContext } from './app.js';
import { deliverDirectly } from './shared-results.js';
import { writeEventStream } from './sse.js';

type RegularMediaType = 'application/json' | 'application/graphql-response+json';

/** The media types an Accept header asks for (utf-8 ones only), in yoga's order: last listed first. */
function requestedTypes(accept: string | undefined): string[] {
  const requested: string[] = [];
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [mediaType, ...params] = entry.split(';');
    if ((params.find((p) => p.includes('charset=')) ?? 'charset=utf-8') === 'charset=utf-8') requested.push(mediaType!);
  }
  return requested.reverse();
}

function matches(offered: string, asked: string): boolean {
  const [offeredType, offeredSub] = offered.split('/');
  const [askedType, askedSub] = asked.split('/');
  return (askedType === '*' || askedType === offeredType) && (askedSub === '*' || askedSub === offeredSub);
}

type MediaType = RegularMediaType | 'text/event-stream' | 'multipart/mixed';

/**
 * The media type yoga's result processors would answer with for this Accept header; null when
 * yoga would refuse. Mirrors use-result-processor.js: media types are tried in reverse header
 * order and processors in the order SSE, multipart, regular, the last match winning.
 */
function chosenMediaType(accept: string | undefined): MediaType | null {
  const requested = requestedTypes(accept);
  let chosen: MediaType | null = null;
  for (const offered of [['text/event-stream'], ['multipart/mixed'], ['application/graphql-response+json', 'application/json']]) {
    for (const asked of requested) {
      for (const type of offered) if (matches(type, asked)) chosen = type as MediaType;
    }
  }
  return chosen;
}

/** Whether the parameters name a subscription, found without executing anything. */
function isSubscription(params: GraphQLParams): boolean {
  try {
    return getOperationAST(parse(params.query!), params.operationName)?.operation === 'subscription';
  } catch {
    return false;
  }
}

/** Whether yoga could stream a subscription's results to this client (its only stream for them is SSE). */
const acceptsEventStream = (accept: string | undefined) => requestedTypes(accept).some((asked) => matches('text/event-stream', asked));

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

/** Takes the request when it is a plain JSON POST to the GraphQL endpoint; false leaves it to yoga. */
type JsonPost = (req: IncomingMessage, res: ServerResponse) => boolean;

/** What an error thrown around execution (a params or result hook) is answered with, as yoga masks it. */
const UNEXPECTED = { errors: [new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR', http: { status: 500 } } })] };

export function jsonPost(
  yoga: YogaServerInstance<ServerContext, Context>,
  options: { path: string; cors: boolean; onUnexpected: (error: unknown) => void },
): JsonPost {
  const { fetchAPI } = yoga;
  const requestOf = (req: IncomingMessage, body?: Buffer) =>
    new fetchAPI.Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
      method: 'POST',
      headers: req.headers as Record<string, string>,
      body: body && (new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as unknown as ArrayBuffer),
    });

  /** Yoga answers whatever the fast path does not take, from the bytes already read. */
  const handOver = async (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const response = await yoga.fetch(requestOf(req, body), { req, res });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    // Streamed (a subscription's events) as yoga writes them. A client that leaves ends the stream
    // early: that closes the response before its end, which is no fault of the server's.
    if (!response.body) return void res.end();
    await pipeline(Readable.from(response.body as unknown as AsyncIterable<Uint8Array>), res).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    });
  };

  const write = (res: ServerResponse, result: Parameters<typeof processRegularResult>[0], mediaType: RegularMediaType) => {
    const { body: text, init } = processRegularResult(result, { Response: Answer } as never, mediaType) as unknown as Answer;
    res.writeHead(init.status ?? 200, { ...init.headers, 'content-length': text === null ? 0 : Buffer.byteLength(text) });
    res.end(text);
  };

  const answer = async (req: IncomingMessage, res: ServerResponse, mediaType: Exclude<MediaType, 'multipart/mixed'>, body: Buffer) => {
    let params: GraphQLParams | null = null;
    try {
      // Invalid UTF-8 or JSON: yoga's parser and strictUtf8 word the 400.
      if (isUtf8(body)) params = asParams(JSON.parse(body.toString('utf8')));
    } catch {
      params = null;
    }
    // Of what asks for an event stream, only subscriptions are taken: yoga words the rest (a
    // single result as an event, an error) and nothing has run yet when it is handed over.
    if (!params || (mediaType === 'text/event-stream' && !isSubscription(params))) return handOver(req, res, body);
    const serverContext: ServerContext = { req, res };
    let result;
    try {
      result = await yoga.getResultForParams({ params, request: requestOf(req) }, serverContext);
    } catch (error) {
      options.onUnexpected(error);
      if (mediaType === 'text/event-stream') return handOver(req, res, body);
      return write(res, UNEXPECTED, mediaType);
    }
    // A subscription: streamed as SSE, as yoga would stream it, or closed before it holds
    // anything and refused as yoga refuses it (406) when the client takes no event stream; yoga
    // itself would leave that one open until the stall timeout.
    if (isAsyncIterable(result)) {
      if (acceptsEventStream(req.headers.accept)) {
        return writeEventStream(result as AsyncIterable<ExecutionResult>, res, (sink) => deliverDirectly(serverContext, sink));
      }
      await result[Symbol.asyncIterator]().return?.();
    } else if (mediaType === 'text/event-stream') {
      // A subscription refused before it started (invalid, unauthorised): run again by yoga,
      // which answers it as an event. Nothing was subscribed, so nothing ran twice.
      return handOver(req, res, body);
    }
    write(res, result!, mediaType as RegularMediaType);
  };

  return (req, res) => {
    if (req.method !== 'POST') return false;
    const path = req.url?.split('?', 1)[0];
    const contentType = req.headers['content-type']?.replace(/\s/g, '').toLowerCase();
    if (path !== options.path || (contentType !== 'application/json' && contentType !== 'application/json;charset=utf-8')) return false;
    if (options.cors && req.headers.origin !== undefined) return false;
    const mediaType = chosenMediaType(req.headers.accept);
    if (!mediaType || mediaType === 'multipart/mixed') return false;
    const chunks: Buffer[] = [];
    // A body cut short never ends: there is nothing to answer, only the socket to let go.
    req.once('error', () => res.destroy());
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      answer(req, res, mediaType, Buffer.concat(chunks)).catch((error: unknown) => {
        options.onUnexpected(error);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
      });
    });
    return true;
  };
}
