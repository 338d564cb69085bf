import { builder, type ArgValues, type Args } from './builder.js';
import type { Context } from './context.js';
import { pageConnection, rowNode } from './connection.js';
import { rowIdOf } from './ids.js';
import { DateRangeInput, PartialDateRef } from './partial-date.js';
import { sourcesField } from './source.js';
import { loadSubject, subjectOfGlobalId } from './subject.js';
import { DateOrderEnum } from './vocabulary.js';
import { ActorRef } from './actor.js';
import { ConflictRef } from './conflict.js';
import { PersonRef } from './person.js';
import { TalkRef } from './talk.js';
import { listStatements, loadStatements, subjectsOfStatements, type StatementFilter } from '../domain/statement.js';

export const StatementRef = builder.loadableNodeRef('Statement', rowNode((ctx, ids) => loadStatements(ctx.db, ids)));

StatementRef.implement({
  description: 'Who said what: a quote in the speaker\'s exact words and/or a paraphrase, with when, where and what about.',
  fields: (t) => ({
    speaker: t.field({ type: PersonRef, nullable: true, description: 'The person speaking, when a person spoke.', resolve: (s) => s.speakerPersonId }),
    speakingActor: t.field({
      type: ActorRef,
      nullable: true,
      description: 'The body speaking ("the Kremlin said"), or the actor the speaker spoke for.',
      resolve: (s) => s.speakerActorId,
    }),
    quote: t.exposeString('quote', { nullable: true, description: 'The exact words, when the sources quote them.' }),
    paraphrase: t.exposeString('paraphrase', { nullable: true, description: 'What was said, in the sources\' words.' }),
    context: t.exposeString('context', { nullable: true, description: 'The circumstances of the statement.' }),
    date: t.field({ type: PartialDateRef, description: 'When it was said, as precisely as known.', resolve: (s) => s }),
    talk: t.field({ type: TalkRef, nullable: true, description: 'The round it bears on.', resolve: (s) => s.talkId }),
    conflict: t.field({ type: ConflictRef, description: 'The conflict.', resolve: (s) => s.conflictId }),
    about: t.loadableList({
      type: builder.nodeInterfaceRef(),
      description: 'What the statement is about: people, actors, topics, talks, proposals, incidents.',
      load: async (ids: number[], ctx) => {
        const rows = subjectsOfStatements(ctx.db, ids);
        return Promise.all(
          ids.map(async (id) => {
            const subjects = rows.filter((r) => r.statementId === id);
            const objects = await Promise.all(subjects.map((r) => loadSubject(ctx, r.subjectType, r.subjectId)));
            return objects.filter((o): o is object => o !== null) as never[];
          }),
        );
      },
      resolve: (s) => s.id,
    }),
    sources: sourcesField(t, 'STATEMENT'),
  }),
});

const StatementFilterInput = builder.inputType('StatementFilter', {
  description: 'Which statements to list.',
  fields: (t) => ({
    conflict: t.id({ required: false, description: 'Only statements of this conflict.' }),
    speaker: t.id({ required: false, description: 'Only statements by this person.' }),
    speakingActor: t.id({ required: false, description: 'Only statements by this actor.' }),
    talk: t.id({ required: false, description: 'Only statements tied to this round.' }),
    about: t.id({ required: false, description: 'Only statements about this object (a person, topic, proposal, …).' }),
    date: t.field({ type: DateRangeInput, required: false, description: 'Only statements made within this range.' }),
  }),
});

export const StatementConnection = builder.connectionObject(
  { type: StatementRef, name: 'StatementConnection', description: 'A page of statements.' },
  { name: 'StatementEdge', description: 'A statement and its cursor.' },
);

export const statementArgs = (arg: Args) => ({
  ...arg.connectionArgs(),
  filter: arg({ type: StatementFilterInput, required: false, description: 'Which statements to list.' }),
  orderBy: arg({ type: DateOrderEnum, defaultValue: 'DATE_ASC', description: 'Chronological order.' }),
});

export function resolveStatements(ctx: Context, args: ArgValues<typeof statementArgs>, scope: StatementFilter = {}) {
  const f = args.filter;
  const filter: StatementFilter = {
    conflictId: f?.conflict ? rowIdOf(String(f.conflict), 'Conflict') : undefined,
    speakerPersonId: f?.speaker ? rowIdOf(String(f.speaker), 'Person') : undefined,
    speakerActorId: f?.speakingActor ? rowIdOf(String(f.speakingActor), 'Actor') : undefined,
    talkId: f?.talk ? rowIdOf(String(f.talk), 'Talk') : undefined,
    about: f?.about ? subjectOfGlobalId(String(f.about)) : undefined,
    from: f?.date?.from ?? undefined,
    to: f?.date?.to ?? undefined,
    ...scope,
  };
  return pageConnection(args, (page) => listStatements(ctx.db, filter, args.orderBy ?? 'DATE_ASC', page));
}

builder.queryField('statements', (t) =>
  t.field({
    type: StatementConnection,
    description: 'Statements, filtered and in chronological order.',
    args: statementArgs(t.arg),
    resolve: (_root, args, ctx) => resolveStatements(ctx, args),
  }),
);
