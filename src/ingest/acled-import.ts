/**
 * ACLED files into Parley: `npm run import -- acled FILE --conflict SLUG` and
 * `npm run import -- acled-deletions FILE --conflict SLUG`.
 *
 * Every row goes through the domain commands (recordIncident, amendIncident, retractIncident,
 * recordActor, registerSource), in batches that each commit once, every row in a savepoint of its
 * own: a refused row is undone alone. Rows are matched on event_id_cnty: a row already recorded as
 * it is records nothing; a row ACLED revised becomes an amendment whose reason names the file.
 * The file is read as a stream, a batch at a time, so memory stays flat whatever its size.
 */
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { SingleBar } from 'cli-progress';
import type { Db } from '../db/client.js';
import { findActorByNameOrAlias, recordActor } from '../domain/actor.js';
import { findConflictBySlug, recordConflict } from '../domain/conflict.js';
import { DomainError } from '../domain/errors.js';
import { FATALITIES } from '../domain/figure.js';
import type { Batch, Writer, WriteScope } from '../domain/events.js';
import { amendIncident, findIncidentByExternalId, recordIncident, retractIncident, type Incident } from '../domain/incident.js';
import { findSourceByName, registerSource } from '../domain/source.js';
import {
  ACLED_COLUMNS,
  AcledRowError,
  actorKindOfType,
  fromAcled,
  parseAcledDate,
  toAcled,
  type AcledIncident,
  type AcledRecord,
  type StoredIncident,
} from './acled.js';
import { storedIncidents } from './incident-rows.js';
import type { ImportContext, Importer } from './importers.js';

/** What an import did, row by row. */
export interface ImportSummary {
  rows: number;
  inserted: number;
  amended: number;
  unchanged: number;
  retracted: number;
  refused: number;
}

/** A row the import refused, and why: where in the file, which column, what is wrong. */
export interface Refusal {
  line: number;
  column: string | null;
  reason: string;
  record: Record<string, string>;
}

/** One record of a CSV file and the line it starts on. */
export interface NumberedRecord {
  line: number;
  record: Record<string, string>;
}

export interface AcledImportOptions {
  /** The conflict the rows belong to, or how to find or record it once the first row has been read. */
  conflict: number | ((scope: WriteScope, first: Record<string, string>) => number);
  /** Named in amendment and retraction reasons: the file, or whatever the rows came from. */
  label: string;
  /** Stop at the first refused row and write nothing at all. */
  strict?: boolean;
  /** Rows per transaction. */
  batchSize?: number;
  onRefused?: (refusal: Refusal) => void;
  /** Called after each batch commits, with the rows read so far. */
  onProgress?: (rows: number) => void;
}

/** Thrown by a strict import at its first refused row, after everything was rolled back. */
export class StrictImportError extends Error {
  constructor(readonly refusal: Refusal) {
    super(`line ${refusal.line}${refusal.column ? `, column ${refusal.column}` : ''}: ${refusal.reason}`);
  }
}

const DEFAULT_BATCH = 1_000;

/**
 * Names resolved to ids during an import. A name first seen in a row is remembered only once that
 * row's savepoint has held, so a refused row leaves no id behind that its rollback undid.
 */
class Names {
  private readonly actors = new Map<string, { id: number; name: string }>();
  private readonly sources = new Map<string, { id: number; name: string }>();
  private pending: [Map<string, { id: number; name: string }>, string, { id: number; name: string }][] = [];

  constructor(private readonly label: string) {}

  actor(scope: WriteScope, name: string, actorType: string | null) {
    return this.resolve(this.actors, name, () => {
      const found = findActorByNameOrAlias(scope.tx, name);
      return (
        found ?? recordActor(scope, { name, kind: actorKindOfType(actorType), description: `First seen in ACLED data (${this.label}).` })
      );
    });
  }

  source(scope: WriteScope, name: string) {
    return this.resolve(this.sources, name, () => {
      const found = findSourceByName(scope.tx, name);
      return found ?? registerSource(scope, { name, kind: 'MEDIA', description: `Named as a source in ACLED data (${this.label}).` });
    });
  }

