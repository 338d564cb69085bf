/**
 * Keyset pagination over HTTP: forward and backward, stable cursors, ties on the sort key,
 * `totalCount`, DATE_DESC, page-size limits, and cursors that survive new rows.
 *
 * Extra rows are written through the domain commands; every read goes over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/server.js';
import { findActorByName } from '../src/domain/actor.js';
import { recordConflict } from '../src/domain/conflict.js';
import { recordIncident } from '../src/domain/incident.js';
import { recordPerson } from '../src/domain/person.js';
import { scheduleTalk } from '../src/domain/talk.js';
import { recordStatement } from '../src/domain/statement.js';

let server: TestServer;

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');

interface Made {
  id: number;
  gid: string;
  title: string;
  date: string;
}

/** Incidents of the pagination conflict, as recorded (id order is not date order). */
const made: Made[] = [];
let conflictGid = '';
let conflictSlug = '';
/** People recorded for the people connection, as recorded. */
const madePeople: { id: number; gid: string; name: string }[] = [];

/**
 * 25 incidents over 8 days, recorded in an order unrelated to their dates; several days hold
 * 3 to 5 incidents, so page boundaries (pages of 4) fall inside groups of equal dates.
 */
const INCIDENT_DATES = [
  '2025-03-05',
  '2025-03-01',
  '2025-03-05',
  '2025-03-03',
  '2025-03-01',
  '2025-03-08',
  '2025-03-01',
  '2025-03-05',
  '2025-03-02',
  '2025-03-01',
  '2025-03-04',
  '2025-03-05',
  '2025-03-03',
  '2025-03-01',
  '2025-03-06',
  '2025-03-07',
  '2025-03-05',
  '2025-03-03',
  '2025-03-02',
  '2025-03-06',
  '2025-03-08',
  '2025-03-04',
  '2025-03-07',
  '2025-03-02',
  '2025-03-06',
];

const PEOPLE_NAMES = [
  'Pagination Echo',
  'Pagination Alpha',
  'Pagination Delta',
  'Pagination Bravo',
  'Pagination Delta',
  'Pagination Charlie',
  'Pagination Alpha',
  'Pagination Foxtrot',
  'Pagination Delta',
  'Pagination Bravo',
  'Pagination Golf',
];

function byDateThenId(a: Made, b: Made): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id;
}

function recordTestIncident(conflictId: number, title: string, date: string) {
  return server.app.writer.run((scope) =>
    recordIncident(scope, {
      conflictId,
      eventType: 'BATTLES',
      title,
      date: { start: date, precision: 'DAY' },
      location: { name: 'Testfield', country: 'Testland' },
    }),
  );
}

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
interface IncidentPage {
  incidents: {
    totalCount: number;
    edges: { cursor: string; node: { id: string; title: string; date: { start: string } } }[];
    pageInfo: PageInfo;
  };
}

