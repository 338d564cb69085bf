/**
 * Section 1: read throughput and latency of three (or four) queries, Parley against baselines,
 * each server in its own child process, one at a time; and a CPU profile of Parley under the
 * nested query. The nested query also has its limit: its `data` from one SQLite statement.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_QUERY } from '../../src/server/default-query.js';
import { startChild, type ServerChild } from '../lib/child.js';
import type { Dataset } from '../lib/dataset.js';
import { globalId, post, sameJson } from '../lib/graphql.js';
import { load, type LoadResult } from '../lib/load.js';
import { summarize, type ProfileSummary } from '../lib/profile.js';

export interface QuerySpec {
  key: string;
  label: string;
  /** The request body, byte for byte the same for every server. */
  body: string;
  /** Also measure at 1 connection (the latency targets). */
  oneConnection: boolean;
  /** Run against Parley only (no baselines). */
  parleyOnly?: boolean;
}

export interface ServerSpec {
  key: string;
  label: string;
  file: string;
  env: Record<string, string>;
  parley: boolean;
  /** The only queries it answers (a reference for one query); all of them when absent. */
  only?: string[];
}

export interface Cell {
  check: string;
  c20?: LoadResult;
  c1?: LoadResult;
}

export interface QueryResults {
  queries: QuerySpec[];
  servers: ServerSpec[];
  /** cells[server][query] */
  cells: Record<string, Record<string, Cell>>;
  profile?: { file: string; summary: ProfileSummary; load: LoadResult };
}

export interface QueryOptions {
  seconds: number;
  warmupSeconds: number;
  oneConnectionSeconds: number;
  profileSeconds: number;
  dataDir: string;
  log: (line: string) => void;
}

export function buildQueries(data: Dataset, search: boolean): QuerySpec[] {
  const conflict = globalId('Conflict', data.conflictId);
  const queries: QuerySpec[] = [
    {
      key: 'node',
      label: 'node(id:) of an incident',
      body: JSON.stringify({
        query:
          'query Node($id: ID!) { node(id: $id) { id ... on Incident { title eventType date { start precision } location { name country } } } }',
        variables: { id: globalId('Incident', data.incidentId) },
      }),
      oneConnection: false,
    },
    {
      key: 'nested',
      label: 'nested "second round" (DEFAULT_QUERY)',
      body: JSON.stringify({ query: DEFAULT_QUERY, operationName: 'SecondRound' }),
      oneConnection: false,
    },
    {
      key: 'filtered',
      label: `incidents page, 1M rows (BATTLES, ${data.from}..${data.to})`,
      body: JSON.stringify({
        query:
          'query Page($filter: IncidentFilter) { incidents(first: 20, filter: $filter) { nodes { title date { start } location { name } actors { actor { name } side } } } }',
        variables: { filter: { conflict, eventTypes: ['BATTLES'], date: { from: data.from, to: data.to } } },
      }),
      oneConnection: true,
    },
    // The same page as of an event (Query.asOf): as of the newest, the same rows through the
    // versions' views; as of the event that recorded the middle incident, a log half as long.
    ...[
      { key: 'asof-new', eventId: data.lastEventId, label: 'the newest event' },
      { key: 'asof-mid', eventId: data.middleEventId, label: 'the middle incident' },
    ].map(({ key, eventId, label }) => ({
      key,
      label: `the same incidents page, asOf(cursor:) ${label}`,
      body: JSON.stringify({
        query:
          'query Page($filter: IncidentFilter, $at: String) { asOf(cursor: $at) { incidents(first: 20, filter: $filter) { nodes { title date { start } location { name } actors { actor { name } side } } } } }',
        variables: {
          filter: { conflict, eventTypes: ['BATTLES'], date: { from: data.from, to: data.to } },
          at: Buffer.from(JSON.stringify([eventId, eventId])).toString('base64url'),
        },
      }),
      oneConnection: true,
      parleyOnly: true,
    })),
    {
      key: 'area',
      label: `incidents page by area, 1M rows (a box of 0.5° × 0.3° around ${data.place}), first 20`,
      body: JSON.stringify({
        query:
          'query Area($filter: IncidentFilter) { incidents(first: 20, filter: $filter) { totalCount nodes { title date { start } location { latitude longitude geoPrecision } } } }',
        variables: {
          filter: {
            conflict,
            area: {
              bbox: { west: data.longitude - 0.25, south: data.latitude - 0.15, east: data.longitude + 0.25, north: data.latitude + 0.15 },
            },
          },
        },
      }),
      oneConnection: true,
      parleyOnly: true,
    },
    {
      key: 'counts',
      label: 'incidentCounts by WEEK of the 1M-row conflict (the whole war)',
      body: JSON.stringify({
        query:
          'query Counts($slug: String!) { conflict(slug: $slug) { incidentCounts(by: WEEK) { period periodEnd eventType count fatalities } } }',
        variables: { slug: data.slug },
      }),
      oneConnection: true,
      parleyOnly: true,
    },
  ];
  if (search) {
    queries.push({
      key: 'search',
      label: `search(query: "shelling ${data.place}"), first 20`,
      body: JSON.stringify({
        query:
          'query Search($q: String!) { search(query: $q, first: 20) { edges { node { kind snippet rank item { __typename ... on Incident { id title } ... on Statement { id } ... on Person { id name } ... on Proposal { id } } } } } }',
        variables: { q: `shelling ${data.place}` },
      }),
      oneConnection: true,
      parleyOnly: true,
    });
  }
  return queries;
}

