/** GraphQL over HTTP to the server that served the page. */

export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

/** A request that failed: at the network, with an HTTP status, or with GraphQL errors. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly errors: GraphQLErrorShape[] = [],
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

export const ENDPOINT = '/graphql';

/**
 * `headers` go with the request as well, e.g. `authorization` (the desk's token) or
 * `idempotency-key` (so a retried write is recorded once).
 */
export async function request<T>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new RequestError(`Could not reach the server (${(error as Error).message}).`, 'NETWORK');
  }
  let body: { data?: T; errors?: GraphQLErrorShape[] };
  try {
    body = await response.json();
  } catch {
    throw new RequestError(`The server answered ${response.status} without a GraphQL response.`, `HTTP_${response.status}`);
  }
  if (body.errors?.length) {
    const first = body.errors[0]!;
    throw new RequestError(first.message, first.extensions?.code, body.errors);
  }
  if (!body.data) throw new RequestError(`The server answered ${response.status} with no data.`, `HTTP_${response.status}`);
  return body.data;
}

/** The WebSocket address of the GraphQL endpoint on this page's host. */
export function webSocketUrl(): string {
  const url = new URL(ENDPOINT, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
