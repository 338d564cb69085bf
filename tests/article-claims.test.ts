/**
 * The article's claims, paragraph by paragraph, each asked for by who holds it: the person's or the
 * actor's own `statements` and `positions`, found by the names people use for them. Then the fields
 * that make that possible: aliases, BEFORE dates, a figure's record, a position's round.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

const CLAIM = `paraphrase quote date { start end precision text } talk { round } sources { relation source { name } }`;

/** The names of the actors a name filter finds. */
async function actorsNamed(name: string): Promise<string[]> {
  const data = await server.query<any>(`query A($name: String!) { actors(filter: { name: $name }, first: 100) { nodes { name } } }`, {
    name,
  });
  return data.actors.nodes.map((a: any) => a.name);
}

/** The one actor a name or alias stands for, with its claims and incidents. */
async function holder(name: string): Promise<any> {
  const data = await server.query<any>(
    `query Holder($name: String!) {
      actors(filter: { name: $name }, first: 2) {
        nodes {
          name aliases
          statements(first: 10) { totalCount nodes { ${CLAIM} } }
          positions(first: 10) { totalCount nodes { stance topic { slug } talk { round } date { start precision } } }
          incidents(first: 10) { totalCount nodes { title actors { side actor { name } } } }
        }
      }
    }`,
    { name },
  );
  expect(data.actors.nodes, `actors found by "${name}"`).toHaveLength(1);
  return data.actors.nodes[0];
}

/** The one person a name finds, with what they said, where they sat and what they were. */
async function person(name: string): Promise<any> {
  const data = await server.query<any>(
    `query Person($name: String!) {
      people(filter: { name: $name }, first: 2) {
        nodes {
          name
          titles { title actor { name } }
          delegations { role actor { name } talk { round } }
          statements(first: 10) { totalCount nodes { ${CLAIM} } }
        }
      }
    }`,
    { name },
  );
  expect(data.people.nodes, `people found by "${name}"`).toHaveLength(1);
  return data.people.nodes[0];
}

const BEFORE_ARTICLE = (text: string | null) => ({ start: null, end: '2025-06-02', precision: 'BEFORE', text });

