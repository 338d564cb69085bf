/**
 * Operating the server process (src/main.ts as its own process, on a temporary file):
 *
 * - graceful shutdown, on SIGTERM and on SIGINT: with an SSE subscription, a graphql-ws
 *   subscription and a request in flight (a big query whose body is still being uploaded), the
 *   SSE stream ends with a `complete` event, the WebSocket subscription completes or its socket
 *   closes with 1001, a new connection is refused while the in-flight request is still open, the
 *   in-flight request then completes with 200 and its full answer, and the process exits with
 *   code 0 within a few seconds;
 * - `npm run db:backup -- FILE` (src/cli/backup.ts) while the server runs and writes stream in:
 *   the copy opens, passes `PRAGMA integrity_check` and `foreign_key_check`, holds every event
 *   committed before the backup started and is one consistent committed state; it refuses to
 *   overwrite an existing file;
 * - structured logs (NODE_ENV=production): the stdout line of each request is JSON with a
 *   `requestId`, and the response carries it in `x-request-id`, echoing the client's own; the
 *   start line is JSON too and says where the API, GraphiQL, the live page, the desk and the
 *   metrics are;
 * - logs in development, with the default settings: a readable line per request with its
 *   `requestId`; PARLEY_LOG_LEVEL=warn leaves request lines out but not the start line.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { loadBundledDossier } from '../src/ingest/dossier.js';
import { Writer } from '../src/domain/events.js';
import { findConflictBySlug } from '../src/domain/conflict.js';
import { recordIncident } from '../src/domain/incident.js';
import { createToken } from '../src/domain/token.js';
import { DEFAULT_QUERY } from '../src/server/default-query.js';
import { startProcess, type ServerProcess } from './support/process.js';
import { cursorId, sleep, until } from './support/live.js';

const root = mkdtempSync(join(tmpdir(), 'parley-operations-'));
let dirs = 0;
const freshDir = () => mkdtempSync(join(root, `case-${dirs++}-`));

/** Every process a test starts, killed after it if it is still running. */
const started: ServerProcess[] = [];
async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startProcess(env);
  started.push(server);
  return server;
}
afterEach(async () => {
  for (const server of started.splice(0)) {
    if (server.child.exitCode === null && server.child.signalCode === null) await server.stop('SIGKILL');
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const RECORD = /* GraphQL */ `
  mutation Record($i: RecordIncidentInput!) {
    recordIncident(input: $i) {
      __typename
      ... on RecordIncidentPayload { incident { id } event { cursor } }
      ... on UserError { code message }
    }
  }
`;

/** A token for the database file the process serves (written through a second connection). */
function tokenFor(dbPath: string): string {
  const database = openDatabase(dbPath);
  try {
    return createToken(database.db, { name: 'operations', role: 'EDITOR' }).token;
  } finally {
    database.close();
  }
}

async function post(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

async function lastEventId(url: string): Promise<number> {
  const res = await fetch(new URL('/health', url));
  return ((await res.json()) as { lastEventId: number }).lastEventId;
}

const incident = (conflict: string, title: string) => ({
  conflict,
  eventType: 'BATTLES',
  title,
  date: { start: '2025-06-03', precision: 'DAY' },
});

/** Resolves with the error a connection attempt fails with, or null if it connected. */
function connectError(url: string): Promise<NodeJS.ErrnoException | null> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const req = http.get({ hostname, port, path: '/health', agent: false }, (res) => {
      res.resume();
      resolve(null);
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error));
  });
}

/** An SSE subscription over a raw fetch: every event block as it arrives, and how the stream ended. */
function sseSubscribe(url: string, query: string) {
  const state = {
    events: [] as { event: string; data: string }[],
    ended: false,
    error: undefined as unknown,
    status: 0,
  };
  let buffer = '';
  const done = (async () => {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query }),
      });
      state.status = res.status;
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      for (let i = 0; i < 1_000_000; i++) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n').filter((l) => !l.startsWith(':'));
          if (!lines.length) continue; // a ping
          const event =
            lines
              .find((l) => l.startsWith('event:'))
              ?.slice(6)
              .trim() ?? 'message';
          const data = lines
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          state.events.push({ event, data });
        }
      }
    } catch (error) {
      state.error = error;
    } finally {
      state.ended = true;
    }
  })();
  return { state, done };
}

