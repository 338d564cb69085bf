import { dataloaderGetter } from '@pothos/plugin-dataloader';
import { builder } from './builder.js';
import type { Context } from './context.js';
import { rowNode } from './connection.js';
import { sourcesField } from './source.js';
import { AttendanceEnum, DelegationRoleEnum } from './vocabulary.js';
import { ActorRef } from './actor.js';
import { ParticipationRef } from './participation.js';
import { TalkRef } from './talk.js';
import { loadDelegations, participantsOf, type Participation } from '../domain/talk.js';

/**
 * The members of delegations, per request: `head` and `participants` are usually asked for
 * together, and read the same rows, so they share one loader and one statement. Made by the
 * dataloader plugin, so that a subscription's loaders, emptied before each event, include it.
 */
const membersOf = dataloaderGetter<number, Participation[], number>(
  undefined,
  (ids, ctx) => {
    const members = new Map<number, Participation[]>(ids.map((id) => [id, []]));
    for (const member of participantsOf((ctx as Context).db, ids)) members.get(member.delegationId)!.push(member);
    return Promise.resolve(ids.map((id) => members.get(id)!));
  },
  undefined,
  false,
);

export const DelegationRef = builder.loadableNodeRef(
  'Delegation',
  rowNode((ctx, ids) => loadDelegations(ctx.db, ids)),
);

DelegationRef.implement({
  description: "One actor's presence at a talk: who it sends, in what role, and whether the sources confirm it attends.",
  fields: (t) => ({
    actor: t.field({ type: ActorRef, description: 'The actor the delegation represents.', resolve: (d) => d.actorId }),
    role: t.expose('role', { type: DelegationRoleEnum, description: 'Why the actor is at the talk.' }),
    attendance: t.expose('attendance', {
      type: AttendanceEnum,
      description: 'Whether the sources confirm the actor attends, expect it to, or leave it unclear.',
    }),
    description: t.exposeString('description', { nullable: true, description: 'What the sources say of the delegation.' }),
    talk: t.field({ type: TalkRef, description: 'The talk.', resolve: (d) => d.talkId }),
    head: t.field({
      type: ParticipationRef,
      nullable: true,
      description: 'The head of the delegation, when known.',
      resolve: async (d, _args, ctx) => (await membersOf(ctx).load(d.id)).find((m) => m.role === 'HEAD') ?? null,
    }),
    participants: t.field({
      type: [ParticipationRef],
      description: 'Everyone in the delegation, named or described, in the order recorded.',
      resolve: (d, _args, ctx) => membersOf(ctx).load(d.id),
    }),
    sources: sourcesField(t, 'DELEGATION'),
  }),
});
