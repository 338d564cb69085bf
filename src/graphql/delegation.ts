import { builder } from './builder.js';
import { follows, related, relatedList } from './plan.js';
import { rowNode } from './connection.js';
import { sourcesField } from './source.js';
import { AttendanceEnum, DelegationRoleEnum } from './vocabulary.js';
import { ActorRef } from './actor.js';
import { ParticipationRef } from './participation.js';
import { TalkRef } from './talk.js';
import { loadDelegations, participantsOf, type Participation } from '../domain/talk.js';

/**
 * The members of delegations: `head` and `participants` are usually asked for together and read
 * the same rows, so they share one relation (one loader when unplanned).
 */
const members = relatedList(
  'members',
  (ctx, ids) => participantsOf(ctx.db, ids),
  (m: Participation) => m.delegationId,
);

export const DelegationRef = builder.loadableNodeRef(
  'Delegation',
  rowNode((ctx, ids) => loadDelegations(ctx.db, ids)),
);

DelegationRef.implement({
  description: "One actor's presence at a talk: who it sends, in what role, and whether the sources confirm it attends.",
  fields: (t) => ({
    actor: t.field({
      type: ActorRef,
      description: 'The actor the delegation represents.',
      extensions: follows('actor'),
      resolve: (d, _args, ctx, info) => related(d, 'actor', ctx, info, () => d.actorId),
    }),
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
      extensions: follows('members', ['role']),
      resolve: async (d, args, ctx, info) => (await members(d, args, ctx, info)).find((m) => m.role === 'HEAD') ?? null,
    }),
    participants: t.field({
      type: [ParticipationRef],
      description: 'Everyone in the delegation, named or described, in the order recorded.',
      extensions: follows('members'),
      resolve: members,
    }),
    sources: sourcesField(t, 'DELEGATION'),
  }),
});