const INCIDENTS = /* GraphQL */ `
  query Incidents($filter: IncidentFilter, $first: Int, $after: String, $last: Int, $before: String, $orderBy: DateOrder) {
    incidents(filter: $filter, first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
      totalCount
      edges { cursor node { id title date { start } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

async function incidentsPage(vars: Record<string, unknown>) {
  const data = await server.query<IncidentPage>(INCIDENTS, { filter: { conflict: conflictGid }, ...vars });
  return data.incidents;
}

/** Pages forward with first/after until hasNextPage is false; returns every edge and every page. */
async function pageForward(size: number, orderBy: 'DATE_ASC' | 'DATE_DESC' = 'DATE_ASC') {
  const edges: IncidentPage['incidents']['edges'] = [];
  const pages: IncidentPage['incidents'][] = [];
  let after: string | null = null;
  for (let i = 0; i < 50; i++) {
    const page: IncidentPage['incidents'] = await incidentsPage({ first: size, after, orderBy });
    pages.push(page);
    edges.push(...page.edges);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { edges, pages };
}

/** Pages backward with last/before until hasPreviousPage is false; returns edges in list order. */
async function pageBackward(size: number, orderBy: 'DATE_ASC' | 'DATE_DESC' = 'DATE_ASC') {
  let edges: IncidentPage['incidents']['edges'] = [];
  const pages: IncidentPage['incidents'][] = [];
  let before: string | null = null;
  for (let i = 0; i < 50; i++) {
    const page: IncidentPage['incidents'] = await incidentsPage({ last: size, before, orderBy });
    pages.push(page);
    edges = [...page.edges, ...edges];
    if (!page.pageInfo.hasPreviousPage) break;
    before = page.pageInfo.startCursor;
  }
  return { edges, pages };
}

beforeAll(async () => {
  server = await startServer();
  const conflict = server.app.writer.run((scope) =>
    recordConflict(scope, {
      slug: 'pagination-test-war',
      name: 'Pagination test war',
      began: { start: '2025-01-01', precision: 'YEAR' },
    }),
  );
  conflictGid = globalId('Conflict', conflict.id);
  conflictSlug = conflict.slug;
  INCIDENT_DATES.forEach((date, i) => {
    const title = `Pagination incident ${String(i + 1).padStart(2, '0')}`;
    const row = recordTestIncident(conflict.id, title, date);
    made.push({ id: row.id, gid: globalId('Incident', row.id), title, date });
  });
  // A talk and statements on dates the incidents use, so the timeline mixes kinds on equal days.
  server.app.writer.run((scope) => {
    scheduleTalk(scope, { conflictId: conflict.id, title: 'Pagination talk', date: { start: '2025-03-05', precision: 'DAY' } });
    scheduleTalk(scope, { conflictId: conflict.id, title: 'Pagination talk two', date: { start: '2025-03-01', precision: 'DAY' } });
  });
  const russiaId = findActorByName(server.app.database.db, 'Russia')!.id;
  for (const date of ['2025-03-05', '2025-03-01', '2025-03-05']) {
    server.app.writer.run((scope) =>
      recordStatement(scope, {
        conflictId: conflict.id,
        speakerActorId: russiaId,
        paraphrase: `Pagination statement on ${date}`,
        date: { start: date, precision: 'DAY' },
      }),
    );
  }
  for (const name of PEOPLE_NAMES) {
    const row = server.app.writer.run((scope) => recordPerson(scope, { name }));
    madePeople.push({ id: row.id, gid: globalId('Person', row.id), name: row.name });
  }
});

afterAll(async () => {
  await server?.stop();
});

describe('incidents connection: forward paging', () => {
  it('pages with first/after through all 25 incidents, each exactly once, in (date, recorded) order', async () => {
    const expected = [...made].sort(byDateThenId);
    const { edges, pages } = await pageForward(4);

    expect(pages).toHaveLength(7); // 6 full pages of 4 and a last page of 1
    expect(pages.map((p) => p.edges.length)).toEqual([4, 4, 4, 4, 4, 4, 1]);
    expect(edges.map((e) => e.node.id)).toEqual(expected.map((m) => m.gid));
    expect(edges.map((e) => e.node.title)).toEqual(expected.map((m) => m.title));
    expect(new Set(edges.map((e) => e.node.id)).size).toBe(25);
    for (const page of pages) expect(page.totalCount).toBe(25);
  });

  it('reports hasNextPage/hasPreviousPage and start/end cursors consistently on every page', async () => {
    const { pages } = await pageForward(4);
    pages.forEach((page, i) => {
      const last = i === pages.length - 1;
      expect(page.pageInfo.hasNextPage).toBe(!last);
      expect(page.pageInfo.hasPreviousPage).toBe(i > 0);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]!.cursor);
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]!.cursor);
    });
  });

  it('splits a group of incidents sharing one date across pages without skipping or repeating any', async () => {
    // 2025-03-01 holds 5 incidents: the first page of 4 ends inside that group.
    const firstDay = made.filter((m) => m.date === '2025-03-01').sort(byDateThenId);
    expect(firstDay).toHaveLength(5);
    const page1 = await incidentsPage({ first: 4 });
    expect(page1.edges.map((e) => e.node.id)).toEqual(firstDay.slice(0, 4).map((m) => m.gid));
    const page2 = await incidentsPage({ first: 4, after: page1.pageInfo.endCursor });
    expect(page2.edges[0]!.node.id).toBe(firstDay[4]!.gid);
    expect(page2.edges[0]!.node.date.start).toBe('2025-03-01');
    expect(page2.edges[1]!.node.date.start).toBe('2025-03-02');

    // Pages of 3 cut the groups at other places: still the same sequence.
    const { edges } = await pageForward(3);
    expect(edges.map((e) => e.node.id)).toEqual([...made].sort(byDateThenId).map((m) => m.gid));
  });

  it('gives every item the same cursor whatever the page size or page it is fetched in', async () => {
    const all = await incidentsPage({ first: 100 });
    expect(all.edges).toHaveLength(25);
    expect(all.pageInfo.hasNextPage).toBe(false);
    const { edges } = await pageForward(4);
    expect(edges.map((e) => e.cursor)).toEqual(all.edges.map((e) => e.cursor));
    expect(new Set(all.edges.map((e) => e.cursor)).size).toBe(25);

    // A cursor taken from the middle resumes right after its item.
    const tenth = all.edges[9]!;
    const rest = await incidentsPage({ first: 5, after: tenth.cursor });
    expect(rest.edges.map((e) => e.node.id)).toEqual(all.edges.slice(10, 15).map((e) => e.node.id));
    // Asking again with the same cursor gives the same page.
    const again = await incidentsPage({ first: 5, after: tenth.cursor });
    expect(again.edges).toEqual(rest.edges);
  });

  it('uses 20 items as the default page size', async () => {
    const page = await incidentsPage({});
    expect(page.edges).toHaveLength(20);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.totalCount).toBe(25);
    expect(page.edges.map((e) => e.node.id)).toEqual(
      [...made]
        .sort(byDateThenId)
        .slice(0, 20)
        .map((m) => m.gid),
    );
  });
});

describe('incidents connection: backward paging', () => {
  it('pages with last/before from the end to the start, giving the same list in the same order', async () => {
    const expected = [...made].sort(byDateThenId);
    const { edges, pages } = await pageBackward(4);
    expect(pages.map((p) => p.edges.length)).toEqual([4, 4, 4, 4, 4, 4, 1]);
    expect(edges.map((e) => e.node.id)).toEqual(expected.map((m) => m.gid));
    for (const page of pages) expect(page.totalCount).toBe(25);
    // The first page asked for (the end of the list) holds the last 4 items.
    expect(pages[0]!.edges.map((e) => e.node.id)).toEqual(expected.slice(21).map((m) => m.gid));
    // Each page is in list order, and the reverse of the whole walk is the list reversed.
    expect([...edges].reverse().map((e) => e.node.id)).toEqual([...expected].reverse().map((m) => m.gid));
  });

  it('reports hasPreviousPage until the first item is reached', async () => {
    const { pages } = await pageBackward(4);
    pages.forEach((page, i) => {
      expect(page.pageInfo.hasPreviousPage).toBe(i < pages.length - 1);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]!.cursor);
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]!.cursor);
    });
  });

  it('pages backward through ties: last/before from a cursor inside a group of equal dates', async () => {
    const all = (await incidentsPage({ first: 100 })).edges;
    // The 5th item is the last of the five 2025-03-01 incidents; the 3 before it share its date.
    expect(all[4]!.node.date.start).toBe('2025-03-01');
    const page = await incidentsPage({ last: 3, before: all[4]!.cursor });
    expect(page.edges.map((e) => e.node.id)).toEqual(all.slice(1, 4).map((e) => e.node.id));
    expect(page.pageInfo.hasPreviousPage).toBe(true);
    const first = await incidentsPage({ last: 3, before: page.pageInfo.startCursor });
    expect(first.edges.map((e) => e.node.id)).toEqual([all[0]!.node.id]);
    expect(first.pageInfo.hasPreviousPage).toBe(false);
  });

  it('pages forward and backward over the same cursors interchangeably', async () => {
    const all = (await incidentsPage({ first: 100 })).edges;
    const forward = await incidentsPage({ first: 6, after: all[7]!.cursor });
    expect(forward.edges.map((e) => e.node.id)).toEqual(all.slice(8, 14).map((e) => e.node.id));
    const back = await incidentsPage({ last: 6, before: forward.pageInfo.startCursor });
    expect(back.edges.map((e) => e.node.id)).toEqual(all.slice(2, 8).map((e) => e.node.id));
    // first + before: the first items up to (excluding) the cursor.
    const firstBefore = await incidentsPage({ first: 3, before: all[10]!.cursor });
    expect(firstBefore.edges.map((e) => e.node.id)).toEqual(all.slice(0, 3).map((e) => e.node.id));
    // after + before: exactly the items strictly between the two cursors.
    const between = await incidentsPage({ first: 100, after: all[3]!.cursor, before: all[9]!.cursor });
    expect(between.edges.map((e) => e.node.id)).toEqual(all.slice(4, 9).map((e) => e.node.id));
  });
});

describe('incidents connection: DATE_DESC', () => {
  const descending = () => [...made].sort((a, b) => -byDateThenId(a, b));

  it('orders newest first, ties newest-recorded first, when paging forward', async () => {
    const { edges, pages } = await pageForward(4, 'DATE_DESC');
    expect(edges.map((e) => e.node.id)).toEqual(descending().map((m) => m.gid));
    expect(edges[0]!.node.date.start).toBe('2025-03-08');
    expect(edges[24]!.node.date.start).toBe('2025-03-01');
    for (const page of pages) expect(page.totalCount).toBe(25);
    expect(pages[pages.length - 1]!.pageInfo.hasNextPage).toBe(false);
  });

  it('gives the same DATE_DESC order when paging backward', async () => {
    const { edges } = await pageBackward(4, 'DATE_DESC');
    expect(edges.map((e) => e.node.id)).toEqual(descending().map((m) => m.gid));
  });

  it('is the exact reverse of DATE_ASC', async () => {
    const asc = (await incidentsPage({ first: 100, orderBy: 'DATE_ASC' })).edges.map((e) => e.node.id);
    const desc = (await incidentsPage({ first: 100, orderBy: 'DATE_DESC' })).edges.map((e) => e.node.id);
    expect(desc).toEqual([...asc].reverse());
  });
});

describe('page size limits', () => {
  it('`first: 0` returns no edges but the right totalCount, and says more items follow', async () => {
    const page = await incidentsPage({ first: 0 });
    expect(page.edges).toEqual([]);
    expect(page.totalCount).toBe(25);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.pageInfo.hasPreviousPage).toBe(false);
    // Resuming from the (empty) page's end cursor starts at the first item.
    const next = await incidentsPage({ first: 2, after: page.pageInfo.endCursor });
    expect(next.edges.map((e) => e.node.id)).toEqual(
      [...made]
        .sort(byDateThenId)
        .slice(0, 2)
        .map((m) => m.gid),
    );
  });

  it('`last: 0` returns no edges but the right totalCount', async () => {
    const page = await incidentsPage({ last: 0 });
    expect(page.edges).toEqual([]);
    expect(page.totalCount).toBe(25);
  });

  it('`first: 100` is allowed and returns everything', async () => {
    const page = await incidentsPage({ first: 100 });
    expect(page.edges).toHaveLength(25);
  });

  for (const [name, value] of [
    ['first', 101],
    ['first', -1],
    ['last', 101],
    ['last', -1],
  ] as const) {
    it(`\`${name}: ${value}\` is a BAD_USER_INPUT error, not a 500`, async () => {
      const { status, body } = await server.post(INCIDENTS, { filter: { conflict: conflictGid }, [name]: value });
      expect(status).not.toBe(500);
      expect(status).toBeLessThan(500);
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors![0]!.message).toContain(`\`${name}\` must be between 0 and 100`);
      expect(body.data?.incidents ?? null).toBeNull();
    });
  }

  it('rejects first and last together with BAD_USER_INPUT', async () => {
    const { status, body } = await server.post(INCIDENTS, { filter: { conflict: conflictGid }, first: 2, last: 2 });
    expect(status).toBeLessThan(500);
    expect(body.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('applies the same limits to other connections (people, the timeline)', async () => {
    const people = await server.post(`{ people(first: 101) { totalCount } }`);
    expect(people.status).toBeLessThan(500);
    expect(people.body.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    const timeline = await server.post(`query($slug: String!) { conflict(slug: $slug) { timeline(first: -1) { totalCount } } }`, {
      slug: conflictSlug,
    });
    expect(timeline.status).toBeLessThan(500);
    expect(timeline.body.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('people connection (by name, ties by order recorded)', () => {
  interface PeoplePage {
    people: {
      totalCount: number;
      edges: { cursor: string; node: { id: string; name: string } }[];
      pageInfo: PageInfo;
    };
  }
  const PEOPLE = /* GraphQL */ `
    query People($first: Int, $after: String, $last: Int, $before: String) {
      people(filter: { name: "Pagination " }, first: $first, after: $after, last: $last, before: $before) {
        totalCount
        edges { cursor node { id name } }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }
  `;
  const expectedPeople = () => [...madePeople].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id));

  it('pages forward through all people, each exactly once, by name then order recorded', async () => {
    const seen: PeoplePage['people']['edges'] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: PeoplePage = await server.query<PeoplePage>(PEOPLE, { first: 3, after });
      pages++;
      expect(data.people.totalCount).toBe(11);
      seen.push(...data.people.edges);
      if (!data.people.pageInfo.hasNextPage) break;
      after = data.people.pageInfo.endCursor;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(4);
    expect(seen.map((e) => e.node.id)).toEqual(expectedPeople().map((p) => p.gid));
    expect(seen.map((e) => e.node.name)).toEqual(expectedPeople().map((p) => p.name));
    expect(new Set(seen.map((e) => e.node.id)).size).toBe(11);
  });

  it('pages backward through all people and gives the reverse walk', async () => {
    const seen: PeoplePage['people']['edges'] = [];
    let before: string | null = null;
    for (let i = 0; i < 10; i++) {
      const data: PeoplePage = await server.query<PeoplePage>(PEOPLE, { last: 3, before });
      seen.push(...[...data.people.edges].reverse());
      if (!data.people.pageInfo.hasPreviousPage) break;
      before = data.people.pageInfo.startCursor;
    }
    expect(seen.map((e) => e.node.id)).toEqual([...expectedPeople()].reverse().map((p) => p.gid));
  });

  it('does not skip or repeat people who share a name across a page boundary', async () => {
    // Three "Pagination Delta" at positions 6 to 8: pages of 6 cut after the first of them.
    const expected = expectedPeople();
    expect(expected.slice(4, 8).map((p) => p.name)).toEqual([
      'Pagination Charlie',
      'Pagination Delta',
      'Pagination Delta',
      'Pagination Delta',
    ]);
    const p1 = await server.query<PeoplePage>(PEOPLE, { first: 6 });
    expect(p1.people.edges[5]!.node.name).toBe('Pagination Delta');
    const p2 = await server.query<PeoplePage>(PEOPLE, { first: 6, after: p1.people.pageInfo.endCursor });
    expect(p2.people.edges[0]!.node.name).toBe('Pagination Delta');
    expect(p2.people.pageInfo.hasNextPage).toBe(false);
    expect([...p1.people.edges, ...p2.people.edges].map((e) => e.node.id)).toEqual(expected.map((p) => p.gid));
  });
});

describe('conflict timeline connection', () => {
  interface TimelinePage {
    conflict: {
      timeline: {
        totalCount: number;
        edges: { cursor: string; node: { kind: string; date: string; item: { __typename: string; id: string } } }[];
        pageInfo: PageInfo;
      };
    };
  }
  const TIMELINE = /* GraphQL */ `
    query Timeline($slug: String!, $first: Int, $after: String, $last: Int, $before: String, $orderBy: DateOrder) {
      conflict(slug: $slug) {
        timeline(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy) {
          totalCount
          edges { cursor node { kind date item { __typename ... on Node { id } } } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
      }
    }
  `;
  const timelinePage = async (vars: Record<string, unknown>) =>
    (await server.query<TimelinePage>(TIMELINE, { slug: conflictSlug, ...vars })).conflict.timeline;

  it('holds the 25 incidents, 2 talks and 3 statements, dates never decreasing', async () => {
    const all = await timelinePage({ first: 100 });
    expect(all.totalCount).toBe(30);
    expect(all.edges).toHaveLength(30);
    const kinds = all.edges.map((e) => e.node.kind);
    expect(kinds.filter((k) => k === 'INCIDENT')).toHaveLength(25);
    expect(kinds.filter((k) => k === 'TALK')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'STATEMENT')).toHaveLength(3);
    const dates = all.edges.map((e) => e.node.date);
    expect(dates).toEqual([...dates].sort());
    const incidentIds = all.edges.filter((e) => e.node.kind === 'INCIDENT').map((e) => e.node.item.id);
    expect(new Set(incidentIds)).toEqual(new Set(made.map((m) => m.gid)));
  });

  it('pages forward with first/after through every entry exactly once, in the one-page order', async () => {
    const all = await timelinePage({ first: 100 });
    const seen: TimelinePage['conflict']['timeline']['edges'] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: TimelinePage['conflict']['timeline'] = await timelinePage({ first: 4, after });
      expect(page.totalCount).toBe(30);
      seen.push(...page.edges);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const key = (e: { node: { kind: string; item: { id: string } } }) => `${e.node.kind}:${e.node.item.id}`;
    expect(seen.map(key)).toEqual(all.edges.map(key));
    expect(new Set(seen.map(key)).size).toBe(30);
    expect(seen.map((e) => e.cursor)).toEqual(all.edges.map((e) => e.cursor));
  });

  it('pages backward with last/before and gives the same entries in reverse walk', async () => {
    const all = await timelinePage({ first: 100 });
    const seen: TimelinePage['conflict']['timeline']['edges'] = [];
    let before: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: TimelinePage['conflict']['timeline'] = await timelinePage({ last: 4, before });
      seen.push(...[...page.edges].reverse());
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(seen.map((e) => e.node.item.id + e.node.kind)).toEqual([...all.edges].reverse().map((e) => e.node.item.id + e.node.kind));
  });

  it('orders entries of one day by kind, then as recorded, as the timeline field documents', async () => {
    // One day, three kinds, recorded talk → statement → incident: the timeline shows them by kind.
    const russiaId = findActorByName(server.app.database.db, 'Russia')!.id;
    const conflict = server.app.writer.run((scope) =>
      recordConflict(scope, { slug: 'timeline-tie-war', name: 'Timeline tie war', began: { start: '2025-01-01', precision: 'YEAR' } }),
    );
    const day = { start: '2025-03-05', precision: 'DAY' as const };
    const talk = server.app.writer.run((scope) => scheduleTalk(scope, { conflictId: conflict.id, title: 'Tie talk', date: day }));
    const statement = server.app.writer.run((scope) =>
      recordStatement(scope, { conflictId: conflict.id, speakerActorId: russiaId, paraphrase: 'Tie statement', date: day }),
    );
    const incident = recordTestIncident(conflict.id, 'Tie incident', day.start);
    const recorded = [
      ['INCIDENT', globalId('Incident', incident.id)],
      ['STATEMENT', globalId('Statement', statement.id)],
      ['TALK', globalId('Talk', talk.id)],
    ];
    const asc = (await server.query<TimelinePage>(TIMELINE, { slug: 'timeline-tie-war', first: 10 })).conflict.timeline;
    expect(asc.edges.map((e) => [e.node.kind, e.node.item.id])).toEqual(recorded);
    const desc = (await server.query<TimelinePage>(TIMELINE, { slug: 'timeline-tie-war', first: 10, orderBy: 'DATE_DESC' })).conflict
      .timeline;
    expect(desc.edges.map((e) => [e.node.kind, e.node.item.id])).toEqual([...recorded].reverse());
  });

  it('DATE_DESC is the exact reverse of DATE_ASC, and pages the same way', async () => {
    const asc = await timelinePage({ first: 100 });
    const desc = await timelinePage({ first: 100, orderBy: 'DATE_DESC' });
    const key = (e: { node: { kind: string; item: { id: string } } }) => `${e.node.kind}:${e.node.item.id}`;
    expect(desc.edges.map(key)).toEqual([...asc.edges].reverse().map(key));
    const p1 = await timelinePage({ first: 7, orderBy: 'DATE_DESC' });
    const p2 = await timelinePage({ first: 7, after: p1.pageInfo.endCursor, orderBy: 'DATE_DESC' });
    expect([...p1.edges, ...p2.edges].map(key)).toEqual(desc.edges.slice(0, 14).map(key));
  });
});

describe('cursors stay valid after new rows are recorded', () => {
  let stabilityConflictId = 0;
  let stabilityGid = '';
  const stable: Made[] = [];

  const page = async (vars: Record<string, unknown>) =>
    (await server.query<IncidentPage>(INCIDENTS, { filter: { conflict: stabilityGid }, ...vars })).incidents;

  beforeAll(() => {
    const conflict = server.app.writer.run((scope) =>
      recordConflict(scope, {
        slug: 'cursor-stability-war',
        name: 'Cursor stability war',
        began: { start: '2025-01-01', precision: 'YEAR' },
      }),
    );
    stabilityConflictId = conflict.id;
    stabilityGid = globalId('Conflict', conflict.id);
    for (const [i, date] of [
      '2025-04-02',
      '2025-04-01',
      '2025-04-02',
      '2025-04-03',
      '2025-04-02',
      '2025-04-04',
      '2025-04-03',
      '2025-04-05',
    ].entries()) {
      const title = `Stability incident ${i + 1}`;
      const row = recordTestIncident(conflict.id, title, date);
      stable.push({ id: row.id, gid: globalId('Incident', row.id), title, date });
    }
  });

  it('a forward cursor neither shifts nor repeats items when rows are recorded before and at its position', async () => {
    const expected = [...stable].sort(byDateThenId);
    const p1 = await page({ first: 3 });
    expect(p1.edges.map((e) => e.node.id)).toEqual(expected.slice(0, 3).map((m) => m.gid));
    expect(p1.totalCount).toBe(8);
    const cursor = p1.pageInfo.endCursor;
    const lastOfPage1 = expected[2]!; // a 2025-04-02 incident

    // Recorded after the cursor was handed out: one dated before everything on page 1, one on
    // the cursor's own date (it sorts after the cursor's item: it is recorded later), and one
    // dated after everything.
    const earlier = recordTestIncident(stabilityConflictId, 'Stability late, early date', '2025-03-15');
    const sameDay = recordTestIncident(stabilityConflictId, 'Stability late, same date', lastOfPage1.date);
    const later = recordTestIncident(stabilityConflictId, 'Stability late, late date', '2025-04-30');

    const rest = await page({ first: 100, after: cursor });
    const restIds = rest.edges.map((e) => e.node.id);
    // Nothing from page 1 comes back, and nothing dated before the cursor slips in.
    for (const e of p1.edges) expect(restIds).not.toContain(e.node.id);
    expect(restIds).not.toContain(globalId('Incident', earlier.id));
    // Every item that followed the cursor still follows it, in the same order, with the new rows
    // in their places.
    const all = [
      ...stable,
      { id: sameDay.id, gid: globalId('Incident', sameDay.id), title: sameDay.title, date: sameDay.dateStart },
      { id: later.id, gid: globalId('Incident', later.id), title: later.title, date: later.dateStart },
    ].sort(byDateThenId);
    const afterCursor = all.slice(all.findIndex((m) => m.id === lastOfPage1.id) + 1);
    expect(restIds).toEqual(afterCursor.map((m) => m.gid));
    expect(restIds).toContain(globalId('Incident', sameDay.id));
    expect(restIds[restIds.length - 1]).toBe(globalId('Incident', later.id));
    expect(rest.totalCount).toBe(11);
  });

  it('a backward cursor neither shifts nor repeats items when rows are recorded after it', async () => {
    const before = await page({ first: 100 });
    const list = before.edges;
    const anchor = list[6]!; // some item in the middle
    const back = await page({ last: 3, before: anchor.cursor });
    expect(back.edges.map((e) => e.node.id)).toEqual(list.slice(3, 6).map((e) => e.node.id));

    recordTestIncident(stabilityConflictId, 'Stability very late', '2025-05-20');
    recordTestIncident(stabilityConflictId, 'Stability very late on anchor day', anchor.node.date.start);

    const back2 = await page({ last: 3, before: anchor.cursor });
    expect(back2.edges.map((e) => e.node.id)).toEqual(back.edges.map((e) => e.node.id));
    expect(back2.edges.map((e) => e.cursor)).toEqual(back.edges.map((e) => e.cursor));
    const further = await page({ last: 3, before: back2.pageInfo.startCursor });
    expect(further.edges.map((e) => e.node.id)).toEqual(list.slice(0, 3).map((e) => e.node.id));
    expect(further.totalCount).toBe(13);
  });

  it('an item keeps its cursor after other rows are recorded', async () => {
    const before = (await page({ first: 100 })).edges;
    recordTestIncident(stabilityConflictId, 'Stability cursor check', '2025-04-02');
    const after = (await page({ first: 100 })).edges;
    const cursorOf = new Map(after.map((e) => [e.node.id, e.cursor]));
    for (const e of before) expect(cursorOf.get(e.node.id)).toBe(e.cursor);
    expect(after).toHaveLength(before.length + 1);
  });
});
