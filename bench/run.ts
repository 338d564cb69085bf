/**
 * `npm run bench`: Parley's performance against baselines, in one run: about three minutes of
 * reads, writes, fan-out and start-up once the million-row database exists in bench/.data, plus
 * about five of the import section (its 200,000 rows at ~1,100 rows/s). Generating the database
 * from a fresh clone now goes through the domain commands: about a quarter of an hour on two cores.
 *
 *  1. reads: node lookup, the nested "second round" query, a filtered page of a million incidents
 *     (and `search` when the schema has it): Parley with its response cache off and on, against
 *     (a) raw node:http answering the same bytes, (b) stock graphql-yoga, (c) mercurius + graphql-jit,
 *     and for the nested query (d) node:http answering its data from one SQLite statement;
 *     plus a CPU profile of Parley under the nested query;
 *  2. writes: acknowledged recordIncident mutations/s from 16 clients, against raw better-sqlite3;
 *  3. subscriptions: fan-out latency to 1,000 and 10,000 subscribers, memory per idle
 *     subscription, RSS after subscribe + abrupt-disconnect churn;
 *  4. `npm start` on the million-row database: time to the first query answered;
 *  5. ACLED import: rows/s through the domain commands (`npm run import`) next to raw
 *     better-sqlite3 inserts of the same rows, and the importer's peak RSS at 10k and 200k rows.
 *
 * Settings (environment): BENCH_DB (default bench/.data/parley-1m.sqlite), BENCH_INCIDENTS
 * (1000000), BENCH_SECONDS (3), BENCH_WARMUP (1), BENCH_ONE_CONN_SECONDS (2), BENCH_PROFILE_SECONDS
 * (3), BENCH_MUTATION_SECONDS (6), BENCH_EVENTS_1K (8), BENCH_EVENTS_10K (4), BENCH_CHURN_CYCLES
 * (100000), BENCH_CHURN_SECONDS (8), BENCH_IMPORT_SIZES (10000,200000), BENCH_IMPORT_REPEATS (1),
 * BENCH_IMPORT_BATCH (1000, the importer's own default), BENCH_SECTIONS (comma list of
 * queries,mutations,fanout,startup,import; default all: a run of fewer writes
 * bench/.data/results-partial.md, not bench/results.md). The million-row database is made only
 * for the sections that read it (queries, startup).
 * The defaults are what fits the five minutes: the reads section's 17 cells of load cost
 * warm-up + measure seconds each, the one-connection ones their seconds again, and every child
 * server a few seconds of start. 3 s at 20 connections gives a cell some fifty samples at the
 * slowest (search, cache off) and hundreds to tens of thousands for the rest. The churn stops at
 * its time cap.
 */
import { cpus, totalmem } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { ROOT } from './lib/child.js';
import { ensureDataset } from './lib/dataset.js';
import { fmtInt, fmtKb, fmtMb, fmtMs, fmtRatio, table } from './lib/format.js';
import { formatSummary } from './lib/profile.js';
import { buildQueries, runQueries, type QueryResults } from './sections/queries.js';
import { runMutations, type MutationResults } from './sections/mutations.js';
import { runFanout, type FanoutResults } from './sections/fanout.js';
import { runStartup, type StartupResult } from './sections/startup.js';
import { runImport, type ImportResults } from './sections/import.js';

const ALL_SECTIONS = ['queries', 'mutations', 'fanout', 'startup', 'import'];
const env = process.env;
const num = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
const settings = {
  db: env.BENCH_DB ?? join(ROOT, 'bench/.data/parley-1m.sqlite'),
  incidents: num('BENCH_INCIDENTS', 1_000_000),
  seconds: num('BENCH_SECONDS', 3),
  warmup: num('BENCH_WARMUP', 1),
  oneConn: num('BENCH_ONE_CONN_SECONDS', 2),
  profile: num('BENCH_PROFILE_SECONDS', 3),
  // Writes vary with checkpoints and GC: three seconds read anywhere from 850 to 1,330 writes/s for the same code.
  mutationSeconds: num('BENCH_MUTATION_SECONDS', 6),
  churnCycles: num('BENCH_CHURN_CYCLES', 100_000),
  churnSeconds: num('BENCH_CHURN_SECONDS', 8),
  importSizes: (env.BENCH_IMPORT_SIZES ?? '10000,200000').split(',').map(Number),
  importRepeats: num('BENCH_IMPORT_REPEATS', 1),
  importBatch: num('BENCH_IMPORT_BATCH', 1_000),
  sections: new Set((env.BENCH_SECTIONS ?? ALL_SECTIONS.join(',')).split(',').map((s) => s.trim())),
};
const dataDir = join(ROOT, 'bench/.data');
mkdirSync(dataDir, { recursive: true });

