import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = BetterSQLite3Database<Schema> & { $client: Database.Database };

const require = createRequire(import.meta.url);

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface ParleyDatabase {
  db: Db;
  sqlite: Database.Database;
  /** Closes the connection; resolves once no thread of this process holds the file (the checkpointer's). */
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Called with every SQL statement run: how tests count queries. */
  onStatement?: (sql: string) => void;
  /** Copy the WAL into the database file from a worker thread instead of inside commits (the server). */
  checkpointInBackground?: boolean;
  /** A connection that only reads (query_only): it sees committed transactions only. */
  readOnly?: boolean;
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
  if (options.readOnly) sqlite.pragma('query_only = ON');
  sqlite.function('parley_fold', { deterministic: true }, (value: unknown) => (typeof value === 'string' ? fold(value) : value));
  const db = drizzle({ client: withStatementCache(sqlite), schema });
  const checkpointer = options.checkpointInBackground && path !== ':memory:' ? startCheckpointer(sqlite, path) : undefined;
  return {
    db,
    sqlite,
    close: () => {
      const stopped = checkpointer?.stop();
      sqlite.close();
      return stopped ?? Promise.resolve();
    },
  };
}

/** How often the background checkpointer copies committed pages from the WAL into the file. */
const CHECKPOINT_INTERVAL_MS = 250;

/**
 * WAL pages after which a commit checkpoints by itself. Under sustained writes the worker's copy
 * never quite catches up with the log, and only a checkpoint between two commits of the writing
 * connection lets the next commit start the WAL over; this bounds the file (16 MB) while leaving
 * the copying to the worker.
 */
const WAL_PAGES_BEFORE_INLINE_CHECKPOINT = 4_000;

/**
 * SQLite checkpoints the WAL inside whichever commit crosses 1,000 pages: that commit then copies
 * the pages and waits for fsync, stalling the event loop (a third of a write's time on average).
 * Here a worker thread with its own connection runs a PASSIVE checkpoint on a timer, which never
 * blocks writers or readers, so the commits that still checkpoint have little left to copy and do
 * so four times less often. Durability is unchanged: a commit is in the WAL either way, and a
 * checkpoint syncs as SQLite's own would. The worker is plain CommonJS given as a string, so it
 * runs the same from src/ under tsx and from the bundle.
 */
function startCheckpointer(sqlite: Database.Database, path: string): { stop(): Promise<void> } {
  sqlite.pragma(`wal_autocheckpoint = ${WAL_PAGES_BEFORE_INLINE_CHECKPOINT}`);
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.driver);
     const db = new Database(workerData.path);
     db.pragma('busy_timeout = 5000');
     db.pragma('synchronous = NORMAL');
     // A checkpoint that cannot finish (busy, or an I/O error) leaves the rest to the next one.
     const timer = setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, workerData.intervalMs);
     parentPort.once('message', () => { clearInterval(timer); db.close(); parentPort.close(); });`,
    { eval: true, workerData: { driver: require.resolve('better-sqlite3'), path, intervalMs: CHECKPOINT_INTERVAL_MS } },
  );
  worker.unref();
  // Without its worker the connection checkpoints for itself again, so the WAL cannot grow unbounded.
  worker.once('error', (error) => {
    process.emitWarning(`The WAL checkpointer stopped (${error.message}); commits checkpoint by themselves again.`);
    if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    // Whichever connection closes last checkpoints what is left and removes the WAL: until the
    // worker has exited, the file and its WAL may still change.
    stop: () => {
      // Unreferenced, the worker would not keep the process alive until it has let go.
      worker.ref();
      worker.postMessage('stop');
      return exited;
    },
  };
}

/** How many distinct statements stay compiled; `IN (?, …)` lists make one per list length. */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * The connection as drizzle sees it, with compiled statements kept and reused by their SQL text.
 * Drizzle prepares every query anew, and compiling is costly here: an INSERT also compiles the
 * search-index and append-only triggers it fires. Statements are reused only by drizzle, which
 * never iterates one (a statement mid-iteration could not run again) and changes no mode but raw().
 */
export function withStatementCache(sqlite: Database.Database): Database.Database {
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

/**
 * Settings for a connection that writes in bulk (an import, a restore, the generator): temporary
 * storage in memory, since each row's savepoint copies every page it touches into a statement
 * journal that would otherwise spill to a temporary file; and a page cache of `cacheMiB` that
 * holds the indexes' inner pages as the tables grow. The cache is what such a process's memory
 * grows to, whatever the file's size.
 */
export function tuneForBulkWrites(sqlite: Database.Database, cacheMiB = 32): void {
  sqlite.pragma(`cache_size = -${cacheMiB * 1024}`);
  sqlite.pragma('temp_store = MEMORY');
}

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