/**
 * A POST whose body is sent in two parts: the request is in flight (headers and half the body
 * received by the server) until `finish()` sends the rest. Uses a keep-alive agent, as clients do.
 */
function slowPost(url: string, body: string) {
  const { hostname, port, pathname } = new URL(url);
  const bytes = Buffer.from(body);
  const agent = new http.Agent({ keepAlive: true });
  let sent: () => void = () => {};
  let finishBody: () => void = () => {};
  const headersSent = new Promise<void>((resolve) => (sent = resolve));
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      {
        hostname,
        port,
        path: pathname,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': bytes.length },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.write(bytes.subarray(0, bytes.length >> 1), () => sent());
    finishBody = () => req.end(bytes.subarray(bytes.length >> 1));
  });
  return { response, headersSent, finish: () => finishBody(), agent };
}

describe.each(['SIGTERM', 'SIGINT'] as const)('graceful shutdown on %s', (signal) => {
  it('ends subscriptions, refuses new connections, lets the request in flight finish, exits 0', { timeout: 60_000 }, async () => {
    const dbPath = join(freshDir(), 'parley.sqlite');
    const server = await start({ PARLEY_DB_PATH: dbPath });
    const exitCode = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    const token = tokenFor(dbPath);
    const conflict = (await post(server.url, '{ conflict(slug: "russia-ukraine-war") { id } }')).body.data.conflict.id;

    // An SSE subscription and a graphql-ws subscription, both live.
    const sse = sseSubscribe(server.url, 'subscription { events { cursor kind } }');
    const ws = { data: [] as any[], completed: false, error: undefined as unknown, closeCode: undefined as number | undefined };
    const wsClient = createClient({
      url: server.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      // The socket closing at shutdown is expected: recorded below, not printed.
      onNonLazyError: (error) => (ws.error ??= error),
      on: { closed: (event) => (ws.closeCode ??= (event as { code: number }).code) },
    });
    const wsDone = new Promise<void>((resolve) =>
      wsClient.subscribe(
        { query: 'subscription { events { cursor kind } }' },
        {
          next: (value) => ws.data.push(value.data),
          error: (error) => {
            ws.error = error;
            resolve();
          },
          complete: () => {
            ws.completed = true;
            resolve();
          },
        },
      ),
    );
    try {
      await until(
        'two live subscriptions',
        () => fetch(new URL('/health', server.url)).then((r) => r.json() as any),
        (h) => h.subscriptions === 2,
        10_000,
      );
      const written = await post(server.url, RECORD, { i: incident(conflict, `before ${signal}`) }, { authorization: `Bearer ${token}` });
      expect(written.body.data.recordIncident.__typename).toBe('RecordIncidentPayload');
      const cursor = written.body.data.recordIncident.event.cursor;
      await until(
        'the event on both subscriptions',
        () => sse.state.events.length + ws.data.length,
        (n) => n >= 2,
        5_000,
      );
      expect(sse.state.events[0]).toEqual({
        event: 'next',
        data: JSON.stringify({ data: { events: { cursor, kind: 'INCIDENT_RECORDED' } } }),
      });
      expect(ws.data).toEqual([{ events: { cursor, kind: 'INCIDENT_RECORDED' } }]);

      // The answer the in-flight request must get in full.
      const expected = await post(server.url, DEFAULT_QUERY);
      expect(expected.status).toBe(200);
      expect(expected.body.errors).toBeUndefined();

      // A request in flight: the big query, half its body uploaded.
      const inFlight = slowPost(server.url, JSON.stringify({ query: DEFAULT_QUERY }));
      await inFlight.headersSent;
      // Once another request has been answered, the server has read the in-flight one's headers.
      await sleep(200);
      expect(await lastEventId(server.url)).toBe(cursorId(cursor));

      const signalled = performance.now();
      server.child.kill(signal);

      // Subscriptions end as clients can tell: SSE with a `complete` event, WS with its `complete` message.
      await until(
        'the SSE stream to end',
        () => sse.state.ended,
        (ended) => ended,
        5_000,
      );
      expect(sse.state.error).toBeUndefined();
      expect(sse.state.events.at(-1)).toEqual({ event: 'complete', data: '' });
      expect(sse.state.events.filter((e) => e.event === 'next')).toHaveLength(1);
      await Promise.race([wsDone, sleep(5_000)]);
      expect(ws.completed, `WS: completed ${ws.completed}, close code ${ws.closeCode}, error ${String(ws.error)}`).toBe(true);

      // Still running (the request in flight holds it), but no longer accepting connections.
      expect(server.child.exitCode).toBeNull();
      const refused = await connectError(server.url);
      expect(refused?.code).toBe('ECONNREFUSED');

      // The request in flight completes with its full answer.
      inFlight.finish();
      const answer = await inFlight.response;
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual(expected.body);
      inFlight.agent.destroy();

      expect(await exitCode).toBe(0);
      const shutdownMs = performance.now() - signalled;
      console.log(
        `[shutdown] ${signal}: exited 0 ${shutdownMs.toFixed(0)} ms after the signal (WS ${ws.completed ? 'completed' : `closed ${ws.closeCode}`})`,
      );
      expect(shutdownMs).toBeLessThan(4_000);
      expect((await connectError(server.url))?.code).toBe('ECONNREFUSED');
    } finally {
      await wsClient.dispose();
    }
  });
});

