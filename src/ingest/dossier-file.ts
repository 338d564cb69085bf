/**
 * Reading a dossier file (docs/dossier-format.md): YAML or JSON by its extension, checked against
 * datasets/dossier.schema.json and then for what a schema cannot say (real calendar dates, keys
 * that name entries of the file, the order entries must come in). Every problem is reported with
 * the file, the line and column, the path in the file and what is wrong, all at once, before
 * anything is written.
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type {
  ActorKind,
  Attendance,
  AttributionRelation,
  DatePrecision,
  DelegationRole,
  FigureQualifier,
  IncidentEventType,
  IncidentSide,
  ParticipationRole,
  ProposalStatus,
  RecordExtreme,
  SourceKind,
  SubjectType,
  TalkStatus,
} from '../domain/vocabulary.js';

export const DOSSIER_SCHEMA = new URL('../../datasets/dossier.schema.json', import.meta.url);

type Key = string;

export interface DateEntry {
  /** None for a BEFORE. */
  start?: string;
  end?: string;
  precision: DatePrecision;
  text?: string;
}
export interface Citation {
  source: Key;
  relation?: AttributionRelation;
  note?: string;
}
interface Cited {
  sources?: Citation[];
}
export interface SourceEntry {
  name: string;
  kind: SourceKind;
  actor?: Key;
  url?: string;
  description?: string;
}
export interface ConflictEntry extends Cited {
  name: string;
  description?: string;
  began: DateEntry;
}
export interface ActorEntry extends Cited {
  name: string;
  kind: ActorKind;
  parent?: Key;
  countryCode?: string;
  aliases?: string[];
  description?: string;
}
export interface TitleEntry extends Cited {
  title: string;
  actor?: Key;
  from?: string;
  to?: string;
}
export interface PersonEntry extends Cited {
  name: string;
  aliases?: string[];
  titles?: TitleEntry[];
  description?: string;
}
export interface OutcomeEntry extends Cited {
  description: string;
  achieved: boolean;
}
export interface ParticipantEntry extends Cited {
  person?: Key;
  role: ParticipationRole;
  description?: string;
}
export interface DelegationEntry extends Cited {
  actor: Key;
  role: DelegationRole;
  attendance?: Attendance;
  description?: string;
  participants?: ParticipantEntry[];
}
export interface TalkEntry extends Cited {
  conflict?: Key;
  title: string;
  round?: number;
  venue?: { city?: string; country?: string };
  host?: Key;
  status?: TalkStatus;
  date: DateEntry;
  description?: string;
  outcomes?: OutcomeEntry[];
  delegations?: DelegationEntry[];
}
export interface FigureFields extends Cited {
  metric: string;
  value: number;
  unit: string;
  qualifier?: FigureQualifier;
  comparison?: string;
  record?: { extreme: RecordExtreme; among: string };
  about: string;
  actor?: Key;
  asOf: DateEntry;
}
export interface FigureEntry extends FigureFields {
  conflict?: Key;
}
export interface IncidentEntry extends Cited {
  conflict?: Key;
  eventType: IncidentEventType;
  subEventType?: string;
  title: string;
  description?: string;
  location?: { name?: string; region?: string; country?: string; latitude?: number; longitude?: number };
  date: DateEntry;
  actors?: { actor: Key; side: IncidentSide }[];
  respondsTo?: Key;
  talk?: Key;
  figures?: FigureFields[];
}
export interface TopicEntry extends Cited {
  conflict?: Key;
  name: string;
  description?: string;
}
export interface PositionEntry extends Cited {
  topic: Key;
  actor: Key;
  stance: string;
  talk?: Key;
  date: DateEntry;
}
export interface ProvisionEntry extends Cited {
  text: string;
  topic?: Key;
}
export interface ProposalEntry extends Cited {
  conflict?: Key;
  actor: Key;
  talk?: Key;
  title: string;
  status: ProposalStatus;
  description?: string;
  date: DateEntry;
  provisions?: ProvisionEntry[];
}
/** Exactly one field: the kind of fact and its key (a delegation: its talk and actor). */
export type Reference = Partial<Record<Exclude<ReferenceKind, 'delegation'>, Key>> & { delegation?: { talk: Key; actor: Key } };
export interface StatementEntry extends Cited {
  conflict?: Key;
  speaker: { person?: Key; actor?: Key };
  quote?: string;
  paraphrase?: string;
  context?: string;
  talk?: Key;
  date: DateEntry;
  about?: Reference[];
}

