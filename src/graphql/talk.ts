import { GraphQLError } from 'graphql';
import { builder, type ArgValues, type Args } from './builder.js';
import type { Context } from './context.js';
import { groupBy, pageConnection, rowNode } from './connection.js';
import { rowIdOf } from './ids.js';
import { DateRangeInput, PartialDateRef } from './partial-date.js';
import { sourcesField } from './source.js';
import { DateOrderEnum, TalkStatusEnum } from './vocabulary.js';
import { ActorRef } from './actor.js';
import { ConflictRef } from './conflict.js';
import { DelegationRef } from './delegation.js';
import { IncidentConnection, incidentArgs, resolveIncidents } from './incident.js';
import { ProposalConnection, proposalArgs, resolveProposals } from './proposal.js';
import { StatementConnection, statementArgs, resolveStatements } from './statement.js';
import {
  delegationsOf,
  listTalks,
  loadTalks,
  outcomesOf,
  type Delegation,
  type Talk,
  type TalkFilter,
  type TalkOutcome,
} from '../domain/talk.js';
import { rowsByIds } from '../domain/rows.js';
import { talkOutcomes } from '../db/schema.js';

export const TalkRef = builder.loadableNodeRef('Talk', rowNode((ctx, ids) => loadTalks(ctx.db, ids)));
export const TalkOutcomeRef = builder.loadableNodeRef('TalkOutcome', rowNode((ctx, ids) => rowsByIds(ctx.db, talkOutcomes, ids)));

const VenueRef = builder.objectRef<Talk>('Venue').implement({
  description: 'Where a talk is held.',
  fields: (t) => ({
    city: t.exposeString('venueCity', { nullable: true, description: 'The city.' }),
    country: t.exposeString('venueCountry', { nullable: true, description: 'The country.' }),
  }),
});

TalkRef.implement({
  description: 'A round of negotiations: where and when, who hosts it, who takes part, what came of it.',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'What the round is called.' }),
    round: t.exposeInt('round', { nullable: true, description: 'Its number among the rounds of this conflict, when numbered.' }),
    venue: t.field({
      type: VenueRef,
      nullable: true,
      description: 'Where it is held, when the sources say.',
      resolve: (talk) => (talk.venueCity || talk.venueCountry ? talk : null),
    }),
    host: t.field({ type: ActorRef, nullable: true, description: 'The actor hosting the talks.', resolve: (talk) => talk.hostActorId }),
    status: t.expose('status', { type: TalkStatusEnum, description: 'Where the round stands.' }),
    date: t.field({ type: PartialDateRef, description: 'When it takes place, as precisely as known.', resolve: (talk) => talk }),
    description: t.exposeString('description', { nullable: true, description: 'What the sources say of the round.' }),
    conflict: t.field({ type: ConflictRef, description: 'The conflict negotiated.', resolve: (talk) => talk.conflictId }),
    outcomes: t.loadableGroup({
      type: TalkOutcomeRef,
      description: 'What came of the round, achieved or not.',
      load: (ids: number[], ctx) => Promise.resolve(outcomesOf(ctx.db, ids)),
      group: groupBy<TalkOutcome>((o) => o.talkId),
      resolve: (talk) => talk.id,
    }),
    delegations: t.loadableGroup({
      type: DelegationRef,
      description: 'Every actor present or expected, with its delegation, in the order recorded.',
      load: (ids: number[], ctx) => Promise.resolve(delegationsOf(ctx.db, ids)),
      group: groupBy<Delegation>((d) => d.talkId),
      resolve: (talk) => talk.id,
    }),
    incidents: t.field({
      type: IncidentConnection,
      description: 'Incidents the sources tie to this round.',
      args: incidentArgs(t.arg),
      resolve: (talk, args, ctx) => resolveIncidents(ctx, args, { talkId: talk.id }),
    }),
    incidentsAround: t.field({
      type: IncidentConnection,
      description:
        'Incidents of the same conflict dated from `daysBefore` days before the round starts to `daysAfter` days after: what happened on the ground around the talks, whether or not the sources tie it to them.',
      args: {
        ...incidentArgs(t.arg),
        daysBefore: t.arg.int({ defaultValue: 2, description: 'Days before the start to include (0 to 366).' }),
        daysAfter: t.arg.int({ defaultValue: 0, description: 'Days after the start to include (0 to 366).' }),
      },
      resolve: (talk, args, ctx) =>
        resolveIncidents(ctx, args, {
          conflictId: talk.conflictId,
          ...daysAround(talk.dateStart, args.daysBefore ?? 2, args.daysAfter ?? 0),
        }),
    }),
    proposals: t.field({
      type: ProposalConnection,
      description: 'Documents put to this round.',
      args: proposalArgs(t.arg),
      resolve: (talk, args, ctx) => resolveProposals(ctx, args, { talkId: talk.id }),
    }),
    statements: t.field({
      type: StatementConnection,
      description: 'Statements tied to this round.',
      args: statementArgs(t.arg),
      resolve: (talk, args, ctx) => resolveStatements(ctx, args, { talkId: talk.id }),
    }),
    sources: sourcesField(t, 'TALK'),
  }),
});

