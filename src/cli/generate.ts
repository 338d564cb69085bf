/**
 * `npm run db:generate -- --incidents 1000000`: adds a synthetic conflict to the database
 * PARLEY_DB_PATH names (created and migrated first), at the scale benchmarks need: ~200 actors,
 * ~30 sources, ~2,000 people with aliases and titles, ~200 rounds of talks with delegations,
 * participants and outcomes, N incidents and N/10 statements.
 *
 * Options: --incidents N (default 100000), --statements M (default N/10), --seed S (default 1: the
 * same seed writes the same facts), --batch B (incidents per transaction, default 10000: with their
 * actors, figures, statements, sources and events, about 60,000 rows), --quiet,
 * --no-worker (generate on the main thread too; by default a worker thread makes up the next batch
 * while the main thread writes the current one, and both write the same rows), --wal (stay in WAL
 * mode while loading, see below).
 *
 * It writes with prepared statements in large transactions instead of calling the domain commands
 * once per fact (a million commands would take an hour), but it writes exactly the rows those
 * commands write, so every invariant of the database holds afterwards:
 * - every fact recorded appends ONE event, in the same transaction, with the kind, subject,
 *   conflict, talk, actor ids, occurred-on day, summary and `data` snapshot the command would
 *   give it (the log is the truth of the stream: a subscriber resuming from a cursor sees these
 *   facts like any others, in id order);
 * - sources attach through `attributions`, as the commands attach them;
 * - references stay inside their conflict (a response, a talk), dates are ISO with the precision
 *   rules of `partialDate`; foreign keys, NOT NULL, UNIQUE and the append-only trigger are enforced
 *   by SQLite as for any write, the CHECKs too (those of the incidents' and statements' tables are
 *   evaluated by the generator itself, see BULK_CHECKS), and the search index is kept in step in
 *   the same transaction (see SearchTriggers).
 *
 * Speed (a million incidents in about 100 s on two cores): the writing thread is the bottleneck,
 * so a worker thread makes up the next batch (and checks its CHECKs) while the main thread writes
 * the current one with multi-row INSERTs; the database is in rollback-journal mode during the load
 * when nothing else has it open (each page written once) and back in WAL mode at the end.
 *
 * The values are random but drawn from a seeded PRNG, so benchmarks are repeatable; only ids and
 * `recorded_at` depend on what the database already holds and on when the generator runs.
 */
import type Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import {
  ATTRIBUTION_RELATIONS,
  DATE_PRECISIONS,
  FIGURE_QUALIFIERS,
  INCIDENT_EVENT_TYPES,
  INCIDENT_SIDES,
  SUBJECT_TYPES,
  type ActorKind,
  type AttributionRelation,
  type DatePrecision,
  type EventKind,
  type FigureQualifier,
  type IncidentEventType,
  type SourceKind,
  type SubjectType,
} from '../domain/vocabulary.js';

// ── Options ────────────────────────────────────────────────────────────────────────────────────

interface Options {
  incidents: number;
  statements: number;
  seed: number;
  batch: number;
  quiet: boolean;
  /** Generate in a worker thread while the main thread writes (the command line's default). */
  worker: boolean;
  /** The command line's journal mode while loading: rollback journal when possible ('auto'), or WAL. */
  journal?: 'auto' | 'wal';
}

