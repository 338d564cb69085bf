/**
 * A conflict's chronology: talks, incidents, statements and proposals merged in one order.
 * Entries sort by their start date, then kind, then id; the cursor carries all three.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { incidents, proposals, statements, talks } from '../db/schema.js';
import type { DateOrder, DateRange } from './dated.js';
import { encodeCursor, keyset, type KeysetSort, type Page, type PageRequest } from './pagination.js';

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

export function timeline(db: Db, filter: TimelineFilter, order: DateOrder, page: PageRequest): Page<TimelineEntry> {
  const kinds = filter.kinds?.length ? filter.kinds : TIMELINE_KINDS;
  const union = sql.join(
    kinds.map((kind) => {
      const table = SOURCES[kind];
      const conditions = and(
        eq(table.conflictId, filter.conflictId),
        filter.from ? sql`${table.dateStart} >= ${filter.from}` : undefined,
        filter.to ? sql`${table.dateStart} <= ${filter.to}` : undefined,
      );
      return sql`SELECT ${kind} AS kind, ${table.id} AS id, ${table.dateStart} AS date_start, ${table.dateStart} || '|' || ${kind} AS sort_key FROM ${table} WHERE ${conditions}`;
    }),
    sql` UNION ALL `,
  );
  const sort: KeysetSort<TimelineEntry> = {
    key: sql.raw('sort_key'),
    id: sql.raw('id'),
    direction: order === 'DATE_ASC' ? 'asc' : 'desc',
    cursorOf: (entry) => [`${entry.dateStart}|${entry.kind}`, entry.id],
  };
  const { where, orderBy } = keyset(sort as KeysetSort<never>, page);
  const rows = db.all<{ kind: TimelineKind; id: number; date_start: string }>(
    sql`SELECT kind, id, date_start FROM (${union}) ${where ? sql`WHERE ${where}` : sql``} ORDER BY ${sql.join(orderBy, sql`, `)} LIMIT ${page.limit}`,
  );
  return {
    rows: rows.map((r) => ({ kind: r.kind, id: r.id, dateStart: r.date_start })),
    cursorOf: (entry) => encodeCursor(sort.cursorOf(entry)),
    totalCount: () => db.get<{ n: number }>(sql`SELECT count(*) AS n FROM (${union})`)!.n,
  };
}
