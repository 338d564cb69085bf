/**
 * The Event node's ref on its own, so that modules which only point at events (mutation payloads)
 * need not import the event module and its graph of types.
 */
import { builder } from './builder.js';
import { rowNode } from './connection.js';
import { loadEvents } from '../domain/events.js';

export const EventRef = builder.loadableNodeRef(
  'Event',
  rowNode((ctx, ids) => loadEvents(ctx.db, ids)),
);
