import { builder } from './builder.js';
import { groupBy, pageConnection, rowNode } from './connection.js';
import { sourcesField } from './source.js';
import { ActorKindEnum } from './vocabulary.js';
import { actorsByParent, addActorAlias, aliasesOfActors, listActors, loadActors, recordActor, type Actor } from '../domain/actor.js';
import { inputShape, ref, SourceInput, value } from './inputs.js';
import { payload, refusals, write } from './mutation.js';
import { PositionConnection, positionArgs, resolvePositions } from './topic.js';
import { IncidentConnection, incidentArgs, resolveIncidents } from './incident.js';
import { StatementConnection, resolveStatements, statementArgs } from './statement.js';

export const ActorRef = builder.loadableNodeRef(
  'Actor',
  rowNode((ctx, ids) => loadActors(ctx.db, ids)),
);

ActorRef.implement({
  description:
    "A party to events: a state, a government body, an armed force, an organization, or a media outlet (Russia, the Kremlin, Ukraine's air force, Reuters).",
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name the actor goes by.' }),
    aliases: t.loadableList({
      type: 'String',
      description: 'Other names it is known by ("the UK"; a dataset\'s own name for a force); searched by the name filter.',
      load: (ids: number[], ctx) => {
        const rows = aliasesOfActors(ctx.db, ids);
        return Promise.resolve(ids.map((id) => rows.filter((a) => a.actorId === id).map((a) => a.alias)));
      },
      resolve: (a) => a.id,
    }),
    kind: t.expose('kind', { type: ActorKindEnum, description: 'What kind of party this is.' }),
    countryCode: t.exposeString('countryCode', { nullable: true, description: 'ISO 3166-1 alpha-2 code, for a state.' }),
    description: t.exposeString('description', { nullable: true, description: 'More about the actor.' }),
    parent: t.field({
      type: ActorRef,
      nullable: true,
      description: 'The actor this one belongs to: the Kremlin to Russia, an air force to its state.',
      resolve: (a) => a.parentId,
    }),
    children: t.loadableGroup({
      type: ActorRef,
      description: 'Actors that belong to this one.',
      load: (ids: number[], ctx) => Promise.resolve(actorsByParent(ctx.db, ids)),
      group: groupBy<Actor>((a) => a.parentId),
      resolve: (a) => a.id,
    }),
    statements: t.field({
      type: StatementConnection,
      description: 'What the actor said as a body ("the Kremlin has said"), or what its people said speaking for it.',
      args: statementArgs(t.arg),
      resolve: (a, args, ctx) => resolveStatements(ctx, args, { speakerActorId: a.id }),
    }),
    positions: t.field({
      type: PositionConnection,
      description: "The actor's stances on the issues, in the order they were held.",
      args: positionArgs(t.arg),
      resolve: (a, args, ctx) => resolvePositions(ctx, args, { actorId: a.id }),
    }),
    incidents: t.field({
      type: IncidentConnection,
      description: 'Incidents the actor took part in, on either side.',
      args: incidentArgs(t.arg),
      resolve: (a, args, ctx) => resolveIncidents(ctx, args, { actorIds: [a.id] }),
    }),
    sources: sourcesField(t, 'ACTOR'),
  }),
});

const ActorFilter = builder.inputType('ActorFilter', {
  description: 'Which actors to list.',
  fields: (t) => ({
    kinds: t.field({ type: [ActorKindEnum], required: false, description: 'Only actors of these kinds.' }),
    name: t.string({ required: false, description: 'Case-insensitive part of the name or of an alias.' }),
  }),
});

builder.queryField('actors', (t) =>
  t.connection(
    {
      type: ActorRef,
      description: 'Actors, by name.',
      args: { filter: t.arg({ type: ActorFilter, required: false, description: 'Which actors to list.' }) },
      resolve: (_root, args, ctx) =>
        pageConnection(args, (page) =>
          listActors(ctx.db, { kinds: args.filter?.kinds ?? undefined, name: args.filter?.name ?? undefined }, page),
        ),
    },
    { name: 'ActorConnection', description: 'A page of actors.' },
    { name: 'ActorEdge', description: 'An actor and its cursor.' },
  ),
);

const RecordActorInput = inputShape(() => ({
  name: value({ type: 'String', required: true, description: 'Its name; unique, case-insensitively.' }),
  kind: value({ type: ActorKindEnum, required: true, description: 'What kind of party it is.' }),
  parent: ref('Actor', { required: false, description: 'The actor it belongs to.' }),
  countryCode: value({ type: 'String', required: false, description: 'ISO 3166-1 alpha-2 code, for a state.' }),
  description: value({ type: 'String', required: false, description: 'More about it.' }),
  aliases: value({ type: ['String'], required: false, description: 'Other names it is known by.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

builder.relayMutationField(
  'recordActor',
  {
    description: 'A new party: a state, a government body, an armed force, an organization, a media outlet.',
    inputFields: RecordActorInput.fields,
  },
  {
    description: 'Records an actor. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('RecordActor'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, RecordActorInput, recordActor),
  },
  payload('actor', ActorRef, 'The actor as recorded.'),
);

const AddActorAliasInput = inputShape(() => ({
  actor: ref('Actor', { required: true, description: 'The actor.' }),
  alias: value({
    type: 'String',
    required: true,
    description:
      'The other name: how a dataset (ACLED\'s "Military Forces of Ukraine (2019-)") or people ("the UK") call it. One name stands for one actor.',
  }),
}));

builder.relayMutationField(
  'addActorAlias',
  { description: 'Another name an actor goes by.', inputFields: AddActorAliasInput.fields },
  {
    description: 'Adds an alias; imports then match rows that use it to this actor. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('AddActorAlias'),
    resolve: (_root, { input }, ctx, info) =>
      write(
        { ctx, info, input },
        AddActorAliasInput,
        (scope, data) => addActorAlias(scope, data).actorId,
        (event) => event.subjectId,
      ),
  },
  payload('actor', ActorRef, 'The actor, with the alias.'),
);
