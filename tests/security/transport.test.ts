/**
 * Bounds at the transport, over raw sockets: how long a client may take to send a request, how
 * many connections one address may hold, that a refused body's refusal reaches a client that is
 * still uploading, how big a WebSocket message may be, and how WebSocket subscriptions end when
 * the server stops.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { loadConfig } from '../../src/config.js';
import { liveCount, Recorder } from '../support/live.js';
import { postQuery, type ServerProcess, startProcess } from '../support/process.js';
import { startServer, type TestServer } from '../support/server.js';

let server: TestServer;
const CONNECTIONS = 4;
const TIMEOUT_MS = 2_000;

beforeAll(async () => {
  server = await startServer({ limits: { ...loadConfig({}).limits, requestTimeoutMs: TIMEOUT_MS } });
});
afterAll(() => server?.stop());

function open(url = server.url): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** What the server sends until it closes the socket, and when it closed it. */
function untilClosed(socket: Socket): Promise<{ text: string; at: number }> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk;
    });
    socket.once('error', () => undefined);
    socket.once('close', () => resolve({ text, at: performance.now() }));
  });
}

describe('a slow client', () => {
  it('sending its body a byte a second is answered 408 and let go within a few seconds, not minutes', async () => {
    const socket = await open();
    const closed = untilClosed(socket);
    const started = performance.now();
    socket.write(`POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{`);
    const drip = setInterval(() => socket.writable && socket.write(' '), 1_000);
    const { text, at } = await closed;
    clearInterval(drip);
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(at - started).toBeLessThan(TIMEOUT_MS * 3);
  });
});

