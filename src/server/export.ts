/**
 * `GET /export/{incidents,statements,proposals,talks}.{csv,ndjson}?conflict=SLUG&…`: the exports of
 * src/ingest/export.ts, streamed from the server's read-only connection as the client reads them.
 *
 * Parameters are checked before the response begins, so a bad one is a 400 (an unknown conflict a
 * 404) with a GraphQL-style error body, never a truncated file. Once rows flow, the status is sent:
 * an error then can only cut the response short (the chunked body never ends, so clients see it
 * fail rather than take a partial file for a whole one).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Db } from '../db/client.js';
import { DomainError } from '../domain/errors.js';
import { EXPORT_FORMATS, EXPORT_KINDS, exportStream, openExport, type ExportFormat, type ExportKind } from '../ingest/export.js';

const PREFIX = '/export/';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  // Whatever body came with it is not read; drained, the connection stays usable.
  req.resume();
  return true;
}

/**
 * Answers `/export/…`; returns false for any other path. `onUnexpected` hears errors that are not
 * the client's doing (the client is told only that something went wrong).
 */
export function serveExport(req: IncomingMessage, res: ServerResponse, db: Db, onUnexpected: (error: unknown) => void): boolean {
  if (!req.url?.startsWith(PREFIX)) return false;
  const url = new URL(`http://localhost${req.url}`);
  const [kind, format, ...rest] = url.pathname.slice(PREFIX.length).split('.');
  if (rest.length || !EXPORT_KINDS.includes(kind as ExportKind) || !EXPORT_FORMATS.includes(format as ExportFormat)) {
    const names = EXPORT_KINDS.flatMap((k) => EXPORT_FORMATS.map((f) => `${PREFIX}${k}.${f}`));
    return refuse(req, res, 404, 'NOT_FOUND', `No export at ${url.pathname}; there are ${names.join(', ')}.`);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return refuse(req, res, 405, 'METHOD_NOT_ALLOWED', 'Exports are read with GET (or HEAD).', { allow: 'GET, HEAD' });
  }
  const params: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (name in params) return refuse(req, res, 400, 'BAD_USER_INPUT', `Give ${name} once.`);
    params[name] = value;
  }
  let exp: ReturnType<typeof openExport>;
  try {
    exp = openExport(db, kind as ExportKind, params);
  } catch (error) {
    if (error instanceof DomainError) return refuse(req, res, error.code === 'NOT_FOUND' ? 404 : 400, error.code, error.message);
    onUnexpected(error);
    return refuse(req, res, 500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.');
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[format as ExportFormat],
    'content-disposition': `attachment; filename="parley-${exp.conflict.slug}-${kind}.${format}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  // pipeline waits for 'drain' between chunks and, if the client goes away, destroys the source,
  // which ends the walk through the pages.
  pipeline(exportStream(exp, format as ExportFormat), res).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') onUnexpected(error);
  });
  return true;
}
