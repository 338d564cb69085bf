/**
 * Keyset pagination everywhere, checked with EXPLAIN QUERY PLAN: the main list queries must read
 * one page by walking an index in the list's order, starting at the cursor — never a full scan of
 * a table, never a sort of everything that matches.
 *
 * The SQL is the real SQL: each domain list function runs against the database through a
 * connection that records every statement run with its parameters, and each recorded statement
 * is then explained with the same parameters. The database holds realistic volumes and
 * distributions (the article, plus a synthetic conflict of 5,000 incidents from
 * `src/cli/generate.ts`, deterministic), and is ANALYZEd: SQLite (built with STAT4) plans with
 * statistics and with the bound values, as in production.
 *
 * What a plan may do:
 * - SEARCH a table or an index, or SCAN an index in order ("SCAN t USING [COVERING] INDEX i"); a
 *   filter no index can serve (a location's text) then costs a walk until the page is full, not a
 *   read of the whole table plus a sort;
 * - SCAN a table in rowid order when the list is ordered by that rowid (the event log);
 * - sort the rows of one sort-key value ("USE TEMP B-TREE FOR LAST n TERMS OF ORDER BY"), which
 *   streams.
 * What it may not do: "SCAN <table>" of a base table without an index (unless ordered by its
 * rowid), or "USE TEMP B-TREE FOR ORDER BY" (every matching row read and sorted before the first
 * is returned). With a cursor, the cursor must bound the index range (`date_start>?`, `rowid>?`):
 * otherwise page N re-reads the N-1 pages before it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/cli/generate.js';
import { migrateDatabase, openDatabase, type Db, type ParleyDatabase } from '../src/db/client.js';
import * as schema from '../src/db/schema.js';
import { loadBundledDossier } from '../src/ingest/dossier.js';
import { eventsAfter, listEvents, Writer } from '../src/domain/events.js';
import { queryIncidents } from '../src/domain/incident.js';
import { countIncidents } from '../src/domain/incident-counts.js';
import { countPages, encodeCursor, fetchPages, type PageQuery, type PageRequest } from '../src/domain/pagination.js';
import { listPeople } from '../src/domain/person.js';
import { queryStatements } from '../src/domain/statement.js';
import { queryTalks } from '../src/domain/talk.js';
import { queryProposals } from '../src/domain/proposal.js';
import { queryTimeline } from '../src/domain/timeline.js';

let dir: string;
let database: ParleyDatabase;
/** The app's queries, through a drizzle instance that records them. */
let db: Db;
let recorded: { sql: string; params: unknown[] }[] = [];
let tables: Set<string>;

/** Ids and cursors taken from the data, so that every filter selects something real. */
const ids = {
  conflict: 0,
  talk: 0,
  actor: 0,
  speakerPerson: 0,
  speakerActor: 0,
  statementTalk: 0,
  aboutActor: 0,
  event: 0,
};
const cursors = { incident: '', statement: '', talk: '', person: '', event: '' };

const FIRST_PAGE: PageRequest = { limit: 21, inverted: false };
const afterCursor = (cursor: string): PageRequest => ({ limit: 21, inverted: false, after: cursor });
const beforeCursor = (cursor: string): PageRequest => ({ limit: 21, inverted: true, before: cursor });

interface Plan {
  sql: string;
  lines: string[];
}

/**
 * The connection, with each statement's runs recorded (its SQL and parameters). Statements are
 * proxied so that their chained calls (`raw()`, `pluck()`) keep recording.
 */
function recording(sqlite: Database.Database): Database.Database {
  const RUNS = new Set(['all', 'get', 'run', 'iterate']);
  const prepare = (source: string) => {
    const statement = sqlite.prepare(source);
    const proxy: Database.Statement = new Proxy(statement, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, target);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (RUNS.has(String(name))) recorded.push({ sql: source, params: args.flat() });
          const result = value.apply(target, args);
          return result === target ? receiver : result;
        };
      },
    });
    return proxy;
  };
  return Object.create(sqlite, { prepare: { value: prepare } }) as Database.Database;
}

