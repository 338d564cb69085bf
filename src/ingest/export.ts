/**
 * Exports: a conflict's incidents in ACLED's layout, and its statements, proposals and talks, as
 * CSV or as JSON lines. The HTTP endpoint (src/server/export.ts) and `npm run export` both stream
 * what this builds, so the two give the same bytes for the same request.
 *
 * Rows are read a keyset page at a time through the domain's list queries (the same filters and
 * order as the GraphQL lists), so memory stays flat however long the list, and a slow reader holds
 * no transaction open. Each page costs a fixed number of statements, whatever its length.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../db/client.js';
import { findActorByNameOrAlias, loadActors } from '../domain/actor.js';
import { findConflictBySlug, type Conflict } from '../domain/conflict.js';
import { earliestDay, precisionOf, type StoredDate } from '../domain/dated.js';
import { DomainError } from '../domain/errors.js';
import { queryIncidents, type IncidentFilter } from '../domain/incident.js';
import { fetchPages, type PageQuery, type PageRequest } from '../domain/pagination.js';
import { loadPeople } from '../domain/person.js';
import { provisionsOf, queryProposals, type Proposal } from '../domain/proposal.js';
import { rowsByIds } from '../domain/rows.js';
import { attributionsFor } from '../domain/source.js';
import { queryStatements, subjectsOfStatements, type Statement } from '../domain/statement.js';
import { SUBJECT_TABLES } from '../domain/subjects.js';
import { delegationsOf, loadTalks, outcomesOf, participantsOf, queryTalks, type Talk } from '../domain/talk.js';
import { loadTopics } from '../domain/topic.js';
import { INCIDENT_EVENT_TYPES, type IncidentEventType, type SubjectType } from '../domain/vocabulary.js';
import { ACLED_COLUMNS, EVENT_TYPES, toAcled } from './acled.js';
import { groupBy, storedIncidents } from './incident-rows.js';

export const EXPORT_KINDS = ['incidents', 'statements', 'proposals', 'talks'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A row as written: every value a string, so the CSV and the JSON lines carry the same data. */
export type ExportRecord = Record<string, string>;

/** An export whose parameters have been checked: its columns, and its rows a page at a time when asked for. */
export interface Export {
  kind: ExportKind;
  conflict: Conflict;
  columns: readonly string[];
  pages(): Iterable<ExportRecord[]>;
}

/**
 * What each kind can be filtered by, as the query string and the command line name it. Only what
 * the kind's list query filters on: a parameter a kind would ignore is refused instead.
 */
export const EXPORT_PARAMETERS: Record<ExportKind, readonly string[]> = {
  incidents: ['conflict', 'from', 'to', 'types', 'actor', 'place', 'retracted'],
  statements: ['conflict', 'from', 'to', 'retracted'],
  proposals: ['conflict'],
  talks: ['conflict', 'from', 'to'],
};

/**
 * Rows a page. A page is read and formatted in one go, blocking the server's event loop meanwhile
 * (15–25 ms for 250 incidents on two shared cores), so pages are kept small for the requests
 * waiting behind an export; a larger page saved nothing measurable, the cost being per row.
 */
const PAGE_SIZE = 250;

const badInput = (message: string) => new DomainError('BAD_USER_INPUT', message);

/**
 * Checks an export's parameters and finds what they name; throws a DomainError (BAD_USER_INPUT,
 * or NOT_FOUND for an unknown conflict) before any row is read, so nothing has been sent yet.
 */
