/**
 * Answers to queries kept as bytes, in front of yoga, the way an HTTP cache or a CDN keeps them: a
 * request that was answered before, since the newest event, gets the same status, headers and body
 * again without yoga, a context, envelop or serialisation running.
 *
 * What is stored is decided by yoga's side: `cacheableAnswers()` marks an answer `Cache-Control:
 * public` when it is a query's, without errors, to a request without credentials. Everything else
 * (mutations, errors, refusals, subscriptions, anything carrying a token) passes through untouched
 * and is never stored. The ETag leaves out the event the answer cites (`extensions.asOf`, which every event moves). The key is what can change yoga's answer: method, path and query string,
 * body bytes, Accept, Content-Type and whether the CSRF header is present. A new event empties the
 * cache (every answer may be stale), and each entry also expires after `ttlMs`, which bounds how
 * long another process's event can go unnoticed if its notice is lost.
 *
 * A stored answer carries an ETag, so a browser or a CDN may keep it too and ask again with
 * If-None-Match: a GET whose tag still matches is answered 304 without its body.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getOperationAST } from 'graphql';
import type { Plugin, YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../graphql/context.js';
import type { ServerContext } from './app.js';
import { CSRF_HEADER } from './limits.js';

export interface HttpCacheOptions {
  /** The GraphQL endpoint's path. */
  path: string;
  /** The newest event this process knows of: answers stored before it changed are stale. */
  version: () => number;
  /** How long an answer may be served, at most. */
  ttlMs: number;
  /** What the stored bodies may hold in all. */
  maxBytes: number;
  /** Cross-origin requests are left to yoga, which answers them with their CORS headers. */
  cors: boolean;
  onUnexpected: (error: unknown) => void;
}

interface Entry {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  stored: number;
  expires: number;
}

/**
 * The value marking an answer storable; nothing else is stored. Clients and proxies may keep it
 * too, but must ask again before using it: the next event may change it.
 */
const STORABLE = 'public, no-cache';

/**
 * The yoga plugin that says which answers may be stored: those to a query, without errors, for a
 * request carrying no credentials (an answer about a token's holder must not be shared).
 */
export function cacheableAnswers(): Plugin<Context> {
  const storable = new WeakSet<Request>();
  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (!request || request.headers.has('authorization')) return;
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query') return;
      return {
        onExecuteDone({ result }) {
          if (!('errors' in result && result.errors?.length)) storable.add(request);
        },
      };
    },
    onResponse({ request, response }) {
      // A query's answer as JSON; the same query asked as an event stream is a stream, never kept.
      if (storable.has(request) && response.status === 200 && !response.headers.get('content-type')?.startsWith('text/event-stream')) {
        response.headers.set('cache-control', STORABLE);
        // The same URL answers JSON or graphql-response+json as asked: a shared cache must keep both apart.
        response.headers.append('vary', 'Accept');
      }
    },
  };
}

/**
 * A strong validator of the answer as sent: its bytes and their media type (the same bytes as JSON
 * and as graphql-response+json are two representations). The same data after another event gets
 * the same tag, so a client or CDN holding it is answered 304.
 */
function entityTag(headers: Record<string, string>, body: Buffer): string {
  return `"${createHash('sha256')
    .update(headers['content-type'] ?? '')
    .update('\u0000')
    .update(withoutCitation(body))
    .digest('base64url')
    .slice(0, 27)}"`;
}

/**
 * The answer without the event the present read cites (`extensions.asOf`'s eventId and cursor,
 * src/server/as-of.ts), which every event changes: an answer whose data an event left as it was
 * keeps its tag, and a client keeping it keeps a citation that is still true (the same data, as of
 * an earlier event). The citations of `asOf` fields are the representation's own and stay in.
 */
