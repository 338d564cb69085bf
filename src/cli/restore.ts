/**
 * `npm run db:restore -- FILE`: a parley-dump file (docs/dump-format.md; `-` for stdin) into the
 * database PARLEY_DB_PATH names, which is created and migrated if need be and must hold no
 * knowledge yet. No server may use that file meanwhile. All or nothing: a refused line (said with
 * its number) leaves the database as it was, and a file this command created is removed again.
 */
import { createReadStream, existsSync, rmSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase, tuneForBulkWrites } from '../db/client.js';
import { DomainError } from '../domain/errors.js';
import { restoreDump } from '../ingest/dump.js';
import { runMain } from './command.js';

async function main(args: string[]): Promise<number> {
  if (args.length !== 1) {
    process.stderr.write('Usage: npm run db:restore -- FILE   (FILE "-" reads stdin)\n');
    return 2;
  }
  const [source] = args as [string];
  if (source !== '-' && !existsSync(source)) {
    process.stderr.write(`There is no file ${source}.\n`);
    return 1;
  }
  const { dbPath } = loadConfig();
  const created = !existsSync(dbPath);
  let restored = false;
  const database = openDatabase(dbPath);
  try {
    migrateDatabase(database.db);
    tuneForBulkWrites(database.sqlite);
    const input = source === '-' ? process.stdin : createReadStream(source);
    const { rows, lastEventId } = await restoreDump(database.db, input as Readable);
    restored = true;
    console.log(`Restored ${rows} rows (last event ${lastEventId}) into ${dbPath}.`);
    return 0;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    process.stderr.write(`Nothing restored into ${dbPath}: ${error.message}\n`);
    return 1;
  } finally {
    await database.close();
    if (created && !restored) for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) rmSync(file, { force: true });
  }
}

await runMain(main);
