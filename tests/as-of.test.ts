/**
 * Query.asOf over HTTP, against a real server on a temporary file: the whole read API as it stood
 * right after an event, by cursor and by time; the event every answer cites in `extensions.asOf`;
 * and the refusals. The article dossier is loaded at start; the tests add a conflict of their own
 * and change it, noting the cursor before each change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/server.js';
import { recordConflict } from '../src/domain/conflict.js';
import { amendIncident, recordIncident, retractIncident } from '../src/domain/incident.js';
import { amendStatement, recordStatement } from '../src/domain/statement.js';
import { recordPerson } from '../src/domain/person.js';
import { addPersonAlias } from '../src/domain/person.js';
import { eventCursor, latestEventId } from '../src/domain/events.js';

let server: TestServer;
/** Cursors of the log at the moments the tests read as of. */
const at = {} as Record<'seeded' | 'recorded' | 'amended' | 'retracted' | 'newest', string>;
/** Wall-clock times between the moments, for `asOf(at:)`. */
const times = {} as Record<'seeded' | 'recorded', string>;
const ids = {} as Record<'conflict' | 'first' | 'second' | 'third' | 'person' | 'statement', number>;

const cursorNow = () => eventCursor({ id: latestEventId(server.app.database.db) });
const pause = () => new Promise((resolve) => setTimeout(resolve, 15));

/** Every root field of Query, with representative selections: what the present and asOf(newest) must both answer. */
const EVERY_ROOT_FIELD = `
  fragment cited on Attribution { relation note source { id name kind } }
  fragment date on PartialDate { start end precision text }
  fragment everything on Query {
    conflicts(first: 10) { totalCount nodes { id slug name began { ...date } sources { ...cited } } }
    conflict(slug: "asof-test") {
      id name
      incidentCounts(by: MONTH) { period periodEnd eventType count fatalities }
      weekly: incidentCounts(by: WEEK, filter: { eventTypes: [BATTLES] }) { period eventType count fatalities }
      timeline(first: 30) { totalCount nodes { date kind item { __typename ... on Incident { id title } ... on Statement { id quote } } } }
      incidents(first: 10) { totalCount nodes { id title } }
    }
    article: conflicts(first: 1) { nodes { positionMatrix { actors { name } rows { topic { slug } cells { actor { name } current { stance } history { stance } } } }
      topics { slug name positions { stance actor { name } } } } }
    actors(first: 30) { totalCount pageInfo { hasNextPage endCursor } nodes { id name aliases kind parent { name } children { name } sources { ...cited } } }
    people(first: 30) { totalCount nodes { id name aliases titles { title validFrom actor { name } } delegations { role actor { name } } } }
    events(first: 100) { totalCount edges { cursor node { id kind summary subjectType reason occurredOn subject { id } current { id } } } }
    figures(first: 30) { totalCount nodes { id metric value unit about qualifier incident { id } sources { ...cited } } }
    incidents(first: 30) {
      totalCount
      nodes {
        id title description revision eventType retraction { reason } date { ...date }
        location { name region country latitude longitude }
        actors { side associated actor { name } } figures { metric value } history { kind summary } sources { ...cited }
        talk { title } respondedTo { id } responses { id }
      }
    }
    filtered: incidents(first: 20, filter: { eventTypes: [BATTLES], date: { from: "2025-01-01", to: "2025-12-31" } }) { totalCount nodes { id title } }
    retracted: incidents(first: 20, filter: { includeRetracted: true }) { totalCount nodes { id retraction { reason } } }
    positions(first: 30) { totalCount nodes { id stance date { ...date } actor { name } topic { slug } talk { title } } }
    proposals(first: 30) { totalCount nodes { id title status description provisions { ordinal text topic { slug } } submittedBy { name } sources { ...cited } } }
    search(query: "Istanbul", first: 20) { totalCount nodes { kind rank retracted snippet item { __typename ... on Incident { id } ... on Talk { id } } } }
    searchPeople: search(query: "Zelenskiy", first: 20) { totalCount nodes { kind snippet } }
    sources(first: 30) { totalCount nodes { id name kind url actor { name } } }
    statements(first: 30) { totalCount nodes { id quote paraphrase context revision retraction { reason } speaker { name } speakingActor { name } about { id } talk { title } } }
    talks(first: 10) {
      totalCount
      nodes {
        id title status round venue { city country } host { name }
        delegations { role attendance actor { name } head { person { name } } participants { role description person { name } } }
        outcomes { description achieved }
        statements(first: 5) { totalCount nodes { id } }
        incidents(first: 5) { totalCount nodes { id } }
      }
    }
    places(name: "Ist") { name region country latitude longitude uses }
    pokrovsk: places(name: "Pokr") { name region country latitude longitude uses }
    area: incidents(filter: { area: { bbox: { west: 37, south: 48, east: 38, north: 49 } } }) { totalCount nodes { id title } }
    node(id: "__NODE__") { id ... on Talk { title } }
    nodes(ids: ["__NODE__", "__NODE2__"]) { id ... on Actor { name } }
    viewer { name }
  }
`;

