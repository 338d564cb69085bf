/**
 * Subscribers on raw sockets, cheap enough that 10,000 of them fit in the bench process: SSE as a
 * hand-written HTTP/1.1 POST, WebSocket as a hand-written graphql-transport-ws client (handshake,
 * masked frames out, unmasked frames in, pong for the server's keepalive ping). Each records the
 * arrival time (CLOCK_MONOTONIC ns) of every event it receives, by event id (the cursor's id).
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export type Transport = 'sse' | 'ws';

/** One arrival: event id and monotonic time (ns). */
export type Arrival = (eventId: number, tNs: number) => void;

export interface Subscriber {
  transport: Transport;
  socket: Socket;
  /** Resolves when the first event arrives (used with `after:` to prove the subscription is live). */
  firstEvent: Promise<void>;
  /** Resolves once the request or the subscribe message is sent and the server answered (SSE headers / WS ack). */
  opened: Promise<void>;
  /** Abrupt disconnect: RST, no close handshake. */
  kill(): void;
}

const CURSOR = /"cursor":"([A-Za-z0-9_-]+)"/g;

function eventIdsIn(text: string, onId: (id: number) => void): void {
  CURSOR.lastIndex = 0;
  for (let m = CURSOR.exec(text); m; m = CURSOR.exec(text)) {
    try {
      const pair = JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as [number, number];
      onId(pair[1]);
    } catch {
      /* not a cursor */
    }
  }
}

const nowNs = () => Number(process.hrtime.bigint());

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

type Deferred = ReturnType<typeof deferred>;

/** A subscriber on `socket`: its error or close fails whatever is still awaited. */
function subscriber(transport: Subscriber['transport'], socket: Socket, opened: Deferred, first: Deferred): Subscriber {
  const fail = (e: Error) => {
    opened.reject(e);
    first.reject(e);
  };
  socket.on('error', fail);
  socket.on('close', () => fail(new Error('closed')));
  return { transport, socket, opened: opened.promise, firstEvent: first.promise, kill: () => socket.resetAndDestroy() };
}

/** GraphQL over SSE (yoga's "distinct connections" mode): one POST per subscription. */
export function sseSubscriber(port: number, query: string, variables: Record<string, unknown>, onArrival: Arrival): Subscriber {
  const body = JSON.stringify({ query, variables });
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  const opened = deferred();
  const first = deferred();
  let headersDone = false;
  let carry = '';
  socket.on('connect', () => {
    socket.write(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
  socket.on('data', (chunk: Buffer) => {
    const t = nowNs();
    let text = carry + chunk.toString('latin1');
    if (!headersDone) {
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) {
        carry = text;
        return;
      }
      if (!text.startsWith('HTTP/1.1 200')) {
        opened.reject(new Error(`SSE refused: ${text.slice(0, 200)}`));
        socket.destroy();
        return;
      }
      headersDone = true;
      opened.resolve();
      text = text.slice(end + 4);
    }
    // Keep an unfinished message for the next chunk; events end with a blank line.
    const lastEnd = text.lastIndexOf('\n\n');
    const complete = lastEnd >= 0 ? text.slice(0, lastEnd) : '';
    carry = lastEnd >= 0 ? text.slice(lastEnd + 2) : text;
    if (carry.length > 65_536) carry = '';
    if (complete) {
      eventIdsIn(complete, (id) => {
        onArrival(id, t);
        first.resolve();
      });
    }
  });
  return subscriber('sse', socket, opened, first);
}

/** A client frame: FIN, the opcode, masked with a zero key (legal; the server only XORs). */
function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? 2 : len < 65_536 ? 4 : 10;
  const out = Buffer.alloc(head + 4 + len);
  out[0] = 0x80 | opcode;
  if (len < 126) out[1] = 0x80 | len;
  else if (len < 65_536) {
    out[1] = 0x80 | 126;
    out.writeUInt16BE(len, 2);
  } else {
    out[1] = 0x80 | 127;
    out.writeBigUInt64BE(BigInt(len), 2);
  }
  payload.copy(out, head + 4);
  return out;
}

const text = (message: unknown) => frame(0x1, Buffer.from(JSON.stringify(message)));

/** GraphQL over WebSocket (graphql-transport-ws): handshake, connection_init, subscribe. */
export function wsSubscriber(port: number, query: string, variables: Record<string, unknown>, onArrival: Arrival): Subscriber {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  const opened = deferred();
  const first = deferred();
  let upgraded = false;
  let buffer: Buffer = Buffer.alloc(0);
  socket.on('connect', () => {
    socket.write(
      `GET /graphql HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
        `Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n`,
    );
  });
  const onMessage = (message: string, t: number) => {
    if (message.includes('"connection_ack"')) {
      socket.write(text({ id: '1', type: 'subscribe', payload: { query, variables } }));
      opened.resolve();
      return;
    }
    if (message.includes('"type":"error"')) {
      opened.reject(new Error(`WS subscribe refused: ${message.slice(0, 300)}`));
      first.reject(new Error(message));
      return;
    }
    eventIdsIn(message, (id) => {
      onArrival(id, t);
      first.resolve();
    });
  };
  socket.on('data', (chunk: Buffer) => {
    const t = nowNs();
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    if (!upgraded) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString('latin1');
      if (!head.startsWith('HTTP/1.1 101')) {
        opened.reject(new Error(`WS upgrade refused: ${head.slice(0, 200)}`));
        socket.destroy();
        return;
      }
      upgraded = true;
      buffer = buffer.subarray(end + 4);
      socket.write(text({ type: 'connection_init', payload: {} }));
    }
    // Parse every complete frame in the buffer (server frames are unmasked).
    while (buffer.length >= 2) {
      const opcode = buffer[0]! & 0x0f;
      let len = buffer[1]! & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (buffer.length < 4) break;
        len = buffer.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (buffer.length < 10) break;
        len = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (buffer.length < offset + len) break;
      const payload = buffer.subarray(offset, offset + len);
      buffer = buffer.subarray(offset + len);
      if (opcode === 0x1 || opcode === 0x0) onMessage(payload.toString('utf8'), t);
      else if (opcode === 0x9) socket.write(frame(0xa, Buffer.from(payload)));
      else if (opcode === 0x8) socket.end();
    }
  });
  return subscriber('ws', socket, opened, first);
}

/** Runs `task(i)` for i in [0, n) with at most `concurrency` in flight. */
export async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next < n) await task(next++);
  });
  await Promise.all(workers);
}
