/**
 * Full-text search over HTTP against a real server on the article dataset:
 *
 * - the article is searchable: Medinsky's Napoleon remark, the roadmap's reparations provision,
 *   Zelensky by name and by alias (and by prefix), the strike in Siberia; case and diacritics are
 *   ignored in Latin and Cyrillic;
 * - talks, outcomes, figures, actors, sources and delegations are found too, from the article and
 *   at once when written through the API (by alias, member, value with unit, …);
 * - `kinds`, `conflict` and `includeRetracted` filter; snippets mark the matched words (HTML-escaped,
 *   with `<mark>`), and `snippetParts` gives the same passage as plain text;
 * - pages follow each other with stable [bm25, rowid] cursors, forward and backward, no repeats;
 * - writes through the API are searchable at once (the index changes in the write's transaction,
 *   by triggers): a new incident is found, an amendment changes what it is found by, a retraction
 *   hides it, a new provision, alias or statement is found, and a refused write leaves no trace;
 * - no input reaches FTS5's query syntax: operator-looking, unbalanced, empty or NUL-laden queries
 *   answer with hits or with BAD_USER_INPUT, never a 500 or an FTS5 error;
 * - the statement the server runs is answered from the FTS index, reading base tables only through
 *   the partial indexes of retracted rows;
 * - a database recorded before the search migration is indexed when the migration runs.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from '../src/db/client.js';
import { createToken } from '../src/domain/token.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let editor = '';
let admin = '';
/** Every search statement the server ran, as better-sqlite3 logs it (parameters expanded). */
const searchStatements: string[] = [];

const seed = { conflict: '', medinsky: '', zelensky: '', roadmap: '', strike: '', reuters: '', executiveOrder: '' };

beforeAll(async () => {
  server = await startServer(
    {},
    { onStatement: (sql) => /FROM "search_index"/.test(sql) && /MATCH/.test(sql) && searchStatements.push(sql) },
  );
  editor = createToken(server.app.database.db, { name: 'search-test editor', role: 'EDITOR' }).token;
  admin = createToken(server.app.database.db, { name: 'search-test admin', role: 'ADMIN' }).token;
  const data = await server.query(`{
    conflict(slug: "russia-ukraine-war") { id }
    medinsky: people(filter: { name: "Medinsky" }) { nodes { id } }
    zelensky: people(filter: { name: "Zelensky" }) { nodes { id } }
    proposals(first: 10) { nodes { id title } }
    incidents(filter: { location: "siberia" }) { nodes { id } }
    sources(first: 100) { nodes { id name } }
  }`);
  seed.conflict = data.conflict.id;
  seed.medinsky = data.medinsky.nodes[0].id;
  seed.zelensky = data.zelensky.nodes[0].id;
  seed.roadmap = data.proposals.nodes.find((p: { title: string }) => p.title === 'Roadmap for peace').id;
  seed.strike = data.incidents.nodes[0].id;
  seed.reuters = data.sources.nodes.find((s: { name: string }) => s.name === 'Reuters').id;
  seed.executiveOrder = data.sources.nodes.find((s: { name: string }) => s.name.startsWith('Presidential executive order')).id;
});

afterAll(async () => {
  await server?.stop();
});

interface Hit {
  kind: string;
  rank: number;
  snippet: string;
  snippetParts: { text: string; match: boolean }[];
  retracted: boolean;
  item: {
    __typename: string;
    id: string;
    name?: string;
    title?: string;
    paraphrase?: string;
    context?: string;
    speaker?: { name: string } | null;
  };
}
interface SearchPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: Hit }[];
}

const SEARCH = `query Search($query: String!, $kinds: [SearchKind!], $conflict: ID, $includeRetracted: Boolean,
    $first: Int, $after: String, $last: Int, $before: String) {
  search(query: $query, kinds: $kinds, conflict: $conflict, includeRetracted: $includeRetracted,
      first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges {
      cursor
      node {
        kind rank snippet retracted snippetParts { text match }
        item {
          __typename
          ... on Incident { id title }
          ... on Statement { id paraphrase context speaker { name } }
          ... on Proposal { id title }
          ... on Person { id name }
          ... on Node { id }
        }
      }
    }
  }
}`;

type SearchArgs = {
  query: string;
  kinds?: string[];
  conflict?: string;
  includeRetracted?: boolean;
  first?: number;
  after?: string;
  last?: number;
  before?: string;
};

async function search(args: SearchArgs): Promise<SearchPage> {
  return (await server.query<{ search: SearchPage }>(SEARCH, args)).search;
}
const hits = async (args: SearchArgs) => (await search({ first: 100, ...args })).edges.map((e) => e.node);
const ids = async (args: SearchArgs) => (await hits(args)).map((h) => h.item.id);

/** Each kind of document, and the table of the facts it stands for. */
const KIND_TABLES = {
  INCIDENT: 'incidents',
  STATEMENT: 'statements',
  PROPOSAL: 'proposals',
  PERSON: 'people',
  TALK: 'talks',
  TALK_OUTCOME: 'talk_outcomes',
  FIGURE: 'figures',
  ACTOR: 'actors',
  SOURCE: 'sources',
  DELEGATION: 'delegations',
} as const;
/** The kind a GraphQL type is found as: TalkOutcome is TALK_OUTCOME. */
const kindOf = (typename: string) => typename.replace(/(?<=[a-z])(?=[A-Z])/g, '_').toUpperCase();

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const upper = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
let operations = 0;