describe("the article's claims, each by its holder", () => {
  it('¶1: the article itself says prospects for a breakthrough remain dim', async () => {
    const publisher = await holder('Publisher of the article');
    const dim = publisher.statements.nodes.find((s: any) => s.paraphrase.startsWith('Prospects for a breakthrough remain dim'));
    expect(dim).toMatchObject({
      date: { start: '2025-06-02', end: null, precision: 'DAY', text: 'remain dim' },
      talk: { round: 2 },
      sources: [{ relation: 'REPORTED_BY', source: { name: expect.stringContaining('Article:') } }],
    });
    expect(dim.paraphrase).toContain('diverge sharply on key issues');
  });

  it('¶2: Trump has warned Washington could "walk away"; the article says Moscow and Kyiv remain far apart', async () => {
    const trump = await person('Trump');
    const walkAway = trump.statements.nodes.find((s: any) => s.quote === 'walk away');
    expect(walkAway.date).toEqual(BEFORE_ARTICLE('has warned'));

    const farApart = (await holder('Publisher of the article')).statements.nodes.find((s: any) => s.paraphrase.includes('far apart'));
    expect(farApart).toMatchObject({ date: { start: '2025-06-02', precision: 'DAY' }, talk: { round: 2 } });
    expect(farApart.paraphrase).toContain('Moscow and Kyiv remain far apart on the terms of ending the conflict');
  });

  it("¶3: Zelensky's order names Kyiv's delegation; Umerov leads it; Medinsky, Russia's head, previously invoked Napoleon", async () => {
    const zelensky = await person('Zelenskiy');
    expect(zelensky.statements.nodes).toHaveLength(1);
    expect(zelensky.statements.nodes[0]).toMatchObject({
      date: BEFORE_ARTICLE('issued'),
      talk: { round: 2 },
      sources: [{ relation: 'ORDERED_BY' }, { relation: 'REPORTED_BY' }],
    });

    const umerov = await person('Rustem Umerov');
    expect(umerov.titles).toEqual([{ title: 'Defence Minister of Ukraine', actor: { name: 'Ukraine' } }]);
    expect(umerov.delegations).toEqual([{ role: 'PARTY', actor: { name: 'Ukraine' }, talk: { round: 2 } }]);

    const medinsky = await person('Medinsky');
    expect(medinsky.titles).toEqual([{ title: 'Kremlin aide', actor: { name: 'Russia' } }]);
    expect(medinsky.delegations).toEqual([{ role: 'PARTY', actor: { name: 'Russia' }, talk: { round: 2 } }]);
    const napoleon = medinsky.statements.nodes.find((s: any) => s.paraphrase === 'War and negotiations must proceed simultaneously.');
    expect(napoleon.date).toEqual(BEFORE_ARTICLE('previously'));
  });

  it('¶4: Kellogg expects both delegations to present documents', async () => {
    const kellogg = await person('Keith Kellogg');
    expect(kellogg.delegations).toEqual([]);
    expect(kellogg.statements.totalCount).toBe(1);
    expect(kellogg.statements.nodes[0]).toMatchObject({
      paraphrase: expect.stringContaining('Both delegations are expected to present documents'),
      date: BEFORE_ARTICLE('are expected to present'),
      talk: { round: 2 },
    });
  });

  it("¶5: Ukraine's air force counts a record 472 drones; Russia's and Ukraine's incidents are theirs", async () => {
    const airForce = await holder("Ukraine's air force");
    expect(airForce.name).toBe('Ukrainian Air Force');
    expect(airForce.statements.totalCount).toBe(1);
    expect(airForce.statements.nodes[0]).toMatchObject({
      paraphrase: expect.stringContaining('a record 472 drones against Ukraine in a single night'),
      date: { start: '2025-06-01', end: '2025-06-02', precision: 'RANGE' },
      talk: { round: 2 },
      sources: [{ relation: 'ACCORDING_TO', source: { name: "Ukraine's air force" } }, { relation: 'REPORTED_BY' }],
    });

    // "the Kremlin deployed": Russia, as the incident records it.
    const russia = await holder('the Kremlin');
    expect(russia.name).toBe('Russia');
    expect(russia.incidents.nodes.map((i: any) => i.title)).toEqual([
      'Ukrainian attack on Russian nuclear-capable long-range bombers in Siberia',
      'Record 472-drone attack on Ukraine',
    ]);
    expect(russia.incidents.nodes[1].actors[0]).toEqual({ side: 'INITIATOR', actor: { name: 'Russia' } });
    expect((await holder('Kyiv')).incidents.totalCount).toBe(2);
    expect((await holder('Britain')).incidents.totalCount).toBe(0);
  });

  it("¶6: Putin has insisted on Russia's baseline demands; they are Russia's positions at round 2", async () => {
    const putin = await person('Vladimir Putin');
    expect(putin.statements.nodes).toHaveLength(1);
    expect(putin.statements.nodes[0].date).toEqual(BEFORE_ARTICLE('has insisted'));

    const russia = await holder('Moscow');
    expect(russia.positions.nodes.map((p: any) => [p.topic.slug, p.talk?.round ?? null])).toEqual([
      ['nato-membership', 2],
      ['territory', 2],
    ]);
    expect(russia.positions.nodes[0].stance).toContain('abandon its NATO membership ambitions');
  });

  it("¶7: Ukraine's roadmap demands reparations, rejects recognition, keeps the frontline, refuses military limits", async () => {
    const ukraine = await holder('Kyiv');
    expect(ukraine.positions.nodes.map((p: any) => [p.topic.slug, p.talk.round])).toEqual([
      ['territory', 2],
      ['reparations', 2],
      ['military-restrictions', 2],
    ]);
    const round2 = await server.query<any>(`{
      conflict(slug: "russia-ukraine-war") {
        round(number: 2) { positions(first: 50) { totalCount nodes { actor { name } topic { slug } } } }
      }
    }`);
    expect(round2.conflict.round.positions.totalCount).toBe(5);
  });

  it('¶8: the Kremlin (Russia) has said it is still drafting its memorandum; Medinsky told Russian media Moscow would respond on Monday', async () => {
    const russia = await holder('the Kremlin');
    expect(russia.statements.nodes).toHaveLength(1);
    expect(russia.statements.nodes[0]).toMatchObject({
      paraphrase: 'The Kremlin is still drafting its own memorandum.',
      date: BEFORE_ARTICLE('has said'),
      talk: { round: 2 },
    });
    const medinsky = await person('Vladimir Medinsky');
    const respond = medinsky.statements.nodes.find((s: any) => s.paraphrase.includes('would respond on Monday'));
    expect(respond).toMatchObject({
      date: BEFORE_ARTICLE('told Russian media'),
      sources: [{ relation: 'TOLD_TO', source: { name: 'Russian media' } }, { relation: 'REPORTED_BY' }],
    });
  });

  it("¶9: Trump calls Putin crazy, criticises Zelenskiy, warns of sanctions; Washington's position on sanctions", async () => {
    const trump = await person('Donald Trump');
    expect(trump.statements.nodes.map((s: any) => [s.quote, s.date.precision, s.date.text])).toEqual([
      ['walk away', 'BEFORE', 'has warned'],
      ['crazy', 'BEFORE', 'vocally critical'],
      [null, 'BEFORE', 'vocally critical'],
      [null, 'BEFORE', 'has emphasized'],
    ]);
    const washington = await holder('Washington');
    expect(washington.positions.nodes).toEqual([
      {
        stance: expect.stringContaining('additional sanctions on Russia'),
        topic: { slug: 'sanctions' },
        talk: null,
        date: { start: '2025-06-02', precision: 'DAY' },
      },
    ]);
  });

  it('¶10: the White House may withdraw support; the broader community sees an opportunity; the casualties are U.S. estimates', async () => {
    const whiteHouse = await holder('White House');
    expect(whiteHouse.statements.nodes[0]).toMatchObject({
      paraphrase: 'The United States could withdraw support if both sides refuse to compromise.',
      date: { start: '2025-05-01', end: '2025-06-02', precision: 'RANGE', text: 'in recent weeks' },
    });

    const community = await holder('broader geopolitical community');
    expect(community.statements.nodes).toEqual([
      {
        paraphrase: 'The Istanbul negotiations are a critical, albeit uncertain, opportunity to de-escalate the war.',
        quote: null,
        date: { start: '2025-06-02', end: null, precision: 'DAY', text: 'views' },
        talk: { round: 2 },
        sources: [{ relation: 'REPORTED_BY', source: { name: expect.stringContaining('Article:') } }],
      },
    ]);

    const us = await holder('U.S.');
    expect(us.name).toBe('United States');
    expect(us.statements.nodes).toHaveLength(1);
    expect(us.statements.nodes[0]).toMatchObject({
      paraphrase: 'The war has caused more than 1.2 million casualties.',
      date: BEFORE_ARTICLE('according to U.S. estimates'),
      sources: [{ relation: 'ACCORDING_TO', source: { name: 'U.S. estimates' } }, { relation: 'REPORTED_BY' }],
    });
  });

  it('¶11: the territory Russia holds is a figure about Russia, reported by the article alone', async () => {
    const data = await server.query<any>(`{
      actors(filter: { name: "Moscow" }) { nodes { id } }
    }`);
    const figures = await server.query<any>(
      `query F($russia: ID!) { figures(filter: { actor: $russia, metrics: ["territory controlled"] }) { nodes { value unit record { extreme } } } }`,
      { russia: data.actors.nodes[0].id },
    );
    expect(figures.figures.nodes).toEqual([
      { value: 113_100, unit: 'km²', record: null },
      { value: 0.2, unit: "share of Ukraine's territory", record: null },
    ]);
  });
});

