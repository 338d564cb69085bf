/** Incidents on the ground around the talks, in ACLED's terms. */
import { z } from 'zod';
import { and, eq, exists, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { actors, conflicts, incidentActors, incidents, talks } from '../db/schema.js';
import { areaCondition, type Area } from './area.js';
import { byDate, dateRangeConditions, type DateOrder, type DateRange } from './dated.js';
import { appendEvent, type WriteScope } from './events.js';
import { DomainError } from './errors.js';
import { amendFact, requireLive, retractFact } from './corrections.js';
import { figureInput, insertFigure, setIncidentFigures } from './figure.js';
import { containsText, pageQuery, type PageQuery, type PageRequest } from './pagination.js';
import { insertRow, rowsByIds, rowsByKey } from './rows.js';
import { attachSources, replaceSources } from './source.js';
import { attributions, dateColumns, id, optionalText, partialDate, requireInConflict, requireRow, text, validate } from './validation.js';
import { INCIDENT_EVENT_TYPES, INCIDENT_SIDES, type IncidentEventType } from './vocabulary.js';

export type Incident = typeof incidents.$inferSelect;
export type IncidentActor = typeof incidentActors.$inferSelect;

/** ACLED's 1–3 scale of how exact a date or a place is. */
const precisionCode = z.number().int().min(1).max(3).nullish();

const incidentActorInput = z.object({
  actorId: id,
  side: z.enum(INCIDENT_SIDES),
  associated: z.boolean().default(false),
  actorType: optionalText(100),
});

/** How a dataset such as ACLED coded the incident, beyond what every incident has. */
const codingFields = {
  externalId: optionalText(100),
  timePrecision: precisionCode,
  disorderType: optionalText(200),
  civilianTargeting: z.boolean().nullish(),
  interaction: optionalText(200),
  sourceScale: optionalText(200),
  tags: optionalText(2000),
};

const recordIncidentInput = z.object({
  conflictId: id,
  eventType: z.enum(INCIDENT_EVENT_TYPES),
  subEventType: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]*$/, 'SCREAMING_SNAKE_CASE, as ACLED names sub-event types')
    .max(100)
    .nullish(),
  title: text(300),
  description: optionalText(4000),
  location: z
    .object({
      name: optionalText(200),
      region: optionalText(200),
      country: optionalText(200),
      latitude: z.number().min(-90).max(90).nullish(),
      longitude: z.number().min(-180).max(180).nullish(),
      worldRegion: optionalText(200),
      iso: z.number().int().min(0).max(999).nullish(),
      admin2: optionalText(200),
      admin3: optionalText(200),
      geoPrecision: precisionCode,
    })
    .refine((l) => (l.latitude == null) === (l.longitude == null), {
      message: 'give both latitude and longitude, or neither',
      path: ['latitude'],
    })
    .default({}),
  date: partialDate,
  actors: z.array(incidentActorInput).max(50).default([]),
  respondedToId: id.nullish(),
  talkId: id.nullish(),
  figures: z.array(figureInput).max(50).default([]),
  sources: attributions,
  ...codingFields,
});
export type RecordIncidentInput = z.input<typeof recordIncidentInput>;

export function recordIncident(scope: WriteScope, input: RecordIncidentInput): Incident {
  const data = validate(recordIncidentInput, input);
  requireRow(scope.tx, conflicts, data.conflictId, 'conflict', 'conflictId');
  if (data.talkId) requireInConflict(scope.tx, talks, data.talkId, data.conflictId, 'talk', 'talkId');
  if (data.respondedToId) requireSameConflict(scope, data.conflictId, data.respondedToId, 'respondedToId');
  if (data.externalId) requireNewExternalId(scope, data.conflictId, data.externalId);
  const row = insertRow(scope.tx, incidents, {
    conflictId: data.conflictId,
    eventType: data.eventType,
    subEventType: data.subEventType ?? null,
    title: data.title,
    description: data.description ?? null,
    respondedToId: data.respondedToId ?? null,
    talkId: data.talkId ?? null,
    ...dateColumns(data.date),
    ...locationColumns(data.location),
    ...codingColumns(data),
  });
  const sides = insertActors(scope, row.id, data.actors, 'actors');
  const reported = data.figures.map((f, i) => insertFigure(scope, data.conflictId, row.id, f, `figures.${i}`));
  attachSources(scope, 'INCIDENT', row.id, data.sources);
  appendEvent(scope, {
    kind: 'INCIDENT_RECORDED',
    talkId: row.talkId,
    actorIds: data.actors.map((a) => a.actorId),
    subjectType: 'INCIDENT',
    subjectId: row.id,
    conflictId: row.conflictId,
    occurredOn: row.dateStart,
    summary: `Incident recorded: ${row.title}`,
    data: { ...row, actors: sides, figures: reported },
  });
  return row;
}