beforeAll(async () => {
  // Counts as of `amended` undo three incident changes (the retraction, the third incident and its
  // figure); as of `recorded`, five: the limit sits between them.
  server = await startServer({ asOfMaxCountChanges: 3 });
  const w = server.app.writer;
  at.seeded = cursorNow();
  await pause();
  times.seeded = new Date().toISOString();
  await pause();
  const conflict = w.run((s) =>
    recordConflict(s, { slug: 'asof-test', name: 'As-of test', began: { start: '2025-01-01', precision: 'YEAR' } }),
  ).id;
  ids.conflict = conflict;
  const record = (title: string, day: string, eventType: 'BATTLES' | 'PROTESTS', fatalities?: number) =>
    w.run((s) =>
      recordIncident(s, {
        conflictId: conflict,
        eventType,
        title,
        description: `${title} described`,
        date: { start: day, precision: 'DAY' },
        location: { name: 'Pokrovsk', region: 'Donetsk', country: 'Ukraine', latitude: 48.28, longitude: 37.18 },
        figures:
          fatalities === undefined
            ? []
            : [{ metric: 'fatalities', value: fatalities, unit: 'people', about: 'Fatalities', asOf: { start: day, precision: 'DAY' } }],
      }),
    ).id;
  ids.first = record('Shelling of the bridge', '2025-03-03', 'BATTLES', 4);
  ids.second = record('Protest at the square', '2025-03-04', 'PROTESTS');
  ids.person = w.run((s) => recordPerson(s, { name: 'Oksana Marchenko' })).id;
  ids.statement = w.run((s) =>
    recordStatement(s, {
      conflictId: conflict,
      speakerPersonId: ids.person,
      quote: 'The bridge held.',
      date: { start: '2025-03-05', precision: 'DAY' },
    }),
  ).id;
  at.recorded = cursorNow();
  await pause();
  times.recorded = new Date().toISOString();
  await pause();
  w.run((s) =>
    amendIncident(s, {
      incidentId: ids.first,
      reason: 'Another river',
      changes: {
        title: 'Shelling of the dam',
        description: 'The dam, not the bridge',
        figures: [{ metric: 'fatalities', value: 9, unit: 'people', about: 'Fatalities', asOf: { start: '2025-03-03', precision: 'DAY' } }],
      },
    }),
  );
  w.run((s) => amendStatement(s, { statementId: ids.statement, reason: 'Misquoted', changes: { quote: 'The dam held.' } }));
  w.run((s) => addPersonAlias(s, { personId: ids.person, alias: 'Oksana Martchenko' }));
  at.amended = cursorNow();
  w.run((s) => retractIncident(s, { incidentId: ids.second, reason: 'A duplicate' }));
  at.retracted = cursorNow();
  ids.third = record('Assault on the ridge', '2025-04-10', 'BATTLES', 2);
  at.newest = cursorNow();
});

afterAll(() => server?.stop());

const asOf = async (args: string, selection: string) => {
  const { status, body } = await server.post(`{ asOf(${args}) { ${selection} } }`);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  expect(status).toBe(200);
  return { data: body.data.asOf, extensions: (body as { extensions?: any }).extensions };
};

const INCIDENTS = `incidents(first: 20, filter: { conflict: "__CONFLICT__", includeRetracted: true }) {
  totalCount nodes { title description revision retraction { reason } figures { value } } }`;
