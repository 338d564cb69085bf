/**
 * What one client may ask of the server, enforced before execution: graphql-armor for the shape
 * of a document (depth, aliases, directives, tokens, field suggestions), Pothos' complexity rule
 * for its cost, yoga's CSRF plugin, envelop's plugin that refuses introspection at validation (so
 * over every transport), and rate-limiter-flexible for writes.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@envelop/disable-introspection';
import { createComplexityRule } from '@pothos/plugin-complexity';
import {
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isInterfaceType,
  isObjectType,
  validate,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import { fieldCost } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';

/**
 * The header a POST that is not JSON must carry (browsers cannot add it without a preflight).
 *
 * Parley authenticates with bearer tokens, never cookies, so a request a third-party page makes a
 * browser send carries no credentials: a GET (a query: yoga refuses mutations over GET) asks
 * nothing of the server that anyone could not ask themselves, and is left free for clients that
 * send queries as GET with their defaults (urql, Apollo's persisted queries). A POST a browser
 * sends cross-site without a preflight (a form, text/plain) still needs the header: nothing a
 * client needs arrives that way, and it would let any page spend its visitors' network position
 * (an address's write allowance, a server bound only on an internal network) on writes.
 */
export const CSRF_HEADER = 'x-parley-csrf';

/** yoga's CSRF check, for the requests that may write. */
function csrfPrevention(): Plugin {
  const { onRequestParse } = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return { onRequestParse: (payload) => (payload.request.method === 'GET' ? undefined : onRequestParse?.(payload)) };
}

/** The arguments the cost rule reads (src/graphql/builder.ts, fieldComplexity). */
const COST_ARGUMENTS = new Set(['first', 'last', 'ids']);

/** The variables a document's cost depends on: those passed to a cost argument. */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(argument) {
      if (!COST_ARGUMENTS.has(argument.name.value)) return false;
      visit(argument.value, { Variable: (variable) => void names.add(variable.name.value) });
      return false;
    },
  });
  return [...names];
}

/** A document's fragments by name, as its spreads name them. */
function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return fragments;
}

/** The costliest fields a refusal names. */
const COSTLIEST_LISTED = 5;

/** What one field of an operation adds to its cost: where it is, which field it is, and how much. */
interface FieldCost {
  /** Response keys from the root, as a GraphQL error's `path`. */
  path: string[];
  /** The field's schema coordinate, `Type.field`. */
  field: string;
  cost: number;
}

/**
 * The costliest fields of an operation, each with what it adds to the cost the complexity rule
 * measured: its own cost (fieldCost) times the rows it is read for. Computed for a refusal only,
 * so a client learns which page or nested list to shrink.
 */
function costliestFields(args: ExecutionArgs): FieldCost[] {
  const operation = getOperationAST(args.document, args.operationName ?? undefined);
  if (!operation) return [];
  const variables = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {}).coerced ?? {};
  const fragments = fragmentsOf(args.document);
  const costs = new Map<string, FieldCost>();
  const walk = (selectionSet: SelectionSetNode, type: GraphQLNamedType, path: string[], times: number): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind !== Kind.FIELD) {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        const condition = fragment?.typeCondition ? args.schema.getType(fragment.typeCondition.name.value) : type;
        if (fragment && condition) walk(fragment.selectionSet, condition, path, times);
        continue;
      }
      const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[selection.name.value] : undefined;
      if (!field) continue;
      const cost = fieldCost(getArgumentValues(field, selection, variables), field);
      const at = [...path, (selection.alias ?? selection.name).value];
      const key = `${at.join('.')} ${type.name}.${field.name}`;
      const known = costs.get(key) ?? { path: at, field: `${type.name}.${field.name}`, cost: 0 };
      known.cost += cost.field * times;
      costs.set(key, known);
      if (selection.selectionSet) walk(selection.selectionSet, getNamedType(field.type), at, times * cost.multiplier);
    }
  };
  const root = args.schema.getRootType(operation.operation);
  if (root) walk(operation.selectionSet, root, [], 1);
  return [...costs.values()]
    .filter((c) => c.cost > 0)
    .sort((a, b) => b.cost - a.cost)
    .slice(0, COSTLIEST_LISTED);
}

/** Costs measured per document, by the values of its cost variables; bounded per document. */
const MEASURED_PER_DOCUMENT = 64;

