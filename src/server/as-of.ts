/**
 * Every query's answer (of the knowledge base: not one of the schema alone) says which event it reflects, in `extensions.asOf`: `{ eventId, cursor }`
 * for the present read (the newest event this process knew when the read began: the one the
 * response cache keys its answers by), and under `fields`, for each `asOf` field by response key,
 * the event it was answered at. A client cites the cursor and reads the same again with
 * `asOf(cursor:)`. A cached answer keeps the extensions it was stored with, which name the same
 * events: the cache is emptied by each new event.
 */
import { getOperationAST, Kind, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { eventCursor } from '../domain/events.js';
import type { Context } from '../graphql/context.js';

interface Cited {
  eventId: number;
  cursor: string;
}

/** `{ __typename }`, `{ __schema { … } }`: a query of the schema reads nothing recorded, and cites nothing. */
const asksOnlyTheSchema = (operation: OperationDefinitionNode) =>
  operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD && selection.name.value.startsWith('__'));

const cite = (eventId: number): Cited => ({ eventId, cursor: eventCursor({ id: eventId }) });

export function asOfExtensions(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'query' || asksOnlyTheSchema(operation)) return;
      const ctx = args.contextValue as Context;
      const present = ctx.stream.newestKnownId;
      return {
        onExecuteDone({ result, setResult }) {
          // An answer without data (its variables refused, say) reflects no event.
          if (!('data' in result) || result.data == null) return;
          if ((result.extensions as { asOf?: unknown } | undefined)?.asOf) return;
          const fields = ctx.asOfRoots && Object.fromEntries([...ctx.asOfRoots].map(([key, scoped]) => [key, cite(scoped.asOf ?? 0)]));
          setResult({ ...result, extensions: { ...result.extensions, asOf: { ...cite(present), ...(fields && { fields }) } } });
        },
      };
    },
  };
}
