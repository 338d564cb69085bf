/**
 * The cost limit against natural queries, over HTTP on the article plus 100 statements:
 *
 * - a page of 100 statements with their speakers and sources, and a page of 100 proposals with
 *   their provisions and sources, are answered: a batched nested list costs the rows it reads for
 *   the page, not its whole selection again for every row;
 * - a query whose nested pages multiply is refused before it runs, and the refusal names its
 *   costliest fields, where they are and what each costs, in its message and its extensions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
  const editor = createToken(server.app.database.db, { name: 'cost-test editor', role: 'EDITOR' }).token;
  const seed = await server.query(`{
    conflict(slug: "russia-ukraine-war") { id }
    people(filter: { name: "Medinsky" }) { nodes { id } }
    sources(first: 100) { nodes { id name } }
  }`);
  const reuters = seed.sources.nodes.find((s: { name: string }) => s.name === 'Reuters').id;
  const record = `mutation Record($input: RecordStatementInput!) {
    recordStatement(input: $input) { __typename ... on UserError { message } }
  }`;
  const recorded = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      server.post(
        record,
        {
          input: {
            conflict: seed.conflict.id,
            speaker: seed.people.nodes[0].id,
            paraphrase: `Cost test remark ${i}`,
            date: { start: '2025-06-03', precision: 'DAY' },
            sources: [{ source: reuters, relation: 'ACCORDING_TO' }],
          },
        },
        { authorization: `Bearer ${editor}` },
      ),
    ),
  );
  for (const { body } of recorded) expect(body.data?.recordStatement.__typename, JSON.stringify(body)).toBe('RecordStatementPayload');
});

afterAll(async () => {
  await server?.stop();
});

describe('natural queries fit the limit', () => {
  it('a page of 100 statements with their speakers, what they are about, and their sources', async () => {
    const { status, body } = await server.post(`{
      statements(first: 100, orderBy: DATE_DESC) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          id quote paraphrase context
          date { start end precision text }
          speaker { id name aliases titles { title actor { name } } }
          speakingActor { id name }
          talk { id title }
          about { __typename id }
          sources { relation note source { id name kind url } }
        }
      }
    }`);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    expect(status).toBe(200);
    const { nodes } = body.data.statements;
    expect(nodes).toHaveLength(100);
    expect(nodes.every((s: { speaker: { name: string } | null }) => s.speaker?.name)).toBe(true);
    expect(nodes.every((s: { sources: { source: { name: string } }[] }) => s.sources.some((a) => a.source.name === 'Reuters'))).toBe(true);
  });

  it('a page of 100 proposals with their provisions, each with its topic and sources, and their own sources', async () => {
    const { body } = await server.post(`{
      proposals(first: 100) {
        totalCount
        nodes {
          id title status
          submittedBy { id name }
          talk { title }
          provisions { ordinal text topic { name } sources { relation source { name } } }
          sources { relation note source { id name } }
        }
      }
    }`);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    const roadmap = body.data.proposals.nodes.find((p: { title: string }) => p.title === 'Roadmap for peace');
    expect(roadmap.provisions.length).toBeGreaterThan(0);
    expect(roadmap.sources.map((a: { source: { name: string } }) => a.source.name)).toContain('Reuters');
  });
});

describe('a query over the limit', () => {
  it('is refused before it runs, naming its costliest fields with what each costs', async () => {
    const { status, body } = await server.post(`{
      incidents(first: 100) {
        nodes {
          sources { source { name } }
          conflict { rounds: talks(first: 100) { nodes { delegations { participants { id } } } } }
        }
      }
    }`);
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors!;
    // 100 incidents, each read with 3 sources and their source (300 + 300) and its conflict (100),
    // whose 100 rounds (10,000) each have 3 delegations (30,000) of 3 members (90,000).
    expect(error!.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      cost: 130_800,
      limit: 5000,
      costliest: [
        {
          path: ['incidents', 'nodes', 'conflict', 'rounds', 'nodes', 'delegations', 'participants'],
          field: 'Delegation.participants',
          cost: 90_000,
        },
        { path: ['incidents', 'nodes', 'conflict', 'rounds', 'nodes', 'delegations'], field: 'Talk.delegations', cost: 30_000 },
        { path: ['incidents', 'nodes', 'conflict', 'rounds'], field: 'Conflict.talks', cost: 10_000 },
        { path: ['incidents', 'nodes', 'sources'], field: 'Incident.sources', cost: 300 },
        { path: ['incidents', 'nodes', 'sources', 'source'], field: 'Attribution.source', cost: 300 },
      ],
    });
    expect(error!.message).toMatch(/estimated cost is 130800, over the limit of 5000/);
    expect(error!.message).toContain('incidents.nodes.conflict.rounds.nodes.delegations.participants (Delegation.participants) 90000');
  });

  it('counts a field once per row it is read for, through fragments and for each alias', async () => {
    const { body } = await server.post(`{
      a: statements(first: 100) { nodes { ...Said } }
      b: statements(first: 100) { nodes { ...Said } }
    }
    fragment Said on Statement { about { ... on Talk { incidents(first: 20) { nodes { id } } } } }`);
    const [error] = body.errors!;
    expect(error!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
    // Each alias: 100 statements, 300 subjects, 20 incidents for each (6,000).
    expect(error!.extensions!.cost).toBe(2 * (100 + 300 + 6000));
    expect(error!.extensions!.costliest.slice(0, 2)).toEqual([
      { path: ['a', 'nodes', 'about', 'incidents'], field: 'Talk.incidents', cost: 6000 },
      { path: ['b', 'nodes', 'about', 'incidents'], field: 'Talk.incidents', cost: 6000 },
    ]);
  });
});
