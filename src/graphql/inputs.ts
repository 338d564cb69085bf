/** Input types that many mutations share, and their translation to the domain's terms. */
import { builder } from './builder.js';
import { rowIdOf } from './ids.js';
import { DomainError } from '../domain/errors.js';
import { AttributionRelationEnum, DatePrecisionEnum } from './vocabulary.js';
import type { AttributionInput, PartialDateInput } from '../domain/validation.js';
import type { AttributionRelation, DatePrecision } from '../domain/vocabulary.js';

export const PartialDateInputRef = builder.inputType('PartialDateInput', {
  description: 'A date as precise as the source makes it. A RANGE needs an `end`; other precisions have none.',
  fields: (t) => ({
    start: t.field({ type: 'Date', required: true, description: 'The earliest day it can be (the first day of a MONTH or YEAR).' }),
    end: t.field({ type: 'Date', required: false, description: 'The latest day it can be, for a RANGE.' }),
    precision: t.field({ type: DatePrecisionEnum, required: true, description: 'How precise the date is.' }),
    text: t.string({ required: false, description: 'How the source put it ("Monday", "over the weekend").' }),
  }),
});

export const SourceInputRef = builder.inputType('SourceInput', {
  description: 'A source to attach to the fact being written.',
  fields: (t) => ({
    source: t.id({ required: true, description: 'The source (see `sources` and `registerSource`).' }),
    relation: t.field({
      type: AttributionRelationEnum,
      required: false,
      defaultValue: 'ACCORDING_TO',
      description: 'How the source stands behind the fact.',
    }),
    note: t.string({ required: false, description: "The source's own wording, where it adds something." }),
  }),
});

type DateArg = { start: string; end?: string | null; precision: DatePrecision; text?: string | null };
type SourceArg = { source: string | number; relation?: AttributionRelation | null; note?: string | null };

export function toDate(input: DateArg): PartialDateInput {
  return { start: input.start, end: input.end ?? null, precision: input.precision, text: input.text ?? null };
}

export function toSources(list: readonly SourceArg[] | null | undefined): AttributionInput[] {
  return (list ?? []).map((s) => ({
    sourceId: rowIdOf(String(s.source), 'Source'),
    relation: s.relation ?? 'ACCORDING_TO',
    note: s.note ?? null,
  }));
}

/** An optional global ID argument as a row id of the given type. */
export function optionalRowId(value: string | number | null | undefined, typename: string): number | null {
  return value == null ? null : rowIdOf(String(value), typename);
}

/**
 * An amendment's new value for a field every fact keeps (a title, a date): null may remove an
 * optional field, not this one. `field` is the domain's name for it (`changes.title`).
 */
export function kept<T>(value: T | null, field: string): T {
  if (value === null)
    throw new DomainError('BAD_USER_INPUT', 'This field can be changed, not removed.', [{ field, message: 'cannot be removed' }]);
  return value;
}
