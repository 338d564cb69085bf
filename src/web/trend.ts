/**
 * The trend chart: incidents per day, week or month by event type, stacked, over the period the
 * reader chooses, with each round of talks as a marked line, so what happens on the ground before
 * and after a round shows at a glance. It counts through the API (`Conflict.incidentCounts`) and
 * counts again when an incident is recorded. The picture is an image with a summary for its name;
 * the table under it gives the counts as text.
 */
import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear, scaleUtc } from 'd3-scale';
import { select } from 'd3-selection';
import { stack } from 'd3-shape';
import { request } from './api.js';
import { byId, fill, h } from './dom.js';
import { addDays, EVENT_TYPES, formatDay, formatMonth, today, utc } from './format.js';
import { TREND_COUNTS, TREND_TALKS } from './queries.js';
import type { CountPeriod, IncidentCount, TalkMark } from './types.js';

/** Days shown before the first round and after the last by default. */
const AROUND_TALKS_DAYS = 21;
const PERIOD_WORD: Record<CountPeriod, string> = { DAY: 'day', WEEK: 'week', MONTH: 'month' };

interface Period {
  from: string;
  to: string;
  by: CountPeriod;
}

/** One bar: a period and its count of each event type. */
type Row = { period: string; periodEnd: string; total: number; fatalities: number } & Record<string, number | string>;

const days = (from: string, to: string) => Math.round((utc(to).getTime() - utc(from).getTime()) / 86_400_000) + 1;

/** Days for a few months, weeks for a couple of years, months beyond: bars a few pixels wide or more. */
function grainFor(from: string, to: string): CountPeriod {
  const span = days(from, to);
  return span <= 92 ? 'DAY' : span <= 730 ? 'WEEK' : 'MONTH';
}

function periodLabel(row: Pick<Row, 'period' | 'periodEnd'>, by: CountPeriod): string {
  if (by === 'MONTH') return formatMonth(row.period);
  if (by === 'WEEK') return `${formatDay(row.period)} – ${formatDay(row.periodEnd)}`;
  return formatDay(row.period);
}

const talkLabel = (talk: TalkMark) => (talk.round !== null ? `Round ${talk.round}` : talk.title);

export class TrendChart {
  private readonly from = byId<HTMLInputElement>('trend-from');
  private readonly to = byId<HTMLInputElement>('trend-to');
  private readonly by = byId<HTMLSelectElement>('trend-by');
  private readonly chart = byId('trend-chart');
  private readonly table = byId<HTMLTableElement>('trend-table');
  private readonly status = byId('trend-status');
  private conflictId: string | undefined;
  private talks: TalkMark[] = [];
  private rows: Row[] = [];
  private period: Period | undefined;
  private width = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Answers to an earlier request that arrive after a later one was sent are dropped. */
  private asked = 0;

  constructor() {
    for (const input of [this.from, this.to, this.by]) input.addEventListener('change', () => this.readForm());
    byId('trend-presets').addEventListener('click', (event) => {
      const preset = (event.target as Element).closest<HTMLButtonElement>('button[data-days], button[data-around]');
      if (preset) this.choose(preset.dataset.days ? this.lastDays(Number(preset.dataset.days)) : this.aroundTalks());
    });
    new ResizeObserver(() => {
      if (this.chart.clientWidth !== this.width) this.draw();
    }).observe(this.chart);
  }

  /** Starts charting a conflict: its talks, then the period around them. */
  async setConflict(conflictId: string): Promise<void> {
    this.conflictId = conflictId;
    await this.loadTalks();
    this.choose(this.aroundTalks());
  }

