/**
 * `npm run export -- KIND --conflict SLUG [options]`: what GET /export/KIND.FORMAT serves, from the
 * database PARLEY_DB_PATH names (read only, while a server may be writing it), to stdout or a
 * file. The same engine writes both, so the bytes are the same for the same filters.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../domain/errors.js';
import { EXPORT_FORMATS, EXPORT_KINDS, exportStream, openExport, type ExportFormat, type ExportKind } from '../ingest/export.js';
import { openExistingDatabase, runMain } from './command.js';

const USAGE = `Usage: npm run export -- KIND --conflict SLUG [options]

  KIND                  ${EXPORT_KINDS.join(' | ')}
  --format FORMAT       csv (default) | ndjson
  --from DATE --to DATE incidents, statements, talks starting in this range (YYYY-MM-DD, inclusive)
  --types T1,T2         incidents of these event types ("Battles" or BATTLES)
  --actor NAME          incidents with this actor on either side (a name or an alias)
  --place TEXT          incidents whose place, region or country contains this text
  --include-retracted   incidents and statements that were retracted, too
  --out FILE            write FILE (default: stdout)
`;

/** Options that pass to the export as the query string's parameters of the same names. */
const PARAMETERS = ['conflict', 'from', 'to', 'types', 'actor', 'place'];

class UsageError extends Error {}

function parseArguments(args: string[]) {
  const params: Record<string, string> = {};
  let format: ExportFormat = 'csv';
  let out: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--include-retracted') params.retracted = 'include';
    else if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const value = inline ?? args[++i];
      if (value === undefined || !(PARAMETERS.includes(name) || name === 'format' || name === 'out')) {
        throw new UsageError(`Unknown or incomplete option ${arg}.`);
      }
      if (name === 'format') {
        if (!EXPORT_FORMATS.includes(value as ExportFormat)) throw new UsageError(`--format is ${EXPORT_FORMATS.join(' or ')}.`);
        format = value as ExportFormat;
      } else if (name === 'out') out = value;
      else params[name] = value;
    } else positional.push(arg);
  }
  const kind = positional[0] as ExportKind;
  if (positional.length !== 1 || !EXPORT_KINDS.includes(kind)) throw new UsageError(`Give one KIND: ${EXPORT_KINDS.join(', ')}.`);
  return { kind, params, format, out };
}

async function main(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArguments>;
  try {
    parsed = parseArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  const opened = openExistingDatabase();
  if (!opened) return 1;
  const { database } = opened;
  try {
    const exp = openExport(database.db, parsed.kind, parsed.params);
    if (!parsed.out) {
      await pipeline(exportStream(exp, parsed.format), process.stdout as Writable);
      return 0;
    }
    // Written aside and renamed once whole, so a failed export leaves no file that looks complete.
    const partial = `${parsed.out}.partial`;
    try {
      await pipeline(exportStream(exp, parsed.format), createWriteStream(partial));
      renameSync(partial, parsed.out);
    } finally {
      rmSync(partial, { force: true });
    }
    return 0;
  } catch (error) {
    if (error instanceof DomainError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

await runMain(main);