describe('npm run db:backup', () => {
  it('copies the database while the server writes, consistently, and never overwrites a file', { timeout: 120_000 }, async () => {
    const dir = freshDir();
    const dbPath = join(dir, 'parley.sqlite');
    // A database of a realistic size (several MB, far more pages than one backup step copies),
    // written through the domain's own commands before the server starts.
    {
      const database = openDatabase(dbPath);
      migrateDatabase(database.db);
      const writer = new Writer(database.db);
      loadBundledDossier(writer, database.db);
      const conflictId = findConflictBySlug(database.db, 'russia-ukraine-war')!.id;
      writer.run((scope) => {
        for (let i = 0; i < 1_000; i++) {
          recordIncident(scope, {
            conflictId,
            eventType: 'BATTLES',
            title: `backup bulk #${i}`,
            description: `Incident ${i}: ${'shelling reported along the front line; '.repeat(20)}`,
            date: { start: '2025-06-03', precision: 'DAY' },
          });
        }
      });
      database.close();
    }

    const server = await start({ PARLEY_DB_PATH: dbPath, PARLEY_MUTATIONS_PER_MINUTE: '1000000' });
    const token = tokenFor(dbPath);
    const conflict = (await post(server.url, '{ conflict(slug: "russia-ukraine-war") { id } }')).body.data.conflict.id;

    // Writes stream in from four clients until told to stop.
    let streaming = true;
    const acknowledgedAt: number[] = [];
    const failures: string[] = [];
    const writers = Array.from({ length: 4 }, async (_, c) => {
      for (let i = 0; i < 100_000 && streaming; i++) {
        try {
          const { body } = await post(
            server.url,
            RECORD,
            { i: incident(conflict, `backup stream c${c} #${i}`) },
            { authorization: `Bearer ${token}` },
          );
          if (body.data?.recordIncident?.__typename !== 'RecordIncidentPayload') throw new Error(JSON.stringify(body));
          acknowledgedAt.push(performance.now());
        } catch (error) {
          failures.push(String(error));
          return;
        }
      }
    });
    const backupPath = join(dir, 'backup.sqlite');
    const run = (target: string) =>
      new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
        const began = performance.now();
        execFile(
          process.execPath,
          ['--import', 'tsx', 'src/cli/backup.ts', target],
          { env: { ...process.env, PARLEY_DB_PATH: dbPath }, timeout: 30_000 },
          (error, stdout, stderr) =>
            resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr, ms: performance.now() - began }),
        );
      });

    let before: number;
    let backup: Awaited<ReturnType<typeof run>>;
    let backupStarted: number;
    try {
      await until(
        'writes streaming',
        () => acknowledgedAt.length,
        (n) => n >= 10,
        10_000,
      );
      before = await lastEventId(server.url);
      backupStarted = performance.now();
      backup = await run(backupPath);
    } finally {
      streaming = false;
      await Promise.all(writers);
    }
    const writesDuringBackup = acknowledgedAt.filter((t) => t > backupStarted && t < backupStarted + backup.ms).length;
    console.log(
      `[backup] ${backup.ms.toFixed(0)} ms (node + tsx start included), exit ${backup.code}; ${writesDuringBackup} writes acknowledged meanwhile; lastEventId before: ${before}; ${backup.stdout.trim()} ${backup.stderr.trim()}`,
    );
    expect(failures).toEqual([]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/integrity ok/);
    expect(writesDuringBackup).toBeGreaterThan(0);

    // The backup is the one file: copied alone elsewhere (as a backup is), it holds everything.
    const files = readdirSync(dir)
      .filter((f) => f.startsWith('backup.sqlite'))
      .map((f) => `${f} (${statSync(join(dir, f)).size} bytes)`);
    console.log(`[backup] files the command left: ${files.join(', ')}`);
    const alone = join(freshDir(), 'copy.sqlite');
    copyFileSync(backupPath, alone);
    const copy = new Database(alone, { readonly: true, fileMustExist: true });
    const live = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('foreign_key_check')).toEqual([]);
      const ids = (db: Database.Database, upTo: number) =>
        (db.prepare('SELECT id FROM events WHERE id <= ? ORDER BY id').all(upTo) as { id: number }[]).map((e) => e.id);
      const copiedMax = (copy.prepare('SELECT max(id) AS n FROM events').get() as { n: number }).n;
      // Every event committed before the backup started ...
      expect(copiedMax).toBeGreaterThanOrEqual(before);
      expect(ids(copy, before)).toEqual(ids(live, before));
      // ... and the copy is one committed state of the log: a prefix of it, nothing missing in between.
      expect(ids(copy, copiedMax)).toEqual(ids(live, copiedMax));
      // Rows and events of that state agree: each incident with its one event, no event without its incident.
      const incidents = (copy.prepare('SELECT count(*) AS n FROM incidents').get() as { n: number }).n;
      const recorded = (copy.prepare(`SELECT count(*) AS n FROM events WHERE kind = 'INCIDENT_RECORDED'`).get() as { n: number }).n;
      expect(recorded).toBe(incidents);
      expect(
        copy
          .prepare(
            `SELECT e.id FROM events e WHERE e.kind = 'INCIDENT_RECORDED' AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = e.subject_id)`,
          )
          .all(),
      ).toEqual([]);
      expect(incidents).toBeGreaterThan(1_000);
    } finally {
      copy.close();
      live.close();
    }

    // A second backup to the same file is refused and leaves the file as it was.
    const hash = () => createHash('sha256').update(readFileSync(backupPath)).digest('hex');
    const kept = hash();
    const again = await run(backupPath);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/exists already/);
    expect(again.stdout).toBe('');
    expect(hash()).toBe(kept);

    expect(await server.stop('SIGTERM')).toBe(0);
  });
});

