/** `sources(filter: { name })`: how the desk's source picker finds a source by part of its name. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

describe('sources', () => {
  it('lists those whose name contains the text, case aside, by name; all of them without a filter', async () => {
    const all = (await server.query('{ sources(first: 100) { nodes { name } } }')).sources.nodes.map((s: { name: string }) => s.name);
    const wanted = all.filter((name: string) => /reu/i.test(name));
    expect(wanted.length).toBeGreaterThan(0);
    expect(wanted.length).toBeLessThan(all.length);
    const found = await server.query('{ sources(first: 100, filter: { name: "REU" }) { nodes { name } } }');
    expect(found.sources.nodes.map((s: { name: string }) => s.name)).toEqual(wanted);
  });
});
