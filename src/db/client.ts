import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = BetterSQLite3Database<Schema>;
/** What a domain command writes through: the database, or a transaction (nested ones are savepoints). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface ParleyDatabase {
  db: Db;
  sqlite: Database.Database;
  close(): void;
}

export interface OpenOptions {
  /** Called with every SQL statement run: how tests count queries. */
  onStatement?: (sql: string) => void;
}

/**
 * Opens the SQLite file with Parley's pragmas. WAL lets readers run while a write commits;
 * synchronous=NORMAL in WAL mode loses no committed transaction on a process crash (the WAL is
 * in the OS page cache) and may lose the last transactions on power loss, never corrupting the file.
 */
export function openDatabase(path: string, options: OpenOptions = {}): ParleyDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path, options.onStatement ? { verbose: (s) => options.onStatement!(String(s)) } : {});
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.function('parley_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? fold(value) : value));
  const db = drizzle({ client: withStatementCache(sqlite), schema });
  return { db, sqlite, close: () => sqlite.close() };
}

/** How many distinct statements stay compiled; `IN (?, …)` lists make one per list length. */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * The connection as drizzle sees it, with compiled statements kept and reused by their SQL text.
 * Drizzle prepares every query anew, and compiling is costly here: an INSERT also compiles the
 * search-index and append-only triggers it fires. Statements are reused only by drizzle, which
 * never iterates one (a statement mid-iteration could not run again) and changes no mode but raw().
 */
function withStatementCache(sqlite: Database.Database): Database.Database {
  const compiled = new Map<string, Database.Statement>();
  const prepare = (source: string) => {
    let statement = compiled.get(source);
    if (statement) {
      compiled.delete(source);
      if (statement.reader) statement.raw(false);
    } else {
      statement = sqlite.prepare(source);
      if (compiled.size >= STATEMENT_CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
    }
    compiled.set(source, statement);
    return statement;
  };
  return Object.create(sqlite, { prepare: { value: prepare } }) as Database.Database;
}

/**
 * How text is compared in searches: lowercase, without diacritics, in every script, so that
 * "зеленський" finds "Зеленський" and "erdogan" finds "Erdoğan". SQLite's own LIKE folds ASCII only.
 */
export function fold(value: string): string {
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