/**
 * Rejects an operation whose estimated cost is over the limit, before any resolver runs. It is
 * measured per request, not at validation: the cost depends on the variables (`first: $n`), and
 * yoga caches validation by document text. Measuring walks the whole document, so a cost within
 * the limit is remembered per document and cost-variable values. Then a query or mutation leaves
 * its variables to the executor (coerced once, not twice), and a variable it refuses is reported as
 * the rule reports it.
 */
function costLimit(maxCost: number): Plugin {
  const measured = new WeakMap<DocumentNode, { variables: string[]; withinLimit: Set<string> }>();
  const check = (args: ExecutionArgs): GraphQLError[] => [
    ...validate(args.schema, args.document, [
      createComplexityRule({
        context: args.contextValue as object,
        variableValues: (args.variableValues as Record<string, unknown> | undefined) ?? {},
        operationName: args.operationName ?? undefined,
        validate: (result, reportError) => {
          if (result.complexity <= maxCost) return;
          const costliest = costliestFields(args);
          const named = costliest.map((c) => `${c.path.join('.')} (${c.field}) ${c.cost}`).join(', ');
          reportError(
            new GraphQLError(
              `The query is too expensive: its estimated cost is ${result.complexity}, over the limit of ${maxCost}. ` +
                `It costs the most in ${named}. Ask for smaller pages (first/last) or fewer nested lists.`,
              { extensions: { code: 'QUERY_TOO_COMPLEX', cost: result.complexity, limit: maxCost, costliest } },
            ),
          );
        },
      }) as ValidationRule,
    ]),
  ];
  // The complexity rule also coerces the variables; a variable it cannot coerce is the client's
  // mistake (400 BAD_USER_INPUT), as the executor itself would report it.
  const badInput = (errors: readonly GraphQLError[]) =>
    errors.map((e) =>
      e.extensions?.code
        ? e
        : new GraphQLError(e.message, { nodes: e.nodes, extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } }),
    );
  /** The errors, or null when the cost is known to be within the limit: the variables are then left unchecked. */
  const checked = (args: ExecutionArgs): GraphQLError[] | null => {
    let known = measured.get(args.document);
    if (!known) measured.set(args.document, (known = { variables: costVariables(args.document), withinLimit: new Set() }));
    const inputs = (args.variableValues as Record<string, unknown> | undefined) ?? {};
    // Absent and null differ: an absent variable takes its default, a null one the default page size.
    const key = JSON.stringify([args.operationName ?? null, ...known.variables.map((name) => (name in inputs ? [inputs[name]] : []))]);
    if (known.withinLimit.has(key)) return null;
    const errors = badInput(check(args));
    if (!errors.length && known.withinLimit.size < MEASURED_PER_DOCUMENT) known.withinLimit.add(key);
    return errors;
  };
  // From an executor, errors with no data at all and no error thrown by a resolver are a request
  // error: a variable it could not coerce. (A subscription's errors before its first event look
  // the same, so subscriptions coerce their variables here, as on a first request.)
  const variableErrors = ({ result, setResult }: { result: unknown; setResult: (result: never) => void }) => {
    const { errors } = result as { errors?: readonly GraphQLError[] };
    if (errors?.length && !('data' in (result as object)) && errors.every((e) => !e.originalError))
      setResult({ errors: badInput(errors) } as never);
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const errors = checked(args);
      if (!errors) return { onExecuteDone: variableErrors };
      if (errors.length) setResultAndStopExecution({ errors });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      let errors = checked(args);
      if (!errors) {
        const operation = getOperationAST(args.document, args.operationName ?? undefined);
        const coerced = operation && getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
        errors = coerced?.errors ? badInput(coerced.errors) : [];
      }
      if (errors.length) setResultAndStopExecution({ errors });
    },
  };
}

/**
 * The mutations an operation runs: its root fields as the executor collects them (through
 * fragments, less those @skip/@include leaves out, one per response key). None when its
 * variables cannot be coerced: the executor then runs nothing.
 */
function mutationsIn(args: ExecutionArgs, operation: OperationDefinitionNode): number {
  const variables = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
  if (variables.errors) return 0;
  const fragments = fragmentsOf(args.document);
  const included = (node: SelectionNode) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables.coerced)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, variables.coerced)?.if !== false;
  const keys = new Set<string>();
  const spread = new Set<string>();
  const collect = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (!included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) keys.add((selection.alias ?? selection.name).value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        collect(selection.selectionSet);
      } else if (!spread.has(selection.name.value)) {
        spread.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet);
      }
    }
  };
  collect(operation.selectionSet);
  return keys.size;
}

