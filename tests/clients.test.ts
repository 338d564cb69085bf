/**
 * GraphQL clients as their users set them up, with their defaults, against a real server: urql
 * (queries as GET, no header of Parley's) and Apollo Client with its automatic persisted queries
 * link (a hash first, the document only when the server does not know it).
 */
import { createHash } from 'node:crypto';
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { cacheExchange, Client, fetchExchange } from '@urql/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
/** Each request the clients sent: method, and whether it carried the document. */
let sent: { method: string; withDocument: boolean }[] = [];

/** fetch as the clients use it, recording what they send. */
const recordingFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  const body = request.method === 'POST' ? await request.clone().text() : '';
  sent.push({ method: request.method, withDocument: url.searchParams.has('query') || /"query"\s*:/.test(body) });
  return fetch(request);
};

beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const SECOND_ROUND = `query SecondRound { conflict(slug: "russia-ukraine-war") { round(number: 2) { title venue { city } } } }`;
const EXPECTED = { conflict: { round: { title: 'Second round of direct Russia–Ukraine talks', venue: { city: 'Istanbul' } } } };

describe('urql with its defaults', () => {
  it('asks a query over GET, with no header of its own, and gets the answer', async () => {
    sent = [];
    const client = new Client({ url: server.url, exchanges: [cacheExchange, fetchExchange], fetch: recordingFetch });
    const result = await client.query(SECOND_ROUND, {}).toPromise();
    expect(result.error).toBeUndefined();
    expect(result.data).toMatchObject(EXPECTED);
    expect(sent).toEqual([{ method: 'GET', withDocument: true }]);
  });
});

describe('Apollo Client with its persisted-queries link', () => {
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const apollo = () =>
    new ApolloClient({
      link: new PersistedQueryLink({ sha256 }).concat(new HttpLink({ uri: server.url, fetch: recordingFetch })),
      cache: new InMemoryCache(),
    });

  it('registers the document once, then asks by its hash alone', async () => {
    sent = [];
    const first = await apollo().query({ query: gql(SECOND_ROUND) });
    expect(first.data).toMatchObject(EXPECTED);
    // The hash alone, refused as unknown; then the hash with the document.
    expect(sent).toEqual([
      { method: 'POST', withDocument: false },
      { method: 'POST', withDocument: true },
    ]);
    sent = [];
    const again = await apollo().query({ query: gql(SECOND_ROUND) });
    expect(again.data).toMatchObject(EXPECTED);
    expect(sent).toEqual([{ method: 'POST', withDocument: false }]);
  });

  it('asks by hash over GET when told to, and is answered with a validator a CDN can keep', async () => {
    sent = [];
    let etag: string | null = null;
    const client = new ApolloClient({
      link: new PersistedQueryLink({ sha256, useGETForHashedQueries: true }).concat(
        new HttpLink({
          uri: server.url,
          fetch: async (input, init) => {
            const response = await recordingFetch(input, init);
            if (init?.method === 'GET') etag = response.headers.get('etag');
            return response;
          },
        }),
      ),
      cache: new InMemoryCache(),
    });
    const result = await client.query({ query: gql(SECOND_ROUND) });
    expect(result.data).toMatchObject(EXPECTED);
    expect(sent[0]).toEqual({ method: 'GET', withDocument: false });
    expect(sent.at(-1)!.withDocument).toBe(false);
    expect(etag).toMatch(/^"[\w-]+"$/);
  });
});
