/**
 * Subscriptions over the event stream, declared through `liveField` and no other way. Subscribers
 * that differ only in a live field's arguments share one execution per event
 * (src/server/shared-results.ts), which is sound because those arguments reach nothing but the
 * choice of events: a declaration gets them in `events` alone, and `resolve` is the helper's.
 */
import type { InputFieldMap, ObjectRef } from '@pothos/core';
import { clearAllDataLoaders } from '@pothos/plugin-dataloader';
import type { GraphQLField, GraphQLSchema } from 'graphql';
import type { EventFilter, EventRow } from '../domain/events.js';
import { startingPoint } from '../domain/stream.js';
import { builder, type Args, type ArgValues, type Types } from './builder.js';
import type { Context } from './context.js';

/** Which events a subscriber gets: those after `after` (or from now) that pass `filter`, then `match`. */
export interface EventSelection {
  after: string | null | undefined;
  filter: EventFilter;
  /** A further test on each event, for what the log's filter cannot say. */
  match?: (event: EventRow) => boolean;
}

/** The mark `liveField` leaves on its fields, where the shared executions read it. */
const LIVE = 'parleyLiveField';

/** Whether `field` was declared by `liveField`: its arguments only choose which events it delivers. */
export function isLiveField(field: GraphQLField<unknown, unknown> | null | undefined): boolean {
  return field?.extensions[LIVE] === true;
}

/** Opens a subscription to the events `selection` chooses, bounded by the connection's limits. */
function liveEvents(ctx: Context, { after, filter, match }: EventSelection): AsyncIterable<EventRow> {
  const afterId = startingPoint(ctx.db, after);
  const release = ctx.live.acquire?.();
  return ctx.stream.subscribe({
    afterId,
    onClose: release,
    filter,
    match,
    backlog: ctx.live.backlog,
    maxBacklogBytes: ctx.live.maxBacklogBytes,
    onStall: ctx.live.drop,
    stallTimeoutMs: ctx.live.stallTimeoutMs,
  });
}

/**
 * Declares the subscription field `name`, delivering the events that `events` chooses from its
 * arguments. Each event is the root of its result; a subscription keeps one context for its whole
 * life, so loaders are emptied before each event is resolved, lest an event be shown with rows
 * cached for an earlier one.
 */
export function liveField<Build extends (arg: Args) => InputFieldMap>(
  name: string,
  field: {
    /** An object type of events (EventRef, being loadable, admits an event's id too). */
    type: ObjectRef<Types, EventRow | number, EventRow>;
    description: string;
    args: Build;
    events: (args: ArgValues<Build>) => EventSelection;
  },
): void {
  builder.subscriptionField(name, (t) =>
    t.field({
      type: field.type,
      description: field.description,
      args: field.args(t.arg) as ReturnType<Build>,
      extensions: { [LIVE]: true },
      subscribe: (_root, args, ctx) => liveEvents(ctx, field.events(args)),
      resolve: (event, _args, ctx) => {
        clearAllDataLoaders(ctx);
        return event;
      },
    }),
  );
}

/** `schema`, once every subscription field in it is found declared by `liveField`. */
export function requireLiveFields(schema: GraphQLSchema): GraphQLSchema {
  const strays = Object.values(schema.getSubscriptionType()?.getFields() ?? {}).filter((field) => !isLiveField(field));
  if (strays.length) {
    throw new Error(
      `Subscription fields are declared with liveField (src/graphql/live.ts), which keeps their arguments from their results: ${strays.map((f) => f.name).join(', ')} is not.`,
    );
  }
  return schema;
}