export function buildServers(dbPath: string, rawResponses: string): ServerSpec[] {
  const parleyEnv = (cache: boolean) => ({ PARLEY_DB_PATH: dbPath, PARLEY_RESPONSE_CACHE: cache ? 'true' : 'false', PARLEY_SEED: 'false' });
  return [
    { key: 'parley-off', label: 'Parley, response cache off', file: 'parley.ts', env: parleyEnv(false), parley: true },
    { key: 'raw', label: '(a) raw node:http, same bytes', file: 'raw.ts', env: { BENCH_RAW_RESPONSES: rawResponses }, parley: false },
    { key: 'yoga', label: '(b) stock graphql-yoga', file: 'yoga.ts', env: { PARLEY_DB_PATH: dbPath }, parley: false },
    { key: 'mercurius', label: '(c) mercurius + graphql-jit', file: 'mercurius.ts', env: { PARLEY_DB_PATH: dbPath }, parley: false },
    {
      key: 'limit',
      label: '(d) node:http + one SQL statement',
      file: 'limit.ts',
      env: { PARLEY_DB_PATH: dbPath },
      parley: false,
      only: ['nested'],
    },
    { key: 'parley-on', label: 'Parley, response cache on', file: 'parley.ts', env: parleyEnv(true), parley: true },
  ];
}

function describeAnswer(answer: Awaited<ReturnType<typeof post>>): string {
  if (answer.status !== 200) return `HTTP ${answer.status}: ${answer.text.slice(0, 200)}`;
  if (answer.json?.errors?.length)
    return `errors: ${answer.json.errors
      .map((e) => e.message)
      .join('; ')
      .slice(0, 200)}`;
  if (!answer.json?.data) return `no data: ${answer.text.slice(0, 200)}`;
  return 'ok';
}

