/** Statements: who said what, when, in what context, and about whom or what. */
import { z } from 'zod';
import { and, eq, exists, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { actors, conflicts, people, statementSubjects, statements, talks } from '../db/schema.js';
import { byDate, dateRangeConditions, type DateOrder, type DateRange } from './dated.js';
import { appendEvent, type WriteScope } from './events.js';
import { pageQuery, type PageQuery, type PageRequest } from './pagination.js';
import { rowsByIds, rowsByKey } from './rows.js';
import { amendFact, requireLive, retractFact } from './corrections.js';
import { DomainError } from './errors.js';
import { attachSources } from './source.js';
import { requireSubject } from './subjects.js';
import { attributions, dateColumns, id, optionalText, partialDate, requireInConflict, requireRow, text, validate } from './validation.js';
import { SUBJECT_TYPES, type SubjectType } from './vocabulary.js';

export type Statement = typeof statements.$inferSelect;
export type StatementSubject = typeof statementSubjects.$inferSelect;

const recordStatementInput = z
  .object({
    conflictId: id,
    speakerPersonId: id.nullish(),
    speakerActorId: id.nullish(),
    quote: optionalText(4000),
    paraphrase: optionalText(4000),
    context: optionalText(2000),
    talkId: id.nullish(),
    date: partialDate,
    about: z
      .array(z.object({ type: z.enum(SUBJECT_TYPES), id }))
      .max(50)
      .default([]),
    sources: attributions,
  })
  .refine((s) => s.speakerPersonId || s.speakerActorId, {
    message: 'name the speaking person or actor',
    path: ['speakerPersonId'],
  })
  .refine((s) => s.quote || s.paraphrase, { message: 'give the quote or a paraphrase', path: ['quote'] });

export function recordStatement(scope: WriteScope, input: z.input<typeof recordStatementInput>): Statement {
  const data = validate(recordStatementInput, input);
  requireRow(scope.tx, conflicts, data.conflictId, 'conflict', 'conflictId');
  const speaker = data.speakerPersonId ? requireRow(scope.tx, people, data.speakerPersonId, 'person', 'speakerPersonId').name : undefined;
  const speakingActor = data.speakerActorId ? requireRow(scope.tx, actors, data.speakerActorId, 'actor', 'speakerActorId').name : undefined;
  if (data.talkId) requireInConflict(scope.tx, talks, data.talkId, data.conflictId, 'talk', 'talkId');
  for (const [i, s] of data.about.entries()) requireSubject(scope.tx, s.type, s.id, `about.${i}.id`);
  const row = scope.tx
    .insert(statements)
    .values({
      conflictId: data.conflictId,
      speakerPersonId: data.speakerPersonId ?? null,
      speakerActorId: data.speakerActorId ?? null,
      quote: data.quote ?? null,
      paraphrase: data.paraphrase ?? null,
      context: data.context ?? null,
      talkId: data.talkId ?? null,
      ...dateColumns(data.date),
    })
    .returning()
    .get();
  const about = data.about.map((s) =>
    scope.tx
      .insert(statementSubjects)
      .values({ statementId: row.id, subjectType: s.type, subjectId: s.id })
      .onConflictDoNothing()
      .returning()
      .get(),
  );
  attachSources(scope, 'STATEMENT', row.id, data.sources);
  appendEvent(scope, {
    kind: 'STATEMENT_RECORDED',
    talkId: row.talkId,
    actorIds: [row.speakerActorId, ...data.about.filter((s) => s.type === 'ACTOR').map((s) => s.id)],
    subjectType: 'STATEMENT',
    subjectId: row.id,
    conflictId: row.conflictId,
    occurredOn: row.dateStart,
    summary: `${speaker ?? speakingActor}: ${row.quote ? `“${row.quote}”` : row.paraphrase}`,
    data: { ...row, about: about.filter(Boolean) },
  });
  return row;
}

export const loadStatements = (db: Db, ids: readonly number[]) => rowsByIds(db, statements, ids);
export const subjectsOfStatements = (db: Db, statementIds: readonly number[]) =>
  rowsByKey(db, statementSubjects, statementSubjects.statementId, statementIds);
export const statementsBySpeakers = (db: Db, personIds: readonly number[]) =>
  rowsByKey(db, statements, statements.speakerPersonId, personIds);

export interface StatementFilter extends DateRange {
  conflictId?: number;
  speakerPersonId?: number;
  speakerActorId?: number;
  talkId?: number;
  /** Statements about this fact. */
  about?: { type: SubjectType; id: number };
  /** Retracted statements are left out unless asked for. */
  includeRetracted?: boolean;
}

export function queryStatements(db: Db, filter: StatementFilter, order: DateOrder, page: PageRequest): PageQuery<Statement> {
  const where = and(
    filter.conflictId !== undefined ? eq(statements.conflictId, filter.conflictId) : undefined,
    filter.speakerPersonId !== undefined ? eq(statements.speakerPersonId, filter.speakerPersonId) : undefined,
    filter.speakerActorId !== undefined ? eq(statements.speakerActorId, filter.speakerActorId) : undefined,
    filter.talkId !== undefined ? eq(statements.talkId, filter.talkId) : undefined,
    filter.includeRetracted ? undefined : isNull(statements.retractedAt),
    filter.about
      ? exists(
          db
            .select({ one: sql`1` })
            .from(statementSubjects)
            .where(
              and(
                eq(statementSubjects.statementId, statements.id),
                eq(statementSubjects.subjectType, filter.about.type),
                eq(statementSubjects.subjectId, filter.about.id),
              ),
            ),
        )
      : undefined,
    ...dateRangeConditions(statements, filter),
  );
  return pageQuery(statements, where, byDate<Statement>(statements, order), page);
}

const amendStatementInput = z.object({
  statementId: id,
  reason: text(1000),
  changes: z
    .object({
      quote: optionalText(4000),
      paraphrase: optionalText(4000),
      context: optionalText(2000),
      date: partialDate,
    })
    .partial()
    .refine((c) => Object.keys(c).length > 0, { message: 'change at least one field' }),
});

/** Corrects a statement (a misquote, a wrong date): new values, revision + 1, the old version in the log. */
export function amendStatement(scope: WriteScope, input: z.input<typeof amendStatementInput>): Statement {
  const data = validate(amendStatementInput, input);
  const current = requireLive(scope, 'STATEMENT', data.statementId, 'statementId');
  const { date, ...plain } = data.changes;
  const next = { quote: current.quote, paraphrase: current.paraphrase, ...plain };
  if (!next.quote && !next.paraphrase) {
    throw new DomainError('BAD_USER_INPUT', 'A statement needs a quote or a paraphrase.', [
      { field: 'changes.quote', message: 'give the quote or a paraphrase' },
    ]);
  }
  return amendFact(scope, 'STATEMENT', current, { ...plain, ...(date && dateColumns(date)) }, data.reason, 'Statement amended');
}

const retractStatementInput = z.object({ statementId: id, reason: text(1000) });

export function retractStatement(scope: WriteScope, input: z.input<typeof retractStatementInput>): Statement {
  const data = validate(retractStatementInput, input);
  return retractFact(scope, 'STATEMENT', data.statementId, data.reason, () => 'Statement retracted');
}
