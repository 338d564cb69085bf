import { GraphQLError } from 'graphql';
import { builder, type Args } from './builder.js';
import { loadPage, pageConnection, rowNode } from './connection.js';
import { DateRangeInput, PartialDateRef } from './partial-date.js';
import { sourcesField } from './source.js';
import { loadSubject } from './subject.js';
import { CountPeriodEnum, DateOrderEnum, TimelineKindEnum } from './vocabulary.js';
import { FigureConnection, figureArgs, resolveFigures } from './figure.js';
import {
  IncidentConnection,
  IncidentCountRef,
  IncidentFilterInput,
  incidentArgs,
  incidentFilter,
  IncidentRef,
  resolveIncidents,
} from './incident.js';
import { ProposalConnection, ProposalRef, proposalArgs, resolveProposals } from './proposal.js';
import { StatementConnection, StatementRef, resolveStatements, statementArgs } from './statement.js';
import { TalkConnection, TalkRef, resolveTalks, talkArgs } from './talk.js';
import { PositionMatrixRef, TopicRef } from './topic.js';
import { findConflictBySlug, listConflicts, loadConflicts, recordConflict } from '../domain/conflict.js';
import { inputShape, PartialDateInput, SourceInput, value } from './inputs.js';
import { payload, refusals, write } from './mutation.js';
import { talksOfRound } from '../domain/talk.js';
import { countIncidents } from '../domain/incident-counts.js';
import { queryTimeline, type TimelineEntry } from '../domain/timeline.js';
import { positionMatrices, topicsOfConflicts, type Topic } from '../domain/topic.js';
import { groupBy } from './connection.js';

export const ConflictRef = builder.loadableNodeRef(
  'Conflict',
  rowNode((ctx, ids) => loadConflicts(ctx.db, ids)),
);

const TimelineItemRef = builder.unionType('TimelineItem', {
  description: 'Anything a timeline shows: a round of talks, an incident, a statement, a proposal.',
  types: () => [TalkRef, IncidentRef, StatementRef, ProposalRef],
});

const TimelineEntryRef = builder.objectRef<TimelineEntry>('TimelineEntry').implement({
  description: 'One entry of a timeline: what kind of fact it is, and the fact.',
  fields: (t) => ({
    kind: t.expose('kind', { type: TimelineKindEnum, description: 'The kind of fact.' }),
    date: t.field({
      type: 'Date',
      description: "The earliest day the fact can date from: the timeline's order.",
      resolve: (e) => e.dateStart,
    }),
    item: t.field({
      type: TimelineItemRef,
      description: 'The fact itself, with its own date (and its precision) and sources.',
      resolve: async (e, _args, ctx) => {
        const item = await loadSubject(ctx, e.kind, e.id);
        if (!item) throw new GraphQLError('This timeline entry no longer exists.', { extensions: { code: 'NOT_FOUND' } });
        return item as never;
      },
    }),
  }),
});

const TimelineConnection = builder.connectionObject(
  { type: TimelineEntryRef, name: 'TimelineConnection', description: 'A page of a timeline.' },
  { name: 'TimelineEdge', description: 'A timeline entry and its cursor.' },
);

const timelineArgs = (arg: Args) => ({
  ...arg.connectionArgs(),
  kinds: arg({ type: [TimelineKindEnum], required: false, description: 'Only these kinds of fact (all by default).' }),
  date: arg({ type: DateRangeInput, required: false, description: 'Only facts starting within this range.' }),
  orderBy: arg({ type: DateOrderEnum, defaultValue: 'DATE_ASC', description: 'Chronological order.' }),
});

