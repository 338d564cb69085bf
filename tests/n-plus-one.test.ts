/**
 * No N+1: per request, the number of SQL statements depends on the shape of the query, not on
 * the length of its lists.
 *
 * Two conflicts are recorded through the domain commands with the same pattern of facts: a small
 * one (10 incidents, 10 statements, 10 talks) and a large one (1,000 incidents, 150 statements,
 * 110 talks). Every incident has two actors (each belonging to a parent state), a figure with its
 * sources, sources of its own, a `respondedTo` link (all but the first) and a talk; every talk
 * has delegations with named participants; every statement has a speaker and is about a person,
 * an actor, an incident and a talk. The same query is then run over a page of 10 rows and over a
 * page of 100 rows (the largest page) of the large conflict, and the statements the server runs
 * for each request are counted through `buildApp`'s `onStatement` hook (better-sqlite3's
 * `verbose`): the counts must be equal.
 *
 * The facts reuse small pools of actors, people and sources in the same round-robin in both
 * conflicts, so that the per-request loader caches hit (or miss) at the same levels whatever the
 * page length: a level whose every id is already cached costs no statement, which depends on the
 * data, not on the length of the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { recordActor, type Actor } from '../src/domain/actor.js';
import { recordConflict } from '../src/domain/conflict.js';
import { recordIncident, type Incident } from '../src/domain/incident.js';
import { recordPerson, type Person } from '../src/domain/person.js';
import { registerSource, type Source } from '../src/domain/source.js';
import { encodeCursor } from '../src/domain/pagination.js';
import { submitProposal } from '../src/domain/proposal.js';
import { recordStatement } from '../src/domain/statement.js';
import { scheduleTalk, type Talk } from '../src/domain/talk.js';
import { defineTopic, recordPosition } from '../src/domain/topic.js';
import type { WriteScope } from '../src/domain/events.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
/** Statements run while `counting` is on. */
let counted: string[] = [];
let counting = false;

const SMALL = 'n-plus-one-small';
/** Conflicts of 100 talks each, dated before the others so that `conflicts(first: n)` lists them. */
const PARENT_CONFLICTS = 10;
const TALKS_PER_CONFLICT = 100;
const LARGE = 'n-plus-one-large';

/** Runs one request and returns the SQL statements the server ran for it. */
async function statementsOf(query: string, variables: Record<string, unknown>) {
  counted = [];
  counting = true;
  try {
    const data = await server.query(query, variables);
    return { data, statements: [...counted] };
  } finally {
    counting = false;
  }
}

/** A day `n` days after 2024-01-01. */
const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

interface Pools {
  sides: Actor[];
  people: Person[];
  sources: Source[];
}

function recordPools(scope: WriteScope): Pools {
  // Parents are never on a side of an incident, so `parent` always needs its own lookup.
  const states = ['Northland', 'Southland'].map((name) => recordActor(scope, { name, kind: 'STATE' }));
  const sides = Array.from({ length: 6 }, (_, i) =>
    recordActor(scope, { name: `Force ${i + 1}`, kind: 'ARMED_FORCE', parentId: states[i % 2]!.id }),
  );
  // Outlets stand behind sources only, so `source { actor }` always needs its own lookup too.
  const outlets = Array.from({ length: 3 }, (_, i) => recordActor(scope, { name: `Outlet ${i + 1}`, kind: 'MEDIA_OUTLET' }));
  const sources = outlets.map((outlet, i) => registerSource(scope, { name: `Wire ${i + 1}`, kind: 'NEWS_AGENCY', actorId: outlet.id }));
  const people = Array.from({ length: 120 }, (_, i) =>
    recordPerson(scope, {
      name: `Envoy ${i + 1}`,
      aliases: [`E${i + 1}`],
      titles: [{ title: 'Envoy', actorId: states[i % 2]!.id, sources: [{ sourceId: sources[0]!.id }] }],
    }),
  );
  return { sides, people, sources };
}