  private resolve(map: Map<string, { id: number; name: string }>, name: string, find: () => { id: number; name: string }) {
    const key = name.toLowerCase();
    const known = map.get(key);
    if (known) return known;
    const found = find();
    const entry = { id: found.id, name: found.name };
    this.pending.push([map, key, entry]);
    return entry;
  }

  /** The row held: remember what it resolved. */
  keep(): void {
    for (const [map, key, entry] of this.pending) map.set(key, entry);
    this.pending = [];
  }

  /** The row was undone: forget what it resolved. */
  drop(): void {
    this.pending = [];
  }
}

/** The incident a row describes, as Parley would store it, to compare with what is stored. */
function asStored(row: AcledIncident, actors: { name: string }[], sources: { name: string }[]): StoredIncident {
  return {
    id: 0,
    externalId: row.externalId,
    eventType: row.eventType,
    subEventType: row.subEventType,
    description: row.description,
    dateStart: row.date.start,
    dateEnd: row.date.end,
    datePrecision: row.date.precision,
    timePrecision: row.timePrecision,
    disorderType: row.disorderType,
    civilianTargeting: row.civilianTargeting,
    interaction: row.interaction,
    iso: row.location.iso,
    worldRegion: row.location.worldRegion,
    country: row.location.country,
    region: row.location.region,
    admin2: row.location.admin2,
    admin3: row.location.admin3,
    locationName: row.location.name,
    latitude: row.location.latitude,
    longitude: row.location.longitude,
    geoPrecision: row.location.geoPrecision,
    sourceScale: row.sourceScale,
    tags: row.tags,
    recordedAt: new Date(0),
    actors: row.actors.map((a, i) => ({ ...a, name: actors[i]!.name })),
    sourceNames: sources.map((s) => s.name),
    fatalities: row.fatalities,
  };
}

/** The columns in which two versions of a row differ (`timestamp` aside: it says when, not what). */
function changedColumns(stored: StoredIncident, incoming: StoredIncident): string[] {
  const before = toAcled(stored);
  const after = toAcled(incoming);
  return ACLED_COLUMNS.filter((c) => c !== 'timestamp' && before[c] !== after[c]);
}

/** The incident command's fields for a row, with its names resolved. */
function commandFields(row: AcledIncident, actorIds: number[], sourceIds: number[]) {
  const sources = sourceIds.map((sourceId) => ({ sourceId, relation: 'REPORTED_BY' as const }));
  return {
    eventType: row.eventType,
    subEventType: row.subEventType,
    title: row.title,
    description: row.description,
    date: row.date,
    location: row.location,
    actors: row.actors.map((a, i) => ({ actorId: actorIds[i]!, side: a.side, associated: a.associated, actorType: a.actorType })),
    figures:
      row.fatalities === null
        ? []
        : [
            {
              metric: FATALITIES,
              value: row.fatalities,
              unit: 'people',
              qualifier: 'EXACT' as const,
              about: 'Fatalities, as ACLED codes them',
              asOf: row.date,
              sources,
            },
          ],
    sources,
    timePrecision: row.timePrecision,
    disorderType: row.disorderType,
    civilianTargeting: row.civilianTargeting,
    interaction: row.interaction,
    sourceScale: row.sourceScale,
    tags: row.tags,
  };
}

type Outcome = 'inserted' | 'amended' | 'unchanged' | 'retracted';

function importRow(db: Db, scope: WriteScope, names: Names, label: string, conflictId: number, row: AcledIncident): Outcome {
  const actors = row.actors.map((a) => names.actor(scope, a.name, a.actorType));
  const sources = row.sourceNames.map((name) => names.source(scope, name));
  const fields = commandFields(
    row,
    actors.map((a) => a.id),
    sources.map((s) => s.id),
  );
  const existing = findIncidentByExternalId(scope.tx, conflictId, row.externalId);
  if (!existing) {
    recordIncident(scope, { conflictId, externalId: row.externalId, ...fields });
    return 'inserted';
  }
  const changed = changedColumns(storedIncidents(db, [existing])[0]!, asStored(row, actors, sources));
  if (!changed.length) return 'unchanged';
  amendIncident(scope, {
    incidentId: existing.id,
    reason: `Revised in ACLED (${changed.join(', ')}); imported from ${label}`,
    changes: fields,
  });
  return 'amended';
}

