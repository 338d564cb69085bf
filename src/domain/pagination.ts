/**
 * Keyset (cursor) pagination. A cursor is the sort key and the id of a row, so that rows sharing
 * a sort key are neither skipped nor repeated; it is opaque to clients (base64url of JSON).
 */
import { and, asc, desc, getTableColumns, sql, type Column, type Query, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { fold, type Db } from '../db/client.js';
import { fromDriver, runQuery, runQueryRaw, type ColumnIndex } from '../db/prepared.js';
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

/**
 * One page of a list, built (its arguments checked) but not yet run, so that the pages of many
 * parents (a talk's incidents under each talk of a list) run as the branches of one statement.
 * Its statements are compiled already: drizzle compiles SQL by walking it anew each time, which
 * cost more than running a page, so a page is compiled once and its branches joined as text.
 */
export interface PageQuery<T> {
  /** What the rows come from (a table, the timeline): pages of one source run together. */
  source: object;
  /** The page: a SELECT with its own WHERE, ORDER BY and LIMIT, so each branch seeks its own index range. */
  rows: Query;
  /** The size of the whole list: a SELECT of one row whose column `n` is the count. */
  count: Query;
  /** A row from its values, as read, and where each column is among them. */
  decode: (values: readonly unknown[], at: ColumnIndex) => T;
  // A method, so that a query of incidents is also a query of rows of any type (loaders hold both).
  cursorOf(row: T): string;
}

const dialect = new SQLiteSyncDialect();

export const compile = (query: SQL): Query => dialect.sqlToQuery(query);

/** `head WHERE (a) AND (b) tail`, from parts compiled on their own. */
function statement(head: string, conditions: readonly (Query | undefined)[], tail?: Query): Query {
  const present = conditions.filter((c) => c !== undefined);
  const where = present.length ? ` WHERE ${present.length === 1 ? present[0]!.sql : present.map((c) => `(${c.sql})`).join(' AND ')}` : '';
  return {
    sql: `${head}${where}${tail ? ` ${tail.sql}` : ''}`,
    params: [...present.flatMap((c) => c.params), ...(tail?.params ?? [])],
  };
}

/**
 * A page's LIMIT, written into the statement rather than bound: with a bound LIMIT, SQLite (its
 * planner uses sqlite_stat4) compiles the statement again at every run, which cost more than
 * running it. A request's page sizes are few (1 to 102), so the statement cache holds them all.
 */
export function limit(page: PageRequest): SQL {
  if (!Number.isSafeInteger(page.limit) || page.limit < 0) throw new Error(`A page limit is a count of rows, not ${page.limit}.`);
  return sql.raw(`LIMIT ${page.limit}`);
}

interface TableReading {
  from: string;
  /** Every column: its key on a row, its name in SQL, and its value from the driver's. */
  columns: { key: string; name: string; decode: (value: unknown) => unknown }[];
}

const readings = new WeakMap<SQLiteTable, TableReading>();

function readingOf(table: SQLiteTable): TableReading {
  let reading = readings.get(table);
  if (!reading) {
    const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({
      key,
      name: column.name,
      decode: fromDriver(column),
    }));
    readings.set(table, (reading = { from: compile(sql`FROM ${table}`).sql, columns }));
  }
  return reading;
}

/** The query for one keyset page of a table under a filter. */
export function pageQuery<T extends SQLiteTable>(
  table: T,
  filter: SQL | undefined,
  sort: KeysetSort<T['$inferSelect']>,
  page: PageRequest,
): PageQuery<T['$inferSelect']> {
  const bounds = keyset(sort as KeysetSort<never>, page);
  const { from, columns } = readingOf(table);
  // The filter, compiled once for both statements.
  const filtered = filter && compile(filter);
  return {
    source: table,
    rows: statement(
      `SELECT * ${from}`,
      [filtered, bounds.where && compile(bounds.where)],
      compile(sql`ORDER BY ${sql.join(bounds.orderBy, sql`, `)} ${limit(page)}`),
    ),
    count: statement(`SELECT count(*) AS n ${from}`, [filtered]),
    // What drizzle does to the rows of its own selects: each column's driver value, mapped back.
    decode: (values, at) => {
      const row: Record<string, unknown> = {};
      for (const { key, name, decode } of columns) row[key] = decode(values[at.get(name)!]);
      return row as T['$inferSelect'];
    },
    cursorOf: (row) => encodeCursor(sort.cursorOf(row)),
  };
}

/** Fetches one keyset page of a table under a filter, at once. */
export function paginate<T extends SQLiteTable>(
  db: Db,
  table: T,
  filter: SQL | undefined,
  sort: KeysetSort<T['$inferSelect']>,
  page: PageRequest,
): Page<T['$inferSelect']> {
  return fetchPages(db, [pageQuery(table, filter, sort, page)])[0]!;
}

