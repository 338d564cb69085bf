/**
 * Logs (pino): one JSON line per record for a machine to collect, or one readable line per record
 * for a person at a terminal; each request's line with its request id.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type PinoPretty from 'pino-pretty';
import type { LogFormat } from '../config.js';

/**
 * pino-pretty is required only when a readable log is asked for: a server logging JSON should not
 * pay for loading it, and the server bundle leaves it out (scripts/build-server.mjs).
 */
const load = createRequire(import.meta.url);

export function createLogger(level: string, format: LogFormat = 'json'): Logger {
  const options = { level, base: { service: 'parley' } };
  if (format === 'json') return pino(options);
  const pretty = load('pino-pretty') as typeof PinoPretty;
  // Synchronous, as pino's own stdout is: a line is out before the process can exit.
  return pino(
    options,
    pretty({
      sync: true,
      singleLine: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,service',
      colorize: process.stdout.isTTY === true,
    }),
  );
}

export const REQUEST_ID = 'x-request-id';
/**
 * Gives every HTTP request an id (the client's `X-Request-Id` when it sends a sane one) and, when
 * the info level is on, logs one line per response with its status and duration. It sits on
 * node's request, not in yoga, so it covers every route and both ways a GraphQL request is
 * answered. The caller returns the id with the answer's own headers: one set ahead of them with
 * `setHeader` sends every response down node's slower path of merging headers, which measured as
 * most of what a cached answer costs beyond writing its bytes.
 */
export function logRequest(logger: Logger, req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers[REQUEST_ID];
  const id = typeof given === 'string' && /^[\w.-]{1,128}$/.test(given) ? given : randomUUID();
  if (!logger.isLevelEnabled('info')) return id;
  const started = performance.now();
  res.once('finish', () => {
    logger.info(
      {
        requestId: id,
        method: req.method,
        path: req.url?.split('?', 1)[0],
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  return id;
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
