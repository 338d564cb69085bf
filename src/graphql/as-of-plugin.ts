/**
 * The Pothos plugin that gives the fields under an `asOf` field their as-of context. `Query.asOf`
 * (as-of.ts) registers, by its response key, a context whose `db` is an as-of connection (with
 * loaders and planners of its own, as they are kept per context); every resolver below that key
 * then receives it in place of the request's. A request without `asOf` pays one property test per
 * resolved field; default resolvers (reading a property of the parent) are left unwrapped.
 */
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { defaultFieldResolver, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLTypeResolver } from 'graphql';

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      asOf: AsOfPlugin<Types>;
    }
  }
}

/** What the plugin reads of a context: the as-of contexts of the request's `asOf` fields, by response key. */
export interface AsOfScoped {
  asOfRoots?: Map<string, object>;
}

/** The context for a field at `path`: the one of the root field it is under, if that is an `asOf`. */
export function contextAt<C extends object>(ctx: C, info: Pick<GraphQLResolveInfo, 'path'>): C {
  const roots = (ctx as AsOfScoped).asOfRoots;
  if (roots === undefined) return ctx;
  let path = info.path;
  while (path.prev) path = path.prev;
  return (roots.get(String(path.key)) as C | undefined) ?? ctx;
}

export class AsOfPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    _fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (resolver === defaultFieldResolver) return resolver;
    return (parent, args, ctx, info) =>
      resolver(parent, args, (ctx as AsOfScoped).asOfRoots === undefined ? ctx : contextAt(ctx as object, info), info);
  }

  override wrapResolveType(resolveType: GraphQLTypeResolver<unknown, Types['Context']>): GraphQLTypeResolver<unknown, Types['Context']> {
    return (parent, ctx, info, type) =>
      resolveType(parent, (ctx as AsOfScoped).asOfRoots === undefined ? ctx : contextAt(ctx as object, info), info, type);
  }
}

SchemaBuilder.registerPlugin('asOf', AsOfPlugin);