/** What a refused row's error says, and in which column. */
function refusalOf(error: unknown): { column: string | null; reason: string } {
  if (error instanceof AcledRowError) return { column: error.column, reason: error.message };
  if (error instanceof DomainError) return { column: error.issues[0]?.field ?? null, reason: error.message };
  throw error;
}

/**
 * Imports ACLED records: the file's, or any others (the synthetic data generator makes its own).
 * Commits a batch every `batchSize` rows, or, strict, the whole import once at the end.
 */
export function importAcledRecords(
  db: Db,
  writer: Writer,
  records: AsyncIterable<NumberedRecord> | Iterable<NumberedRecord>,
  options: AcledImportOptions,
): Promise<ImportSummary> {
  const names = new Names(options.label);
  return inBatches(writer, records, options, {
    run: (scope, record, conflictId) => importRow(db, scope, names, options.label, conflictId, fromAcled(record as AcledRecord)),
    held: () => names.keep(),
    undone: () => names.drop(),
  });
}

/** ACLED's deleted-events file: each incident it names is retracted, its reason naming the deletion. */
export function retractAcledDeletions(
  writer: Writer,
  records: AsyncIterable<NumberedRecord>,
  options: AcledImportOptions,
): Promise<ImportSummary> {
  return inBatches(writer, records, options, {
    run: (scope, record, conflictId) => retractDeleted(scope, options.label, conflictId, record),
  });
}

interface RowHandler {
  run(scope: WriteScope, record: Record<string, string>, conflictId: number): Outcome;
  /** The row's savepoint held. */
  held?(): void;
  /** The row was refused and its writes undone. */
  undone?(): void;
}

/** Runs each record in a savepoint of a batch, committing every `batchSize` rows (strict: once, at the end). */
async function inBatches(
  writer: Writer,
  records: AsyncIterable<NumberedRecord> | Iterable<NumberedRecord>,
  options: AcledImportOptions,
  handler: RowHandler,
): Promise<ImportSummary> {
  const summary: ImportSummary = { rows: 0, inserted: 0, amended: 0, unchanged: 0, retracted: 0, refused: 0 };
  const batchSize = options.strict ? Infinity : (options.batchSize ?? DEFAULT_BATCH);
  let batch: Batch | undefined;
  let inBatch = 0;
  let conflictId = typeof options.conflict === 'number' ? options.conflict : undefined;
  try {
    for await (const { line, record } of records) {
      batch ??= writer.openBatch();
      // In the first batch, so that a strict import that fails records no conflict either.
      conflictId ??= batch.run((scope) => (options.conflict as Exclude<AcledImportOptions['conflict'], number>)(scope, record));
      const inConflict = conflictId;
      summary.rows++;
      try {
        summary[batch.run((scope) => handler.run(scope, record, inConflict))]++;
        handler.held?.();
      } catch (error) {
        handler.undone?.();
        const refusal = { line, ...refusalOf(error), record };
        if (options.strict) throw new StrictImportError(refusal);
        summary.refused++;
        options.onRefused?.(refusal);
      }
      if (++inBatch >= batchSize) {
        batch.commit();
        batch = undefined;
        inBatch = 0;
        options.onProgress?.(summary.rows);
      }
    }
    batch?.commit();
    batch = undefined;
    options.onProgress?.(summary.rows);
  } finally {
    batch?.rollback();
  }
  return summary;
}

/** A CSV file's records with the line each starts on; the header must name `required` columns. */
export async function* readCsv(input: Readable, required: readonly string[]): AsyncGenerator<NumberedRecord & { bytes: number }> {
  let header: string[] = [];
  const parser = input.pipe(
    parse({
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count_less: true,
      columns: (names: string[]) => {
        header = names.map((n) => n.trim().toLowerCase());
        const missing = required.filter((c) => !header.includes(c));
        if (missing.length) throw new Error(`line 1: the header lacks ${missing.join(', ')}`);
        return header;
      },
    }),
  );
  // csv-parse's `lines` is the line a record ends on, except that it counts a CRLF inside a quoted
  // field as two line breaks (csv-parse 6); a record starts as many breaks before its end as its
  // fields hold.
  let doubled = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number; bytes: number };
    }>) {
      let breaks = 0;
      for (const value of Object.values(record)) {
        breaks += value.match(/\r\n|\r|\n/g)?.length ?? 0;
        doubled += value.split('\r\n').length - 1;
      }
      yield { line: info.lines - doubled - breaks, record, bytes: info.bytes };
    }
  } catch (error) {
    const at = (error as { lines?: number }).lines;
    throw new Error(
      at && !(error as Error).message.startsWith('line ') ? `line ${at}: ${(error as Error).message}` : (error as Error).message,
    );
  }
}

