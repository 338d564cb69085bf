/**
 * Conflict.incidentCounts over HTTP, against counts worked out in the test from the same rows: per
 * DAY, WEEK (ISO, from Monday) and MONTH, with their fatalities, honouring each date's precision
 * (a month-precision incident only in month views, a range only where it fits whole, a BEFORE
 * nowhere), after amendments, retractions and new figures, and under filters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/server.js';
import { recordConflict } from '../src/domain/conflict.js';
import { amendIncident, recordIncident, retractIncident, type RecordIncidentInput } from '../src/domain/incident.js';
import { recordFigure } from '../src/domain/figure.js';

let server: TestServer;
let conflict = 0;

type Period = 'DAY' | 'WEEK' | 'MONTH';
interface Row {
  title: string;
  eventType: 'BATTLES' | 'PROTESTS' | 'RIOTS';
  date: RecordIncidentInput['date'];
  fatalities?: number;
  latitude?: number;
}

/**
 * 2025-03-03 is a Monday; 2025-03-30 a Sunday, so 2025-03-31 (Monday) starts the week that ends in
 * April. Each row says where it counts.
 */
const ROWS: Row[] = [
  { title: 'day A', eventType: 'BATTLES', date: { start: '2025-03-03', precision: 'DAY' }, fatalities: 4, latitude: 50 },
  { title: 'day B', eventType: 'BATTLES', date: { start: '2025-03-03', precision: 'DAY' }, fatalities: 1.5 },
  { title: 'day C', eventType: 'PROTESTS', date: { start: '2025-03-09', precision: 'DAY' }, latitude: 10 },
  { title: 'day D', eventType: 'BATTLES', date: { start: '2025-03-31', precision: 'DAY' }, fatalities: 2, latitude: 50 },
  { title: 'day E', eventType: 'RIOTS', date: { start: '2025-04-02', precision: 'DAY' }, fatalities: 0 },
  // Known only to the month: in March's MONTH view, in no day or week.
  { title: 'month F', eventType: 'BATTLES', date: { start: '2025-03-01', precision: 'MONTH' }, fatalities: 10, latitude: 50 },
  // A range within one day, one week, one month, and across two months.
  { title: 'range G', eventType: 'PROTESTS', date: { start: '2025-03-04', end: '2025-03-04', precision: 'RANGE' } },
  { title: 'range H', eventType: 'PROTESTS', date: { start: '2025-03-04', end: '2025-03-09', precision: 'RANGE' }, fatalities: 3 },
  { title: 'range I', eventType: 'PROTESTS', date: { start: '2025-03-09', end: '2025-03-10', precision: 'RANGE' } },
  { title: 'range J', eventType: 'RIOTS', date: { start: '2025-03-31', end: '2025-04-01', precision: 'RANGE' } },
  // A year and a BEFORE count nowhere.
  { title: 'year K', eventType: 'BATTLES', date: { start: '2025-01-01', precision: 'YEAR' }, fatalities: 100 },
  { title: 'before L', eventType: 'BATTLES', date: { end: '2025-03-03', precision: 'BEFORE' }, fatalities: 100 },
];

/** The rows' own start and end, as the dates say: the period that holds both, if any. */
function knownRange(date: Row['date']): [string, string] | undefined {
  if (date.precision === 'DAY') return [date.start!, date.start!];
  if (date.precision === 'RANGE') return [date.start!, date.end!];
  if (date.precision === 'MONTH') {
    const [y, m] = date.start!.split('-').map(Number) as [number, number];
    return [`${date.start!.slice(0, 7)}-01`, new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)];
  }
  return undefined;
}

const utc = (day: string) => new Date(`${day}T00:00:00Z`);
const iso = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => iso(new Date(utc(day).getTime() + n * 86_400_000));

function periodOf(by: Period, day: string): [string, string] {
  if (by === 'DAY') return [day, day];
  if (by === 'WEEK') {
    const monday = addDays(day, -((utc(day).getUTCDay() + 6) % 7));
    return [monday, addDays(monday, 6)];
  }
  const first = `${day.slice(0, 7)}-01`;
  const next = utc(first);
  next.setUTCMonth(next.getUTCMonth() + 1);
  return [first, addDays(iso(next), -1)];
}

/** The expected answer, computed from the rows as the API's description states the rule. */
function expected(by: Period, rows: readonly Row[]) {
  const cells = new Map<string, { period: string; periodEnd: string; eventType: string; count: number; fatalities: number }>();
  for (const row of rows) {
    const range = knownRange(row.date);
    if (!range) continue;
    const [period, periodEnd] = periodOf(by, range[0]);
    if (range[1] > periodEnd) continue;
    const key = `${period} ${row.eventType}`;
    const cell = cells.get(key) ?? { period, periodEnd, eventType: row.eventType, count: 0, fatalities: 0 };
    cell.count += 1;
    cell.fatalities += row.fatalities ?? 0;
    cells.set(key, cell);
  }
  return [...cells.values()].sort((a, b) => a.period.localeCompare(b.period) || a.eventType.localeCompare(b.eventType));
}

