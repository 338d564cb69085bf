/** Conflicts: everything else belongs to one. */
import { z } from 'zod';
import { eq, sql } from 'drizzle-orm';
import { byDate } from './dated.js';
import { paginate, type Page, type PageRequest } from './pagination.js';
import { rowsByIds } from './rows.js';
import type { Db } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { conflicts } from '../db/schema.js';
import { appendEvent, type WriteScope } from './events.js';
import { DomainError } from './errors.js';
import { attachSources } from './source.js';
import { attributions, dateColumns, optionalText, partialDate, text, validate } from './validation.js';

export type Conflict = typeof conflicts.$inferSelect;

const recordConflictInput = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase words joined by hyphens')
    .max(100),
  name: text(200),
  description: optionalText(4000),
  began: partialDate,
  sources: attributions,
});

export function recordConflict(scope: WriteScope, input: z.input<typeof recordConflictInput>): Conflict {
  const data = validate(recordConflictInput, input);
  if (findConflictBySlug(scope.tx, data.slug)) {
    throw new DomainError('CONFLICT', `A conflict with slug "${data.slug}" exists already.`, [{ field: 'slug', message: 'already taken' }]);
  }
  const row = scope.tx
    .insert(conflicts)
    .values({ slug: data.slug, name: data.name, description: data.description ?? null, ...dateColumns(data.began) })
    .returning()
    .get();
  attachSources(scope, 'CONFLICT', row.id, data.sources);
  appendEvent(scope, {
    kind: 'CONFLICT_RECORDED',
    subjectType: 'CONFLICT',
    subjectId: row.id,
    conflictId: row.id,
    occurredOn: row.dateStart,
    summary: `Conflict recorded: ${row.name}`,
    data: row,
  });
  return row;
}

export function findConflictBySlug(db: Db, slug: string): Conflict | undefined {
  return prepared<Conflict>(db, 'conflictBySlug', () =>
    db
      .select()
      .from(conflicts)
      .where(eq(conflicts.slug, sql.placeholder('slug'))),
  ).get({ slug });
}

export const loadConflicts = (db: Db, ids: readonly number[]) => rowsByIds(db, conflicts, ids);

export function listConflicts(db: Db, page: PageRequest): Page<Conflict> {
  return paginate(db, conflicts, undefined, byDate<Conflict>(conflicts), page);
}
