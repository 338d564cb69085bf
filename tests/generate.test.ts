/**
 * `npm run db:generate`: the synthetic conflict is written through the domain commands and the
 * ACLED importer (no INSERT of its own), the same seed writes the same facts, and a second run
 * into the same database adds a second world beside the first.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../src/cli/generate.js';
import { migrateDatabase, openDatabase, type ParleyDatabase } from '../src/db/client.js';
import type { SyntheticResult } from '../src/ingest/synthetic.js';
import { planWorld, syntheticAcledRecords } from '../src/ingest/synthetic.js';

let dir: string;
const databases: ParleyDatabase[] = [];
let first: { database: ParleyDatabase; result: SyntheticResult };
let again: { database: ParleyDatabase; result: SyntheticResult };

async function generated(name: string, seed: number) {
  const database = openDatabase(join(dir, `${name}.sqlite`));
  databases.push(database);
  migrateDatabase(database.db);
  return { database, result: await generate(database.db, { incidents: 300, statements: 40, seed, batch: 100 }) };
}

/** What the generator wrote, without what depends on the database or the clock (ids, recording times). */
function facts(database: ParleyDatabase, conflictId: number) {
  const all = (sql: string) => database.sqlite.prepare(sql).all(conflictId);
  return {
    incidents: all(
      `SELECT external_id, event_type, sub_event_type, title, description, location_name, region, admin2, country, latitude, longitude,
         date_start, date_end, date_precision, time_precision, civilian_targeting,
         (SELECT group_concat(a.name || ':' || ia.side, '|') FROM incident_actors ia JOIN actors a ON a.id = ia.actor_id WHERE ia.incident_id = i.id) AS actors,
         (SELECT value FROM figures f WHERE f.incident_id = i.id AND f.metric = 'fatalities') AS fatalities
       FROM incidents i WHERE conflict_id = ? ORDER BY external_id`,
    ),
    talks: all(
      'SELECT title, date_start, date_end, status, venue_city, (SELECT count(*) FROM delegations d WHERE d.talk_id = t.id) AS delegations FROM talks t WHERE conflict_id = ? ORDER BY round',
    ),
    statements: all(
      `SELECT quote, paraphrase, date_start, (SELECT name FROM people p WHERE p.id = s.speaker_person_id) AS speaker
       FROM statements s WHERE conflict_id = ? ORDER BY date_start, quote, paraphrase, speaker`,
    ),
    people: database.sqlite
      .prepare(
        `SELECT p.name, (SELECT group_concat(alias, '|') FROM person_aliases a WHERE a.person_id = p.id) AS aliases FROM people p ORDER BY p.id`,
      )
      .all(),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-generate-'));
  first = await generated('first', 7);
  again = await generated('again', 7);
}, 120_000);

