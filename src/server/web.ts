/**
 * The web pages, served by Parley itself: `/` is the live timeline, `/desk` the editor's desk,
 * `/assets/…` their built files
 * (`npm run build:web`, run at `npm install`/`npm ci`, writes them to dist/web).
 *
 * Asset names carry a hash of their content, so they are cached for a year as immutable; the page
 * itself is revalidated on every load (ETag). Only GET and HEAD; only files directly in the assets
 * folder, by a name of plain characters, so no path can leave it. Clients that accept gzip get the
 * copy compressed at build time.
 */
import { createReadStream, existsSync, statSync, type Stats } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `scripts/build-web.mjs` writes the page. */
export const WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** A hashed name, as the build writes them: `main-AB12CD34.js`. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.map)?$/;
/** Plain file names only: no separators, no `..`, no encoded tricks (the name is checked decoded). */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Each page's path and the file the build writes for it. */
const PAGES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/desk': 'desk.html',
};

/**
 * The pages' policy: their own scripts and styles only, and connections back to this server (the
 * API over HTTP and WebSocket). No inline script, no third party, not framed.
 */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/**
 * Answers the pages' requests: `/` (and `/index.html`), `/desk` and `/assets/<file>`. Returns false
 * for anything else, which the caller then handles (GraphQL, health, 404).
 */
export function serveWeb(req: IncomingMessage, res: ServerResponse): boolean {
  const path = pathOf(req.url);
  if (path === undefined) return false;
  const page = Object.hasOwn(PAGES, path) ? PAGES[path] : undefined;
  const isPage = page !== undefined;
  const isAsset = path.startsWith('/assets/');
  if (!isPage && !isAsset) return false;

  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'Only GET and HEAD are allowed here.\n', { allow: 'GET, HEAD' });
    return true;
  }

  if (isPage) {
    const file = join(WEB_ROOT, page);
    if (!existsSync(file)) {
      send(res, 503, 'The web page is not built: run `npm run build:web` (npm install does it too).\n', { 'retry-after': '10' });
      return true;
    }
    serveFile(req, res, file, { 'cache-control': 'no-cache', ...PAGE_HEADERS });
    return true;
  }

  let name: string;
  try {
    name = decodeURIComponent(path.slice('/assets/'.length));
  } catch {
    name = '';
  }
  if (!SAFE_NAME.test(name) || name.endsWith('.gz') || !(extname(name) in CONTENT_TYPES)) {
    send(res, 404, 'Not found.\n');
    return true;
  }
  const file = join(WEB_ROOT, 'assets', name);
  serveFile(req, res, file, {
    'cache-control': HASHED.test(name) ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  return true;
}

/** The path of a request target, without its query; undefined for anything unparseable. */
function pathOf(url: string | undefined): string | undefined {
  if (!url?.startsWith('/')) return undefined;
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

function statFile(path: string): Stats | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats : undefined;
  } catch {
    return undefined;
  }
}

function serveFile(req: IncomingMessage, res: ServerResponse, file: string, headers: Record<string, string>): void {
  const stats = statFile(file);
  if (!stats) {
    send(res, 404, 'Not found.\n');
    return;
  }
  const gzipped = acceptsGzip(req) ? statFile(`${file}.gz`) : undefined;
  const body = gzipped ? `${file}.gz` : file;
  const size = gzipped ? gzipped.size : stats.size;
  const etag = `"${stats.size.toString(36)}-${Math.trunc(stats.mtimeMs).toString(36)}${gzipped ? '-gz' : ''}"`;
  const common: Record<string, string> = {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
    etag,
    'last-modified': stats.mtime.toUTCString(),
    ...headers,
  };
  if (fresh(req, etag)) {
    res.writeHead(304, common);
    res.end();
    return;
  }
  res.writeHead(200, { ...common, 'content-length': String(size), ...(gzipped ? { 'content-encoding': 'gzip' } : {}) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(body);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function acceptsGzip(req: IncomingMessage): boolean {
  const header = req.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().split(';');
    if (coding?.trim().toLowerCase() !== 'gzip') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

function fresh(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (typeof header !== 'string') return false;
  return header === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

function send(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(res.req?.method === 'HEAD' ? undefined : text);
}