/**
 * Each client (its token, else its address) may make `perMinute` mutations a minute, counted as
 * the mutation fields each operation runs, so that aliases and a batch's operations count each,
 * over every transport. An operation that would go over what is left is refused whole: a partly
 * run operation would leave the client to work out which of its writes were recorded.
 */
function mutationRateLimit(perMinute: number): Plugin<Context> {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName ?? undefined);
      if (operation?.operation !== 'mutation') return;
      const mutations = mutationsIn(args, operation);
      if (!mutations) return;
      const ctx = args.contextValue as Context;
      const client = ctx.viewer ? `token:${ctx.viewer.tokenId}` : `address:${ctx.address ?? 'unknown'}`;
      // An operation too big for what is left is refused without consuming, so it costs the
      // client nothing (consume counts a refused operation's points too). Consuming stays the
      // atomic step: one that another operation beat to the allowance is refused there.
      const used = (await limiter.get(client))?.consumedPoints ?? 0;
      if (
        used + mutations <= perMinute &&
        (await limiter.consume(client, mutations).then(
          () => true,
          () => false,
        ))
      )
        return;
      const message =
        mutations > perMinute
          ? `This operation makes ${mutations} mutations, more than the ${perMinute} a minute one client may make: send fewer at once.`
          : `Too many writes: at most ${perMinute} mutations a minute per client. Try again shortly.`;
      setResultAndStopExecution({ errors: [new GraphQLError(message, { extensions: { code: 'RATE_LIMITED', http: { status: 429 } } })] });
    },
  };
}

/**
 * graphql-armor throws its refusals out of validation, which yoga answers 200 with no code; reported
 * as validation errors instead they are what they are: 400 GRAPHQL_VALIDATION_FAILED.
 */
const reportRefusal = (ctx: ValidationContext | null, error: GraphQLError) => {
  ctx?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
};
const asValidationError = { propagateOnRejection: false, onReject: [reportRefusal] };

/** " Did you mean …?" in any message: fields, arguments, types, enum values, input fields. */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** Strips suggestions from every error: validation (all kinds) and execution (variable coercion). */
function hideSuggestions(): Plugin {
  // A new error rather than an edited one: compiled execution (graphql-jit) hands out errors whose
  // message cannot be reassigned.
  const scrub = <E extends Error>(error: E): E | GraphQLError => {
    const message = error.message.replace(SUGGESTION, '');
    if (message === error.message) return error;
    const { nodes, source, positions, path, originalError, extensions } = error as unknown as GraphQLError;
    return new GraphQLError(message, { nodes, source, positions, path, originalError, extensions });
  };
  const scrubResult = ({ result, setResult }: { result: unknown; setResult: (result: never) => void }) => {
    const errors = result && typeof result === 'object' && 'errors' in result ? (result as { errors?: GraphQLError[] }).errors : undefined;
    if (errors?.length) setResult({ ...(result as object), errors: errors.map(scrub) } as never);
  };
  return {
    onValidate:
      () =>
      ({ result, setResult }) => {
        if (result.length) setResult(result.map(scrub));
      },
    onExecute: () => ({ onExecuteDone: scrubResult }),
    onSubscribe: () => ({ onSubscribeResult: scrubResult }),
  };
}

export function limitPlugins(config: Config): Plugin[] {
  const { limits } = config;
  // Suggestions name the schema's fields, arguments, types and values: with introspection off,
  // they would give away what refusing it hides.
  const suggestions = config.introspection && !config.production;
  const plugins: Plugin[] = [
    ...(suggestions ? [] : [hideSuggestions()]),
    EnvelopArmorPlugin({
      maxDepth: { n: limits.depth, ignoreIntrospection: true, flattenFragments: true, ...asValidationError },
      maxAliases: { n: limits.aliases, ...asValidationError },
      maxDirectives: { n: limits.directives, ...asValidationError },
      maxTokens: { n: limits.tokens },
      // The cost is measured by the page-aware rule below instead.
      costLimit: { enabled: false },
      blockFieldSuggestion: { enabled: !suggestions },
    }) as Plugin,
    costLimit(limits.cost),
    mutationRateLimit(limits.mutationsPerMinute) as Plugin,
    csrfPrevention(),
  ];
  if (!config.introspection) plugins.push(useDisableIntrospection() as Plugin);
  return plugins;
}
