/**
 * Crash durability: the server runs as its own process (src/main.ts) on one SQLite file; 16
 * concurrent clients stream `recordIncident` mutations at it, each with a unique title, and the
 * process is killed with SIGKILL at a random moment (200–1500 ms into the stream). Then it is
 * restarted on the same file, over at least five rounds. It proves that:
 *
 * - every mutation answered with success (HTTP 200 and a `RecordIncidentPayload`) before the kill
 *   is in the database afterwards, with the incident id and event cursor it was answered with;
 * - nothing is recorded twice (no duplicate titles, in particular of mutations in flight at the
 *   kill, which may or may not be there);
 * - the event log matches the rows: exactly one INCIDENT_RECORDED event per incident, and no such
 *   event without its incident row;
 * - `PRAGMA integrity_check` answers ok, after every restart and on the file the last kill left.
 *
 * Each round streams for at most 1.5 s; the rounds' time is mostly the process starting.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/client.js';
import { createToken } from '../src/domain/token.js';
import { startProcess, type ServerProcess } from './support/process.js';
import { cursorId, sleep } from './support/live.js';

const ROUNDS = 5;
const CLIENTS = 16;

const dir = mkdtempSync(join(tmpdir(), 'parley-durability-'));
const dbPath = join(dir, 'parley.sqlite');
const env = {
  PARLEY_DB_PATH: dbPath,
  // The stream is far over the default 600 mutations a minute; the limit is not under test here.
  PARLEY_MUTATIONS_PER_MINUTE: '1000000',
};

let running: ServerProcess | undefined;
afterAll(async () => {
  if (running && running.child.exitCode === null && running.child.signalCode === null) await running.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const RECORD = /* GraphQL */ `
  mutation Record($i: RecordIncidentInput!) {
    recordIncident(input: $i) {
      __typename
      ... on RecordIncidentPayload { incident { id title } event { cursor kind } }
      ... on UserError { code message }
    }
  }
`;

interface Acknowledged {
  title: string;
  incidentId: number;
  eventId: number;
}

interface RoundResult {
  acknowledged: Acknowledged[];
  /** Titles whose request got no answer (the process died with it in flight). */
  inFlight: string[];
  /** Answers other than success; none are expected. */
  refused: string[];
}

const rowIdOfGlobal = (id: string) => Number(Buffer.from(id, 'base64url').toString('utf8').split(':')[1]);

/** One client: records incidents one after another until a request fails (the process died). */
async function client(url: string, token: string, conflict: string, round: number, n: number, result: RoundResult, killed: () => boolean) {
  for (let i = 0; i < 100_000 && !killed(); i++) {
    const title = `durability r${round} c${n} #${i}`;
    let status: number;
    let body: any;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: RECORD,
          variables: { i: { conflict, eventType: 'BATTLES', title, date: { start: '2025-06-03', precision: 'DAY' } } },
        }),
      });
      status = res.status;
      body = await res.json();
    } catch {
      // No answer: the request was in flight when the process died. It may or may not be recorded.
      result.inFlight.push(title);
      return;
    }
    const payload = body?.data?.recordIncident;
    if (status === 200 && payload?.__typename === 'RecordIncidentPayload') {
      expect(payload.incident.title).toBe(title);
      expect(payload.event.kind).toBe('INCIDENT_RECORDED');
      result.acknowledged.push({ title, incidentId: rowIdOfGlobal(payload.incident.id), eventId: cursorId(payload.event.cursor) });
    } else {
      result.refused.push(`${title}: HTTP ${status} ${JSON.stringify(body)}`);
      return;
    }
  }
}

/** What the file holds, read by a separate read-only connection. */
function inspect(path: string) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const incidents = db.prepare('SELECT id, title FROM incidents').all() as { id: number; title: string }[];
    const duplicateTitles = db.prepare('SELECT title, count(*) AS n FROM incidents GROUP BY title HAVING n > 1').all();
    // Incidents without exactly one INCIDENT_RECORDED event, and such events without their incident.
    const unevenIncidents = db
      .prepare(
        `SELECT i.id, (SELECT count(*) FROM events e WHERE e.kind = 'INCIDENT_RECORDED' AND e.subject_type = 'INCIDENT' AND e.subject_id = i.id) AS n
         FROM incidents i WHERE n <> 1`,
      )
      .all();
    const orphanEvents = db
      .prepare(
        `SELECT e.id, e.subject_id FROM events e
         WHERE e.kind = 'INCIDENT_RECORDED' AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = e.subject_id)`,
      )
      .all();
    const eventOf = new Map(
      (db.prepare(`SELECT id, subject_id FROM events WHERE kind = 'INCIDENT_RECORDED'`).all() as { id: number; subject_id: number }[]).map(
        (e) => [e.subject_id, e.id],
      ),
    );
    const recordedEvents = eventOf.size;
    return { integrity, incidents, duplicateTitles, unevenIncidents, orphanEvents, eventOf, recordedEvents };
  } finally {
    db.close();
  }
}

