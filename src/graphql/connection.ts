/** Connections over the domain's keyset pages, and the node wiring shared by every row type. */
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { MaybePromise } from '@pothos/core';
import { resolveCursorConnection, type DefaultConnectionArguments } from '@pothos/plugin-relay';
import { countPages, fetchPages, type Page, type PageQuery, type PageRequest } from '../domain/pagination.js';
import { builder, DEFAULT_PAGE_SIZE } from './builder.js';
import { type Context, perRequest } from './context.js';

export const MAX_PAGE_SIZE = 100;

function checkPageArgs(args: DefaultConnectionArguments): void {
  for (const name of ['first', 'last'] as const) {
    const value = args[name];
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`\`${name}\` must be between 0 and ${MAX_PAGE_SIZE}.`, {
        extensions: { code: 'BAD_USER_INPUT', argument: name },
      });
    }
  }
  if (args.first != null && args.last != null) {
    throw new GraphQLError('Ask for `first` or `last`, not both.', { extensions: { code: 'BAD_USER_INPUT' } });
  }
}

/** A page whose total may still be on its way (counted in a batch with others). */
type PendingPage<T> = Omit<Page<T>, 'totalCount'> & { totalCount: () => MaybePromise<number> };

/** Resolves a Relay connection from one keyset page; `totalCount` is counted only if selected. */
export async function pageConnection<T>(args: DefaultConnectionArguments, fetch: (request: PageRequest) => MaybePromise<PendingPage<T>>) {
  checkPageArgs(args);
  let page: PendingPage<T> | undefined;
  const connection = await resolveCursorConnection<Promise<T[]>>(
    { args, toCursor: (row: T) => page!.cursorOf(row), defaultSize: DEFAULT_PAGE_SIZE, maxSize: MAX_PAGE_SIZE },
    async (request) => {
      page = await fetch(request);
      return page.rows;
    },
  );
  // An empty page has no first or last item, so no cursors (Pothos would echo the request's).
  const pageInfo = connection.edges?.length ? connection.pageInfo : { ...connection.pageInfo, startCursor: null, endCursor: null };
  return { ...connection, pageInfo, totalCount: page!.totalCount };
}

interface PageLoaders {
  pages: DataLoader<PageQuery<unknown>, Page<unknown>>;
  counts: DataLoader<PageQuery<unknown>, number>;
}

// Per request and per source (a table, the timeline). Batching only, no cache: each query is a
// new object, and a subscription's context outlives any cached page.
const pageLoaders = perRequest((ctx: Context) => {
  const bySource = new Map<object, PageLoaders>();
  return (source: object): PageLoaders => {
    let loaders = bySource.get(source);
    if (!loaders) {
      loaders = {
        pages: new DataLoader((queries) => Promise.resolve(fetchPages(ctx.db, queries)), { cache: false }),
        counts: new DataLoader((queries) => Promise.resolve(countPages(ctx.db, queries)), { cache: false }),
      };
      bySource.set(source, loaders);
    }
    return loaders;
  };
});

/**
 * Loads a page together with every page of the same source asked for in the same tick (the same
 * connection under each item of a list, or several connections of one table): one statement for
 * all their rows, and one more for the totals of those that select `totalCount`.
 */
export async function loadPage<T extends { id: number }>(
  ctx: Context,
  query: PageQuery<T>,
  nodes?: { prime(id: number, row: NoInfer<T>): unknown },
): Promise<PendingPage<T>> {
  const loaders = pageLoaders(ctx)(query.source);
  const page = (await loaders.pages.load(query)) as Page<T>;
  // The rows, as read, kept in the request's loader of their node: a link to one of them further
  // down the request (an incident responding to another on the same page) costs no statement.
  // Only rows read now: an object some field builds (an event's subject as committed) is not primed.
  if (nodes) for (const row of page.rows) nodes.prime(row.id, row);
  return { rows: page.rows, cursorOf: page.cursorOf, totalCount: () => loaders.counts.load(query) };
}

/** The id, batch loader and result order of a node backed by a table row. */
export function rowNode<T extends { id: number }>(load: (ctx: Context, ids: number[]) => T[]) {
  return {
    id: { resolve: (row: T) => row.id, parse: (id: string) => Number(id) },
    load: (ids: number[], ctx: Context) => Promise.resolve(load(ctx, ids)),
    sort: (row: T) => row.id,
  };
}

/**
 * The group key of a `loadableGroup` row. A loadable ref's shape also admits its key (an id), but
 * a group loader only ever yields loaded rows, so the row is what reaches `key`.
 */
export function groupBy<T>(key: (row: T) => number | null) {
  return (row: T | number) => key(row as T)!;
}

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole list holds under its filters, across all pages.',
    resolve: (connection) => connection.totalCount(),
  }),
);
