/**
 * Corrections are first-class: a fact is amended (new values, revision + 1) or retracted (kept,
 * marked withdrawn with a reason), each by an event that carries the reason and the fact as it
 * now stands. The event log therefore holds every version a fact has had.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { figures, incidentActors, incidents, statements } from '../db/schema.js';
import { appendEvent, type WriteScope } from './events.js';
import { DomainError } from './errors.js';
import { requireRow } from './validation.js';
import type { EventKind } from './vocabulary.js';

const CORRECTABLE = {
  INCIDENT: {
    table: incidents,
    name: 'incident',
    amended: 'INCIDENT_AMENDED',
    retracted: 'INCIDENT_RETRACTED',
    actorsOf: (tx: Db, row: { id: number }) =>
      tx
        .select({ id: incidentActors.actorId })
        .from(incidentActors)
        .where(eq(incidentActors.incidentId, row.id))
        .all()
        .map((a) => a.id),
    /** As recorded: with its actors and figures, so each version in the history shows them as they were. */
    snapshot: (tx: Db, row: { id: number }) => ({
      ...row,
      actors: tx.select().from(incidentActors).where(eq(incidentActors.incidentId, row.id)).all(),
      figures: tx.select().from(figures).where(eq(figures.incidentId, row.id)).all(),
    }),
  },
  STATEMENT: {
    table: statements,
    name: 'statement',
    amended: 'STATEMENT_AMENDED',
    retracted: 'STATEMENT_RETRACTED',
    actorsOf: (_tx: Db, row: { speakerActorId: number | null }) => [row.speakerActorId],
    snapshot: (_tx: Db, row: object) => row,
  },
} as const satisfies Record<
  string,
  {
    table: unknown;
    name: string;
    amended: EventKind;
    retracted: EventKind;
    actorsOf: (tx: Db, row: never) => (number | null)[];
    snapshot: (tx: Db, row: never) => unknown;
  }
>;

type Kind = keyof typeof CORRECTABLE;
type Row<K extends Kind> = (typeof CORRECTABLE)[K]['table']['$inferSelect'];
type Changes<K extends Kind> = Partial<(typeof CORRECTABLE)[K]['table']['$inferInsert']>;

/** The fact, which must exist and not be retracted. */
export function requireLive<K extends Kind>(scope: WriteScope, kind: K, id: number, field: string): Row<K> {
  const { table, name } = CORRECTABLE[kind];
  const row = requireRow(scope.tx, table, id, name, field) as Row<K>;
  if (row.retractedAt) {
    throw new DomainError('CONFLICT', `This ${name} has been retracted; it can no longer change.`, [{ field, message: 'retracted' }]);
  }
  return row;
}

function correct<K extends Kind>(
  scope: WriteScope,
  kind: K,
  current: Row<K>,
  set: Changes<K>,
  event: { kind: EventKind; summary: string; reason: string },
): Row<K> {
  const { table } = CORRECTABLE[kind];
  const row = scope.tx
    .update(table)
    .set({ ...set, revision: current.revision + 1 } as never)
    .where(eq(table.id, current.id))
    .returning()
    .get() as Row<K>;
  appendEvent(scope, {
    kind: event.kind,
    subjectType: kind,
    subjectId: row.id,
    conflictId: row.conflictId,
    talkId: row.talkId,
    actorIds: CORRECTABLE[kind].actorsOf(scope.tx, row as never),
    occurredOn: row.dateStart,
    summary: event.summary,
    reason: event.reason,
    data: CORRECTABLE[kind].snapshot(scope.tx, row as never),
  });
  return row;
}

export function amendFact<K extends Kind>(
  scope: WriteScope,
  kind: K,
  current: Row<K>,
  set: Changes<K>,
  reason: string,
  summary: string,
): Row<K> {
  return correct(scope, kind, current, set, { kind: CORRECTABLE[kind].amended, summary, reason });
}

export function retractFact<K extends Kind>(
  scope: WriteScope,
  kind: K,
  id: number,
  reason: string,
  summary: (row: Row<K>) => string,
): Row<K> {
  const current = requireLive(scope, kind, id, `${CORRECTABLE[kind].name}Id`);
  return correct(scope, kind, current, { retractedAt: new Date(), retractionReason: reason } as Changes<K>, {
    kind: CORRECTABLE[kind].retracted,
    summary: summary(current),
    reason,
  });
}
