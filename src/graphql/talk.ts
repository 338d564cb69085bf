import { GraphQLError } from 'graphql';
import { builder, type ArgValues, type Args } from './builder.js';
import type { Context } from './context.js';
import { groupBy, loadPage, pageConnection, rowNode } from './connection.js';
import { rowIdOf } from './ids.js';
import { DateRangeInput, PartialDateRef } from './partial-date.js';
import { sourcesField } from './source.js';
import { AttendanceEnum, DateOrderEnum, DelegationRoleEnum, ParticipationRoleEnum, TalkStatusEnum } from './vocabulary.js';
import { inputObject, inputShape, PartialDateInput, ref, SourceInput, value } from './inputs.js';
import { payload, refusals, write } from './mutation.js';
import { EventRef } from './event-ref.js';
import { liveField } from './live.js';
import { follows, related, relatedList } from './plan.js';
import { eventCursor, type EventRow } from '../domain/events.js';
import { ParticipationRef } from './participation.js';
import { ActorRef } from './actor.js';
import { ConflictRef } from './conflict.js';
import { DelegationRef } from './delegation.js';
import { IncidentConnection, incidentArgs, resolveIncidents } from './incident.js';
import { ProposalConnection, proposalArgs, resolveProposals } from './proposal.js';
import { StatementConnection, statementArgs, resolveStatements } from './statement.js';
import { PositionConnection, positionArgs, resolvePositions } from './topic.js';
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
    host: t.field({
      type: ActorRef,
      nullable: true,
      description: 'The actor hosting the talks.',
      extensions: follows('host'),
      resolve: (talk, _args, ctx, info) => related(talk, 'host', ctx, info, () => talk.hostActorId),
    }),
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
    delegations: t.field({
      type: [DelegationRef],
      description: 'Every actor present or expected, with its delegation, in the order recorded.',
      extensions: follows('delegations'),
      resolve: relatedList(
        'delegations',
        (ctx, ids) => delegationsOf(ctx.db, ids),
        (d: Delegation) => d.talkId,
      ),
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
    positions: t.field({
      type: PositionConnection,
      description: 'Stances the sources say were stated for this round.',
      args: positionArgs(t.arg),
      resolve: (talk, args, ctx) => resolvePositions(ctx, args, { talkId: talk.id }),
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

const TalkOutcomeInput = inputObject('TalkOutcomeInput', 'Something that came of a round, or that it failed to produce.', () => ({
  description: value({ type: 'String', required: true, description: 'What came of it.' }),
  achieved: value({ type: 'Boolean', required: true, description: 'False for what the round failed to produce.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

const ParticipantInput = inputObject(
  'ParticipantInput',
  'A member of a delegation: a person, or a description of someone unnamed ("a deputy foreign minister").',
  () => ({
    person: ref('Person', { required: false, description: 'The person, when named.' }),
    role: value({ type: ParticipationRoleEnum, required: true, description: 'Their role in the delegation.' }),
    description: value({
      type: 'String',
      required: false,
      description: 'How the sources describe them; required when no person is named.',
    }),
    sources: SourceInput.list({ required: false, description: 'Who says so.' }),
  }),
);

const DelegationInput = inputObject('DelegationInput', "An actor's presence at a talk.", () => ({
  actor: ref('Actor', { required: true, description: 'The actor.' }),
  role: value({ type: DelegationRoleEnum, required: true, description: 'Why it is there.' }),
  attendance: value({ type: AttendanceEnum, required: false, defaultValue: 'CONFIRMED', description: 'Whether it is confirmed.' }),
  description: value({ type: 'String', required: false, description: 'What the sources say of it.' }),
  participants: ParticipantInput.list({ required: false, description: 'Its members.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

const ScheduleTalkInput = inputShape(() => ({
  conflict: ref('Conflict', { required: true, description: 'The conflict negotiated.' }),
  title: value({ type: 'String', required: true, description: 'What the round is called.' }),
  round: value({ type: 'Int', required: false, description: 'Its number among the rounds of this conflict.' }),
  venueCity: value({ type: 'String', required: false, description: 'The city.' }),
  venueCountry: value({ type: 'String', required: false, description: 'The country.' }),
  host: ref('Actor', { required: false, description: 'The actor hosting it.' }).into('hostActorId'),
  status: value({ type: TalkStatusEnum, required: false, defaultValue: 'SCHEDULED', description: 'Where it stands.' }),
  date: PartialDateInput.one({ required: true, description: 'When it takes place.' }),
  description: value({ type: 'String', required: false, description: 'What the sources say of it.' }),
  delegations: DelegationInput.list({ required: false, description: 'Who takes part.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

builder.relayMutationField(
  'scheduleTalk',
  { description: 'A new round of talks.', inputFields: ScheduleTalkInput.fields },
  {
    description: 'Records a round of talks, with its delegations. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('ScheduleTalk'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, ScheduleTalkInput, scheduleTalk),
  },
  payload('talk', TalkRef, 'The round as recorded.'),
);

const ChangeTalkStatusInput = inputShape(() => ({
  talk: ref('Talk', { required: true, description: 'The round.' }),
  status: value({ type: TalkStatusEnum, required: true, description: 'Where it now stands.' }),
  date: PartialDateInput.one({ required: false, description: 'Its new date, if it moved.' }),
  outcomes: TalkOutcomeInput.list({ required: false, description: 'What came of it.' }),
  reason: value({ type: 'String', required: false, description: 'Why, if the sources say (a postponement).' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

builder.relayMutationField(
  'changeTalkStatus',
  {
    description: 'A round moving on: started (IN_PROGRESS), CONCLUDED with its outcomes, POSTPONED to a new date, CANCELLED.',
    inputFields: ChangeTalkStatusInput.fields,
  },
  {
    description: 'Changes the status of a round, and records its outcomes. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('ChangeTalkStatus'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, ChangeTalkStatusInput, changeTalkStatus),
  },
  payload('talk', TalkRef, 'The round as it now stands.'),
);

const AddDelegationInput = inputShape(() => ({
  talk: ref('Talk', { required: true, description: 'The round.' }),
  delegation: DelegationInput.one({ required: true, description: 'The delegation.' }),
}));

builder.relayMutationField(
  'addDelegation',
  { description: 'An actor joining a round, with its members.', inputFields: AddDelegationInput.fields },
  {
    description: 'Adds a delegation to a round. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('AddDelegation'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, AddDelegationInput, addDelegation),
  },
  payload('delegation', DelegationRef, 'The delegation as recorded.'),
);

const AddParticipantInput = inputShape(() => ({
  delegation: ref('Delegation', { required: true, description: 'The delegation.' }),
  participant: ParticipantInput.one({ required: true, description: 'The member.' }),
}));

builder.relayMutationField(
  'addParticipant',
  { description: 'A member joining a delegation.', inputFields: AddParticipantInput.fields },
  {
    description: 'Adds a member to a delegation, named or described. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('AddParticipant'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, AddParticipantInput, addParticipant),
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