TalkOutcomeRef.implement({
  description: 'Something that came of a round ("the largest prisoner swap of the war"), or failed to.',
  fields: (t) => ({
    description: t.exposeString('description', { description: 'What came of it.' }),
    achieved: t.exposeBoolean('achieved', { description: 'False for what the round failed to produce.' }),
    talk: t.field({ type: TalkRef, description: 'The round.', resolve: (o) => o.talkId }),
    sources: sourcesField(t, 'TALK_OUTCOME'),
  }),
});

/** The date range `before` days before and `after` days after a day. */
function daysAround(day: string, before: number, after: number): { from: string; to: string } {
  for (const [name, value] of [['daysBefore', before], ['daysAfter', after]] as const) {
    if (value < 0 || value > 366) {
      throw new GraphQLError(`\`${name}\` must be between 0 and 366.`, { extensions: { code: 'BAD_USER_INPUT', argument: name } });
    }
  }
  const shift = (days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  return { from: shift(-before), to: shift(after) };
}

const TalkFilterInput = builder.inputType('TalkFilter', {
  description: 'Which talks to list.',
  fields: (t) => ({
    conflict: t.id({ required: false, description: 'Only talks of this conflict.' }),
    statuses: t.field({ type: [TalkStatusEnum], required: false, description: 'Only talks in these states.' }),
    date: t.field({ type: DateRangeInput, required: false, description: 'Only talks starting within this range.' }),
  }),
});

export const TalkConnection = builder.connectionObject(
  { type: TalkRef, name: 'TalkConnection', description: 'A page of talks.' },
  { name: 'TalkEdge', description: 'A talk and its cursor.' },
);

/** Arguments of every `talks` connection, on the root or under a conflict. */
export const talkArgs = (arg: Args) => ({
  ...arg.connectionArgs(),
  filter: arg({ type: TalkFilterInput, required: false, description: 'Which talks to list.' }),
  orderBy: arg({ type: DateOrderEnum, defaultValue: 'DATE_ASC', description: 'Chronological order.' }),
});

export function resolveTalks(ctx: Context, args: ArgValues<typeof talkArgs>, scope: TalkFilter = {}) {
  const filter: TalkFilter = {
    conflictId: args.filter?.conflict ? rowIdOf(String(args.filter.conflict), 'Conflict') : undefined,
    statuses: args.filter?.statuses ?? undefined,
    from: args.filter?.date?.from ?? undefined,
    to: args.filter?.date?.to ?? undefined,
    ...scope,
  };
  return pageConnection(args, (page) => listTalks(ctx.db, filter, args.orderBy ?? 'DATE_ASC', page));
}

builder.queryField('talks', (t) =>
  t.field({
    type: TalkConnection,
    description: 'Rounds of talks, filtered and in chronological order.',
    args: talkArgs(t.arg),
    resolve: (_root, args, ctx) => resolveTalks(ctx, args),
  }),
);
