import { builder, type ArgValues, type Args } from './builder.js';
import type { Context } from './context.js';
import { pageConnection, rowNode } from './connection.js';
import { rowIdOf } from './ids.js';
import { PartialDateRef } from './partial-date.js';
import { sourcesField } from './source.js';
import { FigureQualifierEnum } from './vocabulary.js';
import { ActorRef } from './actor.js';
import { ConflictRef } from './conflict.js';
import { IncidentRef } from './incident.js';
import { listFigures, loadFigures, type FigureFilter } from '../domain/figure.js';

export const FigureRef = builder.loadableNodeRef('Figure', rowNode((ctx, ids) => loadFigures(ctx.db, ids)));

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
    about: t.exposeString('about', { description: 'What the figure measures, in words.' }),
    actor: t.field({ type: ActorRef, nullable: true, description: 'The actor the figure is about, if any.', resolve: (f) => f.actorId }),
    incident: t.field({ type: IncidentRef, nullable: true, description: 'The incident it was reported for, if any.', resolve: (f) => f.incidentId }),
    asOf: t.field({ type: PartialDateRef, description: 'When the figure holds, as precisely as known.', resolve: (f) => f }),
    conflict: t.field({ type: ConflictRef, description: 'The conflict.', resolve: (f) => f.conflictId }),
    sources: sourcesField(t, 'FIGURE'),
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
  return pageConnection(args, (page) => listFigures(ctx.db, filter, page));
}

builder.queryField('figures', (t) =>
  t.field({
    type: FigureConnection,
    description: 'Reported figures, by the date they hold as of.',
    args: figureArgs(t.arg),
    resolve: (_root, args, ctx) => resolveFigures(ctx, args),
  }),
);