/** Runs a mutation that must succeed; returns its payload. */
async function mutate(mutation: string, input: Record<string, unknown>, selection: string, token = editor) {
  const { body } = await server.post(
    `mutation ${upper(mutation)}_${++operations}($input: ${upper(mutation)}Input!) {
      ${mutation}(input: $input) { __typename ... on UserError { code message } ... on ${upper(mutation)}Payload { ${selection} } }
    }`,
    { input },
    bearer(token),
  );
  expect(body.errors, JSON.stringify(body)).toBeUndefined();
  expect(body.data[mutation].__typename, JSON.stringify(body)).toBe(`${upper(mutation)}Payload`);
  return body.data[mutation];
}

const day = (start: string) => ({ start, precision: 'DAY' });

describe('the article is searchable', () => {
  it('"Napoleon" finds Medinsky\'s statement, with the word marked', async () => {
    const [first, ...rest] = await hits({ query: 'Napoleon' });
    expect(rest).toEqual([]);
    expect(first!.kind).toBe('STATEMENT');
    expect(first!.item.__typename).toBe('Statement');
    expect(first!.item.speaker?.name).toBe('Vladimir Medinsky');
    expect(first!.item.context).toBe('Medinsky invoked Napoleon.');
    expect(first!.snippet).toContain('<mark>Napoleon</mark>');
    expect(first!.rank).toBeLessThan(0);
  });

  it('"reparations" finds the roadmap by its provision', async () => {
    const found = await hits({ query: 'reparations' });
    expect(found.map((h) => [h.kind, h.item.id])).toContainEqual(['PROPOSAL', seed.roadmap]);
    const roadmap = found.find((h) => h.item.id === seed.roadmap)!;
    expect(roadmap.item.title).toBe('Roadmap for peace');
    expect(roadmap.snippet).toContain('Demands <mark>reparations</mark> for Ukraine.');
  });

  it('"Zelensky" and "zelenskiy" (his alias) find the person first; "zelensk*" finds both spellings', async () => {
    for (const query of ['Zelensky', 'zelenskiy', 'ZELENSKIY']) {
      const [first] = await hits({ query });
      expect(first!.item).toMatchObject({ __typename: 'Person', id: seed.zelensky, name: 'Volodymyr Zelensky' });
    }
    const [alias] = await hits({ query: 'zelenskiy', kinds: ['PERSON'] });
    expect(alias!.snippet).toBe('Volodymyr Zelensky · <mark>Zelenskiy</mark>');
    const prefixed = await hits({ query: 'zelensk*' });
    expect(prefixed[0]!.item.id).toBe(seed.zelensky);
    const marked = prefixed.flatMap((h) => h.snippetParts.filter((p) => p.match).map((p) => p.text));
    expect(new Set(marked)).toEqual(new Set(['Zelensky', 'Zelenskiy']));
    // "Trump has been vocally critical of Zelenskiy" is found by the prefix, not by "zelensky".
    expect(prefixed.length).toBeGreaterThan((await hits({ query: 'zelensky' })).length);
  });

  it('"siberia" finds the strike on the bombers, whatever the case or accents', async () => {
    for (const query of ['siberia', 'SIBERIA', 'Sibéria', 'bombers siberia']) {
      const found = await hits({ query });
      expect(
        found.map((h) => [h.kind, h.item.id]),
        query,
      ).toEqual([['INCIDENT', seed.strike]]);
    }
    const [strike] = await hits({ query: 'siberia' });
    expect(strike!.snippetParts).toContainEqual({ text: 'Siberia', match: true });
  });

  it('"quoted words" are a phrase; unquoted words must all match', async () => {
    expect((await hits({ query: '"walk away"' })).map((h) => h.item.paraphrase)).toEqual([
      'Washington could walk away from supporting the war.',
    ]);
    expect(await hits({ query: '"away walk"' })).toEqual([]);
    expect(await hits({ query: 'Napoleon reparations' })).toEqual([]);
    const [medinsky] = await hits({ query: 'Medinsky Napoleon' });
    expect(medinsky!.snippet).toMatch(/<mark>Medinsky<\/mark>.*<mark>Napoleon<\/mark>/);
  });
});