function expectConsistent(state: ReturnType<typeof inspect>, acknowledged: readonly Acknowledged[]) {
  expect(state.integrity).toBe('ok');
  expect(state.duplicateTitles).toEqual([]);
  expect(state.unevenIncidents).toEqual([]);
  expect(state.orphanEvents).toEqual([]);
  expect(state.recordedEvents).toBe(state.incidents.length);
  const byTitle = new Map(state.incidents.map((i) => [i.title, i.id]));
  const missing = acknowledged.filter((a) => byTitle.get(a.title) !== a.incidentId || state.eventOf.get(a.incidentId) !== a.eventId);
  expect(missing, `acknowledged writes missing or changed after the kill`).toEqual([]);
}

describe('SIGKILL during a stream of writes', () => {
  it(`loses no acknowledged write and records nothing twice, over ${ROUNDS} rounds`, { timeout: 120_000 }, async () => {
    const started = Date.now();
    running = await startProcess(env);
    const setup = openDatabase(dbPath);
    const token = createToken(setup.db, { name: 'durability', role: 'EDITOR' }).token;
    setup.close();
    const conflictRes = await fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ conflict(slug: "russia-ukraine-war") { id } }' }),
    });
    const conflict = ((await conflictRes.json()) as any).data.conflict.id as string;
    const seededIncidents = inspect(dbPath).incidents.length;

    const acknowledged: Acknowledged[] = [];
    const perRound: { acknowledged: number; inFlight: number; inFlightRecorded: number; killAfterMs: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      if (round > 0) running = await startProcess(env);
      const server = running!;
      // The previous round's acknowledged writes are all there after the restart.
      expectConsistent(inspect(dbPath), acknowledged);

      const result: RoundResult = { acknowledged: [], inFlight: [], refused: [] };
      // A freshly started process answers its first request slowly (modules, JIT): one write first,
      // acknowledged like the rest, so that the stream measures the server and not its warm-up.
      let killed = false;
      await client(server.url, token, conflict, round, -1, result, () => result.acknowledged.length > 0);
      expect(result.acknowledged).toHaveLength(1);
      const killAfterMs = 200 + Math.floor(Math.random() * 1300);
      const clients = Array.from({ length: CLIENTS }, (_, n) => client(server.url, token, conflict, round, n, result, () => killed));
      await sleep(killAfterMs);
      const exited = server.stop('SIGKILL');
      killed = true;
      await exited;
      expect(server.child.signalCode).toBe('SIGKILL');
      await Promise.all(clients);

      expect(result.refused).toEqual([]);
      expect(result.acknowledged.length, `round ${round}: no write was acknowledged in ${killAfterMs} ms`).toBeGreaterThan(0);
      acknowledged.push(...result.acknowledged);
      // The file as the kill left it: every acknowledged write there, once, with its event.
      const after = inspect(dbPath);
      expectConsistent(after, acknowledged);
      const titles = new Set(after.incidents.map((i) => i.title));
      perRound.push({
        acknowledged: result.acknowledged.length,
        inFlight: result.inFlight.length,
        inFlightRecorded: result.inFlight.filter((t) => titles.has(t)).length,
        killAfterMs,
      });
    }

    // The file as the last kill left it, read directly (SQLite recovers the WAL on open).
    const final = inspect(dbPath);
    expectConsistent(final, acknowledged);
    const durabilityIncidents = final.incidents.filter((i) => i.title.startsWith('durability '));
    const inFlightTotal = perRound.reduce((n, r) => n + r.inFlight, 0);
    const inFlightRecorded = perRound.reduce((n, r) => n + r.inFlightRecorded, 0);
    // Every durability incident is either acknowledged or was in flight at a kill: nothing else appeared.
    expect(durabilityIncidents.length).toBe(acknowledged.length + inFlightRecorded);
    expect(final.incidents.length).toBe(seededIncidents + durabilityIncidents.length);
    expect(new Set(acknowledged.map((a) => a.incidentId)).size).toBe(acknowledged.length);

    console.log(
      `[durability] ${ROUNDS} rounds, ${CLIENTS} clients: ${perRound
        .map(
          (r, i) =>
            `round ${i}: kill at ${r.killAfterMs} ms, ${r.acknowledged} acknowledged, ${r.inFlight} in flight (${r.inFlightRecorded} of them recorded)`,
        )
        .join('; ')}. Total ${acknowledged.length} acknowledged, 0 lost; ${inFlightRecorded}/${inFlightTotal} in-flight writes recorded; ${(
        (Date.now() - started) / 1000
      ).toFixed(1)} s`,
    );
  });
});