describe('connections from one address', () => {
  // A server of its own: the sockets this test holds would count against the other tests'.
  let capped: TestServer;
  beforeAll(async () => {
    capped = await startServer({ limits: { ...loadConfig({}).limits, connectionsPerAddress: CONNECTIONS } });
  });
  afterAll(() => capped?.stop());

  it(`are held up to ${CONNECTIONS}; one more is closed before it can ask anything, and a slot freed is taken again`, async () => {
    const held = await Promise.all(Array.from({ length: CONNECTIONS }, () => open(capped.url)));
    const extra = await open(capped.url);
    const { text } = await untilClosed(extra);
    expect(text).toBe('');
    held.pop()!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const answer = await fetch(`${capped.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { connection: 'close' } });
    expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });
    for (const socket of held) socket.destroy();
  });
});

describe('an oversized body', () => {
  it('is read to its end, as the client still sends it: the connection is not reset under the upload', async () => {
    const socket = await open();
    let text = '';
    let failed: NodeJS.ErrnoException | undefined;
    socket.on('data', (chunk) => {
      text += chunk;
    });
    socket.on('error', (error) => {
      failed = error;
    });
    const chunk = Buffer.alloc(32 * 1024, 0x20);
    const chunks = 64;
    socket.write(`POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${chunk.length * chunks}\r\n\r\n`);
    // The server has the headers, and time to answer, before the upload goes on.
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let i = 0; i < chunks && !failed; i++) {
      await new Promise<void>((resolve) => socket.write(chunk, () => resolve()));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(failed?.code).toBeUndefined();
    expect(text).toMatch(/^HTTP\/1\.1 413/);
    socket.destroy();
  });
});

/**
 * POSTs `pieces` of 16 KiB to `url` with node:http, each written once the last is taken, as a piped
 * file is; resolves with the answer's status and error code, or with the error that came instead.
 */
function uploadInPieces(url: string, pieces: number): Promise<string> {
  const piece = Buffer.alloc(16 * 1024, 0x20);
  const headers = { 'content-type': 'application/json', 'content-length': String(piece.length * pieces) };
  return new Promise((resolve) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.once('end', () => {
        resolve(`${res.statusCode} ${/"code":"(\w+)"/.exec(text)?.[1]}`);
        req.destroy();
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    let sent = 0;
    const pump = () => {
      while (sent < pieces) {
        sent++;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

/** A fetch's status and error code, or the cause of its failure ("fetch failed" names none). */
async function fetchAnswer(url: string, init: RequestInit): Promise<string> {
  try {
    const answer = await fetch(url, init);
    return `${answer.status} ${(await answer.json()).errors[0].extensions.code}`;
  } catch (error) {
    const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
    return cause?.code ?? cause?.message ?? String(error);
  }
}

describe('an oversized body, sent to a server in a process of its own', () => {
  // In the test's own process, client and server take turns on one event loop: the server answers
  // only once the client's writes wait, and the client then reads the answer before it writes
  // again. From another process, as every real client is, a refusal sent and its connection
  // closed while the client still uploads meets the client's next write, which fails (EPIPE) and
  // takes the unread answer with it (issue 15, #7: 'EPIPE instead of the 413 in 3 of 5 tries').
  const ATTEMPTS = 5;
  let dir: string;
  let own: ServerProcess;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-413-'));
    own = await startProcess({ PARLEY_DB_PATH: join(dir, 'parley.sqlite'), PARLEY_LOG_LEVEL: 'warn' });
  });
  afterAll(async () => {
    await own?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // 4 MiB is read whole before its refusal; 24 MiB is more than the server reads of a refused body.
  it.each([4, 24])('gets its 413 when written in pieces (a piped file), %i MiB, every time: not EPIPE under the upload', async (mib) => {
    const answers: string[] = [];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) answers.push(await uploadInPieces(own.url, mib * 64));
    expect(answers).toEqual(Array(ATTEMPTS).fill('413 PAYLOAD_TOO_LARGE'));
  });

  it.each([4, 24])('of unknown length (a stream through fetch), %i MiB, gets its 411, every time', async (mib) => {
    const piece = new Uint8Array(64 * 1024).fill(0x20);
    const answers: string[] = [];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull: (controller) => (sent++ < mib * 16 ? controller.enqueue(piece) : controller.close()),
      });
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' };
      answers.push(await fetchAnswer(own.url, init as RequestInit));
    }
    expect(answers).toEqual(Array(ATTEMPTS).fill('411 LENGTH_REQUIRED'));
  });

  it("gets its 413 as one string through fetch (as the issue's probe sent it), every time", async () => {
    const body = JSON.stringify({ query: `{ __typename }\n${'#'.repeat(4 * 1024 * 1024)}` });
    const answers: string[] = [];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++)
      answers.push(await fetchAnswer(own.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }));
    expect(answers).toEqual(Array(ATTEMPTS).fill('413 PAYLOAD_TOO_LARGE'));
  });
});

describe('WebSocket', () => {
  it("a message over the body limit closes its socket with 1009, unread, and the server's memory stays near where it was", async () => {
    // The server in a process of its own, so that its memory is not the test's (whose sockets
    // hold masked copies of what they send).
    const dir = mkdtempSync(join(tmpdir(), 'parley-ws-frame-'));
    const own = await startProcess({ PARLEY_DB_PATH: join(dir, 'parley.sqlite') });
    const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${own.child.pid}/status`, 'utf8'))![1]) * 1024;
    try {
      await postQuery(own.url, '{ conflicts { totalCount } }');
      const before = rss();
      const frame = Buffer.alloc(24 * 1024 * 1024, 0x61);
      const closes = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const socket = new WebSocket(own.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
          socket.on('error', () => undefined);
          await new Promise((resolve) => socket.once('open', resolve));
          // Acknowledged first, so that on a loaded machine the connection's init timeout (4408)
          // cannot close it before the big message is on its way.
          socket.send(JSON.stringify({ type: 'connection_init' }));
          await new Promise((resolve) => socket.once('message', resolve));
          const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
          socket.send(frame);
          return closed;
        }),
      );
      expect(closes).toEqual(Array(8).fill(1009));
      await new Promise((resolve) => setTimeout(resolve, 500));
      // Taken whole, the eight messages held over 300 MiB, still held afterwards; refused unread,
      // what grows is the sockets' reading of what was already on its way.
      expect(rss() - before).toBeLessThan(96 * 1024 * 1024);
    } finally {
      await own.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on shutdown, each subscription gets its `complete` before the socket closes', async () => {
    const own = await startServer();
    const recorder = new Recorder('ws', own.url, 'subscription { events { cursor } }');
    await liveCount(own.url, 1);
    await own.stop();
    await recorder.waitFor('the subscription to end', (r) => r.ended);
    expect(recorder.error).toBeUndefined();
    expect(recorder.completed).toBe(true);
  });
});
