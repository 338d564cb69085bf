/** Sources ("who says so") and their attachment to facts. */
import { z } from 'zod';
import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import { inKeys, rowsByIds } from './rows.js';
import { containsText, paginate, type Page, type PageRequest } from './pagination.js';
import type { Db } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { actors, attributions, sources } from '../db/schema.js';
import { appendEvent, type WriteScope } from './events.js';
import { DomainError } from './errors.js';
import { attributions as attributionsInput, id, optionalText, requireRow, text, validate } from './validation.js';
import { SOURCE_KINDS, SUBJECT_TYPES, type SubjectType } from './vocabulary.js';
import { requireSubject } from './subjects.js';

export type Source = typeof sources.$inferSelect;
export type Attribution = typeof attributions.$inferSelect;

const registerSourceInput = z.object({
  name: text(200),
  kind: z.enum(SOURCE_KINDS),
  actorId: id.nullish(),
  url: z.url().max(2000).nullish(),
  description: optionalText(),
});

export function registerSource(scope: WriteScope, input: z.input<typeof registerSourceInput>): Source {
  const data = validate(registerSourceInput, input);
  if (data.actorId) requireRow(scope.tx, actors, data.actorId, 'actor', 'actorId');
  const existing = findSourceByName(scope.tx, data.name);
  if (existing)
    throw new DomainError('CONFLICT', `A source named "${data.name}" exists already.`, [{ field: 'name', message: 'already taken' }]);
  const row = scope.tx
    .insert(sources)
    .values({ ...data, actorId: data.actorId ?? null, url: data.url ?? null, description: data.description ?? null })
    .returning()
    .get();
  appendEvent(scope, {
    kind: 'SOURCE_RECORDED',
    actorIds: [row.actorId],
    subjectType: 'SOURCE',
    subjectId: row.id,
    conflictId: null,
    summary: `Source recorded: ${row.name}`,
    data: row,
  });
  return row;
}

/**
 * Attaches sources to a fact inside the command that writes the fact, so a fact and its sources
 * commit together. Repeating an attachment already present is a no-op.
 */
export function attachSources(
  scope: WriteScope,
  subjectType: SubjectType,
  subjectId: number,
  input: unknown,
  field = 'sources',
): Attribution[] {
  const list = validate(attributionsInput, input ?? []);
  return list.map((a, i) => {
    requireRow(scope.tx, sources, a.sourceId, 'source', `${field}.${i}.sourceId`);
    // Prepared once: an import attaches sources to every row it records.
    return prepared<Attribution>(scope.tx, 'attachSource', () =>
      scope.tx
        .insert(attributions)
        .values({
          sourceId: sql.placeholder('sourceId'),
          subjectType: sql.placeholder('subjectType'),
          subjectId: sql.placeholder('subjectId'),
          relation: sql.placeholder('relation'),
          note: sql.placeholder('note'),
        } as never)
        .onConflictDoUpdate({
          target: [attributions.subjectType, attributions.subjectId, attributions.sourceId, attributions.relation],
          set: { note: sql`coalesce(excluded.note, ${attributions.note})` },
        })
        .returning(),
    ).get({ sourceId: a.sourceId, subjectType, subjectId, relation: a.relation, note: a.note ?? null })!;
  });
}

/**
 * Makes a fact's sources exactly these, inside the command that corrects it: attributions no
 * longer given are removed, the rest attached as `attachSources` does.
 */
export function replaceSources(
  scope: WriteScope,
  subjectType: SubjectType,
  subjectId: number,
  input: unknown,
  field = 'sources',
): Attribution[] {
  const list = validate(attributionsInput, input ?? []);
  const kept = new Set(list.map((a) => `${a.sourceId} ${a.relation}`));
  for (const old of scope.tx
    .select()
    .from(attributions)
    .where(and(eq(attributions.subjectType, subjectType), eq(attributions.subjectId, subjectId)))
    .all()) {
    if (!kept.has(`${old.sourceId} ${old.relation}`)) scope.tx.delete(attributions).where(eq(attributions.id, old.id)).run();
  }
  return attachSources(scope, subjectType, subjectId, list, field);
}

/** An attribution with its source: how a fact's `sources` list shows it. */
export type CitedAttribution = Attribution & { source: Source };

/**
 * Loads the attributions of many facts of one type at once, each with its source (a list of
 * sources is nearly always read with their names), so the sources cost no statement of their own.
 * One type per call: the type is then an equality and the ids a plain list, which SQLite seeks
 * faster than (type, id) pairs.
 */
export function attributionsFor(db: Db, type: SubjectType, ids: readonly number[]): CitedAttribution[] {
  if (!ids.length) return [];
  return prepared<CitedAttribution>(db, 'attributionsFor', () =>
    db
      .select({ ...getTableColumns(attributions), source: sources })
      .from(attributions)
      .innerJoin(sources, eq(sources.id, attributions.sourceId))
      .where(and(eq(attributions.subjectType, sql.placeholder('type')), inKeys(attributions.subjectId)))
      .orderBy(asc(attributions.id)),
  ).all({ type, keys: JSON.stringify(ids) });
}

/** The source of this name, compared case-insensitively as names are kept unique. */
export function findSourceByName(db: Db, name: string): Source | undefined {
  return db.select().from(sources).where(sql`${sources.name} = ${name} COLLATE NOCASE`).get();
}

export const loadSources = (db: Db, ids: readonly number[]) => rowsByIds(db, sources, ids);

export interface SourceFilter {
  /** Case-insensitive part of the name: how an editor picks a source by typing. */
  name?: string;
}

export function listSources(db: Db, filter: SourceFilter, page: PageRequest): Page<Source> {
  return paginate(
    db,
    sources,
    filter.name ? containsText(sources.name, filter.name) : undefined,
    {
      key: sources.name,
      id: sources.id,
      direction: 'asc',
      cursorOf: (row) => [row.name, row.id],
    },
    page,
  );
}

const attachInput = z.object({
  subjectType: z.enum(SUBJECT_TYPES),
  subjectId: id,
  sources: attributionsInput.refine((list) => list.length > 0, { message: 'attach at least one source' }),
});

/** Attaches sources to a fact already recorded: "who says so" often becomes known later. */
export function attachSourcesTo(scope: WriteScope, input: z.input<typeof attachInput>): Attribution[] {
  const data = validate(attachInput, input);
  const subject = requireSubject(scope.tx, data.subjectType, data.subjectId, 'subjectId') as {
    conflictId?: number;
    talkId?: number | null;
    actorId?: number | null;
  };
  const rows = attachSources(scope, data.subjectType, data.subjectId, data.sources);
  appendEvent(scope, {
    kind: 'SOURCE_ATTACHED',
    subjectType: data.subjectType,
    subjectId: data.subjectId,
    conflictId: subject.conflictId ?? null,
    talkId: data.subjectType === 'TALK' ? data.subjectId : subject.talkId,
    actorIds: [data.subjectType === 'ACTOR' ? data.subjectId : subject.actorId],
    summary: `${rows.length} source${rows.length === 1 ? '' : 's'} attached to ${data.subjectType.toLowerCase().replaceAll('_', ' ')} ${data.subjectId}`,
    data: subject,
  });
  return rows;
}
