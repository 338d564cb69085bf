/**
 * As-of connections: the knowledge base as it stood right after one event. Each is a read-only
 * connection on which TEMP VIEWs named exactly like the tables (`incidents`, `actors`, …) show the
 * versions valid at that event (migrations/0013_versions.sql), and `events` the log up to it.
 * SQLite resolves an unqualified name to the temp schema first, and drizzle writes unqualified
 * names, so every read of src/domain and the planner's SQL run unchanged on it. The event id is a
 * literal in the views, so a connection answers for one event; a small LRU pool keeps the last few.
 *
 * Derived tables get as-of counterparts too: the views over tables (`incident_periods`, the search
 * documents) are recreated as temp views reading the as-of tables; `incident_counts` and `places`
 * are computed from the as-of incidents (and talks) instead of kept; `incidents_geo` reads an
 * R*Tree of the incidents' versions. Search is `asOfSearch` below.
 */
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { columnsOf, VERSIONED_TABLES } from './versions.js';
import { fold, withStatementCache, type Db } from './client.js';
import * as schema from './schema.js';

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** What an as-of connection answers for, for the reads that must know (search). */
export interface AsOf {
  /** The event the connection shows the knowledge base right after. */
  eventId: number;
  /**
   * Prepares, once per connection, what an as-of search reads: `temp.search_asof`, an FTS5 index
   * of the documents that changed since the event, as they stood then; `temp.search_stale`, their
   * ids, to leave out of the present index; and each kind's newest id at the event.
   */
  search(): AsOfSearch;
  /**
   * Whether the kept incident counts can be brought back to the event: the work is the incident
   * changes recorded since (see `incident_counts` below), and past `maxCountChanges` of them a
   * synchronous read would hold every other request of the process for seconds.
   */
  countsWithinReach(): boolean;
  /** The most incident changes since the event that an as-of count may undo. */
  maxCountChanges: number;
}

export interface AsOfSearch {
  /** The newest subject id of each document kind code (the rowid's low 4 bits) at the event. */
  newestIds: ReadonlyMap<number, number>;
}

const registry = new WeakMap<Db, AsOf>();

/** The event an as-of connection answers for; undefined for a connection of the present. */
export function asOfOf(db: Db): AsOf | undefined {
  return registry.get(db);
}

/** The temporary views that make `sqlite` show the knowledge base right after event `eventId`. */
function createViews(sqlite: Database.Database, eventId: number): void {
  const x = String(Math.trunc(eventId));
  const statements: string[] = [];
  for (const table of Object.keys(VERSIONED_TABLES)) {
    const columns = columnsOf(sqlite, table).map(q).join(', ');
    statements.push(
      `CREATE TEMP VIEW ${q(table)} AS SELECT ${columns} FROM main.${q(`${table}_versions`)} WHERE sys_from <= ${x} AND (sys_to IS NULL OR sys_to > ${x})`,
    );
  }
  statements.push(`CREATE TEMP VIEW "events" AS SELECT * FROM main."events" WHERE id <= ${x}`);
  // The schema's own views read main's tables: as temp views, the same text reads the as-of ones.
  const views = sqlite.prepare(`SELECT name, sql FROM main.sqlite_master WHERE type = 'view'`).all() as { name: string; sql: string }[];
  for (const { sql } of views) statements.push(sql.replace(/^CREATE\s+VIEW/i, 'CREATE TEMP VIEW'));
  // incident_counts (0012) as the triggers would have kept it at the event: the kept counts, less
  // what the incidents changed since (recorded, amended, retracted, or with new fatalities) add
  // now, plus what they added then. Ids grow with the log, so those recorded since are the ids
  // above the newest at the event: the work is the changes since the event, not the conflict.
  const newest = (table: string) =>
    String(
      (sqlite
        .prepare(`SELECT id FROM main.${q(`${table}_versions`)} WHERE sys_from <= ${x} ORDER BY id DESC LIMIT 1`)
        .pluck()
        .get() as number | undefined) ?? 0,
    );
  // UNION ALL (an IN list takes duplicates), so that each part reads its own index.
  const touched = `SELECT id FROM main.incidents WHERE id > ${newest('incidents')}
    UNION ALL SELECT id FROM main.incidents_versions WHERE sys_to > ${x}
    UNION ALL SELECT incident_id FROM main.figures_versions WHERE sys_to > ${x}
    UNION ALL SELECT incident_id FROM main.figures WHERE id > ${newest('figures')}`;
  const change = (periods: string, figures: string, sign: string) =>
    ['DAY', 'WEEK', 'MONTH']
      .map((kind) => {
        const column = kind === 'DAY' ? 'day' : kind.toLowerCase();
        return `SELECT conflict_id, '${kind}' AS period_kind, ${column} AS period, event_type, ${sign}1 AS incidents,
          ${sign}coalesce((SELECT sum(f.value) FROM ${figures} f WHERE f.incident_id = p.id AND f.metric = 'fatalities'), 0) AS fatalities
        FROM ${periods} p WHERE p.id IN (SELECT id FROM temp.incident_counts_touched) AND ${column} IS NOT NULL AND retracted_at IS NULL`;
      })
      .join(' UNION ALL ');
  statements.push(`CREATE TEMP VIEW "incident_counts_touched" AS ${touched}`);
  statements.push(`CREATE TEMP VIEW "incident_counts" AS
    SELECT conflict_id, period_kind, period, event_type, sum(incidents) AS incidents, sum(fatalities) AS fatalities FROM (
      SELECT conflict_id, period_kind, period, event_type, incidents, fatalities FROM main.incident_counts
      UNION ALL ${change('main.incident_periods', 'main.figures', '-')}
      UNION ALL ${change('temp.incident_periods', 'temp.figures', '')}
    ) GROUP BY conflict_id, period_kind, period, event_type`);
  // places (0008): the places of the incidents and talks there were, the newest coordinates given.
  statements.push(`CREATE TEMP VIEW "places" AS
    SELECT name, region, country, max(latitude) AS latitude, max(longitude) AS longitude, sum(uses) AS uses FROM (
      SELECT location_name AS name, coalesce(region, '') AS region, coalesce(country, '') AS country, latitude, longitude, 1 AS uses
      FROM incidents WHERE location_name IS NOT NULL
      UNION ALL
      SELECT venue_city, '', coalesce(venue_country, ''), NULL, NULL, 1 FROM talks WHERE venue_city IS NOT NULL
    ) GROUP BY name COLLATE NOCASE, region COLLATE NOCASE, country COLLATE NOCASE`);
  // incidents_geo (0011): the R*Tree of the versions, keyed by version, as the incident's id.
  statements.push(`CREATE TEMP VIEW "incidents_geo" AS
    SELECT v.id AS id, g.min_lat, g.max_lat, g.min_lon, g.max_lon
    FROM main.incidents_versions_geo g JOIN main.incidents_versions v ON v.version_id = g.version_id
    WHERE v.sys_from <= ${x} AND (v.sys_to IS NULL OR v.sys_to > ${x})`);
  for (const statement of statements) sqlite.exec(statement);
}