/** A conflict with so many talks (one every 5 days), incidents and statements (one a day each). */
function recordConflictFacts(
  scope: WriteScope,
  pools: Pools,
  slug: string,
  counts: { talks: number; incidents: number; statements: number },
) {
  const { sides, people, sources } = pools;
  // People in three disjoint thirds: speakers, people spoken of, delegates. A level of a query
  // whose ids were all loaded already by another level costs no statement, so overlapping roles
  // would make counts depend on which rows a page holds; disjoint ones keep every level a lookup.
  const third = people.length / 3;
  const speaker = (i: number) => people[i % third]!;
  const spokenOf = (i: number) => people[third + (i % third)]!;
  const participant = (i: number) => people[2 * third + (i % third)]!;
  const src = (i: number) => [
    { sourceId: sources[i % sources.length]!.id, relation: 'ACCORDING_TO' as const },
    { sourceId: sources[(i + 1) % sources.length]!.id, relation: 'REPORTED_BY' as const },
  ];
  const conflict = recordConflict(scope, { slug, name: slug, began: { start: '2023-12-01', precision: 'DAY' } });
  const talks: Talk[] = [];
  for (let i = 0; i < counts.talks; i++) {
    talks.push(
      scheduleTalk(scope, {
        conflictId: conflict.id,
        title: `${slug} talk ${i + 1}`,
        round: i + 1,
        hostActorId: sides[(i + 4) % sides.length]!.id,
        date: { start: day(i * 5), precision: 'DAY' },
        delegations: [0, 1].map((k) => ({
          actorId: sides[(i + k) % sides.length]!.id,
          role: 'PARTY' as const,
          participants: [
            { personId: participant(2 * i + k).id, role: 'HEAD' as const },
            { description: 'a deputy minister', role: 'MEMBER' as const },
          ],
          sources: src(i),
        })),
        sources: src(i),
      }),
    );
  }
  const incidents: Incident[] = [];
  for (let i = 0; i < counts.incidents; i++) {
    incidents.push(
      recordIncident(scope, {
        conflictId: conflict.id,
        eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
        subEventType: 'AIR_DRONE_STRIKE',
        title: `${slug} incident ${i + 1}`,
        date: { start: day(i), precision: 'DAY' },
        location: { name: `Town ${i % 7}`, region: 'East', country: 'Northland', latitude: 48, longitude: 37 },
        actors: [
          { actorId: sides[i % sides.length]!.id, side: 'INITIATOR' },
          { actorId: sides[(i + 1) % sides.length]!.id, side: 'TARGET' },
        ],
        respondedToId: i > 0 ? incidents[i - 1]!.id : null,
        talkId: talks[i % talks.length]!.id,
        figures: [
          {
            metric: 'drones launched',
            value: 10 + i,
            unit: 'drones',
            about: 'drones launched overnight',
            asOf: { start: day(i), precision: 'DAY' },
            sources: src(i + 1),
          },
        ],
        sources: src(i),
      }),
    );
  }
  for (let i = 0; i < counts.statements; i++) {
    recordStatement(scope, {
      conflictId: conflict.id,
      speakerPersonId: speaker(i).id,
      speakerActorId: sides[i % sides.length]!.id,
      quote: `Statement ${i + 1}`,
      talkId: talks[i % talks.length]!.id,
      date: { start: day(i), precision: 'DAY' },
      about: [
        { type: 'PERSON', id: spokenOf(i).id },
        { type: 'ACTOR', id: sides[(i + 2) % sides.length]!.id },
        { type: 'INCIDENT', id: incidents[i]!.id },
        { type: 'TALK', id: talks[i % talks.length]!.id },
      ],
      sources: src(i),
    });
  }
}

beforeAll(async () => {
  server = await startServer(
    {
      seed: false,
      // The point is to ask for large, deep pages: lift the per-request limits out of the way.
      limits: { ...loadConfig({}).limits, cost: 10_000_000, depth: 20, tokens: 10_000 },
    },
    { onStatement: (sql) => counting && counted.push(sql) },
  );
  server.app.writer.run((scope) => {
    const pools = recordPools(scope);
    recordConflictFacts(scope, pools, SMALL, { talks: 10, incidents: 10, statements: 10 });
    // Lists of more than a page (100) each: 1,000 incidents, 110 talks, 150 statements.
    recordConflictFacts(scope, pools, LARGE, { talks: 110, incidents: 1_000, statements: 150 });
    recordParentConflicts(scope, pools);
  });
}, 60_000);

