import { builder, type ArgValues, type Args } from './builder.js';
import type { Context } from './context.js';
import { groupBy, loadPage, pageConnection, rowNode } from './connection.js';
import { rowIdOf } from './ids.js';
import { PartialDateRef } from './partial-date.js';
import { sourcesField } from './source.js';
import { ActorRef } from './actor.js';
import { ConflictRef } from './conflict.js';
import { TalkRef } from './talk.js';
import { DateOrderEnum } from './vocabulary.js';
import { inputShape, PartialDateInput, ref, SourceInput, value } from './inputs.js';
import { payload, refusals, write } from './mutation.js';
import {
  defineTopic,
  loadPositions,
  loadTopics,
  positionsOnTopics,
  queryPositions,
  recordPosition,
  type Position,
  type PositionFilter,
  type PositionMatrix,
  type Topic,
} from '../domain/topic.js';

export const TopicRef = builder.loadableNodeRef(
  'Topic',
  rowNode((ctx, ids) => loadTopics(ctx.db, ids)),
);
export const PositionRef = builder.loadableNodeRef(
  'Position',
  rowNode((ctx, ids) => loadPositions(ctx.db, ids)),
);

TopicRef.implement({
  description: 'A negotiation issue: NATO membership, territory, reparations, military restrictions, ceasefire, prisoners.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'A stable short name ("nato-membership").' }),
    name: t.exposeString('name', { description: "The issue's name." }),
    description: t.exposeString('description', { nullable: true, description: 'What the issue covers.' }),
    conflict: t.field({ type: ConflictRef, description: 'The conflict.', resolve: (topic) => topic.conflictId }),
    positions: t.loadableGroup({
      type: PositionRef,
      description: 'Every recorded stance on this topic, by any actor, in the order recorded.',
      load: (ids: number[], ctx) => Promise.resolve(positionsOnTopics(ctx.db, ids)),
      group: groupBy<Position>((p) => p.topicId),
      resolve: (topic) => topic.id,
    }),
    sources: sourcesField(t, 'TOPIC'),
  }),
});

PositionRef.implement({
  description: "An actor's stance on a topic as of a date. A newer position supersedes an older one.",
  fields: (t) => ({
    stance: t.exposeString('stance', { description: "The stance, in the sources' words." }),
    topic: t.field({ type: TopicRef, description: 'The topic.', resolve: (p) => p.topicId }),
    actor: t.field({ type: ActorRef, description: 'Whose stance it is.', resolve: (p) => p.actorId }),
    talk: t.field({
      type: TalkRef,
      nullable: true,
      description: 'The round the stance was stated for, when the sources tie it to one.',
      resolve: (p) => p.talkId,
    }),
    date: t.field({ type: PartialDateRef, description: 'When the stance was held, as precisely as known.', resolve: (p) => p }),
    sources: sourcesField(t, 'POSITION'),
  }),
});

const PositionFilterInput = builder.inputType('PositionFilter', {
  description: 'Which positions to list.',
  fields: (t) => ({
    actor: t.id({ required: false, description: 'Only the stances of this actor.' }),
    topic: t.id({ required: false, description: 'Only stances on this topic.' }),
    talk: t.id({ required: false, description: 'Only stances stated for this round.' }),
  }),
});

export const PositionConnection = builder.connectionObject(
  { type: PositionRef, name: 'PositionConnection', description: 'A page of positions.' },
  { name: 'PositionEdge', description: 'A position and its cursor.' },
);

/** Arguments of every `positions` connection, on the root or under an actor or a talk. */
export const positionArgs = (arg: Args) => ({
  ...arg.connectionArgs(),
  filter: arg({ type: PositionFilterInput, required: false, description: 'Which positions to list.' }),
  orderBy: arg({ type: DateOrderEnum, defaultValue: 'DATE_ASC', description: 'Chronological order.' }),
});