const benchStarted = performance.now();
const elapsed = () => `${((performance.now() - benchStarted) / 1000).toFixed(0)} s`;
const log = (line: string) => console.log(line);

const machine = {
  nproc: availableParallelism(),
  cpu: /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model ?? 'unknown',
  node: process.version,
  memory: `${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
};
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const loadAtStart = loadAverage();
log(`Parley bench — ${machine.nproc} CPUs (${machine.cpu}), Node ${machine.node}, ${machine.memory}; load average ${loadAtStart}`);

// ── The data (generating it takes minutes: only for the sections that read it) ──
const data = ['queries', 'startup'].some((name) => settings.sections.has(name))
  ? ensureDataset(settings.db, settings.incidents, log)
  : undefined;
if (data) {
  log(
    `Database ${data.path}: ${data.incidents.toLocaleString('en')} incidents in "${data.slug}"` +
      (data.generatedSeconds ? ` (generated in ${data.generatedSeconds.toFixed(0)} s)` : ' (already there)') +
      ` — ${elapsed()}`,
  );
}
const schemaText = readFileSync(join(ROOT, 'schema.graphql'), 'utf8');
const queryType = /type Query \{([\s\S]*?)\n\}/.exec(schemaText)?.[1] ?? '';
const hasSearch = /^\s{2}search\(/m.test(queryType);
const queries = data ? buildQueries(data, hasSearch) : [];

let reads: QueryResults | undefined;
let writes: MutationResults | undefined;
let fanout: FanoutResults | undefined;
let startup: StartupResult | undefined;
let imports: ImportResults | undefined;
const failures: string[] = [];

async function section<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
  if (!settings.sections.has(name)) return undefined;
  log(`\n## ${name} — ${elapsed()}`);
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    failures.push(`${name}: ${message.slice(0, 1000)}`);
    log(`  FAILED: ${message}`);
    return undefined;
  }
}

reads = await section('queries', () =>
  runQueries(data!, queries, {
    seconds: settings.seconds,
    warmupSeconds: settings.warmup,
    oneConnectionSeconds: settings.oneConn,
    profileSeconds: settings.profile,
    dataDir,
    log,
  }),
);
writes = await section('mutations', () =>
  runMutations({ clients: 16, seconds: settings.mutationSeconds, warmupSeconds: 1, rawSeconds: 2, log }),
);
fanout = await section('fanout', () =>
  runFanout({
    levels: [
      { subscribers: 1_000, events: num('BENCH_EVENTS_1K', 8) },
      { subscribers: 10_000, events: num('BENCH_EVENTS_10K', 4) },
    ],
    churnCycles: settings.churnCycles,
    churnSeconds: settings.churnSeconds,
    churnConcurrency: 64,
    log,
  }),
);
let startupDirect: StartupResult | undefined;
let startupTsx: StartupResult | undefined;
startup = await section('startup', async () => {
  const body = queries.find((q) => q.key === 'filtered')!.body;
  // Untimed: builds dist/server if src/ changed since the last build, so the timed starts are
  // starts, not builds.
  await runStartup(data!.path, body, 'node');
  const result = await runStartup(data!.path, body, 'npm');
  log(
    `  npm start: listening after ${result.listeningSeconds.toFixed(2)} s, first query answered after ${result.firstQuerySeconds.toFixed(2)} s (${result.check})`,
  );
  startupDirect = await runStartup(data!.path, body, 'node');
  log(
    `  node scripts/start.mjs: listening after ${startupDirect.listeningSeconds.toFixed(2)} s, first query answered after ${startupDirect.firstQuerySeconds.toFixed(2)} s (${startupDirect.check})`,
  );
  startupTsx = await runStartup(data!.path, body, 'tsx');
  log(
    `  node --import tsx src/main.ts: listening after ${startupTsx.listeningSeconds.toFixed(2)} s, first query answered after ${startupTsx.firstQuerySeconds.toFixed(2)} s (${startupTsx.check})`,
  );
  return result;
});
imports = await section('import', () =>
  runImport({ sizes: settings.importSizes, repeats: settings.importRepeats, batch: settings.importBatch, dataDir, log }),
);

