/** Structured logs: one JSON line per record (pino), each request's with its request id. */
import { randomUUID } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { Plugin } from 'graphql-yoga';

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'parley' } });
}

const REQUEST_ID = 'x-request-id';
const ids = new WeakMap<Request, { id: string; started: number }>();

/**
 * Gives every request an id (the client's `X-Request-Id` when it sends a sane one), returns it in
 * the response, and logs one line per response with its status and duration.
 */
export function requestLogging(logger: Logger): Plugin {
  return {
    onRequest({ request }) {
      const given = request.headers.get(REQUEST_ID);
      ids.set(request, { id: given && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID(), started: performance.now() });
    },
    onResponse({ request, response }) {
      const entry = ids.get(request);
      if (!entry) return;
      response.headers.set(REQUEST_ID, entry.id);
      logger.info(
        {
          requestId: entry.id,
          method: request.method,
          path: new URL(request.url).pathname,
          status: response.status,
          ms: Math.round(performance.now() - entry.started),
        },
        'request',
      );
    },
  };
}

/**
 * The logger yoga writes through. Yoga reports every error it masks or rewrites; a client's own
 * mistake (a bad cursor, an unknown ID: anything carrying a code) is not the server's, so it is
 * logged at debug level and only the unexpected reach the error level.
 */
export function yogaLogger(logger: Logger) {
  const expected = (error: unknown) =>
    error instanceof Error &&
    ((error as { extensions?: { code?: unknown } }).extensions?.code !== undefined ||
      (error as { originalError?: { code?: unknown } }).originalError?.code !== undefined);
  return {
    debug: (...args: unknown[]) => logger.debug({ args }, 'yoga'),
    info: (...args: unknown[]) => logger.info({ args }, 'yoga'),
    warn: (...args: unknown[]) => logger.warn({ args }, 'yoga'),
    error: (error: unknown, ...rest: unknown[]) =>
      expected(error) ? logger.debug({ err: error }, 'client error') : logger.error({ err: error, rest }, 'unexpected error'),
  };
}