function parseOptions(argv: string[]): Options {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log('Usage: npm run db:generate -- --incidents N [--statements M] [--seed S] [--batch B] [--quiet] [--no-worker] [--wal]');
      process.exit(0);
    }
    if (arg === '--quiet' || arg === '--no-worker' || arg === '--wal') {
      flags.add(arg.slice(2));
      continue;
    }
    const match = /^--(incidents|statements|seed|batch)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unknown argument "${arg}" (try --help).`);
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
    quiet: flags.has('quiet'),
    worker: !flags.has('no-worker'),
    journal: flags.has('wal') ? 'wal' : 'auto',
  };
}

// ── Randomness: a seeded PRNG (sfc32), so the same seed writes the same facts ────────────────

class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, state?: readonly number[]) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    if (state) [this.a, this.b, this.c, this.d] = state as [number, number, number, number];
    else for (let i = 0; i < 15; i++) this.next();
  }

  /** Where the sequence stands, to carry it on elsewhere (another thread). */
  state(): number[] {
    return [this.a, this.b, this.c, this.d];
  }

  /** A float in [0, 1). */
  next(): number {
    let { a, b, c, d } = this;
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.a = a; this.b = b; this.c = c; this.d = d;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }

  /** Distinct items, as many as asked (or all of them). */
  sample<T>(list: readonly T[], n: number): T[] {
    const copy = [...list];
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]!);
    return out;
  }
}

/** Picks by weight: build once from [value, weight] pairs, then draw in O(log n). */
class Weighted<T> {
  private readonly values: T[];
  private readonly cumulative: number[];

  constructor(readonly pairs: readonly (readonly [T, number])[]) {
    this.values = pairs.map(([v]) => v);
    let sum = 0;
    this.cumulative = pairs.map(([, w]) => (sum += w));
    this.cumulative = this.cumulative.map((c) => c / sum);
  }

  draw(random: Random): T {
    const x = random.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }
}

// ── Vocabulary of the synthetic world ────────────────────────────────────────────────────────

/** ACLED event types with Ukraine-like shares (2022–2024), and their sub-event types. */
const EVENT_TYPES = new Weighted<IncidentEventType>([
  ['EXPLOSIONS_REMOTE_VIOLENCE', 74],
  ['BATTLES', 16],
  ['STRATEGIC_DEVELOPMENTS', 6],
  ['PROTESTS', 2.5],
  ['VIOLENCE_AGAINST_CIVILIANS', 1.2],
  ['RIOTS', 0.3],
]);

const SUB_EVENT_TYPES: Record<IncidentEventType, Weighted<string>> = {
  EXPLOSIONS_REMOTE_VIOLENCE: new Weighted([
    ['SHELLING_ARTILLERY_MISSILE_ATTACK', 64],
    ['AIR_DRONE_STRIKE', 31],
    ['REMOTE_EXPLOSIVE_LANDMINE_IED', 4],
    ['GRENADE', 1],
  ]),
  BATTLES: new Weighted([
    ['ARMED_CLASH', 93],
    ['GOVERNMENT_REGAINS_TERRITORY', 4],
    ['NON_STATE_ACTOR_OVERTAKES_TERRITORY', 3],
  ]),
  STRATEGIC_DEVELOPMENTS: new Weighted([
    ['DISRUPTED_WEAPONS_USE', 45],
    ['LOOTING_PROPERTY_DESTRUCTION', 15],
    ['ARRESTS', 12],
    ['CHANGE_TO_GROUP_ACTIVITY', 10],
    ['AGREEMENT', 6],
    ['HEADQUARTERS_OR_BASE_ESTABLISHED', 4],
    ['NON_VIOLENT_TRANSFER_OF_TERRITORY', 3],
    ['OTHER', 5],
  ]),
  PROTESTS: new Weighted([
    ['PEACEFUL_PROTEST', 90],
    ['PROTEST_WITH_INTERVENTION', 9],
    ['EXCESSIVE_FORCE_AGAINST_PROTESTERS', 1],
  ]),
  VIOLENCE_AGAINST_CIVILIANS: new Weighted([
    ['ATTACK', 80],
    ['ABDUCTION_FORCED_DISAPPEARANCE', 18],
    ['SEXUAL_VIOLENCE', 2],
  ]),
  RIOTS: new Weighted([
    ['VIOLENT_DEMONSTRATION', 70],
    ['MOB_VIOLENCE', 30],
  ]),
};

const SUB_EVENT_WORDS: Record<string, [title: string, verb: string]> = {
  SHELLING_ARTILLERY_MISSILE_ATTACK: ['Shelling of', 'shelled'],
  AIR_DRONE_STRIKE: ['Drone strike on', 'struck'],
  REMOTE_EXPLOSIVE_LANDMINE_IED: ['Mine explosion near', 'laid explosives near'],
  GRENADE: ['Grenade attack in', 'dropped grenades on positions near'],
  ARMED_CLASH: ['Armed clash near', 'clashed with forces near'],
  GOVERNMENT_REGAINS_TERRITORY: ['Government forces regain', 'regained control of'],
  NON_STATE_ACTOR_OVERTAKES_TERRITORY: ['Armed group takes', 'took control of'],
  DISRUPTED_WEAPONS_USE: ['Air defence intercepts over', 'intercepted drones and missiles over'],
  LOOTING_PROPERTY_DESTRUCTION: ['Property destroyed in', 'destroyed property in'],
  ARRESTS: ['Arrests in', 'detained suspects in'],
  CHANGE_TO_GROUP_ACTIVITY: ['Troop movements near', 'redeployed units near'],
  AGREEMENT: ['Local agreement in', 'agreed a local exchange in'],
  HEADQUARTERS_OR_BASE_ESTABLISHED: ['New base near', 'set up a base near'],
  NON_VIOLENT_TRANSFER_OF_TERRITORY: ['Withdrawal from', 'withdrew from'],
  OTHER: ['Security incident in', 'were involved in an incident in'],
  PEACEFUL_PROTEST: ['Protest in', 'rallied in'],
  PROTEST_WITH_INTERVENTION: ['Protest dispersed in', 'protested in'],
  EXCESSIVE_FORCE_AGAINST_PROTESTERS: ['Force used against protesters in', 'protested in'],
  ATTACK: ['Attack on civilians in', 'attacked civilians in'],
  ABDUCTION_FORCED_DISAPPEARANCE: ['Abduction in', 'abducted residents of'],
  SEXUAL_VIOLENCE: ['Sexual violence reported in', 'committed abuses in'],
  VIOLENT_DEMONSTRATION: ['Riot in', 'rioted in'],
  MOB_VIOLENCE: ['Mob violence in', 'attacked people in'],
};

const SYLLABLES = ['vel', 'kar', 'os', 'tra', 'mir', 'no', 'bel', 'dor', 'za', 'lin', 'gor', 'ska', 'ven', 'ria', 'tan', 'lu', 'ka', 'pol', 'sev', 'ro', 'dan', 'ya', 'mar', 'chen', 'ov', 'ik', 'brod', 'vo', 'lek', 'sta'];
const PLACE_ENDINGS = ['grad', 'sk', 'ivka', 'ove', 'yn', 'ets', 'ka', 'ovo', 'ino', 'horod', 'pil', 'ytsia'];
const FIRST_NAMES = [
  'Andriy', 'Oleksandr', 'Mykola', 'Dmitri', 'Sergei', 'Yuri', 'Ivan', 'Pavlo', 'Viktor', 'Taras', 'Bohdan', 'Roman', 'Anton',
  'Olena', 'Iryna', 'Natalia', 'Svitlana', 'Maria', 'Yulia', 'Oksana', 'Tetiana', 'Larysa', 'Vera', 'Anna', 'Daria', 'Kira',
  'Mehmet', 'Ahmet', 'Elif', 'Fatma', 'Jean', 'Claire', 'Hans', 'Greta', 'John', 'Emily', 'Luca', 'Giulia', 'Piotr', 'Ewa',
];
const LAST_ROOTS = ['Koval', 'Shevch', 'Bondar', 'Tkach', 'Kravch', 'Oliyn', 'Moroz', 'Lysen', 'Hrytsen', 'Petr', 'Sokol', 'Volk', 'Orl', 'Zaits', 'Med', 'Lavr', 'Kuzn', 'Popov', 'Smirn', 'Ivan', 'Fedor', 'Mazur', 'Rudn', 'Bilous', 'Yarem', 'Demch', 'Polish', 'Savch', 'Marchen', 'Kostiuk'];
const LAST_ENDINGS = ['enko', 'uk', 'ov', 'ev', 'sky', 'chuk', 'ych', 'in', 'yak', 'ets'];
const CITIES = ['Port Auren', 'Silverhaven', 'Marisol', 'Castelbruna', 'Vinterholm', 'Eskara', 'Lakemont', 'Doravia', 'Nordbay', 'Alcora'];

const TITLES: readonly [title: string, bodyKind: 'GOV' | 'MIL' | 'STATE' | 'ORG'][] = [
  ['President', 'STATE'], ['Prime Minister', 'GOV'], ['Minister of Defence', 'GOV'], ['Foreign Minister', 'GOV'],
  ['Deputy Foreign Minister', 'GOV'], ['Presidential Aide', 'GOV'], ['Spokesperson', 'GOV'], ['Chief of the General Staff', 'MIL'],
  ['Commander', 'MIL'], ['Brigade Commander', 'MIL'], ['Military Spokesperson', 'MIL'], ['Ambassador', 'STATE'],
  ['Head of the Negotiating Team', 'GOV'], ['Member of Parliament', 'GOV'], ['Regional Governor', 'GOV'], ['Envoy', 'ORG'],
  ['Secretary-General', 'ORG'], ['Special Representative', 'ORG'],
];

const FIGURE_KINDS = new Weighted<[metric: string, unit: string, about: string, scale: number]>([
  [['fatalities', 'people', 'people killed', 6], 45],
  [['injured', 'people', 'people injured', 12], 25],
  [['drones launched', 'drones', 'drones launched in the attack', 60], 10],
  [['missiles launched', 'missiles', 'missiles launched in the attack', 8], 5],
  [['buildings damaged', 'buildings', 'residential buildings damaged', 10], 10],
  [['prisoners exchanged', 'people', 'prisoners of war exchanged', 150], 5],
]);
const QUALIFIERS = new Weighted<FigureQualifier>([['EXACT', 60], ['AT_LEAST', 22], ['APPROXIMATELY', 10], ['MORE_THAN', 6], ['LESS_THAN', 2]]);

const DAY_MS = 86_400_000;
/** The synthetic war runs three years from here. */
const WAR_START = Date.UTC(2022, 2, 1);
const SPAN_DAYS = 3 * 365;
const isoDay = (day: number) => new Date(WAR_START + day * DAY_MS).toISOString().slice(0, 10);

// ── Writing ──────────────────────────────────────────────────────────────────────────────────

interface Actor {
  id: number;
  name: string;
  kind: ActorKind;
  parentId: number | null;
  countryCode: string | null;
}
interface Place {
  name: string;
  region: string;
  country: string;
  lat: number;
  lon: number;
}
interface Party {
  state: Actor;
  government: Actor;
  presidency: Actor;
  ministries: Actor[];
  armedForces: Actor;
  airForce: Actor;
  airDefence: Actor;
  police: Actor;
  units: Actor[];
  civilians: Actor;
  protesters: Actor;
  rioters: Actor;
  places: Weighted<Place>;
  bodies: Actor[];
}
interface PersonRef {
  id: number;
  name: string;
  actorId: number | null;
  party: number | null;
}
interface SourceRef {
  id: number;
  kind: SourceKind;
}
interface TalkRef {
  id: number;
  day: number;
}

type Row = Record<string, unknown>;

/** Every table the generator writes, and the columns it writes in order. */
const COLUMNS = {
  conflicts: ['id', 'slug', 'name', 'description', 'date_start', 'date_end', 'date_precision', 'date_text', 'recorded_at'],
  actors: ['id', 'name', 'kind', 'parent_id', 'country_code', 'description', 'recorded_at'],
  sources: ['id', 'name', 'kind', 'actor_id', 'url', 'description'],
  people: ['id', 'name', 'description', 'recorded_at'],
  person_aliases: ['id', 'person_id', 'alias'],
  person_titles: ['id', 'person_id', 'title', 'actor_id', 'valid_from', 'valid_to'],
  talks: ['id', 'conflict_id', 'title', 'round', 'venue_city', 'venue_country', 'host_actor_id', 'status', 'description', 'date_start', 'date_end', 'date_precision', 'date_text', 'recorded_at'],
  talk_outcomes: ['id', 'talk_id', 'description', 'achieved'],
  delegations: ['id', 'talk_id', 'actor_id', 'role', 'attendance', 'description'],
  participations: ['id', 'delegation_id', 'person_id', 'role', 'description'],
  incidents: ['id', 'conflict_id', 'event_type', 'sub_event_type', 'title', 'description', 'location_name', 'region', 'country', 'latitude', 'longitude', 'responded_to_id', 'talk_id', 'date_start', 'date_end', 'date_precision', 'date_text', 'revision', 'retracted_at', 'retraction_reason', 'recorded_at'],
  incident_actors: ['id', 'incident_id', 'actor_id', 'side'],
  figures: ['id', 'conflict_id', 'metric', 'value', 'unit', 'qualifier', 'comparison', 'about', 'actor_id', 'incident_id', 'date_start', 'date_end', 'date_precision', 'date_text', 'recorded_at'],
  statements: ['id', 'conflict_id', 'speaker_person_id', 'speaker_actor_id', 'quote', 'paraphrase', 'context', 'talk_id', 'date_start', 'date_end', 'date_precision', 'date_text', 'revision', 'retracted_at', 'retraction_reason', 'recorded_at'],
  statement_subjects: ['id', 'statement_id', 'subject_type', 'subject_id'],
  attributions: ['id', 'source_id', 'subject_type', 'subject_id', 'relation', 'note'],
  events: ['id', 'conflict_id', 'kind', 'subject_type', 'subject_id', 'talk_id', 'actor_ids', 'occurred_on', 'recorded_at', 'summary', 'reason', 'data'],
} as const;
type Table = keyof typeof COLUMNS;

/** Rows per multi-row INSERT: one statement, one call into SQLite, for this many rows. */
const ROWS_PER_INSERT = 64;

/**
 * Prepared inserts with ids assigned here: each transaction starts by reading where every
 * table's AUTOINCREMENT sequence stands (under the write lock, so no other writer can interleave),
 * and the rows of the transaction take the ids that follow, as the commands' rows would have.
 *
 * Rows are buffered and written ROWS_PER_INSERT at a time with multi-row INSERTs. A flush writes
 * every table's buffer in COLUMNS order, parents before children, so each row's foreign keys
 * point at rows already written (or written earlier in the same statement, which SQLite checks
 * at the end of the statement).
 */
/** Where generated rows go: straight into the database, or into a batch for another thread to write. */
interface Emitter {
  /** The id the next row of `table` will get, without taking it. */
  peek(table: Table): number;
  /** The id the next row of `table` will get. */
  id(table: Table): number;
  insert(table: Table, values: unknown[]): void;
}

/** A batch of rows generated off the main thread: each table's rows, flattened, and their ids. */
interface Batch {
  /** The ids the batch's first rows took: the database must be where the generator thought. */
  start: Record<Table, number>;
  /** The ids that follow the batch. */
  next: Record<Table, number>;
  values: Record<Table, unknown[]>;
  rows: Record<Table, number>;
  progress: { incidents: number; statements: number };
}

const TABLES = Object.keys(COLUMNS) as Table[];
const perTable = <V>(value: () => V) => Object.fromEntries(TABLES.map((t) => [t, value()])) as Record<Table, V>;

/**
 * The CHECK constraints of src/db/schema.ts on the tables the bulk phase writes, as predicates
 * over a row (built from the same vocabularies as the CHECKs). SQLite evaluating them costs a
 * quarter of the write time of a million incidents, and the writing thread is the bottleneck: so
 * bulk transactions run with `ignore_check_constraints` and every bulk row is checked here
 * instead, before it is handed on (in the generator thread, which has time to spare). Foreign
 * keys, NOT NULL and UNIQUE stay with SQLite, and so do all the CHECKs of the world's tables.
 */
const BULK_CHECKS: Partial<Record<Table, [name: string, test: (get: (column: string) => unknown) => boolean][]>> = (() => {
  const nonEmpty = (v: unknown) => typeof v === 'string' && v.replace(/^ +| +$/g, '').length > 0; // length(trim(v)) > 0
  const iso = (v: unknown) => typeof v === 'string' && /^[0-9]{4}-[0-1][0-9]-[0-3][0-9]$/.test(v); // the GLOB of isoDate()
  const oneOf = (list: readonly string[]) => (v: unknown) => list.includes(v as string);
  const between = (v: unknown, lo: number, hi: number) => v === null || (typeof v === 'number' && v >= lo && v <= hi);
  type Check = [string, (get: (column: string) => unknown) => boolean];
  const dated = (table: string): Check[] => [
    [`${table}_date_start_iso`, (get) => iso(get('date_start'))],
    [`${table}_date_end_iso`, (get) => get('date_end') === null || (iso(get('date_end')) && (get('date_end') as string) >= (get('date_start') as string))],
    [`${table}_date_precision`, (get) => oneOf(DATE_PRECISIONS)(get('date_precision'))],
  ];
  const correctable = (table: string): Check[] => [
    [`${table}_revision`, (get) => (get('revision') as number) >= 1],
    [`${table}_retraction`, (get) => (get('retracted_at') === null) === (get('retraction_reason') === null)],
  ];
  return {
    incidents: [
      ['incidents_event_type', (get) => oneOf(INCIDENT_EVENT_TYPES)(get('event_type'))],
      ['incidents_title_nonempty', (get) => nonEmpty(get('title'))],
      ['incidents_latitude', (get) => between(get('latitude'), -90, 90)],
      ['incidents_longitude', (get) => between(get('longitude'), -180, 180)],
      ['incidents_coordinates_pair', (get) => (get('latitude') === null) === (get('longitude') === null)],
      ...correctable('incidents'),
      ['incidents_not_self_response', (get) => get('responded_to_id') === null || get('responded_to_id') !== get('id')],
      ...dated('incidents'),
    ],
    incident_actors: [['incident_actors_side', (get) => oneOf(INCIDENT_SIDES)(get('side'))]],
    figures: [
      ['figures_qualifier', (get) => oneOf(FIGURE_QUALIFIERS)(get('qualifier'))],
      ['figures_metric_nonempty', (get) => nonEmpty(get('metric'))],
      ...dated('figures'),
    ],
    statements: [
      ...correctable('statements'),
      ['statements_speaker', (get) => get('speaker_person_id') !== null || get('speaker_actor_id') !== null],
      ['statements_content', (get) => nonEmpty(get('quote')) || nonEmpty(get('paraphrase'))],
      ...dated('statements'),
    ],
    statement_subjects: [['statement_subjects_type', (get) => oneOf(SUBJECT_TYPES)(get('subject_type'))]],
    attributions: [
      ['attributions_subject_type', (get) => oneOf(SUBJECT_TYPES)(get('subject_type'))],
      ['attributions_relation', (get) => oneOf(ATTRIBUTION_RELATIONS)(get('relation'))],
    ],
    events: [
      ['events_actor_ids_array', (get) => typeof get('actor_ids') === 'string' && Array.isArray(JSON.parse(get('actor_ids') as string))],
      ['events_summary_nonempty', (get) => nonEmpty(get('summary'))],
    ],
  };
})();

/** Fails on a bulk row that a CHECK of its table would refuse. */
function checkRow(table: Table, values: readonly unknown[]): void {
  const checks = BULK_CHECKS[table];
  if (!checks) return;
  const columns: readonly string[] = COLUMNS[table];
  const get = (column: string) => values[columns.indexOf(column)];
  for (const [name, test] of checks) {
    if (!test(get)) throw new Error(`A generated ${table} row breaks CHECK ${name}: ${JSON.stringify(values).slice(0, 500)}`);
  }
}

/** Collects rows into batches, with the ids they will take, for the main thread to write. */
class Recorder implements Emitter {
  private start: Record<Table, number>;
  private values = perTable<unknown[]>(() => []);
  private rows = perTable(() => 0);

  constructor(private readonly next: Record<Table, number>) {
    this.start = { ...next };
  }

  peek(table: Table): number {
    return this.next[table];
  }

  id(table: Table): number {
    return this.next[table]++;
  }

  insert(table: Table, values: unknown[]): void {
    checkRow(table, values);
    const buffer = this.values[table];
    for (const value of values) buffer.push(value);
    this.rows[table]++;
  }

  take(progress: Batch['progress']): Batch {
    const batch: Batch = { start: this.start, next: { ...this.next }, values: this.values, rows: this.rows, progress };
    this.start = { ...this.next };
    this.values = perTable<unknown[]>(() => []);
    this.rows = perTable(() => 0);
    return batch;
  }
}

class Inserter implements Emitter {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly buffers = new Map<Table, unknown[]>();
  private readonly next = new Map<Table, number>();
  readonly written = Object.fromEntries(Object.keys(COLUMNS).map((table) => [table, 0])) as Record<Table, number>;

  constructor(private readonly sqlite: Database.Database) {
    for (const table of Object.keys(COLUMNS) as Table[]) this.buffers.set(table, []);
  }

  /** Reads the next free id of every table; call at the start of each transaction. */
  syncIds(): void {
    for (const table of Object.keys(COLUMNS) as Table[]) {
      const seq = this.sqlite.prepare('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(table) as number | undefined;
      const max = this.sqlite.prepare(`SELECT max(id) FROM ${table}`).pluck().get() as number | null;
      this.next.set(table, Math.max(seq ?? 0, max ?? 0) + 1);
    }
  }

  /** The id the next row of `table` will get, without taking it. */
  peek(table: Table): number {
    return this.next.get(table)!;
  }

  /** The id the next row of `table` will get. */
  id(table: Table): number {
    const id = this.next.get(table)!;
    this.next.set(table, id + 1);
    return id;
  }

  insert(table: Table, values: unknown[]): void {
    checkRow(table, values);
    const buffer = this.buffers.get(table)!;
    for (const value of values) buffer.push(value);
    this.written[table]++;
    if (buffer.length >= ROWS_PER_INSERT * COLUMNS[table].length) this.flush();
  }

  /** The next free id of every table, as this inserter sees it. */
  nextIds(): Record<Table, number> {
    return Object.fromEntries(this.next) as Record<Table, number>;
  }

  /**
   * Writes a batch generated elsewhere, table by table in COLUMNS order (parents first), after
   * checking that its ids are the database's next ones: if anything else wrote meanwhile, the
   * batch's ids and snapshots are stale and the transaction is abandoned.
   */
  insertBatch(batch: Batch): void {
    for (const table of TABLES) {
      if (batch.start[table] !== this.next.get(table)) {
        throw new Error(
          `Another writer added to ${table} while the generator ran (next id ${this.next.get(table)}, expected ${batch.start[table]}); ` +
            'nothing of this batch was written. Run the generator while nothing else writes, or with --no-worker.',
        );
      }
    }
    for (const table of TABLES) {
      const values = batch.values[table];
      const width = COLUMNS[table].length;
      for (let offset = 0; offset < values.length; offset += ROWS_PER_INSERT * width) {
        const chunk = offset === 0 && values.length === ROWS_PER_INSERT * width ? values : values.slice(offset, offset + ROWS_PER_INSERT * width);
        this.statement(table, chunk.length / width).run(chunk);
      }
      this.written[table] += batch.rows[table];
      this.next.set(table, batch.next[table]);
    }
  }

  /** Writes every buffered row, parents first; call before reading what was written. */
  flush(): void {
    for (const [table, buffer] of this.buffers) {
      if (!buffer.length) continue;
      const width = COLUMNS[table].length;
      const full = ROWS_PER_INSERT * width;
      if (buffer.length === full) this.statement(table, ROWS_PER_INSERT).run(buffer);
      else {
        for (let offset = 0; offset < buffer.length; offset += full) {
          const values = buffer.slice(offset, offset + full);
          this.statement(table, values.length / width).run(values);
        }
      }
      buffer.length = 0;
    }
  }

  private statement(table: Table, rows: number): Database.Statement {
    const key = `${table}:${rows}`;
    let statement = this.statements.get(key);
    if (!statement) {
      const columns = COLUMNS[table];
      const row = `(${columns.map(() => '?').join(', ')})`;
      statement = this.sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rows).fill(row).join(', ')}`);
      this.statements.set(key, statement);
    }
    return statement;
  }
}