export interface Dossier {
  id: string;
  title?: string;
  description?: string;
  cite?: Citation[];
  sources?: Record<Key, SourceEntry>;
  conflicts?: Record<Key, ConflictEntry>;
  actors?: Record<Key, ActorEntry>;
  people?: Record<Key, PersonEntry>;
  talks?: Record<Key, TalkEntry>;
  incidents?: Record<Key, IncidentEntry>;
  topics?: Record<Key, TopicEntry>;
  positions?: Record<Key, PositionEntry>;
  proposals?: Record<Key, ProposalEntry>;
  statements?: Record<Key, StatementEntry>;
  figures?: Record<Key, FigureEntry>;
}

/** The sections of entries, each the kind of fact its entries become. */
export const SECTIONS = {
  sources: 'SOURCE',
  conflicts: 'CONFLICT',
  actors: 'ACTOR',
  people: 'PERSON',
  talks: 'TALK',
  incidents: 'INCIDENT',
  topics: 'TOPIC',
  positions: 'POSITION',
  proposals: 'PROPOSAL',
  statements: 'STATEMENT',
  figures: 'FIGURE',
} as const satisfies Record<string, SubjectType>;
export type Section = keyof typeof SECTIONS;

/** What a statement may be about, and the section each kind's keys are in. */
export const REFERENCE_SECTIONS = {
  conflict: 'conflicts',
  actor: 'actors',
  person: 'people',
  talk: 'talks',
  delegation: 'talks',
  incident: 'incidents',
  topic: 'topics',
  position: 'positions',
  proposal: 'proposals',
  statement: 'statements',
  source: 'sources',
} as const satisfies Record<string, Section>;
export type ReferenceKind = keyof typeof REFERENCE_SECTIONS;

export type Path = (string | number)[];

/** `incidents.drone-night.figures[0].asOf.start` */
export function formatPath(path: Path): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '');
}

export interface Problem {
  path: Path;
  message: string;
  /** Point at the field's name rather than its value (an unknown field, a bad key). */
  atKey?: boolean;
}

/** Problems with a dossier file; nothing of it was written. */
export class DossierError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
    this.name = 'DossierError';
  }
}

/** A dossier read and checked, with what it takes to say where in the file a path is. */
export interface DossierFile {
  /** The file as named on the command line. */
  file: string;
  dossier: Dossier;
  /** `FILE:LINE:COL: path: problem` for each problem. */
  describe(problems: Problem[]): string[];
}

let validator: ReturnType<Ajv2020['compile']> | undefined;

/** Compiled on first use: a server that finds its dossier loaded already never pays for it. */
function validateSchema(data: unknown): ErrorObject[] {
  validator ??= new Ajv2020({ allErrors: true, strict: true, verbose: true }).compile(JSON.parse(readFileSync(DOSSIER_SCHEMA, 'utf8')));
  return validator(data) ? [] : (validator.errors ?? []);
}