const wall = (performance.now() - benchStarted) / 1000;
const loadAtEnd = loadAverage();
const report = render();
// A run of some sections only must not replace the full report the README points to.
const reportFile = ALL_SECTIONS.every((name) => settings.sections.has(name)) ? 'bench/results.md' : 'bench/.data/results-partial.md';
writeFileSync(join(ROOT, reportFile), report);
log(`\n${report}`);
log(`\nWrote ${reportFile}. Wall time ${wall.toFixed(0)} s.`);
process.exit(0);

// ── The report ──

function render(): string {
  const out: string[] = [];
  const now = new Date().toISOString().replace('T', ' ').slice(0, 16);
  out.push('# Parley benchmark results', '');
  out.push(
    `Run ${now} UTC by \`npm run bench\`, wall time ${wall.toFixed(0)} s${data?.generatedSeconds ? ` (of which ${data.generatedSeconds.toFixed(0)} s generating the database)` : ''}.`,
  );
  out.push('');
  out.push(
    `Machine: ${machine.nproc} CPUs (nproc), ${machine.cpu}, ${machine.memory} memory, Node ${machine.node}. Servers run in a child process, compiled ahead by esbuild as npm start runs Parley (not through tsx); the load generator (autocannon, or raw sockets) in the parent: both share the ${machine.nproc} cores. Load average (1, 5, 15 min) at the start ${loadAtStart}, at the end ${loadAtEnd}: anything else running on the machine shows in the numbers.`,
  );
  out.push('');
  if (data)
    out.push(
      `Database: ${data.incidents.toLocaleString('en')} synthetic incidents (conflict \`${data.slug}\`, \`npm run db:generate\`) plus the article dataset.`,
    );

  if (reads) out.push('', ...renderReads(reads));
  if (writes) out.push('', ...renderWrites(writes));
  if (fanout) out.push('', ...renderFanout(fanout));
  if (startup) {
    out.push('', '## 4. Start-up on the million-row database', '');
    const rows = [
      ['`npm start` spawned → "serving" printed', startup.listeningSeconds.toFixed(2)],
      ['`npm start` spawned → first query answered (the filtered page)', startup.firstQuerySeconds.toFixed(2)],
    ];
    if (startupDirect) {
      rows.push([
        '`node scripts/start.mjs` (what `npm start` runs, without npm) → "serving" printed',
        startupDirect.listeningSeconds.toFixed(2),
      ]);
      rows.push(['`node scripts/start.mjs` → first query answered', startupDirect.firstQuerySeconds.toFixed(2)]);
    }
    if (startupTsx) {
      rows.push(['`node --import tsx src/main.ts` (the sources, unbundled) → "serving" printed', startupTsx.listeningSeconds.toFixed(2)]);
      rows.push(['`node --import tsx src/main.ts` → first query answered', startupTsx.firstQuerySeconds.toFixed(2)]);
    }
    out.push(table(['measure', 'seconds'], rows));
    if (startup.check !== 'ok') out.push('', `First answer: ${startup.check}`);
  }
  if (imports) out.push('', ...renderImports(imports));
  out.push('', ...renderTargets());
  if (reads?.profile) {
    out.push('', '## CPU profile: Parley (cache off) under the nested query, 20 connections', '');
    out.push(
      `\`node --cpu-prof\` for ${settings.profile} s after a ${settings.warmup} s warm-up (${fmtInt(reads.profile.load.rps)} req/s while profiled); \`${reads.profile.file.replace(ROOT, '')}\`, summarised by bench/lib/profile.ts (\`npx tsx bench/profile-summary.ts FILE\`).`,
    );
    out.push('', formatSummary(reads.profile.summary));
  }
  if (failures.length) out.push('', '## Failures', '', ...failures.map((f) => `- ${f.split('\n')[0]}`));
  return `${out.join('\n')}\n`;
}

