/**
 * Writes migrations/0013_versions.sql from the schema as migrations 0000–0012 leave it
 * (src/db/versions.ts says what each table gets). Run once, when the migration was written:
 * `npx tsx scripts/versions-migration.ts`. The file is committed; this is how it was made.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { MIGRATIONS_FOLDER, openDatabase } from '../src/db/client.js';
import { VERSIONED_TABLES, versionsSql } from '../src/db/versions.js';

const database = openDatabase(':memory:');
// The migrations before this one: a copy of the folder whose journal ends at 0012.
const before = mkdtempSync(join(tmpdir(), 'parley-migrations-'));
cpSync(MIGRATIONS_FOLDER, before, { recursive: true });
const journal = JSON.parse(readFileSync(join(before, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
journal.entries = journal.entries.filter((entry) => entry.tag < '0013');
writeFileSync(join(before, 'meta/_journal.json'), JSON.stringify(journal));
migrate(database.db, { migrationsFolder: before });
rmSync(before, { recursive: true });
const sqlite = database.sqlite;
const applied = sqlite.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number;
if (applied !== 13) throw new Error(`expected migrations 0000-0012 only, found ${applied}`);

const header = `-- System-versioned tables (SQL:2011's system versioning, by triggers): for every table the read
-- API reads, \`<table>_versions\` holds each version of each row with the event ids it is valid for,
-- sys_from <= e < sys_to (sys_to NULL while current). An as-of read (src/db/as-of.ts) reads these
-- through temporary views named like the tables, so every read runs unchanged.
--
-- A version is stamped with the id of the event its command appends: commands write their rows
-- first and their event last, in one transaction, so that id is max(events.id) + 1 while the rows
-- are written. An update or a delete closes the current version at the same id; a version opened
-- and closed by the same event is deleted, never visible.
--
-- Existing rows are backfilled as they are now, from the first event about them (or about the fact
-- they belong to), else 0: their earlier versions were not kept and are not rebuilt.
--
-- Each index of a table is repeated on its versions, non-unique and with (sys_from, sys_to)
-- appended, so an as-of read takes the same access path as the present one. Written by
-- scripts/versions-migration.ts from src/db/versions.ts.
`;

const statements: string[] = [
  `-- asOf(at:) looks the newest event recorded by a time up here.
CREATE INDEX \`events_recorded_at_idx\` ON \`events\` (\`recorded_at\`,\`id\`)`,
];
for (const table of Object.keys(VERSIONED_TABLES)) statements.push(...versionsSql(sqlite, table));
statements.push(
  `-- Where incidents were, version by version: the area filter's R*Tree (0011) for as-of reads, keyed
-- by version_id; a version's coordinates never change, so it is written once and deleted with it.
CREATE VIRTUAL TABLE \`incidents_versions_geo\` USING rtree(\`version_id\`, \`min_lat\`, \`max_lat\`, \`min_lon\`, \`max_lon\`)`,
  `INSERT INTO incidents_versions_geo (version_id, min_lat, max_lat, min_lon, max_lon)
  SELECT version_id, latitude, latitude, longitude, longitude FROM incidents_versions WHERE latitude IS NOT NULL AND longitude IS NOT NULL`,
  `CREATE TRIGGER \`incidents_versions_geo_insert\` AFTER INSERT ON \`incidents_versions\`
WHEN new.latitude IS NOT NULL AND new.longitude IS NOT NULL BEGIN
  INSERT INTO incidents_versions_geo (version_id, min_lat, max_lat, min_lon, max_lon)
    VALUES (new.version_id, new.latitude, new.latitude, new.longitude, new.longitude);
END`,
  `CREATE TRIGGER \`incidents_versions_geo_delete\` AFTER DELETE ON \`incidents_versions\` BEGIN
  DELETE FROM incidents_versions_geo WHERE version_id = old.version_id;
END`,
);
writeFileSync(
  new URL('../migrations/0013_versions.sql', import.meta.url),
  `${header}${statements.join(';\n--> statement-breakpoint\n')};\n`,
);
await database.close();
console.log(`${statements.length} statements`);