export function openExport(db: Db, kind: ExportKind, params: Readonly<Record<string, string>>): Export {
  const accepted = EXPORT_PARAMETERS[kind];
  const unknown = Object.keys(params).filter((name) => !accepted.includes(name));
  if (unknown.length) throw badInput(`The ${kind} export takes no parameter ${unknown.join(', ')} (it takes ${accepted.join(', ')}).`);
  const slug = params.conflict?.trim();
  if (!slug) throw badInput('Name the conflict: conflict=SLUG.');
  const conflict = findConflictBySlug(db, slug);
  if (!conflict) throw new DomainError('NOT_FOUND', `There is no conflict "${slug}".`);
  const dates = { from: params.from, to: params.to };
  const includeRetracted = retracted(params.retracted);
  switch (kind) {
    case 'incidents': {
      const filter: IncidentFilter = {
        conflictId: conflict.id,
        ...dates,
        eventTypes: params.types === undefined ? undefined : eventTypes(params.types),
        actorIds: params.actor === undefined ? undefined : [actorNamed(db, params.actor)],
        location: params.place,
        includeRetracted,
      };
      const pages = pagesOf(
        db,
        (page) => queryIncidents(db, filter, 'DATE_ASC', page),
        (rows) => storedIncidents(db, rows).map(toAcled),
      );
      return { kind, conflict, columns: ACLED_COLUMNS, pages };
    }
    case 'statements': {
      const filter = { conflictId: conflict.id, ...dates, includeRetracted };
      const pages = pagesOf(
        db,
        (page) => queryStatements(db, filter, 'DATE_ASC', page),
        (rows) => statementRecords(db, rows),
      );
      return { kind, conflict, columns: STATEMENT_COLUMNS, pages };
    }
    case 'proposals': {
      const pages = pagesOf(
        db,
        (page) => queryProposals({ conflictId: conflict.id }, page),
        (rows) => proposalRecords(db, rows),
      );
      return { kind, conflict, columns: PROPOSAL_COLUMNS, pages };
    }
    case 'talks': {
      const pages = pagesOf(
        db,
        (page) => queryTalks({ conflictId: conflict.id, ...dates }, 'DATE_ASC', page),
        (rows) => talkRecords(db, rows),
      );
      return { kind, conflict, columns: TALK_COLUMNS, pages };
    }
  }
}

// RFC 4180's CRLF. csv-stringify quotes a field holding the record delimiter but not a lone LF or
// CR, which readers would take for the end of the row.
const CSV_OPTIONS = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

/** A page of rows as text. */
const FORMATTERS: Record<ExportFormat, (columns: readonly string[], records: ExportRecord[]) => string> = {
  csv: (columns, records) => stringify(records, { columns: [...columns], ...CSV_OPTIONS }),
  // Keys in the columns' order, every column present: the same table as the CSV.
  ndjson: (columns, records) =>
    records.map((record) => `${JSON.stringify(Object.fromEntries(columns.map((c) => [c, record[c] ?? ''])))}\n`).join(''),
};

/**
 * The export as the bytes of a file: CSV (a header, CRLF, UTF-8 without a BOM) or one JSON object
 * a line. One stream, a chunk a page: destroying it (the client went away) ends the walk through
 * the pages, and an error reading them reaches whoever consumes it.
 */
export function exportStream(exp: Export, format: ExportFormat): Readable {
  return Readable.from(
    (function* () {
      if (format === 'csv') yield stringify([[...exp.columns]], CSV_OPTIONS);
      for (const page of exp.pages()) yield FORMATTERS[format](exp.columns, page);
    })(),
    // A page ahead of the reader, not Readable's default of sixteen.
    { highWaterMark: 1 },
  );
}

function retracted(value: string | undefined): boolean {
  if (value === undefined || value === 'exclude') return false;
  if (value === 'include') return true;
  throw badInput(`retracted is "include" or "exclude", not "${value}".`);
}

/** Comma-separated types, each as ACLED names it ("Battles") or as Parley does (BATTLES). */
function eventTypes(value: string): IncidentEventType[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (!names.length) throw badInput('types names no event type.');
  return names.map((name) => {
    const type = EVENT_TYPES[name] ?? (INCIDENT_EVENT_TYPES as readonly string[]).find((t) => t === name);
    if (!type) {
      throw badInput(
        `"${name}" is not an event type: give ACLED's names (${Object.keys(EVENT_TYPES).join(', ')}) or Parley's (${INCIDENT_EVENT_TYPES.join(', ')}).`,
      );
    }
    return type as IncidentEventType;
  });
}

function actorNamed(db: Db, name: string): number {
  const actor = name.trim() === '' ? undefined : findActorByNameOrAlias(db, name.trim());
  if (!actor) throw badInput(`No actor is named or also known as "${name}".`);
  return actor.id;
}

/**
 * The records of a list, a page at a time, in order. The first page's query is built at once:
 * building it checks the filter (dates, text), so a bad one is refused before the response begins.
 */
function pagesOf<T>(db: Db, list: (page: PageRequest) => PageQuery<T>, toRecords: (rows: T[]) => ExportRecord[]) {
  const first = list({ limit: PAGE_SIZE, inverted: false });
  return function* (): Generator<ExportRecord[]> {
    let query = first;
    for (;;) {
      const { rows, cursorOf } = fetchPages(db, [query])[0]!;
      if (rows.length) yield toRecords(rows);
      if (rows.length < PAGE_SIZE) return;
      query = list({ after: cursorOf(rows.at(-1)!), limit: PAGE_SIZE, inverted: false });
    }
  };
}

