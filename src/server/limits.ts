/**
 * What one client may ask of the server, enforced before execution: graphql-armor for the shape
 * of a document (depth, aliases, directives, tokens, field suggestions), Pothos' complexity rule
 * for its cost, yoga's plugins for CSRF and introspection, and rate-limiter-flexible for writes.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { createComplexityRule } from '@pothos/plugin-complexity';
import { GraphQLError, getOperationAST, validate, type ExecutionArgs, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import type { Context } from '../graphql/context.js';

/** The header a non-browser client sends with a GET (browsers cannot send it without a preflight). */
export const CSRF_HEADER = 'x-parley-csrf';

/**
 * Rejects an operation whose estimated cost is over the limit, before any resolver runs. It is
 * measured per request, not at validation: the cost depends on the variables (`first: $n`), and
 * yoga caches validation by document text.
 */
function costLimit(maxCost: number): Plugin {
  const check = (args: ExecutionArgs): GraphQLError[] =>
    [
      ...validate(args.schema, args.document, [
        createComplexityRule({
          context: args.contextValue as object,
          variableValues: (args.variableValues as Record<string, unknown> | undefined) ?? {},
          operationName: args.operationName ?? undefined,
          validate: (result, reportError) => {
            if (result.complexity <= maxCost) return;
            reportError(
              new GraphQLError(
                `The query is too expensive: its estimated cost is ${result.complexity}, over the limit of ${maxCost}. Ask for smaller pages (first/last) or fewer nested lists.`,
                { extensions: { code: 'QUERY_TOO_COMPLEX', cost: result.complexity, limit: maxCost } },
              ),
            );
          },
        }) as ValidationRule,
      ]),
    ];
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const errors = check(args);
      if (errors.length) setResultAndStopExecution({ errors });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const errors = check(args);
      if (errors.length) setResultAndStopExecution({ errors });
    },
  };
}

/** Each client (its token, else its address) may make `perMinute` mutations a minute. */
function mutationRateLimit(perMinute: number): Plugin<Context> {
  const limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName ?? undefined);
      if (operation?.operation !== 'mutation') return;
      const ctx = args.contextValue as Context;
      const client = ctx.viewer ? `token:${ctx.viewer.tokenId}` : `address:${ctx.address ?? 'unknown'}`;
      try {
        await limiter.consume(client);
      } catch {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`Too many writes: at most ${perMinute} mutations a minute per client. Try again shortly.`, {
              extensions: { code: 'RATE_LIMITED', http: { status: 429 } },
            }),
          ],
        });
      }
    },
  };
}

export function limitPlugins(config: Config): Plugin[] {
  const { limits } = config;
  const plugins: Plugin[] = [
    EnvelopArmorPlugin({
      maxDepth: { n: limits.depth, ignoreIntrospection: true, flattenFragments: true },
      maxAliases: { n: limits.aliases },
      maxDirectives: { n: limits.directives },
      maxTokens: { n: limits.tokens },
      // The cost is measured by the page-aware rule below instead.
      costLimit: { enabled: false },
      blockFieldSuggestion: { enabled: config.production },
    }) as Plugin,
    costLimit(limits.cost),
    mutationRateLimit(limits.mutationsPerMinute) as Plugin,
    useCSRFPrevention({ requestHeaders: [CSRF_HEADER] }),
  ];
  if (!config.introspection) plugins.push(useDisableIntrospection());
  return plugins;
}
