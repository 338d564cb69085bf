/** How errors reach clients: expected ones with a code, anything unexpected masked. */
import { maskError } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { DomainError } from '../domain/errors.js';

/** Domain errors become client errors with a code; anything unexpected is masked by yoga. */
export function toClientError(error: unknown, message: string, isDev?: boolean): Error {
  // yoga puts the JSON parser's own error (V8's message, quoting the body) in the extensions.
  // Without it yoga would answer 200 to an application/json client (it keys its 400 on that
  // extension), so the status is given outright: 400 whatever the client accepts.
  if (error instanceof GraphQLError && error.extensions?.originalError !== undefined) {
    const {
      originalError: _parserDetail,
      http,
      ...extensions
    } = error.extensions as Record<string, unknown> & { http?: { status?: number } };
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      extensions: { ...extensions, http: { status: http?.status ?? 400 } },
    });
  }
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof DomainError) {
    return new GraphQLError(original.message, {
      nodes: error instanceof GraphQLError ? error.nodes : undefined,
      path: error instanceof GraphQLError ? error.path : undefined,
      extensions: { code: original.code, ...(original.issues.length ? { issues: original.issues } : {}) },
    });
  }
  return maskError(error, message, isDev);
}