/**
 * The triggers that keep the full-text index in step with incidents and statements fire once per
 * row, and FTS5 flushes its pending terms at every statement that fires one: a million single-row
 * flushes (and the merges they cause) cost several times the rest of the generation. For a bulk
 * transaction the generator drops those AFTER INSERT triggers, writes its rows, runs each trigger's
 * own statement once for the whole range of new ids (`= new.id` becomes `BETWEEN ? AND ?`, in
 * chunks), and re-creates the triggers from their stored SQL before the transaction commits. Other
 * connections never see the triggers missing, and the index ends up holding exactly the rows the
 * triggers would have written. A trigger whose body is not of that one-statement form is left alone.
 */
class SearchTriggers {
  private constructor(
    readonly table: string,
    private readonly sqlite: Database.Database,
    private readonly sql: string,
    private readonly body: string,
  ) {}

  static suspend(sqlite: Database.Database, tables: readonly string[]): SearchTriggers[] {
    const rows = sqlite
      .prepare(`SELECT name, tbl_name AS tableName, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (${tables.map(() => '?').join(', ')})`)
      .all(...tables) as { name: string; tableName: string; sql: string }[];
    const suspended: SearchTriggers[] = [];
    for (const { name, tableName, sql } of rows) {
      // (A WHEN clause is dropped with the trigger: the generator's writes are never deferred.)
      const match = /\bAFTER\s+INSERT\s+ON\s+[`"]?\w+[`"]?\s+(?:WHEN\s+[\s\S]*?\s+)?BEGIN\s+([\s\S]*?);?\s*END\s*$/i.exec(sql);
      const body = match?.[1];
      if (!body || body.includes(';') || !/\bsearch_index\b/.test(body)) continue;
      const refs = body.match(/\bnew\.\w+/gi) ?? [];
      if (refs.length !== 1 || !/=\s*new\.id\b/i.test(body)) continue;
      sqlite.exec(`DROP TRIGGER ${JSON.stringify(name)}`);
      suspended.push(new SearchTriggers(tableName, sqlite, sql, body.replace(/=\s*new\.id\b/i, 'BETWEEN ? AND ?')));
    }
    return suspended;
  }

  /** Does what the trigger would have done for every row with an id in [first, last]. */
  refill(first: number, last: number): void {
    const statement = this.sqlite.prepare(this.body);
    for (let from = first; from <= last; from += 2_000) statement.run(from, Math.min(last, from + 1_999));
  }

  restore(): void {
    this.sqlite.exec(this.sql);
  }
}

/** `recorded_at` as the commands give it (now, in ms) and as their JSON snapshots hold it. */
class Clock {
  private ms = 0;
  private iso = '';