const CITATION = /"asOf":\{"eventId":\d+,"cursor":"[\w-]*",?/;
function withoutCitation(body: Buffer): Buffer | string {
  const at = body.lastIndexOf('"extensions":');
  if (at < 0) return body;
  const tail = body.subarray(at).toString('utf8');
  return CITATION.test(tail) ? Buffer.concat([body.subarray(0, at), Buffer.from(tail.replace(CITATION, '"asOf":{'))]) : body;
}

/** Whether If-None-Match names the tag (weak comparison, as RFC 9110 asks for it). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const tag = (value: string) => value.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((value) => value.trim() === '*' || tag(value) === etag);
}

/**
 * A cache layer for node's server: returns false for requests it leaves to yoga whole. `own` are
 * the headers of this response alone (its request id), written with the answer, never stored.
 */
export function httpCache(
  yoga: YogaServerInstance<ServerContext, Context>,
  options: HttpCacheOptions,
): (req: IncomingMessage, res: ServerResponse, own: Record<string, string>) => boolean {
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let version = options.version();

  const lookup = (key: string): Entry | undefined => {
    const current = options.version();
    if (current !== version) {
      entries.clear();
      bytes = 0;
      version = current;
      return undefined;
    }
    const entry = entries.get(key);
    if (entry && entry.expires <= Date.now()) {
      entries.delete(key);
      bytes -= entry.body.length;
      return undefined;
    }
    return entry;
  };

  const store = (key: string, entry: Entry, at: number) => {
    // An answer computed while an event arrived belongs to no version anyone will ask for again.
    if (at !== options.version() || entry.body.length > options.maxBytes) return;
    while (bytes + entry.body.length > options.maxBytes) {
      const [oldest, old] = entries.entries().next().value!;
      entries.delete(oldest);
      bytes -= old.body.length;
    }
    entries.set(key, entry);
    bytes += entry.body.length;
  };

  /**
   * A stored answer, with its `Age` in seconds as an HTTP cache says it (RFC 9111); to a GET whose
   * If-None-Match names its ETag, a 304 without the body (RFC 9110 §13.1.2).
   */
  const send = (req: IncomingMessage, res: ServerResponse, own: Record<string, string>, entry: Entry, hit: boolean) => {
    const age = hit ? { age: String(Math.floor((Date.now() - entry.stored) / 1000)) } : {};
    if (req.method === 'GET' && matches(req.headers['if-none-match'], entry.headers.etag!)) {
      const { 'content-type': _type, 'content-length': _length, ...kept } = entry.headers;
      res.writeHead(304, { ...kept, ...own, ...age });
      return void res.end();
    }
    res.writeHead(entry.status, { ...entry.headers, ...own, ...age, 'content-length': String(entry.body.length) });
    res.end(entry.body);
  };

  /** A miss: yoga answers from the bytes already read; an answer it marked storable is kept. */
  const answer = async (req: IncomingMessage, res: ServerResponse, own: Record<string, string>, key: string, body: Buffer | undefined) => {
    const at = options.version();
    const request = new yoga.fetchAPI.Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: body && (new Uint8Array(body.buffer, body.byteOffset, body.byteLength) as unknown as ArrayBuffer),
    });
    const response = await yoga.fetch(request, { req, res });
    // Lower-cased: fetch's Headers may keep the case a plugin wrote them in.
    const headers = Object.fromEntries([...response.headers].map(([name, value]) => [name.toLowerCase(), value]));
    if (headers['cache-control'] === STORABLE) {
      const now = Date.now();
      const body = Buffer.from(await response.arrayBuffer());
      const entry = {
        status: response.status,
        headers: { ...headers, etag: entityTag(headers, body) },
        body,
        stored: now,
        expires: now + options.ttlMs,
      };
      store(key, entry, at);
      return send(req, res, own, entry, false);
    }
    res.writeHead(response.status, { ...headers, ...own });
    if (!response.body) return void res.end();
    // A client that leaves a streamed answer early closes it before its end: no fault of the server's.
    await pipeline(Readable.from(response.body as unknown as AsyncIterable<Uint8Array>), res).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    });
  };

  const fail = (res: ServerResponse, own: Record<string, string>, error: unknown) => {
    options.onUnexpected(error);
    if (!res.headersSent) res.writeHead(500, { ...own, 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
  };

  return (req, res, own) => {
    const method = req.method;
    if (method !== 'GET' && method !== 'POST') return false;
    if (req.url?.split('?', 1)[0] !== options.path) return false;
    const accept = req.headers.accept ?? '';
    // Streams and credentials are never stored; CORS answers vary with the Origin.
    if (accept.includes('text/event-stream') || accept.includes('multipart/mixed')) return false;
    if (req.headers.authorization !== undefined || (options.cors && req.headers.origin !== undefined)) return false;
    const head = `${method}\u0000${req.url}\u0000${accept}\u0000${req.headers['content-type'] ?? ''}\u0000${req.headers[CSRF_HEADER] !== undefined}\u0000`;

    if (method === 'GET') {
      const entry = lookup(head);
      if (entry) send(req, res, own, entry, true);
      else answer(req, res, own, head, undefined).catch((error: unknown) => fail(res, own, error));
      return true;
    }
    const chunks: Buffer[] = [];
    // A body cut short never ends: there is nothing to answer, only the socket to let go.
    req.once('error', () => res.destroy());
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = head + body.toString('latin1');
      const entry = lookup(key);
      if (entry) send(req, res, own, entry, true);
      else answer(req, res, own, key, body).catch((error: unknown) => fail(res, own, error));
    });
    return true;
  };
}
