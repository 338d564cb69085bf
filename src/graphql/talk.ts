import { GraphQLError } from 'graphql';
import { builder, type ArgValues, type Args } from './builder.js';
import type { Context } from './context.js';
import { groupBy, loadPage, pageConnection, rowNode } from './connection.js';
import { rowIdOf } from './ids.js';
import { DateRangeInput, PartialDateRef } from './partial-date.js';
import { sourcesField } from './source.js';
import { AttendanceEnum, DateOrderEnum, DelegationRoleEnum, ParticipationRoleEnum, TalkStatusEnum } from './vocabulary.js';
import { optionalRowId, PartialDateInputRef, SourceInputRef, toDate, toSources } from './inputs.js';
import { payload, refusals, write } from './mutation.js';
import { EventRef } from './event-ref.js';
import { liveField } from './live.js';
import { eventCursor, type EventRow } from '../domain/events.js';
import { ParticipationRef } from './participation.js';
import { ActorRef } from './actor.js';
import { ConflictRef } from './conflict.js';
import { DelegationRef } from './delegation.js';
import { IncidentConnection, incidentArgs, resolveIncidents } from './incident.js';
import { ProposalConnection, proposalArgs, resolveProposals } from './proposal.js';
import { StatementConnection, statementArgs, resolveStatements } from './statement.js';
import {
  addDelegation,
  addParticipant,
  changeTalkStatus,
  delegationsOf,
  scheduleTalk,
  queryTalks,
  loadTalkOutcomes,
  loadTalks,
  outcomesOf,
  type Delegation,
  type Talk,
  type TalkFilter,
  type TalkOutcome,
} from '../domain/talk.js';

export const TalkRef = builder.loadableNodeRef(
  'Talk',
  rowNode((ctx, ids) => loadTalks(ctx.db, ids)),
);
export const TalkOutcomeRef = builder.loadableNodeRef(
  'TalkOutcome',
  rowNode((ctx, ids) => loadTalkOutcomes(ctx.db, ids)),
);

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
  for (const [name, value] of [
    ['daysBefore', before],
    ['daysAfter', after],
  ] as const) {
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
  return pageConnection(args, (page) => loadPage(ctx, queryTalks(filter, args.orderBy ?? 'DATE_ASC', page)));
}

builder.queryField('talks', (t) =>
  t.field({
    type: TalkConnection,
    description: 'Rounds of talks, filtered and in chronological order.',
    args: talkArgs(t.arg),
    resolve: (_root, args, ctx) => resolveTalks(ctx, args),
  }),
);

const TalkOutcomeInput = builder.inputType('TalkOutcomeInput', {
  description: 'Something that came of a round, or that it failed to produce.',
  fields: (t) => ({
    description: t.string({ required: true, description: 'What came of it.' }),
    achieved: t.boolean({ required: true, description: 'False for what the round failed to produce.' }),
    sources: t.field({ type: [SourceInputRef], required: false, description: 'Who says so.' }),
  }),
});

const ParticipantInput = builder.inputType('ParticipantInput', {
  description: 'A member of a delegation: a person, or a description of someone unnamed ("a deputy foreign minister").',
  fields: (t) => ({
    person: t.id({ required: false, description: 'The person, when named.' }),
    role: t.field({ type: ParticipationRoleEnum, required: true, description: 'Their role in the delegation.' }),
    description: t.string({ required: false, description: 'How the sources describe them; required when no person is named.' }),
    sources: t.field({ type: [SourceInputRef], required: false, description: 'Who says so.' }),
  }),
});

const DelegationInput = builder.inputType('DelegationInput', {
  description: "An actor's presence at a talk.",
  fields: (t) => ({
    actor: t.id({ required: true, description: 'The actor.' }),
    role: t.field({ type: DelegationRoleEnum, required: true, description: 'Why it is there.' }),
    attendance: t.field({ type: AttendanceEnum, required: false, defaultValue: 'CONFIRMED', description: 'Whether it is confirmed.' }),
    description: t.string({ required: false, description: 'What the sources say of it.' }),
    participants: t.field({ type: [ParticipantInput], required: false, description: 'Its members.' }),
    sources: t.field({ type: [SourceInputRef], required: false, description: 'Who says so.' }),
  }),
});

type OutcomeArg = typeof TalkOutcomeInput.$inferInput;
type ParticipantArg = typeof ParticipantInput.$inferInput;
type DelegationArg = typeof DelegationInput.$inferInput;

const toOutcome = (o: OutcomeArg) => ({ description: o.description, achieved: o.achieved, sources: toSources(o.sources) });
const toParticipant = (p: ParticipantArg) => ({
  personId: optionalRowId(p.person, 'Person'),
  role: p.role,
  description: p.description ?? null,
  sources: toSources(p.sources),
});
const toDelegation = (d: DelegationArg) => ({
  actorId: rowIdOf(String(d.actor), 'Actor'),
  role: d.role,
  attendance: d.attendance ?? 'CONFIRMED',
  description: d.description ?? null,
  participants: (d.participants ?? []).map(toParticipant),
  sources: toSources(d.sources),
});

