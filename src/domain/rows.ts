/**
 * Rows as the commands and loaders read and write them, each statement prepared once: a row
 * inserted, rows by id, and rows grouped under a foreign key. A batch's keys
 * are bound as one JSON array (`IN (SELECT value FROM json_each(?))`), so each lookup is one
 * statement compiled once, whatever the batch's size; SQLite still seeks the index per key.
 */
import { asc, getTableName, type Placeholder, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import { prepared } from '../db/prepared.js';

type TableWithId = SQLiteTable & { id: SQLiteColumn };

/** `column` is one of the values of the JSON array bound as `keys`. */
export const inKeys = (column: SQLiteColumn | SQL): SQL => sql`${column} IN (SELECT value FROM json_each(${sql.placeholder('keys')}))`;

export function rowsByIds<T extends TableWithId>(db: Db, table: T, ids: readonly number[]): T['$inferSelect'][] {
  return prepared<T['$inferSelect']>(db, `rowsByIds:${getTableName(table)}`, () =>
    db
      .select()
      .from(table as TableWithId)
      .where(inKeys(table.id)),
  ).all({ keys: JSON.stringify(ids) });
}

/** Rows whose `column` is one of `keys`, in id order (the order they were recorded). */
export function rowsByKey<T extends TableWithId>(db: Db, table: T, column: SQLiteColumn, keys: readonly number[]): T['$inferSelect'][] {
  return prepared<T['$inferSelect']>(db, `rowsByKey:${getTableName(table)}.${column.name}`, () =>
    db
      .select()
      .from(table as TableWithId)
      .where(inKeys(column))
      .orderBy(asc(table.id)),
  ).all({ keys: JSON.stringify(keys) });
}

/**
 * Inserts one row and returns it as stored. The statement is compiled per table and set of columns
 * given, so a column left out still takes its SQL default.
 */
export function insertRow<T extends SQLiteTable>(db: Db, table: T, values: T['$inferInsert']): T['$inferSelect'] {
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
