/**
 * Keyset (cursor) pagination. A cursor is the sort key and the id of a row, so that rows sharing
 * a sort key are neither skipped nor repeated; it is opaque to clients (base64url of JSON).
 */
import { and, asc, count, desc, sql, type SQL, type Column } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { fold, type Db } from '../db/client.js';
import { DomainError } from './errors.js';

export type SortValue = string | number | null;
export type Cursor = readonly [SortValue, number];

/** What a page request carries once the GraphQL layer has read first/last/after/before. */
export interface PageRequest {
  after?: string;
  before?: string;
  /** How many rows to fetch (page size plus one probe row). */
  limit: number;
  /** True when paging backwards from the end (`last`): rows are fetched in reverse order. */
  inverted: boolean;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(value: string): Cursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      (parsed[0] === null || typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      Number.isSafeInteger(parsed[1])
    ) {
      return [parsed[0], parsed[1]] as const;
    }
  } catch {
    // falls through to the error below
  }
  throw new DomainError('INVALID_CURSOR', `"${value.slice(0, 64)}" is not a cursor this list issued.`);
}

/** A column to sort on, its tie-breaker (the row id), and how to read both off a row. */
export interface KeysetSort<T> {
  key: Column | SQL;
  id: Column | SQL;
  direction: 'asc' | 'desc';
  cursorOf: (row: T) => Cursor;
}

/**
 * Rows beyond a cursor, as a row-value comparison: SQLite seeks an index on (key, id) straight
 * to the cursor with it, where the equivalent `key > v OR (key = v AND id > i)` would make it
 * read every row before the cursor again.
 */
function beyond(sort: KeysetSort<never>, cursor: Cursor, forward: boolean): SQL {
  const [value, id] = cursor;
  const ascending = (sort.direction === 'asc') === forward;
  return sql`(${sort.key}, ${sort.id}) ${sql.raw(ascending ? '>' : '<')} (${value}, ${id})`;
}

/** The WHERE clause and ORDER BY that fetch one page in the direction the request asks. */
export function keyset(sort: KeysetSort<never>, page: PageRequest): { where: SQL | undefined; orderBy: SQL[] } {
  const conditions: SQL[] = [];
  if (page.after) conditions.push(beyond(sort, decodeCursor(page.after), true));
  if (page.before) conditions.push(beyond(sort, decodeCursor(page.before), false));
  const ascending = (sort.direction === 'asc') !== page.inverted;
  const order = ascending ? asc : desc;
  return { where: conditions.length ? and(...conditions) : undefined, orderBy: [order(sort.key), order(sort.id)] };
}

/** One page of rows, how to make each row's cursor, and a total that is counted only when asked for. */
export interface Page<T> {
  rows: T[];
  cursorOf: (row: T) => string;
  totalCount: () => number;
}

/** Fetches one keyset page of a table under a filter. */
export function paginate<T extends SQLiteTable>(
  db: Db,
  table: T,
  filter: SQL | undefined,
  sort: KeysetSort<T['$inferSelect']>,
  page: PageRequest,
): Page<T['$inferSelect']> {
  const { where, orderBy } = keyset(sort as KeysetSort<never>, page);
  const rows = db
    .select()
    .from(table as SQLiteTable)
    .where(and(filter, where))
    .orderBy(...orderBy)
    .limit(page.limit)
    .all() as T['$inferSelect'][];
  return {
    rows,
    cursorOf: (row) => encodeCursor(sort.cursorOf(row)),
    totalCount: () =>
      db
        .select({ n: count() })
        .from(table as SQLiteTable)
        .where(filter)
        .get()!.n,
  };
}

/** "Contains", ignoring case and diacritics in any script, with the user's % and _ taken literally. */
export function containsText(column: Column | SQL, needle: string): SQL {
  // SQLite's LIKE reads its pattern up to the first NUL: '%\0…%' would be '%', matching every row.
  if (needle.includes('\u0000')) throw new DomainError('BAD_USER_INPUT', 'A text filter must not contain NUL characters.');
  const escaped = fold(needle).replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`parley_fold(${column}) LIKE ${`%${escaped}%`} ESCAPE '\\'`;
}
