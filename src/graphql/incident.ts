import { builder, type ArgValues, type Args } from './builder.js';
import type { Context } from './context.js';
import { groupBy, loadPage, pageConnection, rowNode } from './connection.js';
import { rowIdOf } from './ids.js';
import { DateRangeInput, PartialDateRef } from './partial-date.js';
import { sourcesField } from './source.js';
import { DateOrderEnum, IncidentEventTypeEnum, IncidentSideEnum } from './vocabulary.js';
import { ActorRef } from './actor.js';
import { ConflictRef } from './conflict.js';
import { FigureInput, FigureRef } from './figure.js';
import { changes, inputObject, inputShape, kept, optionalRowId, PartialDateInput, ref, SourceInput, value } from './inputs.js';
import { payload, refusals, write } from './mutation.js';
import { EventRef } from './event-ref.js';
import { liveField } from './live.js';
import { follows, related, relatedList } from './plan.js';
import { eventCursor, type EventRow } from '../domain/events.js';
import { subjectAsCommitted } from '../domain/subjects.js';
import { correctionFields } from './correction.js';
import { TalkRef } from './talk.js';
import {
  actorsOfIncidents,
  amendIncident,
  queryIncidents,
  recordIncident,
  retractIncident,
  loadIncidents,
  responsesTo,
  type Incident,
  type IncidentActor,
  type IncidentFilter,
} from '../domain/incident.js';
import { figuresOfIncidents, type Figure } from '../domain/figure.js';
import { checkArea, EARTH_RADIUS_KM, MAX_RADIUS_KM } from '../domain/area.js';
import type { IncidentCount } from '../domain/incident-counts.js';

export const IncidentRef = builder.loadableNodeRef(
  'Incident',
  rowNode((ctx, ids) => loadIncidents(ctx.db, ids)),
);

const LocationRef = builder.objectRef<Incident>('Location').implement({
  description: 'Where an incident happened, as precisely as the sources say.',
  fields: (t) => ({
    name: t.exposeString('locationName', { nullable: true, description: 'The place ("Siberia").' }),
    region: t.exposeString('region', { nullable: true, description: 'The region or province.' }),
    country: t.exposeString('country', { nullable: true, description: 'The country.' }),
    latitude: t.exposeFloat('latitude', { nullable: true, description: 'WGS 84 latitude, when known.' }),
    longitude: t.exposeFloat('longitude', { nullable: true, description: 'WGS 84 longitude, when known.' }),
    admin2: t.exposeString('admin2', { nullable: true, description: 'The second administrative level (a district).' }),
    admin3: t.exposeString('admin3', { nullable: true, description: 'The third administrative level (a municipality).' }),
    worldRegion: t.exposeString('worldRegion', { nullable: true, description: 'The world region, as ACLED names it ("Europe").' }),
    iso: t.exposeInt('iso', { nullable: true, description: 'ISO 3166-1 numeric code of the country.' }),
    geoPrecision: t.exposeInt('geoPrecision', {
      nullable: true,
      description: "How exact the place is, on ACLED's scale: 1 the place itself, 2 near it, 3 only its larger region.",
    }),
  }),
});

const IncidentActorRef = builder.objectRef<IncidentActor>('IncidentActor').implement({
  description: 'An actor on one side of an incident.',
  fields: (t) => ({
    actor: t.field({
      type: ActorRef,
      description: 'The actor.',
      extensions: follows('actor'),
      resolve: (ia, _args, ctx, info) => related(ia, 'actor', ctx, info, () => ia.actorId),
    }),
    side: t.expose('side', { type: IncidentSideEnum, description: 'Who acted (INITIATOR) or who it was done to (TARGET).' }),
    associated: t.exposeBoolean('associated', {
      description: "An actor associated with the side's main actor (ACLED's assoc_actor), not the main actor itself.",
    }),
    actorType: t.exposeString('actorType', {
      nullable: true,
      description: 'The main actor\'s type as the source coded it (ACLED\'s inter1/inter2: "1" or "State forces").',
    }),
  }),
});