const incidentsOf = async (cursor: string) => {
  const conflictId = (await server.query(`{ conflict(slug: "asof-test") { id } }`)).conflict.id as string;
  return (await asOf(`cursor: "${cursor}"`, INCIDENTS.replace('__CONFLICT__', conflictId))).data.incidents;
};

describe('asOf(cursor: the newest event) answers what the present answers', () => {
  it('for every root field of Query', async () => {
    const { talks, actors } = await server.query(`{ talks(first: 1) { nodes { id } } actors(first: 1) { nodes { id } } }`);
    const fragment = EVERY_ROOT_FIELD.replaceAll('__NODE__', talks.nodes[0].id).replace('__NODE2__', actors.nodes[0].id);
    const present = await server.post(`${fragment} query { ...everything }`);
    const past = await server.post(`${fragment} query { asOf(cursor: "${at.newest}") { ...everything } }`);
    expect(present.body.errors, JSON.stringify(present.body.errors)).toBeUndefined();
    expect(past.body.errors, JSON.stringify(past.body.errors)).toBeUndefined();
    expect(past.body.data.asOf).toEqual(present.body.data);
    // The answers hold what the comparison is about.
    expect(present.body.data.conflict.incidents.totalCount).toBe(2);
    expect(present.body.data.search.totalCount).toBeGreaterThan(0);
    expect(present.body.data.events.totalCount).toBeGreaterThan(50);
  });
});