/** The conflict rows go into: found by slug, or recorded when the user names it. */
const conflictFor =
  (slug: string, name: string | undefined, recordsConflict: boolean) =>
  (scope: WriteScope, first: Record<string, string>): number => {
    const found = findConflictBySlug(scope.tx, slug);
    if (found) return found.id;
    if (!recordsConflict) throw new UsageError(`There is no conflict "${slug}".`);
    if (!name)
      throw new UsageError(`There is no conflict "${slug}". Give --name "Its name" to record it, or load a dossier that defines it.`);
    return recordConflict(scope, {
      slug,
      name,
      description: 'Recorded by an ACLED import; when it began is not known to Parley.',
      // All Parley can vouch for: it began before the first incident the file reports.
      began: { end: firstDay(first), precision: 'BEFORE', text: 'not known: before the first incident imported' },
    }).id;
  };

function firstDay(record: Record<string, string>): string {
  try {
    return parseAcledDate(record.event_date ?? '');
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

interface Arguments {
  file: string;
  conflict: string;
  name?: string;
  strict: boolean;
  batch?: number;
}

/** The command line; `--name` only where a conflict may be recorded (an import, not deletions). */
function parseArguments(args: string[], recordsConflict: boolean): Arguments {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        conflict: { type: 'string' },
        ...(recordsConflict && { name: { type: 'string' } }),
        batch: { type: 'string' },
        strict: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || typeof values.conflict !== 'string') throw new UsageError('Give one FILE and --conflict SLUG.');
  const batch = values.batch === undefined ? undefined : Number(values.batch);
  if (batch !== undefined && !(Number.isInteger(batch) && batch > 0)) throw new UsageError('--batch takes a positive whole number.');
  return {
    file: positionals[0]!,
    conflict: values.conflict,
    name: values.name as string | undefined,
    strict: values.strict === true,
    batch,
  };
}

class UsageError extends Error {}

/** A bar on a terminal (rows/s, ETA by bytes read); nothing otherwise, the summary says it all. */
function progress(out: ImportContext['out'], file: string) {
  if (!out.isTTY) return { update: (_bytes: number, _rows: number) => {}, stop: () => {} };
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted}',
    stream: out as NodeJS.WriteStream,
    hideCursor: true,
  });
  const started = Date.now();
  bar.start(statSync(file).size, 0, { rows: 0, speed: 0 });
  return {
    update: (bytes: number, rows: number) =>
      bar.update(bytes, { rows, speed: Math.round(rows / Math.max((Date.now() - started) / 1000, 0.001)) }),
    stop: () => bar.stop(),
  };
}

/** Refused rows, written beside the input as they come: the file's columns, then where and why. */
function rejectFile(path: string) {
  let writer: ReturnType<typeof stringify> | undefined;
  let done: Promise<void> = Promise.resolve();
  return {
    path,
    add(refusal: Refusal) {
      if (!writer) {
        const columns = Object.keys(refusal.record);
        writer = stringify({ header: true, columns: [...columns, 'rejected_line', 'rejected_column', 'rejected_reason'] });
        const out = createWriteStream(path);
        writer.pipe(out);
        done = new Promise((resolve, reject) => out.once('finish', resolve).once('error', reject));
      }
      writer.write({
        ...refusal.record,
        rejected_line: refusal.line,
        rejected_column: refusal.column ?? '',
        rejected_reason: refusal.reason,
      });
    },
    close() {
      writer?.end();
      return done;
    },
    get used() {
      return writer !== undefined;
    },
  };
}