  /** An incident was recorded, amended or retracted: count again, once for a burst. */
  incidentChanged(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.load(), 250);
  }

  /** A round was scheduled or changed: its line moves or appears. */
  async talksChanged(): Promise<void> {
    await this.loadTalks();
    this.draw();
  }

  private async loadTalks(): Promise<void> {
    if (!this.conflictId) return;
    try {
      const result = await request<{ node: { talks: { nodes: TalkMark[] } } | null }>(TREND_TALKS, { id: this.conflictId });
      this.talks = (result.node?.talks.nodes ?? []).filter((t) => t.date.start !== null);
    } catch {
      // The bars still show; the rounds come with the next change of talks.
    }
  }

  /** From three weeks before the first round to three weeks after the last; the last 90 days without talks. */
  private aroundTalks(): Period {
    const starts = this.talks.map((t) => t.date.start!).sort();
    if (!starts.length) return this.lastDays(90);
    const from = addDays(starts[0]!, -AROUND_TALKS_DAYS);
    const to = addDays(starts.at(-1)!, AROUND_TALKS_DAYS);
    return { from, to, by: grainFor(from, to) };
  }

  private lastDays(count: number): Period {
    const to = today();
    const from = addDays(to, 1 - count);
    return { from, to, by: grainFor(from, to) };
  }

  private readForm(): void {
    const [from, to] = [this.from.value, this.to.value];
    if (!from || !to || from > to) {
      this.status.textContent = 'Choose a start date on or before the end date.';
      return;
    }
    this.choose({ from, to, by: this.by.value as CountPeriod });
  }

  private choose(period: Period): void {
    this.period = period;
    this.from.value = period.from;
    this.to.value = period.to;
    this.by.value = period.by;
    void this.load();
  }

  private async load(): Promise<void> {
    const period = this.period;
    if (!this.conflictId || !period) return;
    const asked = ++this.asked;
    try {
      const result = await request<{ node: { incidentCounts: IncidentCount[] } | null }>(TREND_COUNTS, {
        id: this.conflictId,
        ...period,
      });
      if (asked !== this.asked) return;
      this.rows = rowsOf(result.node?.incidentCounts ?? []);
      this.status.textContent = '';
      this.draw();
    } catch (error) {
      if (asked === this.asked) this.status.textContent = `The chart could not load: ${(error as Error).message}`;
    }
  }

  private draw(): void {
    const period = this.period;
    this.width = this.chart.clientWidth;
    if (!period || !this.width) return;
    const width = this.width;
    const height = Math.round(Math.min(Math.max(width * 0.5, 220), 320));
    const margin = { top: 36, right: 12, bottom: 26, left: 34 };
    const end = utc(addDays(period.to, 1));
    const x = scaleUtc()
      .domain([utc(period.from), end])
      .range([margin.left, width - margin.right]);
    const highest = Math.max(1, ...this.rows.map((r) => r.total));
    const y = scaleLinear()
      .domain([0, highest])
      .nice()
      .range([height - margin.bottom, margin.top]);
    const types = Object.keys(EVENT_TYPES);
    const series = stack<Row>()
      .keys(types)
      .value((row, key) => Number(row[key] ?? 0))(this.rows);
    const talks = this.talks.filter((t) => t.date.start! >= period.from && t.date.start! <= period.to);
    const total = this.rows.reduce((n, r) => n + r.total, 0);

    const svg = select(this.chart)
      .selectAll('svg')
      .data([null])
      .join('svg')
      .attr('role', 'img')
      .attr('class', 'trend__svg')
      .attr('viewBox', `0 0 ${width} ${height}`)
      .attr('width', width)
      .attr('height', height)
      .attr('data-total', total)
      .attr('aria-label', this.summary(period, total, talks));
    svg.selectAll('*').remove();

    svg
      .append('g')
      .attr('class', 'trend__axis')
      .attr('transform', `translate(0,${height - margin.bottom})`)
      .call(
        axisBottom(x)
          .ticks(Math.max(2, Math.floor(width / 90)))
          .tickSizeOuter(0),
      );
    svg
      .append('g')
      .attr('class', 'trend__axis')
      .attr('transform', `translate(${margin.left},0)`)
      .call(axisLeft(y).ticks(Math.min(4, highest), 'd'));

    const bars = svg.append('g').attr('class', 'trend__bars');
    for (const layer of series) {
      for (const bar of layer) {
        if (bar[1] === bar[0]) continue;
        const left = x(utc(bar.data.period));
        const right = x(utc(addDays(bar.data.periodEnd, 1)));
        bars
          .append('rect')
          .attr('class', `trend__bar type-${layer.key}`)
          .attr('x', left + 0.5)
          .attr('width', Math.max(1, right - left - 1))
          .attr('y', y(bar[1]))
          .attr('height', y(bar[0]) - y(bar[1]))
          .append('title')
          .text(`${periodLabel(bar.data, period.by)}: ${bar[1] - bar[0]} ${EVENT_TYPES[layer.key]?.toLowerCase()}`);
      }
    }

    // Labels of rounds close together take turns on two rows.
    let lastX = Number.NEGATIVE_INFINITY;
    let row = 0;
    for (const talk of talks) {
      const mid = (x(utc(talk.date.start!)) + x(utc(addDays(talk.date.start!, 1)))) / 2;
      row = mid - lastX < 70 ? 1 - row : 0;
      lastX = mid;
      const mark = svg.append('g').attr('class', 'talk-mark').attr('data-talk', talk.id);
      mark
        .append('line')
        .attr('x1', mid)
        .attr('x2', mid)
        .attr('y1', margin.top - 4)
        .attr('y2', height - margin.bottom);
      mark
        .append('text')
        .attr('x', mid)
        .attr('y', 12 + row * 14)
        .attr('text-anchor', mid > width - 50 ? 'end' : mid < 50 ? 'start' : 'middle')
        .text(talkLabel(talk));
      mark.append('title').text(`${talk.title}, ${formatDay(talk.date.start!)}`);
    }
    this.renderTable(period, talks);
  }

  private summary(period: Period, total: number, talks: TalkMark[]): string {
    const span = `${formatDay(period.from)} to ${formatDay(period.to)}`;
    const busiest = this.rows.reduce<Row | undefined>((best, r) => (!best || r.total > best.total ? r : best), undefined);
    const counts = total
      ? `${total} incident${total === 1 ? '' : 's'}, most in ${periodLabel(busiest!, period.by)} (${busiest!.total})`
      : 'no incidents';
    const rounds = talks.length
      ? ` Rounds of talks: ${talks.map((t) => `${talkLabel(t)} on ${formatDay(t.date.start!)}`).join(', ')}.`
      : '';
    return `Incidents per ${PERIOD_WORD[period.by]}, ${span}: ${counts}.${rounds} The table after the chart gives the counts.`;
  }

  private renderTable(period: Period, talks: TalkMark[]): void {
    const types = Object.keys(EVENT_TYPES).filter((t) => this.rows.some((r) => Number(r[t] ?? 0) > 0));
    const rounds = talks.map((t) => `${talkLabel(t)} on ${formatDay(t.date.start!)}`).join(', ');
    fill(
      this.table,
      h(
        'caption',
        null,
        `Incidents per ${PERIOD_WORD[period.by]} from ${formatDay(period.from)} to ${formatDay(period.to)}, by type; ${PERIOD_WORD[period.by]}s without incidents are left out.`,
        rounds ? ` Rounds of talks: ${rounds}.` : '',
      ),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, 'Period'),
          types.map((t) => h('th', { scope: 'col' }, EVENT_TYPES[t])),
          h('th', { scope: 'col' }, 'All'),
          h('th', { scope: 'col' }, 'Fatalities'),
        ),
      ),
      h(
        'tbody',
        null,
        this.rows.length
          ? this.rows.map((r) =>
              h(
                'tr',
                null,
                h('th', { scope: 'row' }, periodLabel(r, period.by)),
                types.map((t) => h('td', null, Number(r[t] ?? 0))),
                h('td', null, r.total),
                h('td', null, r.fatalities),
              ),
            )
          : h('tr', null, h('td', { colspan: types.length + 3 }, 'No incident in this period.')),
      ),
    );
  }
}

/** The API's rows (one per period and type) as one row per period, oldest first. */
function rowsOf(counts: IncidentCount[]): Row[] {
  const rows = new Map<string, Row>();
  for (const c of counts) {
    let row = rows.get(c.period);
    if (!row) {
      row = { period: c.period, periodEnd: c.periodEnd, total: 0, fatalities: 0 } as Row;
      rows.set(c.period, row);
    }
    row[c.eventType] = Number(row[c.eventType] ?? 0) + c.count;
    row.total += c.count;
    row.fatalities += c.fatalities;
  }
  return [...rows.values()].sort((a, b) => a.period.localeCompare(b.period));
}
