import { builder, type ArgValues, type Args } from './builder.js';
import type { Context } from './context.js';
import { groupBy, loadPage, pageConnection, rowNode } from './connection.js';
import { rowIdOf } from './ids.js';
import { inputObject, inputShape, PartialDateInput, ref, SourceInput, value } from './inputs.js';
import { payload, refusals, write } from './mutation.js';
import { PartialDateRef } from './partial-date.js';
import { sourcesField } from './source.js';
import { ProposalStatusEnum } from './vocabulary.js';
import { ActorRef } from './actor.js';
import { ConflictRef } from './conflict.js';
import { TalkRef } from './talk.js';
import { TopicRef } from './topic.js';
import {
  queryProposals,
  loadProposals,
  loadProvisions,
  provisionsOf,
  submitProposal,
  updateProposal,
  type ProposalFilter,
  type Provision,
} from '../domain/proposal.js';

export const ProposalRef = builder.loadableNodeRef(
  'Proposal',
  rowNode((ctx, ids) => loadProposals(ctx.db, ids)),
);
export const ProvisionRef = builder.loadableNodeRef(
  'Provision',
  rowNode((ctx, ids) => loadProvisions(ctx.db, ids)),
);

ProposalRef.implement({
  description: 'A document put to the talks (a roadmap, a memorandum), provision by provision.',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'What the document is called.' }),
    status: t.expose('status', { type: ProposalStatusEnum, description: 'Being drafted, submitted, received, or answered.' }),
    description: t.exposeString('description', { nullable: true, description: 'What the sources say of it.' }),
    date: t.field({ type: PartialDateRef, description: 'When it reached its current status, as precisely as known.', resolve: (p) => p }),
    submittedBy: t.field({ type: ActorRef, description: 'The actor putting it forward.', resolve: (p) => p.actorId }),
    talk: t.field({ type: TalkRef, nullable: true, description: 'The round it is put to.', resolve: (p) => p.talkId }),
    conflict: t.field({ type: ConflictRef, description: 'The conflict.', resolve: (p) => p.conflictId }),
    provisions: t.loadableGroup({
      type: ProvisionRef,
      description: 'What the document says, in its order.',
      load: (ids: number[], ctx) => Promise.resolve(provisionsOf(ctx.db, ids)),
      group: groupBy<Provision>((p) => p.proposalId),
      resolve: (p) => p.id,
    }),
    sources: sourcesField(t, 'PROPOSAL'),
  }),
});

ProvisionRef.implement({
  description: 'One provision of a proposal.',
  fields: (t) => ({
    ordinal: t.exposeInt('ordinal', { description: 'Its place in the document, from 1.' }),
    text: t.exposeString('text', { description: 'What it says.' }),
    topic: t.field({ type: TopicRef, nullable: true, description: 'The negotiation topic it concerns.', resolve: (p) => p.topicId }),
    proposal: t.field({ type: ProposalRef, description: 'The document it belongs to.', resolve: (p) => p.proposalId }),
    sources: sourcesField(t, 'PROVISION'),
  }),
});

const ProposalFilterInput = builder.inputType('ProposalFilter', {
  description: 'Which proposals to list.',
  fields: (t) => ({
    conflict: t.id({ required: false, description: 'Only proposals of this conflict.' }),
    submittedBy: t.id({ required: false, description: 'Only proposals put forward by this actor.' }),
    talk: t.id({ required: false, description: 'Only proposals put to this round.' }),
    statuses: t.field({ type: [ProposalStatusEnum], required: false, description: 'Only proposals in these states.' }),
  }),
});

export const ProposalConnection = builder.connectionObject(
  { type: ProposalRef, name: 'ProposalConnection', description: 'A page of proposals.' },
  { name: 'ProposalEdge', description: 'A proposal and its cursor.' },
);

export const proposalArgs = (arg: Args) => ({
  ...arg.connectionArgs(),
  filter: arg({ type: ProposalFilterInput, required: false, description: 'Which proposals to list.' }),
});

export function resolveProposals(ctx: Context, args: ArgValues<typeof proposalArgs>, scope: ProposalFilter = {}) {
  const f = args.filter;
  const filter: ProposalFilter = {
    conflictId: f?.conflict ? rowIdOf(String(f.conflict), 'Conflict') : undefined,
    actorId: f?.submittedBy ? rowIdOf(String(f.submittedBy), 'Actor') : undefined,
    talkId: f?.talk ? rowIdOf(String(f.talk), 'Talk') : undefined,
    statuses: f?.statuses ?? undefined,
    ...scope,
  };
  return pageConnection(args, (page) => loadPage(ctx, queryProposals(filter, page)));
}

builder.queryField('proposals', (t) =>
  t.field({
    type: ProposalConnection,
    description: 'Proposals put to the talks, oldest first.',
    args: proposalArgs(t.arg),
    resolve: (_root, args, ctx) => resolveProposals(ctx, args),
  }),
);

const ProvisionInput = inputObject('ProvisionInput', 'One provision of a proposal.', () => ({
  text: value({ type: 'String', required: true, description: 'What it says.' }),
  topic: ref('Topic', { required: false, description: 'The negotiation topic it concerns.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

const SubmitProposalInput = inputShape(() => ({
  conflict: ref('Conflict', { required: true, description: 'The conflict.' }),
  submittedBy: ref('Actor', { required: true, description: 'The actor putting it forward.' }).into('actorId'),
  talk: ref('Talk', { required: false, description: 'The round it is put to.' }),
  title: value({ type: 'String', required: true, description: 'What it is called.' }),
  status: value({
    type: ProposalStatusEnum,
    required: true,
    description: 'Where it stands (DRAFTING when it is known only to be in preparation).',
  }),
  description: value({ type: 'String', required: false, description: 'What the sources say of it.' }),
  date: PartialDateInput.one({ required: true, description: 'When it reached this status.' }),
  provisions: ProvisionInput.list({ required: false, description: 'What it says, in order.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so (and who obtained it).' }),
}));

builder.relayMutationField(
  'submitProposal',
  { description: 'A document put to the talks, with its provisions in order.', inputFields: SubmitProposalInput.fields },
  {
    description: 'Records a proposal. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('SubmitProposal'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, SubmitProposalInput, submitProposal),
  },
  payload('proposal', ProposalRef, 'The proposal as recorded.'),
);

const UpdateProposalInput = inputShape(() => ({
  proposal: ref('Proposal', { required: true, description: 'The proposal.' }),
  status: value({ type: ProposalStatusEnum, required: false, description: 'Where it now stands.' }),
  description: value({ type: 'String', required: false, description: 'What the sources now say of it.' }),
  date: PartialDateInput.one({ required: false, description: 'When it reached the new status.' }),
  addProvisions: ProvisionInput.list({ required: false, description: 'Provisions to add after the existing ones.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

builder.relayMutationField(
  'updateProposal',
  {
    description: 'A proposal moving on (submitted, received, answered), or provisions becoming known.',
    inputFields: UpdateProposalInput.fields,
  },
  {
    description: 'Updates a proposal. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('UpdateProposal'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, UpdateProposalInput, updateProposal),
  },
  payload('proposal', ProposalRef, 'The proposal as it now stands.'),
);
