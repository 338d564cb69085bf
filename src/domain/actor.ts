/** Actors: states, government bodies, armed forces, organizations, media outlets. */
import { z } from 'zod';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { rowsByIds, rowsByKey } from './rows.js';
import { containsText, paginate, type Page, type PageRequest } from './pagination.js';
import type { Db } from '../db/client.js';
import { actors } from '../db/schema.js';
import { appendEvent, type WriteScope } from './events.js';
import { DomainError } from './errors.js';
import { attachSources } from './source.js';
import { attributions, id, optionalText, requireRow, text, validate } from './validation.js';
import { ACTOR_KINDS } from './vocabulary.js';

export type Actor = typeof actors.$inferSelect;

const recordActorInput = z.object({
  name: text(200),
  kind: z.enum(ACTOR_KINDS),
  parentId: id.nullish(),
  countryCode: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code').nullish(),
  description: optionalText(),
  sources: attributions,
});

export function recordActor(scope: WriteScope, input: z.input<typeof recordActorInput>): Actor {
  const data = validate(recordActorInput, input);
  if (data.parentId) requireRow(scope.tx, actors, data.parentId, 'actor', 'parentId');
  if (scope.tx.select().from(actors).where(sql`${actors.name} = ${data.name} COLLATE NOCASE`).get()) {
    throw new DomainError('CONFLICT', `An actor named "${data.name}" exists already.`, [
      { field: 'name', message: 'already taken' },
    ]);
  }
  const row = scope.tx
    .insert(actors)
    .values({
      name: data.name,
      kind: data.kind,
      parentId: data.parentId ?? null,
      countryCode: data.countryCode ?? null,
      description: data.description ?? null,
    })
    .returning()
    .get();
  attachSources(scope, 'ACTOR', row.id, data.sources);
  appendEvent(scope, {
    kind: 'ACTOR_RECORDED',
    actorIds: [row.id, row.parentId],
    subjectType: 'ACTOR',
    subjectId: row.id,
    conflictId: null,
    summary: `Actor recorded: ${row.name}`,
    data: row,
  });
  return row;
}

export const loadActors = (db: Db, ids: readonly number[]) => rowsByIds(db, actors, ids);

export interface ActorFilter {
  kinds?: readonly Actor['kind'][];
  /** Case-insensitive part of the name. */
  name?: string;
}

export function listActors(db: Db, filter: ActorFilter, page: PageRequest): Page<Actor> {
  const where = and(
    filter.kinds?.length ? inArray(actors.kind, [...filter.kinds]) : undefined,
    filter.name ? containsText(actors.name, filter.name) : undefined,
  );
  return paginate(db, actors, where, {
    key: actors.name,
    id: actors.id,
    direction: 'asc',
    cursorOf: (row) => [row.name, row.id],
  }, page);
}

export const actorsByParent = (db: Db, parentIds: readonly number[]) => rowsByKey(db, actors, actors.parentId, parentIds);

export function findActorByName(db: Pick<Db, 'select'>, name: string): Actor | undefined {
  return db.select().from(actors).where(eq(actors.name, name)).get();
}