function cellOf(server: string, query: string) {
  return reads?.cells[server]?.[query];
}

function renderReads(r: QueryResults): string[] {
  const out: string[] = [];
  out.push(
    `## 1. Reads: ${settings.seconds} s at 20 connections after a ${settings.warmup} s warm-up (latency p99 at 1 connection: ${settings.oneConn} s, after 1 s at 1 connection)`,
    '',
  );
  const rows: string[][] = [];
  for (const q of r.queries) {
    for (const s of r.servers) {
      const cell = cellOf(s.key, q.key);
      if (!cell) continue;
      const off = cellOf('parley-off', q.key)?.c20?.rps ?? NaN;
      const on = cellOf('parley-on', q.key)?.c20?.rps ?? NaN;
      const rps = cell.c20?.rps ?? NaN;
      rows.push([
        q.key,
        s.label,
        fmtInt(rps),
        fmtMs(cell.c20?.p50 ?? NaN),
        fmtMs(cell.c20?.p99 ?? NaN),
        cell.c1 ? fmtMs(cell.c1.p99) : '',
        s.parley ? '' : fmtRatio(off / rps),
        s.parley ? '' : fmtRatio(on / rps),
        cell.check + (cell.c20?.failures ? ` (${cell.c20.failures} failed)` : ''),
      ]);
    }
  }
  out.push(
    table(['query', 'server', 'req/s', 'p50 ms', 'p99 ms', 'p99 ms @1 conn', 'Parley off ÷ it', 'Parley on ÷ it', 'answer'], rows, [
      'l',
      'l',
      'r',
      'r',
      'r',
      'r',
      'r',
      'r',
      'l',
    ]),
  );
  out.push('');
  out.push('Queries:');
  for (const q of r.queries) out.push(`- **${q.key}**: ${q.label}`);
  out.push('');
  out.push('"answer" compares each server\'s `data` with Parley\'s (cache off) before the load starts. Ratios are of req/s.');
  return out;
}

function renderWrites(w: MutationResults): string[] {
  return [
    `## 2. Writes: \`recordIncident\` from ${w.clients} concurrent HTTP clients (${settings.mutationSeconds} s after 1 s warm-up)`,
    '',
    table(
      ['writer', 'acknowledged writes/s', 'p50 ms', 'p99 ms', 'notes'],
      [
        [
          'Parley over HTTP (one editor token, createToken)',
          fmtInt(w.acknowledgedPerSecond),
          fmtMs(w.http.p50),
          fmtMs(w.http.p99),
          `${fmtInt(w.http.requests - w.http.rejected)} acknowledged, ${w.http.rejected} not; the log grew by ${fmtInt(w.eventsCommitted)} events (writes in flight when the run stopped commit unacknowledged)`,
        ],
        [
          'raw better-sqlite3: prepared INSERT incident + INSERT event per transaction',
          fmtInt(w.rawPerSecond),
          '',
          '',
          `${fmtInt(w.rawTransactions)} transactions in ${w.rawSeconds.toFixed(1)} s, one thread`,
        ],
        ['Parley ÷ raw', fmtRatio(w.acknowledgedPerSecond / w.rawPerSecond), '', '', ''],
      ],
      ['l', 'r', 'r', 'r', 'l'],
    ),
    '',
    "Both write a fresh file migrated with Parley's migrations (so the same indexes, the append-only and search-index triggers) with WAL and synchronous=NORMAL. " +
      'PARLEY_MUTATIONS_PER_MINUTE was raised for this run: at its default (600 a minute per client) 16 clients sharing a token get 10 writes/s.',
  ];
}

