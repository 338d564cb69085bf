/**
 * The article, paragraph by paragraph, over HTTP: every paragraph of
 * `seeds/000_573a4fccb884c982.txt` is queryable from a real server seeded with it, the way a client
 * would ask, with its facts and the sources the article names for them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/server.js';

const ARTICLE = 'Article: Second round of Russia–Ukraine talks in Istanbul (2 June 2025)';
const REUTERS_NOTE = "Ukraine's proposed roadmap for peace, a copy of which Reuters obtained";

/** Attribution as the API returns it, when `{ relation note source { name } }` is selected. */
interface Attribution {
  relation: string;
  note?: string | null;
  source: { name: string; kind?: string };
}

/** `relation source-name` pairs, in the order the API gives them. */
const cited = (sources: Attribution[]) => sources.map((a) => `${a.relation} ${a.source.name}`);

const ONLY_ARTICLE = [`REPORTED_BY ${ARTICLE}`];
const ORDER = [`ORDERED_BY Presidential executive order (Zelensky)`, `REPORTED_BY ${ARTICLE}`];
const ROADMAP = [`OBTAINED_BY Reuters`, `REPORTED_BY ${ARTICLE}`];

const SOURCES = `sources { relation note source { name kind } }`;

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

/** One query against the article's conflict. */
async function conflict<T = any>(selection: string, variables?: Record<string, unknown>): Promise<T> {
  const vars = variables ?? {};
  const decl = Object.keys(vars).length
    ? `(${Object.entries(vars)
        .map(([k, v]) => `$${k}: ${Array.isArray(v) ? '[ID!]' : 'ID!'}`)
        .join(', ')})`
    : '';
  const data = await server.query<{ conflict: T }>(`query Article${decl} { conflict(slug: "russia-ukraine-war") { ${selection} } }`, vars);
  expect(data.conflict).not.toBeNull();
  return data.conflict;
}

/** The global ID of the one person a name (or alias) finds. */
async function personId(name: string): Promise<string> {
  const data = await server.query<{ people: { totalCount: number; nodes: { id: string; name: string }[] } }>(
    `query Person($name: String!) { people(filter: { name: $name }) { totalCount nodes { id name } } }`,
    { name },
  );
  expect(data.people.totalCount, `people named "${name}"`).toBe(1);
  return data.people.nodes[0]!.id;
}

/** The global ID of the one actor a name finds exactly. */
async function actorId(name: string): Promise<string> {
  const data = await server.query<{ actors: { nodes: { id: string; name: string }[] } }>(
    `query Actor($name: String!) { actors(filter: { name: $name }, first: 100) { nodes { id name } } }`,
    { name },
  );
  const exact = data.actors.nodes.filter((a) => a.name === name);
  expect(exact, `actors named "${name}"`).toHaveLength(1);
  return exact[0]!.id;
}

const STATEMENT = `
  quote paraphrase context
  date { start end precision text }
  speaker { name }
  speakingActor { name parent { name } }
  talk { round }
  about {
    __typename
    ... on Person { name }
    ... on Actor { name }
    ... on Topic { slug }
    ... on Talk { round }
    ... on Proposal { title }
    ... on Delegation { actor { name } }
    ... on Conflict { slug }
  }
  ${SOURCES}
`;

/** Statements matching a filter, over the top-level `statements` query. */
async function statements(filter: Record<string, unknown>): Promise<any[]> {
  const data = await server.query<{ statements: { totalCount: number; nodes: any[] } }>(
    `query Statements($filter: StatementFilter) { statements(filter: $filter, first: 50) { totalCount nodes { ${STATEMENT} } } }`,
    { filter },
  );
  expect(data.statements.nodes).toHaveLength(data.statements.totalCount);
  return data.statements.nodes;
}

