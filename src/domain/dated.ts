/** Filtering and ordering shared by every fact that has a partial date. */
import { gte, lte, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import type { KeysetSort } from './pagination.js';
import { isoDate, OPEN_START, validate } from './validation.js';
import type { DatePrecision, StoredDatePrecision } from './vocabulary.js';

export type DateOrder = 'DATE_ASC' | 'DATE_DESC';

/** A partial date as a table stores it. */
export interface StoredDate {
  dateStart: string;
  dateEnd: string | null;
  datePrecision: StoredDatePrecision;
  dateText: string | null;
}

/** The earliest day a stored date can be, or null when it is not known (a BEFORE). */
export const earliestDay = (day: string): string | null => (day === OPEN_START ? null : day);

/** How precise a stored date is, as it was given: a range open at its start is a BEFORE. */
export const precisionOf = (date: StoredDate): DatePrecision =>
  date.datePrecision === 'RANGE' && date.dateStart === OPEN_START ? 'BEFORE' : date.datePrecision;

export interface DateRange {
  /** Earliest start date, inclusive. */
  from?: string;
  /** Latest start date, inclusive. */
  to?: string;
}

const rangeInput = z.object({ from: isoDate.optional(), to: isoDate.optional() });

/** A fact is in a range when the earliest day it can have happened is. */
export function dateRangeConditions(table: { dateStart: SQLiteColumn }, range: DateRange): (SQL | undefined)[] {
  validate(rangeInput, { from: range.from, to: range.to });
  return [range.from ? gte(table.dateStart, range.from) : undefined, range.to ? lte(table.dateStart, range.to) : undefined];
}

export function byDate<T extends { dateStart: string; id: number }>(
  table: { dateStart: SQLiteColumn; id: SQLiteColumn },
  order: DateOrder = 'DATE_ASC',
): KeysetSort<T> {
  return {
    key: table.dateStart,
    id: table.id,
    direction: order === 'DATE_ASC' ? 'asc' : 'desc',
    cursorOf: (row) => [row.dateStart, row.id],
  };
}