const COUNTS = `
  query ($by: CountPeriod!, $filter: IncidentFilter) {
    conflict(slug: "counts-test") { incidentCounts(by: $by, filter: $filter) { period periodEnd eventType count fatalities } }
  }
`;
const counts = async (by: Period, filter?: Record<string, unknown>) =>
  (await server.query(COUNTS, { by, filter })).conflict.incidentCounts as ReturnType<typeof expected>;

const ids = new Map<string, number>();

beforeAll(async () => {
  server = await startServer();
  const w = server.app.writer;
  conflict = w.run((scope) =>
    recordConflict(scope, { slug: 'counts-test', name: 'Counts test', began: { start: '2025-01-01', precision: 'YEAR' } }),
  ).id;
  for (const row of ROWS) {
    const incident = w.run((scope) =>
      recordIncident(scope, {
        conflictId: conflict,
        eventType: row.eventType,
        title: row.title,
        date: row.date,
        location: row.latitude === undefined ? {} : { latitude: row.latitude, longitude: 30 },
        figures:
          row.fatalities === undefined
            ? []
            : [{ metric: 'fatalities', value: row.fatalities, unit: 'people', about: 'Fatalities', asOf: row.date }],
      }),
    );
    ids.set(row.title, incident.id);
  }
});

afterAll(() => server?.stop());

describe('incidentCounts', () => {
  it.each(['DAY', 'WEEK', 'MONTH'] as const)('per %s matches the rows, each counted only where its whole date fits', async (by) => {
    expect(await counts(by)).toEqual(expected(by, ROWS));
  });

  it('puts a month-precision incident in month views only', async () => {
    const march = (await counts('MONTH')).find((c) => c.period === '2025-03-01' && c.eventType === 'BATTLES');
    // day A (4), day B (1.5), day D (2), month F (10).
    expect(march).toEqual({ period: '2025-03-01', periodEnd: '2025-03-31', eventType: 'BATTLES', count: 4, fatalities: 17.5 });
    const weeks = await counts('WEEK');
    expect(weeks.find((c) => c.period === '2025-03-03' && c.eventType === 'BATTLES')).toMatchObject({ count: 2, fatalities: 5.5 });
    expect(weeks.find((c) => c.period === '2025-03-31')).toMatchObject({ periodEnd: '2025-04-06' });
    expect((await counts('DAY')).reduce((n, c) => n + c.count, 0)).toBe(6);
  });

  it('under other filters counts the matching incidents alone', async () => {
    const located = ROWS.filter((r) => r.latitude === 50);
    const area = { bbox: { west: 29, south: 49, east: 31, north: 51 } };
    for (const by of ['DAY', 'WEEK', 'MONTH'] as const) {
      expect(await counts(by, { area })).toEqual(expected(by, located));
      expect(await counts(by, { eventTypes: ['PROTESTS', 'RIOTS'] })).toEqual(
        expected(
          by,
          ROWS.filter((r) => r.eventType !== 'BATTLES'),
        ),
      );
    }
    // Dates on the edges of months, and dates cutting through weeks.
    expect(await counts('MONTH', { date: { from: '2025-04-01', to: '2025-04-30' } })).toEqual(
      expected('MONTH', ROWS).filter((c) => c.period === '2025-04-01'),
    );
    const inRange = ROWS.filter((r) => r.date.start && r.date.start >= '2025-03-04' && r.date.start <= '2025-03-09');
    expect(await counts('WEEK', { date: { from: '2025-03-04', to: '2025-03-09' } })).toEqual(expected('WEEK', inRange));
  });

  it('follows amendments, retractions and new fatality figures', async () => {
    const w = server.app.writer;
    const rows = ROWS.map((r) => ({ ...r }));
    const change = (title: string, patch: Partial<Row>) => Object.assign(rows.find((r) => r.title === title)!, patch);
    w.run((scope) =>
      amendIncident(scope, {
        incidentId: ids.get('month F')!,
        reason: 'the day became known',
        changes: { date: { start: '2025-03-05', precision: 'DAY' }, eventType: 'RIOTS' },
      }),
    );
    change('month F', { date: { start: '2025-03-05', precision: 'DAY' }, eventType: 'RIOTS' });
    w.run((scope) => retractIncident(scope, { incidentId: ids.get('day B')!, reason: 'a duplicate' }));
    rows.splice(
      rows.findIndex((r) => r.title === 'day B'),
      1,
    );
    w.run((scope) =>
      recordFigure(scope, {
        conflictId: conflict,
        incidentId: ids.get('day C')!,
        metric: 'fatalities',
        value: 7,
        unit: 'people',
        about: 'Fatalities, reported later',
        asOf: { start: '2025-03-10', precision: 'DAY' },
      }),
    );
    change('day C', { fatalities: 7 });
    for (const by of ['DAY', 'WEEK', 'MONTH'] as const) expect(await counts(by)).toEqual(expected(by, rows));
    // A retracted incident still counts when asked for.
    const withRetracted = await counts('DAY', { includeRetracted: true });
    expect(withRetracted.find((c) => c.period === '2025-03-03' && c.eventType === 'BATTLES')).toMatchObject({ count: 2 });
  });

  it('is refused for a day that does not exist', async () => {
    const { body } = await server.post(COUNTS, { by: 'MONTH', filter: { date: { from: '2025-02-30' } } });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