ConflictRef.implement({
  description: 'A conflict and everything recorded about it: its talks, incidents, statements, proposals, figures and positions.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'A stable short name ("russia-ukraine-war").' }),
    name: t.exposeString('name', { description: "The conflict's name." }),
    description: t.exposeString('description', { nullable: true, description: 'What the conflict is.' }),
    began: t.field({ type: PartialDateRef, description: 'When it began, as precisely as known.', resolve: (c) => c }),
    round: t.loadable({
      type: TalkRef,
      nullable: true,
      description: 'The round of talks with this number; null if none is recorded.',
      args: { number: t.arg.int({ required: true, description: "The round's number, from 1." }) },
      // One loader per path, so every conflict of a list asks for the same number: one statement.
      byPath: true,
      load: (conflictIds: number[], ctx, args) => {
        const found = talksOfRound(ctx.db, conflictIds, args.number);
        return Promise.resolve(conflictIds.map((id) => found.find((talk) => talk.conflictId === id) ?? null));
      },
      resolve: (c) => c.id,
    }),
    talks: t.field({
      type: TalkConnection,
      description: 'Its rounds of talks.',
      args: talkArgs(t.arg),
      resolve: (c, args, ctx) => resolveTalks(ctx, args, { conflictId: c.id }),
    }),
    incidents: t.field({
      type: IncidentConnection,
      description: 'Its incidents on the ground.',
      args: incidentArgs(t.arg),
      resolve: (c, args, ctx) => resolveIncidents(ctx, args, { conflictId: c.id }),
    }),
    incidentCounts: t.field({
      type: [IncidentCountRef],
      description:
        'Its incidents counted per period and event type, with their fatalities: one entry per period and type that has any, by period then type. An incident counts in a period only when its whole date lies within it (one known only to the month counts in MONTH alone; a BEFORE date, nowhere).',
      args: {
        by: t.arg({ type: CountPeriodEnum, required: true, description: 'The period to count by.' }),
        filter: t.arg({ type: IncidentFilterInput, required: false, description: 'Which incidents to count.' }),
      },
      resolve: (c, args, ctx) => countIncidents(ctx.db, incidentFilter(args.filter, { conflictId: c.id }), args.by),
    }),
    statements: t.field({
      type: StatementConnection,
      description: 'Statements about it.',
      args: statementArgs(t.arg),
      resolve: (c, args, ctx) => resolveStatements(ctx, args, { conflictId: c.id }),
    }),
    proposals: t.field({
      type: ProposalConnection,
      description: 'Proposals put to its talks.',
      args: proposalArgs(t.arg),
      resolve: (c, args, ctx) => resolveProposals(ctx, args, { conflictId: c.id }),
    }),
    figures: t.field({
      type: FigureConnection,
      description: 'Its key figures: casualties, territory, …',
      args: figureArgs(t.arg),
      resolve: (c, args, ctx) => resolveFigures(ctx, args, { conflictId: c.id }),
    }),
    topics: t.loadableGroup({
      type: TopicRef,
      description: 'The issues under negotiation.',
      load: (ids: number[], ctx) => Promise.resolve(topicsOfConflicts(ctx.db, ids)),
      group: groupBy<Topic>((topic) => topic.conflictId),
      resolve: (c) => c.id,
    }),
    positionMatrix: t.loadable({
      type: PositionMatrixRef,
      description: "Each actor's current stance on each topic, side by side.",
      load: (conflictIds: number[], ctx) => Promise.resolve(positionMatrices(ctx.db, conflictIds)),
      resolve: (c) => c.id,
    }),
    timeline: t.field({
      type: TimelineConnection,
      description:
        "Talks, incidents, statements and proposals merged in one chronology, by the start of each one's date. Entries starting on the same day sort by kind (INCIDENT, PROPOSAL, STATEMENT, TALK), then in the order recorded.",
      args: timelineArgs(t.arg),
      resolve: (c, args, ctx) =>
        pageConnection(args, (page) =>
          loadPage(
            ctx,
            queryTimeline(
              { conflictId: c.id, kinds: args.kinds ?? undefined, from: args.date?.from ?? undefined, to: args.date?.to ?? undefined },
              args.orderBy ?? 'DATE_ASC',
              page,
            ),
          ),
        ),
    }),
    sources: sourcesField(t, 'CONFLICT'),
  }),
});

builder.queryFields((t) => ({
  conflict: t.field({
    type: ConflictRef,
    nullable: true,
    description: 'A conflict by its slug ("russia-ukraine-war"); null if there is none.',
    args: { slug: t.arg.string({ required: true, description: "The conflict's slug." }) },
    resolve: (_root, args, ctx) => findConflictBySlug(ctx.db, args.slug) ?? null,
  }),
  conflicts: t.connection(
    {
      type: ConflictRef,
      description: 'Every conflict tracked, oldest first.',
      resolve: (_root, args, ctx) => pageConnection(args, (page) => listConflicts(ctx.db, page)),
    },
    { name: 'ConflictConnection', description: 'A page of conflicts.' },
    { name: 'ConflictEdge', description: 'A conflict and its cursor.' },
  ),
}));

const RecordConflictInput = inputShape(() => ({
  slug: value({ type: 'String', required: true, description: 'A stable short name: lowercase words joined by hyphens.' }),
  name: value({ type: 'String', required: true, description: 'Its name.' }),
  description: value({ type: 'String', required: false, description: 'What it is.' }),
  began: PartialDateInput.one({ required: true, description: 'When it began.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

builder.relayMutationField(
  'recordConflict',
  { description: 'A conflict to track.', inputFields: RecordConflictInput.fields },
  {
    description: 'Records a conflict. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('RecordConflict'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, RecordConflictInput, recordConflict),
  },
  payload('conflict', ConflictRef, 'The conflict as recorded.'),
);
