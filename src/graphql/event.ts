import { builder } from './builder.js';
import { pageConnection, rowNode } from './connection.js';
import { rowIdOf } from './ids.js';
import { loadSubject } from './subject.js';
import { EventKindEnum, SubjectTypeEnum } from './vocabulary.js';
import { ConflictRef } from './conflict.js';
import { listEvents, loadEvents } from '../domain/events.js';
import { encodeCursor } from '../domain/pagination.js';

export const EventRef = builder.loadableNodeRef('Event', rowNode((ctx, ids) => loadEvents(ctx.db, ids)));

EventRef.implement({
  description:
    'An entry of the append-only log: every fact recorded appends one. The log is the source of the live stream and of its resume cursors.',
  fields: (t) => ({
    cursor: t.string({
      description: 'Where this event sits in the log: pass it as `after` to resume from here.',
      resolve: (e) => encodeCursor([e.id, e.id]),
    }),
    kind: t.expose('kind', { type: EventKindEnum, description: 'What happened.' }),
    subjectType: t.expose('subjectType', { type: SubjectTypeEnum, description: 'The kind of fact the event is about.' }),
    subject: t.field({
      type: builder.nodeInterfaceRef(),
      nullable: true,
      description: 'The fact the event is about, as it is now.',
      resolve: (e, _args, ctx) => loadSubject(ctx, e.subjectType, e.subjectId) as never,
    }),
    summary: t.exposeString('summary', { description: 'One line saying what happened.' }),
    occurredOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'When the fact happened (its earliest possible day), when it has a date.',
      resolve: (e) => e.occurredOn,
    }),
    recordedAt: t.field({ type: 'DateTime', description: 'When Parley recorded it.', resolve: (e) => e.recordedAt }),
    conflict: t.field({ type: ConflictRef, nullable: true, description: 'The conflict it belongs to, if any.', resolve: (e) => e.conflictId }),
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