describe('the article, paragraph by paragraph, over HTTP', () => {
  it('¶1 lead: the second round in Istanbul on Monday, the war since 2022', async () => {
    const c = await conflict(`
      slug name
      began { start end precision text }
      ${SOURCES}
      round(number: 2) {
        round title status
        date { start end precision text }
        venue { city country }
        delegations { actor { name } role attendance }
        description
        ${SOURCES}
      }
      timeline(kinds: [TALK]) { totalCount nodes { date kind item { __typename ... on Talk { round title } } } }
    `);

    // "… since the war began in 2022"
    expect(c.name).toBe('Russia–Ukraine war');
    expect(c.began).toEqual({ start: '2022-01-01', end: null, precision: 'YEAR', text: 'the war began in 2022' });
    expect(cited(c.sources)).toEqual(ONLY_ARTICLE);

    // "… are meeting on Monday in Istanbul for the second round of direct peace negotiations"
    const r2 = c.round;
    expect(r2).toMatchObject({
      round: 2,
      title: 'Second round of direct Russia–Ukraine talks',
      status: 'SCHEDULED',
      date: { start: '2025-06-02', end: null, precision: 'DAY', text: 'Monday' },
      venue: { city: 'Istanbul', country: 'Turkey' },
    });
    // Russian and Ukrainian officials are the two negotiating parties.
    const parties = r2.delegations.filter((d: any) => d.role === 'PARTY').map((d: any) => d.actor.name);
    expect(parties).toEqual(['Ukraine', 'Russia']);
    // "… prospects for a breakthrough remain dim as both sides continue to clash … and diverge sharply on key issues"
    expect(r2.description).toContain('Prospects for a breakthrough remain dim');
    expect(r2.description).toContain('diverge sharply on key issues');
    expect(cited(r2.sources)).toEqual(ONLY_ARTICLE);

    // It is the second round: the timeline of talks holds round 1, then round 2 on Monday.
    expect(c.timeline.totalCount).toBe(2);
    expect(c.timeline.nodes.map((n: any) => [n.date, n.kind, n.item.__typename, n.item.round])).toEqual([
      ['2025-05-16', 'TALK', 'Talk', 1],
      ['2025-06-02', 'TALK', 'Talk', 2],
    ]);
  });

  it('¶2: hosted by Turkey; round 1 on 16 May swapped prisoners but brought no ceasefire; Trump may "walk away"', async () => {
    const c = await conflict(`
      round1: round(number: 1) {
        round status date { start end precision text }
        description
        outcomes { description achieved ${SOURCES} }
        ${SOURCES}
      }
      round2: round(number: 2) {
        host { name kind countryCode }
        delegations { actor { name } role attendance description }
      }
      round3: round(number: 3) { title }
      concluded: talks(filter: { statuses: [CONCLUDED] }) { totalCount nodes { round } }
      topics { slug description }
    `);

    // "… a tentative first round of talks held on May 16"
    expect(c.round1).toMatchObject({
      round: 1,
      status: 'CONCLUDED',
      date: { start: '2025-05-16', end: null, precision: 'DAY', text: 'May 16' },
    });
    expect(c.round1.description).toContain('A tentative first round');
    expect(cited(c.round1.sources)).toEqual(ONLY_ARTICLE);
    // "… which led to the largest prisoner swap of the war but failed to produce any movement toward a ceasefire"
    expect(c.round1.outcomes.map((o: any) => [o.description, o.achieved])).toEqual([
      ['The largest prisoner swap of the war', true],
      ['No movement toward a ceasefire or lasting peace', false],
    ]);
    for (const o of c.round1.outcomes) expect(cited(o.sources)).toEqual(ONLY_ARTICLE);
    expect(c.concluded.totalCount).toBe(1);
    expect(c.concluded.nodes).toEqual([{ round: 1 }]);
    // Only two rounds are recorded.
    expect(c.round3).toBeNull();
    // The issues round 1 touched are topics of the conflict.
    const topics = Object.fromEntries(c.topics.map((t: any) => [t.slug, t.description]));
    expect(topics.prisoners).toContain('largest prisoner swap of the war');
    expect(topics.ceasefire).toContain('the first round produced no movement toward one');

    // "The renewed diplomatic engagement, hosted by Turkey"
    expect(c.round2.host).toEqual({ name: 'Turkey', kind: 'STATE', countryCode: 'TR' });
    expect(c.round2.delegations.find((d: any) => d.role === 'HOST')).toEqual({
      actor: { name: 'Turkey' },
      role: 'HOST',
      attendance: 'CONFIRMED',
      description: 'Turkey hosts the renewed diplomatic engagement in Istanbul.',
    });

    // "… U.S. President Donald Trump, who has warned that Washington could “walk away” from supporting the war"
    const trump = await personId('Donald Trump');
    const walkAway = (await statements({ speaker: trump })).filter((s) => s.quote === 'walk away');
    expect(walkAway).toHaveLength(1);
    expect(walkAway[0]).toMatchObject({
      speaker: { name: 'Donald Trump' },
      paraphrase: 'Washington could walk away from supporting the war.',
      // "has warned": before the article, not how long before.
      date: { start: null, end: '2025-06-02', precision: 'BEFORE', text: 'has warned' },
      about: [{ __typename: 'Conflict', slug: 'russia-ukraine-war' }],
    });
    expect(cited(walkAway[0].sources)).toEqual(ONLY_ARTICLE);
  });

  it("¶3 High-Stakes Dialogue: Umerov leads Kyiv's delegation by Zelensky's executive order; Medinsky heads Russia's, invoking Napoleon", async () => {
    const c = await conflict(`
      round(number: 2) {
        delegations {
          actor { name }
          role attendance description
          head { role description person { name } }
          participants { role description person { name titles { title actor { name } } } ${SOURCES} }
          ${SOURCES}
        }
      }
    `);
    const byActor = (name: string) => c.round.delegations.find((d: any) => d.actor.name === name);

    // "Ukrainian Defence Minister Rustem Umerov is leading Kyiv’s delegation, joined by Deputy Foreign
    // Minister and several military and intelligence officials, according to an executive order"
    const kyiv = byActor('Ukraine');
    expect(kyiv).toMatchObject({ role: 'PARTY', attendance: 'CONFIRMED' });
    expect(kyiv.description).toContain('executive order issued by President Volodymyr Zelensky');
    expect(kyiv.head).toEqual({
      role: 'HEAD',
      description: 'Defence Minister; leads the delegation',
      person: { name: 'Rustem Umerov' },
    });
    expect(kyiv.participants.map((p: any) => [p.role, p.person?.name ?? null, p.description])).toEqual([
      ['HEAD', 'Rustem Umerov', 'Defence Minister; leads the delegation'],
      ['MEMBER', null, 'a deputy foreign minister (unnamed)'],
      ['MEMBER', null, 'several military officials (unnamed)'],
      ['MEMBER', null, 'several intelligence officials (unnamed)'],
    ]);
    expect(kyiv.participants[0].person.titles).toEqual([{ title: 'Defence Minister of Ukraine', actor: { name: 'Ukraine' } }]);
    // The executive order is the source of the delegation and of each of its members.
    expect(cited(kyiv.sources)).toEqual(ORDER);
    for (const p of kyiv.participants) expect(cited(p.sources)).toEqual(ORDER);
    expect(kyiv.sources[0].source.kind).toBe('OFFICIAL_DOCUMENT');

    // The order itself, as a statement by President Zelensky, sourced to the order.
    const zelensky = await personId('Volodymyr Zelensky');
    const order = await statements({ speaker: zelensky, talk: (await conflict(`round(number: 2) { id }`)).round.id });
    expect(order).toHaveLength(1);
    expect(order[0].context).toBe('Executive order issued by President Volodymyr Zelensky.');
    expect(order[0].paraphrase).toContain('Defence Minister Rustem Umerov leads it');
    expect(order[0].about.map((a: any) => a.__typename)).toEqual(['Talk', 'Delegation', 'Person']);
    expect(order[0].about[1]).toEqual({ __typename: 'Delegation', actor: { name: 'Ukraine' } });
    expect(order[0].about[2]).toEqual({ __typename: 'Person', name: 'Rustem Umerov' });
    expect(cited(order[0].sources)).toEqual(ORDER);

    // "Russia’s team is headed by Kremlin aide Vladimir Medinsky"
    const moscow = byActor('Russia');
    expect(moscow).toMatchObject({ role: 'PARTY', attendance: 'CONFIRMED', description: "Russia's team." });
    expect(moscow.head.person.name).toBe('Vladimir Medinsky');
    expect(moscow.participants).toHaveLength(1);
    // "Kremlin aide": the Kremlin is the article's name for Russia's leadership, so Russia's aide.
    expect(moscow.participants[0].person.titles).toEqual([{ title: 'Kremlin aide', actor: { name: 'Russia' } }]);
    expect(cited(moscow.sources)).toEqual(ONLY_ARTICLE);

    // "… who previously invoked Napoleon to assert that war and negotiations must proceed simultaneously"
    const medinsky = await personId('Medinsky');
    const napoleon = (await statements({ speaker: medinsky })).filter((s) => s.context === 'Medinsky invoked Napoleon.');
    expect(napoleon).toHaveLength(1);
    expect(napoleon[0]).toMatchObject({
      paraphrase: 'War and negotiations must proceed simultaneously.',
      date: { start: null, end: '2025-06-02', precision: 'BEFORE', text: 'previously' },
      about: [{ __typename: 'Conflict', slug: 'russia-ukraine-war' }],
    });
  });

  it('¶4: Kellogg expects both delegations to bring documents; Britain, France and Germany expected, the U.S. unclear', async () => {
    const kellogg = await personId('Keith Kellogg');
    const people = await server.query<any>(
      `query Kellogg($id: ID!) { node(id: $id) { ... on Person { name description titles { title actor { name } } } } }`,
      { id: kellogg },
    );
    // "According to Trump’s envoy Keith Kellogg"
    expect(people.node).toEqual({
      name: 'Keith Kellogg',
      description: "Trump's envoy.",
      titles: [{ title: 'U.S. envoy', actor: { name: 'United States' } }],
    });

    // "… both delegations are expected to present documents outlining their peace proposals during the Istanbul talks"
    const said = await statements({ speaker: kellogg });
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({
      speaker: { name: 'Keith Kellogg' },
      paraphrase: 'Both delegations are expected to present documents outlining their peace proposals during the Istanbul talks.',
      talk: { round: 2 },
      about: [{ __typename: 'Talk', round: 2 }],
      date: { start: null, end: '2025-06-02', precision: 'BEFORE' },
    });
    expect(cited(said[0].sources)).toEqual(ONLY_ARTICLE);
    // Both did: each party has a document put to round 2.
    const c = await conflict(`
      round(number: 2) {
        proposals { nodes { title submittedBy { name } } }
        delegations { actor { name countryCode } role attendance description ${SOURCES} }
      }
    `);
    expect(c.round.proposals.nodes.map((p: any) => [p.submittedBy.name, p.title])).toEqual([
      ['Ukraine', 'Roadmap for peace'],
      ['Russia', "Russia's memorandum"],
    ]);

    // "Representatives from Britain, France, and Germany will also participate, although the level of
    // U.S. involvement remains unclear."
    const others = c.round.delegations.filter((d: any) => d.role === 'PARTICIPANT');
    expect(others.map((d: any) => [d.actor.name, d.actor.countryCode, d.attendance])).toEqual([
      ['United Kingdom', 'GB', 'EXPECTED'],
      ['France', 'FR', 'EXPECTED'],
      ['Germany', 'DE', 'EXPECTED'],
      ['United States', 'US', 'UNCLEAR'],
    ]);
    expect(others[3].description).toBe('The level of U.S. involvement remains unclear.');
    for (const d of others) expect(cited(d.sources)).toEqual(ONLY_ARTICLE);
  });

  it('¶5: the Sunday strike on bombers in Siberia, and the record 472-drone night that answered it', async () => {
    const INCIDENT = `
      title eventType subEventType description
      date { start end precision text }
      location { name region country }
      actors { side actor { name } }
      talk { round }
      respondedTo { title date { start } }
      responses { title }
      figures { metric value unit qualifier about actor { name } ${SOURCES} }
      ${SOURCES}
    `;
    const data = await server.query<any>(`
      {
        siberia: incidents(filter: { location: "siberia" }) { totalCount nodes { ${INCIDENT} } }
        drones: incidents(filter: { subEventTypes: ["AIR_DRONE_STRIKE"] }) { totalCount nodes { ${INCIDENT} } }
        conflict(slug: "russia-ukraine-war") {
          round(number: 2) {
            incidentsAround(daysBefore: 2) { totalCount nodes { title } }
            incidents { totalCount nodes { title } }
          }
          timeline(kinds: [INCIDENT], date: { from: "2025-05-31", to: "2025-06-01" }) { totalCount nodes { date kind item { ... on Incident { title } } } }
        }
      }
    `);

    // "On Sunday, Ukraine launched a bold attack targeting Russian nuclear-capable long-range bombers
    // in Siberia and other strategic military sites."
    expect(data.siberia.totalCount).toBe(1);
    const strike = data.siberia.nodes[0];
    expect(strike).toMatchObject({
      title: 'Ukrainian attack on Russian nuclear-capable long-range bombers in Siberia',
      eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
      subEventType: null,
      date: { start: '2025-06-01', end: null, precision: 'DAY', text: 'Sunday' },
      location: { name: 'Siberia', region: 'Siberia', country: 'Russia' },
      talk: { round: 2 },
      respondedTo: null,
      responses: [{ title: 'Record 472-drone attack on Ukraine' }],
      figures: [],
    });
    expect(strike.description).toContain('other strategic military sites');
    expect(strike.actors).toEqual([
      { side: 'INITIATOR', actor: { name: 'Ukraine' } },
      { side: 'TARGET', actor: { name: 'Russia' } },
    ]);
    expect(cited(strike.sources)).toEqual(ONLY_ARTICLE);

    // "In retaliation, the Kremlin deployed a record 472 drones against Ukraine in a single night —
    // the highest tally so far in the war, according to Ukraine’s air force."
    expect(data.drones.totalCount).toBe(1);
    const night = data.drones.nodes[0];
    expect(night).toMatchObject({
      title: 'Record 472-drone attack on Ukraine',
      eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
      subEventType: 'AIR_DRONE_STRIKE',
      date: { start: '2025-06-01', end: '2025-06-02', precision: 'RANGE' },
      location: { country: 'Ukraine' },
      talk: { round: 2 },
      respondedTo: { title: strike.title, date: { start: '2025-06-01' } },
      responses: [],
    });
    expect(night.actors).toEqual([
      { side: 'INITIATOR', actor: { name: 'Russia' } },
      { side: 'TARGET', actor: { name: 'Ukraine' } },
    ]);
    expect(night.figures).toHaveLength(1);
    expect(night.figures[0]).toMatchObject({
      metric: 'drones launched',
      value: 472,
      unit: 'drones',
      qualifier: 'EXACT',
      actor: { name: 'Russia' },
    });
    expect(night.figures[0].about).toContain('highest tally so far in the war');
    const airForce = [`ACCORDING_TO Ukraine's air force`, `REPORTED_BY ${ARTICLE}`];
    expect(cited(night.sources)).toEqual(airForce);
    expect(cited(night.figures[0].sources)).toEqual(airForce);
    expect(night.sources[0].source.kind).toBe('MILITARY');

    // "The talks come after a weekend of intensified combat": both fall in the two days before round 2.
    const titles = [strike.title, night.title];
    expect(data.conflict.round.incidentsAround.nodes.map((i: any) => i.title)).toEqual(titles);
    expect(data.conflict.round.incidents.nodes.map((i: any) => i.title)).toEqual(titles);
    expect(data.conflict.timeline.nodes).toEqual([
      { date: '2025-06-01', kind: 'INCIDENT', item: { title: strike.title } },
      { date: '2025-06-01', kind: 'INCIDENT', item: { title: night.title } },
    ]);

    // The air force that counted the drones is Ukraine's.
    const actors = await server.query<any>(`{ actors(filter: { kinds: [ARMED_FORCE] }) { nodes { name parent { name } } } }`);
    expect(actors.actors.nodes).toEqual([{ name: 'Ukrainian Air Force', parent: { name: 'Ukraine' } }]);
  });

  it("¶6 Core Disagreements: Putin's demands, NATO and the four regions, are Russia's baseline positions", async () => {
    const c = await conflict(`
      id
      positionMatrix {
        actors { name }
        rows {
          topic { slug name }
          cells { actor { name } current { stance date { start precision } ${SOURCES} } }
        }
      }
      topics { id slug }
    `);
    const matrix = c.positionMatrix;
    expect(matrix.actors.map((a: any) => a.name)).toEqual(['Russia', 'Ukraine', 'United States']);
    expect(matrix.rows.map((r: any) => r.topic.slug)).toEqual([
      'nato-membership',
      'territory',
      'reparations',
      'military-restrictions',
      'ceasefire',
      'prisoners',
      'sanctions',
    ]);
    const cell = (topic: string, actor: string) =>
      matrix.rows.find((r: any) => r.topic.slug === topic).cells.find((x: any) => x.actor.name === actor);

    // "Putin has insisted that Ukraine must abandon its NATO membership ambitions"
    const nato = cell('nato-membership', 'Russia').current;
    expect(nato.stance).toBe(
      "Ukraine must abandon its NATO membership ambitions (Putin's insistence; Russia's baseline demand for a peace agreement).",
    );
    expect(cited(nato.sources)).toEqual(ONLY_ARTICLE);
    // "… and withdraw troops from all parts of four Ukrainian regions claimed and largely controlled by Moscow"
    const regions = cell('territory', 'Russia').current;
    expect(regions.stance).toBe(
      'Ukraine must withdraw troops from all parts of four Ukrainian regions claimed and largely controlled by Moscow ' +
        "(Putin's insistence; Russia's baseline demand for a peace agreement).",
    );
    expect(regions.date).toEqual({ start: '2025-06-02', precision: 'DAY' });
    // Russia states nothing else.
    for (const topic of ['reparations', 'military-restrictions', 'ceasefire', 'prisoners', 'sanctions']) {
      expect(cell(topic, 'Russia').current, topic).toBeNull();
    }

    // Putin's own statement, found by what it is about.
    const natoTopic = c.topics.find((t: any) => t.slug === 'nato-membership').id;
    const aboutNato = await statements({ about: natoTopic });
    expect(aboutNato).toHaveLength(1);
    expect(aboutNato[0]).toMatchObject({
      speaker: { name: 'Vladimir Putin' },
      paraphrase:
        'Ukraine must abandon its NATO membership ambitions and withdraw troops from all parts of four Ukrainian ' +
        'regions claimed and largely controlled by Moscow.',
      context: "Russia's baseline demand for a peace agreement.",
      date: { start: null, end: '2025-06-02', precision: 'BEFORE', text: 'has insisted' },
      about: [
        { __typename: 'Topic', slug: 'nato-membership' },
        { __typename: 'Topic', slug: 'territory' },
      ],
    });
    expect(cited(aboutNato[0].sources)).toEqual(ONLY_ARTICLE);
  });

  it("¶7: Ukraine's roadmap, obtained by Reuters: no recognition, reparations, the frontline, no military limits", async () => {
    const ukraine = await actorId('Ukraine');
    const data = await server.query<any>(
      `query Roadmap($ukraine: ID!) {
        proposals(filter: { submittedBy: $ukraine }) {
          totalCount
          nodes {
            title status description
            submittedBy { name }
            talk { round }
            provisions { ordinal text topic { slug } ${SOURCES} }
            ${SOURCES}
          }
        }
        conflict(slug: "russia-ukraine-war") {
          positionMatrix { rows { topic { slug } cells { actor { name } current { stance ${SOURCES} } } } }
        }
      }`,
      { ukraine },
    );

    // "Ukraine … has drafted its own proposed roadmap for peace, a copy of which was obtained by Reuters."
    expect(data.proposals.totalCount).toBe(1);
    const roadmap = data.proposals.nodes[0];
    expect(roadmap).toMatchObject({ title: 'Roadmap for peace', submittedBy: { name: 'Ukraine' }, talk: { round: 2 } });
    expect(cited(roadmap.sources)).toEqual(ROADMAP);
    expect(roadmap.sources[0]).toEqual({
      relation: 'OBTAINED_BY',
      note: REUTERS_NOTE,
      source: { name: 'Reuters', kind: 'NEWS_AGENCY' },
    });

    // "The document firmly rejects any recognition of Russian sovereignty over occupied territories and
    // demands reparations for Ukraine. It also stipulates that the current frontline will serve as the
    // starting point for territorial negotiations and insists there be no post-war restrictions on
    // Ukraine’s military strength."
    expect(roadmap.provisions.map((p: any) => [p.ordinal, p.text, p.topic?.slug])).toEqual([
      [1, 'Rejects any recognition of Russian sovereignty over occupied territories.', 'territory'],
      [2, 'Demands reparations for Ukraine.', 'reparations'],
      [3, 'The current frontline will serve as the starting point for territorial negotiations.', 'territory'],
      [4, "No post-war restrictions on Ukraine's military strength.", 'military-restrictions'],
    ]);
    for (const p of roadmap.provisions) expect(cited(p.sources)).toEqual(ROADMAP);

    // The same, as Ukraine's positions beside Russia's.
    const ukrainian = (topic: string) =>
      data.conflict.positionMatrix.rows.find((r: any) => r.topic.slug === topic).cells.find((x: any) => x.actor.name === 'Ukraine').current;
    expect(ukrainian('territory').stance).toBe(
      'No recognition of Russian sovereignty over occupied territories; the current frontline is the starting point for territorial negotiations.',
    );
    expect(ukrainian('reparations').stance).toBe('Demands reparations for Ukraine.');
    expect(ukrainian('military-restrictions').stance).toBe("No post-war restrictions on Ukraine's military strength.");
    expect(ukrainian('nato-membership')).toBeNull();
    for (const topic of ['territory', 'reparations', 'military-restrictions']) {
      expect(cited(ukrainian(topic).sources), topic).toEqual(ROADMAP);
      expect(ukrainian(topic).sources[0].note, topic).toBe(REUTERS_NOTE);
    }

    // Reuters, the source, is the news agency.
    const reuters = await server.query<any>(`{ sources(first: 100) { nodes { name kind actor { name kind } } } }`);
    expect(reuters.sources.nodes.filter((s: any) => s.name === 'Reuters')).toEqual([
      { name: 'Reuters', kind: 'NEWS_AGENCY', actor: { name: 'Reuters', kind: 'MEDIA_OUTLET' } },
    ]);
  });

  it('¶8: the Kremlin is still drafting its memorandum; Medinsky told Russian media Moscow would respond on Monday', async () => {
    const data = await server.query<any>(`
      {
        drafting: proposals(filter: { statuses: [DRAFTING] }) {
          totalCount
          nodes { id title status description submittedBy { name } talk { round } provisions { text } date { start text } }
        }
        received: proposals(filter: { statuses: [RECEIVED] }) { totalCount nodes { id title submittedBy { name } } }
      }
    `);

    // "While the Kremlin has said it is still drafting its own memorandum"
    expect(data.drafting.totalCount).toBe(1);
    const memo = data.drafting.nodes[0];
    expect(memo).toMatchObject({
      title: "Russia's memorandum",
      status: 'DRAFTING',
      submittedBy: { name: 'Russia' },
      talk: { round: 2 },
      provisions: [],
      date: { start: '2025-06-02', text: 'still drafting' },
    });
    const aboutMemo = await statements({ about: memo.id });
    expect(aboutMemo).toHaveLength(1);
    expect(aboutMemo[0]).toMatchObject({
      speaker: null,
      // "the Kremlin has said": Russia, speaking as a state.
      speakingActor: { name: 'Russia', parent: null },
      paraphrase: 'The Kremlin is still drafting its own memorandum.',
      talk: { round: 2 },
      about: [{ __typename: 'Proposal', title: "Russia's memorandum" }],
    });

    // "… Medinsky told Russian media that Moscow had received Ukraine’s proposal and would respond on Monday."
    expect(data.received.totalCount).toBe(1);
    expect(data.received.nodes[0]).toMatchObject({ title: 'Roadmap for peace', submittedBy: { name: 'Ukraine' } });
    const aboutRoadmap = await statements({ about: data.received.nodes[0].id });
    expect(aboutRoadmap).toHaveLength(1);
    const promise = aboutRoadmap[0];
    expect(promise).toMatchObject({
      speaker: { name: 'Vladimir Medinsky' },
      paraphrase: "Moscow had received Ukraine's proposal and would respond on Monday.",
      talk: { round: 2 },
      about: [{ __typename: 'Proposal', title: 'Roadmap for peace' }],
    });
    expect(cited(promise.sources)).toEqual([`TOLD_TO Russian media`, `REPORTED_BY ${ARTICLE}`]);
    expect(promise.sources[0].source.kind).toBe('MEDIA');
  });

  it('¶9 International and Domestic Pressure: Trump calls Putin "crazy", criticises Zelenskiy, threatens sanctions', async () => {
    // "Zelenskiy" (this paragraph's spelling) and "Zelensky" (the executive order's) are one person.
    const zelensky = await personId('Zelensky');
    const zelenskiy = await personId('Zelenskiy');
    expect(zelenskiy).toBe(zelensky);
    const found = await server.query<any>(
      `{ a: people(filter: { name: "zelenskiy" }) { nodes { id name aliases } } b: people(filter: { name: "ZELENSKY" }) { nodes { id name aliases } } }`,
    );
    expect(found.a.nodes).toEqual([{ id: zelensky, name: 'Volodymyr Zelensky', aliases: ['Zelenskiy'] }]);
    expect(found.b.nodes).toEqual(found.a.nodes);

    // "President Trump, though vocally critical of both Putin — calling him “crazy” — …"
    const putin = await personId('Vladimir Putin');
    const data = await server.query<any>(
      `query Crazy($putin: ID!) {
        statements(filter: { about: $putin }) {
          totalCount
          nodes { quote paraphrase speaker { name } about { ... on Person { name } } ${SOURCES} }
        }
      }`,
      { putin },
    );
    expect(data.statements.totalCount).toBe(1);
    expect(data.statements.nodes[0]).toMatchObject({
      quote: 'crazy',
      speaker: { name: 'Donald Trump' },
      about: [{ name: 'Vladimir Putin' }],
    });
    expect(cited(data.statements.nodes[0].sources)).toEqual(ONLY_ARTICLE);

    // "… and Zelenskiy"
    const aboutZelensky = await statements({ about: zelenskiy });
    expect(aboutZelensky).toHaveLength(1);
    expect(aboutZelensky[0]).toMatchObject({
      speaker: { name: 'Donald Trump' },
      quote: null,
      paraphrase: 'Trump has been vocally critical of Zelenskiy.',
      about: [{ __typename: 'Person', name: 'Volodymyr Zelensky' }],
    });

    // "… has emphasized that peace must be achieved and warned that further delays could prompt
    // additional sanctions on Russia."
    const c = await conflict(`
      topics { id slug }
      positionMatrix { rows { topic { slug } cells { actor { name } current { stance } } } }
    `);
    const sanctions = c.topics.find((t: any) => t.slug === 'sanctions').id;
    const onSanctions = await statements({ about: sanctions });
    expect(onSanctions).toHaveLength(1);
    expect(onSanctions[0]).toMatchObject({
      speaker: { name: 'Donald Trump' },
      paraphrase: 'Peace must be achieved; further delays could prompt additional sanctions on Russia.',
      about: [
        { __typename: 'Actor', name: 'Russia' },
        { __typename: 'Topic', slug: 'sanctions' },
      ],
    });
    const row = c.positionMatrix.rows.find((r: any) => r.topic.slug === 'sanctions');
    expect(row.cells.map((x: any) => [x.actor.name, x.current?.stance ?? null])).toEqual([
      ['Russia', null],
      ['Ukraine', null],
      ['United States', 'Peace must be achieved; further delays could prompt additional sanctions on Russia (President Trump).'],
    ]);

    // Everything Trump said in the article: walk away, crazy, Zelenskiy, sanctions.
    const trump = await statements({ speaker: await personId('Trump') });
    expect(trump.map((s) => s.quote)).toEqual(['walk away', 'crazy', null, null]);
  });

  it('¶10: the White House may withdraw support; a war of over three years and more than 1.2 million casualties (U.S. estimates)', async () => {
    // "The White House’s tone has hardened in recent weeks, with officials signaling that the United
    // States could withdraw support if both sides refuse to compromise."
    const whiteHouse = await actorId('White House');
    const said = await statements({ speakingActor: whiteHouse });
    expect(said).toHaveLength(1);
    expect(said[0]).toMatchObject({
      speaker: null,
      speakingActor: { name: 'White House', parent: { name: 'United States' } },
      paraphrase: 'The United States could withdraw support if both sides refuse to compromise.',
      date: { start: '2025-05-01', end: '2025-06-02', precision: 'RANGE', text: 'in recent weeks' },
      about: [
        { __typename: 'Actor', name: 'Russia' },
        { __typename: 'Actor', name: 'Ukraine' },
      ],
    });
    expect(said[0].context).toContain('hardened in recent weeks');
    expect(cited(said[0].sources)).toEqual(ONLY_ARTICLE);

    const c = await conflict(`
      round(number: 2) { description }
      casualties: figures(filter: { metrics: ["casualties"] }) {
        totalCount
        nodes { metric value unit qualifier about actor { name } asOf { start precision text } ${SOURCES}
          sources { source { actor { name } } } }
      }
      duration: figures(filter: { metrics: ["war duration"] }) {
        totalCount
        nodes { metric value unit qualifier comparison asOf { start } ${SOURCES} }
      }
    `);
    // "… views the Istanbul negotiations as a critical — albeit uncertain — opportunity to de-escalate"
    expect(c.round.description).toContain('including European powers');
    expect(c.round.description).toContain('a critical, albeit uncertain, opportunity to de-escalate the war');

    // "… a war that has now lasted over three years"
    expect(c.duration.totalCount).toBe(1);
    expect(c.duration.nodes[0]).toMatchObject({
      metric: 'war duration',
      value: 3,
      unit: 'years',
      qualifier: 'MORE_THAN',
      comparison: 'over three years',
      asOf: { start: '2025-06-02' },
    });
    expect(cited(c.duration.nodes[0].sources)).toEqual(ONLY_ARTICLE);

    // "… and caused more than 1.2 million casualties, according to U.S. estimates."
    expect(c.casualties.totalCount).toBe(1);
    const casualties = c.casualties.nodes[0];
    expect(casualties).toMatchObject({
      metric: 'casualties',
      value: 1_200_000,
      unit: 'people',
      qualifier: 'MORE_THAN',
      about: 'Casualties caused by the war',
      actor: null,
      asOf: { start: '2025-06-02', precision: 'DAY', text: 'now' },
    });
    expect(cited(casualties.sources)).toEqual([`ACCORDING_TO U.S. estimates`, `REPORTED_BY ${ARTICLE}`]);
    expect(casualties.sources[0].source).toMatchObject({ name: 'U.S. estimates', kind: 'ESTIMATE', actor: { name: 'United States' } });
  });

  it('¶11: Russia controls just under one fifth of Ukraine, approximately 113,100 km², roughly the size of Ohio', async () => {
    const russia = await actorId('Russia');
    const c = await conflict(
      `
      figures(filter: { metrics: ["territory controlled"] }) {
        totalCount
        nodes { metric value unit qualifier comparison about actor { name } incident { title } asOf { start precision text } ${SOURCES} }
      }
      ofRussia: figures(filter: { actor: $russia }) { totalCount nodes { metric value } }
    `,
      { russia },
    );

    expect(c.figures.totalCount).toBe(2);
    const [area, share] = c.figures.nodes;
    // "… or approximately 113,100 square kilometers — an area roughly the size of the U.S. state of Ohio."
    expect(area).toEqual({
      metric: 'territory controlled',
      value: 113_100,
      unit: 'km²',
      qualifier: 'APPROXIMATELY',
      comparison: 'roughly the size of the U.S. state of Ohio',
      about: "Ukraine's territory controlled by Russia",
      actor: { name: 'Russia' },
      incident: null,
      asOf: { start: '2025-06-02', precision: 'DAY', text: 'currently' },
      sources: [{ relation: 'REPORTED_BY', note: null, source: { name: ARTICLE, kind: 'ARTICLE' } }],
    });
    // "Russia currently controls just under one-fifth of Ukraine’s territory"
    expect(share).toEqual({
      metric: 'territory controlled',
      value: 0.2,
      unit: "share of Ukraine's territory",
      qualifier: 'JUST_UNDER',
      comparison: 'just under one fifth',
      about: "Ukraine's territory controlled by Russia",
      actor: { name: 'Russia' },
      incident: null,
      asOf: { start: '2025-06-02', precision: 'DAY', text: 'currently' },
      sources: [{ relation: 'REPORTED_BY', note: null, source: { name: ARTICLE, kind: 'ARTICLE' } }],
    });

    // Russia's figures: the drones it launched and the territory it holds, no casualty count of its own.
    expect(c.ofRussia.nodes.map((f: any) => [f.metric, f.value])).toEqual([
      ['drones launched', 472],
      ['territory controlled', 113_100],
      ['territory controlled', 0.2],
    ]);
    expect(c.ofRussia.totalCount).toBe(3);
  });
});