  now(): [number, string] {
    const ms = Date.now();
    if (ms !== this.ms) {
      this.ms = ms;
      this.iso = new Date(ms).toISOString();
    }
    return [this.ms, this.iso];
  }
}

/** What a generator thread needs to carry on where the main thread's generator stands. */
interface Snapshot {
  options: Options;
  conflictId: number;
  parties: (Omit<Party, 'places'> & { places: (readonly [Place, number])[] })[];
  sources: Generator['sources'];
  people: PersonRef[];
  peopleByParty: PersonRef[][];
  talks: TalkRef[];
  actorNames: [number, string][];
  recent: { id: number; day: number }[];
  progress: { incidents: number; statements: number };
  random: number[];
}

/**
 * Makes up the facts and hands their rows to an Emitter, which writes them (the main thread's
 * Inserter) or collects them (a generator thread's Recorder): the same code, the same seeded
 * sequence of random draws, the same rows either way.
 */
class Generator {
  private readonly random: Random;
  private readonly clock = new Clock();
  conflictId = 0;
  suffix = '';
  private parties: Party[] = [];
  private mediators: Actor[] = [];
  private organizations: Actor[] = [];
  private media: Actor[] = [];
  private readonly actorName = new Map<number, string>();
  sources: { news: SourceRef[]; military: SourceRef[][]; other: SourceRef[] } = { news: [], military: [], other: [] };
  private people: PersonRef[] = [];
  private peopleByParty: PersonRef[][] = [[], []];
  private talks: TalkRef[] = [];
  /** The latest incidents (id, day): what responses and statements point at. */
  private recent: { id: number; day: number }[] = [];
  /** Incidents and statements generated so far. */
  progress = { incidents: 0, statements: 0 };

  constructor(
    private readonly options: Options,
    private readonly out: Emitter,
    random?: Random,
  ) {
    this.random = random ?? new Random(options.seed);
  }

  get finished(): boolean {
    return this.progress.incidents >= this.options.incidents && this.progress.statements >= this.options.statements;
  }

  snapshot(): Snapshot {
    return {
      options: this.options,
      conflictId: this.conflictId,
      parties: this.parties.map((p) => ({ ...p, places: [...p.places.pairs] })),
      sources: this.sources,
      people: this.people,
      peopleByParty: this.peopleByParty,
      talks: this.talks,
      actorNames: [...this.actorName],
      recent: this.recent,
      progress: this.progress,
      random: this.random.state(),
    };
  }

  static restore(snapshot: Snapshot, out: Emitter): Generator {
    const generator = new Generator(snapshot.options, out, new Random(snapshot.options.seed, snapshot.random));
    generator.conflictId = snapshot.conflictId;
    generator.parties = snapshot.parties.map((p) => ({ ...p, places: new Weighted(p.places) }));
    generator.sources = snapshot.sources;
    generator.people = snapshot.people;
    generator.peopleByParty = snapshot.peopleByParty;
    generator.talks = snapshot.talks;
    for (const [id, name] of snapshot.actorNames) generator.actorName.set(id, name);
    generator.recent = snapshot.recent;
    generator.progress = snapshot.progress;
    return generator;
  }

  /** The world the incidents happen in: actors, sources, the conflict, people, talks. */
  setUp(slug: string): void {
    this.recordWorld();
    this.recordConflict(slug);
    this.recordPeople(2_000);
    this.recordTalks(200);
  }

  /** The next `batch` incidents, and the statements that fall due with them (all that remain, at the end). */
  generateBatch(): void {
    const { incidents, statements, batch } = this.options;
    const until = Math.min(incidents, this.progress.incidents + batch);
    for (; this.progress.incidents < until; this.progress.incidents++) {
      const done = this.progress.incidents;
      this.recordIncident(done, incidents);
      // Statements follow the incidents they comment on, in step with them.
      const due = Math.floor(((done + 1) * statements) / incidents);
      while (this.progress.statements < due) {
        this.recordStatement(Math.floor((done / incidents) * SPAN_DAYS));
        this.progress.statements++;
      }
    }
    if (this.progress.incidents >= incidents) {
      while (this.progress.statements < statements) {
        this.recordStatement(this.random.int(0, SPAN_DAYS));
        this.progress.statements++;
      }
    }
  }

  // ── Events and attributions, as appendEvent and attachSources write them ──

  private event(
    kind: EventKind,
    subjectType: SubjectType,
    subjectId: number,
    conflictId: number | null,
    talkId: number | null,
    actorIds: readonly (number | null | undefined)[],
    occurredOn: string | null,
    recordedAt: number,
    summary: string,
    data: unknown,
  ): void {
    // appendEvent's [...new Set(ids without nulls)], without the allocations (this runs a million times).
    const ids: number[] = [];
    for (const id of actorIds) if (typeof id === 'number' && !ids.includes(id)) ids.push(id);
    this.out.insert('events', [
      this.out.id('events'),
      conflictId,
      kind,
      subjectType,
      subjectId,
      talkId,
      JSON.stringify(ids),
      occurredOn,
      recordedAt,
      summary,
      null,
      JSON.stringify(data),
    ]);
  }