// SQLite's compiled-in defaults, which better-sqlite3 keeps: host parameters per statement, terms
// per compound SELECT (a term's own subqueries are compounds of their own).
const MAX_PARAMETERS = 32_766;
const MAX_TERMS = 500;
const BRANCH = 'parley_branch';

/**
 * Splits queries into runs whose parameters fit in one statement: one statement per run, so the
 * number of statements depends on the number of pages only past some thousands of them.
 */
function* runs<Q>(queries: readonly Q[], queryOf: (query: Q) => Query): Generator<{ offset: number; run: readonly Q[] }> {
  let offset = 0;
  let parameters = 0;
  for (const [i, query] of queries.entries()) {
    const n = queryOf(query).params.length;
    if (i > offset && parameters + n > MAX_PARAMETERS) {
      yield { offset, run: queries.slice(offset, i) };
      offset = i;
      parameters = 0;
    }
    parameters += n;
  }
  if (queries.length > offset) yield { offset, run: queries.slice(offset) };
}

/**
 * UNION ALL of any number of terms: past MAX_TERMS, groups of terms nest as subqueries. SQLite
 * prepares and runs such a statement in more than linear time (measured on the million-row
 * database: 1,000 branches cost about what 2 statements of 500 do, 3,000 about twice 6 of 500),
 * a price paid only by requests that ask for more than 500 pages of one table at one level.
 */
function unionAll(terms: Query[]): Query {
  if (terms.length > MAX_TERMS) {
    const groups: Query[] = [];
    for (let i = 0; i < terms.length; i += MAX_TERMS) {
      const group = unionAll(terms.slice(i, i + MAX_TERMS));
      groups.push({ sql: `SELECT * FROM (${group.sql})`, params: group.params });
    }
    return unionAll(groups);
  }
  return { sql: terms.map((t) => t.sql).join(' UNION ALL '), params: terms.flatMap((t) => t.params) };
}

/** Each query as a branch tagged with its position among all the queries. */
const branches = (run: readonly Query[], offset: number, columns: string): Query[] =>
  run.map((q, i) => ({ sql: `SELECT ${offset + i} AS "${BRANCH}", ${columns} FROM (${q.sql})`, params: q.params }));

/**
 * Runs pages of one source as one statement: a UNION ALL of one branch per page, each branch
 * tagged with its page's position. Each branch keeps its ORDER BY and LIMIT inside its subquery,
 * so it reads its page from its index and stops, however many rows its list holds, and its rows
 * come out in that order (a UNION ALL of subqueries yields each branch's rows in turn).
 */
export function fetchPages<T>(db: Db, queries: readonly PageQuery<T>[]): Page<T>[] {
  const rows = queries.map((): T[] => []);
  for (const { offset, run } of runs(queries, (q) => q.rows)) {
    const union = unionAll(
      branches(
        run.map((q) => q.rows),
        offset,
        '*',
      ),
    );
    // As arrays: an object per row with a property per column cost more than the page's reading.
    const { at, rows: read } = runQueryRaw(db, union);
    const tag = at.get(BRANCH)!;
    for (const values of read) {
      const branch = values[tag] as number;
      rows[branch]!.push(queries[branch]!.decode(values, at));
    }
  }
  return queries.map((q, i) => ({ rows: rows[i]!, cursorOf: q.cursorOf, totalCount: () => countPages(db, [q])[0]! }));
}

/** The sizes of the lists of several pages of one source, in one statement. */
export function countPages(db: Db, queries: readonly PageQuery<unknown>[]): number[] {
  const counts = queries.map(() => 0);
  for (const { offset, run } of runs(queries, (q) => q.count)) {
    const union = unionAll(
      branches(
        run.map((q) => q.count),
        offset,
        'n',
      ),
    );
    for (const row of runQuery<Record<string, number>>(db, union)) counts[row[BRANCH]!] = row.n!;
  }
  return counts;
}

/** "Contains", ignoring case and diacritics in any script, with the user's % and _ taken literally. */
export function containsText(column: Column | SQL, needle: string): SQL {
  // SQLite's LIKE reads its pattern up to the first NUL: '%\0…%' would be '%', matching every row.
  if (needle.includes('\u0000')) throw new DomainError('BAD_USER_INPUT', 'A text filter must not contain NUL characters.');
  const escaped = fold(needle).replace(/[\\%_]/g, (c) => `\\${c}`);
  return sql`parley_fold(${column}) LIKE ${`%${escaped}%`} ESCAPE '\\'`;
}