/** Runs one page query at once, as a list of one parent does. */
const list = <T>(query: PageQuery<T>) => fetchPages(db, [query])[0]!;

/** Runs a list query and explains the statement that fetched its page (the first it ran). */
function planOf(run: () => unknown): Plan {
  recorded = [];
  run();
  const query = recorded[0];
  if (!query) throw new Error('the list function ran no SQL');
  const rows = database.sqlite.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...(query.params as unknown[])) as { detail: string }[];
  return { sql: query.sql, lines: rows.map((r) => r.detail) };
}

/**
 * Fails with the plan and the SQL when a plan reads a table in full or sorts every match.
 * `boundedBranches`: a sort of the output of a subquery is allowed when every branch of the
 * statement is itself cut to a page (each with its own LIMIT, read in order from an index): it
 * sorts at most branches × page rows, however long the lists are.
 */
function expectIndexed(plan: Plan, options: { rowidOrder?: string; boundedBranches?: number } = {}): void {
  const shown = `\n${plan.lines.join('\n')}\n-- ${plan.sql}`;
  const limits = plan.sql.match(/\blimit (?:\?|\d+)/gi)?.length ?? 0;
  for (const [i, line] of plan.lines.entries()) {
    const sortsSubquery = /^SCAN \(subquery-\d+\)$/.test(plan.lines[i - 1] ?? '');
    if (options.boundedBranches && sortsSubquery && limits > options.boundedBranches) continue;
    expect(line, `sorts every matching row:${shown}`).not.toMatch(/^USE TEMP B-TREE FOR (?:DISTINCT|ORDER BY)/);
    const scan = /^SCAN (\w+)$/.exec(line);
    if (scan && tables.has(scan[1]!)) {
      expect(scan[1], `reads table ${scan[1]} without an index:${shown}`).toBe(options.rowidOrder);
    }
  }
}

/** Fails unless the page starts at the cursor: a SEARCH bounded by the cursor's key. */
function expectCursorBound(plan: Plan, key: RegExp): void {
  const shown = `\n${plan.lines.join('\n')}\n-- ${plan.sql}`;
  expect(
    plan.lines.some((line) => line.startsWith('SEARCH') && key.test(line)),
    `the cursor does not bound the index range (page N re-reads pages 1…N-1):${shown}`,
  ).toBe(true);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-plans-'));
  database = openDatabase(join(dir, 'plans.sqlite'));
  migrateDatabase(database.db);
  // The article (a small conflict) and a synthetic one: conflicts of very different sizes.
  loadBundledDossier(new Writer(database.db), database.db);
  database.sqlite.pragma('cache_size = -65536');
  const { conflictId } = await generate(database.db, { incidents: 5_000 });
  database.sqlite.exec('ANALYZE');
  db = drizzle({ client: recording(database.sqlite), schema }) as unknown as Db;
  tables = new Set(
    (database.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name),
  );

  const one = <T>(sql: string, ...params: unknown[]) =>
    database.sqlite
      .prepare(sql)
      .pluck()
      .get(...params) as T;
  ids.conflict = conflictId;
  ids.talk = one('SELECT talk_id FROM incidents WHERE talk_id IS NOT NULL GROUP BY talk_id ORDER BY count(*) DESC LIMIT 1');
  ids.actor = one('SELECT actor_id FROM incident_actors GROUP BY actor_id ORDER BY count(*) DESC LIMIT 1');
  ids.speakerPerson = one(
    'SELECT speaker_person_id FROM statements WHERE speaker_person_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
  );
  ids.speakerActor = one(
    'SELECT speaker_actor_id FROM statements WHERE speaker_actor_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1',
  );
  ids.statementTalk = one('SELECT talk_id FROM statements WHERE talk_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1');
  ids.aboutActor = one("SELECT subject_id FROM statement_subjects WHERE subject_type = 'ACTOR' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1");
  // Cursors from the middle of each list, as a client paging through it would hold.
  const middle = (sql: string) => database.sqlite.prepare(sql).get() as { key: string | number; id: number };
  const cursor = (row: { key: string | number; id: number }) => encodeCursor([row.key, row.id]);
  cursors.incident = cursor(
    middle(`SELECT date_start AS key, id FROM incidents WHERE conflict_id = ${conflictId} ORDER BY date_start, id LIMIT 1 OFFSET 2500`),
  );
  cursors.statement = cursor(
    middle(`SELECT date_start AS key, id FROM statements WHERE conflict_id = ${conflictId} ORDER BY date_start, id LIMIT 1 OFFSET 250`),
  );
  cursors.talk = cursor(
    middle(`SELECT date_start AS key, id FROM talks WHERE conflict_id = ${conflictId} ORDER BY date_start, id LIMIT 1 OFFSET 100`),
  );
  cursors.person = cursor(middle('SELECT name AS key, id FROM people ORDER BY name, id LIMIT 1 OFFSET 1000'));
  const event = middle('SELECT id AS key, id FROM events ORDER BY id LIMIT 1 OFFSET 3000');
  cursors.event = cursor(event);
  ids.event = event.id;
}, 60_000);

