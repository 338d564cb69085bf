import { builder, type FieldBuilder } from './builder.js';
import { pageConnection } from './connection.js';
import { rowNode } from './connection.js';
import { AttributionRelationEnum, SourceKindEnum } from './vocabulary.js';
import { ActorRef } from './actor.js';
import { attributionsFor, listSources, loadSources, type Attribution } from '../domain/source.js';
import type { SubjectType } from '../domain/vocabulary.js';

export const SourceRef = builder.loadableNodeRef('Source', rowNode((ctx, ids) => loadSources(ctx.db, ids)));

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

export const AttributionRef = builder.objectRef<Attribution>('Attribution').implement({
  description: 'A source standing behind one fact, and how.',
  fields: (t) => ({
    source: t.field({ type: SourceRef, description: 'The source.', resolve: (a) => a.sourceId }),
    relation: t.expose('relation', {
      type: AttributionRelationEnum,
      description: 'How the source stands behind the fact ("according to", "obtained by", …).',
    }),
    note: t.exposeString('note', { nullable: true, description: 'The source\'s own wording, where it adds something.' }),
  }),
});

/**
 * The `sources` field every fact type carries: one batched query per fact type per request.
 */
export function sourcesField<T extends { id: number }>(
  t: FieldBuilder<T>,
  subjectType: SubjectType,
) {
  return t.loadableGroup({
    type: AttributionRef,
    description: 'Who says so: every source attached to this fact.',
    load: (ids: number[], ctx) => Promise.resolve(attributionsFor(ctx.db, ids.map((id) => ({ type: subjectType, id })))),
    group: (a) => a.subjectId,
    resolve: (row) => row.id,
  });
}

builder.queryField('sources', (t) =>
  t.connection({
    type: SourceRef,
    description: 'Every source known, by name.',
    resolve: (_root, args, ctx) => pageConnection(args, (page) => listSources(ctx.db, page)),
  }, { name: 'SourceConnection', description: 'A page of sources.' }, { name: 'SourceEdge', description: 'A source and its cursor.' }),
);