/**
 * Conflicts whose talks are parents of connections: each talk has two incidents tied to it (one
 * on its day, one the day before, so `incidentsAround` finds its own and its neighbours'), a
 * statement and a proposal; one incident in ten reports a figure.
 */
function recordParentConflicts(scope: WriteScope, { sides, people }: Pools) {
  for (let c = 0; c < PARENT_CONFLICTS; c++) {
    const conflict = recordConflict(scope, {
      slug: `parents-${c + 1}`,
      name: `Parents ${c + 1}`,
      began: { start: day(-1000 + c), precision: 'DAY' },
    });
    // Two topics, on which three sides (a different three per conflict) changed their stance once.
    for (let k = 0; k < 2; k++) {
      const topic = defineTopic(scope, {
        conflictId: conflict.id,
        slug: `parents-topic-${k + 1}`,
        name: `Parents ${c + 1} topic ${k + 1}`,
      });
      for (let a = 0; a < 3; a++) {
        const actorId = sides[(c + a) % sides.length]!.id;
        recordPosition(scope, {
          topicId: topic.id,
          actorId,
          stance: `First stance ${c}.${k}.${a}`,
          date: { start: day(-950), precision: 'DAY' },
        });
        recordPosition(scope, {
          topicId: topic.id,
          actorId,
          stance: `Later stance ${c}.${k}.${a}`,
          date: { start: day(-940), precision: 'DAY' },
        });
      }
    }
    for (let i = 0; i < TALKS_PER_CONFLICT; i++) {
      const date = day(-900 + 3 * i);
      const talk = scheduleTalk(scope, {
        conflictId: conflict.id,
        title: `Parents ${c + 1} round ${i + 1}`,
        round: i + 1,
        date: { start: date, precision: 'DAY' },
      });
      for (const [k, start] of [date, day(-901 + 3 * i)].entries()) {
        recordIncident(scope, {
          conflictId: conflict.id,
          eventType: 'BATTLES',
          title: `Parents ${c + 1} round ${i + 1} incident ${k + 1}`,
          date: { start, precision: 'DAY' },
          talkId: talk.id,
          figures:
            (2 * i + k) % 10 === 0
              ? [{ metric: 'fatalities', value: i, unit: 'people', about: 'killed', asOf: { start, precision: 'DAY' } }]
              : [],
        });
      }
      recordStatement(scope, {
        conflictId: conflict.id,
        speakerPersonId: people[i % people.length]!.id,
        quote: `On round ${i + 1}`,
        talkId: talk.id,
        date: { start: date, precision: 'DAY' },
      });
      submitProposal(scope, {
        conflictId: conflict.id,
        actorId: sides[i % sides.length]!.id,
        talkId: talk.id,
        title: `Plan ${i + 1}`,
        status: 'SUBMITTED',
        date: { start: date, precision: 'DAY' },
      });
    }
  }
}

afterAll(async () => {
  await server?.stop();
});

const INCIDENTS = /* GraphQL */ `
  query Incidents($slug: String!, $first: Int!) {
    conflict(slug: $slug) {
      incidents(first: $first) {
        totalCount
        nodes {
          title
          actors { actor { name parent { name } } side }
          figures { metric sources { source { name } } }
          respondedTo { title }
          talk { title delegations { actor { name } } }
          sources { source { name actor { name } } relation }
        }
      }
    }
  }
`;

const TIMELINE = /* GraphQL */ `
  query Timeline($slug: String!, $first: Int!) {
    conflict(slug: $slug) {
      timeline(first: $first) {
        nodes {
          kind
          date
          item {
            __typename
            ... on Incident { title actors { actor { name } } sources { source { name } } }
            ... on Talk { title delegations { actor { name } participants { person { name } } } }
            ... on Statement { quote speaker { name } sources { source { name } } }
          }
        }
      }
    }
  }
`;

const TALKS = /* GraphQL */ `
  query Talks($slug: String!, $first: Int!) {
    conflict(slug: $slug) {
      talks(first: $first) {
        nodes {
          title
          host { name }
          delegations {
            actor { name parent { name } }
            role
            head { person { name } }
            participants { role description person { name aliases titles { title actor { name } } } sources { relation } }
            sources { source { name } }
          }
          sources { source { name } }
        }
      }
    }
  }
`;