const text = (value: string | number | null | undefined) => (value === null || value === undefined ? '' : String(value));

/** Lists joined as the ACLED columns join theirs (assoc_actor_1, source). */
const joined = (values: readonly string[]) => values.join('; ');

const byId = <T extends { id: number }>(rows: readonly T[]) => new Map(rows.map((row) => [row.id, row]));
const idsOf = (values: readonly (number | null)[]) => [...new Set(values.filter((v): v is number => v !== null))];

/** The names of the sources of each of these facts of one type, in the order they were attached. */
function sourceNames(db: Db, type: SubjectType, ids: readonly number[]): (id: number) => string {
  const bySubject = groupBy(attributionsFor(db, type, ids), (a) => a.subjectId);
  return (id) => joined([...new Set((bySubject.get(id) ?? []).map((a) => a.source.name))]);
}

const DATE_COLUMNS = ['date_start', 'date_end', 'date_precision', 'date_text'] as const;

/** A date as the API gives it: a BEFORE has no start. */
const dateOf = (row: StoredDate) => ({
  date_start: text(earliestDay(row.dateStart)),
  date_end: text(row.dateEnd),
  date_precision: precisionOf(row),
  date_text: text(row.dateText),
});

const talkTitles = (db: Db, rows: readonly { talkId: number | null }[]) => {
  const talks = byId(loadTalks(db, idsOf(rows.map((r) => r.talkId))));
  return (talkId: number | null) => text(talkId === null ? null : talks.get(talkId)?.title);
};

const STATEMENT_COLUMNS = [
  'id',
  ...DATE_COLUMNS,
  'speaker_person',
  'speaker_actor',
  'quote',
  'paraphrase',
  'context',
  'about',
  'talk_id',
  'talk',
  'sources',
  'revision',
  'retraction',
] as const;

function statementRecords(db: Db, rows: Statement[]): ExportRecord[] {
  const ids = rows.map((r) => r.id);
  const people = byId(loadPeople(db, idsOf(rows.map((r) => r.speakerPersonId))));
  const actors = byId(loadActors(db, idsOf(rows.map((r) => r.speakerActorId))));
  const subjects = subjectsOfStatements(db, ids);
  const labels = subjectLabels(db, subjects);
  const aboutOf = groupBy(subjects, (s) => s.statementId);
  const talk = talkTitles(db, rows);
  const sources = sourceNames(db, 'STATEMENT', ids);
  return rows.map((row) => ({
    id: String(row.id),
    ...dateOf(row),
    speaker_person: text(row.speakerPersonId === null ? null : people.get(row.speakerPersonId)?.name),
    speaker_actor: text(row.speakerActorId === null ? null : actors.get(row.speakerActorId)?.name),
    quote: text(row.quote),
    paraphrase: text(row.paraphrase),
    context: text(row.context),
    about: joined((aboutOf.get(row.id) ?? []).map((s) => labels(s.subjectType, s.subjectId))),
    talk_id: text(row.talkId),
    talk: talk(row.talkId),
    sources: sources(row.id),
    revision: String(row.revision),
    retraction: text(row.retractionReason),
  }));
}

/**
 * What a statement is about, by name: a person, an actor, a topic, a conflict by its name, a talk,
 * proposal or incident by its title; one statement per kind of subject on the page.
 */
function subjectLabels(db: Db, subjects: readonly { subjectType: SubjectType; subjectId: number }[]) {
  const labels = new Map<string, string>();
  for (const [type, group] of groupBy(subjects, (s) => s.subjectType)) {
    const ids = group.map((s) => s.subjectId);
    for (const row of rowsByIds(db, SUBJECT_TABLES[type], ids) as { id: number; name?: string; title?: string }[]) {
      labels.set(`${type}:${row.id}`, row.name ?? row.title ?? '');
    }
  }
  return (type: SubjectType, id: number) => labels.get(`${type}:${id}`) || `${type.toLowerCase().replaceAll('_', ' ')} ${id}`;
}

/**
 * One row per provision, the proposal's columns repeated on each (a proposal with none has one
 * row, its provision columns empty): the long layout pandas and R read as it is, where a
 * provision's text, topic and sources stay in columns of their own instead of being packed into
 * one cell that no separator could split safely.
 */