/** Reads, parses and checks a dossier; throws DossierError listing every problem found. */
export function readDossierFile(file: string | URL): DossierFile {
  const name = typeof file === 'string' ? file : fileURLToPath(file);
  const extension = extname(name).toLowerCase();
  if (!['.yaml', '.yml', '.json'].includes(extension)) {
    throw new DossierError([`${name}: a dossier is a .yaml, .yml or .json file`]);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DossierError([`${name}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`]);
  }
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${name}:${line}:${col}`;
  };
  if (extension === '.json') {
    try {
      JSON.parse(text);
    } catch (error) {
      // JSON.parse names an offset; reading the text as YAML (which JSON is) fills the line counter.
      const offset = Number(/position (\d+)/.exec(String(error))?.[1] ?? 0);
      parseDocument(text, { lineCounter });
      throw new DossierError([`${at(offset)}: not valid JSON: ${(error as Error).message}`]);
    }
  }
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length) {
    throw new DossierError(doc.errors.map((e) => `${at(e.pos[0])}: ${e.message.split('\n')[0]}`));
  }
  const data = doc.toJS({ maxAliasCount: -1 }) as unknown;
  const describe = (problems: Problem[]) => [
    ...new Set(problems.map((p) => `${at(offsetOf(doc, p.path, p.atKey))}: ${formatPath(p.path) || '(top)'}: ${p.message}`)),
  ];
  const schemaProblems = validateSchema(data).flatMap((e) => schemaProblem(e, data));
  if (schemaProblems.length) throw new DossierError(describe(schemaProblems));
  const dossier = data as Dossier;
  const problems = checkDossier(dossier);
  if (problems.length) throw new DossierError(describe(problems));
  return { file: name, dossier, describe };
}

/** Where a path is in the file: its value, or its name; the nearest enclosing node if it is absent. */
function offsetOf(doc: Document, path: Path, atKey = false): number {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (const part of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === part);
      if (!pair) break;
      const keyOffset = (pair.key as Node | null)?.range?.[0];
      node = pair.value;
      offset = (atKey && part === path[path.length - 1] ? keyOffset : (node as Node | null)?.range?.[0]) ?? keyOffset ?? offset;
    } else if (isSeq(node) && typeof part === 'number' && node.items[part]) {
      node = node.items[part];
      offset = (node as Node).range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

const KEY_PATTERN = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$';
const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';

/** An ajv error in plain words, at a path of the file. */
function schemaProblem(error: ErrorObject, data: unknown): Problem[] {
  const path = pathOf(error.instancePath, data);
  const { params } = error;
  const value = valueAt(data, path);
  switch (error.keyword) {
    case 'required':
      return [{ path, message: `"${params.missingProperty}" is missing` }];
    case 'additionalProperties': {
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return [
        {
          path: [...path, params.additionalProperty],
          atKey: true,
          message: `unknown field "${params.additionalProperty}"${hint(params.additionalProperty, known)}`,
        },
      ];
    }
    case 'propertyNames':
      return [];
    case 'enum':
      return [
        {
          path,
          message: `${JSON.stringify(value)} is not one of ${params.allowedValues.join(', ')}${hint(String(value), params.allowedValues)}`,
        },
      ];
    case 'type':
      return [
        {
          path,
          message: `must be ${{ string: 'text', number: 'a number', integer: 'a whole number', boolean: 'true or false', object: 'a mapping of fields', array: 'a list' }[params.type as string] ?? params.type}`,
        },
      ];
    case 'pattern':
      if (error.propertyName !== undefined) {
        return [
          {
            path: [...path, error.propertyName],
            atKey: true,
            message: `"${error.propertyName}" is not a key: lowercase words of letters and digits, starting with a letter, joined by hyphens`,
          },
        ];
      }
      if (params.pattern === DATE_PATTERN) return [{ path, message: `${JSON.stringify(value)} is not a date written YYYY-MM-DD` }];
      if (params.pattern === KEY_PATTERN)
        return [
          { path, message: `"${value}" is not a key: lowercase words of letters and digits, starting with a letter, joined by hyphens` },
        ];
      return [{ path, message: `${JSON.stringify(value)} is not in the expected form (${params.pattern})` }];
    case 'minLength':
      return [{ path, message: 'must not be empty' }];
    case 'maxLength':
      return [{ path, message: `is longer than ${params.limit} characters` }];
    case 'minimum':
    case 'maximum':
      return [{ path, message: `must be ${params.comparison} ${params.limit}` }];
    case 'maxItems':
      return [{ path, message: `lists more than ${params.limit}` }];
    case 'uniqueItems':
      return [{ path: [...path, params.i], message: `${JSON.stringify((value as unknown[])[params.i])} is listed twice` }];
    case 'minProperties':
    case 'maxProperties':
      return [
        { path, message: `name exactly one of ${Object.keys((error.parentSchema as { properties: object }).properties).join(', ')}` },
      ];
    default:
      return [{ path, message: error.message ?? error.keyword }];
  }
}

/** A JSON pointer as a path, list positions as numbers. */
function pathOf(pointer: string, data: unknown): Path {
  const path: Path = [];
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const step = Array.isArray(node) ? Number(part) : part;
    path.push(step);
    node = (node as Record<string | number, unknown> | undefined)?.[step];
  }
  return path;
}

function valueAt(data: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, part) => (node as Record<string | number, unknown> | undefined)?.[part], data);
}

/** ` (did you mean "russia"?)` when a known word is a slip of the keyboard away. */
function hint(word: string, known: readonly string[]): string {
  const close = known.filter((k) => distance(word.toLowerCase(), k.toLowerCase()) <= Math.max(1, Math.floor(k.length / 4)));
  return close.length
    ? ` (did you mean ${close
        .slice(0, 3)
        .map((k) => `"${k}"`)
        .join(' or ')}?)`
    : '';
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

const isRealDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/** The conflict an entry belongs to: the one it names, or the dossier's only one. */
export function conflictOf(dossier: Dossier, entry: { conflict?: Key }): Key | undefined {
  if (entry.conflict) return entry.conflict;
  const keys = Object.keys(dossier.conflicts ?? {});
  return keys.length === 1 ? keys[0] : undefined;
}

/**
 * Sources are registered in the order listed, but one that names an actor waits for the actors,
 * and those after it wait with it (so their order stays): these are the ones registered first.
 */
export function leadingSources(dossier: Dossier): Key[] {
  const keys = Object.keys(dossier.sources ?? {});
  const firstWithActor = keys.findIndex((k) => dossier.sources![k]!.actor);
  return firstWithActor < 0 ? keys : keys.slice(0, firstWithActor);
}

/** What the schema cannot check: dates, keys that must name entries, the order entries need. */
function checkDossier(d: Dossier): Problem[] {
  const problems: Problem[] = [];
  const problem = (path: Path, message: string) => {
    problems.push({ path, message });
  };
  const ref = (path: Path, section: Section, key: Key | undefined) => {
    if (key === undefined || d[section]?.[key]) return;
    const singular = {
      sources: 'source',
      conflicts: 'conflict',
      actors: 'actor',
      people: 'person',
      talks: 'talk',
      incidents: 'incident',
      topics: 'topic',
      positions: 'position',
      proposals: 'proposal',
      statements: 'statement',
      figures: 'figure',
    }[section];
    problem(path, `no ${singular} "${key}" in ${section}${hint(key, Object.keys(d[section] ?? {}))}`);
  };
  const date = (path: Path, value: DateEntry) => {
    for (const end of ['start', 'end'] as const) {
      if (value[end] && !isRealDate(value[end])) problem([...path, end], `${value[end]} is not a real calendar date`);
    }
    const bounded = value.precision === 'RANGE' || value.precision === 'BEFORE';
    if (bounded && !value.end) problem([...path, 'end'], `a ${value.precision} needs an end`);
    if (!bounded && value.end)
      problem([...path, 'end'], `only a RANGE or a BEFORE has an end (this date is precise to the ${value.precision.toLowerCase()})`);
    if (value.precision === 'BEFORE' && value.start) problem([...path, 'start'], 'a BEFORE has no start: how long before is not known');
    if (value.precision !== 'BEFORE' && !value.start) problem([...path, 'start'], `a ${value.precision} needs a start`);
    if (value.end && value.start && value.end < value.start)
      problem([...path, 'end'], `ends (${value.end}) before it starts (${value.start})`);
  };
  const leading = new Set(leadingSources(d));
  /** Conflicts and actors are recorded before the sources that name actors, so can carry only the others. */
  const cite = (path: Path, list: Citation[] | undefined, early = false) =>
    list?.forEach((c, i) => {
      ref([...path, i, 'source'], 'sources', c.source);
      if (early && d.sources?.[c.source] && !leading.has(c.source)) {
        problem(
          [...path, i, 'source'],
          `"${c.source}" is registered after the actors (it names an actor, or follows one that does), so conflicts and actors cannot cite it; list it before the first source that names an actor`,
        );
      }
    });
  const conflict = (path: Path, entry: { conflict?: Key }) => {
    if (entry.conflict) return ref([...path, 'conflict'], 'conflicts', entry.conflict);
    if (!conflictOf(d, entry))
      problem(path, `name its conflict (conflict: KEY): the dossier has ${Object.keys(d.conflicts ?? {}).length} conflicts`);
  };
  const each = <T>(section: Section, check: (path: Path, entry: T, key: Key, index: number) => void) =>
    Object.entries((d[section] ?? {}) as Record<Key, T>).forEach(([key, entry], index) => {
      check([section, key], entry, key, index);
    });

  cite(['cite'], d.cite, Boolean(Object.keys(d.conflicts ?? {}).length || Object.keys(d.actors ?? {}).length));
  each<SourceEntry>('sources', (path, s) => ref([...path, 'actor'], 'actors', s.actor));
  each<ConflictEntry>('conflicts', (path, c) => {
    date([...path, 'began'], c.began);
    cite([...path, 'sources'], c.sources, true);
  });
  each<ActorEntry>('actors', (path, a, key) => {
    ref([...path, 'parent'], 'actors', a.parent);
    if (a.parent === key) problem([...path, 'parent'], 'an actor cannot be its own parent');
    else if (a.parent && d.actors?.[a.parent] && Object.keys(d.actors).indexOf(a.parent) > Object.keys(d.actors).indexOf(key)) {
      problem([...path, 'parent'], `list "${a.parent}" before the actors that belong to it`);
    }
    cite([...path, 'sources'], a.sources, true);
  });
  each<PersonEntry>('people', (path, p) => {
    p.titles?.forEach((t, i) => {
      ref([...path, 'titles', i, 'actor'], 'actors', t.actor);
      for (const end of ['from', 'to'] as const)
        if (t[end] && !isRealDate(t[end])) problem([...path, 'titles', i, end], `${t[end]} is not a real calendar date`);
      if (t.from && t.to && t.to < t.from) problem([...path, 'titles', i, 'to'], `ends (${t.to}) before it starts (${t.from})`);
      cite([...path, 'titles', i, 'sources'], t.sources);
    });
    cite([...path, 'sources'], p.sources);
  });
  each<TalkEntry>('talks', (path, t) => {
    conflict(path, t);
    ref([...path, 'host'], 'actors', t.host);
    date([...path, 'date'], t.date);
    t.outcomes?.forEach((o, i) => {
      cite([...path, 'outcomes', i, 'sources'], o.sources);
    });
    const seen = new Set<Key>();
    t.delegations?.forEach((g, i) => {
      const at: Path = [...path, 'delegations', i];
      ref([...at, 'actor'], 'actors', g.actor);
      if (seen.has(g.actor)) problem([...at, 'actor'], `"${g.actor}" has a delegation at this talk already`);
      seen.add(g.actor);
      g.participants?.forEach((p, j) => {
        ref([...at, 'participants', j, 'person'], 'people', p.person);
        if (!p.person && !p.description) problem([...at, 'participants', j], 'name a person or describe the participant');
        cite([...at, 'participants', j, 'sources'], p.sources);
      });
      cite([...at, 'sources'], g.sources);
    });
    cite([...path, 'sources'], t.sources);
  });
  const incidentKeys = Object.keys(d.incidents ?? {});
  each<IncidentEntry>('incidents', (path, x, key, index) => {
    conflict(path, x);
    date([...path, 'date'], x.date);
    x.actors?.forEach((a, i) => {
      ref([...path, 'actors', i, 'actor'], 'actors', a.actor);
    });
    ref([...path, 'respondsTo'], 'incidents', x.respondsTo);
    if (x.respondsTo === key) problem([...path, 'respondsTo'], 'an incident cannot respond to itself');
    else if (x.respondsTo && incidentKeys.indexOf(x.respondsTo) > index)
      problem([...path, 'respondsTo'], `list "${x.respondsTo}" before the incidents that respond to it`);
    ref([...path, 'talk'], 'talks', x.talk);
    const location = x.location ?? {};
    if ((location.latitude === undefined) !== (location.longitude === undefined))
      problem([...path, 'location'], 'give both latitude and longitude, or neither');
    x.figures?.forEach((f, i) => {
      ref([...path, 'figures', i, 'actor'], 'actors', f.actor);
      date([...path, 'figures', i, 'asOf'], f.asOf);
      cite([...path, 'figures', i, 'sources'], f.sources);
    });
    cite([...path, 'sources'], x.sources);
  });
  each<TopicEntry>('topics', (path, t) => {
    conflict(path, t);
    cite([...path, 'sources'], t.sources);
  });
  each<PositionEntry>('positions', (path, p) => {
    ref([...path, 'topic'], 'topics', p.topic);
    ref([...path, 'actor'], 'actors', p.actor);
    ref([...path, 'talk'], 'talks', p.talk);
    date([...path, 'date'], p.date);
    cite([...path, 'sources'], p.sources);
  });
  each<ProposalEntry>('proposals', (path, p) => {
    conflict(path, p);
    ref([...path, 'actor'], 'actors', p.actor);
    ref([...path, 'talk'], 'talks', p.talk);
    date([...path, 'date'], p.date);
    p.provisions?.forEach((v, i) => {
      ref([...path, 'provisions', i, 'topic'], 'topics', v.topic);
      cite([...path, 'provisions', i, 'sources'], v.sources);
    });
    cite([...path, 'sources'], p.sources);
  });
  const statementKeys = Object.keys(d.statements ?? {});
  each<StatementEntry>('statements', (path, s, key, index) => {
    conflict(path, s);
    ref([...path, 'speaker', 'person'], 'people', s.speaker.person);
    ref([...path, 'speaker', 'actor'], 'actors', s.speaker.actor);
    if (!s.quote && !s.paraphrase) problem(path, 'give the quote or a paraphrase');
    ref([...path, 'talk'], 'talks', s.talk);
    date([...path, 'date'], s.date);
    s.about?.forEach((about, i) => {
      const [kind, value] = Object.entries(about)[0] as [ReferenceKind, Key | { talk: Key; actor: Key }];
      const at: Path = [...path, 'about', i, kind];
      if (typeof value === 'object') {
        ref([...at, 'talk'], 'talks', value.talk);
        ref([...at, 'actor'], 'actors', value.actor);
        const talk = d.talks?.[value.talk];
        if (talk && d.actors?.[value.actor] && !talk.delegations?.some((g) => g.actor === value.actor)) {
          problem(at, `talk "${value.talk}" has no delegation of "${value.actor}"`);
        }
      } else {
        ref(at, REFERENCE_SECTIONS[kind], value);
        if (kind === 'statement' && (value === key || statementKeys.indexOf(value) > index))
          problem(at, `list "${value}" before the statements about it`);
      }
    });
    cite([...path, 'sources'], s.sources);
  });
  each<FigureEntry>('figures', (path, f) => {
    conflict(path, f);
    ref([...path, 'actor'], 'actors', f.actor);
    date([...path, 'asOf'], f.asOf);
    cite([...path, 'sources'], f.sources);
  });
  return problems;
}
