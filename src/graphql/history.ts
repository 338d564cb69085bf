/**
 * What changed, field by field: `versions` on every node and `Query.changes` since an event
 * cursor. Thin over src/domain/history.ts, which builds the versions from the event log.
 */
import DataLoader from 'dataloader';
import { createContextCache } from '@pothos/core';
import { builder } from './builder.js';
import type { Context } from './context.js';
import { pageConnection } from './connection.js';
import { EventRef } from './event-ref.js';
import { optionalRowId } from './inputs.js';
import { asNode, subjectTypeOfTypename } from './subject.js';
import { SubjectTypeEnum } from './vocabulary.js';
import { listChanges, versionPage, versionsOf, type FieldChange, type SubjectRef, type Version } from '../domain/history.js';
import { subjectAsCommitted } from '../domain/subjects.js';
import { startingPoint } from '../domain/stream.js';

const FieldChangeRef = builder.objectRef<FieldChange>('FieldChange').implement({
  description: 'One field that differs from the version before: what it was and what it became, as JSON values.',
  fields: (t) => ({
    field: t.exposeString('field', {
      description:
        "The field's name as the event log's snapshot names it: a field of the type by the same name (title, description, status, revision), a reference by its row id (conflictId, talkId, speakerActorId), a date as dateStart, dateEnd and datePrecision, a retraction as retractedAt and retractionReason. Nested lists (an incident's actors and figures, a talk's outcomes, a person's aliases) are one field, compared whole.",
    }),
    before: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Its value in the version before; null when the field was not set (always, in the first version).',
      resolve: (c) => c.before,
    }),
    after: t.field({
      type: 'JSON',
      nullable: true,
      description: 'Its value in this version; null when this version clears it.',
      resolve: (c) => c.after,
    }),
  }),
});

const VersionRef = builder.objectRef<Version>('Version').implement({
  description: 'A fact as one event left it, with the event and the fields that event changed.',
  fields: (t) => ({
    event: t.field({
      type: EventRef,
      description: 'The event that made this version: its kind, when it was recorded, and the reason for a correction.',
      resolve: (v) => v.event,
    }),
    subject: t.field({
      type: builder.nodeInterfaceRef(),
      description:
        'The fact as this version stands, rebuilt from the log: later versions do not change it. (Lists nested in it, such as sources, are read as they are now.)',
      resolve: (v) => asNode(v.event.subjectType, subjectAsCommitted(v.event.subjectType, v.state)) as never,
    }),
    changes: t.field({
      type: [FieldChangeRef],
      description:
        'The fields that differ from the version before, in the order the snapshot holds them: in the first version, every field it sets (`before` null). Empty when the event changed nothing the snapshot holds (sources attached).',
      extensions: { readsNoRows: true },
      resolve: (v) => v.changes,
    }),
  }),
});

// Per request, batching only: a subscription's context outlives any cached history.
const versionLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<SubjectRef, Version[], string>((subjects) => Promise.resolve(versionsOf(ctx.db, subjects)), {
      cache: false,
      cacheKeyFn: (s) => `${s.type}:${s.id}`,
    }),
);

builder.interfaceField(builder.nodeInterfaceRef(), 'versions', (t) =>
  t.connection(
    {
      type: VersionRef,
      description:
        "Every version of this fact, oldest first: one per event about it (recorded, amended, retracted, status changed, alias or sources added), each with that event and the fields it changed from the version before. Pages by the events' cursors. A fact recorded as part of another (an incident's figures, a talk's delegations and outcomes, a proposal's provisions, a person's first titles) has none of its own: its versions are in that one's, as a nested list. An Event has none: it is itself an entry of the log.",
      resolve: async (node, args, ctx, info) => {
        const type = subjectTypeOfTypename(info.parentType.name);
        const id = (node as { id?: unknown }).id;
        const versions = type && typeof id === 'number' ? await versionLoader(ctx).load({ type, id }) : [];
        return pageConnection(args, (request) => versionPage(versions, request));
      },
    },
    { name: 'VersionConnection', description: 'A page of the versions of a fact, oldest first.' },
    { name: 'VersionEdge', description: 'A version and the cursor of its event.' },
  ),
);

const ChangeFilterInput = builder.inputType('ChangeFilter', {
  description: 'Which changes to list. All given conditions must hold.',
  fields: (t) => ({
    conflict: t.id({ required: false, description: 'Only changes to facts of this conflict.' }),
    talk: t.id({ required: false, description: 'Only changes to this round of talks or to facts tied to it.' }),
    subjectTypes: t.field({ type: [SubjectTypeEnum], required: false, description: 'Only changes to these kinds of fact.' }),
  }),
});

builder.queryField('changes', (t) =>
  t.connection(
    {
      type: VersionRef,
      description:
        "Everything that changed after an event, oldest first: one version per event, each with its fact, the event, and the fields it changed from that fact's version before. Keep the last `endCursor` (or the newest event's `cursor`) and pass it as `since` next time to see only what is new.",
      args: {
        since: t.arg.string({
          required: true,
          description:
            'An event cursor, as `Event.cursor`, the `events` list and the `events` subscription give it: changes after that event.',
        }),
        filter: t.arg({ type: ChangeFilterInput, required: false, description: 'Which changes to list.' }),
      },
      resolve: (_root, args, ctx) => {
        const since = startingPoint(ctx.db, args.since);
        const filter = {
          conflictId: optionalRowId(args.filter?.conflict, 'Conflict') ?? undefined,
          talkId: optionalRowId(args.filter?.talk, 'Talk') ?? undefined,
          subjectTypes: args.filter?.subjectTypes ?? undefined,
        };
        return pageConnection(args, (request) => listChanges(ctx.db, since, filter, request));
      },
    },
    { name: 'ChangeConnection', description: 'A page of changes, oldest first.' },
    { name: 'ChangeEdge', description: 'A change (a version) and the cursor of its event.' },
  ),
);
