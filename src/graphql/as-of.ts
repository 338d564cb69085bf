/**
 * `Query.asOf`: the whole read API as it stood right after one event. The field resolves the event
 * (src/domain/as-of.ts), then registers for its response key a context reading through an as-of
 * connection (src/db/as-of.ts), with loaders of its own; the plugin of as-of-plugin.ts hands that
 * context to every resolver below the key. The answer is the Query type itself, so any read can be
 * asked as of an event. An `asOf` inside another is refused: one operation may hold several, side by side.
 */
import { GraphQLError } from 'graphql';
import { asOfEventId } from '../domain/as-of.js';
import { builder, QueryRef } from './builder.js';
import type { Context } from './context.js';

builder.queryField('asOf', (t) =>
  t.field({
    type: QueryRef,
    description:
      'Everything below as it stood right after one event: amendments made after it not applied, retractions not yet made, ' +
      'anything recorded after it absent — lists, filters, counts and search alike. Give exactly one of `at` and `cursor`. ' +
      "The answer's `extensions.asOf.fields` names the event each `asOf` was answered at; ask again with its cursor to read the same.",
    args: {
      at: t.arg({
        type: 'DateTime',
        required: false,
        description: 'A time: the knowledge base right after the newest event recorded at or before it (empty before the first).',
      }),
      cursor: t.arg.string({
        required: false,
        description: 'An event cursor, as the event stream and `extensions.asOf` give them: the knowledge base right after that event.',
      }),
    },
    resolve: (_root, args, ctx, info) => {
      if (info.path.prev !== undefined) {
        throw new GraphQLError('`asOf` cannot be nested inside another `asOf`: ask it at the top of the query.', {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      if (!ctx.asOfConnection) {
        throw new GraphQLError('This server keeps no history to read as of an event (an in-memory database).', {
          extensions: { code: 'NOT_SUPPORTED' },
        });
      }
      const eventId = asOfEventId(ctx.db, args);
      const scoped: Context = { ...ctx, db: ctx.asOfConnection(eventId), asOf: eventId, asOfRoots: undefined, memo: {} };
      if (!ctx.asOfRoots) ctx.asOfRoots = new Map();
      ctx.asOfRoots.set(String(info.path.key), scoped);
      return {};
    },
  }),
);
