/**
 * `npm run db:generate -- --incidents 1000000`: adds a synthetic conflict to the database
 * PARLEY_DB_PATH names (created and migrated first), at the scale benchmarks need: ~200 actors,
 * ~30 sources, 2,000 people, 200 rounds of talks, N incidents and N/10 statements
 * (src/ingest/synthetic.ts). Every fact goes through the domain commands, the incidents as ACLED
 * rows through the ACLED importer: synthetic data is written the way real data is, so it cannot
 * drift from what the commands would store.
 *
 * Options: --incidents N (default 100000), --statements M (default N/10), --seed S (default 1: the
 * same seed writes the same facts; ids and recording times depend on the database and the clock),
 * --batch B (incidents or statements per transaction, default 10000), --quiet.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase, tuneForBulkWrites, type Db } from '../db/client.js';
import { Writer } from '../domain/events.js';
import { generateSynthetic, type SyntheticOptions, type SyntheticResult } from '../ingest/synthetic.js';

type Options = Omit<SyntheticOptions, 'onProgress'> & { quiet: boolean };

const USAGE = 'Usage: npm run db:generate -- [--incidents N] [--statements M] [--seed S] [--batch B] [--quiet]';

function parseOptions(argv: string[]): Options {
  const values = new Map<string, string>();
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (arg === '--quiet') {
      quiet = true;
      continue;
    }
    if (arg === '--no-worker' || arg === '--wal') {
      throw new Error(
        `${arg} no longer applies: the generator writes through the domain commands, on one thread, in WAL mode as every writer does.`,
      );
    }
    const match = /^--(incidents|statements|seed|batch)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown argument "${arg}".\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${match[1]} needs a value.`);
    values.set(match[1]!, value);
  }
  const int = (name: string, fallback: number, min: number) => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw.replaceAll('_', ''));
    if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${name} must be an integer of at least ${min}, not "${raw}".`);
    return value;
  };
  const incidents = int('incidents', 100_000, 0);
  return {
    incidents,
    statements: int('statements', Math.floor(incidents / 10), 0),
    seed: int('seed', 1, 0),
    batch: int('batch', 10_000, 1),
    quiet,
  };
}

/**
 * Adds a synthetic conflict to an open, migrated database; options default as on the command
 * line. Used by `main` below and by tests that need realistic volumes.
 */
export function generate(db: Db, options: Partial<SyntheticOptions> & { incidents: number }): Promise<SyntheticResult> {
  return generateSynthetic(db, new Writer(db), { statements: Math.floor(options.incidents / 10), seed: 1, batch: 10_000, ...options });
}

/** Rows in each table that holds facts (the search index's own tables aside). */
function rowCounts(db: Db): Map<string, number> {
  const sqlite = db.$client;
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\'",
    )
    .pluck()
    .all() as string[];
  return new Map(tables.map((t) => [t, sqlite.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { dbPath } = loadConfig();
  const database = openDatabase(dbPath);
  try {
    migrateDatabase(database.db);
    // Past a million rows the indexes' inner pages outgrow a smaller cache.
    tuneForBulkWrites(database.sqlite, 256);
    const before = rowCounts(database.db);
    const started = performance.now();
    let last = started;
    let lastDone = 0;
    let lastPhase = '';
    const log = (line: string) => options.quiet || console.log(line);
    const result = await generate(database.db, {
      ...options,
      onProgress: ({ phase, done, total }) => {
        if (phase !== lastPhase) [lastPhase, lastDone] = [phase, 0];
        // The importer reports its last batch again when it ends.
        else if (phase !== 'world' && done === lastDone) return;
        const now = performance.now();
        const rate =
          phase === 'world' ? '' : `, ${Math.round(((done - lastDone) * 1000) / Math.max(now - last, 1)).toLocaleString('en')} rows/s`;
        log(
          `  ${phase} ${done.toLocaleString('en')}/${total.toLocaleString('en')}: batch ${((now - last) / 1000).toFixed(1)} s${rate}, ${((now - started) / 1000).toFixed(1)} s in all`,
        );
        [last, lastDone] = [now, phase === 'world' ? 0 : done];
      },
    });
    const seconds = (performance.now() - started) / 1000;
    // Statistics for the planner, bounded so that a million rows cost milliseconds, not minutes.
    database.sqlite.pragma('analysis_limit = 1000');
    database.sqlite.pragma('optimize');
    if (options.quiet) return;
    const after = rowCounts(database.db);
    let total = 0;
    console.log(`\nGenerated conflict "${result.slug}" in ${dbPath}:`);
    for (const [table, n] of after) {
      const added = n - (before.get(table) ?? 0);
      total += added;
      if (added) console.log(`  ${table.padEnd(20)} ${added.toLocaleString('en').padStart(12)} rows`);
    }
    console.log(
      `  ${total.toLocaleString('en')} rows in ${seconds.toFixed(1)} s: ${Math.round(total / seconds).toLocaleString('en')} rows/s` +
        ` (${Math.round(options.incidents / seconds).toLocaleString('en')} incidents/s); peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
    );
  } finally {
    await database.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