type LocationInput = z.output<typeof recordIncidentInput>['location'];
type CodingInput = { [K in keyof typeof codingFields]?: z.output<(typeof codingFields)[K]> };

const locationColumns = (location: LocationInput) => ({
  locationName: location.name ?? null,
  region: location.region ?? null,
  country: location.country ?? null,
  latitude: location.latitude ?? null,
  longitude: location.longitude ?? null,
  worldRegion: location.worldRegion ?? null,
  iso: location.iso ?? null,
  admin2: location.admin2 ?? null,
  admin3: location.admin3 ?? null,
  geoPrecision: location.geoPrecision ?? null,
});

const codingColumns = (coding: CodingInput) =>
  Object.fromEntries(Object.keys(codingFields).map((key) => [key, coding[key as keyof CodingInput] ?? null])) as {
    [K in keyof CodingInput]-?: NonNullable<CodingInput[K]> | null;
  };

function insertActors(scope: WriteScope, incidentId: number, list: z.output<typeof incidentActorInput>[], field: string): IncidentActor[] {
  return list.flatMap((a, i) => {
    requireRow(scope.tx, actors, a.actorId, 'actor', `${field}.${i}.actorId`);
    const row = prepared<IncidentActor>(scope.tx, 'insertIncidentActor', () =>
      scope.tx
        .insert(incidentActors)
        .values({
          incidentId: sql.placeholder('incidentId'),
          actorId: sql.placeholder('actorId'),
          side: sql.placeholder('side'),
          associated: sql.placeholder('associated'),
          actorType: sql.placeholder('actorType'),
        } as never)
        .onConflictDoNothing()
        .returning(),
    ).get({ incidentId, actorId: a.actorId, side: a.side, associated: a.associated, actorType: a.actorType ?? null });
    return row ? [row] : [];
  });
}

function requireNewExternalId(scope: WriteScope, conflictId: number, externalId: string): void {
  if (findIncidentByExternalId(scope.tx, conflictId, externalId)) {
    throw new DomainError('CONFLICT', `Incident ${externalId} is recorded already in this conflict.`, [
      { field: 'externalId', message: 'already recorded' },
    ]);
  }
}

/** The incident a dataset knows by this id, in one conflict. */
export function findIncidentByExternalId(db: Db, conflictId: number, externalId: string): Incident | undefined {
  return prepared<Incident>(db, 'incidentByExternalId', () =>
    db
      .select()
      .from(incidents)
      .where(and(eq(incidents.conflictId, sql.placeholder('conflictId')), eq(incidents.externalId, sql.placeholder('externalId')))),
  ).get({ conflictId, externalId });
}

/** The incident a response points at, which must belong to the responding incident's conflict. */
function requireSameConflict(scope: WriteScope, conflictId: number, causeId: number, field: string): void {
  requireInConflict(scope.tx, incidents, causeId, conflictId, 'incident', field);
}

export const loadIncidents = (db: Db, ids: readonly number[]) => rowsByIds(db, incidents, ids);
export const actorsOfIncidents = (db: Db, incidentIds: readonly number[]) =>
  rowsByKey(db, incidentActors, incidentActors.incidentId, incidentIds);
export const responsesTo = (db: Db, incidentIds: readonly number[]) => rowsByKey(db, incidents, incidents.respondedToId, incidentIds);

export interface IncidentFilter extends DateRange {
  conflictId?: number;
  talkId?: number;
  eventTypes?: readonly IncidentEventType[];
  subEventTypes?: readonly string[];
  /** Incidents in which any of these actors took part, on either side. */
  actorIds?: readonly number[];
  /** Case-insensitive text found in the location's name, administrative levels or country. */
  location?: string;
  /** Ids in the dataset the incidents came from. */
  externalIds?: readonly string[];
  disorderTypes?: readonly string[];
  civilianTargeting?: boolean;
  /** Retracted incidents are left out unless asked for. */
  includeRetracted?: boolean;
  /** Only incidents located within this area (checked with `checkArea`). */
  area?: Area;
}

/**
 * One type walks its (type, date, id) index in order. Several types cannot be read in date order
 * from that index (SQLite would sort every match), so the type is then tested row by row (`+`
 * keeps the planner off the type index) while a date index gives the order.
 */
function eventTypeCondition(types: readonly IncidentEventType[] | undefined): SQL | undefined {
  if (!types?.length) return undefined;
  if (types.length === 1) return eq(incidents.eventType, types[0]!);
  return sql`+${incidents.eventType} IN (${sql.join(
    types.map((t) => sql`${t}`),
    sql`, `,
  )})`;
}