const STATEMENTS = /* GraphQL */ `
  query Statements($slug: String!, $first: Int!) {
    conflict(slug: $slug) {
      statements(first: $first) {
        nodes {
          quote
          speaker { name aliases titles { title } }
          speakingActor { name }
          talk { title }
          about {
            __typename
            ... on Person { name }
            ... on Actor { name }
            ... on Incident { title actors { actor { name } } }
            ... on Talk { title }
          }
          history { kind }
          sources { source { name } relation }
        }
      }
    }
  }
`;

const PEOPLE = /* GraphQL */ `
  query People($first: Int!) {
    people(first: $first) {
      nodes { name aliases titles { title actor { name } sources { source { name } } } participations { role delegation { talk { title } } } }
    }
  }
`;

const EVENTS = /* GraphQL */ `
  query Events($first: Int!) {
    events(first: $first, filter: { kinds: [INCIDENT_RECORDED] }) {
      nodes { kind summary conflict { name } current { id ... on Incident { title talk { title } } } }
    }
  }
`;

/** The nodes of the one connection a query selects. */
function nodesOf(data: any): unknown[] {
  const root = data.conflict ?? data;
  const connection = Object.values(root)[0] as { nodes: unknown[] };
  return connection.nodes;
}

describe('statements per request do not grow with the length of lists', () => {
  // [name, query, rows in the small conflict's whole list (asked for with first: 100)]
  const cases: [name: string, query: string, smallRows: number][] = [
    ['incidents with actors, parents, figures, responses, talks and sources', INCIDENTS, 10],
    ['the timeline, with each kind of item and its nested lists', TIMELINE, 30],
    ['talks with delegations, heads, participants, people and sources', TALKS, 10],
    ['statements with speakers, about, history and sources', STATEMENTS, 10],
  ];

  for (const [name, query, smallRows] of cases) {
    it(`${name}: a page of 10 rows and a page of 100 rows cost the same`, async () => {
      const small = await statementsOf(query, { slug: SMALL, first: 100 });
      const largeOf10 = await statementsOf(query, { slug: LARGE, first: 10 });
      const largeOf100 = await statementsOf(query, { slug: LARGE, first: 100 });
      expect(nodesOf(small.data)).toHaveLength(smallRows);
      expect(nodesOf(largeOf10.data)).toHaveLength(10);
      expect(nodesOf(largeOf100.data)).toHaveLength(100);
      // A handful of statements: one per level of the query, never one per row.
      expect(largeOf100.statements.length).toBeLessThan(30);
      expect(largeOf100.statements.length, largeOf100.statements.join('\n')).toBe(small.statements.length);
      expect(largeOf100.statements.length, largeOf100.statements.join('\n')).toBe(largeOf10.statements.length);
    });
  }

  it('people and events (root connections over the whole database): 10 rows and 100 rows cost the same', async () => {
    for (const query of [PEOPLE, EVENTS]) {
      const of10 = await statementsOf(query, { first: 10 });
      const of100 = await statementsOf(query, { first: 100 });
      expect(nodesOf(of10.data)).toHaveLength(10);
      expect(nodesOf(of100.data).length).toBeGreaterThan(10);
      expect(of100.statements.length).toBeLessThan(30);
      expect(of100.statements.length, of100.statements.join('\n')).toBe(of10.statements.length);
    }
  });
});

/** A talk's connections, as they are asked for under a list of talks or of one talk alone. */
const TALK_CONNECTIONS = /* GraphQL */ `
  fragment TalkConnections on Talk {
    id
    incidents(first: 1) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor node { id title } }
    }
    latest: incidents(last: 1, before: $before, orderBy: DATE_DESC) { pageInfo { hasPreviousPage startCursor } nodes { id } }
    statements(first: 3) { totalCount edges { cursor node { id } } }
    proposals(first: 3) { nodes { id } }
    incidentsAround(daysBefore: 3, first: 2, filter: { eventTypes: [BATTLES] }) { totalCount pageInfo { hasNextPage } nodes { id } }
  }
`;

