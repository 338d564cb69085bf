/**
 * `node(id)` and `nodes(ids)` for every type that implements Node in schema.graphql, over HTTP,
 * against the seeded article dataset.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');

/** One object of each Node type, as a list query returned it: its id and one identifying field. */
interface Sample {
  id: string;
  field: string;
  value: unknown;
}
const samples: Record<string, Sample> = {};

/** Every `type X implements Node` in the committed schema. */
const nodeTypes = [
  ...readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8').matchAll(/^type (\w+) implements (?:[\w\s&]*\b)?Node\b/gm),
]
  .map((m) => m[1]!)
  .sort();

/** A selection on each Node type of the field compared, aliased so the types do not clash. */
const NODE_FIELDS = /* GraphQL */ `
  __typename
  id
  ... on Conflict { v_conflict: slug }
  ... on Actor { v_actor: name }
  ... on Person { v_person: name }
  ... on PersonTitle { v_personTitle: title }
  ... on Talk { v_talk: title }
  ... on TalkOutcome { v_talkOutcome: description }
  ... on Delegation { v_delegation: description }
  ... on Participation { v_participation: description }
  ... on Incident { v_incident: title }
  ... on Topic { v_topic: slug }
  ... on Position { v_position: stance }
  ... on Proposal { v_proposal: title }
  ... on Provision { v_provision: text }
  ... on Statement { v_statement: paraphrase }
  ... on Figure { v_figure: metric }
  ... on Source { v_source: name }
  ... on Event { v_event: summary }
`;
const valueIn = (node: Record<string, unknown>): unknown => {
  const key = Object.keys(node).find((k) => k.startsWith('v_'));
  return key ? node[key] : undefined;
};

beforeAll(async () => {
  // One document looks up all 17 node types by alias: two more than the default alias limit.
  server = await startServer({ limits: { ...loadConfig({}).limits, aliases: 20 } });
  const data = await server.query(`{
    conflict(slug: "russia-ukraine-war") {
      id slug
      topics { id slug positions { id stance } }
      round(number: 2) {
        id title
        delegations { id description participants { id description } }
      }
      first: round(number: 1) { outcomes { id description } }
    }
    actors(filter: { name: "Kremlin" }) { nodes { id name } }
    people(filter: { name: "Umerov" }) { nodes { id name titles { id title } } }
    incidents(first: 1) { nodes { id title } }
    proposals(filter: { statuses: [RECEIVED] }) { nodes { id title provisions { id text } } }
    statements(first: 1) { nodes { id paraphrase } }
    figures(first: 1) { nodes { id metric } }
    sources(first: 1) { nodes { id name } }
    events(first: 3) { nodes { id summary } }
  }`);
  const c = data.conflict;
  const topic = c.topics.find((t: { slug: string }) => t.slug === 'territory');
  const delegation = c.round.delegations[0];
  const proposal = data.proposals.nodes[0];
  const person = data.people.nodes[0];
  Object.assign(samples, {
    Conflict: { id: c.id, field: 'slug', value: c.slug },
    Actor: { id: data.actors.nodes[0].id, field: 'name', value: data.actors.nodes[0].name },
    Person: { id: person.id, field: 'name', value: person.name },
    PersonTitle: { id: person.titles[0].id, field: 'title', value: person.titles[0].title },
    Talk: { id: c.round.id, field: 'title', value: c.round.title },
    TalkOutcome: { id: c.first.outcomes[1].id, field: 'description', value: c.first.outcomes[1].description },
    Delegation: { id: delegation.id, field: 'description', value: delegation.description },
    Participation: { id: delegation.participants[1].id, field: 'description', value: delegation.participants[1].description },
    Incident: { id: data.incidents.nodes[0].id, field: 'title', value: data.incidents.nodes[0].title },
    Topic: { id: topic.id, field: 'slug', value: topic.slug },
    Position: { id: topic.positions[1].id, field: 'stance', value: topic.positions[1].stance },
    Proposal: { id: proposal.id, field: 'title', value: proposal.title },
    Provision: { id: proposal.provisions[2].id, field: 'text', value: proposal.provisions[2].text },
    Statement: { id: data.statements.nodes[0].id, field: 'paraphrase', value: data.statements.nodes[0].paraphrase },
    Figure: { id: data.figures.nodes[0].id, field: 'metric', value: data.figures.nodes[0].metric },
    Source: { id: data.sources.nodes[0].id, field: 'name', value: data.sources.nodes[0].name },
    Event: { id: data.events.nodes[2].id, field: 'summary', value: data.events.nodes[2].summary },
  } satisfies Record<string, Sample>);
});

afterAll(async () => {
  await server?.stop();
});

/** Every type that implements Node, each covered below. */
const NODE_TYPES = [
  'Conflict',
  'Actor',
  'Person',
  'PersonTitle',
  'Talk',
  'TalkOutcome',
  'Delegation',
  'Participation',
  'Incident',
  'Topic',
  'Position',
  'Proposal',
  'Provision',
  'Statement',
  'Figure',
  'Source',
  'Event',
];

