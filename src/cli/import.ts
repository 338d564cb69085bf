/**
 * `npm run import -- KIND FILE [options]`: brings a file's facts into the database PARLEY_DB_PATH
 * names (created and migrated first), through the domain commands every other write uses.
 * Each kind lives in src/ingest; this only picks one and reports how it ended.
 */
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase, tuneForBulkWrites } from '../db/client.js';
import { Writer } from '../domain/events.js';
import { IMPORTERS, type ImportContext } from '../ingest/importers.js';

const [kind, ...args] = process.argv.slice(2);
const importer = kind ? IMPORTERS[kind] : undefined;
if (!importer) {
  console.error('Usage: npm run import -- KIND FILE [options]\n');
  for (const [name, { usage }] of Object.entries(IMPORTERS)) console.error(`  ${name.padEnd(16)} ${usage}`);
  process.exit(2);
}

const { dbPath } = loadConfig();
const database = openDatabase(dbPath);
migrateDatabase(database.db);
tuneForBulkWrites(database.sqlite);
const context: ImportContext = { db: database.db, writer: new Writer(database.db), out: process.stdout, err: process.stderr };
let code: number;
try {
  code = await importer.run(args, context);
} catch (error) {
  // An importer reports what it can; anything else is a bug, said in one line.
  console.error(error instanceof Error ? error.message : String(error));
  code = 1;
} finally {
  await database.close();
}
process.exit(code);
