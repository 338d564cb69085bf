/**
 * The dump file (docs/dump-format.md): the knowledge base as NDJSON, a header line, one line per
 * row, a closing line. Both ways stream: the dump is written as the reader takes it, the restore
 * reads a line at a time, so memory stays flat however large the database.
 */
import { createInterface } from 'node:readline';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type Database from 'better-sqlite3';
import type { Db } from '../db/client.js';
import { DUMP_TABLES, openSnapshot, restore, type ColumnKind, type RestoreRow, type Snapshot } from '../domain/dump.js';
import { DomainError } from '../domain/errors.js';

export const DUMP_FORMAT = 'parley-dump';
export const DUMP_VERSION = 1;

export interface DumpHeader {
  format: typeof DUMP_FORMAT;
  version: typeof DUMP_VERSION;
  createdAt: string;
  lastEventId: number;
  tables: string[];
}

export interface DumpTrailer {
  end: true;
  rows: number;
}

export interface DumpSummary {
  lastEventId: number;
  rows: number;
}

/** Lines are written in chunks of about this many characters: a write per row would cost more than the row. */
const CHUNK_CHARS = 64 * 1024;
/** Rows handed to the database at a time. */
const BATCH_ROWS = 1_000;

/** A driver value as the file writes it: engine-neutral JSON. */
function toJson(kind: ColumnKind, value: unknown): unknown {
  if (value === null) return null;
  if (kind === 'boolean') return value !== 0;
  if (kind === 'json') return JSON.parse(value as string);
  return value;
}

function* dumpText(snapshot: Snapshot, now: Date, summary: DumpSummary): Generator<string> {
  try {
    const header: DumpHeader = {
      format: DUMP_FORMAT,
      version: DUMP_VERSION,
      createdAt: now.toISOString(),
      lastEventId: snapshot.lastEventId,
      tables: DUMP_TABLES.map((t) => t.name),
    };
    let chunk = `${JSON.stringify(header)}\n`;
    for (const table of DUMP_TABLES) {
      const { columns } = table;
      for (const values of snapshot.rows(table)) {
        const row: Record<string, unknown> = {};
        for (const [i, column] of columns.entries()) row[column.name] = toJson(column.kind, values[i]);
        chunk += `${JSON.stringify({ table: table.name, row })}\n`;
        summary.rows++;
        if (chunk.length >= CHUNK_CHARS) {
          yield chunk;
          chunk = '';
        }
      }
    }
    const trailer: DumpTrailer = { end: true, rows: summary.rows };
    yield `${chunk}${JSON.stringify(trailer)}\n`;
  } finally {
    snapshot.close();
  }
}

/**
 * Writes the whole knowledge base to `out` as of one commit (a server may be writing meanwhile),
 * at the pace `out` takes it. `sqlite` is the connection itself (openDatabase's `sqlite`).
 */
export async function writeDump(sqlite: Database.Database, out: Writable, now = new Date()): Promise<DumpSummary> {
  const snapshot = openSnapshot(sqlite);
  const summary: DumpSummary = { lastEventId: snapshot.lastEventId, rows: 0 };
  await pipeline(Readable.from(dumpText(snapshot, now, summary)), out);
  return summary;
}

const refuse = (line: number, message: string) => new DomainError('BAD_USER_INPUT', `line ${line}: ${message}`);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function parseLine(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw refuse(line, `not JSON: ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`);
  }
}

const TABLES_BY_NAME = new Map(DUMP_TABLES.map((table) => [table.name, table]));
const COLUMNS_BY_TABLE = new Map(DUMP_TABLES.map((table) => [table.name, new Map(table.columns.map((column) => [column.name, column]))]));

function parseHeader(text: string | undefined): DumpHeader {
  if (text === undefined) throw refuse(1, `the file is empty, not a ${DUMP_FORMAT} file.`);
  const header = parseLine(text, 1);
  if (!isObject(header) || header.format !== DUMP_FORMAT) throw refuse(1, `not a ${DUMP_FORMAT} header.`);
  if (header.version !== DUMP_VERSION) {
    throw refuse(1, `${DUMP_FORMAT} version ${JSON.stringify(header.version)}; this Parley reads version ${DUMP_VERSION}.`);
  }
  const { lastEventId, tables } = header;
  if (!Number.isSafeInteger(lastEventId) || (lastEventId as number) < 0) throw refuse(1, 'lastEventId is not an event id.');
  if (!Array.isArray(tables) || !tables.every((t) => typeof t === 'string')) throw refuse(1, 'tables is not a list of table names.');
  const unknown = tables.filter((name) => !TABLES_BY_NAME.has(name));
  if (unknown.length) throw refuse(1, `tables this Parley does not have: ${unknown.join(', ')} (a dump from a newer version?).`);
  return header as unknown as DumpHeader;
}

