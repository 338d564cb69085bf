/**
 * Subscription results over SSE, as yoga writes them (a `:` comment at once and every 12 s while
 * the client keeps up, `event: next` per result, `event: complete` at the end), from a node
 * Readable that node's response reads directly. yoga's own writer pulls each result through a web
 * ReadableStream, encodes it in two pieces and keeps a timer per subscriber: at thousands of
 * subscribers that was much of a fan-out's time and of an idle subscription's memory. Here a
 * result shared by several subscribers (src/server/shared-results.ts) is framed once, one
 * timer pings everyone, and results are still pulled one at a time, only while the response
 * drains, so a slow reader's backpressure reaches its subscription as before.
 */
import { Readable } from 'node:stream';
import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type FetchAPI, type Plugin } from 'graphql-yoga';
import { KeepAlive } from './keep-alive.js';
import { encoded, type DirectWrites, type Encoding, type ResultSink } from './shared-results.js';

const PING = Buffer.from(':\n\n');
const COMPLETE = Buffer.from('event: complete\ndata:\n\n');
const PING_INTERVAL_MS = 12_000;

/** Pings every open stream the client keeps up with (a lagging one has bytes on their way already). */
const keepAlive = new KeepAlive<SubscriptionBody>(PING_INTERVAL_MS, (body) => {
  if (!body.destroyed && body.readableLength < body.readableHighWaterMark) body.push(PING);
});

/** The bytes of one result's event. */
const frame: Encoding<Buffer> = (result) => Buffer.from(`event: next\ndata: ${serialise(result)}\n\n`);

/** JSON of a result without what yoga keeps for itself (an error's `http` and `unexpected`), as yoga writes it. */
function serialise(result: ExecutionResult): string {
  const { http, ...extensions } = (result.extensions ?? {}) as Record<string, unknown>;
  if (!result.errors?.length && http === undefined) return JSON.stringify(result);
  return JSON.stringify({
    ...result,
    errors: result.errors?.map(withoutInternals),
    extensions: Object.keys(extensions).length ? extensions : undefined,
  });
}

function withoutInternals(error: GraphQLError) {
  const json = error.toJSON();
  const { http: _http, unexpected: _unexpected, ...extensions } = json.extensions ?? {};
  return { ...json, extensions: Object.keys(extensions).length ? extensions : undefined };
}

const HEADERS = {
  'Content-Type': 'text/event-stream',
  Connection: 'keep-alive',
  'Cache-Control': 'no-cache',
  'Content-Encoding': 'none',
};

/**
 * A subscription's event stream. It exists from the moment the subscription arrives, so that it
 * is in the subscription's context (as its `resultSink`) when the subscription is executed; it is
 * sent, and pulls results, once they exist.
 */
class SubscriptionBody extends Readable implements ResultSink {
  private pulling = false;

  private results: AsyncIterator<ExecutionResult> | undefined;

  respond(results: AsyncIterable<ExecutionResult>, fetchAPI: FetchAPI): Response {
    this.results = results[Symbol.asyncIterator]();
    this.push(PING);
    keepAlive.add(this);
    return new fetchAPI.Response(this as unknown as ReadableStream, { status: 200, headers: HEADERS });
  }

  override _read(): void {
    // A ping pushed while a result is awaited makes node ask again: one pull at a time.
    if (this.pulling) return;
    this.pulling = true;
    // Only a response reads the body, and `respond` gave it its results first.
    this.results!.next().then(
      (step) => {
        this.pulling = false;
        if (this.destroyed) return;
        if (step.done) {
          // Out of the pings first: pushing after the end would be an error nobody handles.
          keepAlive.delete(this);
          this.push(COMPLETE);
          this.push(null);
        } else {
          this.push(encoded(step.value, frame));
        }
      },
      // Errors reach here as results (yoga masks them upstream); anything else cuts the response
      // short, without the `complete` a client would take for a clean end. No error is emitted:
      // nothing listens for one on a response body.
      () => this.destroy(),
    );
  }

  /**
   * A result ready while this stream waits for one: written now if it would be written now anyway,
   * the response flowing with nothing queued before it. Otherwise (a response that is not keeping
   * up) it is left to the pull, which waits for the response to drain, as backpressure asks.
   */
  offer(result: ExecutionResult): boolean {
    if (!this.pulling || this.destroyed || this.readableFlowing !== true || this.readableLength > 0) return false;
    this.push(encoded(result, frame));
    return true;
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    keepAlive.delete(this);
    Promise.resolve(this.results?.return?.()).then(
      () => callback(error),
      () => callback(error),
    );
  }
}

/** Whether an Accept header takes an event stream: text/event-stream, or any text, or anything. */
function acceptsEventStream(accept: string): boolean {
  return accept.split(',').some((range) => ['text/event-stream', 'text/*', '*/*'].includes(range.split(';', 1)[0]!.trim().toLowerCase()));
}

/**
 * A subscription over HTTP is a stream of events, written by a SubscriptionBody in place of yoga's
 * own writer (for a subscription's stream of results yoga offers one writer only, SSE). One asked
 * for by a client that takes no event stream is refused (406) before it subscribes: yoga would
 * subscribe it, find no way to send it, and hold it until the stall timeout.
 */
export function subscriptionsAsStreams(): Plugin<DirectWrites> {
  return {
    onSubscribe({ args, extendContext, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request }).request;
      // No request: the subscription came over WebSocket.
      if (!request) return;
      if (acceptsEventStream(request.headers.get('accept') ?? '*/*')) {
        extendContext({ resultSink: new SubscriptionBody() });
        return;
      }
      setResultAndStopExecution({
        errors: [
          new GraphQLError(
            'A subscription over HTTP is a stream of events: ask for it with `Accept: text/event-stream`, or subscribe over WebSocket.',
            {
              extensions: { code: 'NOT_ACCEPTABLE', http: { status: 406, headers: { accept: 'text/event-stream' } } },
            },
          ),
        ],
      });
    },
    onResultProcess({ result, serverContext, resultProcessor, setResultProcessor }) {
      const body = (serverContext as DirectWrites).resultSink;
      if (!resultProcessor || !(body instanceof SubscriptionBody) || !isAsyncIterable(result)) return;
      setResultProcessor((results, fetchAPI) => body.respond(results as AsyncIterable<ExecutionResult>, fetchAPI), 'text/event-stream');
    },
  };
}
