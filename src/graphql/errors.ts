/** Expected failures of a write, returned as data in the mutation's result union. */
import { builder } from './builder.js';
import { DomainError, type FieldIssue } from '../domain/errors.js';

const FieldErrorRef = builder.objectRef<FieldIssue>('FieldError').implement({
  description: 'What is wrong with one input field.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'Dotted path of the input field, e.g. `input.sources.0.source`.' }),
    message: t.exposeString('message', { description: 'What is wrong with it.' }),
  }),
});

export const UserErrorRef = builder.objectType(DomainError, {
  name: 'UserError',
  description:
    'A write that was refused, with why: nothing was recorded and no event was emitted. `code` is BAD_USER_INPUT, NOT_FOUND or CONFLICT.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
    code: t.exposeString('code', { description: 'What went wrong, for programs.' }),
    fields: t.field({
      type: [FieldErrorRef],
      description: 'The input fields at fault, when the error is about input.',
      resolve: (error) => error.issues,
    }),
  }),
});