const ACCEPTS: Record<ColumnKind, (value: unknown) => boolean> = {
  integer: Number.isSafeInteger,
  instant: Number.isSafeInteger,
  real: Number.isFinite,
  text: (value) => typeof value === 'string',
  boolean: (value) => typeof value === 'boolean',
  json: () => true,
};

const EXPECTED: Record<ColumnKind, string> = {
  integer: 'an integer',
  instant: 'an integer of epoch milliseconds',
  real: 'a number',
  text: 'a string',
  boolean: 'true or false',
  json: 'JSON',
};

/** A JSON value as the driver takes it. */
function toDriver(kind: ColumnKind, value: unknown): unknown {
  if (value === null) return null;
  if (kind === 'boolean') return value ? 1 : 0;
  if (kind === 'json') return JSON.stringify(value);
  return value;
}

function parseRow(value: Record<string, unknown>, line: number, tables: ReadonlySet<string>): RestoreRow {
  const { table: name, row } = value;
  if (typeof name !== 'string' || !isObject(row) || Object.keys(value).length !== 2) {
    throw refuse(line, 'not a row: {"table": NAME, "row": {…}}, nor the last line {"end": true, "rows": N}.');
  }
  const table = TABLES_BY_NAME.get(name);
  if (!table || !tables.has(name)) throw refuse(line, `table ${name} is not in the header's list.`);
  const columns = COLUMNS_BY_TABLE.get(name)!;
  const values: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(row)) {
    const spec = columns.get(column);
    if (!spec) throw refuse(line, `${name} has no column ${column}.`);
    if (cell !== null && !ACCEPTS[spec.kind](cell)) throw refuse(line, `${name}.${column} must be ${EXPECTED[spec.kind]} or null.`);
    values[column] = toDriver(spec.kind, cell);
  }
  if (!Number.isSafeInteger(values.id)) throw refuse(line, `a ${name} row without its id.`);
  return { line, table, values };
}

/** The rows of the file after its header, in batches; throws on the first bad line, or at the end if the file is not whole. */
async function* rowsOf(lines: AsyncIterator<string>, header: DumpHeader): AsyncGenerator<RestoreRow[]> {
  const tables = new Set(header.tables);
  let line = 1;
  let rows = 0;
  let lastEventId = 0;
  let trailer: DumpTrailer | undefined;
  let batch: RestoreRow[] = [];
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    line++;
    if (trailer) throw refuse(line, 'a line after the last one ({"end": true, …}).');
    const value = parseLine(next.value, line);
    if (!isObject(value)) throw refuse(line, 'not a JSON object.');
    if ('end' in value) {
      if (value.end !== true || !Number.isSafeInteger(value.rows) || Object.keys(value).length !== 2) {
        throw refuse(line, 'not the last line {"end": true, "rows": N}.');
      }
      if (value.rows !== rows) throw refuse(line, `the last line counts ${String(value.rows)} rows; the file has ${rows}.`);
      trailer = value as unknown as DumpTrailer;
      continue;
    }
    const row = parseRow(value, line, tables);
    if (row.table.name === 'events') lastEventId = Math.max(lastEventId, row.values.id as number);
    batch.push(row);
    rows++;
    if (batch.length === BATCH_ROWS) {
      yield batch;
      batch = [];
    }
  }
  if (!trailer) throw refuse(line + 1, 'the file ends without its last line {"end": true, "rows": N}: it is cut short.');
  if (lastEventId !== header.lastEventId) {
    throw refuse(1, `the header's lastEventId is ${header.lastEventId}, but the file's last event is ${lastEventId}.`);
  }
  if (batch.length) yield batch;
}

/**
 * Restores a dump read from `input` into `db`, which must be migrated and hold no knowledge: every
 * row or, if any line is refused, the database as it was (a DomainError says which line and why).
 */
export async function restoreDump(db: Db, input: Readable): Promise<DumpSummary> {
  const reader = createInterface({ input, crlfDelay: Infinity });
  try {
    const lines = reader[Symbol.asyncIterator]();
    const first = await lines.next();
    const header = parseHeader(first.done ? undefined : first.value);
    return { lastEventId: header.lastEventId, rows: await restore(db, rowsOf(lines, header)) };
  } finally {
    reader.close();
  }
}