afterAll(() => {
  database?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('listIncidents', () => {
  it('by conflict walks incidents_conflict_date_idx', () => {
    const plan = planOf(() => list(queryIncidents(db, { conflictId: ids.conflict }, 'DATE_ASC', FIRST_PAGE)));
    expectIndexed(plan);
    expect(plan.lines.join('\n')).toMatch(/incidents_conflict_date_idx \(conflict_id=\?/);
  });

  it('by talk walks incidents_talk_date_idx', () => {
    const plan = planOf(() => list(queryIncidents(db, { talkId: ids.talk }, 'DATE_ASC', FIRST_PAGE)));
    expectIndexed(plan);
    expect(plan.lines.join('\n')).toMatch(/incidents_talk_date_idx \(talk_id=\?/);
  });

  it('by date range walks incidents_date_idx over the range', () => {
    for (const [from, to] of [
      ['2022-03-01', '2025-03-01'],
      ['2023-01-01', '2023-03-01'],
      ['2023-01-01', '2023-06-01'],
    ]) {
      const plan = planOf(() => list(queryIncidents(db, { from, to }, 'DATE_ASC', FIRST_PAGE)));
      expectIndexed(plan);
      expect(plan.lines.join('\n')).toMatch(/date_start>\? AND date_start<\?/);
    }
  });

  it('by one event type walks incidents_type_date_idx', () => {
    const plan = planOf(() => list(queryIncidents(db, { eventTypes: ['PROTESTS'] }, 'DATE_ASC', FIRST_PAGE)));
    expectIndexed(plan);
    expect(plan.lines.join('\n')).toMatch(/incidents_type_date_idx \(event_type=\?/);
  });

  it("by conflict, one event type and dates seeks that type's range of the conflict (incidents_conflict_type_date_idx)", () => {
    const plan = planOf(() =>
      list(
        queryIncidents(
          db,
          { conflictId: ids.conflict, eventTypes: ['BATTLES'], from: '2023-01-01', to: '2023-03-01' },
          'DATE_ASC',
          FIRST_PAGE,
        ),
      ),
    );
    expectIndexed(plan);
    expect(plan.lines.join('\n')).toMatch(
      /incidents_conflict_type_date_idx \(conflict_id=\? AND event_type=\? AND date_start>\? AND date_start<\?\)/,
    );
  });

  it('by several event types does not sort every incident of those types', () => {
    // Common types (90% of incidents) and rare ones (3%): SQLite cannot merge the per-type ranges
    // of incidents_type_date_idx in date order, so it must either walk incidents_date_idx
    // filtering on the type, or read every incident of those types and sort them.
    for (const eventTypes of [
      ['BATTLES', 'EXPLOSIONS_REMOTE_VIOLENCE'],
      ['PROTESTS', 'RIOTS'],
    ] as const) {
      expectIndexed(planOf(() => list(queryIncidents(db, { eventTypes }, 'DATE_ASC', FIRST_PAGE))));
    }
  });

  it('by actor walks incidents in date order, probing incident_actors by index', () => {
    const plan = planOf(() => list(queryIncidents(db, { actorIds: [ids.actor] }, 'DATE_ASC', FIRST_PAGE)));
    expectIndexed(plan);
    expect(plan.lines.join('\n')).toMatch(/incident_actors .*USING (COVERING )?INDEX/);
  });

  it('by location walks an index in date order (no index can serve "contains" text; search is what FTS is for)', () => {
    // parley_fold(location) LIKE '%…%' cannot use a B-tree. The best a plan can do is walk
    // incidents_date_idx (or the conflict's index) in the list's order and stop once a page is
    // full: bounded by the page when the place is common, never a read of everything plus a sort.
    const plan = planOf(() => list(queryIncidents(db, { location: 'oblast' }, 'DATE_ASC', FIRST_PAGE)));
    expectIndexed(plan);
    expect(plan.lines.join('\n')).toMatch(/SCAN incidents USING INDEX incidents_(conflict_)?date_idx/);
    const inConflict = planOf(() => list(queryIncidents(db, { conflictId: ids.conflict, location: 'oblast' }, 'DATE_ASC', FIRST_PAGE)));
    expectIndexed(inConflict);
  });

  it('DATE_ASC after a cursor starts the index range at the cursor', () => {
    const plan = planOf(() => list(queryIncidents(db, { conflictId: ids.conflict }, 'DATE_ASC', afterCursor(cursors.incident))));
    expectIndexed(plan);
    expectCursorBound(plan, /conflict_id=\? AND date_start>\?/);
  });

  it('DATE_DESC after a cursor walks the index backwards from the cursor', () => {
    const plan = planOf(() => list(queryIncidents(db, {}, 'DATE_DESC', afterCursor(cursors.incident))));
    expectIndexed(plan);
    expectCursorBound(plan, /date_start<\?/);
  });

  it('DATE_ASC before a cursor (last/before) walks the index backwards from the cursor', () => {
    const plan = planOf(() => list(queryIncidents(db, { conflictId: ids.conflict }, 'DATE_ASC', beforeCursor(cursors.incident))));
    expectIndexed(plan);
    expectCursorBound(plan, /date_start<\?/);
  });
});

describe('incidents by area', () => {
  // The R*Tree hands over the incidents in the box, each then read by its id and tested on its own
  // coordinates; the page sorts those (the box bounds them), never the conflict's incidents.
  const expectGeoIndexed = (plan: Plan) => {
    const shown = `\n${plan.lines.join('\n')}\n-- ${plan.sql}`;
    expect(plan.lines.join('\n'), `does not read the R*Tree by its bounds:${shown}`).toMatch(
      /SCAN incidents_geo VIRTUAL TABLE INDEX \d+:[A-E]\d/,
    );
    expect(plan.lines.join('\n'), `reads incidents otherwise than by id:${shown}`).toMatch(/SEARCH incidents USING INTEGER PRIMARY KEY/);
    expect(
      plan.lines.filter((line) => /^SCAN incidents\b(?!_geo)/.test(line)),
      shown,
    ).toEqual([]);
  };
  const box = { bbox: { west: 36, south: 49.8, east: 36.5, north: 50.1 } };

  it('a box, alone or with the conflict and a type, is read from incidents_geo', () => {
    for (const filter of [{ area: box }, { conflictId: ids.conflict, eventTypes: ['BATTLES' as const], area: box }]) {
      const plan = planOf(() => list(queryIncidents(db, filter, 'DATE_ASC', FIRST_PAGE)));
      expectGeoIndexed(plan);
      expectGeoIndexed(planOf(() => countPages(db, [queryIncidents(db, filter, 'DATE_ASC', FIRST_PAGE)])));
    }
  });

  it('a box across the antimeridian and a circle around a pole are read from incidents_geo', () => {
    for (const area of [
      { bbox: { west: 170, south: -30, east: -170, north: 0 } },
      { near: { latitude: 90, longitude: 0, radiusKm: 1500 } },
      { near: { latitude: 50, longitude: 36.25, radiusKm: 25 } },
    ]) {
      expectGeoIndexed(planOf(() => list(queryIncidents(db, { area }, 'DATE_ASC', FIRST_PAGE))));
    }
  });
});

describe('incidentCounts', () => {
  it("of a conflict, by type and by whole months, reads the conflict's range of incident_counts", () => {
    for (const filter of [
      { conflictId: ids.conflict },
      { conflictId: ids.conflict, eventTypes: ['BATTLES', 'RIOTS'] as const },
      { conflictId: ids.conflict, from: '2023-01-01', to: '2023-06-30' },
    ]) {
      const plan = planOf(() => countIncidents(db, filter, 'MONTH'));
      expectIndexed(plan);
      expect(plan.lines.join('\n')).toMatch(/SEARCH incident_counts USING PRIMARY KEY \(conflict_id=\? AND period_kind=\?/);
    }
  });

  it('under a filter incident_counts cannot answer, groups the incidents an index finds', () => {
    for (const filter of [
      { conflictId: ids.conflict, actorIds: [ids.actor] },
      { conflictId: ids.conflict, from: '2023-01-04', to: '2023-02-10' },
    ]) {
      const plan = planOf(() => countIncidents(db, filter, 'WEEK'));
      const shown = `\n${plan.lines.join('\n')}\n-- ${plan.sql}`;
      expect(
        plan.lines.filter((line) => /^SCAN incidents$/.test(line)),
        shown,
      ).toEqual([]);
      expect(plan.lines.join('\n'), shown).toMatch(/incidents USING (COVERING )?INDEX incidents_conflict_/);
    }
    expectIndexed(
      planOf(() =>
        countIncidents(db, { conflictId: ids.conflict, area: { bbox: { west: 36, south: 49.8, east: 36.5, north: 50.1 } } }, 'DAY'),
      ),
      {},
    );
  });
});

describe('listTalks', () => {
  it('by conflict, by status and unfiltered walk an index in date order', () => {
    expectIndexed(planOf(() => list(queryTalks({ conflictId: ids.conflict }, 'DATE_ASC', FIRST_PAGE))));
    expectIndexed(planOf(() => list(queryTalks({ statuses: ['CONCLUDED'] }, 'DATE_DESC', FIRST_PAGE))));
    expectIndexed(planOf(() => list(queryTalks({}, 'DATE_ASC', FIRST_PAGE))));
  });

  it('after a cursor starts at the cursor', () => {
    const plan = planOf(() => list(queryTalks({ conflictId: ids.conflict }, 'DATE_ASC', afterCursor(cursors.talk))));
    expectIndexed(plan);
    expectCursorBound(plan, /date_start>\?/);
  });
});

describe('listStatements', () => {
  it('by conflict walks statements_conflict_date_idx', () => {
    expectIndexed(planOf(() => list(queryStatements(db, { conflictId: ids.conflict }, 'DATE_ASC', FIRST_PAGE))));
  });

  it('unfiltered walks an index in date order', () => {
    expectIndexed(planOf(() => list(queryStatements(db, {}, 'DATE_DESC', FIRST_PAGE))));
  });

  it('by speaker (person) walks statements_speaker_person_idx', () => {
    expectIndexed(planOf(() => list(queryStatements(db, { speakerPersonId: ids.speakerPerson }, 'DATE_ASC', FIRST_PAGE))));
  });

  it('by speaking actor walks an index in date order', () => {
    expectIndexed(planOf(() => list(queryStatements(db, { speakerActorId: ids.speakerActor }, 'DATE_ASC', FIRST_PAGE))));
  });

  it('by talk walks an index in date order', () => {
    expectIndexed(planOf(() => list(queryStatements(db, { talkId: ids.statementTalk }, 'DATE_ASC', FIRST_PAGE))));
  });

  it('by what they are about walks an index in date order, probing statement_subjects by index', () => {
    const plan = planOf(() => list(queryStatements(db, { about: { type: 'ACTOR', id: ids.aboutActor } }, 'DATE_ASC', FIRST_PAGE)));
    expectIndexed(plan);
  });

  it('after a cursor starts at the cursor', () => {
    const plan = planOf(() => list(queryStatements(db, { conflictId: ids.conflict }, 'DATE_ASC', afterCursor(cursors.statement))));
    expectIndexed(plan);
    expectCursorBound(plan, /date_start>\?/);
  });
});

describe('listPeople', () => {
  it('unfiltered and by name walk people_name_idx', () => {
    expectIndexed(planOf(() => listPeople(db, {}, FIRST_PAGE)));
    // "Contains" text again: walk the names in order, probing aliases by person.
    const byName = planOf(() => listPeople(db, { name: 'koval' }, FIRST_PAGE));
    expectIndexed(byName);
    expect(byName.lines.join('\n')).toMatch(/people_name_idx/);
  });

  it('after a cursor starts at the cursor', () => {
    const plan = planOf(() => listPeople(db, {}, afterCursor(cursors.person)));
    expectIndexed(plan);
    expectCursorBound(plan, /name>\?/);
  });
});

describe('the event log', () => {
  it('listEvents, unfiltered and by conflict, reads in id order', () => {
    expectIndexed(
      planOf(() => listEvents(db, {}, FIRST_PAGE)),
      { rowidOrder: 'events' },
    );
    expectIndexed(planOf(() => listEvents(db, { conflictId: ids.conflict }, FIRST_PAGE)));
  });

  it('listEvents by kind reads only events of that kind', () => {
    // TALK_SCHEDULED is 200 events in 8,000: walking the whole log to fill a page is a full scan.
    const plan = planOf(() => listEvents(db, { kinds: ['TALK_SCHEDULED'] }, FIRST_PAGE));
    expectIndexed(plan);
    expect(plan.lines.join('\n')).toMatch(/SEARCH events USING (COVERING )?INDEX \w+ \(kind=\?/);
  });

  it('listEvents by subject type reads in id order without sorting', () => {
    expectIndexed(planOf(() => listEvents(db, { subjectType: 'TALK' }, FIRST_PAGE)));
  });

  it('listEvents after a cursor starts at the cursor', () => {
    const plan = planOf(() => listEvents(db, {}, afterCursor(cursors.event)));
    expectIndexed(plan, { rowidOrder: 'events' });
    expectCursorBound(plan, /rowid>\?/);
  });

  it('eventsAfter (the stream) starts at its cursor, under every filter', () => {
    const filters = [
      {},
      { conflictId: ids.conflict },
      { talkId: ids.talk },
      { kinds: ['INCIDENT_RECORDED' as const] },
      { actorIds: [ids.actor] },
      { subjectType: 'INCIDENT' as const },
    ];
    for (const filter of filters) {
      const plan = planOf(() => eventsAfter(db, ids.event, 100, filter));
      expectIndexed(plan, { rowidOrder: 'events' });
      expectCursorBound(plan, /rowid>\?|id>\?/);
    }
  });
});

describe('pages of many parents in one statement (a connection under a list)', () => {
  const talksOfConflict = () =>
    database.sqlite.prepare(`SELECT id FROM talks WHERE conflict_id = ${ids.conflict} ORDER BY id LIMIT 5`).pluck().all() as number[];

  it('each branch seeks its own index range, bounded by its cursor, and sorts nothing', () => {
    const talkIds = talksOfConflict();
    const plan = planOf(() =>
      fetchPages(db, [
        ...talkIds.map((talkId) => queryIncidents(db, { talkId }, 'DATE_ASC', FIRST_PAGE)),
        queryIncidents(db, { talkId: ids.talk }, 'DATE_ASC', afterCursor(cursors.incident)),
        queryIncidents(db, { talkId: ids.talk }, 'DATE_DESC', beforeCursor(cursors.incident)),
        // `incidentsAround` of a talk: its conflict's incidents over a few days.
        queryIncidents(db, { conflictId: ids.conflict, from: '2023-01-01', to: '2023-01-03' }, 'DATE_ASC', FIRST_PAGE),
      ]),
    );
    expectIndexed(plan);
    const lines = plan.lines.join('\n');
    expect(lines.match(/incidents_talk_date_idx \(talk_id=\?/g)).toHaveLength(talkIds.length + 2);
    expectCursorBound(plan, /talk_id=\? AND date_start>\?/);
    expect(lines).toMatch(/incidents_conflict_date_idx \(conflict_id=\? AND date_start>\? AND date_start<\?\)/);
  });

  it('statements and talks of many parents: one index range each', () => {
    const talkIds = talksOfConflict();
    expectIndexed(
      planOf(() =>
        fetchPages(
          db,
          talkIds.map((talkId) => queryStatements(db, { talkId }, 'DATE_ASC', FIRST_PAGE)),
        ),
      ),
    );
    expectIndexed(
      planOf(() =>
        fetchPages(
          db,
          [ids.conflict, ids.conflict - 1].map((conflictId) => queryTalks({ conflictId }, 'DATE_ASC', FIRST_PAGE)),
        ),
      ),
    );
  });

  it('proposals of many talks: each branch reads its page in order from proposals_talk_date_idx', () => {
    const plan = planOf(() =>
      fetchPages(
        db,
        talksOfConflict().map((talkId) => queryProposals({ talkId }, FIRST_PAGE)),
      ),
    );
    expect(plan.lines.filter((line) => /^SEARCH proposals USING INDEX proposals_talk_date_idx \(talk_id=\?\)/.test(line))).toHaveLength(5);
    expectIndexed(plan);
  });

  it('the timelines of many conflicts: each merges its own four kinds', () => {
    const plan = planOf(() =>
      fetchPages(
        db,
        [ids.conflict, ids.conflict - 1].map((conflictId) => queryTimeline({ conflictId }, 'DATE_ASC', FIRST_PAGE)),
      ),
    );
    expectIndexed(plan, { boundedBranches: 8 });
    expect(plan.lines.join('\n').match(/incidents_conflict_date_idx \(conflict_id=\?/g)).toHaveLength(2);
  });

  it('their totals count each branch from its index range, in one statement', () => {
    const talkIds = talksOfConflict();
    const queries = [
      ...talkIds.map((talkId) => queryIncidents(db, { talkId }, 'DATE_ASC', FIRST_PAGE)),
      queryIncidents(db, { conflictId: ids.conflict, from: '2023-01-01', to: '2023-01-03' }, 'DATE_ASC', FIRST_PAGE),
    ];
    const plan = planOf(() => countPages(db, queries));
    expectIndexed(plan);
    expect(plan.lines.join('\n').match(/incidents_talk_date_idx \(talk_id=\?/g)).toHaveLength(talkIds.length);
    expect(countPages(db, queries)).toEqual(queries.map((q) => fetchPages(db, [q])[0]!.totalCount()));
  });
});

describe('the timeline', () => {
  // Four kinds of fact, each read in order from its *_conflict_date_idx: merged as they come, or
  // each cut to a page and the (at most 4 × page) rows sorted; never every fact of the conflict sorted.
  const BRANCHES = 4;

  it('merges the four kinds of fact in date order without sorting them all', () => {
    const plan = planOf(() => list(queryTimeline({ conflictId: ids.conflict }, 'DATE_ASC', FIRST_PAGE)));
    expectIndexed(plan, { boundedBranches: BRANCHES });
    expect(plan.lines.join('\n')).toMatch(/incidents_conflict_date_idx/);
  });

  it('after a cursor, and over a date range, still without a full sort, starting each kind at the cursor', () => {
    const first = list(queryTimeline({ conflictId: ids.conflict }, 'DATE_DESC', FIRST_PAGE));
    const cursor = first.cursorOf(first.rows[10]!);
    const paged = planOf(() => list(queryTimeline({ conflictId: ids.conflict }, 'DATE_DESC', afterCursor(cursor))));
    expectIndexed(paged, { boundedBranches: BRANCHES });
    expectCursorBound(paged, /incidents_conflict_date_idx \(conflict_id=\? AND date_start<\?/);
    const ranged = planOf(() =>
      list(queryTimeline({ conflictId: ids.conflict, from: '2023-01-01', to: '2023-12-31' }, 'DATE_ASC', FIRST_PAGE)),
    );
    expectIndexed(ranged, { boundedBranches: BRANCHES });
  });
});