describe('asOf by cursor', () => {
  it('before an amendment shows the fact as first recorded, its figures and history too', async () => {
    const before = await incidentsOf(at.recorded);
    expect(before.totalCount).toBe(2);
    expect(before.nodes).toEqual([
      {
        title: 'Shelling of the bridge',
        description: 'Shelling of the bridge described',
        revision: 1,
        retraction: null,
        figures: [{ value: 4 }],
      },
      { title: 'Protest at the square', description: 'Protest at the square described', revision: 1, retraction: null, figures: [] },
    ]);
    const after = await incidentsOf(at.amended);
    expect(after.nodes[0]).toEqual({
      title: 'Shelling of the dam',
      description: 'The dam, not the bridge',
      revision: 2,
      retraction: null,
      figures: [{ value: 9 }],
    });
    const { data } = await asOf(
      `cursor: "${at.recorded}"`,
      `node(id: "${globalId('Statement', ids.statement)}") { ... on Statement { quote revision history { kind } } }`,
    );
    expect(data.node).toEqual({ quote: 'The bridge held.', revision: 1, history: [{ kind: 'STATEMENT_RECORDED' }] });
  });

  it('answers beside the present in one operation, each from its own moment', async () => {
    // The same page under the root and under asOf: batched together, they would be read from one connection.
    const conflictId = (await server.query(`{ conflict(slug: "asof-test") { id } }`)).conflict.id as string;
    const page = `incidents(first: 5, filter: { conflict: "${conflictId}" }) { nodes { title figures { value } } }`;
    const { body } = await server.post(`{ ${page} before: asOf(cursor: "${at.recorded}") { ${page} } }`);
    expect(body.errors).toBeUndefined();
    expect(body.data.incidents.nodes[0]).toEqual({ title: 'Shelling of the dam', figures: [{ value: 9 }] });
    expect(body.data.before.incidents.nodes[0]).toEqual({ title: 'Shelling of the bridge', figures: [{ value: 4 }] });
  });

  it('before a retraction shows the fact unretracted, in lists and counts', async () => {
    const conflictId = globalId('Conflict', ids.conflict);
    const selection = `incidents(filter: { conflict: "${conflictId}" }) { totalCount nodes { title } }
      conflict(slug: "asof-test") { incidentCounts(by: DAY) { period eventType count fatalities } }`;
    const before = (await asOf(`cursor: "${at.amended}"`, selection)).data;
    expect(before.incidents).toEqual({ totalCount: 2, nodes: [{ title: 'Shelling of the dam' }, { title: 'Protest at the square' }] });
    expect(before.conflict.incidentCounts).toEqual([
      { period: '2025-03-03', eventType: 'BATTLES', count: 1, fatalities: 9 },
      { period: '2025-03-04', eventType: 'PROTESTS', count: 1, fatalities: 0 },
    ]);
    const after = (await asOf(`cursor: "${at.retracted}"`, selection)).data;
    expect(after.incidents).toEqual({ totalCount: 1, nodes: [{ title: 'Shelling of the dam' }] });
    expect(after.conflict.incidentCounts).toEqual([{ period: '2025-03-03', eventType: 'BATTLES', count: 1, fatalities: 9 }]);
    const retracted = await incidentsOf(at.retracted);
    expect(retracted.nodes[1].retraction).toEqual({ reason: 'A duplicate' });
  });

  it('refuses counts that would undo more changes than the limit, and counts the incidents themselves under a narrower filter', async () => {
    const counts = (filter: string) =>
      server.post(
        `{ asOf(cursor: "${at.recorded}") { conflict(slug: "asof-test") { incidentCounts(by: DAY${filter}) { period eventType count fatalities } } } }`,
      );
    const refused = (await counts('')).body;
    expect(refused.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(refused.errors?.[0]?.message).toMatch(/more than 3 incident changes/);
    const narrowed = (await counts(', filter: { location: "Pokrovsk" }')).body;
    expect(narrowed.errors).toBeUndefined();
    expect(narrowed.data.asOf.conflict.incidentCounts).toEqual([
      { period: '2025-03-03', eventType: 'BATTLES', count: 1, fatalities: 4 },
      { period: '2025-03-04', eventType: 'PROTESTS', count: 1, fatalities: 0 },
    ]);
  });

  it('leaves out what was recorded after the event', async () => {
    expect((await incidentsOf(at.retracted)).totalCount).toBe(2);
    expect((await incidentsOf(at.newest)).totalCount).toBe(3);
    const { data } = await asOf(
      `cursor: "${at.seeded}"`,
      `conflict(slug: "asof-test") { id } people(filter: { name: "Marchenko" }) { totalCount }
      events(first: 1, filter: { conflict: "${globalId('Conflict', ids.conflict)}" }) { totalCount }`,
    );
    expect(data).toEqual({ conflict: null, people: { totalCount: 0 }, events: { totalCount: 0 } });
  });

  it('searches the text as it stood', async () => {
    const search = (cursor: string, query: string) =>
      asOf(
        `cursor: "${cursor}"`,
        `search(query: "${query}", conflict: "${globalId('Conflict', ids.conflict)}") { totalCount nodes { kind snippet } }`,
      ).then((r) => r.data.search);
    expect((await search(at.recorded, 'bridge')).totalCount).toBe(2); // the incident and the statement
    expect((await search(at.recorded, 'dam')).totalCount).toBe(0);
    expect((await search(at.amended, 'bridge')).nodes.map((n: { kind: string }) => n.kind)).toEqual(['INCIDENT']); // "not the bridge"
    expect((await search(at.amended, 'dam')).totalCount).toBe(2);
    expect((await search(at.seeded, 'bridge')).totalCount).toBe(0);
    // The alias added after `recorded` finds the person only from `amended` on.
    const people = (cursor: string) =>
      asOf(`cursor: "${cursor}"`, `search(query: "Martchenko", kinds: [PERSON]) { totalCount }`).then((r) => r.data.search.totalCount);
    expect(await people(at.recorded)).toBe(0);
    expect(await people(at.amended)).toBe(1);
    // Retracted documents are left out by default, as they were then.
    const protest = (cursor: string) => search(cursor, 'protest').then((s) => s.totalCount);
    expect(await protest(at.amended)).toBe(1);
    expect(await protest(at.retracted)).toBe(0);
  });
  it('filters by area and offers places as they stood', async () => {
    const read = (cursor: string) =>
      asOf(
        `cursor: "${cursor}"`,
        `places(name: "Pokr") { name uses }
        incidents(filter: { area: { bbox: { west: 37, south: 48, east: 38, north: 49 } } }) { totalCount }`,
      ).then((r) => r.data);
    expect(await read(at.seeded)).toEqual({ places: [], incidents: { totalCount: 0 } });
    expect(await read(at.recorded)).toEqual({ places: [{ name: 'Pokrovsk', uses: 2 }], incidents: { totalCount: 2 } });
    expect((await read(at.newest)).incidents.totalCount).toBe(2); // one retracted, one more recorded
  });

  it('answers several events in one operation, more than the pool keeps open', async () => {
    const moments = ['seeded', 'recorded', 'amended', 'retracted', 'newest'] as const;
    const query = moments
      .map(
        (m) =>
          `${m}: asOf(cursor: "${at[m]}") { incidents(filter: { includeRetracted: true }) { totalCount nodes { title actors { side } figures { value } sources { relation } } } }`,
      )
      .join('\n');
    const { body } = await server.post(`{ ${query} }`);
    expect(body.errors).toBeUndefined();
    const totals = moments.map((m) => body.data[m].incidents.totalCount);
    expect(totals.slice(1).map((n) => n - totals[0]!)).toEqual([2, 2, 2, 3]);
    expect(Object.keys((body as { extensions?: any }).extensions.asOf.fields)).toEqual([...moments]);
  });
});

describe('asOf by time', () => {
  it('answers as of the newest event recorded by then', async () => {
    const byTime = await asOf(`at: "${times.recorded}"`, `conflict(slug: "asof-test") { incidents { nodes { title } } }`);
    expect(byTime.data.conflict.incidents.nodes).toEqual([{ title: 'Shelling of the bridge' }, { title: 'Protest at the square' }]);
    expect(byTime.extensions.asOf.fields.asOf.cursor).toBe(at.recorded);
  });

  it('before any event answers an empty knowledge base', async () => {
    const { data, extensions } = await asOf(
      `at: "2000-01-01T00:00:00Z"`,
      `conflicts { totalCount } events { totalCount } actors { totalCount } search(query: "Istanbul") { totalCount }`,
    );
    expect(data).toEqual({ conflicts: { totalCount: 0 }, events: { totalCount: 0 }, actors: { totalCount: 0 }, search: { totalCount: 0 } });
    expect(extensions.asOf.fields.asOf.eventId).toBe(0);
  });
});

describe('extensions.asOf', () => {
  it('cites the newest event on every query, and the event each asOf field answered at', async () => {
    const { body } = await server.post(`{ conflicts { totalCount } earlier: asOf(cursor: "${at.recorded}") { conflicts { totalCount } } }`);
    const extensions = (body as { extensions?: any }).extensions;
    expect(extensions.asOf).toEqual({
      eventId: Number(JSON.parse(Buffer.from(at.newest, 'base64url').toString())[1]),
      cursor: at.newest,
      fields: { earlier: { eventId: JSON.parse(Buffer.from(at.recorded, 'base64url').toString())[1], cursor: at.recorded } },
    });
    // The cited cursor reads the same again.
    const again = await asOf(`cursor: "${extensions.asOf.cursor}"`, `conflicts { totalCount }`);
    expect(again.data.conflicts).toEqual(body.data.conflicts);
  });

  it('is kept by cached answers', async () => {
    const first = await server.post(`{ talks { totalCount } }`);
    const second = await server.post(`{ talks { totalCount } }`);
    expect((second.body as { extensions?: any }).extensions.asOf).toEqual((first.body as { extensions?: any }).extensions.asOf);
    expect((second.body as { extensions?: any }).extensions.asOf.cursor).toBe(at.newest);
  });
});

describe('refusals', () => {
  const refused = async (args: string) => {
    const { body } = await server.post(`{ asOf${args} { conflicts { totalCount } } }`);
    expect(body.data?.asOf ?? null).toBeNull();
    return body.errors![0]!;
  };

  it('takes exactly one of at and cursor', async () => {
    expect((await refused('')).extensions?.code).toBe('BAD_USER_INPUT');
    expect((await refused(`(at: "2025-01-01T00:00:00Z", cursor: "${at.newest}")`)).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a cursor the log did not issue', async () => {
    const beyond = eventCursor({ id: 1_000_000 });
    expect((await refused(`(cursor: "${beyond}")`)).extensions?.code).toBe('INVALID_CURSOR');
    expect((await refused(`(cursor: "not-a-cursor")`)).extensions?.code).toBe('INVALID_CURSOR');
  });

  it('refuses an asOf inside another', async () => {
    const { body } = await server.post(`{ asOf(cursor: "${at.newest}") { asOf(cursor: "${at.seeded}") { conflicts { totalCount } } } }`);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

function globalId(type: string, id: number): string {
  return Buffer.from(`${type}:${id}`).toString('base64url');
}
