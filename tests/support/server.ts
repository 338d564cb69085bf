/**
 * A real Parley server on a temporary SQLite file, listening on a port the OS picks; what every
 * black-box test talks to over HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from '../../src/config.js';
import { buildApp, type App, type BuildOptions } from '../../src/server/app.js';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestServer {
  app: App;
  url: string;
  dbPath: string;
  /**
   * POSTs a GraphQL request; resolves with the HTTP status and the parsed body. `headers` are sent
   * too (e.g. `{ authorization: 'Bearer …' }`).
   */
  post<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: GraphQLResponse<T> }>;
  /** POSTs a GraphQL request and fails the test on any GraphQL error. */
  query<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

/** A free port, taken from the OS and released, so a server can be started again where a client expects it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A server on a port and a database file chosen here, so that a test can stop it and start
 * another (`startServer({ port, dbPath })`) where its pages and clients expect it. The caller
 * removes `dir`.
 */
export async function startRestartableServer(prefix: string): Promise<{ server: TestServer; port: number; dir: string; dbPath: string }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dbPath = join(dir, 'parley.sqlite');
  return { server: await startServer({ port, dbPath }), port, dir, dbPath };
}

/**
 * A GraphQL request to the endpoint at `url`, with a bearer token when given; fails the test on any
 * GraphQL error. For tests that stop and start servers at one address, where no server object lasts.
 */
export async function graphqlAt<T = any>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResponse<T>;
  if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

/** Starts a server with the default settings, on port 0 and a fresh file, with any overrides. */
export async function startServer(overrides: Partial<Config> = {}, options: BuildOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  // Warnings and errors only: a line per request from every server of a run would bury vitest's own output.
  const config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    dbPath: join(dir, 'parley.sqlite'),
    logLevel: 'warn' as const,
    ...overrides,
  };
  const dbPath = config.dbPath;
  const app = buildApp(config, options);
  const { url } = await app.start();
  const post = async <T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as GraphQLResponse<T> };
  };
  return {
    app,
    url,
    dbPath,
    post,
    async query<T>(query: string, variables?: Record<string, unknown>) {
      const { body } = await post<T>(query, variables);
      if (body.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
      return body.data as T;
    },
    async stop() {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