describe('structured logs', () => {
  it('logs each request as a JSON line with its requestId, and answers with x-request-id', { timeout: 60_000 }, async () => {
    const server = await start({ PARLEY_DB_PATH: join(freshDir(), 'parley.sqlite'), NODE_ENV: 'production' });
    const origin = new URL(server.url).origin;
    const startLine = JSON.parse(server.startOutput.trim().split('\n').at(-1)!);
    expect(startLine).toMatchObject({
      level: 30,
      service: 'parley',
      msg: `Parley is serving ${server.url}`,
      api: server.url,
      graphiql: server.url,
      live: `${origin}/`,
      desk: `${origin}/desk`,
      metrics: `${origin}/metrics`,
    });
    let stdout = '';
    server.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));

    const given = await post(server.url, '{ conflicts { totalCount } }', undefined, { 'x-request-id': 'ops-test-42.a_b' });
    expect(given.status).toBe(200);
    expect(given.headers.get('x-request-id')).toBe('ops-test-42.a_b');

    const generated = await post(server.url, '{ conflicts { totalCount } }');
    const generatedId = generated.headers.get('x-request-id');
    expect(generatedId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    // An id that is not sane (spaces, too long) is replaced by one of the server's.
    const insane = await post(server.url, '{ conflicts { totalCount } }', undefined, { 'x-request-id': 'a b c' });
    const replacedId = insane.headers.get('x-request-id');
    expect(replacedId).not.toBe('a b c');
    expect(replacedId).toMatch(/^[0-9a-f-]{36}$/);

    // A refused request (a parse error) is logged and answered with its id too.
    const broken = await post(server.url, '{ conflicts {', undefined, {
      'x-request-id': 'ops-test-broken',
      accept: 'application/graphql-response+json',
    });
    expect(broken.status).toBe(400);
    expect(broken.headers.get('x-request-id')).toBe('ops-test-broken');

    const lines = () =>
      stdout
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => {
          try {
            return JSON.parse(l) as Record<string, any>;
          } catch {
            return { unparsable: l };
          }
        });
    const ids = ['ops-test-42.a_b', generatedId, replacedId, 'ops-test-broken'];
    await until(
      'a log line for each request',
      () => lines(),
      (ls) => ids.every((id) => ls.some((l) => l.requestId === id)),
      5_000,
    );
    const logged = lines();
    expect(logged.filter((l) => 'unparsable' in l)).toEqual([]);
    const byId = (id: string | null) => logged.find((l) => l.requestId === id)!;
    expect(byId('ops-test-42.a_b')).toMatchObject({
      level: 30,
      service: 'parley',
      msg: 'request',
      method: 'POST',
      path: '/graphql',
      status: 200,
    });
    expect(typeof byId('ops-test-42.a_b').ms).toBe('number');
    expect(typeof byId('ops-test-42.a_b').time).toBe('number');
    expect(byId(generatedId)).toMatchObject({ msg: 'request', status: 200, path: '/graphql' });
    expect(byId(replacedId)).toMatchObject({ msg: 'request', status: 200 });
    expect(byId('ops-test-broken')).toMatchObject({ msg: 'request', status: 400 });
    // Every request line carries a request id.
    for (const line of logged.filter((l) => l.msg === 'request')) expect(typeof line.requestId).toBe('string');

    expect(await server.stop('SIGTERM')).toBe(0);
  });
});

