/**
 * Every mutation in schema.graphql, over HTTP with a bearer token, against a real server:
 *
 * - each one succeeds (EDITOR token; ADMIN for retract*), returns its payload with the written
 *   object and its `event { cursor kind }`, appends exactly one event (the last in the log, the one
 *   /health reports) and the object is then readable by query, with its sources;
 * - refused writes (unknown IDs, IDs of the wrong type, blank text, impossible dates, numbers out of
 *   range, duplicates) come back as a `UserError` with a code and `fields` naming the input field,
 *   and record nothing: every table's row count, /health lastEventId and the commit listeners are
 *   unchanged.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import type { EventRow } from '../src/domain/events.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let reader: Database.Database;
let editor = '';
let admin = '';
let stopListening: () => void = () => {};
/** Every event the server's writer handed to its listeners (what subscribers are fed from). */
const emitted: EventRow[] = [];

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Seeded objects the tests refer to. */
const seed = {
  conflict: '',
  russia: '',
  ukraine: '',
  turkey: '',
  round2: '',
  ukrainianDelegation: '',
  incident: '',
  statement: '',
  proposal: '',
  topic: '',
  zelensky: '',
  reuters: '',
};

beforeAll(async () => {
  server = await startServer();
  editor = createToken(server.app.database.db, { name: 'mutation-test editor', role: 'EDITOR' }).token;
  admin = createToken(server.app.database.db, { name: 'mutation-test admin', role: 'ADMIN' }).token;
  reader = new Database(server.dbPath, { readonly: true, fileMustExist: true });
  stopListening = server.app.writer.onCommit((events) => emitted.push(...events));
  const data = await server.query(`{
    conflict(slug: "russia-ukraine-war") {
      id
      topics { id slug }
      round(number: 2) { id delegations { id actor { name } } }
    }
    actors(first: 100) { nodes { id name } }
    incidents(first: 1) { nodes { id } }
    statements(first: 1) { nodes { id } }
    proposals(first: 1) { nodes { id } }
    people(filter: { name: "Zelensky" }) { nodes { id } }
    sources(first: 100) { nodes { id name } }
  }`);
  const actor = (name: string) => data.actors.nodes.find((a: { name: string }) => a.name === name).id as string;
  seed.conflict = data.conflict.id;
  seed.russia = actor('Russia');
  seed.ukraine = actor('Ukraine');
  seed.turkey = actor('Turkey');
  seed.round2 = data.conflict.round.id;
  seed.ukrainianDelegation = data.conflict.round.delegations.find((d: { actor: { name: string } }) => d.actor.name === 'Ukraine').id;
  seed.incident = data.incidents.nodes[0].id;
  seed.statement = data.statements.nodes[0].id;
  seed.proposal = data.proposals.nodes[0].id;
  seed.topic = data.conflict.topics.find((t: { slug: string }) => t.slug === 'territory').id;
  seed.zelensky = data.people.nodes[0].id;
  seed.reuters = data.sources.nodes.find((s: { name: string }) => s.name === 'Reuters').id;
});

afterAll(async () => {
  stopListening();
  reader?.close();
  await server?.stop();
});

async function lastEventId(): Promise<number> {
  const res = await fetch(new URL('/health', server.url));
  const body = (await res.json()) as { lastEventId: number };
  return body.lastEventId;
}