IncidentRef.implement({
  description: "Something that happened on the ground around the talks, in ACLED's terms: a strike, an attack, a prisoner exchange.",
  fields: (t) => ({
    title: t.exposeString('title', { description: 'A one-line name for the incident.' }),
    eventType: t.expose('eventType', { type: IncidentEventTypeEnum, description: 'ACLED event type.' }),
    subEventType: t.exposeString('subEventType', {
      nullable: true,
      description: 'ACLED sub-event type (AIR_DRONE_STRIKE, …), when the sources say.',
    }),
    description: t.exposeString('description', { nullable: true, description: "What happened, in the sources' terms." }),
    date: t.field({ type: PartialDateRef, description: 'When it happened, as precisely as known.', resolve: (i) => i }),
    location: t.field({ type: LocationRef, description: 'Where it happened.', resolve: (i) => i }),
    externalId: t.exposeString('externalId', {
      nullable: true,
      description: "Its id in the dataset it was imported from (ACLED's event_id_cnty); re-imports match on it.",
    }),
    timePrecision: t.exposeInt('timePrecision', {
      nullable: true,
      description: "How exact the date was, on ACLED's scale: 1 the day, 2 the week, 3 the month (`date` says the same).",
    }),
    disorderType: t.exposeString('disorderType', { nullable: true, description: 'ACLED\'s disorder type ("Political violence", …).' }),
    civilianTargeting: t.exposeBoolean('civilianTargeting', {
      nullable: true,
      description: 'Whether civilians were targeted, as the source coded it; null when no one said.',
    }),
    interaction: t.exposeString('interaction', {
      nullable: true,
      description: 'ACLED\'s interaction of the two main actors\' types, as coded ("17", or words).',
    }),
    sourceScale: t.exposeString('sourceScale', { nullable: true, description: 'The geographic scale of its sources ("National", …).' }),
    tags: t.exposeString('tags', { nullable: true, description: 'ACLED\'s tags, as given ("crowd size=no report", …).' }),
    actors: t.field({
      type: [IncidentActorRef],
      description: 'The actors on each side.',
      extensions: follows('actors'),
      resolve: relatedList(
        'actors',
        (ctx, ids) => actorsOfIncidents(ctx.db, ids),
        (ia) => ia.incidentId,
      ),
    }),
    figures: t.field({
      type: [FigureRef],
      description: 'Numbers reported about it: fatalities, drones launched, …',
      extensions: follows('figures'),
      resolve: relatedList(
        'figures',
        (ctx, ids) => figuresOfIncidents(ctx.db, ids),
        (f: Figure) => f.incidentId,
      ),
    }),
    respondedTo: t.field({
      type: IncidentRef,
      nullable: true,
      description: 'The incident this one was a response to, per the sources.',
      extensions: follows('respondedTo'),
      resolve: (i, _args, ctx, info) => related(i, 'respondedTo', ctx, info, () => i.respondedToId),
    }),
    responses: t.loadableGroup({
      type: IncidentRef,
      description: 'Incidents that were responses to this one.',
      load: (ids: number[], ctx) => Promise.resolve(responsesTo(ctx.db, ids)),
      group: groupBy<Incident>((i) => i.respondedToId),
      resolve: (i) => i.id,
    }),
    talk: t.field({ type: TalkRef, nullable: true, description: 'The round of talks it bears on.', resolve: (i) => i.talkId }),
    conflict: t.field({ type: ConflictRef, description: 'The conflict.', resolve: (i) => i.conflictId }),
    ...correctionFields(t, 'INCIDENT'),
    sources: sourcesField(t, 'INCIDENT'),
  }),
});

const BoundingBoxInput = builder.inputType('BoundingBoxInput', {
  description:
    'A box of longitudes and latitudes, in WGS 84 degrees, edges included. A `west` greater than `east` is a box across the antimeridian (from 170 to -170 is 20 degrees wide).',
  fields: (t) => ({
    west: t.float({ required: true, description: 'The western edge: a longitude from -180 to 180.' }),
    south: t.float({ required: true, description: 'The southern edge: a latitude from -90 to 90, not above `north`.' }),
    east: t.float({ required: true, description: 'The eastern edge: a longitude from -180 to 180.' }),
    north: t.float({ required: true, description: 'The northern edge: a latitude from -90 to 90.' }),
  }),
});

