/**
 * Section 2: acknowledged `recordIncident` mutations per second over HTTP from 16 concurrent
 * clients, next to raw better-sqlite3 inserts of the same rows (one incident row + one event row
 * per transaction) on a file with the same schema and pragmas.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { loadBundledDossier } from '../../src/ingest/dossier.js';
import { Writer } from '../../src/domain/events.js';
import { startChild } from '../lib/child.js';
import { health, post } from '../lib/graphql.js';
import { load, type LoadResult } from '../lib/load.js';

export interface MutationResults {
  clients: number;
  seconds: number;
  http: LoadResult;
  /** Acknowledged: HTTP 200 with a RecordIncidentPayload (not a UserError, not an error). */
  acknowledgedPerSecond: number;
  /** Events the log grew by during the measured run (a cross-check of the acknowledgements). */
  eventsCommitted: number;
  rawPerSecond: number;
  rawTransactions: number;
  rawSeconds: number;
  sample: string;
}

const MUTATION = /* GraphQL */ `
  mutation Record($input: RecordIncidentInput!) {
    recordIncident(input: $input) {
      ... on RecordIncidentPayload { incident { id } event { cursor } }
      ... on UserError { code message }
    }
  }
`;

/** The incident every write records (the same values in both halves of the comparison). */
const INCIDENT = {
  eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
  subEventType: 'AIR_DRONE_STRIKE',
  title: 'Drone strike on Odesa port',
  description: 'A drone hit a grain terminal in the port of Odesa.',
  date: { start: '2025-06-03', precision: 'DAY' },
  location: { name: 'Odesa', region: 'Odesa Oblast', country: 'Ukraine' },
};

export async function runMutations(options: {
  clients: number;
  seconds: number;
  warmupSeconds: number;
  rawSeconds: number;
  log: (l: string) => void;
}): Promise<MutationResults> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-write-'));
  try {
    const child = await startChild('Parley (writes)', 'parley.ts', {
      env: {
        PARLEY_DB_PATH: join(dir, 'http.sqlite'),
        BENCH_TOKEN: '1',
        // The default (600 a minute per client) would cap 16 clients sharing one token at 10 writes/s.
        PARLEY_MUTATIONS_PER_MINUTE: '100000000',
      },
    });
    let http: LoadResult;
    let eventsCommitted: number;
    let sample: string;
    try {
      const token = String(child.info.token);
      const conflict = await post(child.url, JSON.stringify({ query: '{ conflict(slug: "russia-ukraine-war") { id } }' }));
      const conflictId = (conflict.json!.data as { conflict: { id: string } }).conflict.id;
      const body = JSON.stringify({ query: MUTATION, variables: { input: { conflict: conflictId, ...INCIDENT } } });
      const headers = { authorization: `Bearer ${token}`, accept: 'application/graphql-response+json' };
      sample = (await post(child.url, body, headers)).text.slice(0, 300);
      const accept = (text: string) => text.includes('"incident":{"id"');
      await load({ url: child.url, body, headers, connections: options.clients, seconds: options.warmupSeconds });
      const before = (await health(child.url)).lastEventId;
      http = await load({ url: child.url, body, headers, connections: options.clients, seconds: options.seconds, accept });
      eventsCommitted = (await health(child.url)).lastEventId - before;
    } finally {
      await child.stop();
    }
    const acknowledged = http.requests - http.rejected;
    options.log(
      `  HTTP: ${Math.round(acknowledged / http.seconds)} acknowledged mutations/s (${acknowledged} in ${http.seconds} s, ` +
        `${http.rejected} not acknowledged, ${eventsCommitted} events committed); p50 ${http.p50.toFixed(2)} ms p99 ${http.p99.toFixed(2)} ms`,
    );

    const raw = rawInserts(join(dir, 'raw.sqlite'), options.rawSeconds);
    options.log(`  raw better-sqlite3: ${Math.round(raw.perSecond)} transactions/s (${raw.transactions} in ${raw.seconds.toFixed(1)} s)`);
    return {
      clients: options.clients,
      seconds: http.seconds,
      http,
      acknowledgedPerSecond: acknowledged / http.seconds,
      eventsCommitted,
      rawPerSecond: raw.perSecond,
      rawTransactions: raw.transactions,
      rawSeconds: raw.seconds,
      sample,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same rows without Parley: a prepared INSERT of the incident and of its event, one
 * transaction each, on a file migrated like Parley's (so the same indexes and triggers, the search
 * index's included) and opened with the same pragmas (WAL, synchronous=NORMAL).
 */
function rawInserts(path: string, seconds: number): { perSecond: number; transactions: number; seconds: number } {
  const database = openDatabase(path);
  migrateDatabase(database.db);
  loadBundledDossier(new Writer(database.db), database.db);
  const { sqlite } = database;
  const conflictId = (sqlite.prepare("SELECT id FROM conflicts WHERE slug = 'russia-ukraine-war'").get() as { id: number }).id;
  const insertIncident = sqlite.prepare(
    `INSERT INTO incidents (conflict_id, event_type, sub_event_type, title, description, location_name, region, country,
       latitude, longitude, responded_to_id, talk_id, date_start, date_end, date_precision, date_text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, NULL, ?, NULL)`,
  );
  const insertEvent = sqlite.prepare(
    `INSERT INTO events (conflict_id, kind, subject_type, subject_id, talk_id, actor_ids, occurred_on, summary, reason, data)
     VALUES (?, 'INCIDENT_RECORDED', 'INCIDENT', ?, NULL, '[]', ?, ?, NULL, ?)`,
  );
  const i = INCIDENT;
  const write = sqlite.transaction(() => {
    const { lastInsertRowid } = insertIncident.run(
      conflictId,
      i.eventType,
      i.subEventType,
      i.title,
      i.description,
      i.location.name,
      i.location.region,
      i.location.country,
      i.date.start,
      i.date.precision,
    );
    const id = Number(lastInsertRowid);
    const data = JSON.stringify({
      id,
      conflictId,
      eventType: i.eventType,
      subEventType: i.subEventType,
      title: i.title,
      description: i.description,
      locationName: i.location.name,
      region: i.location.region,
      country: i.location.country,
      latitude: null,
      longitude: null,
      respondedToId: null,
      talkId: null,
      dateStart: i.date.start,
      dateEnd: null,
      datePrecision: i.date.precision,
      dateText: null,
      revision: 1,
      retractedAt: null,
      retractionReason: null,
      recordedAt: Date.now(),
      actors: [],
      figures: [],
    });
    insertEvent.run(conflictId, id, i.date.start, `Incident recorded: ${i.title}`, data);
  });
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let transactions = 0;
  while (performance.now() < deadline) {
    for (let k = 0; k < 50; k++) write.immediate();
    transactions += 50;
  }
  const elapsed = (performance.now() - started) / 1000;
  database.close();
  return { perSecond: transactions / elapsed, transactions, seconds: elapsed };
}