/** The incidents a filter lets through, as one condition on `incidents`. */
export function incidentConditions(db: Db, filter: IncidentFilter): SQL | undefined {
  return and(
    filter.conflictId !== undefined ? eq(incidents.conflictId, filter.conflictId) : undefined,
    filter.talkId !== undefined ? eq(incidents.talkId, filter.talkId) : undefined,
    filter.includeRetracted ? undefined : isNull(incidents.retractedAt),
    eventTypeCondition(filter.eventTypes),
    filter.subEventTypes?.length ? inArray(incidents.subEventType, [...filter.subEventTypes]) : undefined,
    filter.actorIds?.length
      ? exists(
          db
            .select({ one: sql`1` })
            .from(incidentActors)
            .where(and(eq(incidentActors.incidentId, incidents.id), inArray(incidentActors.actorId, [...filter.actorIds]))),
        )
      : undefined,
    filter.location
      ? or(
          containsText(incidents.locationName, filter.location),
          containsText(incidents.region, filter.location),
          containsText(incidents.country, filter.location),
          containsText(incidents.admin2, filter.location),
          containsText(incidents.admin3, filter.location),
        )
      : undefined,
    filter.externalIds?.length ? inArray(incidents.externalId, [...filter.externalIds]) : undefined,
    filter.disorderTypes?.length ? inArray(incidents.disorderType, [...filter.disorderTypes]) : undefined,
    filter.civilianTargeting !== undefined ? eq(incidents.civilianTargeting, filter.civilianTargeting) : undefined,
    filter.area ? areaCondition(filter.area) : undefined,
    ...dateRangeConditions(incidents, filter),
  );
}

export function queryIncidents(db: Db, filter: IncidentFilter, order: DateOrder, page: PageRequest): PageQuery<Incident> {
  return pageQuery(incidents, incidentConditions(db, filter), byDate<Incident>(incidents, order), page);
}

const amendIncidentInput = z.object({
  incidentId: id,
  reason: text(1000),
  changes: recordIncidentInput
    .pick({ eventType: true, subEventType: true, title: true, description: true, date: true, respondedToId: true, talkId: true })
    .extend({
      location: recordIncidentInput.shape.location.unwrap().optional(),
      ...codingFields,
      /** Replace the actors on both sides with these. */
      actors: z.array(incidentActorInput).max(50).optional(),
      /** Set these figures (by metric); other figures stay. */
      figures: z.array(figureInput).max(50).optional(),
      /** Replace the incident's sources with these. */
      sources: attributions.unwrap().optional(),
    })
    .omit({ externalId: true })
    .partial()
    .refine((c) => Object.keys(c).length > 0, { message: 'change at least one field' }),
});

/** Corrects an incident: new values, revision + 1; the version before stays in the event log. */
export function amendIncident(scope: WriteScope, input: z.input<typeof amendIncidentInput>): Incident {
  const data = validate(amendIncidentInput, input);
  const current = requireLive(scope, 'INCIDENT', data.incidentId, 'incidentId');
  const c = data.changes;
  if (c.talkId) requireInConflict(scope.tx, talks, c.talkId, current.conflictId, 'talk', 'changes.talkId');
  if (c.respondedToId) {
    if (c.respondedToId === current.id) {
      throw new DomainError('BAD_USER_INPUT', 'An incident cannot respond to itself.', [
        { field: 'changes.respondedToId', message: 'is this incident' },
      ]);
    }
    requireSameConflict(scope, current.conflictId, c.respondedToId, 'changes.respondedToId');
  }
  const { location, date, actors: sides, figures: reported, sources, ...plain } = c;
  if (sides) {
    scope.tx.delete(incidentActors).where(eq(incidentActors.incidentId, current.id)).run();
    insertActors(scope, current.id, sides, 'changes.actors');
  }
  if (reported) setIncidentFigures(scope, current, reported, 'changes.figures');
  if (sources) replaceSources(scope, 'INCIDENT', current.id, sources, 'changes.sources');
  return amendFact(
    scope,
    'INCIDENT',
    current,
    { ...plain, ...(date && dateColumns(date)), ...(location && locationColumns(location)) },
    data.reason,
    `Incident amended: ${c.title ?? current.title}`,
  );
}

const retractIncidentInput = z.object({ incidentId: id, reason: text(1000) });

/** Withdraws an incident: it stays readable, marked retracted with the reason, and leaves the default lists. */
export function retractIncident(scope: WriteScope, input: z.input<typeof retractIncidentInput>): Incident {
  const data = validate(retractIncidentInput, input);
  return retractFact(scope, 'INCIDENT', data.incidentId, data.reason, (row) => `Incident retracted: ${row.title}`);
}