describe('filters', () => {
  it('kinds: only the kinds asked for; all of them by default', async () => {
    const all = await search({ query: 'Medinsky', first: 100 });
    const kinds = new Set(all.edges.map((e) => e.node.kind));
    // Russia's delegation is headed by him, and Russian media are the source he spoke to.
    expect(kinds).toEqual(new Set(['PERSON', 'STATEMENT', 'PROPOSAL', 'DELEGATION', 'SOURCE']));
    let sum = 0;
    for (const kind of Object.keys(KIND_TABLES)) {
      const page = await search({ query: 'Medinsky', kinds: [kind], first: 100 });
      expect(page.edges.every((e) => e.node.kind === kind && kindOf(e.node.item.__typename) === kind)).toBe(true);
      expect(page.totalCount).toBe(page.edges.length);
      sum += page.totalCount;
    }
    expect(sum).toBe(all.totalCount);
    expect((await search({ query: 'Medinsky', kinds: ['PERSON', 'PROPOSAL'], first: 100 })).totalCount).toBe(
      all.edges.filter((e) => e.node.kind === 'PERSON' || e.node.kind === 'PROPOSAL').length,
    );
  });

  it('conflict: only facts of that conflict, and people, actors and sources (who belong to none)', async () => {
    const other = await mutate(
      'recordConflict',
      { slug: 'search-test-conflict', name: 'Search test conflict', began: day('2024-01-01') },
      'conflict { id }',
    );
    const otherId = other.conflict.id as string;
    const ridge = await mutate(
      'recordIncident',
      { conflict: otherId, eventType: 'BATTLES', title: 'Clash near Siberia Ridge', date: day('2024-02-01') },
      'incident { id }',
    );
    expect(await ids({ query: 'siberia' })).toEqual(expect.arrayContaining([seed.strike, ridge.incident.id]));
    expect(await ids({ query: 'siberia', conflict: seed.conflict })).toEqual([seed.strike]);
    expect(await ids({ query: 'siberia', conflict: otherId })).toEqual([ridge.incident.id]);
    // Zelensky's statements belong to the article's conflict; he himself, and the executive order
    // he issued (a source), to none.
    expect(new Set(await ids({ query: 'zelensky', conflict: otherId }))).toEqual(new Set([seed.zelensky, seed.executiveOrder]));
    expect(await ids({ query: 'nato', conflict: otherId, kinds: ['ACTOR'] })).toHaveLength(1);
    expect((await ids({ query: 'zelensky', conflict: seed.conflict })).length).toBeGreaterThan(1);
    const { body } = await server.post(SEARCH, { query: 'siberia', conflict: seed.zelensky });
    expect(body.errors?.[0]?.extensions?.code).toBe('INVALID_ID');
  });
});