describe('the Node types', () => {
  it('are exactly the 17 types this file covers', () => {
    expect(nodeTypes).toEqual([...NODE_TYPES].sort());
    expect(Object.keys(samples).sort()).toEqual(nodeTypes);
  });

  it('have samples with real, distinct ids and values', () => {
    const all = Object.values(samples);
    expect(new Set(all.map((s) => s.id)).size).toBe(17);
    for (const [type, sample] of Object.entries(samples)) {
      expect(typeof sample.value, `${type}.${sample.field}`).toBe('string');
      expect((sample.value as string).length, `${type}.${sample.field}`).toBeGreaterThan(0);
      // A global ID names its type.
      expect(Buffer.from(sample.id, 'base64url').toString('utf8')).toMatch(new RegExp(`^${type}:[1-9][0-9]*$`));
    }
  });
});

describe('node(id)', () => {
  const NODE = `query($id: ID!) { node(id: $id) { ${NODE_FIELDS} } }`;

  for (const type of NODE_TYPES) {
    it(`returns the same ${type} the lists return`, async () => {
      const sample = samples[type]!;
      const { node } = await server.query(NODE, { id: sample.id });
      expect(node).not.toBeNull();
      expect(node.__typename).toBe(type);
      expect(node.id).toBe(sample.id);
      expect(valueIn(node)).toBe(sample.value);
    });
  }

  it('returns more than the compared field: the object resolves its own relations', async () => {
    const { node } = await server.query(
      `query($id: ID!) { node(id: $id) { ... on Provision { ordinal proposal { id } topic { slug } } } }`,
      { id: samples.Provision!.id },
    );
    expect(node).toEqual({ ordinal: 3, proposal: { id: samples.Proposal!.id }, topic: { slug: 'territory' } });
  });

  it('returns null, without an error, for a well-formed id of a missing row', async () => {
    for (const type of ['Incident', 'Actor', 'Event', 'PersonTitle']) {
      const { status, body } = await server.post(NODE, { id: globalId(type, 987654) });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data.node).toBeNull();
    }
  });
});

describe('nodes(ids)', () => {
  const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { ${NODE_FIELDS} } }`;

  it('returns every type at once, in the order asked', async () => {
    // An order that interleaves types and is unlike the schema's.
    const order = [
      'Event',
      'Provision',
      'Actor',
      'Talk',
      'Figure',
      'Person',
      'Delegation',
      'Source',
      'Conflict',
      'TalkOutcome',
      'Statement',
      'Participation',
      'Topic',
      'Incident',
      'PersonTitle',
      'Position',
      'Proposal',
    ];
    const { nodes } = await server.query(NODES, { ids: order.map((t) => samples[t]!.id) });
    expect(nodes).toHaveLength(17);
    expect(nodes.map((n: { __typename: string }) => n.__typename)).toEqual(order);
    expect(nodes.map((n: { id: string }) => n.id)).toEqual(order.map((t) => samples[t]!.id));
    expect(nodes.map(valueIn)).toEqual(order.map((t) => samples[t]!.value));
  });

  it('returns null in place of each well-formed id of a missing row, keeping the others in order', async () => {
    const ids = [
      globalId('Incident', 987654),
      samples.Talk!.id,
      globalId('Actor', 987654),
      samples.Actor!.id,
      samples.Incident!.id,
      globalId('Event', 987654),
      samples.Person!.id,
      globalId('Talk', 987654),
    ];
    const { status, body } = await server.post(NODES, { ids });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const nodes = body.data.nodes as ({ __typename: string; id: string } | null)[];
    expect(nodes.map((n) => (n ? n.__typename : null))).toEqual([null, 'Talk', null, 'Actor', 'Incident', null, 'Person', null]);
    expect(nodes.map((n) => (n ? n.id : null))).toEqual([
      null,
      samples.Talk!.id,
      null,
      samples.Actor!.id,
      samples.Incident!.id,
      null,
      samples.Person!.id,
      null,
    ]);
  });

  it('returns several objects of one type in the order asked, not in id order', async () => {
    const data = await server.query(`{ actors(first: 100) { nodes { id name } } }`);
    const actors = data.actors.nodes as { id: string; name: string }[];
    expect(actors.length).toBeGreaterThanOrEqual(5);
    const asked = [actors[4]!, actors[0]!, actors[3]!, actors[1]!];
    const { nodes } = await server.query(NODES, { ids: asked.map((a) => a.id) });
    expect(nodes.map((n: { id: string; v_actor: string }) => [n.id, n.v_actor])).toEqual(asked.map((a) => [a.id, a.name]));
  });

  it('returns an id asked twice twice', async () => {
    const { nodes } = await server.query(NODES, { ids: [samples.Topic!.id, samples.Figure!.id, samples.Topic!.id] });
    expect(nodes.map((n: { id: string }) => n.id)).toEqual([samples.Topic!.id, samples.Figure!.id, samples.Topic!.id]);
  });

  it('returns an empty list for no ids', async () => {
    const { nodes } = await server.query(NODES, { ids: [] });
    expect(nodes).toEqual([]);
  });
});