const summaryLine = (s: ImportSummary, seconds: number) =>
  `${s.rows} rows in ${seconds.toFixed(1)} s (${Math.round(s.rows / Math.max(seconds, 0.001))} rows/s): ` +
  `inserted ${s.inserted}, amended ${s.amended}, unchanged ${s.unchanged}, retracted ${s.retracted}, refused ${s.refused}`;

/** Runs one ACLED file through `work`, with the options, progress, rejects and summary both commands share. */
async function runFile(
  args: string[],
  context: ImportContext,
  required: readonly string[],
  recordsConflict: boolean,
  work: (records: AsyncIterable<NumberedRecord>, options: AcledImportOptions) => Promise<ImportSummary>,
): Promise<number> {
  let parsed: Arguments;
  try {
    parsed = parseArguments(args, recordsConflict);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    context.err.write(`${error.message}\n`);
    return 2;
  }
  const { file } = parsed;
  if (!existsSync(file)) {
    context.err.write(`${file}: no such file\n`);
    return 1;
  }
  const rejects = rejectFile(`${file.replace(/\.csv$/i, '')}.rejected.csv`);
  const bar = progress(context.out, file);
  let bytes = 0;
  const records = (async function* () {
    for await (const r of readCsv(createReadStream(file), required)) {
      bytes = r.bytes;
      yield r;
    }
  })();
  const started = performance.now();
  let summary: ImportSummary;
  try {
    summary = await work(records, {
      conflict: conflictFor(parsed.conflict, parsed.name, recordsConflict),
      label: basename(file),
      strict: parsed.strict,
      batchSize: parsed.batch,
      onRefused: (refusal) => rejects.add(refusal),
      onProgress: (rows) => bar.update(bytes, rows),
    });
  } catch (error) {
    bar.stop();
    await rejects.close();
    if (error instanceof StrictImportError) {
      context.err.write(`${file}: ${error.message}\nNothing was imported (--strict).\n`);
      return 1;
    }
    context.err.write(`${file}: ${(error as Error).message}\n`);
    return 1;
  }
  bar.stop();
  await rejects.close();
  context.out.write(`${file}: ${summaryLine(summary, (performance.now() - started) / 1000)}\n`);
  if (rejects.used) context.out.write(`Refused rows, each with its line, column and reason: ${rejects.path}\n`);
  return summary.refused ? 3 : 0;
}

function retractDeleted(scope: WriteScope, label: string, conflictId: number, record: Record<string, string>): Outcome {
  const externalId = record.event_id_cnty?.trim();
  if (!externalId) throw new AcledRowError('event_id_cnty', 'is missing');
  const when = record.deleted_timestamp?.trim() ?? '';
  if (!/^\d{1,12}$/.test(when))
    throw new AcledRowError('deleted_timestamp', `deleted_timestamp ${JSON.stringify(when)} is not a Unix time`);
  const incident: Incident | undefined = findIncidentByExternalId(scope.tx, conflictId, externalId);
  if (!incident)
    throw new DomainError('NOT_FOUND', `No incident ${externalId} in this conflict.`, [{ field: 'event_id_cnty', message: 'unknown' }]);
  if (incident.retractedAt) return 'unchanged';
  const day = new Date(Number(when) * 1000).toISOString().slice(0, 10);
  retractIncident(scope, { incidentId: incident.id, reason: `Deleted from ACLED on ${day}; imported from ${label}` });
  return 'retracted';
}

export const acledImporter: Importer = {
  usage: 'FILE --conflict SLUG [--name NAME] [--strict] [--batch N]   an ACLED export (CSV)',
  run: (args, context) =>
    runFile(
      args,
      context,
      ACLED_COLUMNS.filter((c) => c !== 'timestamp'),
      true,
      (records, options) => importAcledRecords(context.db, context.writer, records, options),
    ),
};

export const acledDeletionsImporter: Importer = {
  usage: "FILE --conflict SLUG [--strict]   ACLED's deleted events (event_id_cnty, deleted_timestamp)",
  run: (args, context) =>
    runFile(args, context, ['event_id_cnty', 'deleted_timestamp'], false, (records, options) =>
      retractAcledDeletions(context.writer, records, options),
    ),
};
