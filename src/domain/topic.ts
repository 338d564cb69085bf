/** Negotiation topics and each actor's position on each: the side-by-side matrix analysts ask for. */
import { z } from 'zod';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { actors, conflicts, positions, talks, topics } from '../db/schema.js';
import { byDate, type DateOrder } from './dated.js';
import { appendEvent, type WriteScope } from './events.js';
import { DomainError } from './errors.js';
import { pageQuery, type PageQuery, type PageRequest } from './pagination.js';
import { rowsByIds, rowsByKey } from './rows.js';
import { attachSources } from './source.js';
import { attributions, dateColumns, id, optionalText, partialDate, requireInConflict, requireRow, text, validate } from './validation.js';

export type Topic = typeof topics.$inferSelect;
export type Position = typeof positions.$inferSelect;

const defineTopicInput = z.object({
  conflictId: id,
  slug: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase words joined by hyphens')
    .max(100),
  name: text(200),
  description: optionalText(),
  sources: attributions,
});

export function defineTopic(scope: WriteScope, input: z.input<typeof defineTopicInput>): Topic {
  const data = validate(defineTopicInput, input);
  requireRow(scope.tx, conflicts, data.conflictId, 'conflict', 'conflictId');
  if (findTopicBySlug(scope.tx, data.conflictId, data.slug)) {
    throw new DomainError('CONFLICT', `Topic "${data.slug}" exists already.`, [{ field: 'slug', message: 'already taken' }]);
  }
  const row = scope.tx
    .insert(topics)
    .values({ conflictId: data.conflictId, slug: data.slug, name: data.name, description: data.description ?? null })
    .returning()
    .get();
  attachSources(scope, 'TOPIC', row.id, data.sources);
  appendEvent(scope, {
    kind: 'TOPIC_DEFINED',
    subjectType: 'TOPIC',
    subjectId: row.id,
    conflictId: row.conflictId,
    summary: `Topic defined: ${row.name}`,
    data: row,
  });
  return row;
}

const recordPositionInput = z.object({
  topicId: id,
  actorId: id,
  stance: text(2000),
  /** The round the stance was stated for. */
  talkId: id.nullish(),
  date: partialDate,
  sources: attributions,
});

export function recordPosition(scope: WriteScope, input: z.input<typeof recordPositionInput>): Position {
  const data = validate(recordPositionInput, input);
  const topic = requireRow(scope.tx, topics, data.topicId, 'topic', 'topicId');
  const actor = requireRow(scope.tx, actors, data.actorId, 'actor', 'actorId');
  if (data.talkId) requireInConflict(scope.tx, talks, data.talkId, topic.conflictId, 'talk', 'talkId');
  const row = scope.tx
    .insert(positions)
    .values({ topicId: topic.id, actorId: actor.id, stance: data.stance, talkId: data.talkId ?? null, ...dateColumns(data.date) })
    .returning()
    .get();
  attachSources(scope, 'POSITION', row.id, data.sources);
  appendEvent(scope, {
    kind: 'POSITION_RECORDED',
    actorIds: [actor.id],
    talkId: row.talkId,
    subjectType: 'POSITION',
    subjectId: row.id,
    conflictId: topic.conflictId,
    occurredOn: row.dateStart,
    summary: `${actor.name} on ${topic.name}: ${row.stance}`,
    data: row,
  });
  return row;
}

export function findTopicBySlug(db: Db, conflictId: number, slug: string): Topic | undefined {
  return db
    .select()
    .from(topics)
    .where(and(eq(topics.conflictId, conflictId), eq(topics.slug, slug)))
    .get();
}

export const loadTopics = (db: Db, ids: readonly number[]) => rowsByIds(db, topics, ids);
export const loadPositions = (db: Db, ids: readonly number[]) => rowsByIds(db, positions, ids);
export const positionsOnTopics = (db: Db, topicIds: readonly number[]) => rowsByKey(db, positions, positions.topicId, topicIds);
export const topicsOfConflicts = (db: Db, conflictIds: readonly number[]) => rowsByKey(db, topics, topics.conflictId, conflictIds);

export interface PositionFilter {
  actorId?: number;
  topicId?: number;
  talkId?: number;
}

/** Positions in the order they were held; each filter walks an (x, date, id) index. */
export function queryPositions(filter: PositionFilter, order: DateOrder, page: PageRequest): PageQuery<Position> {
  const where = and(
    filter.actorId !== undefined ? eq(positions.actorId, filter.actorId) : undefined,
    filter.topicId !== undefined ? eq(positions.topicId, filter.topicId) : undefined,
    filter.talkId !== undefined ? eq(positions.talkId, filter.talkId) : undefined,
  );
  return pageQuery(positions, where, byDate<Position>(positions, order), page);
}

export interface PositionMatrix {
  topics: Topic[];
  actors: { id: number; name: string }[];
  /** One cell per (topic, actor) that has a position: the newest one. */
  cells: { topic: Topic; actorId: number; current: Position; history: Position[] }[];
}

/**
 * Topics down, actors across; each cell the actor's newest stance on the topic, with its history.
 * The matrices of several conflicts, in their order, in three statements however many there are
 * (their topics, those topics' positions, the actors who took them): a list of conflicts asking
 * for its matrices costs what one does.
 */
export function positionMatrices(db: Db, conflictIds: readonly number[]): PositionMatrix[] {
  const topicRows = topicsOfConflicts(db, conflictIds);
  const all = topicRows.length
    ? db
        .select()
        .from(positions)
        .where(
          inArray(
            positions.topicId,
            topicRows.map((t) => t.id),
          ),
        )
        .orderBy(desc(positions.dateStart), desc(positions.id))
        .all()
    : [];
  const actorIds = [...new Set(all.map((p) => p.actorId))];
  const actorRows = actorIds.length
    ? db.select({ id: actors.id, name: actors.name }).from(actors).where(inArray(actors.id, actorIds)).orderBy(asc(actors.name)).all()
    : [];
  return conflictIds.map((conflictId) => {
    const ownTopics = topicRows.filter((t) => t.conflictId === conflictId);
    const ownTopicIds = new Set(ownTopics.map((t) => t.id));
    const own = all.filter((p) => ownTopicIds.has(p.topicId));
    const ownActorIds = new Set(own.map((p) => p.actorId));
    const ownActors = actorRows.filter((a) => ownActorIds.has(a.id));
    const cells: PositionMatrix['cells'] = [];
    for (const topic of ownTopics) {
      for (const actor of ownActors) {
        const history = own.filter((p) => p.topicId === topic.id && p.actorId === actor.id);
        if (history.length) cells.push({ topic, actorId: actor.id, current: history[0]!, history });
      }
    }
    return { topics: ownTopics, actors: ownActors, cells };
  });
}