  private attribute(subjectType: SubjectType, subjectId: number, cites: readonly [SourceRef, AttributionRelation][]): void {
    const seen = new Set<string>();
    for (const [source, relation] of cites) {
      // attachSources upserts on (subject, source, relation): a repeat is no new row.
      const key = `${source.id}:${relation}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.out.insert('attributions', [this.out.id('attributions'), source.id, subjectType, subjectId, relation, null]);
    }
  }

  private relationOf(source: SourceRef): AttributionRelation {
    return source.kind === 'NEWS_AGENCY' || source.kind === 'MEDIA' ? 'REPORTED_BY' : 'ACCORDING_TO';
  }

  private cite(party: number | null, n: number): [SourceRef, AttributionRelation][] {
    const cites: [SourceRef, AttributionRelation][] = [];
    for (let i = 0; i < n; i++) {
      const roll = this.random.next();
      const source =
        roll < 0.45 && party !== null
          ? this.random.pick(this.sources.military[party]!)
          : roll < 0.9
            ? this.random.pick(this.sources.news)
            : this.random.pick(this.sources.other);
      cites.push([source, this.relationOf(source)]);
    }
    return cites;
  }

  // ── Reference facts: actors, sources, the conflict, people, talks ──

  private actor(name: string, kind: ActorKind, parent: Actor | null, countryCode: string | null, description: string | null): Actor {
    const [ms, iso] = this.clock.now();
    const row = {
      id: this.out.id('actors'),
      name: name + this.suffix,
      kind,
      parentId: parent?.id ?? null,
      countryCode,
      description,
      recordedAt: iso,
    };
    this.out.insert('actors', [row.id, row.name, kind, row.parentId, countryCode, description, ms]);
    this.event('ACTOR_RECORDED', 'ACTOR', row.id, null, null, [row.id, row.parentId], null, ms, `Actor recorded: ${row.name}`, row);
    this.actorName.set(row.id, row.name);
    return { id: row.id, name: row.name, kind, parentId: row.parentId, countryCode };
  }

  private source(name: string, kind: SourceKind, actor: Actor | null, url: string | null, description: string | null): SourceRef {
    const row = { id: this.out.id('sources'), name: name + this.suffix, kind, actorId: actor?.id ?? null, url, description };
    this.out.insert('sources', [row.id, row.name, kind, row.actorId, url, description]);
    const [ms] = this.clock.now();
    this.event('SOURCE_RECORDED', 'SOURCE', row.id, null, null, [row.actorId], null, ms, `Source recorded: ${row.name}`, row);
    return { id: row.id, kind };
  }

  private word(min: number, max: number): string {
    let w = '';
    const n = this.random.int(min, max);
    for (let i = 0; i < n; i++) w += this.random.pick(SYLLABLES);
    return w.charAt(0).toUpperCase() + w.slice(1);
  }

  private recordWorld(): void {
    // Two parties at war, each with a state, its government and forces, and its territory.
    const partyNames = ['Veloria', 'Karstan'];
    const codes = ['QV', 'QK'];
    // Veloria is where most of the war is fought; Karstan gets cross-border strikes.
    const boxes = [
      { lat: [45.5, 52], lon: [29, 40] },
      { lat: [50, 56], lon: [36, 46] },
    ];
    this.parties = partyNames.map((country, p) => {
      const state = this.actor(country, 'STATE', null, codes[p]!, `A state party to the synthetic ${partyNames.join('–')} war.`);
      const government = this.actor(`Government of ${country}`, 'GOVERNMENT_BODY', state, null, null);
      const presidency = this.actor(`Presidential Office of ${country}`, 'GOVERNMENT_BODY', government, null, null);
      const ministries = ['Defence', 'Foreign Affairs', 'Internal Affairs', 'Reintegration', 'Health'].map((m) =>
        this.actor(`Ministry of ${m} of ${country}`, 'GOVERNMENT_BODY', government, null, null),
      );
      const armedForces = this.actor(`Armed Forces of ${country}`, 'ARMED_FORCE', state, null, null);
      const airForce = this.actor(`Air Force of ${country}`, 'ARMED_FORCE', armedForces, null, null);
      const airDefence = this.actor(`Air Defence Forces of ${country}`, 'ARMED_FORCE', armedForces, null, null);
      const navy = this.actor(`Navy of ${country}`, 'ARMED_FORCE', armedForces, null, null);
      const guard = this.actor(`National Guard of ${country}`, 'ARMED_FORCE', state, null, null);
      const police = this.actor(`Police Forces of ${country}`, 'ARMED_FORCE', ministries[2]!, null, null);
      const kinds = ['Mechanized', 'Motorized Rifle', 'Assault', 'Artillery', 'Airborne', 'Marine', 'Tank', 'Territorial Defence'];
      const units: Actor[] = [navy, guard];
      for (let i = 0; i < 36; i++) {
        const n = 3 + i * 7 + p;
        const suffix = n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
        units.push(this.actor(`${n}${suffix} ${kinds[i % kinds.length]} Brigade (${country})`, 'ARMED_FORCE', armedForces, null, null));
      }
      const civilians = this.actor(`Civilians (${country})`, 'ORGANIZATION', null, null, 'ACLED-style actor: unarmed civilians.');
      const protesters = this.actor(`Protesters (${country})`, 'ORGANIZATION', null, null, null);
      const rioters = this.actor(`Rioters (${country})`, 'ORGANIZATION', null, null, null);
      this.actor(`Unidentified Armed Group (${country})`, 'ARMED_FORCE', null, null, null);
      // Regions and places, with coordinates inside the country's box; front-line regions weigh more.
      const places: [Place, number][] = [];
      const regions: Actor[] = [];
      for (let r = 0; r < 18; r++) {
        const region = `${this.word(2, 3)} ${p === 0 ? 'Oblast' : 'Krai'}`;
        regions.push(this.actor(`Regional Administration of ${region}`, 'GOVERNMENT_BODY', government, null, null));
        const clat = boxes[p]!.lat[0]! + this.random.next() * (boxes[p]!.lat[1]! - boxes[p]!.lat[0]!);
        const clon = boxes[p]!.lon[0]! + this.random.next() * (boxes[p]!.lon[1]! - boxes[p]!.lon[0]!);
        const weight = r < 5 ? 12 : r < 10 ? 3 : 1;
        for (let k = 0; k < 15; k++) {
          const name = this.word(1, 2) + this.random.pick(PLACE_ENDINGS);
          places.push([
            { name, region, country, lat: clat + (this.random.next() - 0.5) * 1.2, lon: clon + (this.random.next() - 0.5) * 1.8 },
            weight * (k < 3 ? 5 : 1),
          ]);
        }
      }
      return {
        state,
        government,
        presidency,
        ministries,
        armedForces,
        airForce,
        airDefence,
        police,
        units,
        civilians,
        protesters,
        rioters,
        places: new Weighted(places),
        bodies: [government, presidency, ...ministries, ...regions.slice(0, 6)],
      };
    });
    // Third states that host, mediate and observe, with user-assigned ISO codes.
    const thirdCodes = ['QM', 'QN', 'QO', 'QP', 'QR', 'QS', 'QT', 'QU', 'QW', 'QX', 'QY', 'QZ', 'XA', 'XB', 'XC', 'XD', 'XE', 'XF', 'XG', 'XH'];
    this.mediators = thirdCodes.map((code) => this.actor(this.word(2, 3) + 'ia', 'STATE', null, code, null));
    this.organizations = [
      'Council of Nations', 'International Committee for Humanitarian Relief', 'Continental Security Organization',
      'Union of Southern States', 'Observer Mission for the Ceasefire', 'World Food Relief Agency',
      'Atomic Safety Commission', 'Human Rights Monitoring Mission',
    ].map((name) => this.actor(name, 'ORGANIZATION', null, null, null));
    this.media = [
      'Meridian News Agency', 'Global Wire', 'Continental Press', 'Northern Observer', 'The Daily Ledger', 'Radio Free Plains',
      'Veloria Public Broadcasting', 'Veloria Today', 'Karstan State Television', 'Karstan Herald', 'Frontline Monitor',
      'Open Map Project', 'East European Desk', 'Capital Times', 'Evening Dispatch', 'Signal News', 'Harbor Gazette',
      'Wireline', 'Mainstream Report', 'Independent Voice',
    ].map((name) => this.actor(name, 'MEDIA_OUTLET', null, null, null));

    // Sources: the agencies behind most reports, each side's military, and estimates and monitors.
    this.sources.news = this.media.map((outlet, i) =>
      this.source(outlet.name.replace(this.suffix, ''), i < 3 ? 'NEWS_AGENCY' : 'MEDIA', outlet, `https://example.org/${i}`, null),
    );
    this.sources.military = this.parties.map((party, p) => [
      this.source(`General Staff of ${partyNames[p]}`, 'MILITARY', party.armedForces, null, null),
      this.source(`Ministry of Defence of ${partyNames[p]} (statements)`, 'MILITARY', party.ministries[0]!, null, null),
      this.source(`Air Force of ${partyNames[p]} (daily report)`, 'MILITARY', party.airForce, null, null),
      this.source(`Government of ${partyNames[p]} (press office)`, 'GOVERNMENT', party.government, null, null),
    ]);
    this.sources.other = [
      this.source('Conflict Monitoring Estimates', 'ESTIMATE', null, null, 'Open-source estimates.'),
      this.source('Ceasefire Observer Reports', 'OFFICIAL_DOCUMENT', this.organizations[4]!, null, null),
      this.source('Humanitarian Situation Reports', 'OFFICIAL_DOCUMENT', this.organizations[1]!, null, null),
      this.source('Rights Mission Bulletins', 'OFFICIAL_DOCUMENT', this.organizations[7]!, null, null),
    ];
  }

  private recordConflict(slug: string): void {
    const [ms, iso] = this.clock.now();
    const row = {
      id: this.out.id('conflicts'),
      slug,
      name: `Synthetic war: Veloria–Karstan (${slug})`,
      description: `Synthetic data for benchmarks: ${this.options.incidents} incidents, generated with seed ${this.options.seed}.`,
      dateStart: isoDay(0),
      dateEnd: null,
      datePrecision: 'DAY' as DatePrecision,
      dateText: null,
      recordedAt: iso,
    };
    this.out.insert('conflicts', [row.id, slug, row.name, row.description, row.dateStart, null, 'DAY', null, ms]);
    this.conflictId = row.id;
    this.attribute('CONFLICT', row.id, this.cite(null, 1));
    this.event('CONFLICT_RECORDED', 'CONFLICT', row.id, row.id, null, [], row.dateStart, ms, `Conflict recorded: ${row.name}`, row);
  }

