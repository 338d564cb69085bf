/**
 * The versions of a fact, field by field, from the event log. Every event about a subject holds
 * the subject as that event committed it (`data`); a version is the subject after one event, and
 * its changes are the fields that differ from the version before. No GraphQL here: the schema's
 * `versions` on every node and `Query.changes` are thin over these functions
 * (src/graphql/history.ts).
 */
import { and, asc, gt, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { isDeepStrictEqual } from 'node:util';
import type { Db } from '../db/client.js';
import { events } from '../db/schema.js';
import { eventConditions, eventCursor, type EventRow } from './events.js';
import { DomainError } from './errors.js';
import { decodeCursor, paginate, type Page, type PageRequest } from './pagination.js';
import type { SubjectType } from './vocabulary.js';

/** A subject as it stood after an event: the snapshot's keys (the domain's camelCase names). */
export type SubjectState = Record<string, unknown>;

/** One field that differs between two versions; `before` is null for a field first set. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** A subject after one event about it, and what that event changed. */
export interface Version {
  event: EventRow;
  /** The whole subject as it stood after the event. */
  state: SubjectState;
  /** The fields that differ from the version before, in the snapshot's key order. */
  changes: FieldChange[];
}

export interface SubjectRef {
  type: SubjectType;
  id: number;
}

/** Keys that never change and say nothing about a version. */
const IGNORED = new Set(['id']);

/**
 * The subject after an event, from the subject before it. Most events hold the whole subject
 * (its row, and the nested lists it was recorded with: an incident's actors and figures, a talk's
 * delegations), and their keys replace the version before; a list an event leaves out (a talk's
 * delegations on a status change) stays as it was. A few events hold only what they add:
 */
export function nextState(before: SubjectState | null, event: Pick<EventRow, 'kind' | 'data'>): SubjectState {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const prior = before ?? {};
  switch (event.kind) {
    // The alias row, not the actor or person: the alias joins the list.
    case 'ACTOR_ALIAS_ADDED':
    case 'PERSON_ALIAS_ADDED':
      return { ...prior, aliases: [...listAt(prior, 'aliases'), data.alias] };
    // The outcomes recorded with the change, after those recorded before.
    case 'TALK_STATUS_CHANGED':
      return { ...prior, ...data, outcomes: [...listAt(prior, 'outcomes'), ...listAt(data, 'outcomes')] };
    // The provisions added, after the existing ones.
    case 'PROPOSAL_UPDATED': {
      const { addedProvisions, ...row } = data;
      return { ...prior, ...row, provisions: [...listAt(prior, 'provisions'), ...(Array.isArray(addedProvisions) ? addedProvisions : [])] };
    }
    default:
      return { ...prior, ...data };
  }
}

const listAt = (state: Record<string, unknown>, key: string): unknown[] => {
  const value = state[key];
  return Array.isArray(value) ? value : [];
};

/**
 * The fields that differ between two versions, compared as whole JSON values (a list of actors or
 * figures is one field). With no version before, the fields the first one sets (not null).
 */
export function diffStates(before: SubjectState | null, after: SubjectState): FieldChange[] {
  const changes: FieldChange[] = [];
  const keys = new Set([...Object.keys(after), ...Object.keys(before ?? {})]);
  for (const field of keys) {
    if (IGNORED.has(field)) continue;
    const was = before?.[field] ?? null;
    const is = after[field] ?? null;
    if (!isDeepStrictEqual(was, is)) changes.push({ field, before: was, after: is });
  }
  return changes;
}

/** The versions of one subject from every event about it, oldest first. */
export function versionsFrom(history: readonly EventRow[]): Version[] {
  let state: SubjectState | null = null;
  return history.map((event) => {
    const next = nextState(state, event);
    const version = { event, state: next, changes: diffStates(state, next) };
    state = next;
    return version;
  });
}

const keyOf = (type: SubjectType, id: number) => `${type}:${id}`;

/**
 * Every event about some subjects of any kinds, up to an event (inclusive), oldest first, grouped
 * by subject: one statement, which seeks the (subject_type, subject_id, id) index once per subject.
 */
function historiesOf(db: Db, subjects: readonly SubjectRef[], upTo?: number): Map<string, EventRow[]> {
  const grouped = new Map<string, EventRow[]>();
  const unique = [...new Map(subjects.map((s) => [keyOf(s.type, s.id), s])).values()];
  if (!unique.length) return grouped;
  const pairs = sql.join(
    unique.map((s) => sql`(${s.type}, ${s.id})`),
    sql`, `,
  );
  const rows = db
    .select()
    .from(events)
    .where(
      and(sql`(${events.subjectType}, ${events.subjectId}) IN (VALUES ${pairs})`, upTo === undefined ? undefined : lte(events.id, upTo)),
    )
    .orderBy(asc(events.id))
    .all();
  for (const row of rows) {
    const key = keyOf(row.subjectType, row.subjectId);
    const list = grouped.get(key);
    if (list) list.push(row);
    else grouped.set(key, [row]);
  }
  return grouped;
}

/** The versions of each subject, oldest first (empty for a subject no event is about), in one statement. */
export function versionsOf(db: Db, subjects: readonly SubjectRef[]): Version[][] {
  const histories = historiesOf(db, subjects);
  return subjects.map((s) => versionsFrom(histories.get(keyOf(s.type, s.id)) ?? []));
}

/**
 * One page of a subject's versions, read whole (a fact has a handful of versions), by the same
 * event cursors as the log: `after`/`before` are exclusive, `inverted` pages back from the end.
 */
export function versionPage(versions: readonly Version[], request: PageRequest): Page<Version> {
  const after = request.after === undefined ? undefined : eventIdOf(request.after);
  const before = request.before === undefined ? undefined : eventIdOf(request.before);
  const within = versions.filter((v) => (after === undefined || v.event.id > after) && (before === undefined || v.event.id < before));
  const rows = request.inverted ? within.slice(-request.limit).reverse() : within.slice(0, request.limit);
  return { rows, cursorOf: (v) => eventCursor(v.event), totalCount: () => versions.length };
}

/**
 * The event id an event cursor names. A cursor of another list (an incident's, whose key is a
 * date) is refused rather than compared with event ids, which would page from nowhere in particular.
 */
function eventIdOf(cursor: string): number {
  const [key, id] = decodeCursor(cursor);
  if (key !== id) throw new DomainError('INVALID_CURSOR', `"${cursor.slice(0, 64)}" is not a cursor of the event log.`);
  return id;
}

/** Which changes to list; every condition given must hold. */
export interface ChangeFilter {
  conflictId?: number;
  /** Changes to facts that bear on this round of talks (or to the round itself). */
  talkId?: number;
  /** Changes to these kinds of fact. */
  subjectTypes?: readonly SubjectType[];
}

/**
 * Everything that changed after an event (exclusive), in log order: one version per event, with
 * its changes from its subject's version before. Two statements a page: the events of the page,
 * then every earlier event about their subjects, in one batch.
 */
export function listChanges(db: Db, since: number, filter: ChangeFilter, request: PageRequest): Page<Version> {
  for (const cursor of [request.after, request.before]) if (cursor !== undefined) eventIdOf(cursor);
  const conditions: (SQL | undefined)[] = [
    gt(events.id, since),
    ...eventConditions({ conflictId: filter.conflictId, talkId: filter.talkId }),
    filter.subjectTypes?.length ? inArray(events.subjectType, [...filter.subjectTypes]) : undefined,
  ];
  const page = paginate(
    db,
    events,
    and(...conditions),
    { key: events.id, id: events.id, direction: 'asc', cursorOf: (row) => [row.id, row.id] },
    request,
  );
  return { rows: changesAt(db, page.rows), cursorOf: (v) => eventCursor(v.event), totalCount: page.totalCount };
}

/** The version each event made, in the order given, from every event about its subject up to it. */
export function changesAt(db: Db, rows: readonly EventRow[]): Version[] {
  if (!rows.length) return [];
  const upTo = Math.max(...rows.map((r) => r.id));
  const histories = historiesOf(
    db,
    rows.map((r) => ({ type: r.subjectType, id: r.subjectId })),
    upTo,
  );
  const byEvent = new Map<number, Version>();
  for (const history of histories.values()) for (const version of versionsFrom(history)) byEvent.set(version.event.id, version);
  return rows.map((row) => byEvent.get(row.id)!);
}
