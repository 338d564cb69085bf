import { builder, type ArgValues, type Args } from './builder.js';
import type { Context } from './context.js';
import { loadPage, pageConnection, rowNode } from './connection.js';
import { rowIdOf } from './ids.js';
import { DateRangeInput, PartialDateRef } from './partial-date.js';
import { sourcesField } from './source.js';
import { loadSubject, subjectField, subjectOfGlobalId } from './subject.js';
import { DateOrderEnum } from './vocabulary.js';
import { ActorRef } from './actor.js';
import { ConflictRef } from './conflict.js';
import { PersonRef } from './person.js';
import { TalkRef } from './talk.js';
import {
  amendStatement,
  queryStatements,
  loadStatements,
  recordStatement,
  retractStatement,
  subjectsOfStatements,
  type StatementFilter,
} from '../domain/statement.js';
import { correctionFields } from './correction.js';
import { changes, inputObject, inputShape, kept, PartialDateInput, ref, SourceInput, value } from './inputs.js';
import { payload, refusals, write } from './mutation.js';

export const StatementRef = builder.loadableNodeRef(
  'Statement',
  rowNode((ctx, ids) => loadStatements(ctx.db, ids)),
);

StatementRef.implement({
  description: "Who said what: a quote in the speaker's exact words and/or a paraphrase, with when, where and what about.",
  fields: (t) => ({
    speaker: t.field({
      type: PersonRef,
      nullable: true,
      description: 'The person speaking, when a person spoke.',
      resolve: (s) => s.speakerPersonId,
    }),
    speakingActor: t.field({
      type: ActorRef,
      nullable: true,
      description: 'The body speaking ("the Kremlin said"), or the actor the speaker spoke for.',
      resolve: (s) => s.speakerActorId,
    }),
    quote: t.exposeString('quote', { nullable: true, description: 'The exact words, when the sources quote them.' }),
    paraphrase: t.exposeString('paraphrase', { nullable: true, description: "What was said, in the sources' words." }),
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
    ...correctionFields(t, 'STATEMENT'),
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
    includeRetracted: t.boolean({ required: false, defaultValue: false, description: 'Include retracted statements too.' }),
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
    includeRetracted: f?.includeRetracted ?? false,
    from: f?.date?.from ?? undefined,
    to: f?.date?.to ?? undefined,
    ...scope,
  };
  return pageConnection(args, (page) => loadPage(ctx, queryStatements(ctx.db, filter, args.orderBy ?? 'DATE_ASC', page)));
}

builder.queryField('statements', (t) =>
  t.field({
    type: StatementConnection,
    description: 'Statements, filtered and in chronological order.',
    args: statementArgs(t.arg),
    resolve: (_root, args, ctx) => resolveStatements(ctx, args),
  }),
);

const SubjectInput = inputObject(
  'SubjectInput',
  'Something a statement is about, by its global ID: a person, an actor, a topic, a talk, a proposal, an incident…',
  () => ({ id: subjectField({ required: true, description: 'The global ID of the object.' }, { type: 'type', id: 'id' }) }),
);

const RecordStatementInput = inputShape(() => ({
  conflict: ref('Conflict', { required: true, description: 'The conflict it concerns.' }),
  speaker: ref('Person', { required: false, description: 'The person speaking.' }).into('speakerPersonId'),
  speakingActor: ref('Actor', { required: false, description: 'The body speaking, or the actor the speaker spoke for.' }).into(
    'speakerActorId',
  ),
  quote: value({ type: 'String', required: false, description: 'The exact words.' }),
  paraphrase: value({ type: 'String', required: false, description: "What was said, in the source's words." }),
  context: value({ type: 'String', required: false, description: 'The circumstances.' }),
  date: PartialDateInput.one({ required: true, description: 'When it was said.' }),
  talk: ref('Talk', { required: false, description: 'The round it bears on.' }),
  about: SubjectInput.list({ required: false, description: 'What it is about.' }),
  sources: SourceInput.list({ required: false, description: 'Who says so.' }),
}));

builder.relayMutationField(
  'recordStatement',
  {
    description: 'Who said what, when, and about what. Give the quote (exact words), a paraphrase, or both.',
    inputFields: RecordStatementInput.fields,
  },
  {
    description: 'Records a statement with its sources. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('RecordStatement'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, RecordStatementInput, recordStatement),
  },
  payload('statement', StatementRef, 'The statement as recorded.'),
);

const AmendStatementInput = inputShape(() => ({
  statement: ref('Statement', { required: true, description: 'The statement to correct.' }),
  reason: value({ type: 'String', required: true, description: 'Why it is corrected; kept with its history.' }),
  changes: changes({
    quote: value({ type: 'String', required: false, description: 'The exact words.' }),
    paraphrase: value({ type: 'String', required: false, description: 'What was said.' }),
    context: value({ type: 'String', required: false, description: 'The circumstances.' }),
    date: kept(PartialDateInput.one({ required: false, description: 'When it was said.' })),
  }),
}));

builder.relayMutationField(
  'amendStatement',
  {
    description: 'A correction to a statement (a misquote, a wrong date): only the fields given change; null removes an optional one.',
    inputFields: AmendStatementInput.fields,
  },
  {
    description: 'Corrects a statement. The version before stays readable in its `history`. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('AmendStatement'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, AmendStatementInput, amendStatement),
  },
  payload('statement', StatementRef, 'The statement as it now stands.'),
);

const RetractStatementInput = inputShape(() => ({
  statement: ref('Statement', { required: true, description: 'The statement to retract.' }),
  reason: value({ type: 'String', required: true, description: 'Why it is withdrawn.' }),
}));

builder.relayMutationField(
  'retractStatement',
  { description: 'Which statement to withdraw, and why.', inputFields: RetractStatementInput.fields },
  {
    description: 'Withdraws a statement: it stays readable, marked retracted, and leaves the default lists. Needs an admin token.',
    authScopes: { admin: true },
    errors: refusals('RetractStatement'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, RetractStatementInput, retractStatement),
  },
  payload('statement', StatementRef, 'The statement, now marked retracted.'),
);