/** Document kinds (their rowid code) and the table of their subjects (migrations 0002, 0009). */
const DOCUMENT_KINDS: readonly (readonly [code: number, table: string, view: string])[] = [
  [1, 'incidents', 'search_incident_documents'],
  [2, 'statements', 'search_statement_documents'],
  [3, 'proposals', 'search_proposal_documents'],
  [4, 'people', 'search_person_documents'],
  [5, 'talks', 'search_talk_documents'],
  [6, 'talk_outcomes', 'search_talk_outcome_documents'],
  [7, 'figures', 'search_figure_documents'],
  [8, 'actors', 'search_actor_documents'],
  [9, 'sources', 'search_source_documents'],
  [10, 'delegations', 'search_delegation_documents'],
];

/**
 * The as-of search's own index. A document of the present index is the document as it stood at
 * the event when nothing it is made of changed since (and its subject was there: ids grow with
 * the log, so a subject id above the newest at the event was recorded after it). The documents
 * something changed in since — few, as amendments are — are read from the as-of document views
 * into a temporary FTS5 table. A search reads both (src/domain/search.ts).
 */
function prepareSearch(sqlite: Database.Database, eventId: number): AsOfSearch {
  const x = String(Math.trunc(eventId));
  // Rows that stood at the event and changed (or went) after it; dependents also when added after it.
  const changed = (table: string) => `SELECT id FROM main.${q(`${table}_versions`)} WHERE sys_to > ${x} AND sys_from <= ${x}`;
  const touched = (table: string, parent: string) =>
    `SELECT ${parent} FROM main.${q(`${table}_versions`)} WHERE sys_from > ${x} UNION SELECT ${parent} FROM main.${q(`${table}_versions`)} WHERE sys_to > ${x} AND sys_from <= ${x}`;
  const stale = [
    ...DOCUMENT_KINDS.map(([code, table]) => `SELECT id * 16 + ${code} FROM (${changed(table)})`),
    `SELECT person_id * 16 + 4 FROM (${touched('person_aliases', 'person_id')})`,
    `SELECT person_id * 16 + 4 FROM (${touched('person_titles', 'person_id')})`,
    `SELECT actor_id * 16 + 8 FROM (${touched('actor_aliases', 'actor_id')})`,
    `SELECT proposal_id * 16 + 3 FROM (${touched('provisions', 'proposal_id')})`,
    `SELECT delegation_id * 16 + 10 FROM (${touched('participations', 'delegation_id')})`,
    // Names and titles other documents show: a speaker's, a delegation's actor, members, round.
    `SELECT id * 16 + 2 FROM main.statements_versions WHERE speaker_person_id IN (${changed('people')}) OR speaker_actor_id IN (${changed('actors')})`,
    `SELECT id * 16 + 10 FROM main.delegations_versions WHERE actor_id IN (${changed('actors')}) OR talk_id IN (${changed('talks')})`,
    `SELECT delegation_id * 16 + 10 FROM main.participations_versions WHERE person_id IN (${changed('people')})`,
    `SELECT id * 16 + 6 FROM main.talk_outcomes_versions WHERE talk_id IN (${changed('talks')})`,
  ];
  sqlite.exec(`CREATE TEMP TABLE search_stale (doc_id INTEGER PRIMARY KEY)`);
  sqlite.exec(`INSERT OR IGNORE INTO temp.search_stale ${stale.join(' UNION ALL ')}`);
  sqlite.exec(`CREATE VIRTUAL TABLE temp.search_asof USING fts5(kind UNINDEXED, subject_id UNINDEXED, conflict_id UNINDEXED,
    retracted UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`);
  for (const [code, , view] of DOCUMENT_KINDS) {
    sqlite.exec(`INSERT INTO temp.search_asof (rowid, kind, subject_id, conflict_id, retracted, title, body)
      SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM ${q(view)}
      WHERE subject_id IN (SELECT doc_id >> 4 FROM temp.search_stale WHERE doc_id & 15 = ${code})`);
  }
  const newestIds = new Map<number, number>();
  for (const [code, table] of DOCUMENT_KINDS) {
    // The index on (id, sys_from) read from its end: as many entries as were recorded since.
    const newest = sqlite
      .prepare(`SELECT id FROM main.${q(`${table}_versions`)} WHERE sys_from <= ${x} ORDER BY id DESC LIMIT 1`)
      .pluck()
      .get();
    newestIds.set(code, (newest as number | undefined) ?? 0);
  }
  return { newestIds };
}

