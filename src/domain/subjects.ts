/** The table behind each kind of fact, for references that name a kind and an id. */
import { getTableColumns } from 'drizzle-orm';
import * as t from '../db/schema.js';
import type { Db } from '../db/client.js';
import { requireRow } from './validation.js';
import type { SubjectType } from './vocabulary.js';

export const SUBJECT_TABLES = {
  CONFLICT: t.conflicts,
  ACTOR: t.actors,
  PERSON: t.people,
  PERSON_TITLE: t.personTitles,
  TALK: t.talks,
  TALK_OUTCOME: t.talkOutcomes,
  DELEGATION: t.delegations,
  PARTICIPATION: t.participations,
  INCIDENT: t.incidents,
  TOPIC: t.topics,
  POSITION: t.positions,
  PROPOSAL: t.proposals,
  PROVISION: t.provisions,
  STATEMENT: t.statements,
  FIGURE: t.figures,
  SOURCE: t.sources,
} as const satisfies Record<SubjectType, unknown>;

/** The row a (kind, id) reference names; NOT_FOUND, naming the input field, if there is none. */
export function requireSubject(tx: Db, type: SubjectType, id: number, field: string): object {
  return requireRow(tx, SUBJECT_TABLES[type], id, type.toLowerCase().replaceAll('_', ' '), field);
}

/**
 * The subject of an event as that event committed it, rebuilt from the snapshot the event holds:
 * JSON keeps instants as ISO strings, so the table's timestamp columns become Dates again.
 */
export function subjectAsCommitted(type: SubjectType, data: unknown): Record<string, unknown> & { id: number } {
  const snapshot = { ...(data as Record<string, unknown>) } as Record<string, unknown> & { id: number };
  for (const [key, column] of Object.entries(getTableColumns(SUBJECT_TABLES[type]))) {
    const value = snapshot[key];
    if (column.columnType === 'SQLiteTimestamp' && (typeof value === 'string' || typeof value === 'number')) {
      snapshot[key] = new Date(value);
    }
  }
  return snapshot;
}