/** Resolves a `positions` connection; `scope` pins what the parent decides (its actor or talk). */
export function resolvePositions(ctx: Context, args: ArgValues<typeof positionArgs>, scope: PositionFilter = {}) {
  const f = args.filter;
  const filter: PositionFilter = {
    actorId: f?.actor ? rowIdOf(String(f.actor), 'Actor') : undefined,
    topicId: f?.topic ? rowIdOf(String(f.topic), 'Topic') : undefined,
    talkId: f?.talk ? rowIdOf(String(f.talk), 'Talk') : undefined,
    ...scope,
  };
  return pageConnection(args, (page) => loadPage(ctx, queryPositions(filter, args.orderBy ?? 'DATE_ASC', page)));
}

builder.queryField('positions', (t) =>
  t.field({
    type: PositionConnection,
    description: "Actors' stances, by holder, topic or round, in the order they were held.",
    args: positionArgs(t.arg),
    resolve: (_root, args, ctx) => resolvePositions(ctx, args),
  }),
);

type Cell = { actorId: number; history: Position[] };
type Row = { topic: Topic; cells: Cell[] };

const PositionCellRef = builder.objectRef<Cell>('PositionCell').implement({
  description: "One actor's stance on one topic: the current one and how it got there.",
  fields: (t) => ({
    actor: t.field({ type: ActorRef, description: 'The actor (the column).', resolve: (c) => c.actorId }),
    current: t.field({
      type: PositionRef,
      nullable: true,
      description: 'The newest stance; null when the actor has stated none on this topic.',
      resolve: (c) => c.history[0] ?? null,
    }),
    history: t.field({ type: [PositionRef], description: 'Every stance recorded, newest first.', resolve: (c) => c.history }),
  }),
});

const PositionRowRef = builder.objectRef<Row>('PositionMatrixRow').implement({
  description: 'One topic across all actors.',
  fields: (t) => ({
    topic: t.field({ type: TopicRef, description: 'The topic (the row).', resolve: (r) => r.topic }),
    cells: t.field({ type: [PositionCellRef], description: 'One cell per actor, in the order of `actors`.', resolve: (r) => r.cells }),
  }),
});

export const PositionMatrixRef = builder.objectRef<PositionMatrix>('PositionMatrix').implement({
  description: "Topics down, actors across: each side's current stance on each issue, side by side.",
  fields: (t) => ({
    actors: t.field({
      type: [ActorRef],
      description: 'The columns: every actor with a stance on any topic, by name.',
      resolve: (m) => m.actors.map((a) => a.id),
    }),
    rows: t.field({
      type: [PositionRowRef],
      description: 'The rows: one per topic of the conflict.',
      resolve: (m) =>
        m.topics.map((topic) => ({
          topic,
          cells: m.actors.map((actor) => ({
            actorId: actor.id,
            history: m.cells.find((c) => c.topic.id === topic.id && c.actorId === actor.id)?.history ?? [],
          })),
        })),
    }),
  }),
});

const DefineTopicInput = inputShape(() => ({
  conflict: ref('Conflict', { required: true, description: 'The conflict.' }),
  slug: value({ type: 'String', required: true, description: 'A stable short name: lowercase words joined by hyphens.' }),
  name: value({ type: 'String', required: true, description: "The issue's name." }),
  description: value({ type: 'String', required: false, description: 'What it covers.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

builder.relayMutationField(
  'defineTopic',
  { description: 'A negotiation issue of a conflict.', inputFields: DefineTopicInput.fields },
  {
    description: 'Defines a topic. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('DefineTopic'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, DefineTopicInput, defineTopic),
  },
  payload('topic', TopicRef, 'The topic as defined.'),
);

const RecordPositionInput = inputShape(() => ({
  topic: ref('Topic', { required: true, description: 'The topic.' }),
  actor: ref('Actor', { required: true, description: 'Whose stance.' }),
  stance: value({ type: 'String', required: true, description: 'The stance.' }),
  talk: ref('Talk', { required: false, description: 'The round it was stated for.' }),
  date: PartialDateInput.one({ required: true, description: 'When it was held.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

builder.relayMutationField(
  'recordPosition',
  {
    description: "An actor's stance on a topic, as of a date. It supersedes the actor's older stances on the topic.",
    inputFields: RecordPositionInput.fields,
  },
  {
    description: 'Records a position. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('RecordPosition'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, RecordPositionInput, recordPosition),
  },
  payload('position', PositionRef, 'The position as recorded.'),
);
