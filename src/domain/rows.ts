/** Batch lookups the loaders use: rows by id, and rows grouped under a foreign key. */
import { asc, inArray } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { DbOrTx } from '../db/client.js';

type TableWithId = SQLiteTable & { id: SQLiteColumn };

export function rowsByIds<T extends TableWithId>(db: DbOrTx, table: T, ids: readonly number[]): T['$inferSelect'][] {
  return db
    .select()
    .from(table as TableWithId)
    .where(inArray(table.id, [...ids]))
    .all() as T['$inferSelect'][];
}

/** Rows whose `column` is one of `keys`, in id order (the order they were recorded). */
export function rowsByKey<T extends TableWithId>(
  db: DbOrTx,
  table: T,
  column: SQLiteColumn,
  keys: readonly number[],
): T['$inferSelect'][] {
  return db
    .select()
    .from(table as TableWithId)
    .where(inArray(column, [...keys]))
    .orderBy(asc(table.id))
    .all() as T['$inferSelect'][];
}
