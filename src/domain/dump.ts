/**
 * The knowledge base as whole tables, for `db:dump` and `db:restore` (the file format is
 * src/ingest/dump.ts, docs/dump-format.md): which tables are knowledge and in which order a loader
 * inserts them, every row of them as of one commit, and the same rows written back into an empty
 * database with their ids.
 *
 * The tables and their columns are read from the drizzle schema, so a table or a column added there
 * is dumped and restored with no change here.
 */
import { rebuildVersions } from '../db/versions.js';
import { getTableName, is, sql } from 'drizzle-orm';
import { getTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type Database from 'better-sqlite3';
import type { Db } from '../db/client.js';
import * as schema from '../db/schema.js';
import { DomainError } from './errors.js';
import { deferIndexing, indexDeferred } from './search.js';

/** How a column's values are written in a dump, whatever the storage engine. */
export type ColumnKind = 'integer' | 'real' | 'text' | 'boolean' | 'instant' | 'json';

export interface DumpColumn {
  /** The SQL name. */
  name: string;
  kind: ColumnKind;
}

export interface DumpTable {
  /** The SQL name. */
  name: string;
  columns: readonly DumpColumn[];
}

/**
 * Not knowledge: write tokens are credentials (a restored database must not let in whoever could
 * write to the old one), and idempotency keys are a client's retry state under such a token.
 */
const LEFT_OUT: ReadonlySet<SQLiteTable> = new Set([schema.tokens, schema.idempotencyKeys]);

function kindOf(table: string, column: SQLiteColumn): ColumnKind {
  switch (column.columnType) {
    case 'SQLiteInteger':
      return 'integer';
    case 'SQLiteReal':
      return 'real';
    case 'SQLiteText':
      return 'text';
    case 'SQLiteBoolean':
      return 'boolean';
    case 'SQLiteTextJson':
      return 'json';
    case 'SQLiteTimestamp':
      if ((column as SQLiteColumn & { mode?: string }).mode === 'timestamp_ms') return 'instant';
  }
  // A kind of column the format has no engine-neutral form for yet: better no dump than a lossy one.
  throw new Error(`${table}.${column.name} is a ${column.columnType} column, which docs/dump-format.md has no form for.`);
}

/**
 * Parents before children (foreign keys), otherwise by name, so the order does not hang on how the
 * schema module is laid out. A table's references to itself do not order it: `restore` checks
 * foreign keys at commit.
 */
function inForeignKeyOrder(tables: readonly SQLiteTable[]): SQLiteTable[] {
  const parents = new Map(
    tables.map((table) => [table, new Set(getTableConfig(table).foreignKeys.map((fk) => fk.reference().foreignTable))]),
  );
  const ordered: SQLiteTable[] = [];
  while (ordered.length < tables.length) {
    const next = tables.find(
      (table) => !ordered.includes(table) && [...parents.get(table)!].every((p) => p === table || ordered.includes(p) || !parents.has(p)),
    );
    if (!next) throw new Error("The schema's foreign keys go round in a cycle: no table can be inserted first.");
    ordered.push(next);
  }
  return ordered;
}

/** The tables a dump holds, in the order they are written and inserted. */
export const DUMP_TABLES: readonly DumpTable[] = inForeignKeyOrder(
  (Object.values(schema) as unknown[])
    .filter((value): value is SQLiteTable => is(value, SQLiteTable) && !LEFT_OUT.has(value))
    .sort((a, b) => (getTableName(a) < getTableName(b) ? -1 : 1)),
).map((table) => {
  const { name, columns } = getTableConfig(table);
  return { name, columns: columns.map((column) => ({ name: column.name, kind: kindOf(name, column) })) };
});

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Every dumped table's rows as of one commit, read in id order. */
export interface Snapshot {
  /** The newest event's id (0 for an empty log). */
  lastEventId: number;
  /** A table's rows, each its values in `table.columns` order as the driver gives them. */
  rows(table: DumpTable): IterableIterator<unknown[]>;
  /** Ends the read transaction. */
  close(): void;
}

/**
 * Opens a read transaction on `sqlite`, the connection itself rather than drizzle's: its rows are
 * iterated, and drizzle's statement cache (src/db/client.ts) must never hold a statement mid-way.
 * In WAL mode writers go on meanwhile, unseen, but the WAL cannot be checkpointed past the snapshot
 * until it is closed.
 */
export function openSnapshot(sqlite: Database.Database): Snapshot {
  sqlite.prepare('BEGIN').run();
  try {
    // The first read fixes the snapshot every later read sees.
    const { last } = sqlite.prepare('SELECT coalesce(max(id), 0) AS last FROM events').get() as { last: number };
    return {
      lastEventId: last,
      rows: (table) =>
        sqlite
          .prepare(`SELECT ${table.columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(table.name)} ORDER BY id`)
          .raw(true)
          .iterate() as IterableIterator<unknown[]>,
      close: () => {
        if (sqlite.inTransaction) sqlite.prepare('COMMIT').run();
      },
    };
  } catch (error) {
    sqlite.prepare('ROLLBACK').run();
    throw error;
  }
}

/** A row to restore: its values as the driver takes them, by column name, and where it came from. */
export interface RestoreRow {
  /** The line of the file it was read from, for messages. */
  line: number;
  table: DumpTable;
  values: Readonly<Record<string, unknown>>;
}

/**
 * Inserts every row of `batches` into `db`, which must hold no knowledge yet (it may hold tokens),
 * in one transaction: all of it or, if a row is refused or `batches` throws, nothing. Ids are
 * inserted as given, so every table's next id follows the largest restored one (the event log goes
 * on from its last event). Foreign keys are checked at commit, since an amended fact may refer to
 * one recorded after it (an incident amended to respond to a later one). New incidents and
 * statements are indexed for search once, before the commit, as the Writer does it.
 *
 * Throws a DomainError, CONFLICT when the database is not empty, BAD_USER_INPUT for a row refused.
 * Resolves with the number of rows restored.
 */
export async function restore(db: Db, batches: AsyncIterable<readonly RestoreRow[]>): Promise<number> {
  const sqlite = db.$client;
  db.run(sql`BEGIN IMMEDIATE`);
  try {
    const occupied = DUMP_TABLES.find((table) => sqlite.prepare(`SELECT 1 FROM ${quote(table.name)} LIMIT 1`).get() !== undefined);
    if (occupied) {
      throw new DomainError('CONFLICT', `the database already holds ${occupied.name} rows; restore only into a new or empty database.`);
    }
    // Reset by SQLite when the transaction ends.
    sqlite.pragma('defer_foreign_keys = ON');
    deferIndexing(db);
    let rows = 0;
    const inserts = new Map<string, Database.Statement>();
    for await (const batch of batches) {
      for (const { line, table, values } of batch) {
        const columns = Object.keys(values);
        const key = `${table.name}(${columns.join(',')})`;
        let insert = inserts.get(key);
        if (!insert) {
          insert = sqlite.prepare(
            `INSERT INTO ${quote(table.name)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
          );
          inserts.set(key, insert);
        }
        try {
          insert.run(Object.values(values));
        } catch (error) {
          throw new DomainError('BAD_USER_INPUT', `line ${line}: ${table.name} ${String(values.id)} refused: ${(error as Error).message}`);
        }
        rows++;
      }
    }
    indexDeferred(db);
    // The triggers stamped every row with the event after the log; date them as the log says.
    rebuildVersions(sqlite);
    commit(sqlite);
    return rows;
  } catch (error) {
    if (sqlite.inTransaction) sqlite.prepare('ROLLBACK').run();
    throw error;
  }
}

/** COMMIT, or why the deferred foreign keys refused it (the transaction then stays open, to be rolled back). */
function commit(sqlite: Database.Database): void {
  try {
    sqlite.prepare('COMMIT').run();
  } catch (error) {
    const [dangling] = sqlite.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
    if (!dangling) throw error;
    throw new DomainError(
      'BAD_USER_INPUT',
      `${dangling.table} ${dangling.rowid} refers to a row of ${dangling.parent} that the file does not hold.`,
    );
  }
}
