/**
 * Incidents counted per day, week or month and event type: the trend around the talks. An incident
 * counts in a period only when everything its date says lies within that period: one known to the
 * day counts in all three views, one known only to the month in the month view alone, a range only
 * where it fits whole, and a BEFORE (a range open at its start) nowhere. That rule is the view
 * `incident_periods` (migrations/0012); `incident_counts`, kept from it by triggers, holds each
 * conflict's counts ready, so that a chart of a whole war does not group a million incidents.
 */
import { sql, type SQL } from 'drizzle-orm';
import { asOfOf } from '../db/as-of.js';
import type { Db } from '../db/client.js';
import { runQuery } from '../db/prepared.js';
import { incidents } from '../db/schema.js';
import { DomainError } from './errors.js';
import { FATALITIES } from './figure.js';
import { incidentConditions, type IncidentFilter } from './incident.js';
import { compile } from './pagination.js';
import { dateRangeConditions } from './dated.js';
import type { CountPeriod, IncidentEventType } from './vocabulary.js';

export interface IncidentCount {
  /** The period's first day (a week starts on Monday, as in ISO 8601). */
  period: string;
  /** The period's last day. */
  periodEnd: string;
  eventType: IncidentEventType;
  count: number;
  /** The sum of the incidents' fatality figures; 0 when none was reported. */
  fatalities: number;
}

/** The last day of a period of `by` that starts on `period` (an ISO date). */
export function periodEnd(by: CountPeriod, period: string): string {
  const day = new Date(`${period}T00:00:00Z`);
  if (by === 'WEEK') day.setUTCDate(day.getUTCDate() + 6);
  if (by === 'MONTH') day.setUTCMonth(day.getUTCMonth() + 1, 0);
  return day.toISOString().slice(0, 10);
}

/** The first day of the period of `by` that holds `day` (an ISO date). */
export function periodStart(by: CountPeriod, day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (by === 'WEEK') date.setUTCDate(date.getUTCDate() - ((date.getUTCDay() + 6) % 7));
  if (by === 'MONTH') date.setUTCDate(1);
  return date.toISOString().slice(0, 10);
}

/**
 * The periods a filter's dates take whole, when `incident_counts` holds all it asks: its conflict,
 * event types and dates, the dates starting and ending on the edges of periods. Any other filter
 * needs the incidents themselves.
 */
function wholePeriods(filter: IncidentFilter, by: CountPeriod): { from?: string; to?: string } | undefined {
  const { conflictId, eventTypes, from, to, includeRetracted, ...others } = filter;
  if (conflictId === undefined || includeRetracted || Object.values(others).some((v) => v !== undefined)) return undefined;
  if (from !== undefined && periodStart(by, from) !== from) return undefined;
  if (to !== undefined && periodEnd(by, periodStart(by, to)) !== to) return undefined;
  return { from, to: to && periodStart(by, to) };
}

const columnOf = { DAY: 'day', WEEK: 'week', MONTH: 'month' } as const;

/** One row per period and event type that has incidents under the filter, by period then event type. */
export function countIncidents(db: Db, filter: IncidentFilter, by: CountPeriod): IncidentCount[] {
  const periods = wholePeriods(filter, by);
  let query: SQL;
  if (periods) {
    const asOf = asOfOf(db);
    if (asOf && !asOf.countsWithinReach()) {
      throw new DomainError(
        'QUERY_TOO_COMPLEX',
        `Counts as of event ${asOf.eventId} would undo more than ${asOf.maxCountChanges} incident changes recorded since. Ask as of a later event, or narrow the filter (actors, a location, or dates that do not start and end with a period) to count the incidents themselves.`,
      );
    }
    // Refuses dates that do not exist (2025-02-30) as the incidents' own filter does.
    dateRangeConditions(incidents, filter);
    const types = filter.eventTypes?.length ? filter.eventTypes : undefined;
    query = sql`SELECT period, event_type AS eventType, incidents AS count, fatalities FROM incident_counts
      WHERE conflict_id = ${filter.conflictId} AND period_kind = ${by} AND incidents > 0
      ${
        types
          ? sql`AND event_type IN (${sql.join(
              types.map((t) => sql`${t}`),
              sql`, `,
            )})`
          : sql``
      }
      ${periods.from ? sql`AND period >= ${periods.from}` : sql``} ${periods.to ? sql`AND period <= ${periods.to}` : sql``}
      ORDER BY period, event_type`;
  } else {
    const period = sql.raw(`p.${columnOf[by]}`);
    const fatalities = sql`(SELECT sum(value) FROM figures WHERE figures.incident_id = ${incidents.id} AND figures.metric = ${FATALITIES})`;
    const where = incidentConditions(db, filter);
    query = sql`SELECT ${period} AS period, ${incidents.eventType} AS eventType, count(*) AS count, coalesce(sum(${fatalities}), 0) AS fatalities
      FROM ${incidents} JOIN incident_periods p ON p.id = ${incidents.id}
      WHERE ${period} IS NOT NULL${where ? sql` AND ${where}` : sql``}
      GROUP BY 1, 2 ORDER BY 1, 2`;
  }
  return runQuery<Omit<IncidentCount, 'periodEnd'>>(db, compile(query)).map((row) => ({ ...row, periodEnd: periodEnd(by, row.period) }));
}