  private recordPeople(count: number): void {
    const thirdParty = [...this.mediators, ...this.organizations];
    for (let i = 0; i < count; i++) {
      const [ms, iso] = this.clock.now();
      const first = this.random.pick(FIRST_NAMES);
      const last = this.random.pick(LAST_ROOTS) + this.random.pick(LAST_ENDINGS);
      const person = { id: this.out.id('people'), name: `${first} ${last}`, description: this.random.chance(0.3) ? 'Official involved in the synthetic war.' : null, recordedAt: iso };
      this.out.insert('people', [person.id, person.name, person.description, ms]);
      this.attribute('PERSON', person.id, this.cite(null, this.random.chance(0.6) ? 1 : 0));
      // Aliases: other transliterations and short forms ("Kovalenko" and "Kowalenko").
      const aliases: string[] = [];
      const variants = [
        `${first} ${last}`.replace(/v/g, 'w').replace(/y/g, 'i'),
        `${first.charAt(0)}. ${last}`,
        last.replace(/sky$/, 'skiy').replace(/ov$/, 'off').replace(/enko$/, 'enka'),
      ];
      const n = this.random.chance(0.55) ? (this.random.chance(0.3) ? 2 : 1) : 0;
      for (const alias of this.random.sample(variants, n)) {
        if (alias.toLowerCase() === person.name.toLowerCase() || aliases.some((a) => a.toLowerCase() === alias.toLowerCase())) continue;
        aliases.push(alias);
        this.out.insert('person_aliases', [this.out.id('person_aliases'), person.id, alias]);
      }
      // Titles: 1–2, for an actor of one party (most) or of a third party.
      const party = i < count * 0.85 ? i % 2 : null;
      const titles: Row[] = [];
      for (let k = 0, nt = this.random.chance(0.3) ? 2 : 1; k < nt; k++) {
        const [title, bodyKind] = this.random.pick(TITLES);
        let actor: Actor;
        if (party === null || bodyKind === 'ORG') actor = this.random.pick(thirdParty);
        else if (bodyKind === 'MIL') actor = this.random.pick([this.parties[party]!.armedForces, ...this.parties[party]!.units.slice(0, 10)]);
        else if (bodyKind === 'STATE') actor = this.parties[party]!.state;
        else actor = this.random.pick(this.parties[party]!.bodies);
        const from = this.random.int(-1500, SPAN_DAYS - 200);
        const to = this.random.chance(0.3) ? Math.min(SPAN_DAYS, from + this.random.int(60, 900)) : null;
        const row = { id: this.out.id('person_titles'), personId: person.id, title, actorId: actor.id, validFrom: isoDay(from), validTo: to === null ? null : isoDay(to) };
        this.out.insert('person_titles', [row.id, person.id, title, actor.id, row.validFrom, row.validTo]);
        this.attribute('PERSON_TITLE', row.id, this.cite(party, this.random.chance(0.5) ? 1 : 0));
        titles.push(row);
      }
      const ref = { id: person.id, name: person.name, actorId: (titles[0]!.actorId as number) ?? null, party };
      this.people.push(ref);
      if (party !== null) this.peopleByParty[party]!.push(ref);
      this.event(
        'PERSON_RECORDED', 'PERSON', person.id, null, null, titles.map((t) => t.actorId as number), null, ms,
        `Person recorded: ${person.name}`, { ...person, aliases, titles },
      );
    }
  }

  private recordTalks(count: number): void {
    for (let i = 0; i < count; i++) {
      const [ms, iso] = this.clock.now();
      // Rounds spread over the war, a little irregularly; the last ones still ahead.
      const day = Math.min(SPAN_DAYS + 60, Math.floor(((i + 0.5) / count) * (SPAN_DAYS + 60)) + this.random.int(-3, 3));
      const host = this.random.pick(this.mediators);
      const status = day > SPAN_DAYS ? 'SCHEDULED' : this.random.chance(0.06) ? 'POSTPONED' : this.random.chance(0.04) ? 'CANCELLED' : 'CONCLUDED';
      const ranged = this.random.chance(0.25);
      const talk = {
        id: this.out.id('talks'),
        conflictId: this.conflictId,
        title: `Round ${i + 1} of Veloria–Karstan talks`,
        round: i + 1,
        venueCity: this.random.pick(CITIES),
        venueCountry: host.name,
        hostActorId: host.id,
        status,
        description: this.random.chance(0.5) ? 'Direct talks between the two delegations, hosted by a third state.' : null,
        dateStart: isoDay(day),
        dateEnd: ranged ? isoDay(day + this.random.int(1, 3)) : null,
        datePrecision: (ranged ? 'RANGE' : 'DAY') as DatePrecision,
        dateText: ranged ? 'over several days' : null,
        recordedAt: iso,
      };
      this.out.insert('talks', [
        talk.id, talk.conflictId, talk.title, talk.round, talk.venueCity, talk.venueCountry, talk.hostActorId, talk.status,
        talk.description, talk.dateStart, talk.dateEnd, talk.datePrecision, talk.dateText, ms,
      ]);
      this.attribute('TALK', talk.id, this.cite(null, this.random.int(1, 2)));
      const outcomes: Row[] = [];
      if (status === 'CONCLUDED') {
        for (let k = 0, n = this.random.int(0, 2); k < n; k++) {
          const achieved = this.random.chance(0.5);
          const row = {
            id: this.out.id('talk_outcomes'),
            talkId: talk.id,
            description: achieved ? `Exchange of ${this.random.int(2, 60) * 10} prisoners of war agreed` : 'No agreement on a ceasefire',
            achieved,
          };
          this.out.insert('talk_outcomes', [row.id, row.talkId, row.description, achieved ? 1 : 0]);
          this.attribute('TALK_OUTCOME', row.id, this.cite(null, 1));
          outcomes.push(row);
        }
      }
      const present: [Actor, 'PARTY' | 'HOST' | 'MEDIATOR' | 'OBSERVER', number | null][] = [
        [this.random.pick([this.parties[0]!.government, this.parties[0]!.presidency]), 'PARTY', 0],
        [this.random.pick([this.parties[1]!.government, this.parties[1]!.presidency]), 'PARTY', 1],
        [host, 'HOST', null],
      ];
      if (this.random.chance(0.4)) present.push([this.random.pick(this.organizations), 'MEDIATOR', null]);
      for (const observer of this.random.sample(this.mediators.filter((m) => m !== host), this.random.int(0, 2))) present.push([observer, 'OBSERVER', null]);
      const delegations: Row[] = [];
      for (const [actor, role, party] of present) {
        const delegation = {
          id: this.out.id('delegations'),
          talkId: talk.id,
          actorId: actor.id,
          role,
          attendance: day > SPAN_DAYS ? 'EXPECTED' : this.random.chance(0.9) ? 'CONFIRMED' : 'UNCLEAR',
          description: null,
        };
        this.out.insert('delegations', [delegation.id, talk.id, actor.id, role, delegation.attendance, null]);
        this.attribute('DELEGATION', delegation.id, this.cite(null, this.random.chance(0.5) ? 1 : 0));
        const participants: Row[] = [];
        const members: [number | null, string, string | null][] =
          party === null
            ? role === 'HOST' ? [[this.random.pick(this.people).id, 'HOST', null]] : []
            : [
                ...this.random.sample(this.peopleByParty[party]!, this.random.int(2, 5)).map((p, k): [number, string, null] => [p.id, k === 0 ? 'HEAD' : 'MEMBER', null]),
                ...(this.random.chance(0.3) ? [[null, 'MEMBER', 'a deputy foreign minister'] as [null, string, string]] : []),
              ];
        for (const [personId, prole, description] of members) {
          const row = { id: this.out.id('participations'), delegationId: delegation.id, personId, role: prole, description };
          this.out.insert('participations', [row.id, delegation.id, personId, prole, description]);
          this.attribute('PARTICIPATION', row.id, this.cite(party, this.random.chance(0.3) ? 1 : 0));
          participants.push(row);
        }
        delegations.push({ ...delegation, participants });
      }
      this.talks.push({ id: talk.id, day });
      this.event(
        'TALK_SCHEDULED', 'TALK', talk.id, this.conflictId, talk.id, [host.id, ...present.map(([a]) => a.id)], talk.dateStart, ms,
        `Talk scheduled: ${talk.title}`, { ...talk, outcomes, delegations },
      );
    }
  }