const PROPOSAL_COLUMNS = [
  'proposal_id',
  ...DATE_COLUMNS,
  'actor',
  'title',
  'status',
  'talk_id',
  'talk',
  'description',
  'sources',
  'provision',
  'provision_text',
  'provision_topic',
  'provision_sources',
] as const;

function proposalRecords(db: Db, rows: Proposal[]): ExportRecord[] {
  const ids = rows.map((r) => r.id);
  const actors = byId(loadActors(db, idsOf(rows.map((r) => r.actorId))));
  const provisions = provisionsOf(db, ids);
  const topics = byId(loadTopics(db, idsOf(provisions.map((p) => p.topicId))));
  const provisionsOfProposal = groupBy(provisions, (p) => p.proposalId);
  const talk = talkTitles(db, rows);
  const sources = sourceNames(db, 'PROPOSAL', ids);
  const provisionSources = sourceNames(
    db,
    'PROVISION',
    provisions.map((p) => p.id),
  );
  return rows.flatMap((row) => {
    const proposal = {
      proposal_id: String(row.id),
      ...dateOf(row),
      actor: text(actors.get(row.actorId)?.name),
      title: row.title,
      status: row.status,
      talk_id: text(row.talkId),
      talk: talk(row.talkId),
      description: text(row.description),
      sources: sources(row.id),
    };
    const items = (provisionsOfProposal.get(row.id) ?? []).sort((a, b) => a.ordinal - b.ordinal);
    if (!items.length) return [{ ...proposal, provision: '', provision_text: '', provision_topic: '', provision_sources: '' }];
    return items.map((p) => ({
      ...proposal,
      provision: String(p.ordinal),
      provision_text: p.text,
      provision_topic: text(p.topicId === null ? null : topics.get(p.topicId)?.name),
      provision_sources: provisionSources(p.id),
    }));
  });
}

const TALK_COLUMNS = [
  'id',
  'round',
  'title',
  'status',
  'venue_city',
  'venue_country',
  'host',
  ...DATE_COLUMNS,
  'delegations',
  'outcomes',
  'description',
  'sources',
] as const;

function talkRecords(db: Db, rows: Talk[]): ExportRecord[] {
  const ids = rows.map((r) => r.id);
  const delegations = delegationsOf(db, ids);
  const participants = participantsOf(
    db,
    delegations.map((d) => d.id),
  );
  const actors = byId(loadActors(db, idsOf([...rows.map((r) => r.hostActorId), ...delegations.map((d) => d.actorId)])));
  const people = byId(loadPeople(db, idsOf(participants.map((p) => p.personId))));
  const membersOf = groupBy(participants, (p) => p.delegationId);
  const delegationsOfTalk = groupBy(delegations, (d) => d.talkId);
  const outcomesOfTalk = groupBy(outcomesOf(db, ids), (o) => o.talkId);
  const sources = sourceNames(db, 'TALK', ids);
  /** "Ukraine (PARTY, CONFIRMED, head Rustem Umerov, 3 more members)": who came, not every member. */
  const delegation = (d: (typeof delegations)[number]) => {
    const members = membersOf.get(d.id) ?? [];
    const head = members.find((m) => m.role === 'HEAD');
    const headName = head && (head.personId === null ? head.description : people.get(head.personId)?.name);
    const others = members.length - (head ? 1 : 0);
    const details = [
      d.role,
      d.attendance,
      ...(headName ? [`head ${headName}`] : []),
      ...(others ? [`${others} ${head ? 'more ' : ''}member${others === 1 ? '' : 's'}`] : []),
    ];
    return `${actors.get(d.actorId)?.name ?? `actor ${d.actorId}`} (${details.join(', ')})`;
  };
  return rows.map((row) => ({
    id: String(row.id),
    round: text(row.round),
    title: row.title,
    status: row.status,
    venue_city: text(row.venueCity),
    venue_country: text(row.venueCountry),
    host: text(row.hostActorId === null ? null : actors.get(row.hostActorId)?.name),
    ...dateOf(row),
    delegations: joined((delegationsOfTalk.get(row.id) ?? []).map(delegation)),
    outcomes: joined((outcomesOfTalk.get(row.id) ?? []).map((o) => `${o.description} (${o.achieved ? 'achieved' : 'not achieved'})`)),
    description: text(row.description),
    sources: sources(row.id),
  }));
}