describe('names as people use them', () => {
  it.each([
    ['Moscow', 'Russia'],
    ['the Kremlin', 'Russia'],
    ['kremlin', 'Russia'],
    ['Kyiv', 'Ukraine'],
    ['Washington', 'United States'],
    ['U.S.', 'United States'],
    ['Britain', 'United Kingdom'],
    ['the UK', 'United Kingdom'],
    ["Ukraine's air force", 'Ukrainian Air Force'],
  ])('the actors filter finds "%s" as %s', async (alias, name) => {
    expect(await actorsNamed(alias)).toEqual([name]);
  });

  it.each([
    ['Kremlin', 'Russia'],
    ['Moscow', 'Russia'],
    ['Kyiv', 'Ukraine'],
    ['Washington', 'United States'],
    ['Britain', 'United Kingdom'],
  ])('search finds the actor "%s" stands for (%s)', async (alias, name) => {
    const found = await server.query<any>(
      `query ($q: String!) { search(query: $q, kinds: [ACTOR], first: 10) { edges { node { item { ... on Actor { name } } } } } }`,
      { q: alias },
    );
    expect(found.search.edges.map((e: { node: { item: { name: string } } }) => e.node.item.name)).toEqual([name]);
  });

  it('one body is one actor whatever the article calls it', async () => {
    const forces = await server.query<any>(`{ actors(filter: { kinds: [ARMED_FORCE] }) { nodes { name aliases } } }`);
    expect(forces.actors.nodes).toEqual([{ name: 'Ukrainian Air Force', aliases: ["Ukraine's air force"] }]);
    const russia = await holder('Russia');
    expect(russia.aliases).toEqual(['Moscow', 'the Kremlin']);
    // No second actor named for the Kremlin: "Kremlin" finds Russia only.
    expect(await actorsNamed('Kremlin')).toEqual(['Russia']);
  });
});

