/**
 * What changed, field by field, over HTTP as clients ask: an incident recorded, amended (title and
 * date), then retracted. `versions` on the node lists three versions with exactly the fields each
 * event changed; `changes(since:)` lists the amendment and the retraction and nothing earlier;
 * both page by event cursors; a cursor the log never issued is INVALID_CURSOR; a page of changes
 * reads the versions before it in one statement, however long the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { encodeCursor } from '../src/domain/pagination.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let editor = '';
let admin = '';
let counting = false;
const statements: string[] = [];

/** Everything this file's writes left: the incident's id and the cursor of each of its events. */
const seen = { incident: '', recorded: '', amended: '', retracted: '', before: '' };

async function write(mutation: string, input: Record<string, unknown>, selection: string, token: string) {
  const name = mutation.charAt(0).toUpperCase() + mutation.slice(1);
  const { body } = await server.post(
    `mutation($input: ${name}Input!) { ${mutation}(input: $input) { __typename ... on UserError { message } ... on ${name}Payload { event { cursor kind } ${selection} } } }`,
    { input },
    { authorization: `Bearer ${token}` },
  );
  expect(body.errors, JSON.stringify(body)).toBeUndefined();
  expect(body.data[mutation].__typename, JSON.stringify(body)).toBe(`${name}Payload`);
  return body.data[mutation];
}

