/**
 * Section 5: ACLED import, rows/s through the domain commands next to raw better-sqlite3 inserts of
 * the same rows, and the importer's peak RSS at two file sizes (flat if it streams).
 *
 * The files are synthetic ACLED exports (src/ingest/synthetic.ts), written once to bench/.data.
 * Each is imported by `npm run import -- acled FILE --conflict … --name …`, compiled ahead as the
 * servers are (bench/lib/child.ts), in its own process under /usr/bin/time -v (peak RSS), into a
 * fresh migrated file. The raw baseline runs in this process: the same file read with the same
 * reader, the same rows written with prepared INSERTs (the incident, its actors, its fatalities
 * figure, their attributions, one event; actors and sources on first sight), in transactions of
 * the same size, with the search index deferred to each commit as Parley defers it.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { migrateDatabase, openDatabase } from '../../src/db/client.js';
import { deferIndexing, indexDeferred } from '../../src/domain/search.js';
import { ACLED_COLUMNS, actorKindOfType, fromAcled, type AcledRecord } from '../../src/ingest/acled.js';
import { readCsv } from '../../src/ingest/acled-import.js';
import { planWorld, syntheticAcledRecords } from '../../src/ingest/synthetic.js';
import { compileScript, ROOT } from '../lib/child.js';

export interface ImportRun {
  rows: number;
  /** Rows/s as the import reports it (reading, parsing and writing; not the process's start). */
  rowsPerSecond: number;
  /** Spawn to exit, start-up and migrations included. */
  wallSeconds: number;
  peakRssBytes: number;
}

export interface RawRun {
  rows: number;
  rowsPerSecond: number;
}

export interface ImportSize {
  rows: number;
  file: string;
  imports: ImportRun[];
  raw: RawRun[];
}

export interface ImportResults {
  batch: number;
  repeats: number;
  sizes: ImportSize[];
}

const SEED = 1;
const SLUG = 'synthetic-import';

/** A synthetic ACLED export of `rows` rows, kept in `dir` for later runs. */
async function acledFile(dir: string, rows: number): Promise<string> {
  const file = join(dir, `acled-synthetic-${rows}.csv`);
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const csv = stringify({ header: true, columns: [...ACLED_COLUMNS] });
  csv.pipe(out);
  for (const record of syntheticAcledRecords(planWorld(SEED), { seed: SEED, count: rows })) {
    if (!csv.write(record)) await once(csv, 'drain');
  }
  csv.end();
  await once(out, 'finish');
  renameSync(partial, file);
  return file;
}

