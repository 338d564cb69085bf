/** People, the names they go by, and the titles they held. */
import { z } from 'zod';
import { and, eq, exists, or, sql } from 'drizzle-orm';
import { rowsByIds, rowsByKey } from './rows.js';
import type { Db } from '../db/client.js';
import { actors, people, personAliases, personTitles } from '../db/schema.js';
import { appendEvent, type WriteScope } from './events.js';
import { DomainError } from './errors.js';
import { containsText, paginate, type Page, type PageRequest } from './pagination.js';
import { attachSources } from './source.js';
import { attributions, id, isoDate, optionalText, requireRow, text, validate } from './validation.js';

export type Person = typeof people.$inferSelect;
export type PersonAlias = typeof personAliases.$inferSelect;
export type PersonTitle = typeof personTitles.$inferSelect;

const titleInput = z
  .object({
    title: text(300),
    actorId: id.nullish(),
    validFrom: isoDate.nullish(),
    validTo: isoDate.nullish(),
    sources: attributions,
  })
  .refine((t) => !t.validFrom || !t.validTo || t.validTo >= t.validFrom, {
    message: 'must not end before it starts',
    path: ['validTo'],
  });

const recordPersonInput = z.object({
  name: text(200),
  aliases: z.array(text(200)).max(50).default([]),
  titles: z.array(titleInput).max(50).default([]),
  description: optionalText(),
  sources: attributions,
});

export function recordPerson(scope: WriteScope, input: z.input<typeof recordPersonInput>): Person {
  const data = validate(recordPersonInput, input);
  const person = scope.tx
    .insert(people)
    .values({ name: data.name, description: data.description ?? null })
    .returning()
    .get();
  attachSources(scope, 'PERSON', person.id, data.sources);
  const aliases = data.aliases.map((alias) => insertAlias(scope, person.id, alias));
  const titles = data.titles.map((title, i) => insertTitle(scope, person.id, title, `titles.${i}`));
  appendEvent(scope, {
    kind: 'PERSON_RECORDED',
    actorIds: titles.map((t) => t.actorId),
    subjectType: 'PERSON',
    subjectId: person.id,
    conflictId: null,
    summary: `Person recorded: ${person.name}`,
    data: { ...person, aliases: aliases.map((a) => a.alias), titles },
  });
  return person;
}

const addAliasInput = z.object({ personId: id, alias: text(200) });

export function addPersonAlias(scope: WriteScope, input: z.input<typeof addAliasInput>): PersonAlias {
  const data = validate(addAliasInput, input);
  const person = requireRow(scope.tx, people, data.personId, 'person', 'personId');
  const row = insertAlias(scope, person.id, data.alias);
  appendEvent(scope, {
    kind: 'PERSON_ALIAS_ADDED',
    subjectType: 'PERSON',
    subjectId: person.id,
    conflictId: null,
    summary: `${person.name} is also known as ${row.alias}`,
    data: row,
  });
  return row;
}

const addTitleInput = z.object({ personId: id, title: titleInput });

export function addPersonTitle(scope: WriteScope, input: z.input<typeof addTitleInput>): PersonTitle {
  const data = validate(addTitleInput, input);
  const person = requireRow(scope.tx, people, data.personId, 'person', 'personId');
  const row = insertTitle(scope, person.id, data.title, 'title');
  appendEvent(scope, {
    kind: 'PERSON_TITLE_ADDED',
    actorIds: [row.actorId],
    subjectType: 'PERSON_TITLE',
    subjectId: row.id,
    conflictId: null,
    summary: `${person.name}: ${row.title}`,
    data: row,
  });
  return row;
}

function insertAlias(scope: WriteScope, personId: number, alias: string): PersonAlias {
  const clash = scope.tx
    .select()
    .from(personAliases)
    .where(and(eq(personAliases.personId, personId), sql`${personAliases.alias} = ${alias} COLLATE NOCASE`))
    .get();
  if (clash)
    throw new DomainError('CONFLICT', `"${alias}" is already an alias of this person.`, [{ field: 'alias', message: 'already present' }]);
  return scope.tx.insert(personAliases).values({ personId, alias }).returning().get();
}

function insertTitle(scope: WriteScope, personId: number, title: z.output<typeof titleInput>, field: string): PersonTitle {
  if (title.actorId) requireRow(scope.tx, actors, title.actorId, 'actor', `${field}.actorId`);
  const row = scope.tx
    .insert(personTitles)
    .values({
      personId,
      title: title.title,
      actorId: title.actorId ?? null,
      validFrom: title.validFrom ?? null,
      validTo: title.validTo ?? null,
    })
    .returning()
    .get();
  attachSources(scope, 'PERSON_TITLE', row.id, title.sources, `${field}.sources`);
  return row;
}

/** The person a name stands for, by their name or an alias, case-insensitively. */
export function findPersonByNameOrAlias(db: Db, name: string): Person | undefined {
  return (
    db.select().from(people).where(sql`${people.name} = ${name} COLLATE NOCASE`).get() ??
    db
      .select()
      .from(people)
      .where(
        exists(
          db
            .select({ one: sql`1` })
            .from(personAliases)
            .where(and(eq(personAliases.personId, people.id), sql`${personAliases.alias} = ${name} COLLATE NOCASE`)),
        ),
      )
      .get()
  );
}

export const loadPeople = (db: Db, ids: readonly number[]) => rowsByIds(db, people, ids);
export const loadPersonTitles = (db: Db, ids: readonly number[]) => rowsByIds(db, personTitles, ids);
export const aliasesOf = (db: Db, personIds: readonly number[]) => rowsByKey(db, personAliases, personAliases.personId, personIds);
export const titlesOf = (db: Db, personIds: readonly number[]) => rowsByKey(db, personTitles, personTitles.personId, personIds);

export interface PersonFilter {
  /** Case-insensitive part of the name or of any alias: "zelenskiy" finds Volodymyr Zelensky. */
  name?: string;
}

export function listPeople(db: Db, filter: PersonFilter, page: PageRequest): Page<Person> {
  const where = filter.name
    ? or(
        containsText(people.name, filter.name),
        exists(
          db
            .select({ one: sql`1` })
            .from(personAliases)
            .where(and(eq(personAliases.personId, people.id), containsText(personAliases.alias, filter.name))),
        ),
      )
    : undefined;
  return paginate(
    db,
    people,
    where,
    {
      key: people.name,
      id: people.id,
      direction: 'asc',
      cursorOf: (row) => [row.name, row.id],
    },
    page,
  );
}