const NearInput = builder.inputType('NearInput', {
  description: `A circle: every point within a great-circle distance of a centre, on a sphere of radius ${EARTH_RADIUS_KM} km.`,
  fields: (t) => ({
    latitude: t.float({ required: true, description: "The centre's WGS 84 latitude, from -90 to 90." }),
    longitude: t.float({ required: true, description: "The centre's WGS 84 longitude, from -180 to 180." }),
    radiusKm: t.float({
      required: true,
      description: `The distance from the centre, in kilometres: more than 0, at most ${MAX_RADIUS_KM.toLocaleString('en')}.`,
    }),
  }),
});

const AreaInput = builder.inputType('AreaInput', {
  description: 'Where on the globe: exactly one of a box or a circle. Incidents without coordinates are in no area.',
  isOneOf: true,
  fields: (t) => ({
    bbox: t.field({ type: BoundingBoxInput, required: false, description: 'Incidents within a box of longitudes and latitudes.' }),
    near: t.field({ type: NearInput, required: false, description: 'Incidents within a distance of a point.' }),
  }),
});

export const IncidentFilterInput = builder.inputType('IncidentFilter', {
  description: 'Which incidents to list. All given conditions must hold.',
  fields: (t) => ({
    conflict: t.id({ required: false, description: 'Only incidents of this conflict.' }),
    talk: t.id({ required: false, description: 'Only incidents tied to this round of talks.' }),
    date: t.field({ type: DateRangeInput, required: false, description: 'Only incidents starting within this range.' }),
    eventTypes: t.field({ type: [IncidentEventTypeEnum], required: false, description: 'Only these ACLED event types.' }),
    subEventTypes: t.stringList({ required: false, description: 'Only these ACLED sub-event types.' }),
    actors: t.idList({ required: false, description: 'Only incidents in which any of these actors took part, on either side.' }),
    location: t.string({
      required: false,
      description: 'Case-insensitive text found in the place name, its administrative levels or country ("siberia").',
    }),
    externalIds: t.stringList({
      required: false,
      description: "Only incidents with these ids in the dataset they came from (ACLED's event_id_cnty).",
    }),
    disorderTypes: t.stringList({ required: false, description: 'Only these ACLED disorder types ("Political violence", …).' }),
    civilianTargeting: t.boolean({ required: false, description: 'Only incidents that targeted civilians (true) or did not (false).' }),
    includeRetracted: t.boolean({ required: false, defaultValue: false, description: 'Include retracted incidents too.' }),
    area: t.field({
      type: AreaInput,
      required: false,
      description: 'Only incidents located within this box or circle (by their coordinates; those without are left out).',
    }),
  }),
});

export const IncidentCountRef = builder.objectRef<IncidentCount>('IncidentCount').implement({
  description: 'How many incidents of one event type a period holds, and their reported fatalities.',
  fields: (t) => ({
    period: t.exposeString('period', { description: "The period's first day, YYYY-MM-DD (a week starts on Monday, ISO 8601)." }),
    periodEnd: t.exposeString('periodEnd', { description: "The period's last day, YYYY-MM-DD." }),
    eventType: t.expose('eventType', { type: IncidentEventTypeEnum, description: 'The ACLED event type counted.' }),
    count: t.exposeInt('count', { description: 'How many incidents of this type have their whole date within the period.' }),
    fatalities: t.exposeFloat('fatalities', {
      description: "The sum of these incidents' reported fatality figures (ACLED's fatalities); 0 when none was reported.",
    }),
  }),
});

export const IncidentConnection = builder.connectionObject(
  { type: IncidentRef, name: 'IncidentConnection', description: 'A page of incidents.' },
  { name: 'IncidentEdge', description: 'An incident and its cursor.' },
);

/** Arguments of every `incidents` connection, on the root or under a conflict or a talk. */
export const incidentArgs = (arg: Args) => ({
  ...arg.connectionArgs(),
  filter: arg({ type: IncidentFilterInput, required: false, description: 'Which incidents to list.' }),
  orderBy: arg({ type: DateOrderEnum, defaultValue: 'DATE_ASC', description: 'Chronological order.' }),
});