/** Row counts of every table Parley keeps, read straight from the file. */
function rowCounts(): Record<string, number> {
  const tables = reader
    .prepare(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name`,
    )
    .all() as { name: string }[];
  return Object.fromEntries(
    tables.map(({ name }) => [name, (reader.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]),
  );
}

const USER_ERROR = `__typename ... on UserError { code message fields { field message } }`;
const SOURCES = `sources { relation note source { id } }`;
const upper = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** Mutations a test ran successfully; the last test checks it is every one the schema has. */
const exercised = new Set<string>();

/**
 * A fresh operation name for every request, so that no two requests share a document: one bad
 * request must not decide how a later, different one is answered (see the test on cached refusals).
 */
let operations = 0;
const operationName = (mutation: string) => `${upper(mutation)}_${++operations}`;

/**
 * Runs a mutation that must succeed: the payload comes back with its event, which is of `kind`, is
 * the one event the write appended (lastEventId + 1, the last in the log) and the one emitted.
 */
async function perform(mutation: string, input: Record<string, unknown>, selection: string, kind: string, token = editor) {
  const before = await lastEventId();
  emitted.length = 0;
  const payload = `${upper(mutation)}Payload`;
  const { status, body } = await server.post(
    `mutation ${operationName(mutation)}($input: ${upper(mutation)}Input!) {
      ${mutation}(input: $input) {
        ${USER_ERROR}
        ... on ${payload} { event { id cursor kind reason } ${selection} }
      }
    }`,
    { input },
    bearer(token),
  );
  const text = JSON.stringify(body);
  expect(body.errors, text).toBeUndefined();
  expect(status).toBe(200);
  const result = body.data[mutation];
  expect(result.__typename, text).toBe(payload);
  expect(result.event.kind).toBe(kind);
  expect(typeof result.event.cursor).toBe('string');
  const after = await lastEventId();
  expect(after).toBe(before + 1);
  expect(result.event.id).toBe(gid('Event', after));
  expect(emitted.map((e) => [e.id, e.kind])).toEqual([[after, kind]]);
  const log = await server.query(`{ events(last: 1) { nodes { id cursor kind } } }`);
  expect(log.events.nodes).toEqual([{ id: result.event.id, cursor: result.event.cursor, kind }]);
  exercised.add(mutation);
  return result;
}

/** Reads one object back by its global ID. */
async function read(id: string, fragment: string) {
  const data = await server.query(`query($id: ID!) { node(id: $id) { __typename id ${fragment} } }`, { id });
  expect(data.node, `node(${id})`).not.toBeNull();
  return data.node;
}

describe('every mutation succeeds and is readable afterwards', () => {
  const made = {
    source: '',
    conflict: '',
    actor: '',
    person: '',
    title: '',
    topic: '',
    position: '',
    talk: '',
    delegation: '',
    participation: '',
    proposal: '',
    incident: '',
    figure: '',
    statement: '',
  };

  it('registerSource', async () => {
    const r = await perform(
      'registerSource',
      {
        name: 'Kyiv Independent',
        kind: 'MEDIA',
        actor: seed.ukraine,
        url: 'https://kyivindependent.com/',
        description: 'Ukrainian outlet.',
      },
      `source { id name kind url description actor { id } }`,
      'SOURCE_RECORDED',
    );
    made.source = r.source.id;
    expect(r.source).toEqual({
      id: made.source,
      name: 'Kyiv Independent',
      kind: 'MEDIA',
      url: 'https://kyivindependent.com/',
      description: 'Ukrainian outlet.',
      actor: { id: seed.ukraine },
    });
    const node = await read(made.source, `... on Source { name kind url actor { id } }`);
    expect(node).toEqual({
      __typename: 'Source',
      id: made.source,
      name: 'Kyiv Independent',
      kind: 'MEDIA',
      url: 'https://kyivindependent.com/',
      actor: { id: seed.ukraine },
    });
    const list = await server.query(`{ sources(first: 100) { nodes { id } } }`);
    expect(list.sources.nodes.map((s: { id: string }) => s.id)).toContain(made.source);
  });

  it('recordConflict', async () => {
    const r = await perform(
      'recordConflict',
      {
        slug: 'test-border-war',
        name: 'Test border war',
        description: 'A conflict recorded by the tests.',
        began: { start: '2014-02-20', precision: 'DAY', text: 'late February 2014' },
        sources: [{ source: made.source, relation: 'REPORTED_BY', note: 'timeline' }],
      },
      `conflict { id slug name description began { start end precision text } ${SOURCES} }`,
      'CONFLICT_RECORDED',
    );
    made.conflict = r.conflict.id;
    expect(r.conflict).toMatchObject({
      slug: 'test-border-war',
      name: 'Test border war',
      began: { start: '2014-02-20', end: null, precision: 'DAY', text: 'late February 2014' },
    });
    const data = await server.query(`{ conflict(slug: "test-border-war") { id name description began { start precision } ${SOURCES} } }`);
    expect(data.conflict).toEqual({
      id: made.conflict,
      name: 'Test border war',
      description: 'A conflict recorded by the tests.',
      began: { start: '2014-02-20', precision: 'DAY' },
      sources: [{ relation: 'REPORTED_BY', note: 'timeline', source: { id: made.source } }],
    });
  });

  it('recordActor', async () => {
    const r = await perform(
      'recordActor',
      {
        name: '93rd Test Brigade',
        kind: 'ARMED_FORCE',
        parent: seed.ukraine,
        description: 'A brigade.',
        sources: [{ source: made.source }],
      },
      `actor { id name kind parent { id } ${SOURCES} }`,
      'ACTOR_RECORDED',
    );
    made.actor = r.actor.id;
    expect(r.actor).toMatchObject({ name: '93rd Test Brigade', kind: 'ARMED_FORCE', parent: { id: seed.ukraine } });
    const node = await read(made.actor, `... on Actor { name kind description countryCode parent { id children { id } } ${SOURCES} }`);
    expect(node).toMatchObject({
      name: '93rd Test Brigade',
      kind: 'ARMED_FORCE',
      description: 'A brigade.',
      countryCode: null,
      sources: [{ relation: 'ACCORDING_TO', note: null, source: { id: made.source } }],
    });
    expect(node.parent.id).toBe(seed.ukraine);
    expect(node.parent.children.map((c: { id: string }) => c.id)).toContain(made.actor);
  });

  it('recordPerson', async () => {
    const r = await perform(
      'recordPerson',
      {
        name: 'Oksana Testenko',
        aliases: ['O. Testenko'],
        description: 'A commander.',
        titles: [{ title: 'Commander', actor: made.actor, validFrom: '2024-01-01', sources: [{ source: made.source }] }],
        sources: [{ source: made.source, note: 'profile' }],
      },
      `person { id name aliases }`,
      'PERSON_RECORDED',
    );
    made.person = r.person.id;
    expect(r.person).toMatchObject({ name: 'Oksana Testenko', aliases: ['O. Testenko'] });
    const node = await read(
      made.person,
      `... on Person { name aliases description titles { title actor { id } validFrom validTo ${SOURCES} } ${SOURCES} }`,
    );
    expect(node).toMatchObject({
      name: 'Oksana Testenko',
      aliases: ['O. Testenko'],
      description: 'A commander.',
      titles: [
        {
          title: 'Commander',
          actor: { id: made.actor },
          validFrom: '2024-01-01',
          validTo: null,
          sources: [{ source: { id: made.source } }],
        },
      ],
      sources: [{ relation: 'ACCORDING_TO', note: 'profile', source: { id: made.source } }],
    });
    const found = await server.query(`{ people(filter: { name: "o. testenko" }) { nodes { id } } }`);
    expect(found.people.nodes).toEqual([{ id: made.person }]);
  });

  it('addActorAlias', async () => {
    const r = await perform(
      'addActorAlias',
      { actor: made.actor, alias: 'Military Forces of Testland (2024-)' },
      `actor { id aliases }`,
      'ACTOR_ALIAS_ADDED',
    );
    expect(r.actor).toEqual({ id: made.actor, aliases: ['Military Forces of Testland (2024-)'] });
    const found = await server.query(`{ actors(filter: { name: "forces of testland" }) { nodes { id } } }`);
    expect(found.actors.nodes).toEqual([{ id: made.actor }]);
    const taken = await server.post(
      `mutation { addActorAlias(input: { actor: "${seed.ukraine}", alias: "military forces of testland (2024-)" }) { ... on UserError { code fields { field } } } }`,
      {},
      { authorization: `Bearer ${editor}` },
    );
    expect(taken.body.data.addActorAlias).toEqual({ code: 'CONFLICT', fields: [{ field: 'input.alias' }] });
  });

  it('addPersonAlias', async () => {
    const r = await perform('addPersonAlias', { person: made.person, alias: 'Testy' }, `person { id aliases }`, 'PERSON_ALIAS_ADDED');
    expect(r.person).toEqual({ id: made.person, aliases: ['O. Testenko', 'Testy'] });
    const node = await read(made.person, `... on Person { aliases ${SOURCES} }`);
    expect(node.aliases).toEqual(['O. Testenko', 'Testy']);
    expect(node.sources).toHaveLength(1);
    const found = await server.query(`{ people(filter: { name: "testy" }) { nodes { id } } }`);
    expect(found.people.nodes).toEqual([{ id: made.person }]);
  });

  it('addPersonTitle', async () => {
    const r = await perform(
      'addPersonTitle',
      {
        person: made.person,
        title: {
          title: 'Deputy Defence Minister',
          actor: seed.ukraine,
          validFrom: '2022-01-01',
          validTo: '2023-12-31',
          sources: [{ source: made.source, relation: 'TOLD_TO' }],
        },
      },
      `title { id title person { id } actor { id } validFrom validTo ${SOURCES} }`,
      'PERSON_TITLE_ADDED',
    );
    made.title = r.title.id;
    expect(r.title).toMatchObject({
      title: 'Deputy Defence Minister',
      person: { id: made.person },
      validFrom: '2022-01-01',
      validTo: '2023-12-31',
    });
    const node = await read(made.title, `... on PersonTitle { title actor { id } validFrom validTo ${SOURCES} }`);
    expect(node).toMatchObject({
      __typename: 'PersonTitle',
      title: 'Deputy Defence Minister',
      actor: { id: seed.ukraine },
      sources: [{ relation: 'TOLD_TO', note: null, source: { id: made.source } }],
    });
    const person = await read(made.person, `... on Person { titles { id } }`);
    expect(person.titles.map((t: { id: string }) => t.id)).toHaveLength(2);
    expect(person.titles.map((t: { id: string }) => t.id)).toContain(made.title);
  });

  it('defineTopic', async () => {
    const r = await perform(
      'defineTopic',
      {
        conflict: made.conflict,
        slug: 'water-rights',
        name: 'Water rights',
        description: 'Who controls the canal.',
        sources: [{ source: made.source }],
      },
      `topic { id slug name conflict { id } }`,
      'TOPIC_DEFINED',
    );
    made.topic = r.topic.id;
    expect(r.topic).toMatchObject({ slug: 'water-rights', name: 'Water rights', conflict: { id: made.conflict } });
    const node = await read(made.topic, `... on Topic { slug name description ${SOURCES} }`);
    expect(node).toMatchObject({
      slug: 'water-rights',
      description: 'Who controls the canal.',
      sources: [{ source: { id: made.source } }],
    });
    const conflict = await read(made.conflict, `... on Conflict { topics { id } }`);
    expect(conflict.topics).toEqual([{ id: made.topic }]);
  });

  it('recordPosition', async () => {
    const r = await perform(
      'recordPosition',
      {
        topic: made.topic,
        actor: made.actor,
        stance: 'Demands joint control.',
        date: { start: '2025-01-01', precision: 'MONTH' },
        sources: [{ source: made.source }],
      },
      `position { id stance topic { id } actor { id } date { start precision } }`,
      'POSITION_RECORDED',
    );
    made.position = r.position.id;
    expect(r.position).toMatchObject({
      stance: 'Demands joint control.',
      topic: { id: made.topic },
      actor: { id: made.actor },
      date: { start: '2025-01-01', precision: 'MONTH' },
    });
    const node = await read(made.position, `... on Position { stance ${SOURCES} }`);
    expect(node).toMatchObject({ stance: 'Demands joint control.', sources: [{ source: { id: made.source } }] });
    const topic = await read(made.topic, `... on Topic { positions { id } }`);
    expect(topic.positions).toEqual([{ id: made.position }]);
  });

  it('scheduleTalk', async () => {
    const r = await perform(
      'scheduleTalk',
      {
        conflict: made.conflict,
        title: 'First round of test talks',
        round: 1,
        venueCity: 'Geneva',
        venueCountry: 'Switzerland',
        host: seed.turkey,
        date: { start: '2025-07-01', end: '2025-07-03', precision: 'RANGE', text: 'early July' },
        description: 'Talks recorded by the tests.',
        delegations: [
          {
            actor: seed.ukraine,
            role: 'PARTY',
            description: 'Kyiv’s team.',
            participants: [{ person: made.person, role: 'HEAD', sources: [{ source: made.source }] }],
            sources: [{ source: made.source }],
          },
        ],
        sources: [{ source: made.source, relation: 'REPORTED_BY' }],
      },
      `talk { id title round status venue { city country } host { id } date { start end precision text } }`,
      'TALK_SCHEDULED',
    );
    made.talk = r.talk.id;
    expect(r.talk).toMatchObject({
      title: 'First round of test talks',
      round: 1,
      status: 'SCHEDULED',
      venue: { city: 'Geneva', country: 'Switzerland' },
      host: { id: seed.turkey },
      date: { start: '2025-07-01', end: '2025-07-03', precision: 'RANGE', text: 'early July' },
    });
    const node = await read(
      made.talk,
      `... on Talk {
        description
        delegations { id actor { id } role attendance description head { person { id } } participants { person { id } role ${SOURCES} } ${SOURCES} }
        ${SOURCES}
      }`,
    );
    expect(node.description).toBe('Talks recorded by the tests.');
    expect(node.sources).toEqual([{ relation: 'REPORTED_BY', note: null, source: { id: made.source } }]);
    expect(node.delegations).toHaveLength(1);
    expect(node.delegations[0]).toMatchObject({
      actor: { id: seed.ukraine },
      role: 'PARTY',
      attendance: 'CONFIRMED',
      head: { person: { id: made.person } },
      participants: [{ person: { id: made.person }, role: 'HEAD', sources: [{ source: { id: made.source } }] }],
      sources: [{ source: { id: made.source } }],
    });
    const byRound = await server.query(`{ conflict(slug: "test-border-war") { round(number: 1) { id } } }`);
    expect(byRound.conflict.round).toEqual({ id: made.talk });
  });

  it('addDelegation', async () => {
    const r = await perform(
      'addDelegation',
      {
        talk: made.talk,
        delegation: {
          actor: seed.russia,
          role: 'PARTY',
          attendance: 'EXPECTED',
          description: 'Moscow’s team.',
          participants: [{ description: 'a deputy foreign minister', role: 'MEMBER' }],
          sources: [{ source: made.source }],
        },
      },
      `delegation { id actor { id } role attendance talk { id } participants { person { id } description role } }`,
      'DELEGATION_ADDED',
    );
    made.delegation = r.delegation.id;
    expect(r.delegation).toMatchObject({
      actor: { id: seed.russia },
      role: 'PARTY',
      attendance: 'EXPECTED',
      talk: { id: made.talk },
      participants: [{ person: null, description: 'a deputy foreign minister', role: 'MEMBER' }],
    });
    const node = await read(made.delegation, `... on Delegation { description ${SOURCES} }`);
    expect(node).toMatchObject({ description: 'Moscow’s team.', sources: [{ source: { id: made.source } }] });
    const talk = await read(made.talk, `... on Talk { delegations { id } }`);
    expect(talk.delegations.map((d: { id: string }) => d.id)).toEqual([expect.any(String), made.delegation]);
  });

  it('addParticipant', async () => {
    const r = await perform(
      'addParticipant',
      {
        delegation: made.delegation,
        participant: { description: 'an interpreter', role: 'MEMBER', sources: [{ source: made.source, relation: 'REPORTED_BY' }] },
      },
      `participation { id role description person { id } delegation { id } }`,
      'PARTICIPANT_ADDED',
    );
    made.participation = r.participation.id;
    expect(r.participation).toMatchObject({
      role: 'MEMBER',
      description: 'an interpreter',
      person: null,
      delegation: { id: made.delegation },
    });
    const node = await read(made.participation, `... on Participation { description ${SOURCES} }`);
    expect(node).toMatchObject({ description: 'an interpreter', sources: [{ relation: 'REPORTED_BY', source: { id: made.source } }] });
    const delegation = await read(made.delegation, `... on Delegation { participants { id } }`);
    expect(delegation.participants).toHaveLength(2);
    expect(delegation.participants[1]).toEqual({ id: made.participation });
  });

  it('changeTalkStatus', async () => {
    const r = await perform(
      'changeTalkStatus',
      { talk: made.talk, status: 'IN_PROGRESS', reason: 'the delegations met', sources: [{ source: seed.reuters }] },
      `talk { id status }`,
      'TALK_STATUS_CHANGED',
    );
    expect(r.talk).toEqual({ id: made.talk, status: 'IN_PROGRESS' });
    expect(r.event.reason).toBe('the delegations met');
    const node = await read(made.talk, `... on Talk { status ${SOURCES} }`);
    expect(node.status).toBe('IN_PROGRESS');
    expect(node.sources.map((s: { source: { id: string } }) => s.source.id)).toEqual([made.source, seed.reuters]);
  });

  it('submitProposal', async () => {
    const r = await perform(
      'submitProposal',
      {
        conflict: made.conflict,
        submittedBy: seed.ukraine,
        talk: made.talk,
        title: 'Test memorandum',
        status: 'SUBMITTED',
        description: 'A memorandum.',
        date: { start: '2025-07-01', precision: 'DAY' },
        provisions: [
          { text: 'Shared canal authority', topic: made.topic, sources: [{ source: made.source }] },
          { text: 'Prisoner exchange' },
        ],
        sources: [{ source: made.source, relation: 'OBTAINED_BY' }],
      },
      `proposal { id title status submittedBy { id } talk { id } provisions { ordinal text topic { id } } }`,
      'PROPOSAL_SUBMITTED',
    );
    made.proposal = r.proposal.id;
    expect(r.proposal).toMatchObject({
      title: 'Test memorandum',
      status: 'SUBMITTED',
      submittedBy: { id: seed.ukraine },
      talk: { id: made.talk },
      provisions: [
        { ordinal: 1, text: 'Shared canal authority', topic: { id: made.topic } },
        { ordinal: 2, text: 'Prisoner exchange', topic: null },
      ],
    });
    const node = await read(made.proposal, `... on Proposal { description provisions { ${SOURCES} } ${SOURCES} }`);
    expect(node).toMatchObject({
      description: 'A memorandum.',
      provisions: [{ sources: [{ source: { id: made.source } }] }, { sources: [] }],
      sources: [{ relation: 'OBTAINED_BY', source: { id: made.source } }],
    });
  });

  it('updateProposal', async () => {
    const r = await perform(
      'updateProposal',
      {
        proposal: made.proposal,
        status: 'RECEIVED',
        date: { start: '2025-07-02', precision: 'DAY' },
        addProvisions: [{ text: 'Monitoring mission' }],
        sources: [{ source: seed.reuters }],
      },
      `proposal { id status date { start } provisions { ordinal text } }`,
      'PROPOSAL_UPDATED',
    );
    expect(r.proposal).toMatchObject({
      id: made.proposal,
      status: 'RECEIVED',
      date: { start: '2025-07-02' },
      provisions: [
        { ordinal: 1, text: 'Shared canal authority' },
        { ordinal: 2, text: 'Prisoner exchange' },
        { ordinal: 3, text: 'Monitoring mission' },
      ],
    });
    const node = await read(made.proposal, `... on Proposal { status ${SOURCES} }`);
    expect(node.status).toBe('RECEIVED');
    expect(node.sources.map((s: { source: { id: string } }) => s.source.id)).toEqual([made.source, seed.reuters]);
  });

  it('recordIncident', async () => {
    const r = await perform(
      'recordIncident',
      {
        conflict: made.conflict,
        eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
        subEventType: 'AIR_DRONE_STRIKE',
        title: 'Drone strike on the canal',
        description: 'Drones hit the canal locks.',
        date: { start: '2025-07-01', precision: 'DAY', text: 'Tuesday' },
        location: { name: 'Kakhovka', region: 'Kherson Oblast', country: 'Ukraine', latitude: 46.78, longitude: 33.37 },
        actors: [
          { actor: seed.russia, side: 'INITIATOR' },
          { actor: made.actor, side: 'TARGET' },
        ],
        talk: made.talk,
        figures: [
          {
            metric: 'drones launched',
            value: 40,
            unit: 'drones',
            qualifier: 'MORE_THAN',
            about: 'Drones launched at the canal',
            actor: seed.russia,
            asOf: { start: '2025-07-01', precision: 'DAY' },
            sources: [{ source: made.source }],
          },
        ],
        sources: [{ source: made.source }],
      },
      `incident { id title revision retraction { reason } location { name region country latitude longitude } actors { actor { id } side } figures { metric value qualifier } talk { id } }`,
      'INCIDENT_RECORDED',
    );
    made.incident = r.incident.id;
    expect(r.incident).toMatchObject({
      title: 'Drone strike on the canal',
      revision: 1,
      retraction: null,
      location: { name: 'Kakhovka', region: 'Kherson Oblast', country: 'Ukraine', latitude: 46.78, longitude: 33.37 },
      actors: [
        { actor: { id: seed.russia }, side: 'INITIATOR' },
        { actor: { id: made.actor }, side: 'TARGET' },
      ],
      figures: [{ metric: 'drones launched', value: 40, qualifier: 'MORE_THAN' }],
      talk: { id: made.talk },
    });
    const node = await read(
      made.incident,
      `... on Incident { eventType subEventType date { start precision text } figures { ${SOURCES} } ${SOURCES} }`,
    );
    expect(node).toMatchObject({
      eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
      subEventType: 'AIR_DRONE_STRIKE',
      date: { start: '2025-07-01', precision: 'DAY', text: 'Tuesday' },
      figures: [{ sources: [{ source: { id: made.source } }] }],
      sources: [{ relation: 'ACCORDING_TO', source: { id: made.source } }],
    });
    const listed = await server.query(`query($c: ID) { incidents(filter: { conflict: $c }) { nodes { id } } }`, { c: made.conflict });
    expect(listed.incidents.nodes).toEqual([{ id: made.incident }]);
  });

  it('recordFigure', async () => {
    const r = await perform(
      'recordFigure',
      {
        conflict: made.conflict,
        incident: made.incident,
        figure: {
          metric: 'fatalities',
          value: 2,
          unit: 'people',
          qualifier: 'AT_LEAST',
          about: 'Killed in the strike',
          comparison: 'the first deaths at the canal',
          asOf: { start: '2025-07-02', precision: 'DAY' },
          sources: [{ source: made.source, note: 'per officials' }],
        },
      },
      `figure { id metric value unit qualifier about comparison incident { id } conflict { id } asOf { start } }`,
      'FIGURE_RECORDED',
    );
    made.figure = r.figure.id;
    expect(r.figure).toMatchObject({
      metric: 'fatalities',
      value: 2,
      unit: 'people',
      qualifier: 'AT_LEAST',
      about: 'Killed in the strike',
      comparison: 'the first deaths at the canal',
      incident: { id: made.incident },
      conflict: { id: made.conflict },
      asOf: { start: '2025-07-02' },
    });
    const node = await read(made.figure, `... on Figure { metric ${SOURCES} }`);
    expect(node).toMatchObject({ metric: 'fatalities', sources: [{ note: 'per officials', source: { id: made.source } }] });
    const incident = await read(made.incident, `... on Incident { figures { id } }`);
    expect(incident.figures.map((f: { id: string }) => f.id)).toEqual([expect.any(String), made.figure]);
  });

  it('recordStatement', async () => {
    const r = await perform(
      'recordStatement',
      {
        conflict: made.conflict,
        speaker: made.person,
        speakingActor: seed.ukraine,
        quote: 'We will not give up the canal.',
        paraphrase: 'She rejected any handover of the canal.',
        context: 'a press conference',
        date: { start: '2025-07-02', precision: 'DAY' },
        talk: made.talk,
        about: [{ id: made.topic }, { id: made.incident }],
        sources: [{ source: made.source, relation: 'TOLD_TO' }],
      },
      `statement { id quote revision retraction { reason } speaker { id } speakingActor { id } about { id } }`,
      'STATEMENT_RECORDED',
    );
    made.statement = r.statement.id;
    expect(r.statement).toMatchObject({
      quote: 'We will not give up the canal.',
      revision: 1,
      retraction: null,
      speaker: { id: made.person },
      speakingActor: { id: seed.ukraine },
      about: [{ id: made.topic }, { id: made.incident }],
    });
    const node = await read(made.statement, `... on Statement { paraphrase context talk { id } date { start } ${SOURCES} }`);
    expect(node).toMatchObject({
      paraphrase: 'She rejected any handover of the canal.',
      context: 'a press conference',
      talk: { id: made.talk },
      date: { start: '2025-07-02' },
      sources: [{ relation: 'TOLD_TO', source: { id: made.source } }],
    });
  });

  it('amendIncident', async () => {
    const r = await perform(
      'amendIncident',
      {
        incident: made.incident,
        reason: 'The strike hit Nova Kakhovka.',
        title: 'Drone strike on Nova Kakhovka',
        location: { name: 'Nova Kakhovka', country: 'Ukraine' },
      },
      `incident { id title revision location { name region country latitude longitude } }`,
      'INCIDENT_AMENDED',
    );
    expect(r.event.reason).toBe('The strike hit Nova Kakhovka.');
    expect(r.incident).toEqual({
      id: made.incident,
      title: 'Drone strike on Nova Kakhovka',
      revision: 2,
      location: { name: 'Nova Kakhovka', region: null, country: 'Ukraine', latitude: null, longitude: null },
    });
    const node = await read(made.incident, `... on Incident { title revision description ${SOURCES} }`);
    expect(node).toMatchObject({
      title: 'Drone strike on Nova Kakhovka',
      revision: 2,
      description: 'Drones hit the canal locks.',
      sources: [{ source: { id: made.source } }],
    });
  });

  it('amendStatement', async () => {
    const r = await perform(
      'amendStatement',
      { statement: made.statement, reason: 'Misquoted.', quote: 'We will never give up the canal.' },
      `statement { id quote paraphrase revision }`,
      'STATEMENT_AMENDED',
    );
    expect(r.event.reason).toBe('Misquoted.');
    expect(r.statement).toEqual({
      id: made.statement,
      quote: 'We will never give up the canal.',
      paraphrase: 'She rejected any handover of the canal.',
      revision: 2,
    });
    const node = await read(made.statement, `... on Statement { quote revision ${SOURCES} }`);
    expect(node).toMatchObject({ quote: 'We will never give up the canal.', revision: 2, sources: [{ source: { id: made.source } }] });
  });

  it('attachSources', async () => {
    const r = await perform(
      'attachSources',
      { subject: made.actor, sources: [{ source: seed.reuters, relation: 'REPORTED_BY', note: 'unit insignia' }] },
      `subject { __typename id ... on Actor { ${SOURCES} } }`,
      'SOURCE_ATTACHED',
    );
    expect(r.subject).toEqual({
      __typename: 'Actor',
      id: made.actor,
      sources: [
        { relation: 'ACCORDING_TO', note: null, source: { id: made.source } },
        { relation: 'REPORTED_BY', note: 'unit insignia', source: { id: seed.reuters } },
      ],
    });
    const node = await read(made.actor, `... on Actor { ${SOURCES} }`);
    expect(node.sources).toEqual(r.subject.sources);
  });

  it('retractIncident (admin)', async () => {
    const r = await perform(
      'retractIncident',
      { incident: made.incident, reason: 'Duplicate of another report.' },
      `incident { id revision retraction { at reason } }`,
      'INCIDENT_RETRACTED',
      admin,
    );
    expect(r.event.reason).toBe('Duplicate of another report.');
    expect(r.incident).toMatchObject({ id: made.incident, revision: 3, retraction: { reason: 'Duplicate of another report.' } });
    expect(Number.isNaN(Date.parse(r.incident.retraction.at))).toBe(false);
    const node = await read(made.incident, `... on Incident { retraction { reason } ${SOURCES} }`);
    expect(node).toMatchObject({ retraction: { reason: 'Duplicate of another report.' }, sources: [{ source: { id: made.source } }] });
  });

  it('retractStatement (admin)', async () => {
    const r = await perform(
      'retractStatement',
      { statement: made.statement, reason: 'The speaker was misidentified.' },
      `statement { id revision retraction { at reason } }`,
      'STATEMENT_RETRACTED',
      admin,
    );
    expect(r.event.reason).toBe('The speaker was misidentified.');
    expect(r.statement).toMatchObject({ id: made.statement, revision: 3, retraction: { reason: 'The speaker was misidentified.' } });
    const node = await read(made.statement, `... on Statement { retraction { reason } ${SOURCES} }`);
    expect(node).toMatchObject({ retraction: { reason: 'The speaker was misidentified.' }, sources: [{ source: { id: made.source } }] });
  });

  it('covered every mutation schema.graphql declares', () => {
    const sdl = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    const block = /^type Mutation \{([\s\S]*?)^\}/m.exec(sdl)![1]!;
    const declared = [...block.matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]!).sort();
    expect(declared.length).toBeGreaterThanOrEqual(22);
    expect([...exercised].sort()).toEqual(declared);
  });
});

// ── Refusals ─────────────────────────────────────────────────────────────────────────────────

interface UserError {
  __typename: 'UserError';
  code: string;
  message: string;
  fields: { field: string; message: string }[];
}

/**
 * Runs a mutation that must be refused: nothing is recorded (no table changes, lastEventId stays,
 * no event reaches the listeners), and the result is a UserError. Returns it.
 */
async function refused(mutation: string, input: Record<string, unknown>, token = editor): Promise<UserError> {
  const counts = rowCounts();
  const before = await lastEventId();
  emitted.length = 0;
  const { body } = await server.post(
    `mutation ${operationName(mutation)}($input: ${upper(mutation)}Input!) { ${mutation}(input: $input) { ${USER_ERROR} } }`,
    { input },
    bearer(token),
  );
  expect(rowCounts(), 'row counts').toEqual(counts);
  expect(await lastEventId(), 'lastEventId').toBe(before);
  expect(emitted, 'emitted events').toEqual([]);
  const text = JSON.stringify(body);
  expect(body.errors, `expected a UserError, got: ${text}`).toBeUndefined();
  const result = body.data?.[mutation] as UserError;
  expect(result.__typename, text).toBe('UserError');
  expect(result.message.length, text).toBeGreaterThan(0);
  return result;
}

/** The refusal has this code and names this input field (a dotted path from `input`). */
function expectFieldError(error: UserError, code: string, field: string | string[]) {
  const text = JSON.stringify(error);
  expect(error.code, text).toBe(code);
  const named = error.fields.map((f) => f.field);
  if (Array.isArray(field))
    expect
      .soft(
        named.some((f) => field.includes(f)),
        `fields ${text} name one of ${field.join(', ')}`,
      )
      .toBe(true);
  else expect.soft(named, text).toContain(field);
  for (const f of error.fields) expect(f.message.length, text).toBeGreaterThan(0);
}

const day = (start: string) => ({ start, precision: 'DAY' });

interface Case {
  name: string;
  mutation: string;
  input: () => Record<string, unknown>;
  code: 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT';
  field: string | string[];
}

const missingSource = gid('Source', 9999);

const cases: Record<string, Case[]> = {
  'unknown IDs (well-formed, no such row): NOT_FOUND': [
    {
      name: 'recordActor: parent',
      mutation: 'recordActor',
      input: () => ({ name: 'Orphan', kind: 'ORGANIZATION', parent: gid('Actor', 9999) }),
      code: 'NOT_FOUND',
      field: 'input.parent',
    },
    {
      name: 'recordActor: sources.0.source',
      mutation: 'recordActor',
      input: () => ({ name: 'Unsourced', kind: 'ORGANIZATION', sources: [{ source: missingSource }] }),
      code: 'NOT_FOUND',
      field: 'input.sources.0.source',
    },
    {
      name: 'registerSource: actor',
      mutation: 'registerSource',
      input: () => ({ name: 'Ghost Wire', kind: 'MEDIA', actor: gid('Actor', 9999) }),
      code: 'NOT_FOUND',
      field: 'input.actor',
    },
    {
      name: 'recordIncident: conflict',
      mutation: 'recordIncident',
      input: () => ({ conflict: gid('Conflict', 9999), eventType: 'BATTLES', title: 'Clash', date: day('2025-06-03') }),
      code: 'NOT_FOUND',
      field: 'input.conflict',
    },
    {
      name: 'recordIncident: actors.1.actor (after the incident row was written)',
      mutation: 'recordIncident',
      input: () => ({
        conflict: seed.conflict,
        eventType: 'BATTLES',
        title: 'Clash',
        date: day('2025-06-03'),
        actors: [
          { actor: seed.russia, side: 'INITIATOR' },
          { actor: gid('Actor', 9999), side: 'TARGET' },
        ],
      }),
      code: 'NOT_FOUND',
      field: 'input.actors.1.actor',
    },
    {
      name: 'recordIncident: respondedTo',
      mutation: 'recordIncident',
      input: () => ({
        conflict: seed.conflict,
        eventType: 'BATTLES',
        title: 'Clash',
        date: day('2025-06-03'),
        respondedTo: gid('Incident', 9999),
      }),
      code: 'NOT_FOUND',
      field: 'input.respondedTo',
    },
    {
      name: 'recordStatement: speaker',
      mutation: 'recordStatement',
      input: () => ({ conflict: seed.conflict, speaker: gid('Person', 9999), quote: 'Hello.', date: day('2025-06-03') }),
      code: 'NOT_FOUND',
      field: 'input.speaker',
    },
    {
      name: 'recordStatement: about.0.id',
      mutation: 'recordStatement',
      input: () => ({
        conflict: seed.conflict,
        speakingActor: seed.russia,
        quote: 'Hello.',
        date: day('2025-06-03'),
        about: [{ id: gid('Topic', 9999) }],
      }),
      code: 'NOT_FOUND',
      field: 'input.about.0.id',
    },
    {
      name: 'recordFigure: incident',
      mutation: 'recordFigure',
      input: () => ({
        conflict: seed.conflict,
        incident: gid('Incident', 9999),
        figure: { metric: 'm', value: 1, unit: 'u', about: 'a', asOf: day('2025-06-03') },
      }),
      code: 'NOT_FOUND',
      field: 'input.incident',
    },
    {
      name: 'recordPosition: topic',
      mutation: 'recordPosition',
      input: () => ({ topic: gid('Topic', 9999), actor: seed.russia, stance: 'No.', date: day('2025-06-03') }),
      code: 'NOT_FOUND',
      field: 'input.topic',
    },
    {
      name: 'defineTopic: conflict',
      mutation: 'defineTopic',
      input: () => ({ conflict: gid('Conflict', 9999), slug: 'ghost-topic', name: 'Ghost' }),
      code: 'NOT_FOUND',
      field: 'input.conflict',
    },
    {
      name: 'scheduleTalk: host',
      mutation: 'scheduleTalk',
      input: () => ({ conflict: seed.conflict, title: 'Round 9', host: gid('Actor', 9999), date: day('2025-09-01') }),
      code: 'NOT_FOUND',
      field: 'input.host',
    },
    {
      name: 'changeTalkStatus: talk',
      mutation: 'changeTalkStatus',
      input: () => ({ talk: gid('Talk', 9999), status: 'CANCELLED' }),
      code: 'NOT_FOUND',
      field: 'input.talk',
    },
    {
      name: 'addDelegation: delegation.actor',
      mutation: 'addDelegation',
      input: () => ({ talk: seed.round2, delegation: { actor: gid('Actor', 9999), role: 'OBSERVER' } }),
      code: 'NOT_FOUND',
      field: 'input.delegation.actor',
    },
    {
      name: 'addParticipant: delegation',
      mutation: 'addParticipant',
      input: () => ({ delegation: gid('Delegation', 9999), participant: { description: 'an aide', role: 'MEMBER' } }),
      code: 'NOT_FOUND',
      field: 'input.delegation',
    },
    {
      name: 'addParticipant: participant.person',
      mutation: 'addParticipant',
      input: () => ({ delegation: seed.ukrainianDelegation, participant: { person: gid('Person', 9999), role: 'MEMBER' } }),
      code: 'NOT_FOUND',
      field: 'input.participant.person',
    },
    {
      name: 'addPersonAlias: person',
      mutation: 'addPersonAlias',
      input: () => ({ person: gid('Person', 9999), alias: 'Nobody' }),
      code: 'NOT_FOUND',
      field: 'input.person',
    },
    {
      name: 'addPersonTitle: title.actor',
      mutation: 'addPersonTitle',
      input: () => ({ person: seed.zelensky, title: { title: 'Envoy', actor: gid('Actor', 9999) } }),
      code: 'NOT_FOUND',
      field: 'input.title.actor',
    },
    {
      name: 'submitProposal: submittedBy',
      mutation: 'submitProposal',
      input: () => ({
        conflict: seed.conflict,
        submittedBy: gid('Actor', 9999),
        title: 'Plan',
        status: 'DRAFTING',
        date: day('2025-06-03'),
      }),
      code: 'NOT_FOUND',
      field: 'input.submittedBy',
    },
    {
      name: 'updateProposal: proposal',
      mutation: 'updateProposal',
      input: () => ({ proposal: gid('Proposal', 9999), status: 'ANSWERED' }),
      code: 'NOT_FOUND',
      field: 'input.proposal',
    },
    {
      name: 'updateProposal: addProvisions.0.topic',
      mutation: 'updateProposal',
      input: () => ({ proposal: seed.proposal, status: 'ANSWERED', addProvisions: [{ text: 'More.', topic: gid('Topic', 9999) }] }),
      code: 'NOT_FOUND',
      field: 'input.addProvisions.0.topic',
    },
    {
      name: 'amendIncident: incident',
      mutation: 'amendIncident',
      input: () => ({ incident: gid('Incident', 9999), reason: 'typo', title: 'Fixed' }),
      code: 'NOT_FOUND',
      field: 'input.incident',
    },
    {
      name: 'amendIncident: talk',
      mutation: 'amendIncident',
      input: () => ({ incident: seed.incident, reason: 'typo', talk: gid('Talk', 9999) }),
      code: 'NOT_FOUND',
      field: 'input.talk',
    },
    {
      name: 'amendStatement: statement',
      mutation: 'amendStatement',
      input: () => ({ statement: gid('Statement', 9999), reason: 'typo', quote: 'Fixed.' }),
      code: 'NOT_FOUND',
      field: 'input.statement',
    },
    {
      name: 'attachSources: subject',
      mutation: 'attachSources',
      input: () => ({ subject: gid('Incident', 9999), sources: [{ source: seed.reuters }] }),
      code: 'NOT_FOUND',
      field: 'input.subject',
    },
    {
      name: 'attachSources: sources.0.source',
      mutation: 'attachSources',
      input: () => ({ subject: seed.incident, sources: [{ source: missingSource }] }),
      code: 'NOT_FOUND',
      field: 'input.sources.0.source',
    },
  ],
  'IDs of the wrong type: BAD_USER_INPUT': [
    {
      name: 'recordActor: parent is a Conflict',
      mutation: 'recordActor',
      input: () => ({ name: 'Misparented', kind: 'ORGANIZATION', parent: seed.conflict }),
      code: 'BAD_USER_INPUT',
      field: 'input.parent',
    },
    {
      name: 'recordIncident: conflict is an Actor',
      mutation: 'recordIncident',
      input: () => ({ conflict: seed.russia, eventType: 'BATTLES', title: 'Clash', date: day('2025-06-03') }),
      code: 'BAD_USER_INPUT',
      field: 'input.conflict',
    },
    {
      name: 'recordActor: sources.0.source is an Actor',
      mutation: 'recordActor',
      input: () => ({ name: 'Missourced', kind: 'ORGANIZATION', sources: [{ source: gid('Actor', 1) }] }),
      code: 'BAD_USER_INPUT',
      field: 'input.sources.0.source',
    },
    {
      name: 'retractStatement: statement is an Incident',
      mutation: 'retractStatement',
      input: () => ({ statement: seed.incident, reason: 'wrong' }),
      code: 'BAD_USER_INPUT',
      field: 'input.statement',
    },
    {
      name: 'attachSources: subject is an Event',
      mutation: 'attachSources',
      input: () => ({ subject: gid('Event', 1), sources: [{ source: seed.reuters }] }),
      code: 'BAD_USER_INPUT',
      field: 'input.subject',
    },
    {
      name: 'recordStatement: about.0.id is an Event',
      mutation: 'recordStatement',
      input: () => ({
        conflict: seed.conflict,
        speakingActor: seed.russia,
        quote: 'Hello.',
        date: day('2025-06-03'),
        about: [{ id: gid('Event', 1) }],
      }),
      code: 'BAD_USER_INPUT',
      field: 'input.about.0.id',
    },
  ],
  'empty or blank text: BAD_USER_INPUT': [
    {
      name: 'recordActor: name ""',
      mutation: 'recordActor',
      input: () => ({ name: '', kind: 'STATE' }),
      code: 'BAD_USER_INPUT',
      field: 'input.name',
    },
    {
      name: 'recordActor: name "   "',
      mutation: 'recordActor',
      input: () => ({ name: '   ', kind: 'STATE' }),
      code: 'BAD_USER_INPUT',
      field: 'input.name',
    },
    {
      name: 'registerSource: name "\\t\\n"',
      mutation: 'registerSource',
      input: () => ({ name: '\t\n', kind: 'MEDIA' }),
      code: 'BAD_USER_INPUT',
      field: 'input.name',
    },
    {
      name: 'recordIncident: title "  "',
      mutation: 'recordIncident',
      input: () => ({ conflict: seed.conflict, eventType: 'BATTLES', title: '  ', date: day('2025-06-03') }),
      code: 'BAD_USER_INPUT',
      field: 'input.title',
    },
    {
      name: 'recordPerson: aliases.1 ""',
      mutation: 'recordPerson',
      input: () => ({ name: 'Someone', aliases: ['S.', ''] }),
      code: 'BAD_USER_INPUT',
      field: 'input.aliases.1',
    },
    {
      name: 'recordPosition: stance " "',
      mutation: 'recordPosition',
      input: () => ({ topic: seed.topic, actor: seed.russia, stance: ' ', date: day('2025-06-03') }),
      code: 'BAD_USER_INPUT',
      field: 'input.stance',
    },
    {
      name: 'recordStatement: quote " " and no paraphrase',
      mutation: 'recordStatement',
      input: () => ({ conflict: seed.conflict, speakingActor: seed.russia, quote: ' ', date: day('2025-06-03') }),
      code: 'BAD_USER_INPUT',
      field: 'input.quote',
    },
    {
      name: 'defineTopic: name ""',
      mutation: 'defineTopic',
      input: () => ({ conflict: seed.conflict, slug: 'blank-name', name: '' }),
      code: 'BAD_USER_INPUT',
      field: 'input.name',
    },
    {
      name: 'changeTalkStatus: outcomes.0.description " "',
      mutation: 'changeTalkStatus',
      input: () => ({ talk: seed.round2, status: 'CONCLUDED', outcomes: [{ description: ' ', achieved: true }] }),
      code: 'BAD_USER_INPUT',
      field: 'input.outcomes.0.description',
    },
    {
      name: 'submitProposal: provisions.1.text ""',
      mutation: 'submitProposal',
      input: () => ({
        conflict: seed.conflict,
        submittedBy: seed.russia,
        title: 'Plan',
        status: 'DRAFTING',
        date: day('2025-06-03'),
        provisions: [{ text: 'One.' }, { text: '' }],
      }),
      code: 'BAD_USER_INPUT',
      field: 'input.provisions.1.text',
    },
    {
      name: 'addPersonAlias: alias " "',
      mutation: 'addPersonAlias',
      input: () => ({ person: seed.zelensky, alias: ' ' }),
      code: 'BAD_USER_INPUT',
      field: 'input.alias',
    },
    {
      name: 'amendIncident: reason " "',
      mutation: 'amendIncident',
      input: () => ({ incident: seed.incident, reason: ' ', title: 'Fixed' }),
      code: 'BAD_USER_INPUT',
      field: 'input.reason',
    },
    {
      name: 'amendIncident: title ""',
      mutation: 'amendIncident',
      input: () => ({ incident: seed.incident, reason: 'typo', title: '' }),
      code: 'BAD_USER_INPUT',
      field: 'input.title',
    },
    {
      name: 'retractIncident (admin): reason ""',
      mutation: 'retractIncident',
      input: () => ({ incident: seed.incident, reason: '' }),
      code: 'BAD_USER_INPUT',
      field: 'input.reason',
    },
  ],
  'impossible dates: BAD_USER_INPUT': [
    {
      name: 'recordConflict: began.start 2025-02-30',
      mutation: 'recordConflict',
      input: () => ({ slug: 'feb-30', name: 'Feb 30', began: day('2025-02-30') }),
      code: 'BAD_USER_INPUT',
      field: 'input.began.start',
    },
    {
      name: 'recordIncident: date.end 2025-13-01',
      mutation: 'recordIncident',
      input: () => ({
        conflict: seed.conflict,
        eventType: 'BATTLES',
        title: 'Clash',
        date: { start: '2025-06-01', end: '2025-13-01', precision: 'RANGE' },
      }),
      code: 'BAD_USER_INPUT',
      field: 'input.date.end',
    },
    {
      name: 'addPersonTitle: title.validFrom 2023-02-29',
      mutation: 'addPersonTitle',
      input: () => ({ person: seed.zelensky, title: { title: 'Envoy', validFrom: '2023-02-29' } }),
      code: 'BAD_USER_INPUT',
      field: 'input.title.validFrom',
    },
    {
      name: 'scheduleTalk: date ends before it starts',
      mutation: 'scheduleTalk',
      input: () => ({ conflict: seed.conflict, title: 'Round 9', date: { start: '2025-09-05', end: '2025-09-01', precision: 'RANGE' } }),
      code: 'BAD_USER_INPUT',
      field: 'input.date.end',
    },
    {
      name: 'recordIncident: RANGE without end',
      mutation: 'recordIncident',
      input: () => ({ conflict: seed.conflict, eventType: 'BATTLES', title: 'Clash', date: { start: '2025-06-01', precision: 'RANGE' } }),
      code: 'BAD_USER_INPUT',
      field: ['input.date.end', 'input.date.precision'],
    },
    {
      name: 'recordStatement: DAY with an end',
      mutation: 'recordStatement',
      input: () => ({
        conflict: seed.conflict,
        speakingActor: seed.russia,
        quote: 'Hi.',
        date: { start: '2025-06-01', end: '2025-06-02', precision: 'DAY' },
      }),
      code: 'BAD_USER_INPUT',
      field: ['input.date.end', 'input.date.precision'],
    },
    {
      name: 'addPersonTitle: validTo before validFrom',
      mutation: 'addPersonTitle',
      input: () => ({ person: seed.zelensky, title: { title: 'Envoy', validFrom: '2024-05-01', validTo: '2024-04-30' } }),
      code: 'BAD_USER_INPUT',
      field: 'input.title.validTo',
    },
    {
      name: 'amendStatement: date ends before it starts',
      mutation: 'amendStatement',
      input: () => ({ statement: seed.statement, reason: 'date', date: { start: '2025-06-02', end: '2025-06-01', precision: 'RANGE' } }),
      code: 'BAD_USER_INPUT',
      field: 'input.date.end',
    },
  ],
  'numbers out of range: BAD_USER_INPUT': [
    {
      name: 'recordIncident: location.latitude 91',
      mutation: 'recordIncident',
      input: () => ({
        conflict: seed.conflict,
        eventType: 'BATTLES',
        title: 'Clash',
        date: day('2025-06-03'),
        location: { latitude: 91, longitude: 30 },
      }),
      code: 'BAD_USER_INPUT',
      field: 'input.location.latitude',
    },
    {
      name: 'recordIncident: location.longitude -180.5',
      mutation: 'recordIncident',
      input: () => ({
        conflict: seed.conflict,
        eventType: 'BATTLES',
        title: 'Clash',
        date: day('2025-06-03'),
        location: { latitude: 10, longitude: -180.5 },
      }),
      code: 'BAD_USER_INPUT',
      field: 'input.location.longitude',
    },
    {
      name: 'amendIncident: location.latitude -90.01',
      mutation: 'amendIncident',
      input: () => ({ incident: seed.incident, reason: 'coords', location: { latitude: -90.01, longitude: 0 } }),
      code: 'BAD_USER_INPUT',
      field: 'input.location.latitude',
    },
    {
      name: 'scheduleTalk: round -1',
      mutation: 'scheduleTalk',
      input: () => ({ conflict: seed.conflict, title: 'Round -1', round: -1, date: day('2025-09-01') }),
      code: 'BAD_USER_INPUT',
      field: 'input.round',
    },
    {
      name: 'scheduleTalk: round 0',
      mutation: 'scheduleTalk',
      input: () => ({ conflict: seed.conflict, title: 'Round 0', round: 0, date: day('2025-09-01') }),
      code: 'BAD_USER_INPUT',
      field: 'input.round',
    },
    {
      name: 'recordFigure: figure.value 1e16',
      mutation: 'recordFigure',
      input: () => ({ conflict: seed.conflict, figure: { metric: 'm', value: 1e16, unit: 'u', about: 'a', asOf: day('2025-06-03') } }),
      code: 'BAD_USER_INPUT',
      field: 'input.figure.value',
    },
    {
      name: 'recordIncident: figures.0.value -1e16',
      mutation: 'recordIncident',
      input: () => ({
        conflict: seed.conflict,
        eventType: 'BATTLES',
        title: 'Clash',
        date: day('2025-06-03'),
        figures: [{ metric: 'm', value: -1e16, unit: 'u', about: 'a', asOf: day('2025-06-03') }],
      }),
      code: 'BAD_USER_INPUT',
      field: 'input.figures.0.value',
    },
  ],
  'fields the domain names otherwise: named as the client sent them': [
    {
      name: 'recordStatement: neither speaker nor speakingActor (the domain names speakerPersonId)',
      mutation: 'recordStatement',
      input: () => ({ conflict: seed.conflict, quote: 'Hello.', date: day('2025-06-03') }),
      code: 'BAD_USER_INPUT',
      field: 'input.speaker',
    },
    {
      name: 'recordFigure: figure.actor (the domain takes the figure flat, as actorId)',
      mutation: 'recordFigure',
      input: () => ({
        conflict: seed.conflict,
        figure: { metric: 'm', value: 1, unit: 'u', about: 'a', actor: gid('Actor', 9999), asOf: day('2025-06-03') },
      }),
      code: 'NOT_FOUND',
      field: 'input.figure.actor',
    },
    {
      name: 'recordFigure: figure.sources.0.source',
      mutation: 'recordFigure',
      input: () => ({
        conflict: seed.conflict,
        figure: { metric: 'm', value: 1, unit: 'u', about: 'a', asOf: day('2025-06-03'), sources: [{ source: missingSource }] },
      }),
      code: 'NOT_FOUND',
      field: 'input.figure.sources.0.source',
    },
    {
      name: 'recordIncident: figures.0.actor',
      mutation: 'recordIncident',
      input: () => ({
        conflict: seed.conflict,
        eventType: 'BATTLES',
        title: 'Clash',
        date: day('2025-06-03'),
        figures: [{ metric: 'm', value: 1, unit: 'u', about: 'a', actor: gid('Actor', 9999), asOf: day('2025-06-03') }],
      }),
      code: 'NOT_FOUND',
      field: 'input.figures.0.actor',
    },
    {
      name: 'scheduleTalk: delegations.0.participants.1.person',
      mutation: 'scheduleTalk',
      input: () => ({
        conflict: seed.conflict,
        title: 'Round 8',
        date: day('2025-09-01'),
        delegations: [
          {
            actor: seed.turkey,
            role: 'HOST',
            participants: [
              { person: seed.zelensky, role: 'MEMBER' },
              { person: gid('Person', 9999), role: 'MEMBER' },
            ],
          },
        ],
      }),
      code: 'NOT_FOUND',
      field: 'input.delegations.0.participants.1.person',
    },
    {
      name: 'amendIncident: nothing to change (the domain names its changes, which the input has no field for)',
      mutation: 'amendIncident',
      input: () => ({ incident: seed.incident, reason: 'nothing' }),
      code: 'BAD_USER_INPUT',
      field: 'input',
    },
  ],
  'duplicates: CONFLICT': [
    {
      name: 'recordActor: a second "Russia"',
      mutation: 'recordActor',
      input: () => ({ name: 'Russia', kind: 'STATE' }),
      code: 'CONFLICT',
      field: 'input.name',
    },
    {
      name: 'recordActor: "rUSSIA" (names are unique case-insensitively)',
      mutation: 'recordActor',
      input: () => ({ name: 'rUSSIA', kind: 'STATE' }),
      code: 'CONFLICT',
      field: 'input.name',
    },
    {
      name: 'registerSource: a second "reuters"',
      mutation: 'registerSource',
      input: () => ({ name: 'reuters', kind: 'NEWS_AGENCY' }),
      code: 'CONFLICT',
      field: 'input.name',
    },
    {
      name: 'recordConflict: slug russia-ukraine-war',
      mutation: 'recordConflict',
      input: () => ({ slug: 'russia-ukraine-war', name: 'Again', began: day('2022-02-24') }),
      code: 'CONFLICT',
      field: 'input.slug',
    },
    {
      name: 'defineTopic: slug territory',
      mutation: 'defineTopic',
      input: () => ({ conflict: seed.conflict, slug: 'territory', name: 'Territory again' }),
      code: 'CONFLICT',
      field: 'input.slug',
    },
    {
      name: 'scheduleTalk: round 2 again',
      mutation: 'scheduleTalk',
      input: () => ({ conflict: seed.conflict, title: 'Round 2 again', round: 2, date: day('2025-06-02') }),
      code: 'CONFLICT',
      field: 'input.round',
    },
    {
      name: 'addDelegation: Ukraine at round 2 again',
      mutation: 'addDelegation',
      input: () => ({ talk: seed.round2, delegation: { actor: seed.ukraine, role: 'PARTY' } }),
      code: 'CONFLICT',
      field: 'input.delegation.actor',
    },
    {
      name: 'scheduleTalk: the same actor twice in delegations (after the talk row was written)',
      mutation: 'scheduleTalk',
      input: () => ({
        conflict: seed.conflict,
        title: 'Round 7',
        round: 7,
        date: day('2025-09-01'),
        delegations: [
          { actor: seed.turkey, role: 'HOST' },
          { actor: seed.turkey, role: 'MEDIATOR' },
        ],
      }),
      code: 'CONFLICT',
      field: 'input.delegations.1.actor',
    },
    {
      name: 'addPersonAlias: "zelenskiy" again',
      mutation: 'addPersonAlias',
      input: () => ({ person: seed.zelensky, alias: 'zelenskiy' }),
      code: 'CONFLICT',
      field: 'input.alias',
    },
  ],
};

describe('refused writes return a UserError naming the input field, and record nothing', () => {
  for (const [group, list] of Object.entries(cases)) {
    describe(group, () => {
      for (const c of list) {
        it(c.name, async () => {
          const token = c.mutation.startsWith('retract') ? admin : editor;
          const error = await refused(c.mutation, c.input(), token);
          expectFieldError(error, c.code, c.field);
        });
      }
    });
  }

  it('amendIncident pointing respondedTo at an incident of another conflict is refused like recordIncident does', async () => {
    const conflict = await perform(
      'recordConflict',
      { slug: 'other-war', name: 'Other war', began: day('2020-01-01') },
      `conflict { id }`,
      'CONFLICT_RECORDED',
    );
    const incident = await perform(
      'recordIncident',
      { conflict: conflict.conflict.id, eventType: 'BATTLES', title: 'Skirmish', date: day('2020-02-01') },
      `incident { id }`,
      'INCIDENT_RECORDED',
    );
    // recordIncident refuses it ...
    const recorded = await refused('recordIncident', {
      conflict: conflict.conflict.id,
      eventType: 'BATTLES',
      title: 'Reply',
      date: day('2020-02-02'),
      respondedTo: seed.incident,
    });
    expectFieldError(recorded, 'BAD_USER_INPUT', 'input.respondedTo');
    // ... and so must a correction.
    const amended = await refused('amendIncident', { incident: incident.incident.id, reason: 'linked', respondedTo: seed.incident });
    expectFieldError(amended, 'BAD_USER_INPUT', 'input.respondedTo');
  });

  it('amendIncident naming the incident itself as respondedTo is refused', async () => {
    const error = await refused('amendIncident', { incident: seed.incident, reason: 'loop', respondedTo: seed.incident });
    expectFieldError(error, 'BAD_USER_INPUT', 'input.respondedTo');
  });

  it('a refused variable value does not decide how a later request with the same document is answered', async () => {
    const document = `mutation Reused($input: RecordConflictInput!) { recordConflict(input: $input) { ${USER_ERROR} ... on RecordConflictPayload { conflict { slug } } } }`;
    const bad = await server.post(document, { input: { slug: 'reused-doc', name: 'Reused', began: day('2025-02-30') } }, bearer(editor));
    expect(JSON.stringify(bad.body)).toContain('2025-02-30');
    const good = await server.post(document, { input: { slug: 'reused-doc', name: 'Reused', began: day('2025-02-28') } }, bearer(editor));
    expect(good.body.errors, JSON.stringify(good.body)).toBeUndefined();
    expect(good.body.data.recordConflict).toEqual({ __typename: 'RecordConflictPayload', conflict: { slug: 'reused-doc' } });
  });

  it('a connection asked for more than 100 items is refused with BAD_USER_INPUT naming `first` (reads have no UserError)', async () => {
    const before = await lastEventId();
    const { body } = await server.post(`{ incidents(first: 101) { totalCount } }`);
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(await lastEventId()).toBe(before);
  });
});

describe('a refusal names the one field at fault, even when another field holds the same value', () => {
  const named = (error: UserError) => error.fields.map((f) => f.field);

  it('an ID of the wrong type, given where another field takes it rightly', async () => {
    // Russia's ID is the speaking actor, as it should be, and also the round, where a Talk is expected.
    const statement = await refused('recordStatement', {
      conflict: seed.conflict,
      speakingActor: seed.russia,
      talk: seed.russia,
      quote: 'Hello.',
      date: day('2025-06-03'),
    });
    expect(statement.code).toBe('BAD_USER_INPUT');
    expect(named(statement)).toEqual(['input.talk']);
  });

  it('inside a list: the conflict given again as a provision topic', async () => {
    const proposal = await refused('submitProposal', {
      conflict: seed.conflict,
      submittedBy: seed.russia,
      title: 'Plan',
      status: 'DRAFTING',
      date: day('2025-06-03'),
      provisions: [
        { text: 'One.', topic: seed.topic },
        { text: 'Two.', topic: seed.conflict },
      ],
    });
    expect(proposal.code).toBe('BAD_USER_INPUT');
    expect(named(proposal)).toEqual(['input.provisions.1.topic']);
  });

  it('inside an input object the domain takes flat: the conflict given again as the figure actor', async () => {
    const refusal = await refused('recordFigure', {
      conflict: seed.conflict,
      figure: { metric: 'm', value: 1, unit: 'u', about: 'a', actor: seed.conflict, asOf: day('2025-06-03') },
    });
    expect(refusal.code).toBe('BAD_USER_INPUT');
    expect(named(refusal)).toEqual(['input.figure.actor']);
  });

  it('given rightly inside a list, and wrongly in a field after it', async () => {
    // Russia's ID is an actor on one side, and also the round, where a Talk is expected.
    const incident = await refused('recordIncident', {
      conflict: seed.conflict,
      eventType: 'BATTLES',
      title: 'Clash',
      date: day('2025-06-03'),
      actors: [{ actor: seed.russia, side: 'INITIATOR' }],
      talk: seed.russia,
    });
    expect(incident.code).toBe('BAD_USER_INPUT');
    expect(named(incident)).toEqual(['input.talk']);
  });
});