describe('snippets', () => {
  it('are HTML: the text escaped, only the markers are tags; snippetParts keep the plain text', async () => {
    const r = await mutate(
      'recordIncident',
      {
        conflict: seed.conflict,
        eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
        title: 'Shelling of Kherson <script>alert("x")</script> & \u0002not a marker\u0003',
        date: day('2025-06-05'),
      },
      'incident { id }',
    );
    const [hit] = await hits({ query: 'kherson' });
    expect(hit!.item.id).toBe(r.incident.id);
    expect(hit!.snippet).toContain('<mark>Kherson</mark>');
    expect(hit!.snippet).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;');
    expect(hit!.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(hit!.snippetParts.filter((p) => p.match)).toEqual([{ text: 'Kherson', match: true }]);
    expect(hit!.snippetParts.map((p) => p.text).join('')).toContain('<script>alert("x")</script> &');
  });

  it('mark every matched word, in Latin and Cyrillic, with or without diacritics', async () => {
    await mutate(
      'recordPerson',
      { name: 'Recep Tayyip Erdoğan', aliases: ['Реджеп Тайип Эрдоган'], titles: [{ title: 'President of Turkey' }] },
      'person { id }',
    );
    await mutate('addPersonAlias', { person: seed.zelensky, alias: 'Володимир Зеленський' }, 'person { id }');
    const [erdogan] = await hits({ query: 'erdogan' });
    expect(erdogan!.snippet).toContain('<mark>Erdoğan</mark>');
    const [cyrillic] = await hits({ query: 'ЭРДОГАН' });
    expect(cyrillic!.item.name).toBe('Recep Tayyip Erdoğan');
    expect(cyrillic!.snippet).toContain('<mark>Эрдоган</mark>');
    const [zelensky] = await hits({ query: 'зеленський' });
    expect(zelensky!.item.id).toBe(seed.zelensky);
    expect(zelensky!.snippet).toContain('<mark>Зеленський</mark>');
    expect((await hits({ query: 'зелен*' }))[0]!.item.id).toBe(seed.zelensky);
  });
});

describe('pagination', () => {
  const QUERY = 'the';

  it('pages forward with stable cursors: the same hits, in the same order, none twice', async () => {
    const whole = await search({ query: QUERY, first: 100 });
    expect(whole.totalCount).toBeGreaterThan(10);
    expect(whole.edges).toHaveLength(whole.totalCount);
    const ranks = whole.edges.map((e) => e.node.rank);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);

    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(20);
      const page = await search({ query: QUERY, first: 3, after });
      expect(page.totalCount).toBe(whole.totalCount);
      seen.push(...page.edges.map((e) => e.cursor));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual(whole.edges.map((e) => e.cursor));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('pages backward from the end, and from any cursor', async () => {
    const whole = (await search({ query: QUERY, first: 100 })).edges.map((e) => e.cursor);
    const seen: string[] = [];
    let before: string | undefined;
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(20);
      const page = await search({ query: QUERY, last: 4, before });
      seen.unshift(...page.edges.map((e) => e.cursor));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor!;
    }
    expect(seen).toEqual(whole);
    const middle = await search({ query: QUERY, first: 2, after: whole[4] });
    expect(middle.edges.map((e) => e.cursor)).toEqual(whole.slice(5, 7));
  });

  it('orders hits of equal rank by rowid: no hit is lost or repeated at a page boundary', async () => {
    const recorded: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await mutate(
        'recordIncident',
        { conflict: seed.conflict, eventType: 'BATTLES', title: 'Skirmish at Tiebreak Ford', date: day('2025-06-08') },
        'incident { id }',
      );
      recorded.push(r.incident.id);
    }
    const whole = await hits({ query: 'tiebreak' });
    expect(new Set(whole.map((h) => h.rank)).size).toBe(1);
    expect(whole.map((h) => h.item.id)).toEqual(recorded);
    const seen: string[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await search({ query: 'tiebreak', first: 2, after });
      seen.push(...page.edges.map((e) => e.node.item.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor!;
    }
    expect(seen).toEqual(recorded);
  });

  it('refuses a cursor that another list issued', async () => {
    const { edges } = await server.query(`{ incidents(first: 1) { edges { cursor } } }`).then((d) => d.incidents);
    const { body } = await server.post(SEARCH, { query: QUERY, after: edges[0].cursor });
    expect(body.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    const garbage = await server.post(SEARCH, { query: QUERY, after: 'not-a-cursor' });
    expect(garbage.body.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
  });
});

describe('writes through the API are found at once', () => {
  it('a new incident is found; an amendment changes what finds it; a retraction hides it', async () => {
    expect(await hits({ query: 'Chornomorsk' })).toEqual([]);
    const r = await mutate(
      'recordIncident',
      {
        conflict: seed.conflict,
        eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
        subEventType: 'AIR_DRONE_STRIKE',
        title: 'Drone strike on the port of Chornomorsk',
        description: 'Drones hit grain silos.',
        date: day('2025-06-04'),
        location: { name: 'Chornomorsk', country: 'Ukraine' },
      },
      'incident { id }',
    );
    const id = r.incident.id as string;
    expect(await ids({ query: 'chornomorsk' })).toEqual([id]);
    expect(await ids({ query: 'grain silos' })).toEqual([id]);

    await mutate(
      'amendIncident',
      {
        incident: id,
        reason: 'It was Izmail.',
        title: 'Drone strike on the port of Izmail',
        location: { name: 'Izmail', country: 'Ukraine' },
      },
      'incident { id }',
    );
    expect(await ids({ query: 'chornomorsk' })).toEqual([]);
    expect(await ids({ query: 'izmail' })).toEqual([id]);
    expect(await ids({ query: 'grain silos' })).toEqual([id]);

    await mutate('retractIncident', { incident: id, reason: 'Not confirmed.' }, 'incident { id }', admin);
    expect(await ids({ query: 'izmail' })).toEqual([]);
    const retracted = await hits({ query: 'izmail', includeRetracted: true });
    expect(retracted.map((h) => [h.item.id, h.retracted])).toEqual([[id, true]]);
  });

  it('statements: recorded, amended and retracted', async () => {
    const r = await mutate(
      'recordStatement',
      {
        conflict: seed.conflict,
        speaker: seed.medinsky,
        paraphrase: 'Talks will resume in Vatican City.',
        date: day('2025-06-06'),
        sources: [{ source: seed.reuters }],
      },
      'statement { id }',
    );
    const id = r.statement.id as string;
    expect(await ids({ query: 'vatican' })).toEqual([id]);
    // Found by its speaker, too.
    expect(await ids({ query: 'medinsky vatican' })).toEqual([id]);
    await mutate('amendStatement', { statement: id, reason: 'Misheard.', paraphrase: 'Talks will resume in Geneva.' }, 'statement { id }');
    expect(await ids({ query: 'vatican' })).toEqual([]);
    expect(await ids({ query: 'geneva' })).toEqual([id]);
    await mutate('retractStatement', { statement: id, reason: 'Never said.' }, 'statement { id }', admin);
    expect(await ids({ query: 'geneva' })).toEqual([]);
    expect(await ids({ query: 'geneva', includeRetracted: true })).toEqual([id]);
  });

  it('a proposal is found by a provision added later', async () => {
    expect(await ids({ query: 'demilitarised zone' })).toEqual([]);
    await mutate(
      'updateProposal',
      { proposal: seed.roadmap, addProvisions: [{ text: 'A demilitarised zone along the frontline.' }] },
      'proposal { id }',
    );
    const [hit] = await hits({ query: 'demilitarised zone' });
    expect(hit!.item.id).toBe(seed.roadmap);
    expect(hit!.snippet).toContain('<mark>demilitarised</mark> <mark>zone</mark>');
    expect(await ids({ query: 'reparations', kinds: ['PROPOSAL'] })).toEqual([seed.roadmap]);
  });

  it('a refused write leaves nothing in the index', async () => {
    const { body } = await server.post(
      `mutation Refused($input: RecordIncidentInput!) { recordIncident(input: $input) { __typename ... on UserError { code } } }`,
      {
        input: {
          conflict: seed.conflict,
          eventType: 'BATTLES',
          title: 'Battle of Quuxtown',
          date: day('2025-06-07'),
          // The incident row is written before its actors are checked: the whole write rolls back.
          actors: [{ actor: Buffer.from('Actor:999999').toString('base64url'), side: 'INITIATOR' }],
        },
      },
      bearer(editor),
    );
    expect(body.data.recordIncident).toEqual({ __typename: 'UserError', code: 'NOT_FOUND' });
    expect(await hits({ query: 'quuxtown' })).toEqual([]);
    const reader = new Database(server.dbPath, { readonly: true, fileMustExist: true });
    try {
      const counts = reader.prepare(`SELECT kind, count(*) AS n FROM search_index GROUP BY kind ORDER BY kind`).all();
      const expected = reader
        .prepare(
          `${Object.entries(KIND_TABLES)
            .map(([kind, table]) => `SELECT '${kind}' AS kind, (SELECT count(*) FROM ${table}) AS n`)
            .join(' UNION ALL ')} ORDER BY kind`,
        )
        .all();
      expect(counts).toEqual(expected);
    } finally {
      reader.close();
    }
  });
});

describe('hostile input', () => {
  const inputs = [
    '" OR 1=1',
    '" OR 1=1 --',
    '*',
    '**',
    'NEAR(',
    'NEAR(siberia bombers, 2)',
    'col:term',
    'title:siberia',
    '{title body}: siberia',
    '"unbalanced',
    'siberia"',
    '"""',
    '\u0000',
    'sib\u0000eria',
    '\u0000siberia\u0000',
    ')(',
    'AND',
    'siberia AND',
    'OR OR',
    'NOT siberia',
    '^siberia',
    '+siberia',
    '-siberia',
    'siberia*bombers*',
    'a*',
    'z* *',
    "'; DROP TABLE incidents; --",
    '\\"',
    '😀',
    '\ud800',
    ' ',
    '',
    'x'.repeat(501),
    Array.from({ length: 17 }, (_, i) => `word${i}`).join(' '),
  ];

  it.each(inputs.map((input) => [JSON.stringify(input).slice(0, 40), input]))(
    '%s: hits or BAD_USER_INPUT, never an FTS5 error',
    async (_label, query) => {
      const { status, body } = await server.post(SEARCH, { query, first: 5 });
      expect(status, JSON.stringify(body)).toBe(200);
      for (const error of body.errors ?? []) {
        expect(error.extensions?.code, JSON.stringify(body)).toBe('BAD_USER_INPUT');
        expect(error.message).not.toMatch(/fts5|syntax|unexpected/i);
      }
      if (!body.errors) expect(Array.isArray(body.data.search.edges)).toBe(true);
    },
  );

  it('operators are plain words: "siberia NOT bombers" finds what has all three', async () => {
    expect(await hits({ query: 'siberia NOT bombers' })).toEqual([]);
    expect(await ids({ query: 'siberia OR nothingmatches' })).toEqual([]);
    expect(await ids({ query: 'title:siberia' })).toEqual([]);
    expect(await ids({ query: 'siberia, bombers!' })).toEqual([seed.strike]);
  });

  it('refuses a query without any word with BAD_USER_INPUT naming the argument', async () => {
    const { body } = await server.post(SEARCH, { query: ' * " ' });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(body.errors?.[0]?.message).toBe('Give at least one word (letters or digits) to search for.');
  });

  it('leaves the database as it was', async () => {
    expect(await ids({ query: 'siberia', conflict: seed.conflict })).toEqual([seed.strike]);
  });
});

describe('every kind people look for', () => {
  const FOUND = `query Found($query: String!, $kinds: [SearchKind!], $conflict: ID) {
    search(query: $query, kinds: $kinds, conflict: $conflict, first: 100) {
      nodes {
        kind snippet
        item {
          __typename
          ... on Node { id }
          ... on Talk { title }
          ... on TalkOutcome { description talk { title } }
          ... on Figure { metric value unit }
          ... on Actor { name }
          ... on Source { name }
          ... on Delegation { actor { name } }
        }
      }
    }
  }`;
  interface Found {
    kind: string;
    snippet: string;
    item: {
      __typename: string;
      id: string;
      title?: string;
      description?: string;
      talk?: { title: string };
      metric?: string;
      value?: number;
      unit?: string;
      name?: string;
      actor?: { name: string };
    };
  }
  const found = async (query: string, kinds?: string[], conflict?: string) =>
    (await server.query<{ search: { nodes: Found[] } }>(FOUND, { query, kinds, conflict })).search.nodes;

  // [kind, query, what the first hit of that kind is]
  const article: [string, string, Partial<Found['item']>][] = [
    ['TALK', 'Istanbul', { title: 'Second round of direct Russia–Ukraine talks' }],
    [
      'TALK_OUTCOME',
      'prisoner swap',
      { description: 'The largest prisoner swap of the war', talk: { title: 'First round of direct Russia–Ukraine talks' } },
    ],
    ['FIGURE', '"472 drones"', { metric: 'drones launched', value: 472, unit: 'drones' }],
    ['FIGURE', 'Ohio', { metric: 'territory controlled', value: 113100, unit: 'km²' }],
    ['FIGURE', '1200000 casualties', { metric: 'casualties', value: 1200000 }],
    ['ACTOR', 'NATO', { name: 'NATO' }],
    ['SOURCE', 'estimates', { name: 'U.S. estimates' }],
    ['DELEGATION', 'Umerov', { actor: { name: 'Ukraine' } }],
    ['DELEGATION', '"deputy foreign minister"', { actor: { name: 'Ukraine' } }],
  ];

  it.each(article)('the article: a %s is found by %s, alone or among every kind', async (kind, query, expected) => {
    const only = await found(query, [kind]);
    expect(only.length, query).toBeGreaterThan(0);
    expect(only.every((hit) => hit.kind === kind && kindOf(hit.item.__typename) === kind)).toBe(true);
    expect(only[0]!.item).toMatchObject(expected);
    expect(only[0]!.snippet).toContain('<mark>');
    const everything = await found(query);
    expect(everything.map((hit) => hit.item.id)).toContain(only[0]!.item.id);
  });

  it('case, diacritics and prefixes work for every kind: "ukrain*" finds actors, talks, delegations, sources and figures', async () => {
    const kinds = new Set((await found('UKRAÏN*')).map((hit) => hit.kind));
    for (const kind of ['ACTOR', 'TALK', 'DELEGATION', 'SOURCE', 'FIGURE']) expect(kinds).toContain(kind);
  });

  it('written through the API, each kind is found at once, and by what changes it later', async () => {
    const actor = await mutate(
      'recordActor',
      { name: 'Quuxland', kind: 'STATE', aliases: ['the Quuxish Republic'], description: 'A state of the test.' },
      'actor { id }',
    );
    const actorId = actor.actor.id as string;
    expect((await found('quuxish', ['ACTOR'])).map((hit) => hit.item.id)).toEqual([actorId]);
    await mutate('addActorAlias', { actor: actorId, alias: 'Frobnia' }, 'actor { id }');
    expect((await found('frobnia')).map((hit) => hit.item.id)).toEqual([actorId]);

    const source = await mutate('registerSource', { name: 'Gazette of Zorbtown', kind: 'MEDIA' }, 'source { id }');
    expect((await found('zorbtown')).map((hit) => [hit.kind, hit.item.id])).toEqual([['SOURCE', source.source.id]]);

    const figure = await mutate(
      'recordFigure',
      {
        conflict: seed.conflict,
        figure: { metric: 'bridges destroyed', value: 17, unit: 'bridges', about: 'Bridges over the Wibble', asOf: day('2025-06-01') },
      },
      'figure { id }',
    );
    expect((await found('"17 bridges" wibble')).map((hit) => [hit.kind, hit.item.id])).toEqual([['FIGURE', figure.figure.id]]);

    const talk = await mutate(
      'scheduleTalk',
      {
        conflict: seed.conflict,
        title: 'Third round of the test talks',
        venueCity: 'Blorpville',
        date: day('2025-07-01'),
        delegations: [
          {
            actor: actorId,
            role: 'PARTY',
            participants: [{ role: 'MEMBER', description: 'a plenipotentiary of the Snark' }],
          },
        ],
      },
      'talk { id delegations { id } }',
    );
    const talkId = talk.talk.id as string;
    const delegationId = talk.talk.delegations[0].id as string;
    expect(new Set((await found('blorpville')).map((hit) => [hit.kind, hit.item.id].join(' ')))).toEqual(
      new Set([`TALK ${talkId}`, `DELEGATION ${delegationId}`]),
    );
    expect((await found('snark plenipotentiary')).map((hit) => hit.item.id)).toEqual([delegationId]);
    // A delegation's document names its members: Medinsky joining finds it by his name.
    await mutate(
      'addParticipant',
      { delegation: delegationId, participant: { person: seed.medinsky, role: 'HEAD' } },
      'participation { id }',
    );
    expect((await found('medinsky blorpville')).map((hit) => hit.item.id)).toEqual([delegationId]);

    await mutate(
      'changeTalkStatus',
      { talk: talkId, status: 'CONCLUDED', outcomes: [{ description: 'An accord on the Snark', achieved: true }] },
      'talk { id }',
    );
    const outcome = await found('accord snark', ['TALK_OUTCOME']);
    expect(outcome.map((hit) => hit.item.talk?.title)).toEqual(['Third round of the test talks']);
    // Outcomes and delegations belong to their talk's conflict.
    expect(await found('accord snark', undefined, seed.conflict)).toHaveLength(1);
  });
});

describe('the index after every write above', () => {
  it("holds exactly the documents the views define, and passes FTS5's integrity check", () => {
    const { indexed, defined } = indexAndViews(server.dbPath);
    expect(indexed.length).toBeGreaterThan(20);
    expect(indexed).toEqual(defined);
    // The search's retracted filter reads this view, not the index's own column: they must agree.
    const reader = new Database(server.dbPath, { readonly: true, fileMustExist: true });
    try {
      const flagged = reader.prepare(`SELECT rowid AS doc_id FROM search_index WHERE retracted = 1 ORDER BY rowid`).all();
      expect(flagged.length).toBeGreaterThan(0);
      expect(reader.prepare(`SELECT doc_id FROM search_retracted_documents ORDER BY doc_id`).all()).toEqual(flagged);
    } finally {
      reader.close();
    }
    // A command, not a write: FTS5 checks its index against the text it holds (throws if corrupt).
    server.app.database.sqlite.prepare(`INSERT INTO search_index(search_index, rank) VALUES ('integrity-check', 1)`).run();
  });
});

describe('common words', () => {
  // A second server whose threshold is only "more than a tenth of the documents", so that words
  // of the article are common the way "shelling" is in a million incidents.
  let common: TestServer;
  const counts: string[] = [];
  beforeAll(async () => {
    common = await startServer(
      { searchRanking: { commonDocuments: 0 } },
      { onStatement: (sql) => /^SELECT count\(\*\) AS n FROM \(SELECT 1 FROM "search_index"/.test(sql) && counts.push(sql) },
    );
  });
  afterAll(async () => {
    await common?.stop();
  });

  it('must match and are marked, but only the other words are scored (as bm25 over them)', async () => {
    const reader = new Database(common.dbPath, { readonly: true, fileMustExist: true });
    try {
      const df = (phrase: string) =>
        (reader.prepare(`SELECT count(*) AS n FROM search_index WHERE search_index MATCH ?`).get(phrase) as { n: number }).n;
      const documents = (reader.prepare(`SELECT count(*) AS n FROM search_index`).get() as { n: number }).n;
      expect(df('"the"')).toBeGreaterThan(documents / 10);
      expect(df('"delegation"')).toBeLessThanOrEqual(documents / 10);
      const bm25 = (scored: string) =>
        (
          reader
            .prepare(
              `SELECT bm25(search_index, 0, 0, 0, 0, 4, 1) AS rank FROM search_index WHERE search_index MATCH ?
               AND rowid IN (SELECT rowid FROM search_index WHERE search_index MATCH '"the" "delegation"')
               AND rowid NOT IN (SELECT doc_id FROM search_retracted_documents) ORDER BY rank, rowid`,
            )
            .all(scored) as { rank: number }[]
        ).map((r) => r.rank);

      const page = (await common.query<{ search: SearchPage }>(SEARCH, { query: 'the delegation', first: 100 })).search;
      const found = page.edges.map((e) => e.node);
      expect(found.length).toBeGreaterThan(1);
      expect(page.totalCount).toBe(found.length);
      expect(found.map((h) => h.rank)).toEqual(bm25('"delegation"'));
      expect(found.map((h) => h.rank)).not.toEqual(bm25('"the" "delegation"'));
      for (const hit of found) {
        const marked = hit.snippetParts.filter((p) => p.match).map((p) => p.text.toLowerCase());
        expect(marked, hit.snippet).toContain('delegation');
      }
      expect(found.some((h) => h.snippetParts.some((p) => p.match && p.text.toLowerCase() === 'the'))).toBe(true);

      // The default server scores every word of the same query: exact bm25.
      const exact = (await hits({ query: 'the delegation' })).map((h) => h.rank);
      expect(exact).toHaveLength(found.length);
      expect(exact.every((rank) => Number.isFinite(rank) && rank < 0)).toBe(true);
    } finally {
      reader.close();
    }
  });

  it('are counted once, not on every search, and only up to the threshold', async () => {
    counts.length = 0;
    for (let i = 0; i < 3; i++) await common.query(SEARCH, { query: 'istanbul kyiv', first: 5 });
    expect(counts).toHaveLength(2); // "istanbul" and "kyiv", once each
    // The threshold is a tenth of the documents: a count stops at the match past it (better-sqlite3 binds numbers as REAL).
    const reader = new Database(common.dbPath, { readonly: true, fileMustExist: true });
    const documents = (reader.prepare(`SELECT count(*) AS n FROM search_index`).get() as { n: number }).n;
    reader.close();
    const cap = Math.floor(documents / 10) + 1;
    expect(
      counts.every((sql) => new RegExp(`LIMIT ${cap}(\\.0)?\\)$`).test(sql)),
      counts.join('\n'),
    ).toBe(true);
  });

  it('all common: every word is scored', async () => {
    const found = (await common.query<{ search: SearchPage }>(SEARCH, { query: 'the', first: 3 })).search.edges;
    const reader = new Database(common.dbPath, { readonly: true, fileMustExist: true });
    try {
      const expected = reader
        .prepare(
          `SELECT bm25(search_index, 0, 0, 0, 0, 4, 1) AS rank FROM search_index WHERE search_index MATCH '"the"'
           AND rowid NOT IN (SELECT doc_id FROM search_retracted_documents) ORDER BY rank, rowid LIMIT 3`,
        )
        .all() as { rank: number }[];
      expect(found.map((e) => e.node.rank)).toEqual(expected.map((r) => r.rank));
    } finally {
      reader.close();
    }
  });
});

describe('the query plan', () => {
  it('answers from the FTS index, reading base tables only through the partial indexes of retracted rows', async () => {
    searchStatements.length = 0;
    await hits({ query: 'siberia bombers', kinds: ['INCIDENT', 'STATEMENT'], conflict: seed.conflict });
    await search({ query: 'ukraine', first: 2, after: (await search({ query: 'ukraine', first: 2 })).pageInfo.endCursor! });
    expect(searchStatements.length).toBeGreaterThanOrEqual(2);
    const reader = new Database(server.dbPath, { readonly: true, fileMustExist: true });
    try {
      for (const statement of searchStatements) {
        const plan = (reader.prepare(`EXPLAIN QUERY PLAN ${statement}`).all() as { detail: string }[]).map((r) => r.detail);
        // A page is ranked by a full-text query, and its snippets read by rowid (=) within it.
        expect(
          plan.some((d) => /^SCAN search_index VIRTUAL TABLE INDEX \d+:=?M/.test(d)),
          plan.join('\n'),
        ).toBe(true);
        // The retracted filter reads the few retracted rows (search_retracted_documents), never a whole table.
        const retractedOnly = /^SCAN (incidents|statements) USING (COVERING )?INDEX (incidents|statements)_retracted_idx$/;
        const baseTables =
          /\b(incidents|statements|proposals|people|person_aliases|provisions|talks|talk_outcomes|figures|actors|actor_aliases|sources|delegations|participations)\b/;
        expect(
          plan.filter((d) => /^(SCAN|SEARCH)\b/.test(d) && baseTables.test(d) && !retractedOnly.test(d)),
          plan.join('\n'),
        ).toEqual([]);
        // (A phrase's count reads at most the threshold's worth of matches through a subquery.)
        expect(plan.filter((d) => /^SCAN\b/.test(d) && !/VIRTUAL TABLE|^SCAN \(subquery-\d+\)$/.test(d) && !retractedOnly.test(d))).toEqual(
          [],
        );
      }
    } finally {
      reader.close();
    }
  });
});

/** The documents the index holds, and those its views define from the base tables: equal when in step. */
function indexAndViews(path: string) {
  const reader = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const indexed = reader
      .prepare(`SELECT rowid AS doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_index ORDER BY rowid`)
      .all();
    const defined = reader
      .prepare(
        `${Object.keys(KIND_TABLES)
          .map((kind) => `SELECT doc_id, kind, subject_id, conflict_id, retracted, title, body FROM search_${kind.toLowerCase()}_documents`)
          .join(' UNION ALL ')} ORDER BY doc_id`,
      )
      .all();
    return { indexed, defined };
  } finally {
    reader.close();
  }
}

/** Copies every row of `from` into the tables `into` has, in the columns both have. */
function copyRecords(into: Database.Database, from: string): void {
  into.pragma('foreign_keys = OFF');
  into.prepare('ATTACH ? AS source').run(from);
  const tables = into
    .prepare(`SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'`)
    .pluck()
    .all() as string[];
  const columnsOf = (schema: string, table: string) =>
    into.prepare(`SELECT name FROM pragma_table_info(?, ?)`).pluck().all(table, schema) as string[];
  for (const table of tables) {
    const shared = columnsOf('main', table).filter((c) => columnsOf('source', table).includes(c));
    const list = shared.map((c) => `"${c}"`).join(', ');
    into.exec(`INSERT INTO main."${table}" (${list}) SELECT ${list} FROM source."${table}"`);
  }
  into.exec('DETACH source');
  into.pragma('foreign_keys = ON');
}

describe('upgrading a database recorded before search existed', () => {
  it('fills the index from the rows already there when the migration runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-search-upgrade-'));
    let upgraded: TestServer | undefined;
    try {
      // The migrations as they were before 0002: the same files, the journal cut after 0001.
      const before = join(dir, 'migrations');
      mkdirSync(join(before, 'meta'), { recursive: true });
      const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as {
        entries: { idx: number; tag: string }[];
      };
      journal.entries = journal.entries.filter((e) => e.idx < 2);
      expect(journal.entries.map((e) => e.tag)).toEqual(['0000_init', '0001_events_append_only']);
      writeFileSync(join(before, 'meta/_journal.json'), JSON.stringify(journal));
      for (const e of journal.entries) {
        copyFileSync(join(MIGRATIONS_FOLDER, `${e.tag}.sql`), join(before, `${e.tag}.sql`));
        copyFileSync(
          join(MIGRATIONS_FOLDER, `meta/${String(e.idx).padStart(4, '0')}_snapshot.json`),
          join(before, `meta/${String(e.idx).padStart(4, '0')}_snapshot.json`),
        );
      }
      const dbPath = join(dir, 'parley.sqlite');
      const old = openDatabase(dbPath);
      migrate(old.db, { migrationsFolder: before });
      // The article as the commands record it today, in the columns the old schema has: today's
      // commands cannot write to tables as they were before later migrations.
      const seeded = await startServer();
      try {
        copyRecords(old.sqlite, seeded.dbPath);
      } finally {
        await seeded.stop();
      }
      expect((old.sqlite.prepare('SELECT count(*) AS n FROM statements').get() as { n: number }).n).toBeGreaterThan(5);
      expect(old.sqlite.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'search_index'`).get()).toEqual({ n: 0 });
      await old.close();

      // Starting the server applies 0002, which indexes the article recorded above.
      upgraded = await startServer({ dbPath, seed: false });
      const { indexed, defined } = indexAndViews(dbPath);
      expect(indexed.length).toBeGreaterThan(20);
      expect(indexed).toEqual(defined);
      const found = (await upgraded.query(`{ search(query: "Napoleon") { nodes { kind item { ... on Statement { context } } } } }`)).search
        .nodes;
      expect(found).toEqual([{ kind: 'STATEMENT', item: { context: 'Medinsky invoked Napoleon.' } }]);
      expect(
        (await upgraded.query(`{ search(query: "zelenskiy", kinds: [PERSON]) { nodes { item { ... on Person { name } } } } }`)).search
          .nodes,
      ).toEqual([{ item: { name: 'Volodymyr Zelensky' } }]);
    } finally {
      await upgraded?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