/** The domain's filter from the argument, with `scope` pinning what the parent decides (its conflict or talk). */
export function incidentFilter(f: ArgValues<typeof incidentArgs>['filter'], scope: IncidentFilter = {}): IncidentFilter {
  return {
    conflictId: f?.conflict ? rowIdOf(String(f.conflict), 'Conflict') : undefined,
    talkId: f?.talk ? rowIdOf(String(f.talk), 'Talk') : undefined,
    eventTypes: f?.eventTypes ?? undefined,
    subEventTypes: f?.subEventTypes ?? undefined,
    actorIds: f?.actors?.map((id) => rowIdOf(String(id), 'Actor')),
    location: f?.location ?? undefined,
    externalIds: f?.externalIds ?? undefined,
    disorderTypes: f?.disorderTypes ?? undefined,
    civilianTargeting: f?.civilianTargeting ?? undefined,
    includeRetracted: f?.includeRetracted ?? false,
    from: f?.date?.from ?? undefined,
    to: f?.date?.to ?? undefined,
    area: f?.area ? checkArea(f.area, 'filter.area') : undefined,
    ...scope,
  };
}

/** Resolves an `incidents` connection; `scope` pins what the parent decides (its conflict or talk). */
export function resolveIncidents(ctx: Context, args: ArgValues<typeof incidentArgs>, scope: IncidentFilter = {}) {
  const filter = incidentFilter(args.filter, scope);
  return pageConnection(args, (page) =>
    loadPage(ctx, queryIncidents(ctx.db, filter, args.orderBy ?? 'DATE_ASC', page), IncidentRef.getDataloader(ctx)),
  );
}

builder.queryField('incidents', (t) =>
  t.field({
    type: IncidentConnection,
    description: 'Incidents on the ground, filtered and in chronological order.',
    args: incidentArgs(t.arg),
    resolve: (_root, args, ctx) => resolveIncidents(ctx, args),
  }),
);

const LocationInput = builder.inputType('LocationInput', {
  description: 'Where something happened, as precisely as the sources say.',
  fields: (t) => ({
    name: t.string({ required: false, description: 'The place.' }),
    region: t.string({ required: false, description: 'The region or province.' }),
    country: t.string({ required: false, description: 'The country.' }),
    latitude: t.float({ required: false, description: 'WGS 84 latitude (-90 to 90); give longitude too.' }),
    longitude: t.float({ required: false, description: 'WGS 84 longitude (-180 to 180); give latitude too.' }),
  }),
});

const IncidentActorInput = inputObject('IncidentActorInput', 'An actor on one side of an incident.', () => ({
  actor: ref('Actor', { required: true, description: 'The actor.' }),
  side: value({ type: IncidentSideEnum, required: true, description: 'INITIATOR or TARGET.' }),
}));

