/**
 * Compiled drizzle queries for the statements every request runs (a row by id, a token, an
 * inserted row). Drizzle rebuilds a query's SQL from its builder on every call, which costs more
 * than running it; a query prepared once with placeholders skips that. Prepared queries belong to
 * a connection, so they are kept per drizzle session, which a transaction shares with its database.
 */
import { eq, getTableName, sql, type Placeholder } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from './client.js';

interface Prepared<T> {
  get(values: Record<string, unknown>): T | undefined;
  all(values: Record<string, unknown>): T[];
}

const bySession = new WeakMap<object, Map<string, Prepared<unknown>>>();

/** Drizzle keeps its session internal; it is the one object a database and its transactions share. */
const sessionOf = (db: DbOrTx) => (db as unknown as { session: object }).session;

/** The query `build` makes, prepared once per connection under `key`. */
export function prepared<T>(db: DbOrTx, key: string, build: () => { prepare(): unknown }): Prepared<T> {
  const session = sessionOf(db);
  let queries = bySession.get(session);
  if (!queries) bySession.set(session, (queries = new Map()));
  let query = queries.get(key);
  if (!query) queries.set(key, (query = build().prepare() as Prepared<unknown>));
  return query as Prepared<T>;
}

type TableWithId = SQLiteTable & { id: SQLiteColumn };

/** The row of `table` with this id. */
export function rowById<T extends TableWithId>(db: DbOrTx, table: T, id: number): T['$inferSelect'] | undefined {
  return prepared<T['$inferSelect']>(db, `rowById:${getTableName(table)}`, () =>
    db
      .select()
      .from(table as TableWithId)
      .where(eq(table.id, sql.placeholder('id'))),
  ).get({ id });
}

/**
 * Inserts one row and returns it as stored. The statement is compiled per table and set of columns
 * given, so a column left out still takes its SQL default.
 */
export function insertRow<T extends SQLiteTable>(db: DbOrTx, table: T, values: T['$inferInsert']): T['$inferSelect'] {
  const columns = Object.keys(values as object).filter((k) => (values as Record<string, unknown>)[k] !== undefined);
  const placeholders: Record<string, Placeholder> = {};
  for (const column of columns) placeholders[column] = sql.placeholder(column);
  return prepared<T['$inferSelect']>(db, `insertRow:${getTableName(table)}:${columns.join(',')}`, () =>
    db
      .insert(table)
      .values(placeholders as T['$inferInsert'])
      .returning(),
  ).get(values as Record<string, unknown>)!;
}