builder.relayMutationField(
  'scheduleTalk',
  {
    description: 'A new round of talks.',
    inputFields: (t) => ({
      conflict: t.id({ required: true, description: 'The conflict negotiated.' }),
      title: t.string({ required: true, description: 'What the round is called.' }),
      round: t.int({ required: false, description: 'Its number among the rounds of this conflict.' }),
      venueCity: t.string({ required: false, description: 'The city.' }),
      venueCountry: t.string({ required: false, description: 'The country.' }),
      host: t.id({ required: false, description: 'The actor hosting it.' }),
      status: t.field({ type: TalkStatusEnum, required: false, defaultValue: 'SCHEDULED', description: 'Where it stands.' }),
      date: t.field({ type: PartialDateInputRef, required: true, description: 'When it takes place.' }),
      description: t.string({ required: false, description: 'What the sources say of it.' }),
      delegations: t.field({ type: [DelegationInput], required: false, description: 'Who takes part.' }),
      sources: t.field({ type: [SourceInputRef], required: false, description: 'Who says so.' }),
    }),
  },
  {
    description: 'Records a round of talks, with its delegations. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('ScheduleTalk'),
    resolve: (_root, { input }, ctx, info) =>
      write({ ctx, info, input }, (scope) =>
        scheduleTalk(scope, {
          conflictId: rowIdOf(String(input.conflict), 'Conflict'),
          title: input.title,
          round: input.round ?? null,
          venueCity: input.venueCity ?? null,
          venueCountry: input.venueCountry ?? null,
          hostActorId: optionalRowId(input.host, 'Actor'),
          status: input.status ?? 'SCHEDULED',
          date: toDate(input.date),
          description: input.description ?? null,
          delegations: (input.delegations ?? []).map(toDelegation),
          sources: toSources(input.sources),
        }),
      ),
  },
  payload('talk', TalkRef, 'The round as recorded.'),
);

builder.relayMutationField(
  'changeTalkStatus',
  {
    description: 'A round moving on: started (IN_PROGRESS), CONCLUDED with its outcomes, POSTPONED to a new date, CANCELLED.',
    inputFields: (t) => ({
      talk: t.id({ required: true, description: 'The round.' }),
      status: t.field({ type: TalkStatusEnum, required: true, description: 'Where it now stands.' }),
      date: t.field({ type: PartialDateInputRef, required: false, description: 'Its new date, if it moved.' }),
      outcomes: t.field({ type: [TalkOutcomeInput], required: false, description: 'What came of it.' }),
      reason: t.string({ required: false, description: 'Why, if the sources say (a postponement).' }),
      sources: t.field({ type: [SourceInputRef], required: false, description: 'Who says so.' }),
    }),
  },
  {
    description: 'Changes the status of a round, and records its outcomes. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('ChangeTalkStatus'),
    resolve: (_root, { input }, ctx, info) =>
      write({ ctx, info, input }, (scope) =>
        changeTalkStatus(scope, {
          talkId: rowIdOf(String(input.talk), 'Talk'),
          status: input.status,
          date: input.date ? toDate(input.date) : null,
          outcomes: (input.outcomes ?? []).map(toOutcome),
          reason: input.reason ?? null,
          sources: toSources(input.sources),
        }),
      ),
  },
  payload('talk', TalkRef, 'The round as it now stands.'),
);

builder.relayMutationField(
  'addDelegation',
  {
    description: 'An actor joining a round, with its members.',
    inputFields: (t) => ({
      talk: t.id({ required: true, description: 'The round.' }),
      delegation: t.field({ type: DelegationInput, required: true, description: 'The delegation.' }),
    }),
  },
  {
    description: 'Adds a delegation to a round. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('AddDelegation'),
    resolve: (_root, { input }, ctx, info) =>
      write({ ctx, info, input }, (scope) =>
        addDelegation(scope, { talkId: rowIdOf(String(input.talk), 'Talk'), delegation: toDelegation(input.delegation) }),
      ),
  },
  payload('delegation', DelegationRef, 'The delegation as recorded.'),
);

builder.relayMutationField(
  'addParticipant',
  {
    description: 'A member joining a delegation.',
    inputFields: (t) => ({
      delegation: t.id({ required: true, description: 'The delegation.' }),
      participant: t.field({ type: ParticipantInput, required: true, description: 'The member.' }),
    }),
  },
  {
    description: 'Adds a member to a delegation, named or described. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('AddParticipant'),
    resolve: (_root, { input }, ctx, info) =>
      write({ ctx, info, input }, (scope) =>
        addParticipant(scope, {
          delegationId: rowIdOf(String(input.delegation), 'Delegation'),
          participant: toParticipant(input.participant),
        }),
      ),
  },
  payload('participation', ParticipationRef, 'The member as recorded.'),
);

const TalkUpdatedRef = builder.objectRef<EventRow>('TalkUpdated').implement({
  description: 'A change to a round of talks (scheduled, status, outcomes, delegations, participants) and the round after it.',
  fields: (t) => ({
    cursor: t.string({ description: 'Pass as `after` to resume after this event.', resolve: (e) => eventCursor(e) }),
    event: t.field({ type: EventRef, description: 'The event: what changed, and why.', resolve: (e) => e }),
    talk: t.field({ type: TalkRef, description: 'The round as it now stands.', resolve: (e) => e.talkId! }),
  }),
});

const TALK_CHANGES = ['TALK_SCHEDULED', 'TALK_STATUS_CHANGED', 'TALK_OUTCOME_RECORDED', 'DELEGATION_ADDED', 'PARTICIPANT_ADDED'] as const;

liveField('talkUpdated', {
  type: TalkUpdatedRef,
  description: 'Each change to one round of talks. Resumable with `after`, like `events`.',
  args: (arg) => ({
    id: arg.id({ required: true, description: 'The round.' }),
    after: arg.string({ required: false, description: 'Resume after this event cursor.' }),
  }),
  events: (args) => ({ after: args.after, filter: { kinds: TALK_CHANGES, talkId: rowIdOf(String(args.id), 'Talk') } }),
});
