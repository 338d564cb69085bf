/**
 * One execution per event for every subscriber of the same operation. What a subscription shows
 * for an event depends on the event, the document, the operation name, the variables used below
 * the subscription field and the viewer (the one piece of the context a field looks at: scope
 * checks). The arguments of a field declared by `liveField` (src/graphql/live.ts: `after`,
 * `filter`, `id`) only choose which events reach a subscriber, so they are left out of the key:
 * subscribers that resumed from different cursors, or filter differently, share results.
 * Subscribers that agree get the very same result, executed once, which carries what their
 * transports make of it (`encoded`), so that it is serialised once too. Each subscriber keeps its
 * own source stream, so filters, cursors, backpressure, stall drops, quotas and completion stay
 * its own.
 *
 * Only events shared by reference are memoised: caught-up subscribers read the stream's in-memory
 * tail and get the same event objects; a replay reads rows of its own and is executed alone.
 */
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  GraphQLError,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { EventRow } from '../domain/events.js';
import type { LiveSubscription } from '../domain/stream.js';
import type { Context } from '../graphql/context.js';
import { isLiveField } from '../graphql/live.js';

/** What a transport makes of a result to write it (its bytes on the wire). */
export type Encoding<T> = (result: ExecutionResult) => T;

/**
 * A result executed once for several subscribers, with its encodings made once. Its properties are
 * the execution's result's and nothing else (the encodings are private fields), so whatever reads,
 * copies or serialises results (error masking, graphql-ws) finds an ordinary result.
 */
class SharedResult implements ExecutionResult {
  declare readonly errors?: ExecutionResult['errors'];
  declare readonly data?: ExecutionResult['data'];
  declare readonly extensions?: ExecutionResult['extensions'];

  readonly #encodings = new Map<Encoding<unknown>, unknown>();

  constructor(result: ExecutionResult) {
    Object.assign(this, result);
  }

  encoded<T>(encoding: Encoding<T>): T {
    let made = this.#encodings.get(encoding) as T | undefined;
    if (made === undefined) this.#encodings.set(encoding, (made = encoding(this)));
    return made;
  }
}

/** `result` as `encoding` makes it: once however many subscribers write it, when it is shared. */
export function encoded<T>(result: ExecutionResult, encoding: Encoding<T>): T {
  return result instanceof SharedResult ? result.encoded(encoding) : encoding(result);
}

type Result = ExecutionResult | Promise<ExecutionResult>;

/**
 * How many of the newest events keep their results: enough for subscribers that are a few events
 * apart; one further behind executes the event again, which costs time, not correctness.
 */
const EVENTS_KEPT = 16;

/** The variables a document uses other than in its live fields' arguments. */
function variablesOfResults(schema: GraphQLSchema, document: DocumentNode): string[] {
  const found = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument: () => (typeInfo.getDirective() === null && isLiveField(typeInfo.getFieldDef()) ? false : undefined),
      VariableDefinition: () => false,
      Variable: (node) => void found.add(node.name.value),
    }),
  );
  return [...found].sort();
}

class SharedExecutions {
  /**
   * Per document, a number for the key and the variables its results depend on: documents by
   * identity, yoga's parser cache handing out one object per query text (of this yoga's schema).
   */
  private readonly documents = new WeakMap<DocumentNode, { id: number; variables: string[] }>();
  private documentCount = 0;
  /** Live subscriptions per operation key: a key held by one subscriber alone is not worth keeping. */
  private readonly holders = new Map<string, number>();
  /** event → operation key → its result, for the newest `EVENTS_KEPT` events seen. */
  private readonly results = new Map<object, Map<string, SharedResult | Promise<SharedResult>>>();

  operationKey(args: ExecutionArgs): string {
    let document = this.documents.get(args.document);
    if (!document) {
      document = { id: ++this.documentCount, variables: variablesOfResults(args.schema, args.document) };
      this.documents.set(args.document, document);
    }
    const variables = args.variableValues ?? {};
    // An unset variable (its default applies) and one set to null are told apart.
    const used = document.variables.map((name) => (name in variables ? [name, variables[name]] : [name]));
    const viewer = (args.contextValue as Context | undefined)?.viewer;
    return `${document.id}\n${args.operationName ?? ''}\n${viewer?.tokenId ?? ''}\n${JSON.stringify(used)}`;
  }

