/**
 * Incidents counted per day, week or month and event type: the trend around the talks. An incident
 * counts in a period only when everything its date says lies within that period: one known to the
 * day counts in all three views, one known only to the month in the month view alone, a range only
 * where it fits whole, and a BEFORE (a range open at its start) nowhere.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { runQuery } from '../db/prepared.js';
import { incidents } from '../db/schema.js';
import { FATALITIES } from './figure.js';
import { incidentConditions, type IncidentFilter } from './incident.js';
import { compile } from './pagination.js';
import { OPEN_START } from './validation.js';
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

/** The first day of the period of `by` that holds an incident's whole date, or NULL when none does. */
export function periodOf(by: CountPeriod): SQL {
  const { dateStart: start, dateEnd: end, datePrecision: precision } = incidents;
  // A range open at its start (a BEFORE) fits in no period, however its end falls.
  const range = sql`${precision} = 'RANGE' AND ${start} <> ${sql.raw(`'${OPEN_START}'`)}`;
  switch (by) {
    case 'DAY':
      return sql`CASE WHEN ${precision} = 'DAY' OR (${range} AND ${end} = ${start}) THEN ${start} END`;
    case 'WEEK':
      // 'weekday 0' is the Sunday on or after a day; '-6 days', 'weekday 1' the Monday on or before it.
      return sql`CASE WHEN ${precision} = 'DAY' OR (${range} AND ${end} <= date(${start}, 'weekday 0')) THEN date(${start}, '-6 days', 'weekday 1') END`;
    case 'MONTH':
      return sql`CASE WHEN ${precision} IN ('DAY', 'MONTH') OR (${range} AND substr(${end}, 1, 7) = substr(${start}, 1, 7)) THEN substr(${start}, 1, 8) || '01' END`;
  }
}

/** The last day of a period of `by` that starts on `period` (an ISO date). */
export function periodEnd(by: CountPeriod, period: string): string {
  const day = new Date(`${period}T00:00:00Z`);
  if (by === 'WEEK') day.setUTCDate(day.getUTCDate() + 6);
  if (by === 'MONTH') day.setUTCMonth(day.getUTCMonth() + 1, 0);
  return day.toISOString().slice(0, 10);
}

/** One row per period and event type that has incidents under the filter, by period then event type. */
export function countIncidents(db: Db, filter: IncidentFilter, by: CountPeriod): IncidentCount[] {
  const period = periodOf(by);
  const fatalities = sql`(SELECT sum(value) FROM figures WHERE figures.incident_id = ${incidents.id} AND figures.metric = ${FATALITIES})`;
  const where = incidentConditions(db, filter);
  const query = compile(
    sql`SELECT ${period} AS period, ${incidents.eventType} AS eventType, count(*) AS count, coalesce(sum(${fatalities}), 0) AS fatalities
        FROM ${incidents} WHERE ${period} IS NOT NULL${where ? sql` AND ${where}` : sql``}
        GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return runQuery<Omit<IncidentCount, 'periodEnd'>>(db, query).map((row) => ({ ...row, periodEnd: periodEnd(by, row.period) }));
}
