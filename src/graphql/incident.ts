import { builder, type ArgValues, type Args } from './builder.js';
import type { Context } from './context.js';
import { groupBy, pageConnection, rowNode } from './connection.js';
import { rowIdOf } from './ids.js';
import { DateRangeInput, PartialDateRef } from './partial-date.js';
import { sourcesField } from './source.js';
import { DateOrderEnum, IncidentEventTypeEnum, IncidentSideEnum } from './vocabulary.js';
import { ActorRef } from './actor.js';
import { ConflictRef } from './conflict.js';
import { FigureRef } from './figure.js';
import { TalkRef } from './talk.js';
import {
  actorsOfIncidents,
  listIncidents,
  loadIncidents,
  responsesTo,
  type Incident,
  type IncidentActor,
  type IncidentFilter,
} from '../domain/incident.js';
import { figuresOfIncidents, type Figure } from '../domain/figure.js';

export const IncidentRef = builder.loadableNodeRef('Incident', rowNode((ctx, ids) => loadIncidents(ctx.db, ids)));

const LocationRef = builder.objectRef<Incident>('Location').implement({
  description: 'Where an incident happened, as precisely as the sources say.',
  fields: (t) => ({
    name: t.exposeString('locationName', { nullable: true, description: 'The place ("Siberia").' }),
    region: t.exposeString('region', { nullable: true, description: 'The region or province.' }),
    country: t.exposeString('country', { nullable: true, description: 'The country.' }),
    latitude: t.exposeFloat('latitude', { nullable: true, description: 'WGS 84 latitude, when known.' }),
    longitude: t.exposeFloat('longitude', { nullable: true, description: 'WGS 84 longitude, when known.' }),
  }),
});

const IncidentActorRef = builder.objectRef<IncidentActor>('IncidentActor').implement({
  description: 'An actor on one side of an incident.',
  fields: (t) => ({
    actor: t.field({ type: ActorRef, description: 'The actor.', resolve: (ia) => ia.actorId }),
    side: t.expose('side', { type: IncidentSideEnum, description: 'Who acted (INITIATOR) or who it was done to (TARGET).' }),
  }),
});

IncidentRef.implement({
  description:
    'Something that happened on the ground around the talks, in ACLED\'s terms: a strike, an attack, a prisoner exchange.',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'A one-line name for the incident.' }),
    eventType: t.expose('eventType', { type: IncidentEventTypeEnum, description: 'ACLED event type.' }),
    subEventType: t.exposeString('subEventType', {
      nullable: true,
      description: 'ACLED sub-event type (AIR_DRONE_STRIKE, …), when the sources say.',
    }),
    description: t.exposeString('description', { nullable: true, description: 'What happened, in the sources\' terms.' }),
    date: t.field({ type: PartialDateRef, description: 'When it happened, as precisely as known.', resolve: (i) => i }),
    location: t.field({ type: LocationRef, description: 'Where it happened.', resolve: (i) => i }),
    actors: t.loadableGroup({
      type: IncidentActorRef,
      description: 'The actors on each side.',
      load: (ids: number[], ctx) => Promise.resolve(actorsOfIncidents(ctx.db, ids)),
      group: (ia) => ia.incidentId,
      resolve: (i) => i.id,
    }),
    figures: t.loadableGroup({
      type: FigureRef,
      description: 'Numbers reported about it: fatalities, drones launched, …',
      load: (ids: number[], ctx) => Promise.resolve(figuresOfIncidents(ctx.db, ids)),
      group: groupBy<Figure>((f) => f.incidentId),
      resolve: (i) => i.id,
    }),
    respondedTo: t.field({
      type: IncidentRef,
      nullable: true,
      description: 'The incident this one was a response to, per the sources.',
      resolve: (i) => i.respondedToId,
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
    sources: sourcesField(t, 'INCIDENT'),
  }),
});

const IncidentFilterInput = builder.inputType('IncidentFilter', {
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
      description: 'Case-insensitive text found in the place name, region or country ("siberia").',
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

/** Resolves an `incidents` connection; `scope` pins what the parent decides (its conflict or talk). */
export function resolveIncidents(ctx: Context, args: ArgValues<typeof incidentArgs>, scope: IncidentFilter = {}) {
  const f = args.filter;
  const filter: IncidentFilter = {
    conflictId: f?.conflict ? rowIdOf(String(f.conflict), 'Conflict') : undefined,
    talkId: f?.talk ? rowIdOf(String(f.talk), 'Talk') : undefined,
    eventTypes: f?.eventTypes ?? undefined,
    subEventTypes: f?.subEventTypes ?? undefined,
    actorIds: f?.actors?.map((id) => rowIdOf(String(id), 'Actor')),
    location: f?.location ?? undefined,
    from: f?.date?.from ?? undefined,
    to: f?.date?.to ?? undefined,
    ...scope,
  };
  return pageConnection(args, (page) => listIncidents(ctx.db, filter, args.orderBy ?? 'DATE_ASC', page));
}

builder.queryField('incidents', (t) =>
  t.field({
    type: IncidentConnection,
    description: 'Incidents on the ground, filtered and in chronological order.',
    args: incidentArgs(t.arg),
    resolve: (_root, args, ctx) => resolveIncidents(ctx, args),
  }),
);
