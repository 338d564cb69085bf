/** Actors: states, government bodies, armed forces, organizations, media outlets. */
import { z } from 'zod';
import { and, eq, exists, inArray, or, sql } from 'drizzle-orm';
import { rowsByIds, rowsByKey } from './rows.js';
import { containsText, paginate, type Page, type PageRequest } from './pagination.js';
import type { Db } from '../db/client.js';
import { actorAliases, actors } from '../db/schema.js';
import { appendEvent, type WriteScope } from './events.js';
import { DomainError } from './errors.js';
import { attachSources } from './source.js';
import { attributions, id, optionalText, requireRow, text, validate } from './validation.js';
import { ACTOR_KINDS } from './vocabulary.js';

export type Actor = typeof actors.$inferSelect;
export type ActorAlias = typeof actorAliases.$inferSelect;

const recordActorInput = z.object({
  name: text(200),
  kind: z.enum(ACTOR_KINDS),
  parentId: id.nullish(),
  countryCode: z
    .string()
    .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code')
    .nullish(),
  description: optionalText(),
  /** Other names it goes by ("the UK", "Military Forces of Russia (2000-)"). */
  aliases: z.array(text(200)).max(50).default([]),
  sources: attributions,
});
export type RecordActorInput = z.input<typeof recordActorInput>;

export function recordActor(scope: WriteScope, input: RecordActorInput): Actor {
  const data = validate(recordActorInput, input);
  if (data.parentId) requireRow(scope.tx, actors, data.parentId, 'actor', 'parentId');
  for (const [i, name] of [data.name, ...data.aliases].entries()) {
    const taken = findActorByNameOrAlias(scope.tx, name);
    if (taken) {
      throw new DomainError('CONFLICT', `"${name}" already names the actor "${taken.name}".`, [
        { field: i === 0 ? 'name' : `aliases.${i - 1}`, message: 'already taken' },
      ]);
    }
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
  const aliases = [...new Set(data.aliases)].map((alias) => insertAlias(scope, row.id, alias));
  appendEvent(scope, {
    kind: 'ACTOR_RECORDED',
    actorIds: [row.id, row.parentId],
    subjectType: 'ACTOR',
    subjectId: row.id,
    conflictId: null,
    summary: `Actor recorded: ${row.name}`,
    data: { ...row, aliases: aliases.map((a) => a.alias) },
  });
  return row;
}

const addAliasInput = z.object({ actorId: id, alias: text(200) });

/** Another name an actor is known by; a name may stand for one actor only. */
export function addActorAlias(scope: WriteScope, input: z.input<typeof addAliasInput>): ActorAlias {
  const data = validate(addAliasInput, input);
  const actor = requireRow(scope.tx, actors, data.actorId, 'actor', 'actorId');
  const taken = findActorByNameOrAlias(scope.tx, data.alias);
  if (taken) {
    throw new DomainError('CONFLICT', `"${data.alias}" already names the actor "${taken.name}".`, [
      { field: 'alias', message: 'already taken' },
    ]);
  }
  const row = insertAlias(scope, actor.id, data.alias);
  appendEvent(scope, {
    kind: 'ACTOR_ALIAS_ADDED',
    actorIds: [actor.id],
    subjectType: 'ACTOR',
    subjectId: actor.id,
    conflictId: null,
    summary: `${actor.name} is also known as ${row.alias}`,
    data: row,
  });
  return row;
}

const insertAlias = (scope: WriteScope, actorId: number, alias: string): ActorAlias =>
  scope.tx.insert(actorAliases).values({ actorId, alias }).returning().get();

/** The actor a name stands for, by its name or an alias, case-insensitively. */
export function findActorByNameOrAlias(db: Db, name: string): Actor | undefined {
  return (
    db.select().from(actors).where(sql`${actors.name} = ${name} COLLATE NOCASE`).get() ??
    db
      .select()
      .from(actors)
      .where(
        exists(
          db
            .select({ one: sql`1` })
            .from(actorAliases)
            .where(and(eq(actorAliases.actorId, actors.id), sql`${actorAliases.alias} = ${name} COLLATE NOCASE`)),
        ),
      )
      .get()
  );
}

export const aliasesOfActors = (db: Db, actorIds: readonly number[]) => rowsByKey(db, actorAliases, actorAliases.actorId, actorIds);

export const loadActors = (db: Db, ids: readonly number[]) => rowsByIds(db, actors, ids);

export interface ActorFilter {
  kinds?: readonly Actor['kind'][];
  /** Case-insensitive part of the name or of an alias. */
  name?: string;
}

export function listActors(db: Db, filter: ActorFilter, page: PageRequest): Page<Actor> {
  const where = and(
    filter.kinds?.length ? inArray(actors.kind, [...filter.kinds]) : undefined,
    filter.name
      ? or(
          containsText(actors.name, filter.name),
          exists(
            db
              .select({ one: sql`1` })
              .from(actorAliases)
              .where(and(eq(actorAliases.actorId, actors.id), containsText(actorAliases.alias, filter.name))),
          ),
        )
      : undefined,
  );
  return paginate(
    db,
    actors,
    where,
    {
      key: actors.name,
      id: actors.id,
      direction: 'asc',
      cursorOf: (row) => [row.name, row.id],
    },
    page,
  );
}

export const actorsByParent = (db: Db, parentIds: readonly number[]) => rowsByKey(db, actors, actors.parentId, parentIds);

export function findActorByName(db: Pick<Db, 'select'>, name: string): Actor | undefined {
  return db.select().from(actors).where(eq(actors.name, name)).get();
}
