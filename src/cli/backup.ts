/**
 * `npm run db:backup -- FILE`: a consistent copy of the database while the server runs, with
 * SQLite's online backup API (better-sqlite3's `backup`). The copy is made in one step, under one
 * read transaction: WAL lets the server keep writing meanwhile, and the copy is the database as
 * of one commit. (In small steps, every write during the copy would restart it.)
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { loadConfig } from '../config.js';

const target = process.argv[2];
if (!target) {
  console.error('Usage: npm run db:backup -- FILE');
  process.exit(2);
}
if (existsSync(target)) {
  console.error(`${target} exists already; choose a new file.`);
  process.exit(2);
}
const { dbPath } = loadConfig();
const source = new Database(dbPath, { readonly: true, fileMustExist: true });
try {
  await source.backup(target, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
  const copy = new Database(target);
  // A standalone file: no -wal or -shm beside it.
  copy.pragma('journal_mode = DELETE');
  const check = copy.pragma('integrity_check', { simple: true });
  const events = (copy.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  copy.close();
  if (check !== 'ok') throw new Error(`integrity_check of the copy says: ${check}`);
  console.log(`Backed up ${dbPath} to ${target} (${events} events; integrity ok).`);
} finally {
  source.close();
}