  hold(key: string): () => void {
    this.holders.set(key, (this.holders.get(key) ?? 0) + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const left = (this.holders.get(key) ?? 1) - 1;
      if (left > 0) this.holders.set(key, left);
      else this.holders.delete(key);
    };
  }

  execute(args: ExecutionArgs, key: string, event: unknown): Result {
    if (typeof event !== 'object' || event === null || (this.holders.get(key) ?? 0) < 2) return execute({ ...args, rootValue: event });
    let byOperation = this.results.get(event);
    if (!byOperation) {
      this.results.set(event, (byOperation = new Map()));
      if (this.results.size > EVENTS_KEPT) this.results.delete(this.results.keys().next().value!);
    }
    let result = byOperation.get(key);
    if (!result) {
      const executed = execute({ ...args, rootValue: event });
      result = 'then' in executed ? executed.then((done) => new SharedResult(done)) : new SharedResult(executed);
      byOperation.set(key, result);
    }
    return result;
  }
}

/**
 * A transport that writes a subscriber's results itself, when asked between two of the
 * subscriber's pulls: `offer` writes the result at once and answers true, or answers false
 * (the socket is busy or gone) and the result goes through the pull as usual. Results reach it
 * only when nothing of the subscriber's is in flight, and only as the pull would deliver them:
 * complete, without errors (the plugins that change results, masking and scrubbing, change only
 * errors), so both ways write the same bytes, in order.
 */
export interface ResultSink {
  offer(result: ExecutionResult): boolean;
}

/**
 * What a transport puts in the context of a subscription it can write directly, before the
 * subscription is executed: its results are offered to `resultSink` whenever they are ready while
 * the subscriber waits (see `LiveSubscription`). A subscription that is not over the event stream
 * keeps its pull alone.
 */
export interface DirectWrites {
  resultSink?: ResultSink;
}

const isLive = (source: AsyncIterator<unknown>): source is LiveSubscription => 'deliverDirectly' in source;

/**
 * A subscriber's results: its own source stream, mapped through the shared executions. Ending it
 * ends the source at once (an async generator would first wait for the source's next event).
 */
class SharedResults implements AsyncIterableIterator<ExecutionResult> {
  private readonly release: () => void;

  private readonly args: ExecutionArgs;

  private readonly sink: ResultSink | undefined;

  constructor(
    private readonly source: AsyncIterator<unknown>,
    { rootValue: _sourceRoot, ...args }: ExecutionArgs,
    private readonly key: string,
    private readonly shared: SharedExecutions,
  ) {
    // Each event is the root of its own execution: the subscribe call's root need not be kept.
    this.args = args;
    this.release = shared.hold(key);
    this.sink = (args.contextValue as DirectWrites | undefined)?.resultSink;
    if (this.sink && isLive(source)) source.deliverDirectly(this);
  }

  /** @internal An event that arrived while the subscriber waits: its result, if the sink can write it now. */
  offer(event: EventRow): boolean {
    const result = this.shared.execute(this.args, this.key, event);
    return !('then' in result) && result.errors === undefined && this.sink!.offer(result);
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  // Not an async function: at thousands of subscribers per event, each await and each implicit
  // promise showed in the profile (GC and microtasks); a result executed already is returned
  // from the same `then` that received the event.
  next(): Promise<IteratorResult<ExecutionResult>> {
    return this.source.next().then(
      (step): IteratorResult<ExecutionResult> | Promise<IteratorResult<ExecutionResult>> => {
        if (step.done) {
          this.release();
          return { value: undefined, done: true };
        }
        const result = this.shared.execute(this.args, this.key, step.value);
        return 'then' in result ? result.then((value) => ({ value, done: false })) : { value: result, done: false };
      },
      (error: unknown) => {
        this.release();
        // As yoga's own executor does: an error from the source is the operation's, its cause kept.
        const operation = getOperationAST(this.args.document, this.args.operationName);
        throw new GraphQLError(error instanceof Error ? error.message : String(error), {
          originalError: error instanceof Error ? error : undefined,
          nodes: operation ? [operation] : undefined,
        });
      },
    );
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.release();
    await this.source.return?.();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.release();
    await this.source.return?.();
    throw error;
  }
}

export function sharedSubscriptionResults(): Plugin {
  const shared = new SharedExecutions();
  const subscribe = async (args: ExecutionArgs) => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    return new SharedResults(source[Symbol.asyncIterator](), args, shared.operationKey(args), shared);
  };
  return {
    onSubscribe({ setSubscribeFn }) {
      setSubscribeFn(subscribe);
    },
  };
}