export async function runQueries(data: Dataset, queries: QuerySpec[], options: QueryOptions): Promise<QueryResults> {
  const { log } = options;
  const rawResponses = join(options.dataDir, 'raw-responses.json');
  const servers = buildServers(data.path, rawResponses);
  const cells: QueryResults['cells'] = {};
  const reference = new Map<string, unknown>();
  const recorded: { request: string; body: string; contentType: string }[] = [];

  for (const server of servers) {
    cells[server.key] = {};
    let child: ServerChild | undefined;
    try {
      child = await startChild(server.label, server.file, { env: server.env });
      for (const query of queries) {
        if ((query.parleyOnly && !server.parley) || (server.only && !server.only.includes(query.key))) continue;
        const answer = await post(child.url, query.body);
        let check = describeAnswer(answer);
        if (server.key === 'parley-off') {
          reference.set(query.key, answer.json?.data);
          // The raw server answers with exactly these bytes.
          recorded.push({ request: query.body, body: answer.text, contentType: answer.contentType });
          writeFileSync(rawResponses, JSON.stringify(recorded));
        } else if (check === 'ok' && !sameJson(answer.json?.data, reference.get(query.key))) {
          check = 'data differs from Parley';
        }
        const cell: Cell = { check };
        cells[server.key]![query.key] = cell;
        if (check !== 'ok' && check !== 'data differs from Parley') {
          log(`  ${server.label} / ${query.key}: ${check} — not measured`);
          continue;
        }
        await load({ url: child.url, body: query.body, connections: 20, seconds: options.warmupSeconds });
        cell.c20 = await load({ url: child.url, body: query.body, connections: 20, seconds: options.seconds });
        if (query.oneConnection) {
          // The server is still answering what the 20 connections left in flight when they stopped
          // (for a 30 ms query, over half a second of work); a first second at one connection
          // drains it, so the measured requests wait for nothing but themselves.
          await load({ url: child.url, body: query.body, connections: 1, seconds: 1 });
          cell.c1 = await load({ url: child.url, body: query.body, connections: 1, seconds: options.oneConnectionSeconds });
        }
        log(
          `  ${server.label.padEnd(32)} ${query.key.padEnd(8)} ${Math.round(cell.c20.rps).toString().padStart(6)} req/s` +
            `  p50 ${cell.c20.p50.toFixed(2)} ms  p99 ${cell.c20.p99.toFixed(2)} ms` +
            (cell.c1 ? `  | 1 conn p99 ${cell.c1.p99.toFixed(2)} ms` : '') +
            (cell.c20.failures ? `  (${cell.c20.failures} failures)` : '') +
            (check !== 'ok' ? `  [${check}]` : ''),
        );
      }
    } catch (error) {
      log(`  ${server.label}: ${error instanceof Error ? error.message : String(error)}`);
      for (const query of queries) cells[server.key]![query.key] ??= { check: `server failed: ${String(error).slice(0, 200)}` };
    } finally {
      await child?.stop();
    }
  }

  const result: QueryResults = { queries, servers, cells };
  const nested = queries.find((q) => q.key === 'nested')!;
  if (options.profileSeconds > 0) result.profile = await profileNested(data, nested, options);
  return result;
}

async function profileNested(data: Dataset, nested: QuerySpec, options: QueryOptions): Promise<QueryResults['profile']> {
  const dir = join(options.dataDir, 'profile');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const child = await startChild('Parley (profiled)', 'parley.ts', {
    env: { PARLEY_DB_PATH: data.path, PARLEY_RESPONSE_CACHE: 'false', PARLEY_SEED: 'false' },
    // No fixed name: the checkpointer's worker thread writes a profile too; the main thread's is CPU.*.<pid>.0.*.cpuprofile.
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
  });
  let measured: LoadResult;
  const nowUs = () => Number(process.hrtime.bigint() / 1000n);
  let window: { fromUs: number; toUs: number };
  try {
    await load({ url: child.url, body: nested.body, connections: 20, seconds: options.warmupSeconds });
    const fromUs = nowUs();
    measured = await load({ url: child.url, body: nested.body, connections: 20, seconds: options.profileSeconds });
    window = { fromUs, toUs: nowUs() };
  } finally {
    await child.stop(20_000);
  }
  const file = readdirSync(dir).find((f) => new RegExp(`^CPU\\.\\d+\\.\\d+\\.${child.pid}\\.0\\.\\d+\\.cpuprofile$`).test(f));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  // Only the samples of the measured load: not start-up (module loading) nor the warm-up.
  return { file: join(dir, file), summary: summarize(join(dir, file), 15, window), load: measured };
}