describe('new fields', () => {
  it("a figure's record: highest so far, among what, within which conflict, against which rivals", async () => {
    const query = `{
      incidents(filter: { subEventTypes: ["AIR_DRONE_STRIKE"] }, first: 1) {
        nodes { figures { id value record { extreme among within { slug } rivals(first: 10) { totalCount nodes { value asOf { start } } } } } }
      }
    }`;
    const before = await server.query<any>(query);
    const drones = before.incidents.nodes[0].figures[0];
    expect(drones.record).toEqual({
      extreme: 'HIGHEST',
      among: 'single-night drone tallies in the war',
      within: { slug: 'russia-ukraine-war' },
      rivals: { totalCount: 0, nodes: [] },
    });

    // An earlier night's tally, recorded later, is one it is measured against; a later one is not.
    const editor = createToken(server.app.database.db, { name: 'claims editor', role: 'EDITOR' }).token;
    const conflict = (await server.query<any>(`{ conflict(slug: "russia-ukraine-war") { id } }`)).conflict.id;
    const record = (value: number, start: string) =>
      server.post(
        `mutation R($input: RecordFigureInput!) { recordFigure(input: $input) { __typename ... on RecordFigurePayload { figure { id record { extreme } } } } }`,
        {
          input: {
            conflict,
            figure: {
              metric: 'drones launched',
              value,
              unit: 'drones',
              about: 'Drones launched against Ukraine in a single night',
              asOf: { start, precision: 'DAY' },
            },
          },
        },
        { authorization: `Bearer ${editor}` },
      );
    const earlier = await record(355, '2025-05-25');
    expect(earlier.body.errors).toBeUndefined();
    expect(earlier.body.data.recordFigure.figure.record).toBeNull();
    expect((await record(500, '2025-07-01')).body.errors).toBeUndefined();
    const after = await server.query<any>(query);
    expect(after.incidents.nodes[0].figures[0].record.rivals).toEqual({
      totalCount: 1,
      nodes: [{ value: 355, asOf: { start: '2025-05-25' } }],
    });
  });

  it('a BEFORE date is written with an end and no start, and a date list puts it first', async () => {
    const editor = createToken(server.app.database.db, { name: 'claims before', role: 'EDITOR' }).token;
    const ids = await server.query<any>(
      `{ conflict(slug: "russia-ukraine-war") { id } people(filter: { name: "Umerov" }) { nodes { id } } }`,
    );
    const write = (date: Record<string, unknown>) =>
      server.post(
        `mutation S($input: RecordStatementInput!) {
          recordStatement(input: $input) {
            __typename
            ... on RecordStatementPayload { statement { id date { start end precision text } } }
            ... on UserError { message fields { field } }
          }
        }`,
        { input: { conflict: ids.conflict.id, speaker: ids.people.nodes[0].id, paraphrase: 'Kyiv is ready to talk.', date } },
        { authorization: `Bearer ${editor}` },
      );
    const said = await write({ end: '2025-06-01', precision: 'BEFORE', text: 'has said' });
    expect(said.body.data.recordStatement.statement.date).toEqual({
      start: null,
      end: '2025-06-01',
      precision: 'BEFORE',
      text: 'has said',
    });
    const refused = await write({ start: '2025-05-01', end: '2025-06-01', precision: 'BEFORE' });
    expect(refused.body.data.recordStatement.__typename).not.toBe('RecordStatementPayload');

    const umerov = await person('Umerov');
    expect(umerov.statements.nodes.map((s: any) => s.date.precision)).toEqual(['BEFORE']);
    // Oldest first: a BEFORE's earliest day is not known, so it comes before every dated statement.
    const timeline = await server.query<any>(`{
      conflict(slug: "russia-ukraine-war") {
        timeline(kinds: [STATEMENT], first: 100) { nodes { date item { ... on Statement { date { precision } } } } }
      }
    }`);
    const precisions = timeline.conflict.timeline.nodes.map((n: any) => n.item.date.precision);
    const firstDated = precisions.findIndex((p: string) => p !== 'BEFORE');
    expect(firstDated).toBeGreaterThan(0);
    expect(precisions.slice(firstDated)).not.toContain('BEFORE');
  });

  it('positions are listed by holder, topic and round', async () => {
    const ids = await server.query<any>(`{
      actors(filter: { name: "Kyiv" }) { nodes { id } }
      conflict(slug: "russia-ukraine-war") { topics { id slug } round(number: 2) { id } }
    }`);
    const territory = ids.conflict.topics.find((t: any) => t.slug === 'territory').id;
    const data = await server.query<any>(
      `query P($ukraine: ID!, $territory: ID!, $round: ID!) {
        byTopic: positions(filter: { topic: $territory }) { nodes { actor { name } } }
        byBoth: positions(filter: { actor: $ukraine, talk: $round }, orderBy: DATE_DESC) { totalCount }
        all: positions { totalCount }
      }`,
      { ukraine: ids.actors.nodes[0].id, territory, round: ids.conflict.round.id },
    );
    expect(data.byTopic.nodes.map((p: any) => p.actor.name)).toEqual(['Russia', 'Ukraine']);
    expect(data.byBoth.totalCount).toBe(3);
    expect(data.all.totalCount).toBe(6);
  });
});