/** A fresh database file with Parley's schema, as the import and the raw inserts start from. */
function freshDatabase(dir: string, name: string): string {
  const path = join(dir, `${name}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const database = openDatabase(path);
  migrateDatabase(database.db);
  database.sqlite.close();
  return path;
}

/** Runs the compiled import CLI on a file, under /usr/bin/time -v for its peak RSS. */
async function importWithCli(entry: string, file: string, dbPath: string, batch: number): Promise<ImportRun> {
  const args = ['-v', process.execPath, entry, 'acled', file, '--conflict', SLUG, '--name', 'Synthetic import', '--batch', String(batch)];
  const started = performance.now();
  const child = spawn('/usr/bin/time', args, {
    cwd: ROOT,
    env: { ...process.env, PARLEY_DB_PATH: dbPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const wallSeconds = (performance.now() - started) / 1000;
  const summary = /: (\d+) rows in [\d.]+ s \((\d+) rows\/s\): inserted (\d+).*refused (\d+)/.exec(stdout);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  if (code !== 0 || !summary || !rss) throw new Error(`import of ${file} failed (exit ${code}):\n${stdout}\n${stderr.slice(-2000)}`);
  if (summary[4] !== '0') throw new Error(`import of ${file} refused ${summary[4]} rows:\n${stdout}`);
  return { rows: Number(summary[1]), rowsPerSecond: Number(summary[2]), wallSeconds, peakRssBytes: Number(rss[1]) * 1024 };
}

/** The same rows with prepared INSERTs: what the import writes, without the domain commands around it. */
async function importRaw(file: string, dbPath: string, batch: number): Promise<RawRun> {
  const database = openDatabase(dbPath);
  const { sqlite, db } = database;
  sqlite.pragma('temp_store = MEMORY');
  const now = () => Date.now();
  const insertConflict = sqlite.prepare(
    `INSERT INTO conflicts (slug, name, description, date_start, date_end, date_precision, date_text) VALUES (?, ?, ?, '0001-01-01', ?, 'RANGE', ?)`,
  );
  const insertActor = sqlite.prepare('INSERT INTO actors (name, kind, description) VALUES (?, ?, ?)');
  const insertSource = sqlite.prepare(`INSERT INTO sources (name, kind, description) VALUES (?, 'MEDIA', ?)`);
  const insertIncident = sqlite.prepare(
    `INSERT INTO incidents (conflict_id, external_id, event_type, sub_event_type, title, description, location_name, region, country,
       latitude, longitude, world_region, iso, admin2, admin3, geo_precision, date_start, date_end, date_precision, time_precision,
       disorder_type, civilian_targeting, interaction, source_scale, tags)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSide = sqlite.prepare(
    'INSERT INTO incident_actors (incident_id, actor_id, side, associated, actor_type) VALUES (?, ?, ?, ?, ?)',
  );
  const insertFigure = sqlite.prepare(
    `INSERT INTO figures (conflict_id, metric, value, unit, qualifier, about, incident_id, date_start, date_end, date_precision)
     VALUES (?, 'fatalities', ?, 'people', 'EXACT', 'Fatalities, as ACLED codes them', ?, ?, ?, ?)`,
  );
  const insertAttribution = sqlite.prepare(
    `INSERT INTO attributions (source_id, subject_type, subject_id, relation) VALUES (?, ?, ?, 'REPORTED_BY')`,
  );
  const insertEvent = sqlite.prepare(
    'INSERT INTO events (conflict_id, kind, subject_type, subject_id, actor_ids, occurred_on, summary, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const actors = new Map<string, number>();
  const sources = new Map<string, number>();
  let conflictId = 0;
  const named = (map: Map<string, number>, name: string, insert: () => number) => {
    const key = name.toLowerCase();
    let id = map.get(key);
    if (id === undefined) map.set(key, (id = insert()));
    return id;
  };
  const write = (record: AcledRecord) => {
    const row = fromAcled(record);
    if (!conflictId) {
      conflictId = Number(
        insertConflict.run(SLUG, 'Synthetic import', 'Recorded by an ACLED import.', row.date.start, 'not known').lastInsertRowid,
      );
      insertEvent.run(conflictId, 'CONFLICT_RECORDED', 'CONFLICT', conflictId, '[]', '0001-01-01', `Conflict recorded: ${SLUG}`, '{}');
    }
    const actorIds = row.actors.map((a) =>
      named(actors, a.name, () => {
        const id = Number(insertActor.run(a.name, actorKindOfType(a.actorType), 'First seen in ACLED data').lastInsertRowid);
        insertEvent.run(
          null,
          'ACTOR_RECORDED',
          'ACTOR',
          id,
          JSON.stringify([id]),
          null,
          `Actor recorded: ${a.name}`,
          JSON.stringify({ id, name: a.name }),
        );
        return id;
      }),
    );
    const sourceIds = row.sourceNames.map((name) =>
      named(sources, name, () => {
        const id = Number(insertSource.run(name, 'Named as a source in ACLED data').lastInsertRowid);
        insertEvent.run(null, 'SOURCE_RECORDED', 'SOURCE', id, '[]', null, `Source recorded: ${name}`, JSON.stringify({ id, name }));
        return id;
      }),
    );
    const l = row.location;
    const incidentId = Number(
      insertIncident.run(
        conflictId,
        row.externalId,
        row.eventType,
        row.subEventType,
        row.title,
        row.description,
        l.name,
        l.region,
        l.country,
        l.latitude,
        l.longitude,
        l.worldRegion,
        l.iso,
        l.admin2,
        l.admin3,
        l.geoPrecision,
        row.date.start,
        row.date.end,
        row.date.precision,
        row.timePrecision,
        row.disorderType,
        row.civilianTargeting ? 1 : 0,
        row.interaction,
        row.sourceScale,
        row.tags,
      ).lastInsertRowid,
    );
    const sides = row.actors.map((a, i) => {
      insertSide.run(incidentId, actorIds[i]!, a.side, a.associated ? 1 : 0, a.actorType);
      return { incidentId, actorId: actorIds[i], side: a.side, associated: a.associated, actorType: a.actorType };
    });
    const figures = [];
    if (row.fatalities !== null) {
      const figureId = Number(
        insertFigure.run(conflictId, row.fatalities, incidentId, row.date.start, row.date.end, row.date.precision).lastInsertRowid,
      );
      for (const sourceId of sourceIds) insertAttribution.run(sourceId, 'FIGURE', figureId);
      figures.push({ id: figureId, metric: 'fatalities', value: row.fatalities });
    }
    for (const sourceId of sourceIds) insertAttribution.run(sourceId, 'INCIDENT', incidentId);
    insertEvent.run(
      conflictId,
      'INCIDENT_RECORDED',
      'INCIDENT',
      incidentId,
      JSON.stringify([...new Set(actorIds)]),
      row.date.start,
      `Incident recorded: ${row.title}`,
      JSON.stringify({ id: incidentId, conflictId, ...row, recordedAt: new Date(now()).toISOString(), actors: sides, figures }),
    );
  };
  const begin = () => {
    sqlite.exec('BEGIN IMMEDIATE');
    deferIndexing(db);
  };
  const commit = () => {
    indexDeferred(db);
    sqlite.exec('COMMIT');
  };
  const started = performance.now();
  let rows = 0;
  begin();
  for await (const { record } of readCsv(
    createReadStream(file),
    ACLED_COLUMNS.filter((c) => c !== 'timestamp'),
  )) {
    write(record as AcledRecord);
    if (++rows % batch === 0) {
      commit();
      begin();
    }
  }
  commit();
  const seconds = (performance.now() - started) / 1000;
  await database.close();
  return { rows, rowsPerSecond: rows / seconds };
}

export async function runImport(options: {
  sizes: number[];
  repeats: number;
  batch: number;
  dataDir: string;
  log: (line: string) => void;
}): Promise<ImportResults> {
  const entry = await compileScript('src/cli/import.ts', 'cli-import');
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-import-'));
  try {
    const sizes: ImportSize[] = [];
    for (const rows of options.sizes) {
      const file = await acledFile(options.dataDir, rows);
      const size: ImportSize = { rows, file, imports: [], raw: [] };
      for (let k = 0; k < options.repeats; k++) {
        const run = await importWithCli(entry, file, freshDatabase(dir, 'import'), options.batch);
        size.imports.push(run);
        const raw = await importRaw(file, freshDatabase(dir, 'raw'), options.batch);
        size.raw.push(raw);
        options.log(
          `  ${rows.toLocaleString('en')} rows, run ${k + 1}: import ${Math.round(run.rowsPerSecond).toLocaleString('en')} rows/s ` +
            `(${run.wallSeconds.toFixed(1)} s wall, peak RSS ${(run.peakRssBytes / 2 ** 20).toFixed(0)} MB), raw ${Math.round(raw.rowsPerSecond).toLocaleString('en')} rows/s`,
        );
      }
      sizes.push(size);
    }
    return { batch: options.batch, repeats: options.repeats, sizes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
