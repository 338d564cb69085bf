import { builder } from './builder.js';
import { rowNode } from './connection.js';
import { sourcesField } from './source.js';
import { ParticipationRoleEnum } from './vocabulary.js';
import { DelegationRef } from './delegation.js';
import { PersonRef } from './person.js';
import { loadParticipations } from '../domain/talk.js';
import { follows, related } from './plan.js';

export const ParticipationRef = builder.loadableNodeRef(
  'Participation',
  rowNode((ctx, ids) => loadParticipations(ctx.db, ids)),
);

ParticipationRef.implement({
  description: 'A member of a delegation: a named person, or one the sources describe without a name ("a deputy foreign minister").',
  fields: (t) => ({
    role: t.expose('role', { type: ParticipationRoleEnum, description: 'The role within the delegation.' }),
    person: t.field({
      type: PersonRef,
      nullable: true,
      description: 'Who it is, when the sources name them.',
      extensions: follows('person'),
      resolve: (p, _args, ctx, info) => related(p, 'person', ctx, info, () => p.personId),
    }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'How the sources describe the participant, named or not.',
    }),
    delegation: t.field({
      type: DelegationRef,
      description: 'The delegation this participant belongs to.',
      resolve: (p) => p.delegationId,
    }),
    sources: sourcesField(t, 'PARTICIPATION'),
  }),
});
