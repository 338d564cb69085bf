/** Figures: reported numbers such as casualties, territory held, drones launched. */
import { z } from 'zod';
import { and, eq, inArray, lte, ne } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { actors, conflicts, figures, incidents } from '../db/schema.js';
import { byDate } from './dated.js';
import { appendEvent, type WriteScope } from './events.js';
import { pageQuery, type PageQuery, type PageRequest } from './pagination.js';
import { rowsByIds, rowsByKey, insertRow } from './rows.js';
import { attachSources, replaceSources } from './source.js';
import { attributions, dateColumns, id, optionalText, partialDate, requireInConflict, requireRow, text, validate } from './validation.js';
import { FIGURE_QUALIFIERS, RECORD_EXTREMES } from './vocabulary.js';

export type Figure = typeof figures.$inferSelect;

/** The metric an incident's death toll is recorded under (ACLED's fatalities). */
export const FATALITIES = 'fatalities';

export const figureInput = z.object({
  metric: text(200),
  value: z.number().finite().min(-1e15).max(1e15),
  unit: text(50),
  qualifier: z.enum(FIGURE_QUALIFIERS).default('EXACT'),
  comparison: optionalText(500),
  /** The record the source says it sets: "the highest tally so far in the war". */
  record: z.object({ extreme: z.enum(RECORD_EXTREMES), among: text(500) }).nullish(),
  about: text(1000),
  actorId: id.nullish(),
  asOf: partialDate,
  sources: attributions,
});
export type FigureInput = z.input<typeof figureInput>;

const recordFigureInput = figureInput.extend({ conflictId: id, incidentId: id.nullish() });

export function recordFigure(scope: WriteScope, input: z.input<typeof recordFigureInput>): Figure {
  const data = validate(recordFigureInput, input);
  requireRow(scope.tx, conflicts, data.conflictId, 'conflict', 'conflictId');
  if (data.incidentId) requireInConflict(scope.tx, incidents, data.incidentId, data.conflictId, 'incident', 'incidentId');
  const row = insertFigure(scope, data.conflictId, data.incidentId ?? null, data, '');
  appendEvent(scope, {
    kind: 'FIGURE_RECORDED',
    actorIds: [row.actorId],
    subjectType: 'FIGURE',
    subjectId: row.id,
    conflictId: row.conflictId,
    occurredOn: row.dateStart,
    summary: `${row.metric}: ${row.value} ${row.unit}`,
    data: row,
  });
  return row;
}

/** What a figure says, beyond which fact and metric it belongs to. */
const figureColumns = (f: z.output<typeof figureInput>) => ({
  value: f.value,
  unit: f.unit,
  qualifier: f.qualifier,
  comparison: f.comparison ?? null,
  record: f.record?.extreme ?? null,
  recordAmong: f.record?.among ?? null,
  about: f.about,
  actorId: f.actorId ?? null,
  ...dateColumns(f.asOf),
});

/** Writes a figure inside another command (an incident's reported numbers). */
export function insertFigure(
  scope: WriteScope,
  conflictId: number,
  incidentId: number | null,
  f: z.output<typeof figureInput>,
  field: string,
): Figure {
  const prefix = field ? `${field}.` : '';
  if (f.actorId) requireRow(scope.tx, actors, f.actorId, 'actor', `${prefix}actorId`);
  const row = insertRow(scope.tx, figures, { conflictId, incidentId, metric: f.metric, ...figureColumns(f) });
  attachSources(scope, 'FIGURE', row.id, f.sources, `${prefix}sources`);
  return row;
}

/**
 * Sets an incident's reported figures inside the command that corrects it: a figure of a metric
 * the incident already reports is changed in place (its sources replaced), a new metric is added,
 * and a metric no longer given is left as it was.
 */
export function setIncidentFigures(
  scope: WriteScope,
  incident: { id: number; conflictId: number },
  list: z.output<typeof figureInput>[],
  field: string,
): Figure[] {
  return list.map((f, i) => {
    const existing = scope.tx
      .select()
      .from(figures)
      .where(and(eq(figures.incidentId, incident.id), eq(figures.metric, f.metric)))
      .get();
    if (!existing) return insertFigure(scope, incident.conflictId, incident.id, f, `${field}.${i}`);
    if (f.actorId) requireRow(scope.tx, actors, f.actorId, 'actor', `${field}.${i}.actorId`);
    const row = scope.tx.update(figures).set(figureColumns(f)).where(eq(figures.id, existing.id)).returning().get();
    replaceSources(scope, 'FIGURE', row.id, f.sources, `${field}.${i}.sources`);
    return row;
  });
}

export const loadFigures = (db: Db, ids: readonly number[]) => rowsByIds(db, figures, ids);
export const figuresOfIncidents = (db: Db, incidentIds: readonly number[]) => rowsByKey(db, figures, figures.incidentId, incidentIds);

export interface FigureFilter {
  conflictId?: number;
  metrics?: readonly string[];
  actorId?: number;
}

export function queryFigures(filter: FigureFilter, page: PageRequest): PageQuery<Figure> {
  const where = and(
    filter.conflictId !== undefined ? eq(figures.conflictId, filter.conflictId) : undefined,
    filter.metrics?.length ? inArray(figures.metric, [...filter.metrics]) : undefined,
    filter.actorId !== undefined ? eq(figures.actorId, filter.actorId) : undefined,
  );
  return pageQuery(figures, where, byDate<Figure>(figures), page);
}

/**
 * The figures a record is measured against: the same metric and unit in the same conflict, as of
 * no later than the record's own earliest day, the record itself left out.
 */
export function queryRecordRivals(record: Figure, page: PageRequest): PageQuery<Figure> {
  const where = and(
    eq(figures.conflictId, record.conflictId),
    eq(figures.metric, record.metric),
    eq(figures.unit, record.unit),
    lte(figures.dateStart, record.dateStart),
    ne(figures.id, record.id),
  );
  return pageQuery(figures, where, byDate<Figure>(figures), page);
}
