import { builder, type FieldBuilder } from './builder.js';
import { pageConnection } from './connection.js';
import { rowNode } from './connection.js';
import { AttributionRelationEnum, SourceKindEnum } from './vocabulary.js';
import { ActorRef } from './actor.js';
import { attachSourcesTo, attributionsFor, listSources, loadSources, registerSource, type CitedAttribution } from '../domain/source.js';
import { inputShape, ref, SourceInput, value } from './inputs.js';
import { payload, refusals, write } from './mutation.js';
import { loadSubject, subjectField } from './subject.js';
import { EventRef } from './event-ref.js';
import { follows, related, relatedList } from './plan.js';
import type { SubjectType } from '../domain/vocabulary.js';

export const SourceRef = builder.loadableNodeRef(
  'Source',
  rowNode((ctx, ids) => loadSources(ctx.db, ids)),
);

SourceRef.implement({
  description: 'Who says so: a news agency, a government body, an estimate, an official document, or the article a dataset came from.',
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The name the source goes by ("Reuters", "U.S. estimates").' }),
    kind: t.expose('kind', { type: SourceKindEnum, description: 'What kind of source this is.' }),
    actor: t.field({
      type: ActorRef,
      nullable: true,
      description: 'The actor behind the source, when there is one.',
      resolve: (s) => s.actorId,
    }),
    url: t.exposeString('url', { nullable: true, description: 'Where the source can be read, when known.' }),
    description: t.exposeString('description', { nullable: true, description: 'More about the source.' }),
  }),
});

export const AttributionRef = builder.objectRef<CitedAttribution>('Attribution').implement({
  description: 'A source standing behind one fact, and how.',
  fields: (t) => ({
    source: t.field({
      type: SourceRef,
      description: 'The source.',
      extensions: follows('source'),
      // Read with the attribution when its loader read it; planned otherwise.
      resolve: (a, _args, ctx, info) => a.source ?? related(a, 'source', ctx, info, () => a.source),
    }),
    relation: t.expose('relation', {
      type: AttributionRelationEnum,
      description: 'How the source stands behind the fact ("according to", "obtained by", …).',
    }),
    note: t.exposeString('note', { nullable: true, description: "The source's own wording, where it adds something." }),
  }),
});

/**
 * The `sources` field every fact type carries: one batched query per fact type per request.
 */
export function sourcesField<T extends { id: number }>(t: FieldBuilder<T>, subjectType: SubjectType) {
  return t.field({
    type: [AttributionRef],
    description: 'Who says so: every source attached to this fact.',
    extensions: follows('sources'),
    resolve: relatedList(
      'sources',
      (ctx, ids) => attributionsFor(ctx.db, subjectType, ids),
      (a) => a.subjectId,
    ),
  });
}

const SourceFilter = builder.inputType('SourceFilter', {
  description: 'Which sources to list.',
  fields: (t) => ({
    name: t.string({ required: false, description: 'Case-insensitive part of the name.' }),
  }),
});

builder.queryField('sources', (t) =>
  t.connection(
    {
      type: SourceRef,
      description: 'Sources, by name.',
      args: { filter: t.arg({ type: SourceFilter, required: false, description: 'Which sources to list.' }) },
      resolve: (_root, args, ctx) => pageConnection(args, (page) => listSources(ctx.db, { name: args.filter?.name ?? undefined }, page)),
    },
    { name: 'SourceConnection', description: 'A page of sources.' },
    { name: 'SourceEdge', description: 'A source and its cursor.' },
  ),
);

const RegisterSourceInput = inputShape(() => ({
  name: value({ type: 'String', required: true, description: 'Its name; unique, case-insensitively.' }),
  kind: value({ type: SourceKindEnum, required: true, description: 'What kind of source.' }),
  actor: ref('Actor', { required: false, description: 'The actor behind it.' }),
  url: value({ type: 'String', required: false, description: 'Where it can be read.' }),
  description: value({ type: 'String', required: false, description: 'More about it.' }),
}));

builder.relayMutationField(
  'registerSource',
  { description: 'A new source: a news agency, a government body, an estimate, a document.', inputFields: RegisterSourceInput.fields },
  {
    description: 'Registers a source, to attach to facts. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('RegisterSource'),
    resolve: (_root, { input }, ctx, info) => write({ ctx, info, input }, RegisterSourceInput, registerSource),
  },
  payload('source', SourceRef, 'The source as registered.'),
);

const AttachSourcesInput = inputShape(() => ({
  subject: subjectField({ required: true, description: 'The fact: any object with sources.' }, { type: 'subjectType', id: 'subjectId' }),
  sources: SourceInput.list({ required: true, description: 'The sources to attach.' }),
}));

builder.relayMutationField(
  'attachSources',
  { description: 'Sources for a fact already recorded: who says so often becomes known later.', inputFields: AttachSourcesInput.fields },
  {
    description: 'Attaches sources to a fact. Needs an editor token.',
    authScopes: { editor: true },
    errors: refusals('AttachSources'),
    resolve: (_root, { input }, ctx, info) =>
      write(
        { ctx, info, input },
        AttachSourcesInput,
        (scope, data) => {
          attachSourcesTo(scope, data);
          return { type: data.subjectType, id: data.subjectId };
        },
        (event) => ({ type: event.subjectType, id: event.subjectId }),
      ),
  },
  {
    description: 'What was written: the fact, now with the sources, and the event.',
    outputFields: (t) => ({
      subject: t.field({
        type: builder.nodeInterfaceRef(),
        description: 'The fact, with its sources.',
        resolve: (w, _args, ctx) => loadSubject(ctx, w.value.type, w.value.id) as never,
      }),
      event: t.field({ type: EventRef, description: 'The event the write appended.', resolve: (w) => w.event }),
    }),
  },
);
