/**
 * Compiled drizzle queries for the statements every request runs (a row by id, a token, an
 * inserted row). Drizzle rebuilds a query's SQL from its builder on every call, which costs more
 * than running it; a query prepared once with placeholders skips that. Prepared queries belong to
 * a connection, so they are kept per drizzle session, which a transaction shares with its database.
 */
import { Column, eq, getTableName, Param, Placeholder, sql, type Query } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Statement } from 'better-sqlite3';
import type { DbOrTx } from './client.js';

interface Prepared<T> {
  get(values: Record<string, unknown>): T | undefined;
  all(values: Record<string, unknown>): T[];
}

/** What drizzle's prepared query for better-sqlite3 holds (its class keeps these public but untyped here). */
interface DrizzlePrepared extends Prepared<unknown> {
  stmt: Statement<unknown[], unknown[]>;
  query: { params: unknown[] };
  fields?: { path: string[]; field: unknown }[];
  customResultMapper?: unknown;
  /** Per joined table, whether its columns are never all null (inner joins). */
  joinsNotNullableMap?: Record<string, boolean>;
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
  if (!query) queries.set(key, (query = direct(build().prepare() as DrizzlePrepared)));
  return query as Prepared<T>;
}

/**
 * A row's value from its driver value: as is, unless the column maps it (timestamps, booleans,
 * JSON), which is what drizzle's generic mapper works out again for every column of every row.
 */
export function fromDriver(column: Column): (value: unknown) => unknown {
  return column.mapFromDriverValue === Column.prototype.mapFromDriverValue
    ? (value) => value
    : (value) => (value === null ? null : column.mapFromDriverValue(value));
}

/**
 * The same query run without drizzle's per-call work: drizzle maps each row through a generic
 * mapper that tests every column's class (`is`) on every row, and fills placeholders testing
 * every parameter's class; here both are worked out once, and only the columns whose driver value
 * differs from the JS value (timestamps, booleans, JSON) are converted. Columns of inner-joined
 * tables nest one level, as drizzle nests them; anything else (an outer join, whose missing row
 * drizzle turns into null, or selected SQL expressions) keeps drizzle's own mapping.
 */
function direct(query: DrizzlePrepared): Prepared<unknown> {
  const { stmt, fields } = query;
  if (!fields || query.customResultMapper) return query;
  if (!fields.every((f) => f.path.length <= 2 && f.field instanceof Column)) return query;
  if (fields.some((f) => f.path.length === 2) && !Object.values(query.joinsNotNullableMap ?? {}).every(Boolean)) return query;
  const outer = fields.map((f) => f.path[0]!);
  const inner = fields.map((f) => f.path[1]);
  const columns = fields.map((f) => f.field as Column);
  const convert = columns.map(fromDriver);
  const params = query.query.params;
  // What drizzle's fillPlaceholders does: a placeholder as is, or through its column's encoder.
  const placeholders = params.flatMap((p, i) => {
    if (p instanceof Placeholder) return [{ i, name: p.name, encode: (value: unknown) => value }];
    if (p instanceof Param && p.value instanceof Placeholder) {
      const { encoder } = p;
      return [{ i, name: p.value.name, encode: (value: unknown) => encoder.mapToDriverValue(value) }];
    }
    return [];
  });
  const bind = (values: Record<string, unknown>): unknown[] => {
    if (!placeholders.length) return params;
    const bound = params.slice();
    for (const { i, name, encode } of placeholders) {
      if (!(name in values)) throw new Error(`No value for placeholder "${name}" was provided`);
      bound[i] = encode(values[name]);
    }
    return bound;
  };
  const decode = (raw: unknown[]) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) {
      const value = convert[i]!(raw[i]);
      const key = inner[i];
      if (key === undefined) row[outer[i]!] = value;
      else ((row[outer[i]!] ??= {}) as Record<string, unknown>)[key] = value;
    }
    return row;
  };
  // Methods, not arrows, so that a CPU profile names them. The statement may be shared with the
  // connection's statement cache, which resets its mode.
  return {
    get(values) {
      const raw = stmt.raw(true).get(...bind(values));
      return raw === undefined ? undefined : decode(raw);
    },
    all(values) {
      return stmt.raw(true).all(...bind(values)).map(decode);
    },
  };
}

/**
 * Runs a query compiled elsewhere (a union of pages) through drizzle's session, as `db.all` would
 * run it once compiled: through the connection's statement cache, and seen by drizzle's logger.
 */
export function runQuery<T>(db: DbOrTx, query: Query): T[] {
  const session = sessionOf(db) as { prepareOneTimeQuery(query: Query, fields: undefined, method: 'all'): { all(): unknown } };
  return session.prepareOneTimeQuery(query, undefined, 'all').all() as T[];
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
