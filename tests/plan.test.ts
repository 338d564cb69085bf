/**
 * Reads planned from the selection (src/graphql/plan.ts): the first relation field resolved on a
 * row reads every relation selected below the rows at its place in the answer, in one statement;
 * relation fields below answer from it. Statements are counted through `buildApp`'s `onStatement`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUERY } from '../src/server/default-query.js';
import { globalId, liveCount, Recorder, record, seeded } from './support/live.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let counted: string[] = [];
let counting = false;
const open: Recorder[] = [];

beforeAll(async () => {
  server = await startServer({}, { onStatement: (sql) => counting && counted.push(sql) });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
  await liveCount(server.url, 0);
});
afterAll(() => server?.stop());

async function statementsOf<T = any>(query: string, variables: Record<string, unknown> = {}) {
  counted = [];
  counting = true;
  try {
    return { data: await server.query<T>(query, variables), statements: [...counted] };
  } finally {
    counting = false;
  }
}

/** The planned statements: each reads the relations of the rows at one place in the answer. */
const planned = (statements: string[]) => statements.filter((sql) => sql.includes("'related'"));
const names = (list: { name: string }[]) => list.map((x) => x.name);
/** The heads of round 2's seven delegations, by the order they were recorded. */
const HEADS = ['Rustem Umerov', 'Vladimir Medinsky', null, null, null, null, null];

describe('reads planned from the selection', () => {
  it("GraphiQL's default query reads the talk's relations and the incidents' each in one statement (6 in all, not 13)", async () => {
    const { data, statements } = await statementsOf(DEFAULT_QUERY);
    // The conflict, the round, the round's relations, the incidents' page, its count, their relations.
    expect(statements).toHaveLength(6);
    expect(planned(statements)).toHaveLength(2);
    const round = data.conflict.round;
    expect(round.host).toEqual({ name: 'Turkey' });
    const [ukraine, russia] = round.delegations;
    expect(ukraine.actor.name).toBe('Ukraine');
    expect(ukraine.head.person.name).toBe('Rustem Umerov');
    expect(ukraine.participants).toHaveLength(4);
    expect(ukraine.sources.map((s: { source: { name: string } }) => s.source.name)).toContain(
      round.sources[0].source.name, // the article
    );
    expect(ukraine.sources).toHaveLength(2);
    expect(russia.head.person.name).toBe('Vladimir Medinsky');
    expect(names(round.delegations.map((d: { actor: { name: string } }) => d.actor))).toEqual([
      'Ukraine',
      'Russia',
      'Turkey',
      'United Kingdom',
      'France',
      'Germany',
      'United States',
    ]);
    const [bombers, drones] = round.incidentsAround.nodes;
    expect(drones.figures.map((f: { value: number }) => f.value)).toEqual([472]);
    expect(drones.respondedTo).toEqual({ title: bombers.title });
    expect(bombers.respondedTo).toBeNull();
    expect(drones.sources).toHaveLength(2);
  });

  it('reads only the columns the selection reads of related rows, and those a field picks among them by', async () => {
    const { data, statements } = await statementsOf(`{
      conflict(slug: "russia-ukraine-war") { round(number: 2) { delegations { head { person { name } } } } }
    }`);
    const [plan] = planned(statements);
    // The head is the member whose role is HEAD: the role is read though not selected.
    expect(plan).toContain("'role'");
    expect(plan).not.toContain("'recordedAt'");
    expect(plan).not.toContain("'description'");
    expect(data.conflict.round.delegations.map((d: { head: { person: { name: string } } | null }) => d.head?.person.name ?? null)).toEqual(
      HEADS,
    );
    // A field that reads its row otherwise than through a column (an incident's date) reads them all.
    const around = await statementsOf(`{
      conflict(slug: "russia-ukraine-war") { round(number: 2) { incidentsAround { nodes { respondedTo { date { start precision } } } } } }
    }`);
    expect(planned(around.statements)[0]).toContain("'datePrecision'");
    expect(around.data.conflict.round.incidentsAround.nodes[1].respondedTo.date).toEqual({ start: '2025-06-01', precision: 'DAY' });
  });

  it('follows aliases, fragments and @skip: a relation only a skipped field selects is not read', async () => {
    const query = `query ($skip: Boolean!) {
      node(id: "${globalId('Talk', 2)}") {
        ... on Talk {
          plain: delegations { actor { name } }
          ...Heads
          delegations { participants @skip(if: $skip) { role } }
        }
      }
    }
    fragment Heads on Talk { withHeads: delegations { head @skip(if: $skip) { person { name } } } }`;
    const skipped = await statementsOf(query, { skip: true });
    expect(planned(skipped.statements)).toHaveLength(1);
    expect(planned(skipped.statements)[0]).not.toContain('"participations"');
    expect(skipped.data.node.plain.map((d: { actor: { name: string } }) => d.actor.name)).toHaveLength(7);
    expect(skipped.data.node.withHeads[0]).toEqual({});
    expect(skipped.data.node.delegations[0]).toEqual({});

    const followed = await statementsOf(query, { skip: false });
    expect(planned(followed.statements)).toHaveLength(1);
    expect(planned(followed.statements)[0]).toContain('"participations"');
    expect(followed.data.node.withHeads.map((d: { head: { person: { name: string } } | null }) => d.head?.person.name ?? null)).toEqual(
      HEADS,
    );
    expect(followed.data.node.delegations[0].participants.map((p: { role: string }) => p.role)).toContain('HEAD');
  });

  it('a row planned at one place still answers a relation another place selects, through its loader', async () => {
    // The same talk row, from the node loader, at two places with different relations.
    const talk = globalId('Talk', 2);
    const { data } = await statementsOf(`{
      conflict(slug: "russia-ukraine-war") { round(number: 2) { delegations { actor { name } } } }
      node(id: "${talk}") { ... on Talk { host { name } sources { source { kind } } } }
    }`);
    expect(data.conflict.round.delegations).toHaveLength(7);
    expect(data.node.host).toEqual({ name: 'Turkey' });
    expect(data.node.sources).toEqual([{ source: { kind: 'ARTICLE' } }]);
  });

  it("a subscription's planned relations are read anew for each event", async () => {
    const { rows } = seeded(server.app.database.db);
    const recorder = new Recorder(
      'sse',
      server.url,
      'subscription { incidentRecorded { incident { title figures { value } actors { side actor { name } } } } }',
    );
    open.push(recorder);
    await liveCount(server.url, 1);
    const figure = (value: number) => ({
      metric: 'killed',
      value,
      unit: 'people',
      about: 'deaths reported',
      asOf: { start: '2025-06-01', precision: 'DAY' as const },
    });
    record(server.app.writer, rows.conflict, 'planned A', { figures: [figure(3)], actors: [{ actorId: rows.russia, side: 'INITIATOR' }] });
    record(server.app.writer, rows.conflict, 'planned B', { figures: [figure(5), figure(8)] });
    await recorder.waitForData(2);
    expect(recorder.data.map((d) => d.incidentRecorded.incident)).toEqual([
      { title: 'planned A', figures: [{ value: 3 }], actors: [{ side: 'INITIATOR', actor: { name: 'Russia' } }] },
      { title: 'planned B', figures: [{ value: 5 }, { value: 8 }], actors: [] },
    ]);
  });
});
