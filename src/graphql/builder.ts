import SchemaBuilder, { type ArgBuilder, type InputFieldMap, type InputShapeFromFields } from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { getNamedType, getNullableType, GraphQLError, isAbstractType, isListType, Kind, type GraphQLField } from 'graphql';
import { DateTimeISOResolver, JSONResolver } from 'graphql-scalars';
import './as-of-plugin.js';
import type { Context } from './context.js';
import { decodeGlobalId, encodeGlobalId, requireNodeType } from './ids.js';

/** Items on a page when a client gives neither `first` nor `last`. */
export const DEFAULT_PAGE_SIZE = 20;

/** Rows a list other than a page is expected to hold: a fact's sources, a talk's delegations, a person's titles. */
const LIST_ROWS = 3;

/**
 * What a field costs, for @pothos/plugin-complexity: the rows the database reads for it, each time
 * it is read. A field read with its row (a scalar, an object made of the row: a date, a venue,
 * pageInfo) costs nothing; an object loaded by id reads one row; a list reads LIST_ROWS; a page
 * reads its size (`first`/`last`, the default page size when neither is given; `ids` for
 * `nodes`). A field's selection is read once per row it reads (the multiplier), so the rows of a
 * nested list add up over the whole page. Each level of a query is one batched statement however
 * many rows it spans (dataloaders), so nothing is charged per row for a statement of its own: a
 * page of 100 statements with their speakers and sources reads 100 + 100 + 300 + 300 rows, in
 * four statements. The limit itself is a setting, enforced before execution
 * (src/server/limits.ts), which also names the costliest fields from these same costs.
 */
export function fieldCost(
  args: Record<string, unknown>,
  field: Pick<GraphQLField<unknown, unknown>, 'args' | 'name' | 'type' | 'extensions'>,
): { field: number; multiplier: number } {
  // A list its resolver computes from the parent's own row (a version's field changes) reads nothing.
  if ((field.extensions as { readsNoRows?: boolean } | undefined)?.readsNoRows) return { field: 0, multiplier: 1 };
  const { first, last, ids } = args as { first?: unknown; last?: unknown; ids?: unknown };
  if (field.args.some((a) => a.name === 'first')) {
    const page = first ?? last;
    const rows = typeof page === 'number' ? Math.min(Math.max(page, 1), 100) : DEFAULT_PAGE_SIZE;
    return { field: rows, multiplier: rows };
  }
  if (Array.isArray(ids)) return { field: ids.length, multiplier: Math.max(ids.length, 1) };
  // A connection's page is counted once, on the connection: its nodes and edges are that page.
  if (field.name === 'nodes' || field.name === 'edges') return { field: 0, multiplier: 1 };
  if (isListType(getNullableType(field.type))) return { field: LIST_ROWS, multiplier: LIST_ROWS };
  const type = getNamedType(field.type);
  // Node references and union members are rows loaded by id; a loadable ref is a table's row.
  const loaded = isAbstractType(type) || type.extensions?.getDataloader !== undefined;
  return { field: loaded ? 1 : 0, multiplier: 1 };
}

export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    Date: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Connection: { totalCount: () => number | Promise<number> };
  AuthScopes: { editor: boolean; admin: boolean };
}>({
  // Scope checks run first; errors sits before dataloader so load failures become typed errors too.
  // asOf first, so that it wraps every other plugin's resolvers: they all get the as-of context.
  plugins: ['asOf', ScopeAuthPlugin, ErrorsPlugin, RelayPlugin, DataloaderPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  complexity: { fieldComplexity: (args, _ctx, field) => fieldCost(args, field) },
  scopeAuth: {
    authScopes: (ctx) => ({ editor: ctx.viewer !== null, admin: ctx.viewer?.role === 'ADMIN' }),
    unauthorizedError: (_parent, ctx) =>
      ctx.viewer
        ? new GraphQLError(`This needs a more privileged token than "${ctx.viewer.name}" (${ctx.viewer.role}).`, {
            extensions: { code: 'FORBIDDEN', http: { status: 403 } },
          })
        : new GraphQLError('Writing needs a token: send `Authorization: Bearer <token>`.', {
            extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
          }),
  },
  errors: { directResult: true },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: decodeGlobalId,
    idFieldOptions: { description: 'The global ID: pass it to `node(id:)` or to any argument that takes this object.' },
    nodeTypeOptions: { description: 'An object with a global ID, fetchable with `node(id:)`.' },
    nodeQueryOptions: {
      description: 'Fetches any object by its global ID; null when no such object exists.',
      args: { id: { description: "A global ID, as any object's `id` field gives it." } },
      resolve: (_root, { id }, _ctx, info, resolveNode) => resolveNode(requireNodeType(info.schema, id)),
    },
    nodesQueryOptions: {
      description: 'Fetches objects by their global IDs, in the order asked; null for each one that does not exist.',
      args: { ids: { description: "Global IDs, as objects' `id` fields give them." } },
      resolve: (_root, { ids }, _ctx, info, resolveNodes) => resolveNodes(ids.map((id) => requireNodeType(info.schema, id))),
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
    mutationInputArgOptions: { description: 'What to write.' },
  },
});

// The scalar checks the form; whether the day exists (2025-02-30) is the domain's to say, so a
// write gets a field-level UserError for it like for any other invalid input.
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const parseDate = (value: unknown): string => {
  if (typeof value === 'string' && datePattern.test(value)) return value;
  throw new GraphQLError(`A Date is written YYYY-MM-DD, not ${JSON.stringify(value)?.slice(0, 40)}.`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
};
builder.scalarType('Date', {
  description: 'A calendar date in ISO 8601 form, YYYY-MM-DD.',
  serialize: (value) => value,
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});
builder.addScalarType('DateTime', DateTimeISOResolver, {
  description: 'An instant in ISO 8601 form with a time zone, e.g. 2025-06-02T09:30:00.000Z.',
});
builder.addScalarType('JSON', JSONResolver, {
  description:
    'Any JSON value (string, number, boolean, null, list or object), as the event log holds it: what a field of a version was or became.',
});

/** The Query type, which `asOf` answers with as it stood. */
export const QueryRef = builder.queryType({ description: 'What can be asked of Parley.' });
builder.mutationType({ description: 'What can be recorded: every write needs a token and appends one event.' });
builder.subscriptionType({ description: 'Live: every event as it is recorded, resumable from a cursor.' });

export type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;
/** The field builder of an object type whose backing value is `Shape`. */
export type FieldBuilder<Shape> = PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>;
/** `t.arg` of any field, for argument sets that several fields share. */
export type Args = ArgBuilder<Types>;
/** The values a resolver receives for an argument set built by `build`. */
export type ArgValues<Build extends (arg: Args) => InputFieldMap> = InputShapeFromFields<ReturnType<Build>>;
