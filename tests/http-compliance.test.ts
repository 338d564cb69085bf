/**
 * GraphQL-over-HTTP conformance: graphql-http's server audit (every MUST and SHOULD of the spec)
 * against a live server. No audit may fail: a failing MUST is an `error`, a failing SHOULD a `warn`.
 */
import { auditServer, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

/**
 * The audit's requests, with `x-parley-csrf: 1` added. Parley refuses POSTs that are not JSON
 * (a form, text/plain) without this header (CSRF prevention, src/server/limits.ts): a browser
 * sends those cross-site without a CORS preflight. The audit is a non-browser client, like curl
 * or a server-side app, which can send the header as a matter of course; without it, the audit
 * would measure the CSRF refusal (403) of its non-JSON POSTs rather than GraphQL-over-HTTP.
 */
const fetchWithCsrfHeader: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('x-parley-csrf', '1');
  return fetch(input, { ...init, headers });
};

async function describeFailure(result: Exclude<AuditResult, { status: 'ok' }>): Promise<string> {
  let body: string;
  try {
    body = await result.response.clone().text();
  } catch {
    body = '(body already read)';
  }
  const headers = [...result.response.headers].map(([k, v]) => `${k}: ${v}`).join('; ');
  return `[${result.status}] ${result.name} (${result.id}): ${result.reason}\n    → ${result.response.status} ${headers}\n    ${body.slice(0, 600)}`;
}

describe('GraphQL-over-HTTP (graphql-http auditServer)', () => {
  it('passes every MUST and every SHOULD', async () => {
    const results = await auditServer({ url: server.url, fetchFn: fetchWithCsrfHeader });
    // The audit ran in full (graphql-http 1.23 has 61 server audits).
    expect(results.length).toBeGreaterThanOrEqual(50);
    const failing = results.filter((r): r is Exclude<AuditResult, { status: 'ok' }> => r.status === 'error' || r.status === 'warn');
    const report = (await Promise.all(failing.map(describeFailure))).join('\n');
    expect(
      failing.map((r) => `${r.status}: ${r.name}`),
      report,
    ).toEqual([]);
    // Every MUST audit ran and passed.
    const musts = results.filter((r) => r.name.startsWith('MUST'));
    expect(musts.length).toBeGreaterThanOrEqual(10);
    expect(musts.every((r) => r.status === 'ok')).toBe(true);
  });
});