describe('logs in development', () => {
  /** A readable request line: its time, its level and message, then its fields as one JSON object. */
  const requestLine = (stdout: string, id: string) =>
    stdout.split('\n').find((line) => line.includes(`"requestId":"${id}"`) && / INFO: request /.test(line));

  it('logs each request as a readable line with its requestId by default', { timeout: 60_000 }, async () => {
    const server = await start({ PARLEY_DB_PATH: join(freshDir(), 'parley.sqlite'), NODE_ENV: 'development' });
    let stdout = '';
    server.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const origin = new URL(server.url).origin;
    expect(server.startOutput).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Parley is serving /m);
    expect(server.startOutput).toContain(`"desk":"${origin}/desk"`);

    const answered = await post(server.url, '{ conflicts { totalCount } }', undefined, { 'x-request-id': 'dev-test-1' });
    expect(answered.status).toBe(200);
    expect(answered.headers.get('x-request-id')).toBe('dev-test-1');
    const line = await until(
      'the request line',
      () => requestLine(stdout, 'dev-test-1'),
      (l) => l !== undefined,
      5_000,
    );
    expect(line).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: request \{/);
    const fields = JSON.parse(line!.slice(line!.indexOf('{')));
    expect(fields).toMatchObject({ requestId: 'dev-test-1', method: 'POST', path: '/graphql', status: 200 });
    expect(typeof fields.ms).toBe('number');

    expect(await server.stop('SIGTERM')).toBe(0);
    await until(
      'the shutdown line',
      () => stdout,
      (out) => /INFO: shutting down \{"signal":"SIGTERM"\}/.test(out),
      5_000,
    );
  });

  it('leaves request lines out at PARLEY_LOG_LEVEL=warn, and still says where it serves', { timeout: 60_000 }, async () => {
    const server = await start({ PARLEY_DB_PATH: join(freshDir(), 'parley.sqlite'), NODE_ENV: 'development', PARLEY_LOG_LEVEL: 'warn' });
    let stdout = '';
    server.child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    expect(server.startOutput).toMatch(/INFO: Parley is serving http:/);

    const answered = await post(server.url, '{ conflicts { totalCount } }', undefined, { 'x-request-id': 'dev-test-quiet' });
    expect(answered.status).toBe(200);
    // The shutdown line comes after any line the request would have had: once it is read, so is that.
    expect(await server.stop('SIGTERM')).toBe(0);
    await until(
      'the shutdown line',
      () => stdout,
      (out) => /INFO: shutting down/.test(out),
      5_000,
    );
    expect(requestLine(stdout, 'dev-test-quiet')).toBeUndefined();
  });
});
