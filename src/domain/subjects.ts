/** The table behind each kind of fact, for references that name a kind and an id. */
import * as t from '../db/schema.js';
import type { DbOrTx } from '../db/client.js';
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

export function requireSubject(tx: DbOrTx, type: SubjectType, id: number, field: string): void {
  requireRow(tx, SUBJECT_TABLES[type], id, type.toLowerCase().replaceAll('_', ' '), field);
}
