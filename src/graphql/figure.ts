import { builder, type ArgValues, type Args } from './builder.js';
import type { Context } from './context.js';
import { loadPage, pageConnection, rowNode } from './connection.js';
import { rowIdOf } from './ids.js';
import { PartialDateRef } from './partial-date.js';
import { sourcesField } from './source.js';
import { FigureQualifierEnum, RecordExtremeEnum } from './vocabulary.js';
import { ActorRef } from './actor.js';
import { ConflictRef } from './conflict.js';
import { IncidentRef } from './incident.js';
import { queryFigures, queryRecordRivals, loadFigures, recordFigure, type Figure, type FigureFilter } from '../domain/figure.js';
import { payload, refusals, write } from './mutation.js';
import { inputObject, inputShape, PartialDateInput, ref, SourceInput, value } from './inputs.js';

export const FigureRef = builder.loadableNodeRef(
  'Figure',
  rowNode((ctx, ids) => loadFigures(ctx.db, ids)),
);

FigureRef.implement({
  description:
    'A number someone reported, with how exact it is and who says so: "more than 1.2 million casualties, according to U.S. estimates".',
  fields: (t) => ({
    metric: t.exposeString('metric', { description: 'What is measured ("casualties", "territory controlled").' }),
    value: t.exposeFloat('value', { description: 'The number.' }),
    unit: t.exposeString('unit', { description: 'Its unit ("people", "km²").' }),
    qualifier: t.expose('qualifier', { type: FigureQualifierEnum, description: 'How the number relates to the truth.' }),
    comparison: t.exposeString('comparison', {
      nullable: true,
      description: 'A comparison the source gave alongside ("roughly the size of Ohio").',
    }),
    record: t.field({
      type: FigureRecordRef,
      nullable: true,
      description:
        'The record the source says the figure sets ("the highest tally so far"), with what it is measured against; null when it claims none.',
      resolve: (f) => (f.record ? f : null),
    }),
    about: t.exposeString('about', { description: 'What the figure measures, in words.' }),
    actor: t.field({ type: ActorRef, nullable: true, description: 'The actor the figure is about, if any.', resolve: (f) => f.actorId }),
    incident: t.field({
      type: IncidentRef,
      nullable: true,
      description: 'The incident it was reported for, if any.',
      resolve: (f) => f.incidentId,
    }),
    asOf: t.field({ type: PartialDateRef, description: 'When the figure holds, as precisely as known.', resolve: (f) => f }),
    conflict: t.field({ type: ConflictRef, description: 'The conflict.', resolve: (f) => f.conflictId }),
    sources: sourcesField(t, 'FIGURE'),
  }),
});

/** A figure that sets a record, seen as the record. */
const FigureRecordRef = builder.objectRef<Figure>('FigureRecord').implement({
  description:
    'A record a figure sets, as its source claims it: the highest (or lowest) among the figures of the same metric and unit in its conflict up to its date.',
  fields: (t) => ({
    extreme: t.field({ type: RecordExtremeEnum, description: 'Highest or lowest so far.', resolve: (f) => f.record! }),
    among: t.string({
      description: 'What it is the record of, in the source\'s words ("single-night drone tallies in the war").',
      resolve: (f) => f.recordAmong!,
    }),
    within: t.field({
      type: ConflictRef,
      description: 'The conflict it is a record of: "so far in the war" counts from its start.',
      resolve: (f) => f.conflictId,
    }),
    rivals: t.field({
      type: FigureConnection,
      description:
        'The figures recorded here that it is measured against: same conflict, metric and unit, holding as of no later day. Each is, by the claim, below a HIGHEST (above a LOWEST).',
      args: { ...t.arg.connectionArgs() },
      resolve: (f, args, ctx) => pageConnection(args, (page) => loadPage(ctx, queryRecordRivals(f, page))),
    }),
  }),
});

const FigureFilterInput = builder.inputType('FigureFilter', {
  description: 'Which figures to list.',
  fields: (t) => ({
    conflict: t.id({ required: false, description: 'Only figures of this conflict.' }),
    metrics: t.stringList({ required: false, description: 'Only these metrics.' }),
    actor: t.id({ required: false, description: 'Only figures about this actor.' }),
  }),
});

export const FigureConnection = builder.connectionObject(
  { type: FigureRef, name: 'FigureConnection', description: 'A page of figures.' },
  { name: 'FigureEdge', description: 'A figure and its cursor.' },
);

export const figureArgs = (arg: Args) => ({
  ...arg.connectionArgs(),
  filter: arg({ type: FigureFilterInput, required: false, description: 'Which figures to list.' }),
});

export function resolveFigures(ctx: Context, args: ArgValues<typeof figureArgs>, scope: FigureFilter = {}) {
  const f = args.filter;
  const filter: FigureFilter = {
    conflictId: f?.conflict ? rowIdOf(String(f.conflict), 'Conflict') : undefined,
    metrics: f?.metrics ?? undefined,
    actorId: f?.actor ? rowIdOf(String(f.actor), 'Actor') : undefined,
    ...scope,
  };
  return pageConnection(args, (page) => loadPage(ctx, queryFigures(filter, page)));
}

builder.queryField('figures', (t) =>
  t.field({
    type: FigureConnection,
    description: 'Reported figures, by the date they hold as of.',
    args: figureArgs(t.arg),
    resolve: (_root, args, ctx) => resolveFigures(ctx, args),
  }),
);

const FigureRecordInput = inputObject('FigureRecordInput', 'The record a figure sets, as the source claims it.', () => ({
  extreme: value({ type: RecordExtremeEnum, required: true, description: 'Highest or lowest so far.' }),
  among: value({
    type: 'String',
    required: true,
    description: 'What it is the record of, in the source\'s words ("single-night drone tallies in the war").',
  }),
}));

export const FigureInput = inputObject('FigureInput', 'A reported number.', () => ({
  metric: value({ type: 'String', required: true, description: 'What is measured ("fatalities", "drones launched").' }),
  value: value({ type: 'Float', required: true, description: 'The number.' }),
  unit: value({ type: 'String', required: true, description: 'Its unit.' }),
  qualifier: value({ type: FigureQualifierEnum, required: false, defaultValue: 'EXACT', description: 'How exact the number is.' }),
  comparison: value({ type: 'String', required: false, description: 'A comparison the source gave alongside.' }),
  record: FigureRecordInput.one({ required: false, description: 'The record it sets, if the source says it sets one.' }),
  about: value({ type: 'String', required: true, description: 'What the figure measures, in words.' }),
  actor: ref('Actor', { required: false, description: 'The actor the figure is about.' }),
  asOf: PartialDateInput.one({ required: true, description: 'When the figure holds.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

const RecordFigureInput = inputShape(() => ({
  conflict: ref('Conflict', { required: true, description: 'The conflict.' }),
  incident: ref('Incident', { required: false, description: 'The incident it was reported for.' }),
  // The domain takes the figure's fields beside the conflict and incident.
  figure: FigureInput.one({ required: true, description: 'The figure.' }).into(null),
}));

builder.relayMutationField(
  'recordFigure',
  { description: 'A reported number, optionally for an incident.', inputFields: RecordFigureInput.fields },
  {
    description: 'Records a figure with its sources. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('RecordFigure'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, RecordFigureInput, recordFigure),
  },
  payload('figure', FigureRef, 'The figure as recorded.'),
);
