/** Input validation shared by the commands: one place that turns zod issues into DomainErrors. */
import { z } from 'zod';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import { rowById } from '../db/prepared.js';
import { DomainError, notFound } from './errors.js';
import { ATTRIBUTION_RELATIONS, DATE_PRECISIONS } from './vocabulary.js';

/** The input, parsed; refused with each issue's field, under `at` when the input is part of a larger one. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, at?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: [...(at ? [at] : []), ...issue.path.map(String)].join('.') || '(input)',
    message: issue.message,
  }));
  throw new DomainError('BAD_USER_INPUT', `Invalid input: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
}

/** Text that must say something: trimmed, non-empty, bounded. */
export const text = (max = 2000) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
export const optionalText = (max = 2000) => text(max).nullish();
export const id = z.number().int().positive();
export const isoDate = z.iso.date({
  error: (issue) => `${JSON.stringify(issue.input)} is not a real calendar date (YYYY-MM-DD)`,
});

/** A date as precise as the source made it. */
export const partialDate = z
  .object({
    start: isoDate.nullish(),
    end: isoDate.nullish(),
    precision: z.enum(DATE_PRECISIONS),
    text: optionalText(200),
  })
  .refine((d) => !d.start || !d.end || d.end >= d.start, { message: 'must not end before it starts', path: ['end'] })
  .refine((d) => (d.precision === 'RANGE' || d.precision === 'BEFORE') === Boolean(d.end), {
    message: 'a RANGE or a BEFORE needs an end, and only they have one',
    path: ['precision'],
  })
  .refine((d) => (d.precision === 'BEFORE') !== Boolean(d.start), {
    message: 'a BEFORE has no start (how long before is not known); every other precision needs one',
    path: ['start'],
  });
export type PartialDateInput = z.infer<typeof partialDate>;

/** The first day a date can name: where a BEFORE's range starts, since its earliest day is unbounded. */
export const OPEN_START = '0001-01-01';

/** Columns of a partial date, as the tables store them (a BEFORE as a RANGE from OPEN_START). */
export function dateColumns(date: PartialDateInput) {
  const { precision } = date;
  return {
    dateStart: precision === 'BEFORE' ? OPEN_START : date.start!,
    dateEnd: date.end ?? null,
    datePrecision: precision === 'BEFORE' ? 'RANGE' : precision,
    dateText: date.text ?? null,
  };
}

export const attribution = z.object({
  sourceId: id,
  relation: z.enum(ATTRIBUTION_RELATIONS).default('ACCORDING_TO'),
  note: optionalText(500),
});
export const attributions = z.array(attribution).max(50).default([]);
export type AttributionInput = z.input<typeof attribution>;

/** Fails with NOT_FOUND, naming the input field, when a referenced row does not exist. */
export function requireRow<T extends SQLiteTable & { id: SQLiteColumn }>(
  tx: Db,
  table: T,
  rowId: number,
  what: string,
  field: string,
): T['$inferSelect'] {
  const row = rowById(tx, table, rowId);
  if (!row) throw notFound(what, rowId, field);
  return row as T['$inferSelect'];
}

/** A referenced row that must exist and belong to the same conflict as the fact being written. */
export function requireInConflict<T extends SQLiteTable & { id: SQLiteColumn; conflictId: SQLiteColumn }>(
  tx: Db,
  table: T,
  rowId: number,
  conflictId: number,
  what: string,
  field: string,
): T['$inferSelect'] {
  const row = requireRow(tx, table, rowId, what, field) as T['$inferSelect'] & { conflictId: number };
  if (row.conflictId !== conflictId) {
    throw new DomainError('BAD_USER_INPUT', `That ${what} belongs to another conflict.`, [
      { field, message: 'belongs to another conflict' },
    ]);
  }
  return row;
}
