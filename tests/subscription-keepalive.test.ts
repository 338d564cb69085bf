/**
 * WebSocket keep-alives: every socket is pinged on one shared timer, and a socket that did not
 * answer the previous ping is cut off, so dead peers do not hold subscriptions for ever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type TestServer } from './support/server.js';

const KEEPALIVE_MS = 150;

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ keepAliveMs: KEEPALIVE_MS });
});
afterAll(() => server.stop());

/** A graphql-ws connection, acknowledged; `autoPong: false` plays a peer that stopped answering. */
async function connect(options: { autoPong: boolean }) {
  const socket = new WebSocket(server.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { autoPong: options.autoPong });
  const pings: number[] = [];
  socket.on('ping', () => pings.push(Date.now()));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.once('message', (data) => {
      expect(JSON.parse(String(data))).toEqual({ type: 'connection_ack' });
      resolve();
    });
  });
  return { socket, pings, closed };
}

describe('WebSocket keep-alive', () => {
  it('pings every socket and cuts off one that stopped answering, leaving the others open', async () => {
    const healthy = await connect({ autoPong: true });
    const silent = await connect({ autoPong: false });

    const code = await Promise.race([
      silent.closed,
      new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 20 * KEEPALIVE_MS)),
    ]);
    // Terminated, not closed: no close frame, so the client sees an abnormal closure.
    expect(code).toBe(1006);
    expect(silent.pings.length).toBeGreaterThanOrEqual(1);

    await new Promise((resolve) => setTimeout(resolve, 4 * KEEPALIVE_MS));
    expect(healthy.socket.readyState).toBe(WebSocket.OPEN);
    expect(healthy.pings.length).toBeGreaterThanOrEqual(2);
    healthy.socket.close();
    await healthy.closed;
  });
});