export interface AsOfPoolOptions {
  /** How many as-of connections stay open (one per event asked for), the least recently used closed first. */
  size: number;
  /** The most incident changes since an event that an as-of `incidentCounts` may undo (`AsOf.countsWithinReach`). */
  maxCountChanges: number;
  onStatement?: (sql: string) => void;
}

interface Pooled {
  sqlite: Database.Database;
  db: Db;
}

/** How long a connection dropped from the pool stays open for the requests still reading through it (longer than any request may take). */
const RETIRE_MS = 60_000;

/** As-of connections by event id, the least recently used closed when the pool is full. */
export class AsOfPool {
  private readonly open = new Map<number, Pooled>();
  private readonly retiring = new Set<Pooled>();

  constructor(
    private readonly path: string,
    private readonly options: AsOfPoolOptions,
  ) {}

  /** A connection showing the knowledge base right after event `eventId`. */
  get(eventId: number): Db {
    let pooled = this.open.get(eventId);
    if (pooled) {
      this.open.delete(eventId);
    } else {
      pooled = this.connect(eventId);
      while (this.open.size >= Math.max(this.options.size, 1)) {
        const [oldest, old] = this.open.entries().next().value!;
        this.open.delete(oldest);
        this.retire(old);
      }
    }
    this.open.set(eventId, pooled);
    return pooled.db;
  }

  private connect(eventId: number): Pooled {
    const onStatement = this.options.onStatement;
    const sqlite = new Database(this.path, onStatement ? { verbose: (s) => onStatement(String(s)) } : {});
    try {
      sqlite.pragma('busy_timeout = 5000');
      // Temporary tables in memory: the as-of search's index is built there.
      sqlite.pragma('temp_store = MEMORY');
      sqlite.function('parley_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? fold(value) : value));
      createViews(sqlite, eventId);
      let search: AsOfSearch | undefined;
      const db = drizzle({ client: withStatementCache(sqlite), schema }) as Db;
      const { maxCountChanges } = this.options;
      const changes = sqlite.prepare('SELECT count(*) FROM (SELECT 1 FROM temp.incident_counts_touched LIMIT ?)').pluck();
      registry.set(db, {
        eventId,
        maxCountChanges,
        countsWithinReach: () => (changes.get(maxCountChanges + 1) as number) <= maxCountChanges,
        search: () => {
          if (!search) {
            sqlite.pragma('query_only = OFF');
            try {
              search = prepareSearch(sqlite, eventId);
            } finally {
              sqlite.pragma('query_only = ON');
            }
          }
          return search;
        },
      });
      sqlite.pragma('query_only = ON');
      return { sqlite, db };
    } catch (error) {
      sqlite.close();
      throw error;
    }
  }

  /**
   * Closes a connection let go of, once the requests that may still read through it are done: a
   * request holds its connection across ticks (its loaders batch), and none outlives RETIRE_MS.
   */
  private retire(pooled: Pooled): void {
    this.retiring.add(pooled);
    setTimeout(() => {
      if (this.retiring.delete(pooled)) pooled.sqlite.close();
    }, RETIRE_MS).unref();
  }

  /** Closes every connection of the pool, those let go of too. */
  close(): void {
    for (const { sqlite } of [...this.open.values(), ...this.retiring]) sqlite.close();
    this.open.clear();
    this.retiring.clear();
  }
}
