/**
 * CORS with an allow-list of two origins, over a real server: a listed origin is granted (and the
 * answer varies with the Origin), while an unlisted one and `Origin: null` (a sandboxed frame, a
 * file: or data: page: any page can give itself that origin) get no CORS headers at all, on the
 * preflight and on the request itself. `null` is never granted, even by a wildcard list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server.js';
import { GRAPHQL_RESPONSE, probe, type Answer, type Probe } from './support.js';

const LISTED = ['https://desk.example', 'https://newsroom.example'];
const QUERY = JSON.stringify({ query: '{ __typename }' });

const servers: TestServer[] = [];
const probes: Probe[] = [];

/** A probe of a server allowing `origins`. */
async function allowing(origins: string[]): Promise<Probe> {
  const server = await startServer({ corsOrigins: origins });
  servers.push(server);
  const p = probe(server);
  probes.push(p);
  return p;
}

const preflight = (p: Probe, origin: string) =>
  p.send({
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
const post = (p: Probe, origin: string) =>
  p.send({ headers: { origin, 'content-type': 'application/json', accept: GRAPHQL_RESPONSE }, body: QUERY });

function expectNoGrant(a: Answer) {
  expect(a.headers.get('access-control-allow-origin')).toBeNull();
  expect(a.headers.get('access-control-allow-credentials')).toBeNull();
}

let twoOrigins: Probe;
let wildcard: Probe;

beforeAll(async () => {
  [twoOrigins, wildcard] = await Promise.all([allowing(LISTED), allowing(['*'])]);
});

afterAll(async () => {
  for (const p of probes) p.close();
  await Promise.all(servers.map((s) => s.stop()));
});

describe(`CORS allowing ${LISTED.join(' and ')}`, () => {
  it('Origin: null gets no CORS grant, on the preflight or the request', async () => {
    expectNoGrant(await preflight(twoOrigins, 'null'));
    const a = await post(twoOrigins, 'null');
    expect(a.status).toBe(200);
    expectNoGrant(a);
  });

  it('an unlisted origin gets no CORS headers at all (not `Access-Control-Allow-Origin: null`)', async () => {
    expectNoGrant(await preflight(twoOrigins, 'https://evil.example'));
    expectNoGrant(await post(twoOrigins, 'https://evil.example'));
  });

  it('each listed origin is granted, itself only, and the answer varies with the Origin', async () => {
    for (const origin of LISTED) {
      for (const a of [await preflight(twoOrigins, origin), await post(twoOrigins, origin)]) {
        expect(a.headers.get('access-control-allow-origin')).toBe(origin);
        expect(a.headers.get('vary')).toMatch(/\bOrigin\b/i);
      }
    }
    const answer = await post(twoOrigins, LISTED[0]!);
    expect(answer.json).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('CORS allowing "*"', () => {
  it('any origin is granted, but not null', async () => {
    expect((await post(wildcard, 'https://anywhere.example')).headers.get('access-control-allow-origin')).toBe('https://anywhere.example');
    expectNoGrant(await preflight(wildcard, 'null'));
    expectNoGrant(await post(wildcard, 'null'));
  });
});
