/**
 * A conflict's chronology: talks, incidents, statements and proposals merged in one order.
 * Entries sort by their start date, then kind, then id; the cursor carries all three.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { DomainError } from './errors.js';
import { incidents, proposals, statements, talks } from '../db/schema.js';
import type { DateOrder, DateRange } from './dated.js';
import { compile, decodeCursor, encodeCursor, limit, type Cursor, type PageQuery, type PageRequest } from './pagination.js';

export const TIMELINE_KINDS = ['TALK', 'INCIDENT', 'STATEMENT', 'PROPOSAL'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  kind: TimelineKind;
  id: number;
  dateStart: string;
}

const SOURCES = { TALK: talks, INCIDENT: incidents, STATEMENT: statements, PROPOSAL: proposals } as const;

export interface TimelineFilter extends DateRange {
  conflictId: number;
  kinds?: readonly TimelineKind[];
}

/**
 * Each kind is read on its own, in order, from its (conflict, date, id) index, at most one page of
 * it, and only the merged pages are sorted: a page costs the same however long the timeline is.
 * An entry's position is (date|kind, id); within one kind that is (date, id), so the cursor
 * condition becomes a plain index range on each table.
 */
export function queryTimeline(filter: TimelineFilter, order: DateOrder, page: PageRequest): PageQuery<TimelineEntry> {
  const kinds = filter.kinds?.length ? filter.kinds : TIMELINE_KINDS;
  const ascending = (order === 'DATE_ASC') !== page.inverted;
  const direction = sql.raw(ascending ? 'ASC' : 'DESC');
  const inRange = (kind: TimelineKind) => {
    const table = SOURCES[kind];
    return and(
      eq(table.conflictId, filter.conflictId),
      filter.from ? sql`${table.dateStart} >= ${filter.from}` : undefined,
      filter.to ? sql`${table.dateStart} <= ${filter.to}` : undefined,
    );
  };
  const branches = kinds.map((kind) => {
    const table = SOURCES[kind];
    const where = and(
      inRange(kind),
      page.after ? beyond(kind, decodeCursor(page.after), order === 'DATE_ASC' ? '>' : '<') : undefined,
      page.before ? beyond(kind, decodeCursor(page.before), order === 'DATE_ASC' ? '<' : '>') : undefined,
    );
    return sql`SELECT * FROM (SELECT ${kind} AS kind, ${table.id} AS id, ${table.dateStart} AS date_start FROM ${table} WHERE ${where} ORDER BY ${table.dateStart} ${direction}, ${table.id} ${direction} ${limit(page)})`;
  });
  const everything = sql.join(
    kinds.map((kind) => sql`SELECT 1 FROM ${SOURCES[kind]} WHERE ${inRange(kind)}`),
    sql` UNION ALL `,
  );
  return {
    source: SOURCES,
    rows: compile(
      sql`SELECT kind, id, date_start FROM (${sql.join(branches, sql` UNION ALL `)}) ORDER BY date_start ${direction}, kind ${direction}, id ${direction} ${limit(page)}`,
    ),
    count: compile(sql`SELECT count(*) AS n FROM (${everything})`),
    decode: (values, at) => ({
      kind: values[at.get('kind')!] as TimelineKind,
      id: values[at.get('id')!] as number,
      dateStart: values[at.get('date_start')!] as string,
    }),
    cursorOf: (entry) => encodeCursor([`${entry.dateStart}|${entry.kind}`, entry.id]),
  };
}

/** Entries of one kind beyond a cursor (date|kind, id), in `cmp` order, as an index range. */
function beyond(kind: TimelineKind, cursor: Cursor, cmp: '>' | '<'): SQL {
  const [value, id] = cursor;
  const [date, cursorKind] = typeof value === 'string' ? value.split('|') : [];
  if (!date || !cursorKind || !TIMELINE_KINDS.includes(cursorKind as TimelineKind)) {
    throw new DomainError('INVALID_CURSOR', 'That is not a cursor of a timeline.');
  }
  const table = SOURCES[kind];
  // Past the cursor's kind on its day, the whole day counts; before it, none of it does.
  if (kind === cursorKind) return sql`(${table.dateStart}, ${table.id}) ${sql.raw(cmp)} (${date}, ${id})`;
  const dayIncluded = cmp === '>' ? kind > cursorKind : kind < cursorKind;
  return sql`${table.dateStart} ${sql.raw(dayIncluded ? `${cmp}=` : cmp)} ${date}`;
}