function renderFanout(f: FanoutResults): string[] {
  const out: string[] = [];
  out.push('## 3. Subscriptions: fan-out, memory, churn', '');
  out.push(
    table(
      [
        'subscribers (½ SSE, ½ WebSocket)',
        'events',
        'commit→receipt p50 ms',
        'p99 ms',
        'max ms',
        'last delivery per event, median ms',
        'last delivery p99 ms',
        'missing',
        'RSS idle',
        'per idle subscription',
        'opened in',
      ],
      f.levels.map((l) => [
        fmtInt(l.subscribers),
        String(l.events),
        fmtMs(l.p50),
        fmtMs(l.p99),
        fmtMs(l.max),
        fmtMs(l.lastP50),
        fmtMs(l.lastP99),
        String(l.missing),
        fmtMb(l.rssBytes),
        fmtKb(l.perSubscriptionBytes),
        `${l.openSeconds.toFixed(1)} s`,
      ]),
    ),
  );
  out.push('');
  out.push(
    `Baseline RSS (0 subscriptions, after GC): ${fmtMb(f.baselineRss)}; per idle subscription = (RSS with N − baseline) / N, VmRSS from /proc, after a forced GC. ` +
      `Subscription: \`events { cursor kind summary }\`; each event is an HTTP recordIncident; latency is from the child's stream.notify (right after COMMIT) to the socket read in the bench process (CLOCK_MONOTONIC in both). Child fd limit: ${f.fdLimit}.`,
  );
  const c = f.churn;
  out.push('');
  out.push(
    table(
      ['churn', 'value'],
      [
        [
          'cycles asked / run',
          `${fmtInt(c.target)} / ${fmtInt(c.cycles)} in ${c.seconds.toFixed(1)} s (${c.failures} failed; capped at ${settings.churnSeconds} s)`,
        ],
        [
          'each cycle',
          'connect, subscribe with `after:` one event back, wait for that event, then RST (socket.resetAndDestroy), 64 at a time, alternating SSE / WebSocket',
        ],
        ['server', 'a fresh Parley child (not the one that held 10,000 subscriptions), warmed like the fan-out one'],
        ['RSS before churn (0 subscriptions, after GC)', fmtMb(c.rssBefore)],
        [
          'RSS after churn (0 subscriptions; lowest of 6 samples over 3 s, each after GC)',
          `${fmtMb(c.rssAfter)} (${c.rssAfter >= c.rssBefore ? '+' : ''}${fmtMb(c.rssAfter - c.rssBefore)})`,
        ],
        ['subscriptions still live afterwards', String(c.liveAfter)],
      ],
      ['l', 'l'],
    ),
  );
  return out;
}

/** The median of some numbers, and their range when there are several. */
function spread(values: number[], format: (n: number) => string): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length > 1 ? `${format(median(values))} (${format(sorted[0]!)}–${format(sorted.at(-1)!)})` : format(sorted[0]!);
}

/** The middle value (the lower of the two middle ones for an even count). */
function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
}

function renderImports(r: ImportResults): string[] {
  const rows = r.sizes.map((size) => {
    const ratios = size.imports.map((run, i) => run.rowsPerSecond / size.raw[i]!.rowsPerSecond);
    return [
      fmtInt(size.rows),
      spread(
        size.imports.map((run) => run.rowsPerSecond),
        fmtInt,
      ),
      spread(
        size.raw.map((run) => run.rowsPerSecond),
        fmtInt,
      ),
      spread(ratios, fmtRatio),
      spread(
        size.imports.map((run) => run.peakRssBytes),
        fmtMb,
      ),
      spread(
        size.imports.map((run) => run.wallSeconds),
        (n) => `${n.toFixed(1)} s`,
      ),
    ];
  });
  return [
    `## 5. ACLED import: \`npm run import -- acled\` next to raw better-sqlite3 (${r.repeats} run${r.repeats === 1 ? '' : 's'} each, batches of ${fmtInt(r.batch)} rows)`,
    '',
    table(['rows', 'import rows/s', 'raw rows/s', 'import ÷ raw', 'import peak RSS', 'import wall'], rows),
    '',
    'Synthetic ACLED exports (src/ingest/synthetic.ts, seed 1) in bench/.data. The import is the CLI compiled ahead as the servers are, one process per file on a fresh migrated database, ' +
      'under /usr/bin/time -v (peak RSS); its rows/s is its own summary (reading, parsing, the commands, commits), its wall time adds start-up and migrations. ' +
      'Raw: the same file through the same CSV reader and `fromAcled`, the same rows written with prepared INSERTs (incident, its actors, its fatalities figure, their attributions, one event; actors and sources on first sight), ' +
      'in transactions of the same size, the search index deferred to each commit as Parley defers it. Several runs: median (range).',
  ];
}

