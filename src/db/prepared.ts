/**
 * Compiled drizzle queries for the statements every request runs (a row by id, a token, an
 * inserted row). Drizzle rebuilds a query's SQL from its builder on every call, which costs more
 * than running it; a query prepared once with placeholders skips that. Prepared queries belong to
 * a connection: they are kept per drizzle database object, which every command of the Writer
 * shares (src/domain/events.ts), as do the requests reading through the reader's.
 */
import { Column, eq, getTableName, sql, type Query } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './client.js';

interface Prepared<T> {
  get(values: Record<string, unknown>): T | undefined;
  all(values: Record<string, unknown>): T[];
}

const byConnection = new WeakMap<Db, Map<string, Prepared<unknown>>>();

/** The query `build` makes, prepared once per connection under `key`. */
export function prepared<T>(db: Db, key: string, build: () => { prepare(): unknown }): Prepared<T> {
  let queries = byConnection.get(db);
  if (!queries) byConnection.set(db, (queries = new Map()));
  let query = queries.get(key);
  if (!query) queries.set(key, (query = build().prepare() as Prepared<unknown>));
  return query as Prepared<T>;
}

/**
 * A row's value from its driver value: as is, unless the column maps it (timestamps, booleans,
 * JSON), for rows read with SQL written by hand.
 */
export function fromDriver(column: Column): (value: unknown) => unknown {
  return mapsFromDriver(column) ? (value) => (value === null ? null : column.mapFromDriverValue(value)) : (value) => value;
}

/** Whether the column maps what SQLite stores (a timestamp, a boolean, JSON) to another value. */
export function mapsFromDriver(column: Column): boolean {
  return column.mapFromDriverValue !== Column.prototype.mapFromDriverValue;
}

/**
 * Runs a query compiled elsewhere (a union of pages) on the connection, through its statement
 * cache (src/db/client.ts), as rows keyed by column name.
 */
export function runQuery<T>(db: Db, query: Query): T[] {
  return db.$client.prepare(query.sql).all(...query.params) as T[];
}

/** Where each column of a result is among a row's values, by name. */
export type ColumnIndex = ReadonlyMap<string, number>;

/** The column index of each compiled statement, worked out once. */
const indexes = new WeakMap<Database.Statement, ColumnIndex>();

/** `runQuery`, with each row as the array of its values. */
export function runQueryRaw(db: Db, query: Query): { at: ColumnIndex; rows: unknown[][] } {
  const statement = db.$client.prepare(query.sql).raw(true);
  let at = indexes.get(statement);
  if (!at) indexes.set(statement, (at = new Map(statement.columns().map((column, i) => [column.name, i]))));
  return { at, rows: statement.all(...query.params) as unknown[][] };
}

type TableWithId = SQLiteTable & { id: SQLiteColumn };

/** The row of `table` with this id. */
export function rowById<T extends TableWithId>(db: Db, table: T, id: number): T['$inferSelect'] | undefined {
  return prepared<T['$inferSelect']>(db, `rowById:${getTableName(table)}`, () =>
    db
      .select()
      .from(table as TableWithId)
      .where(eq(table.id, sql.placeholder('id'))),
  ).get({ id });
}