/** A conflict's connections, as they are asked for under a list of conflicts or of one conflict alone. */
const CONFLICT_CONNECTIONS = /* GraphQL */ `
  fragment ConflictConnections on Conflict {
    slug
    round(number: 3) { id }
    incidents(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } }
    statements(last: 2) { totalCount nodes { id } }
    proposals(first: 2) { totalCount nodes { id } }
    figures(first: 2) { totalCount nodes { id } }
    timeline(first: 3, kinds: [INCIDENT, TALK]) { totalCount edges { cursor node { kind date } } }
    topics { slug }
    positionMatrix { actors { name } rows { topic { slug } cells { actor { name } current { stance } history { stance } } } }
  }
`;

const NESTED = /* GraphQL */ `
  query Nested($conflicts: Int!, $talks: Int!, $before: String!, $after: String!) {
    conflicts(first: $conflicts) {
      nodes {
        ...ConflictConnections
        talks(first: $talks) { totalCount pageInfo { hasNextPage } nodes { ...TalkConnections } }
      }
    }
  }
  ${CONFLICT_CONNECTIONS}
  ${TALK_CONNECTIONS}
`;

const ONE_TALK = /* GraphQL */ `
  query OneTalk($id: ID!, $before: String!) { node(id: $id) { ...TalkConnections } }
  ${TALK_CONNECTIONS}
`;

const ONE_CONFLICT = /* GraphQL */ `
  query OneConflict($slug: String!, $after: String!) { conflict(slug: $slug) { ...ConflictConnections } }
  ${CONFLICT_CONNECTIONS}
`;

describe('connections under a list cost the same for 10 parents and for 1,000', () => {
  // Keyset cursors that fall inside every parent's list: a day and the smallest id.
  const cursors = { before: encodeCursor([day(-750), 0]), after: encodeCursor([day(-800), 0]) };

  it('talks (10 and 1,000) and conflicts (1 and 10), each with their connections, run the same statements, and give what each parent alone gives', async () => {
    const few = await statementsOf(NESTED, { conflicts: 1, talks: 10, ...cursors });
    const many = await statementsOf(NESTED, { conflicts: PARENT_CONFLICTS, talks: TALKS_PER_CONFLICT, ...cursors });
    const talksOf = (data: any) => data.conflicts.nodes.flatMap((c: any) => c.talks.nodes);
    expect(talksOf(few.data)).toHaveLength(10);
    expect(talksOf(many.data)).toHaveLength(1_000);
    expect(many.statements.length, many.statements.join('\n')).toBe(few.statements.length);
    // One statement per connection of the query (rows, and totals where selected), never one per parent.
    expect(many.statements.length).toBeLessThan(25);

    for (const conflict of many.data.conflicts.nodes) {
      const { talks, ...connections } = conflict;
      expect(talks.totalCount).toBe(TALKS_PER_CONFLICT);
      expect(connections.positionMatrix.actors).toHaveLength(3);
      expect(connections.positionMatrix.rows.flatMap((r: any) => r.cells.map((cell: any) => cell.current?.stance))).toEqual(
        expect.arrayContaining([expect.stringMatching(/^Later stance/)]),
      );
      const alone = await server.query(ONE_CONFLICT, { slug: conflict.slug, after: cursors.after });
      expect(connections).toEqual(alone.conflict);
    }
    // Every parent's connections are filled (and the cursors fall inside them), so the comparison shows something.
    const talks = talksOf(many.data);
    for (const talk of talks) {
      expect(talk.incidents.totalCount).toBe(2);
      expect(talk.statements.edges).toHaveLength(1);
      expect(talk.proposals.nodes).toHaveLength(1);
      expect(talk.incidentsAround.nodes.length).toBeGreaterThan(0);
    }
    expect(talks.filter((t: any) => t.latest.nodes.length === 1).length).toBeGreaterThan(0);
    expect(talks.filter((t: any) => t.latest.nodes.length === 0).length).toBeGreaterThan(0);
    for (const talk of [...talks.filter((_: unknown, i: number) => i % 10 === 0), talks.at(-1)]) {
      const alone = await server.query(ONE_TALK, { id: talk.id, before: cursors.before });
      expect(talk).toEqual(alone.node);
    }
  }, 60_000);
});