function renderTargets(): string[] {
  const rows: string[][] = [];
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not measured' : ok ? '**met**' : '**not met**');
  const nestedOff = cellOf('parley-off', 'nested')?.c20?.rps;
  const nestedOn = cellOf('parley-on', 'nested')?.c20?.rps;
  const yoga = cellOf('yoga', 'nested')?.c20?.rps;
  const merc = cellOf('mercurius', 'nested')?.c20?.rps;
  const ratio = (a?: number, b?: number) => (a !== undefined && b !== undefined ? a / b : undefined);
  const rOffYoga = ratio(nestedOff, yoga);
  const rOffMerc = ratio(nestedOff, merc);
  const rOnMerc = ratio(nestedOn, merc);
  const rOffLimit = ratio(nestedOff, cellOf('limit', 'nested')?.c20?.rps);
  const nodeOff = cellOf('parley-off', 'node')?.c20?.rps;
  const rNodeRaw = ratio(nodeOff, cellOf('raw', 'node')?.c20?.rps);
  const rHitRaw = ratio(cellOf('parley-on', 'node')?.c20?.rps, cellOf('raw', 'node')?.c20?.rps);
  const atLeast = (r: number | undefined, min: number) => [
    r === undefined ? '—' : fmtRatio(r),
    verdict(r === undefined ? undefined : r >= min),
  ];
  rows.push(['nested, cache off ≥ 0.35× one SQL statement (d)', ...atLeast(rOffLimit, 0.35)]);
  rows.push(['node lookup, cache off ≥ 0.06× raw node:http (a)', ...atLeast(rNodeRaw, 0.06)]);
  rows.push(['node lookup, cache hit ≥ 0.5× raw node:http (a)', ...atLeast(rHitRaw, 0.5)]);
  rows.push([
    'nested, cache off ≥ 3× stock yoga',
    rOffYoga === undefined ? '—' : fmtRatio(rOffYoga),
    verdict(rOffYoga === undefined ? undefined : rOffYoga >= 3),
  ]);
  rows.push([
    'nested, cache off ≥ 0.8× mercurius+jit',
    rOffMerc === undefined ? '—' : fmtRatio(rOffMerc),
    verdict(rOffMerc === undefined ? undefined : rOffMerc >= 0.8),
  ]);
  rows.push([
    'nested, cache on ≥ mercurius+jit',
    rOnMerc === undefined ? '—' : fmtRatio(rOnMerc),
    verdict(rOnMerc === undefined ? undefined : rOnMerc >= 1),
  ]);
  const filtered = cellOf('parley-off', 'filtered')?.c1?.p99;
  const filteredOn = cellOf('parley-on', 'filtered')?.c1?.p99;
  rows.push([
    'filtered page p99 ≤ 5 ms at 1 connection (cache off)',
    filtered === undefined ? '—' : `${fmtMs(filtered)} ms (cache on: ${filteredOn === undefined ? '—' : fmtMs(filteredOn)} ms)`,
    verdict(filtered === undefined ? undefined : filtered <= 5),
  ]);
  for (const key of ['asof-new', 'asof-mid']) {
    const asOf = cellOf('parley-off', key)?.c1?.p99;
    rows.push([
      `${key === 'asof-new' ? 'as-of filtered page (newest event)' : 'as-of filtered page (middle of the log)'} p99 ≤ 2× the page now (1 connection, cache off)`,
      asOf === undefined ? '—' : `${fmtMs(asOf)} ms (now: ${filtered === undefined ? '—' : fmtMs(filtered)} ms)`,
      verdict(asOf === undefined || filtered === undefined ? undefined : asOf <= 2 * filtered),
    ]);
  }
  const p99At1 = (key: string, label: string, target: number) => {
    const off = cellOf('parley-off', key)?.c1?.p99;
    const on = cellOf('parley-on', key)?.c1?.p99;
    rows.push([
      `${label} p99 ≤ ${target} ms at 1 connection (cache off)`,
      off === undefined ? '—' : `${fmtMs(off)} ms (cache on: ${on === undefined ? '—' : fmtMs(on)} ms)`,
      verdict(off === undefined ? undefined : off <= target),
    ]);
  };
  p99At1('area', 'area page (first 20 in a box, with totalCount)', 50);
  p99At1('counts', 'incidentCounts by WEEK of the 1M-row conflict', 50);
  if (queries.some((q) => q.key === 'search')) {
    const search1 = cellOf('parley-off', 'search')?.c1?.p99;
    const search20 = cellOf('parley-off', 'search')?.c20?.p99;
    rows.push([
      'search p99 ≤ 25 ms (cache off, 1 connection)',
      search1 === undefined ? '—' : `${fmtMs(search1)} ms (at 20 connections: ${search20 === undefined ? '—' : fmtMs(search20)} ms)`,
      verdict(search1 === undefined ? undefined : search1 <= 25),
    ]);
  } else {
    rows.push(['search p99 ≤ 25 ms', '`search` is not in schema.graphql', 'not measured']);
  }
  const acks = writes?.acknowledgedPerSecond;
  rows.push([
    '≥ 1,000 acknowledged mutations/s from 16 clients',
    acks === undefined ? '—' : `${fmtInt(acks)}/s`,
    verdict(acks === undefined ? undefined : acks >= 1000),
  ]);
  const tenK = fanout?.levels.find((l) => l.subscribers === 10_000);
  rows.push([
    'fan-out to 10,000 subscribers: last delivery ≤ 250 ms at p99',
    tenK ? `last delivery p99 ${fmtMs(tenK.lastP99)} ms; per-delivery p99 ${fmtMs(tenK.p99)} ms` : '—',
    verdict(tenK ? tenK.lastP99 <= 250 && tenK.missing === 0 : undefined),
  ]);
  rows.push([
    '≤ 20 KB per idle subscription (at 10,000)',
    tenK ? fmtKb(tenK.perSubscriptionBytes) : '—',
    verdict(tenK ? tenK.perSubscriptionBytes <= 20 * 1024 : undefined),
  ]);
  if (fanout) {
    const c = fanout.churn;
    const grew = c.rssAfter - c.rssBefore;
    rows.push([
      `RSS back near baseline after ${fmtInt(c.cycles)} subscribe + abrupt-disconnect cycles (of ${fmtInt(c.target)} asked)`,
      `${fmtMb(c.rssBefore)} → ${fmtMb(c.rssAfter)} (${grew >= 0 ? '+' : ''}${fmtMb(grew)}); ${c.liveAfter} subscriptions left live`,
      verdict(c.liveAfter === 0 && grew <= Math.max(16 * 2 ** 20, 0.1 * c.rssBefore)),
    ]);
  }
  rows.push([
    '`npm start` first query ≤ 2 s (million-row database)',
    startup ? `${startup.firstQuerySeconds.toFixed(2)} s` : '—',
    verdict(startup ? startup.firstQuerySeconds <= 2 && startup.check === 'ok' : undefined),
  ]);
  if (imports) {
    const largest = imports.sizes.at(-1)!;
    const smallest = imports.sizes[0]!;
    const rate = median(largest.imports.map((run) => run.rowsPerSecond));
    const ratio = median(largest.imports.map((run, i) => run.rowsPerSecond / largest.raw[i]!.rowsPerSecond));
    const [small, large] = [
      median(smallest.imports.map((run) => run.peakRssBytes)),
      median(largest.imports.map((run) => run.peakRssBytes)),
    ];
    rows.push([`ACLED import ≥ 5,000 rows/s (${fmtInt(largest.rows)} rows)`, `${fmtInt(rate)} rows/s`, verdict(rate >= 5_000)]);
    rows.push([`ACLED import ≥ 0.3× raw inserts (${fmtInt(largest.rows)} rows)`, fmtRatio(ratio), verdict(ratio >= 0.3)]);
    rows.push([
      `ACLED import peak RSS flat from ${fmtInt(smallest.rows)} to ${fmtInt(largest.rows)} rows`,
      `${fmtMb(small)} → ${fmtMb(large)}`,
      verdict(large <= Math.max(small * 1.25, small + 32 * 2 ** 20)),
    ]);
  }
  return [
    '## Targets',
    '',
    table(['target', 'measured', 'verdict'], rows, ['l', 'l', 'l']),
    '',
    '"Near baseline": at most 10 % (or 16 MB, whichever is more) above the RSS before the churn, with no subscription left live. "Flat": the larger file\'s peak RSS at most 25 % (or 32 MB, whichever is more) above the smaller\'s.',
  ];
}