beforeAll(async () => {
  server = await startServer({}, { onStatement: (sql) => counting && statements.push(sql) });
  const db = server.app.database.db;
  editor = createToken(db, { name: 'history-test editor', role: 'EDITOR' }).token;
  admin = createToken(db, { name: 'history-test admin', role: 'ADMIN' }).token;
  const seed = await server.query(`{
    conflict(slug: "russia-ukraine-war") { id }
    actors(first: 100) { nodes { id name } }
    sources(first: 100) { nodes { id name } }
    events(last: 1) { edges { cursor } }
  }`);
  seen.before = seed.events.edges[0].cursor;
  const russia = seed.actors.nodes.find((a: { name: string }) => a.name === 'Russia').id;
  const reuters = seed.sources.nodes.find((s: { name: string }) => s.name === 'Reuters').id;
  const recorded = await write(
    'recordIncident',
    {
      conflict: seed.conflict.id,
      eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
      title: 'Drone strike on Sumy',
      date: { start: '2025-06-04', precision: 'DAY' },
      location: { name: 'Sumy', country: 'Ukraine' },
      actors: [{ actor: russia, side: 'INITIATOR' }],
      figures: [
        { metric: 'fatalities', value: 3, unit: 'people', about: 'killed in the strike', asOf: { start: '2025-06-04', precision: 'DAY' } },
      ],
      sources: [{ source: reuters }],
    },
    'incident { id }',
    editor,
  );
  seen.incident = recorded.incident.id;
  seen.recorded = recorded.event.cursor;
  const amended = await write(
    'amendIncident',
    {
      incident: seen.incident,
      reason: 'The strike was on Kharkiv, the day after.',
      title: 'Drone strike on Kharkiv',
      date: { start: '2025-06-05', precision: 'DAY' },
    },
    'incident { id }',
    editor,
  );
  seen.amended = amended.event.cursor;
  const retracted = await write(
    'retractIncident',
    { incident: seen.incident, reason: 'No such strike took place.' },
    'incident { id }',
    admin,
  );
  seen.retracted = retracted.event.cursor;
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

const VERSION = `event { cursor kind reason summary recordedAt } changes { field before after }`;

type Change = { field: string; before: unknown; after: unknown };
const byField = (changes: Change[]) => Object.fromEntries(changes.map((c) => [c.field, [c.before, c.after]]));

describe('versions of a node', () => {
  it('lists the recorded, amended and retracted versions, each with exactly the fields it changed', async () => {
    const data = await server.query(
      `query($id: ID!) { node(id: $id) { __typename ... on Incident { revision } versions { totalCount edges { cursor node { ${VERSION} } } } } }`,
      { id: seen.incident },
    );
    const { versions } = data.node;
    expect(data.node.revision).toBe(3);
    expect(versions.totalCount).toBe(3);
    const [first, second, third] = versions.edges.map((e: { node: unknown }) => e.node);
    expect(versions.edges.map((e: { cursor: string }) => e.cursor)).toEqual([seen.recorded, seen.amended, seen.retracted]);
    expect([first, second, third].map((v) => v.event.kind)).toEqual(['INCIDENT_RECORDED', 'INCIDENT_AMENDED', 'INCIDENT_RETRACTED']);
    expect(second.event.reason).toBe('The strike was on Kharkiv, the day after.');
    expect(second.event.summary).toBe('Incident amended: Drone strike on Kharkiv');
    expect(third.event.reason).toBe('No such strike took place.');
    expect(Date.parse(third.event.recordedAt)).toBeGreaterThanOrEqual(Date.parse(first.event.recordedAt));

    // The first version sets its fields: every `before` is null, nothing unset is listed.
    const set = byField(first.changes);
    expect(first.changes.every((c: Change) => c.before === null && c.after !== null)).toBe(true);
    expect(set.title).toEqual([null, 'Drone strike on Sumy']);
    expect(set.dateStart).toEqual([null, '2025-06-04']);
    expect(set.locationName).toEqual([null, 'Sumy']);
    expect(set.revision).toEqual([null, 1]);
    expect(set.retractedAt).toBeUndefined();
    expect(set.id).toBeUndefined();
    const figures = set.figures![1] as { metric: string; value: number }[];
    expect(figures.map((f) => [f.metric, f.value])).toEqual([['fatalities', 3]]);
    expect((set.actors![1] as { side: string }[]).map((a) => a.side)).toEqual(['INITIATOR']);

    // The amendment: the title, the date and the revision, nothing else (actors and figures unchanged).
    expect(second.changes).toEqual([
      { field: 'title', before: 'Drone strike on Sumy', after: 'Drone strike on Kharkiv' },
      { field: 'dateStart', before: '2025-06-04', after: '2025-06-05' },
      { field: 'revision', before: 1, after: 2 },
    ]);

    // The retraction is a version of its own.
    expect(third.changes.map((c: Change) => c.field)).toEqual(['revision', 'retractedAt', 'retractionReason']);
    const retraction = byField(third.changes);
    expect(retraction.revision).toEqual([2, 3]);
    expect(retraction.retractionReason).toEqual([null, 'No such strike took place.']);
    expect(retraction.retractedAt![0]).toBeNull();
    expect(Number.isNaN(Date.parse(retraction.retractedAt![1] as string))).toBe(false);
  });

  it('gives each version its subject as that version stood', async () => {
    const data = await server.query(
      `query($id: ID!) { node(id: $id) { versions { nodes { subject { id ... on Incident { title revision retraction { reason } } } } } } }`,
      { id: seen.incident },
    );
    expect(data.node.versions.nodes.map((v: { subject: unknown }) => v.subject)).toEqual([
      { id: seen.incident, title: 'Drone strike on Sumy', revision: 1, retraction: null },
      { id: seen.incident, title: 'Drone strike on Kharkiv', revision: 2, retraction: null },
      { id: seen.incident, title: 'Drone strike on Kharkiv', revision: 3, retraction: { reason: 'No such strike took place.' } },
    ]);
  });

  it('pages forward and backward by event cursors', async () => {
    const page = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
      node(id: $id) { versions(first: $first, after: $after, last: $last, before: $before) {
        pageInfo { hasNextPage hasPreviousPage endCursor } nodes { event { kind } }
      } }
    }`;
    const one = await server.query(page, { id: seen.incident, first: 1 });
    expect(one.node.versions.nodes.map((v: { event: { kind: string } }) => v.event.kind)).toEqual(['INCIDENT_RECORDED']);
    expect(one.node.versions.pageInfo).toMatchObject({ hasNextPage: true, endCursor: seen.recorded });
    const rest = await server.query(page, { id: seen.incident, first: 5, after: one.node.versions.pageInfo.endCursor });
    expect(rest.node.versions.nodes.map((v: { event: { kind: string } }) => v.event.kind)).toEqual([
      'INCIDENT_AMENDED',
      'INCIDENT_RETRACTED',
    ]);
    expect(rest.node.versions.pageInfo.hasNextPage).toBe(false);
    const wrong = await server.post(page, { id: seen.incident, first: 1, after: encodeCursor(['2025-06-04', 1]) });
    expect(wrong.body.errors?.[0]?.extensions?.code, JSON.stringify(wrong.body)).toBe('INVALID_CURSOR');
    const last = await server.query(page, { id: seen.incident, last: 1 });
    expect(last.node.versions.nodes.map((v: { event: { kind: string } }) => v.event.kind)).toEqual(['INCIDENT_RETRACTED']);
    expect(last.node.versions.pageInfo.hasPreviousPage).toBe(true);
  });

  it('is on every node: an actor recorded once has one version; an event has none', async () => {
    const data = await server.query(`{
      actors(first: 1, filter: { name: "Russia" }) { nodes { name versions { nodes { event { kind } changes { field before after } } } } }
      events(first: 1) { nodes { id versions { totalCount nodes { event { kind } } } } }
    }`);
    const [russia] = data.actors.nodes;
    expect(russia.versions.nodes[0].event.kind).toBe('ACTOR_RECORDED');
    expect(russia.versions.nodes[0].changes).toContainEqual({ field: 'name', before: null, after: 'Russia' });
    expect(data.events.nodes[0].versions).toEqual({ totalCount: 0, nodes: [] });
  });
});

const CHANGES = `query($since: String!, $first: Int, $after: String, $filter: ChangeFilter) {
  changes(since: $since, first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { subject { __typename id ... on Incident { title revision } } ${VERSION} } }
  }
}`;

describe('changes since a cursor', () => {
  it('lists the amendment and the retraction with their changes, and nothing earlier', async () => {
    const data = await server.query(CHANGES, { since: seen.recorded });
    const { changes } = data;
    expect(changes.totalCount).toBe(2);
    expect(changes.pageInfo.hasNextPage).toBe(false);
    expect(changes.edges.map((e: { cursor: string }) => e.cursor)).toEqual([seen.amended, seen.retracted]);
    const [amendment, retraction] = changes.edges.map((e: { node: unknown }) => e.node);
    expect(amendment.event.kind).toBe('INCIDENT_AMENDED');
    expect(amendment.subject).toEqual({ __typename: 'Incident', id: seen.incident, title: 'Drone strike on Kharkiv', revision: 2 });
    expect(byField(amendment.changes)).toMatchObject({
      title: ['Drone strike on Sumy', 'Drone strike on Kharkiv'],
      dateStart: ['2025-06-04', '2025-06-05'],
      revision: [1, 2],
    });
    expect(amendment.changes.map((c: Change) => c.field)).toEqual(['title', 'dateStart', 'revision']);
    expect(retraction.event.kind).toBe('INCIDENT_RETRACTED');
    expect(retraction.subject.revision).toBe(3);
    expect(retraction.changes.map((c: Change) => c.field)).toEqual(['revision', 'retractedAt', 'retractionReason']);
  });

  it('since the cursor before the record, the first change sets its fields; filters narrow by kind of fact', async () => {
    const all = await server.query(CHANGES, { since: seen.before });
    expect(all.changes.edges.map((e: { cursor: string }) => e.cursor)).toEqual([seen.recorded, seen.amended, seen.retracted]);
    expect(byField(all.changes.edges[0].node.changes).title).toEqual([null, 'Drone strike on Sumy']);
    const none = await server.query(CHANGES, { since: seen.before, filter: { subjectTypes: ['STATEMENT'] } });
    expect(none.changes).toMatchObject({ totalCount: 0, edges: [] });
    const incidents = await server.query(CHANGES, { since: seen.before, filter: { subjectTypes: ['INCIDENT', 'STATEMENT'] } });
    expect(incidents.changes.totalCount).toBe(3);
  });

  it('pages with first and after, by the same cursors', async () => {
    const one = await server.query(CHANGES, { since: seen.recorded, first: 1 });
    expect(one.changes.edges.map((e: { node: { event: { kind: string } } }) => e.node.event.kind)).toEqual(['INCIDENT_AMENDED']);
    expect(one.changes.pageInfo).toEqual({ hasNextPage: true, endCursor: seen.amended });
    const two = await server.query(CHANGES, { since: seen.recorded, first: 1, after: one.changes.pageInfo.endCursor });
    expect(two.changes.edges.map((e: { node: { event: { kind: string } } }) => e.node.event.kind)).toEqual(['INCIDENT_RETRACTED']);
    expect(two.changes.pageInfo.hasNextPage).toBe(false);
    // The newest cursor: nothing has changed since.
    const after = await server.query(CHANGES, { since: seen.retracted });
    expect(after.changes).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('a cursor the log never issued is INVALID_CURSOR, never a stack trace', async () => {
    const future = encodeCursor([1e9, 1e9]);
    // An incident list's cursor is a date and an id: not a place in the log.
    const incidentCursor = encodeCursor(['2025-06-04', 1]);
    for (const variables of [
      { since: 'garbage!!' },
      { since: future },
      { since: incidentCursor },
      { since: seen.recorded, after: 'zzz' },
      { since: seen.recorded, after: incidentCursor },
    ]) {
      const { status, body } = await server.post(CHANGES, variables);
      expect(status).toBe(200);
      expect(body.data).toBeNull();
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]!.extensions?.code, JSON.stringify(body)).toBe('INVALID_CURSOR');
      expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });

  it('reads the versions before a page in one statement, however long the page', async () => {
    const run = async (first: number) => {
      statements.length = 0;
      counting = true;
      const data = await server.query(
        `query($since: String!, $first: Int) { changes(since: $since, first: $first) { edges { node { event { kind } changes { field } } } } }`,
        { since: seen.before, first },
      );
      counting = false;
      return { edges: data.changes.edges.length, reads: statements.filter((s) => /\bfrom\s+"?events"?/i.test(s)).length };
    };
    const short = await run(1);
    const long = await run(3);
    expect([short.edges, long.edges]).toEqual([1, 3]);
    // One statement for the newest event id (is the cursor one the log issued?), one for the page
    // of events, one for every earlier event about their subjects.
    expect(short.reads).toBe(3);
    expect(long.reads).toBe(3);
  });
});

describe('versions of a list of nodes', () => {
  it('reads the histories of every node of a page in one statement', async () => {
    const run = async (first: number) => {
      statements.length = 0;
      counting = true;
      const data = await server.query(
        `query($first: Int) { incidents(first: $first, filter: { includeRetracted: true }) { nodes { versions { totalCount nodes { changes { field } } } } } }`,
        { first },
      );
      counting = false;
      const nodes = data.incidents.nodes as { versions: { totalCount: number } }[];
      return {
        nodes: nodes.length,
        versions: nodes.every((n) => n.versions.totalCount >= 1),
        reads: statements.filter((s) => /\bfrom\s+"?events"?/i.test(s)).length,
      };
    };
    expect(await run(1)).toEqual({ nodes: 1, versions: true, reads: 1 });
    expect(await run(3)).toEqual({ nodes: 3, versions: true, reads: 1 });
  });
});

describe('events that hold only what they add', () => {
  it('a status change adds its outcomes to those before and keeps the delegations; an alias joins the list', async () => {
    const seed = await server.query(`{ conflict(slug: "russia-ukraine-war") { id } actors(first: 100) { nodes { id name } } }`);
    const actor = (name: string) => seed.actors.nodes.find((a: { name: string }) => a.name === name).id as string;
    const scheduled = await write(
      'scheduleTalk',
      {
        conflict: seed.conflict.id,
        title: 'History test round',
        date: { start: '2025-07-01', precision: 'DAY' },
        delegations: [{ actor: actor('Ukraine'), role: 'PARTY' }],
      },
      'talk { id }',
      editor,
    );
    const talk = scheduled.talk.id;
    await write(
      'changeTalkStatus',
      { talk, status: 'CONCLUDED', reason: 'The round ended.', outcomes: [{ description: 'Prisoner exchange agreed', achieved: true }] },
      'talk { id }',
      editor,
    );
    const data = await server.query(
      `query($id: ID!) { node(id: $id) { versions { nodes { event { kind reason } changes { field before after } } } } }`,
      {
        id: talk,
      },
    );
    const [first, second] = data.node.versions.nodes;
    expect(first.event.kind).toBe('TALK_SCHEDULED');
    expect((byField(first.changes).delegations![1] as { role: string }[]).map((d) => d.role)).toEqual(['PARTY']);
    expect(second.event).toEqual({ kind: 'TALK_STATUS_CHANGED', reason: 'The round ended.' });
    expect(second.changes.map((c: Change) => c.field)).toEqual(['status', 'outcomes']);
    expect(byField(second.changes).status).toEqual(['SCHEDULED', 'CONCLUDED']);
    const [before, after] = byField(second.changes).outcomes as [unknown[], { description: string; achieved: boolean }[]];
    expect(before).toEqual([]);
    expect(after.map((o) => [o.description, o.achieved])).toEqual([['Prisoner exchange agreed', true]]);

    const aliased = await write('addActorAlias', { actor: actor('Turkey'), alias: 'Türkiye (history test)' }, 'actor { id }', editor);
    const turkey = await server.query(
      `query($id: ID!) { node(id: $id) { versions(last: 1) { nodes { event { kind } changes { field before after } } } } }`,
      {
        id: aliased.actor.id,
      },
    );
    const [latest] = turkey.node.versions.nodes;
    expect(latest.event.kind).toBe('ACTOR_ALIAS_ADDED');
    expect(latest.changes).toHaveLength(1);
    expect(latest.changes[0].field).toBe('aliases');
    expect(latest.changes[0].after).toEqual([...latest.changes[0].before, 'Türkiye (history test)']);
  });
});

describe('cost', () => {
  it('a page of 100 changes with their subjects and each subject’s versions fits the limit; 100 versions of each does not', async () => {
    const fits = await server.post(
      `query($since: String!) { changes(since: $since, first: 100) { nodes { event { kind } changes { field before after }
        subject { id versions(first: 20) { nodes { event { kind } changes { field } } } } } } }`,
      { since: seen.before },
    );
    expect(fits.body.errors, JSON.stringify(fits.body.errors)).toBeUndefined();
    expect(fits.body.data.changes.nodes.length).toBeGreaterThanOrEqual(3);
    const refused = await server.post(
      `query($since: String!) { changes(since: $since, first: 100) { nodes { subject { versions(first: 100) { nodes { event { kind } } } } } } }`,
      { since: seen.before },
    );
    expect(refused.body.errors?.[0]?.extensions?.code, JSON.stringify(refused.body)).toBe('QUERY_TOO_COMPLEX');
    // 100 changes, each subject's 100 versions, each version's event: 100 + 100 × (1 + 100 + 100).
    expect(refused.body.errors?.[0]?.extensions?.cost).toBe(20_200);
  });
});
