import SchemaBuilder, { type ArgBuilder, type InputFieldMap, type InputShapeFromFields } from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';
import type { Context } from './context.js';
import { decodeGlobalId, encodeGlobalId } from './ids.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Connection: { totalCount: () => number };
}>({
  plugins: [RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    idFieldOptions: { description: 'The global ID: pass it to `node(id:)` or to any argument that takes this object.' },
    nodeTypeOptions: { description: 'An object with a global ID, fetchable with `node(id:)`.' },
    nodeQueryOptions: {
      description: 'Fetches any object by its global ID; null when no such object exists.',
      args: { id: { description: 'A global ID, as any object\'s `id` field gives it.' } },
    },
    nodesQueryOptions: {
      description: 'Fetches objects by their global IDs, in the order asked; null for each one that does not exist.',
      args: { ids: { description: 'Global IDs, as objects\' `id` fields give them.' } },
    },
    pageInfoTypeOptions: { description: 'Where a page sits in its list, and the cursors to move from it.' },
    hasNextPageFieldOptions: { description: 'Whether more items follow this page (when paging forward).' },
    hasPreviousPageFieldOptions: { description: 'Whether items precede this page (when paging backward).' },
    startCursorFieldOptions: { description: 'The cursor of the first item of the page; pass it as `before` for the page before.' },
    endCursorFieldOptions: { description: 'The cursor of the last item of the page; pass it as `after` for the page after.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the list.' },
    edgesFieldOptions: { nullable: false, description: 'The items of this page, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: { description: 'Where this item sits: pass it as `after` or `before` to page from it.' },
    nodesOnConnection: { description: 'The items of this page, without their cursors.' },
    firstArgOptions: { description: 'Page forward: at most this many items (0 to 100; 20 when neither first nor last is given).' },
    afterArgOptions: { description: 'Page forward from this cursor (exclusive).' },
    lastArgOptions: { description: 'Page backward: at most this many items, the last ones (0 to 100).' },
    beforeArgOptions: { description: 'Page backward from this cursor (exclusive).' },
  },
});

builder.addScalarType('Date', LocalDateResolver, {
  description: 'A calendar date in ISO 8601 form, YYYY-MM-DD.',
});
builder.addScalarType('DateTime', DateTimeISOResolver, {
  description: 'An instant in ISO 8601 form with a time zone, e.g. 2025-06-02T09:30:00.000Z.',
});

builder.queryType({ description: 'What can be asked of Parley.' });

export type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
/** The field builder of an object type whose backing value is `Shape`. */
export type FieldBuilder<Shape> = PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>;
/** `t.arg` of any field, for argument sets that several fields share. */
export type Args = ArgBuilder<Types>;
/** The values a resolver receives for an argument set built by `build`. */
export type ArgValues<Build extends (arg: Args) => InputFieldMap> = InputShapeFromFields<ReturnType<Build>>;