  /** The round of talks nearest a day (the talks are in date order). */
  private nearestTalk(day: number): TalkRef {
    let lo = 0;
    let hi = this.talks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.talks[mid]!.day < day) lo = mid + 1;
      else hi = mid;
    }
    const after = this.talks[lo]!;
    const before = this.talks[Math.max(0, lo - 1)]!;
    return Math.abs(before.day - day) <= Math.abs(after.day - day) ? before : after;
  }

  // ── Incidents and statements ──

  private partialDate(day: number): { start: string; end: string | null; precision: DatePrecision; text: string | null } {
    const roll = this.random.next();
    if (roll < 0.9) return { start: isoDay(day), end: null, precision: 'DAY', text: this.random.chance(0.08) ? 'overnight' : null };
    if (roll < 0.96) return { start: isoDay(day), end: isoDay(day + this.random.int(1, 2)), precision: 'RANGE', text: 'over several days' };
    const d = new Date(WAR_START + day * DAY_MS);
    return { start: `${d.toISOString().slice(0, 7)}-01`, end: null, precision: 'MONTH', text: 'earlier this month' };
  }

  private recordIncident(index: number, total: number): void {
    const [ms, iso] = this.clock.now();
    const r = this.random;
    // Recorded roughly in date order, a few days late at most.
    const day = Math.max(0, Math.floor((index / Math.max(1, total)) * SPAN_DAYS) - r.int(0, 3));
    const eventType = EVENT_TYPES.draw(r);
    const subEventType = SUB_EVENT_TYPES[eventType].draw(r);
    const where = r.chance(0.86) ? 0 : 1;
    const attacker = 1 - where;
    const place = this.parties[where]!.places.draw(r);
    const home = this.parties[where]!;
    const enemy = this.parties[attacker]!;
    const sides: [Actor, 'INITIATOR' | 'TARGET'][] = [];
    switch (eventType) {
      case 'EXPLOSIONS_REMOTE_VIOLENCE': {
        const by = subEventType === 'AIR_DRONE_STRIKE' ? r.pick([enemy.airForce, enemy.armedForces]) : r.pick(enemy.units);
        sides.push([by, 'INITIATOR']);
        sides.push([r.chance(0.45) ? home.civilians : r.pick(home.units), 'TARGET']);
        break;
      }
      case 'BATTLES': {
        const [a, b] = r.chance(0.5) ? [enemy, home] : [home, enemy];
        sides.push([r.pick(a.units), 'INITIATOR'], [r.pick(b.units), 'TARGET']);
        break;
      }
      case 'VIOLENCE_AGAINST_CIVILIANS':
        sides.push([r.pick(enemy.units), 'INITIATOR'], [home.civilians, 'TARGET']);
        break;
      case 'PROTESTS':
        sides.push([home.protesters, 'INITIATOR']);
        if (subEventType !== 'PEACEFUL_PROTEST') sides.push([home.police, 'TARGET']);
        break;
      case 'RIOTS':
        sides.push([home.rioters, 'INITIATOR'], [home.police, 'TARGET']);
        break;
      default:
        sides.push([subEventType === 'DISRUPTED_WEAPONS_USE' ? home.airDefence : r.pick(home.units), 'INITIATOR']);
        if (r.chance(0.5)) sides.push([r.pick(enemy.units), 'TARGET']);
    }
    const [titleWords, verb] = SUB_EVENT_WORDS[subEventType]!;
    const date = this.partialDate(day);
    const respondedTo = this.recent.length && r.chance(0.05) ? r.pick(this.recent) : null;
    const talk = this.talks.length && r.chance(0.08) ? this.nearestTalk(day) : null;
    const incident = {
      id: this.out.id('incidents'),
      conflictId: this.conflictId,
      eventType,
      subEventType,
      title: `${titleWords} ${place.name}`,
      description: `${sides[0]![0].name} ${verb} ${place.name} (${place.region})${sides[1] ? `; the target was ${sides[1][0].name}` : ''}.`,
      locationName: place.name,
      region: place.region,
      country: place.country,
      latitude: Math.round((place.lat + (r.next() - 0.5) * 0.04) * 1e4) / 1e4,
      longitude: Math.round((place.lon + (r.next() - 0.5) * 0.04) * 1e4) / 1e4,
      respondedToId: respondedTo?.id ?? null,
      talkId: talk?.id ?? null,
      dateStart: date.start,
      dateEnd: date.end,
      datePrecision: date.precision,
      dateText: date.text,
      revision: 1,
      retractedAt: null,
      retractionReason: null,
      recordedAt: iso,
    };
    this.out.insert('incidents', [
      incident.id, incident.conflictId, eventType, subEventType, incident.title, incident.description, place.name, place.region,
      place.country, incident.latitude, incident.longitude, incident.respondedToId, incident.talkId, date.start, date.end,
      date.precision, date.text, 1, null, null, ms,
    ]);
    const actors: Row[] = sides.map(([actor, side]) => {
      const row = { id: this.out.id('incident_actors'), incidentId: incident.id, actorId: actor.id, side };
      this.out.insert('incident_actors', [row.id, incident.id, actor.id, side]);
      return row;
    });
    const figures: Row[] = [];
    if (r.chance(0.2)) {
      const [metric, unit, about, scale] = FIGURE_KINDS.draw(r);
      const figure = {
        id: this.out.id('figures'),
        conflictId: this.conflictId,
        metric,
        value: 1 + Math.floor(-Math.log(1 - r.next()) * scale),
        unit,
        qualifier: QUALIFIERS.draw(r),
        comparison: null,
        about,
        actorId: sides[1]?.[0].id ?? null,
        incidentId: incident.id,
        dateStart: date.start,
        dateEnd: date.end,
        datePrecision: date.precision,
        dateText: date.text,
        recordedAt: iso,
      };
      this.out.insert('figures', [
        figure.id, figure.conflictId, metric, figure.value, unit, figure.qualifier, null, about, figure.actorId, incident.id,
        date.start, date.end, date.precision, date.text, ms,
      ]);
      this.attribute('FIGURE', figure.id, this.cite(where, 1));
      figures.push(figure);
    }
    this.attribute('INCIDENT', incident.id, this.cite(where, r.chance(0.4) ? 2 : 1));
    this.event(
      'INCIDENT_RECORDED', 'INCIDENT', incident.id, this.conflictId, incident.talkId, sides.map(([a]) => a.id), date.start, ms,
      `Incident recorded: ${incident.title}`, Object.assign(incident, { actors, figures }),
    );
    this.recent.push({ id: incident.id, day });
    if (this.recent.length > 500) this.recent.shift();
  }

  private recordStatement(day: number): void {
    const [ms, iso] = this.clock.now();
    const r = this.random;
    const party = r.chance(0.55) ? 0 : 1;
    const person = r.chance(0.75) ? r.pick(this.peopleByParty[party]!) : null;
    const speakingActor = person ? (r.chance(0.6) ? person.actorId : null) : r.pick(this.parties[party]!.bodies).id;
    const enemy = this.parties[1 - party]!;
    const incident = this.recent.length ? r.pick(this.recent) : null;
    const talk = this.talks.length ? this.nearestTalk(day) : null;
    const themes = [
      ['We will not negotiate under fire.', 'said the other side was not ready for a ceasefire'],
      ['The next round must produce a real exchange of prisoners.', 'called for a larger exchange of prisoners'],
      ['Every strike on our cities is a war crime.', 'condemned strikes on civilian areas'],
      ['Our forces hold the line.', 'said the front line was stable'],
      ['We are ready to meet again.', 'said the delegation was ready for another round'],
    ] as const;
    const [quoteText, paraphraseText] = r.pick(themes);
    const withQuote = r.chance(0.6);
    const withParaphrase = !withQuote || r.chance(0.15);
    const date = this.partialDate(day);
    const statement = {
      id: this.out.id('statements'),
      conflictId: this.conflictId,
      speakerPersonId: person?.id ?? null,
      speakerActorId: speakingActor,
      quote: withQuote ? quoteText : null,
      paraphrase: withParaphrase ? paraphraseText : null,
      context: r.chance(0.3) ? 'At a press briefing.' : null,
      talkId: talk && r.chance(0.15) ? talk.id : null,
      dateStart: date.start,
      dateEnd: date.end,
      datePrecision: date.precision,
      dateText: date.text,
      revision: 1,
      retractedAt: null,
      retractionReason: null,
      recordedAt: iso,
    };
    this.out.insert('statements', [
      statement.id, statement.conflictId, statement.speakerPersonId, statement.speakerActorId, statement.quote, statement.paraphrase,
      statement.context, statement.talkId, date.start, date.end, date.precision, date.text, 1, null, null, ms,
    ]);
    const about: [SubjectType, number][] = [];
    if (r.chance(0.5)) about.push(['ACTOR', enemy.state.id]);
    if (incident && r.chance(0.4)) about.push(['INCIDENT', incident.id]);
    if (talk && r.chance(0.3)) about.push(['TALK', talk.id]);
    if (r.chance(0.15)) about.push(['PERSON', r.pick(this.people).id]);
    const subjects: Row[] = about.map(([subjectType, subjectId]) => {
      const row = { id: this.out.id('statement_subjects'), statementId: statement.id, subjectType, subjectId };
      this.out.insert('statement_subjects', [row.id, statement.id, subjectType, subjectId]);
      return row;
    });
    this.attribute('STATEMENT', statement.id, this.cite(party, 1));
    const speaker = person?.name ?? this.actorName.get(speakingActor!)!;
    this.event(
      'STATEMENT_RECORDED', 'STATEMENT', statement.id, this.conflictId, statement.talkId,
      [statement.speakerActorId, ...about.filter(([t]) => t === 'ACTOR').map(([, id]) => id)], date.start, ms,
      `${speaker}: ${statement.quote ? `“${statement.quote}”` : statement.paraphrase}`, { ...statement, about: subjects },
    );
  }

}

/**
 * Drives a run on the main thread: picks the slug, writes the world, then the incidents and
 * statements batch by batch, each batch one transaction, generated here or in a worker thread.
 */
class BulkLoad {
  private readonly out: Inserter;
  private readonly started = Date.now();

  constructor(
    private readonly sqlite: Database.Database,
    private readonly options: Options,
  ) {
    this.out = new Inserter(sqlite);
  }

  private log(message: string): void {
    if (!this.options.quiet) console.log(message);
  }

