/**
 * `npm run import -- KIND FILE [options]`: brings a file's facts into the database PARLEY_DB_PATH
 * names (created and migrated first), through the domain commands every other write uses.
 * Each kind lives in src/ingest; this only picks one.
 */
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase, tuneForBulkWrites } from '../db/client.js';
import { Writer } from '../domain/events.js';
import { IMPORTERS } from '../ingest/importers.js';
import { runMain } from './command.js';

async function main([kind, ...args]: string[]): Promise<number> {
  const importer = kind ? IMPORTERS[kind] : undefined;
  if (!importer) {
    console.error('Usage: npm run import -- KIND FILE [options]\n');
    for (const [name, { usage }] of Object.entries(IMPORTERS)) console.error(`  ${name.padEnd(16)} ${usage}`);
    return 2;
  }
  const { dbPath } = loadConfig();
  const database = openDatabase(dbPath);
  try {
    migrateDatabase(database.db);
    tuneForBulkWrites(database.sqlite);
    return await importer.run(args, { db: database.db, writer: new Writer(database.db), out: process.stdout, err: process.stderr });
  } finally {
    await database.close();
  }
}

await runMain(main);
