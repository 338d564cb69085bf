/**
 * Subscriptions over the event stream: how a GraphQL subscription opens one. A subscription
 * field's arguments choose which events it delivers; its `resolve` must pass the event on without
 * reading them, because subscribers that differ only in those arguments share one execution per
 * event (src/server/shared-results.ts).
 */
import { clearAllDataLoaders } from '@pothos/plugin-dataloader';
import type { EventFilter, EventRow } from '../domain/events.js';
import { startingPoint } from '../domain/stream.js';
import type { Context } from './context.js';

/** Opens a subscription after `cursor` (or from now), bounded by the connection's limits. */
export function liveEvents(
  ctx: Context,
  cursor: string | null | undefined,
  filter: EventFilter,
  match?: (event: EventRow) => boolean,
): AsyncIterable<EventRow> {
  const afterId = startingPoint(ctx.db, cursor);
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
 * A subscription keeps one context for its whole life: loaders are emptied before each event is
 * resolved, so no event is shown with rows cached for an earlier one.
 */
export function fresh<T>(value: T, ctx: Context): T {
  clearAllDataLoaders(ctx);
  return value;
}