  /**
   * Runs `work` as one IMMEDIATE transaction, with fresh ids. With `bulk`, the search triggers that
   * index each new incident and statement are suspended for the transaction and the documents of
   * its rows indexed at its end, in a few statements (see `SearchTriggers`): the same index rows,
   * committed in the same transaction.
   */
  private transaction(work: () => void, bulk = false): void {
    // Bulk rows were checked against the tables' CHECKs already (BULK_CHECKS).
    if (bulk) this.sqlite.pragma('ignore_check_constraints = ON');
    try {
      this.transactionOnce(work, bulk);
    } finally {
      if (bulk) this.sqlite.pragma('ignore_check_constraints = OFF');
    }
  }

  private transactionOnce(work: () => void, bulk: boolean): void {
    this.sqlite
      .transaction(() => {
        this.out.syncIds();
        const first = { incidents: this.out.peek('incidents'), statements: this.out.peek('statements') };
        const suspended = bulk ? SearchTriggers.suspend(this.sqlite, ['incidents', 'statements']) : [];
        work();
        this.out.flush();
        for (const trigger of suspended) {
          trigger.refill(first[trigger.table as 'incidents' | 'statements'], this.out.peek(trigger.table as Table) - 1);
          trigger.restore();
        }
      })
      .immediate();
  }

  /** The slug and the world, in one transaction; returns the generator, ready for the incidents. */
  setUp(): { generator: Generator; slug: string } {
    // Actor and source names are unique: a second synthetic world in the same database gets its
    // own names (" (2)", " (3)", …) and its conflict its own slug.
    const base = `synthetic-${this.options.incidents}`;
    const taken = (slug: string, suffix: string) =>
      this.sqlite.prepare('SELECT 1 FROM conflicts WHERE slug = ?').get(slug) !== undefined ||
      this.sqlite.prepare('SELECT 1 FROM actors WHERE name = ?').get(`Veloria${suffix}`) !== undefined;
    let k = 1;
    while (taken(k === 1 ? base : `${base}-${k}`, k === 1 ? '' : ` (${k})`)) k++;
    const slug = k === 1 ? base : `${base}-${k}`;
    const generator = new Generator(this.options, this.out);
    generator.suffix = k === 1 ? '' : ` (${k})`;
    this.transaction(() => generator.setUp(slug));
    this.log(`${slug}: actors, sources, 2,000 people and 200 talks in ${Date.now() - this.started} ms`);
    return { generator, slug };
  }

  private logged = 0;

  /** A line of progress every 50,000 incidents (or so), and at the end. */
  private progress(progress: Batch['progress'], t0: number): void {
    const elapsed = (Date.now() - this.started) / 1000;
    const { incidents, statements } = this.options;
    const done = progress.incidents >= incidents && progress.statements >= statements;
    if (!done && progress.incidents - this.logged < 50_000) return;
    this.logged = progress.incidents;
    this.log(
      `  incidents ${progress.incidents.toLocaleString('en')}/${incidents.toLocaleString('en')}, statements ${progress.statements.toLocaleString('en')}` +
        ` — last batch ${Date.now() - t0} ms, ${elapsed.toFixed(1)} s in all, ${Math.round(progress.incidents / elapsed).toLocaleString('en')} incidents/s`,
    );
  }

  /** Generates and writes every batch on this thread. */
  runHere(generator: Generator): Record<Table, number> {
    while (!generator.finished) {
      const t0 = Date.now();
      this.transaction(() => generator.generateBatch(), true);
      this.progress(generator.progress, t0);
    }
    return this.out.written;
  }

  /**
   * Generates in a worker thread while this one writes: SQLite writes on one core, and making up
   * the next batch (random draws, JSON snapshots) takes the other. The worker carries on from the
   * generator's snapshot, so the rows are the same as `runHere` would write.
   */
  async runInWorker(generator: Generator): Promise<Record<Table, number>> {
    const worker = startGeneratorThread({ snapshot: generator.snapshot(), next: this.out.nextIds() });
    const inbox: (Batch | null)[] = [];
    let wake: (() => void) | undefined;
    let failure: unknown;
    worker.on('message', (message: Batch | null) => {
      inbox.push(message);
      wake?.();
    });
    worker.on('error', (error) => {
      failure = error;
      wake?.();
    });
    const receive = async (): Promise<Batch | null> => {
      while (!inbox.length) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      return inbox.shift()!;
    };
    try {
      worker.postMessage('next');
      for (let batch = await receive(); batch; batch = await receive()) {
        worker.postMessage('next'); // the worker makes the next batch while this one is written
        const t0 = Date.now();
        const current = batch;
        this.transaction(() => this.out.insertBatch(current), true);
        this.progress(current.progress, t0);
      }
    } finally {
      await worker.terminate();
    }
    return this.out.written;
  }
}

/**
 * Starts this module again as a worker thread. Run from TypeScript through tsx, the worker does not
 * inherit tsx's module hooks, so it registers them before importing this file.
 */
function startGeneratorThread(input: { snapshot: Snapshot; next: Record<Table, number> }): Worker {
  const self = import.meta.url;
  const workerData = { parleyGenerator: input };
  if (!self.endsWith('.ts')) return new Worker(new URL(self), { workerData });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(self)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** A generator thread: makes one batch per request until there is none left (then answers null). */
function generatorThread(input: { snapshot: Snapshot; next: Record<Table, number> }): void {
  const recorder = new Recorder(input.next);
  const generator = Generator.restore(input.snapshot, recorder);
  parentPort!.on('message', () => {
    if (generator.finished) return parentPort!.postMessage(null);
    generator.generateBatch();
    parentPort!.postMessage(recorder.take({ ...generator.progress }));
  });
}

// ── Entry points ───────────────────────────────────────────────────────────────────────────────

export interface GenerateResult {
  /** The synthetic conflict's slug: `synthetic-<incidents>`, or `synthetic-<incidents>-<k>` if taken. */
  slug: string;
  conflictId: number;
  /** Rows written, per table (the search index aside). */
  written: Record<string, number>;
}

/**
 * Adds a synthetic conflict to an open, migrated database. Other options default as on the
 * command line. Used by `main` below and by tests that need realistic volumes.
 */
export function generate(sqlite: Database.Database, options: Partial<Options> & { incidents: number }): GenerateResult {
  const load = new BulkLoad(sqlite, { statements: Math.floor(options.incidents / 10), seed: 1, batch: 10_000, quiet: true, worker: false, ...options });
  const { generator, slug } = load.setUp();
  return { slug, conflictId: generator.conflictId, written: load.runHere(generator) };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { dbPath } = loadConfig();
  const started = Date.now();
  const database = openDatabase(dbPath);
  migrateDatabase(database.db);
  const { sqlite } = database;
  // A bulk load: a large page cache keeps the indexes' inner pages in memory.
  sqlite.pragma('cache_size = -262144');
  sqlite.pragma('temp_store = MEMORY');
  // In WAL mode every page is written twice, to the log and then, at the checkpoint, to the file.
  // With the database to itself, the load runs in rollback-journal mode instead (each page written
  // once; a crash rolls the open transaction back as in WAL mode) and restores WAL at the end. If
  // another connection has the file open, the switch is refused and the load stays in WAL mode,
  // checkpointed once at the end.
  const journal = options.journal ?? 'auto';
  let rollbackJournal = false;
  if (journal !== 'wal') {
    try {
      rollbackJournal = String(sqlite.pragma('journal_mode = DELETE', { simple: true })).toLowerCase() === 'delete';
    } catch {
      rollbackJournal = false;
    }
  }
  if (!rollbackJournal) sqlite.pragma('wal_autocheckpoint = 0');
  try {
    const load = new BulkLoad(sqlite, options);
    const { generator, slug } = load.setUp();
    const written = options.worker ? await load.runInWorker(generator) : load.runHere(generator);
    // As after any bulk import: the load leaves the search index in a couple of dozen segments, and
    // every search looks each of its words up in every segment. Merged into one in seconds.
    sqlite.prepare(`INSERT INTO search_index(search_index) VALUES ('optimize')`).run();
    const tGenerated = Date.now();
    if (rollbackJournal) sqlite.pragma('journal_mode = WAL');
    else sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const tCheckpointed = Date.now();
    // Statistics for the planner, bounded so that a million rows cost milliseconds, not minutes.
    sqlite.pragma('analysis_limit = 1000');
    sqlite.pragma('optimize');
    const size = (sqlite.pragma('page_count', { simple: true }) as number) * (sqlite.pragma('page_size', { simple: true }) as number);
    if (!options.quiet) {
      console.log(`\nGenerated conflict "${slug}" in ${dbPath} (${rollbackJournal ? 'rollback journal, then WAL again' : 'WAL'}):`);
      for (const [table, n] of Object.entries(written)) if (n) console.log(`  ${table.padEnd(20)} ${n.toLocaleString('en').padStart(12)} rows`);
      const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
      console.log(
        `  generated in ${seconds(started, tGenerated)}, ${rollbackJournal ? 'back to WAL' : 'checkpointed'} in ${seconds(tGenerated, tCheckpointed)},` +
          ` analyzed in ${seconds(tCheckpointed, Date.now())}: ${seconds(started, Date.now())} in all;` +
          ` database ${(size / 2 ** 20).toFixed(0)} MiB; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
      );
    }
  } finally {
    database.close();
  }
}

// Run as a script (`npm run db:generate`), or as its generator thread; nothing when imported.
if (!isMainThread && workerData?.parleyGenerator) generatorThread(workerData.parleyGenerator);
else if (isMainThread && process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
