/** Who the request's token stands for: how the desk shows who is signed in, and notices a revoked token. */
import { builder } from './builder.js';
import type { Viewer } from '../domain/token.js';
import { TOKEN_ROLES } from '../domain/vocabulary.js';

const TokenRoleEnum = builder.enumType('TokenRole', {
  description: 'What a write token may do.',
  values: {
    EDITOR: { value: TOKEN_ROLES[0], description: 'Records facts and amends them.' },
    ADMIN: { value: TOKEN_ROLES[1], description: 'Also retracts them.' },
  },
});

const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'The holder of the token sent with the request.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name the token was created with.' }),
    role: t.expose('role', { type: TokenRoleEnum, description: 'What the token may do.' }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    nullable: true,
    description: 'Who the request is from: null without a token, or with one that is unknown or revoked.',
    resolve: (_root, _args, ctx) => ctx.viewer,
  }),
);