afterAll(async () => {
  for (const database of databases) await database.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the synthetic conflict', () => {
  it('holds the world, the incidents and the statements asked for', () => {
    const { database, result } = first;
    const count = (sql: string) => database.sqlite.prepare(sql).pluck().get(result.conflictId) as number;
    expect(result.slug).toBe('synthetic-300');
    expect(result.incidents).toMatchObject({ rows: 300, inserted: 300, refused: 0 });
    expect(count('SELECT count(*) FROM incidents WHERE conflict_id = ?')).toBe(300);
    expect(count('SELECT count(*) FROM statements WHERE conflict_id = ?')).toBe(40);
    expect(count('SELECT count(*) FROM talks WHERE conflict_id = ?')).toBe(200);
    expect(count('SELECT count(*) FROM topics WHERE conflict_id = ?')).toBeGreaterThan(0);
    expect(database.sqlite.prepare('SELECT count(*) FROM people').pluck().get()).toBe(2_000);
    expect(database.sqlite.prepare('SELECT count(*) FROM actors').pluck().get()).toBeGreaterThanOrEqual(190);
    expect(database.sqlite.prepare('SELECT count(*) FROM actor_aliases').pluck().get()).toBeGreaterThan(0);
    expect(database.sqlite.prepare('SELECT count(*) FROM sources').pluck().get()).toBeGreaterThanOrEqual(30);
    expect(database.sqlite.prepare('SELECT count(*) FROM person_aliases').pluck().get()).toBeGreaterThan(500);
    expect(database.sqlite.prepare('SELECT count(*) FROM person_titles').pluck().get()).toBeGreaterThanOrEqual(2_000);
  });

  it('is recorded as the commands record facts: an event each, sources attached, names resolved to the world', () => {
    const { database, result } = first;
    const one = (sql: string) => database.sqlite.prepare(sql).pluck().get(result.conflictId) as number;
    expect(
      one(`SELECT count(*) FROM incidents i WHERE conflict_id = ? AND NOT EXISTS
      (SELECT 1 FROM events e WHERE e.subject_type = 'INCIDENT' AND e.subject_id = i.id AND e.kind = 'INCIDENT_RECORDED')`),
    ).toBe(0);
    expect(
      one(`SELECT count(*) FROM incidents i WHERE conflict_id = ? AND NOT EXISTS
      (SELECT 1 FROM attributions a WHERE a.subject_type = 'INCIDENT' AND a.subject_id = i.id)`),
    ).toBe(0);
    expect(
      one(`SELECT count(*) FROM statements s WHERE conflict_id = ? AND NOT EXISTS
      (SELECT 1 FROM events e WHERE e.subject_type = 'STATEMENT' AND e.subject_id = s.id)`),
    ).toBe(0);
    expect(one(`SELECT count(*) FROM incidents WHERE conflict_id = ? AND external_id IS NULL`)).toBe(0);
    // Every ACLED actor name in the rows is one of the world's actors or their aliases: the
    // importer recorded no actor or source of its own.
    expect(database.sqlite.prepare("SELECT count(*) FROM actors WHERE description LIKE 'First seen in ACLED data%'").pluck().get()).toBe(0);
    expect(
      database.sqlite.prepare("SELECT count(*) FROM sources WHERE description LIKE 'Named as a source in ACLED data%'").pluck().get(),
    ).toBe(0);
    expect(
      one(`SELECT count(DISTINCT ia.actor_id) FROM incident_actors ia JOIN incidents i ON i.id = ia.incident_id
      JOIN actor_aliases aa ON aa.actor_id = ia.actor_id WHERE i.conflict_id = ?`),
    ).toBeGreaterThan(0);
  });

  it('has place names, types and dates as the bench searches and filters them', () => {
    const { database, result } = first;
    const rows = database.sqlite
      .prepare('SELECT title, location_name AS place, date_start AS day FROM incidents WHERE conflict_id = ? ORDER BY id')
      .all(result.conflictId) as { title: string; place: string; day: string }[];
    expect(rows.every((r) => /^[A-Z][a-z]+$/.test(r.place))).toBe(true);
    expect(rows.some((r) => r.title.startsWith('Shelling/artillery/missile attack in '))).toBe(true);
    const years = new Set(rows.map((r) => r.day.slice(0, 4)));
    expect(years.size).toBeGreaterThanOrEqual(3);
  });

  it('writes the same facts for the same seed', () => {
    expect(facts(again.database, again.result.conflictId)).toEqual(facts(first.database, first.result.conflictId));
  });

  it('makes other rows from another seed, the same rows from the same one', () => {
    const rows = (seed: number) => [...syntheticAcledRecords(planWorld(seed), { seed, count: 50 })];
    expect(rows(3)).toEqual(rows(3));
    expect(rows(4)).not.toEqual(rows(3));
  });

  it('adds a second world beside the first in the same database', async () => {
    const { database } = first;
    const second = await generate(database.db, { incidents: 300, statements: 10, seed: 7 });
    expect(second.slug).toBe('synthetic-300-2');
    expect(second.incidents).toMatchObject({ inserted: 300, refused: 0 });
    expect(database.sqlite.prepare("SELECT count(*) FROM actors WHERE name = 'Veloria (2)'").pluck().get()).toBe(1);
  });

  it('has no INSERT of its own', () => {
    for (const file of ['src/cli/generate.ts', 'src/ingest/synthetic.ts']) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\binsert\b/i);
    }
  });
});

describe('npm run db:generate', () => {
  const run = (args: string[]) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/generate.ts', ...args], {
      env: { ...process.env, PARLEY_DB_PATH: join(dir, 'cli.sqlite') },
    });

  it('prints a line per batch and ends with rows and rows/s', async () => {
    const { stdout } = await run(['--incidents', '200', '--statements', '20', '--batch', '100']);
    expect(stdout).toMatch(/incidents 100\/200: batch .* rows\/s/);
    expect(stdout).toMatch(/incidents 200\/200/);
    expect(stdout).toMatch(/Generated conflict "synthetic-200"/);
    expect(stdout).toMatch(/[\d,]+ rows in [\d.]+ s: [\d,]+ rows\/s/);
  }, 60_000);

  it('refuses the options that no longer apply, saying why', async () => {
    await expect(run(['--incidents', '10', '--no-worker'])).rejects.toMatchObject({
      stderr: expect.stringMatching(/--no-worker no longer applies/),
    });
  }, 30_000);
});
