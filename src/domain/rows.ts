/**
 * Batch lookups the loaders use: rows by id, and rows grouped under a foreign key. A batch's keys
 * are bound as one JSON array (`IN (SELECT value FROM json_each(?))`), so each lookup is one
 * statement compiled once, whatever the batch's size; SQLite still seeks the index per key.
 */
import { asc, getTableName, sql, type SQL } from 'drizzle-orm';
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