const RecordIncidentInput = inputShape(() => ({
  conflict: ref('Conflict', { required: true, description: 'The conflict it belongs to.' }),
  eventType: value({ type: IncidentEventTypeEnum, required: true, description: 'ACLED event type.' }),
  subEventType: value({ type: 'String', required: false, description: 'ACLED sub-event type, e.g. AIR_DRONE_STRIKE.' }),
  title: value({ type: 'String', required: true, description: 'A one-line name.' }),
  description: value({ type: 'String', required: false, description: 'What happened.' }),
  date: PartialDateInput.one({ required: true, description: 'When it happened.' }),
  location: value({ type: LocationInput, required: false, description: 'Where it happened.' }, (location) => location ?? {}),
  actors: IncidentActorInput.list({ required: false, description: 'The actors on each side.' }),
  respondedTo: ref('Incident', { required: false, description: 'The incident this one responded to.' }),
  talk: ref('Talk', { required: false, description: 'The round of talks it bears on.' }),
  figures: FigureInput.list({ required: false, description: 'Numbers reported about it.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

builder.relayMutationField(
  'recordIncident',
  { description: 'The fields of a new incident.', inputFields: RecordIncidentInput.fields },
  {
    description: 'Records an incident on the ground, with its sources. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('RecordIncident'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, RecordIncidentInput, recordIncident),
  },
  payload('incident', IncidentRef, 'The incident as recorded.'),
);

const AmendIncidentInput = inputShape(() => ({
  incident: ref('Incident', { required: true, description: 'The incident to correct.' }),
  reason: value({ type: 'String', required: true, description: 'Why it is corrected; kept with its history.' }),
  changes: changes({
    eventType: kept(value({ type: IncidentEventTypeEnum, required: false, description: 'ACLED event type.' })),
    subEventType: value({ type: 'String', required: false, description: 'ACLED sub-event type.' }),
    title: kept(value({ type: 'String', required: false, description: 'A one-line name.' })),
    description: value({ type: 'String', required: false, description: 'What happened.' }),
    date: kept(PartialDateInput.one({ required: false, description: 'When it happened.' })),
    // A location is replaced whole, never removed: null leaves it as it is.
    location: value(
      { type: LocationInput, required: false, description: 'Where it happened (replaces the whole location).' },
      (location) => location ?? undefined,
    ),
    respondedTo: ref('Incident', { required: false, description: 'The incident this one responded to.' }),
    talk: ref('Talk', { required: false, description: 'The round of talks it bears on.' }),
  }),
}));

builder.relayMutationField(
  'amendIncident',
  {
    description: 'A correction to an incident: only the fields given change; null removes an optional one.',
    inputFields: AmendIncidentInput.fields,
  },
  {
    description: 'Corrects an incident. The version before stays readable in its `history`. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('AmendIncident'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, AmendIncidentInput, amendIncident),
  },
  payload('incident', IncidentRef, 'The incident as it now stands.'),
);

const RetractIncidentInput = inputShape(() => ({
  incident: ref('Incident', { required: true, description: 'The incident to retract.' }),
  reason: value({ type: 'String', required: true, description: 'Why it is withdrawn; shown with it from now on.' }),
}));

builder.relayMutationField(
  'retractIncident',
  { description: 'Which incident to withdraw, and why.', inputFields: RetractIncidentInput.fields },
  {
    description:
      'Withdraws an incident: it stays readable, marked retracted with the reason, and leaves the default lists. Needs an admin token.',
    authScopes: { admin: true },
    errors: refusals('RetractIncident'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, RetractIncidentInput, retractIncident),
  },
  payload('incident', IncidentRef, 'The incident, now marked retracted.'),
);

const IncidentStreamFilterInput = builder.inputType('IncidentStreamFilter', {
  description: 'Which newly recorded incidents to deliver. All given conditions must hold.',
  fields: (t) => ({
    conflict: t.id({ required: false, description: 'Only incidents of this conflict.' }),
    talk: t.id({ required: false, description: 'Only incidents tied to this round of talks.' }),
    actors: t.idList({ required: false, description: 'Only incidents involving any of these actors.' }),
    eventTypes: t.field({ type: [IncidentEventTypeEnum], required: false, description: 'Only these ACLED event types.' }),
  }),
});

const IncidentRecordedRef = builder.objectRef<EventRow>('IncidentRecorded').implement({
  description: 'An incident, as it was recorded, with the event that recorded it.',
  fields: (t) => ({
    cursor: t.string({ description: 'Pass as `after` to resume after this event.', resolve: (e) => eventCursor(e) }),
    event: t.field({ type: EventRef, description: 'The event.', resolve: (e) => e }),
    incident: t.field({
      type: IncidentRef,
      description: 'The incident as recorded.',
      resolve: (e) => subjectAsCommitted('INCIDENT', e.data) as unknown as Incident,
    }),
  }),
});

liveField('incidentRecorded', {
  type: IncidentRecordedRef,
  description: 'Each incident as it is recorded. Resumable with `after`, like `events`.',
  args: (arg) => ({
    after: arg.string({ required: false, description: 'Resume after this event cursor.' }),
    filter: arg({ type: IncidentStreamFilterInput, required: false, description: 'Which incidents to deliver.' }),
  }),
  events: (args) => {
    const eventTypes = args.filter?.eventTypes;
    return {
      after: args.after,
      filter: {
        kinds: ['INCIDENT_RECORDED'],
        conflictId: optionalRowId(args.filter?.conflict, 'Conflict') ?? undefined,
        talkId: optionalRowId(args.filter?.talk, 'Talk') ?? undefined,
        actorIds: args.filter?.actors?.map((id) => rowIdOf(String(id), 'Actor')),
      },
      match: eventTypes?.length ? (e) => eventTypes.includes((e.data as Incident).eventType) : undefined,
    };
  },
});
