import { builder } from './builder.js';
import { pageConnection } from './connection.js';
import { rowIdOf } from './ids.js';
import { optionalRowId } from './inputs.js';
import { liveField } from './live.js';
import { asNode, loadSubject } from './subject.js';
import { subjectAsCommitted } from '../domain/subjects.js';
import { EventKindEnum, SubjectTypeEnum } from './vocabulary.js';
import { ConflictRef } from './conflict.js';
import { eventCursor, listEvents } from '../domain/events.js';

import { EventRef } from './event-ref.js';

EventRef.implement({
  description:
    'An entry of the append-only log: every fact recorded appends one. The log is the source of the live stream and of its resume cursors.',
  fields: (t) => ({
    cursor: t.string({
      description: 'Where this event sits in the log: pass it as `after` to resume from here.',
      resolve: (e) => eventCursor(e),
    }),
    kind: t.expose('kind', { type: EventKindEnum, description: 'What happened.' }),
    subjectType: t.expose('subjectType', { type: SubjectTypeEnum, description: 'The kind of fact the event is about.' }),
    subject: t.field({
      type: builder.nodeInterfaceRef(),
      description:
        'The fact the event is about, as this event committed it: a later amendment does not change it. (Lists nested in it, such as delegations, are read as they are now.)',
      resolve: (e) => asNode(e.subjectType, subjectAsCommitted(e.subjectType, e.data)) as never,
    }),
    current: t.field({
      type: builder.nodeInterfaceRef(),
      nullable: true,
      description: 'The fact the event is about, as it is now.',
      resolve: (e, _args, ctx) => loadSubject(ctx, e.subjectType, e.subjectId) as never,
    }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why, for a correction.' }),
    summary: t.exposeString('summary', { description: 'One line saying what happened.' }),
    occurredOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'When the fact happened (its earliest possible day), when it has a date.',
      resolve: (e) => e.occurredOn,
    }),
    recordedAt: t.field({ type: 'DateTime', description: 'When Parley recorded it.', resolve: (e) => e.recordedAt }),
    conflict: t.field({
      type: ConflictRef,
      nullable: true,
      description: 'The conflict it belongs to, if any.',
      resolve: (e) => e.conflictId,
    }),
  }),
});

const EventFilterInput = builder.inputType('EventFilter', {
  description: 'Which events to list.',
  fields: (t) => ({
    conflict: t.id({ required: false, description: 'Only events of this conflict.' }),
    kinds: t.field({ type: [EventKindEnum], required: false, description: 'Only these kinds of event.' }),
    subjectType: t.field({ type: SubjectTypeEnum, required: false, description: 'Only events about this kind of fact.' }),
  }),
});

builder.queryField('events', (t) =>
  t.connection(
    {
      type: EventRef,
      description: 'The event log, oldest first: everything recorded, in the order it was recorded.',
      args: { filter: t.arg({ type: EventFilterInput, required: false, description: 'Which events to list.' }) },
      resolve: (_root, args, ctx) =>
        pageConnection(args, (page) =>
          listEvents(
            ctx.db,
            {
              conflictId: args.filter?.conflict ? rowIdOf(String(args.filter.conflict), 'Conflict') : undefined,
              kinds: args.filter?.kinds ?? undefined,
              subjectType: args.filter?.subjectType ?? undefined,
            },
            page,
          ),
        ),
    },
    { name: 'EventConnection', description: 'A page of the event log.' },
    { name: 'EventEdge', description: 'An event and its cursor.' },
  ),
);

const EventStreamFilterInput = builder.inputType('EventStreamFilter', {
  description: 'Which events a subscription delivers. All given conditions must hold.',
  fields: (t) => ({
    conflict: t.id({ required: false, description: 'Only events of this conflict.' }),
    talk: t.id({ required: false, description: 'Only events about this round of talks or facts tied to it.' }),
    kinds: t.field({ type: [EventKindEnum], required: false, description: 'Only these kinds of event.' }),
    actors: t.idList({ required: false, description: 'Only events about facts involving any of these actors.' }),
    subjectType: t.field({ type: SubjectTypeEnum, required: false, description: 'Only events about this kind of fact.' }),
  }),
});

liveField('events', {
  type: EventRef,
  description:
    "Every event as it is recorded. With `after` (an event's `cursor`), first everything recorded since that event, in order, then live: nothing missed, nothing twice. Without it, only what is recorded from now on; `after: null` on reconnect is how clients lose events, so keep the last cursor.",
  args: (arg) => ({
    after: arg.string({ required: false, description: 'Resume after this event cursor.' }),
    filter: arg({ type: EventStreamFilterInput, required: false, description: 'Which events to deliver.' }),
  }),
  events: (args) => ({
    after: args.after,
    filter: {
      conflictId: optionalRowId(args.filter?.conflict, 'Conflict') ?? undefined,
      talkId: optionalRowId(args.filter?.talk, 'Talk') ?? undefined,
      kinds: args.filter?.kinds ?? undefined,
      actorIds: args.filter?.actors?.map((id) => rowIdOf(String(id), 'Actor')),
      subjectType: args.filter?.subjectType ?? undefined,
    },
  }),
});
