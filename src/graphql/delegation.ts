import { builder } from './builder.js';
import { groupBy, rowNode } from './connection.js';
import { sourcesField } from './source.js';
import { AttendanceEnum, DelegationRoleEnum } from './vocabulary.js';
import { ActorRef } from './actor.js';
import { ParticipationRef } from './participation.js';
import { TalkRef } from './talk.js';
import { loadDelegations, participantsOf, type Participation } from '../domain/talk.js';

export const DelegationRef = builder.loadableNodeRef('Delegation', rowNode((ctx, ids) => loadDelegations(ctx.db, ids)));

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
    head: t.loadable({
      type: ParticipationRef,
      nullable: true,
      description: 'The head of the delegation, when known.',
      load: (ids: number[], ctx) => {
        const members = participantsOf(ctx.db, ids);
        return Promise.resolve(ids.map((id) => members.find((m) => m.delegationId === id && m.role === 'HEAD') ?? null));
      },
      resolve: (d) => d.id,
    }),
    participants: t.loadableGroup({
      type: ParticipationRef,
      description: 'Everyone in the delegation, named or described, in the order recorded.',
      load: (ids: number[], ctx) => Promise.resolve(participantsOf(ctx.db, ids)),
      group: groupBy<Participation>((p) => p.delegationId),
      resolve: (d) => d.id,
    }),
    sources: sourcesField(t, 'DELEGATION'),
  }),
});
