/**
 * OpenTelemetry tracing of the server process (src/main.ts as its own process), against a real
 * OTLP/HTTP receiver started here (node:http on 127.0.0.1, recording what it is sent):
 *
 * - with OTEL_EXPORTER_OTLP_ENDPOINT set, each GraphQL operation's span reaches the receiver at
 *   /v1/traces, from service `parley`, named after the operation, in the trace of the request's
 *   `traceparent` when it carries one; the start line says where traces go;
 * - with the endpoint set but OTEL_SDK_DISABLED=true, and with no endpoint, nothing is sent and
 *   the start line names no traces.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { until } from './support/live.js';
import { startProcess, type ServerProcess } from './support/process.js';

const root = mkdtempSync(join(tmpdir(), 'parley-tracing-'));
let dirs = 0;
const dbPath = () => join(mkdtempSync(join(root, `case-${dirs++}-`)), 'parley.sqlite');

interface Received {
  path: string;
  contentType: string | undefined;
  body: any;
}

/** An OTLP/HTTP receiver: answers every POST as a collector does, and keeps what it was sent. */
async function startReceiver(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({ path: req.url ?? '', contentType: req.headers['content-type'], body: text ? JSON.parse(text) : undefined });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return { url: `http://127.0.0.1:${address.port}`, received, server };
}

const receivers: Server[] = [];
const processes: ServerProcess[] = [];
afterEach(async () => {
  for (const server of processes.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) await server.stop('SIGKILL');
  }
  for (const receiver of receivers.splice(0)) await new Promise((resolve) => receiver.close(resolve));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function start(env: Record<string, string>): Promise<ServerProcess> {
  // Whatever the environment running the tests says about OpenTelemetry, only `env` counts here.
  const server = await startProcess({
    OTEL_EXPORTER_OTLP_ENDPOINT: '',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
    OTEL_SDK_DISABLED: '',
    OTEL_TRACES_EXPORTER: '',
    OTEL_SERVICE_NAME: '',
    PARLEY_DB_PATH: dbPath(),
    ...env,
  });
  processes.push(server);
  return server;
}

async function query(url: string, query: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  expect(res.status).toBe(200);
  return res.json();
}

/** Every span the receiver was sent, with its service's name. */
function spans(received: Received[]) {
  return received.flatMap(({ body }) =>
    (body?.resourceSpans ?? []).flatMap((resourceSpans: any) => {
      const service = resourceSpans.resource.attributes.find((a: any) => a.key === 'service.name')?.value.stringValue;
      return resourceSpans.scopeSpans.flatMap((scope: any) => scope.spans.map((span: any) => ({ ...span, service })));
    }),
  );
}

/** The fields of the start line (a readable line in development: its message, then its fields as JSON). */
const startFields = (server: ServerProcess) =>
  JSON.parse(
    server.startOutput
      .trim()
      .split('\n')
      .at(-1)!
      .replace(/^[^{]*/, ''),
  );

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

describe('tracing', () => {
  it('sends each operation as a span to the configured OTLP endpoint', { timeout: 90_000 }, async () => {
    const receiver = await startReceiver();
    receivers.push(receiver.server);
    const server = await start({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100' });
    expect(startFields(server)).toMatchObject({ traces: `${receiver.url}/v1/traces` });

    expect(
      await query(server.url, 'query TracedProbe { conflicts { totalCount } }', { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` }),
    ).toMatchObject({
      data: { conflicts: { totalCount: 1 } },
    });
    expect(await query(server.url, 'query TracedAlone { conflict(slug: "russia-ukraine-war") { name } }')).toMatchObject({
      data: { conflict: { name: expect.any(String) } },
    });

    const sent = await until(
      'both spans at the receiver',
      () => spans(receiver.received),
      (s) => ['query.TracedProbe', 'query.TracedAlone'].every((name) => s.some((span: any) => span.name === name)),
      20_000,
    );
    expect(receiver.received.every((r) => r.path === '/v1/traces' && r.contentType === 'application/json')).toBe(true);
    const probe = sent.find((span: any) => span.name === 'query.TracedProbe');
    expect(probe).toMatchObject({ service: 'parley', kind: 2, traceId: TRACE_ID, parentSpanId: PARENT_ID });
    expect(probe.attributes).toEqual(
      expect.arrayContaining([
        { key: 'graphql.execute.operationName', value: { stringValue: 'TracedProbe' } },
        { key: 'graphql.execute.operationType', value: { stringValue: 'query' } },
      ]),
    );
    // Without a traceparent, an operation starts a trace of its own.
    const alone = sent.find((span: any) => span.name === 'query.TracedAlone');
    expect(alone.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(alone.traceId).not.toBe(TRACE_ID);
    expect(alone.parentSpanId ?? '').toBe('');

    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('sends nothing when the SDK is disabled or no endpoint is set', { timeout: 90_000 }, async () => {
    const receiver = await startReceiver();
    receivers.push(receiver.server);
    const configurations: Record<string, string>[] = [
      { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SDK_DISABLED: 'true', OTEL_BSP_SCHEDULE_DELAY: '100' },
      {},
    ];
    for (const env of configurations) {
      const server = await start(env);
      expect(startFields(server)).not.toHaveProperty('traces');
      expect(startFields(server)).toHaveProperty('api', server.url);
      expect(await query(server.url, 'query Untraced { conflicts { totalCount } }')).toMatchObject({
        data: { conflicts: { totalCount: 1 } },
      });
      // A clean stop would export any span still waiting.
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    expect(receiver.received).toEqual([]);
  });
});
