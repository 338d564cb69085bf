/**
 * Exports over HTTP and from `npm run export`, black-box: an ACLED file imported by the real CLI
 * into the database a real server reads comes back out of GET /export/incidents.csv column by
 * column; filters, retraction, JSON lines, refusals, the article's statements, proposals and
 * talks, and the CLI writing the same bytes as the server.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { ACLED_COLUMNS } from '../src/ingest/acled.js';
import { runCommand } from './support/process.js';
import { startServer, type TestServer } from './support/server.js';

const SLUG = 'acled-export-test';
const ARTICLE = 'russia-ukraine-war';
/** Russia's forces, recorded before the import with an alias the file never uses. */
const RUSSIA = 'Military Forces of Russia (2000-)';
const RUSSIA_ALIAS = 'Russian Armed Forces';

type Row = Record<(typeof ACLED_COLUMNS)[number], string>;

/** A row with ACLED's columns; what a test does not give is empty. */
const acled = (values: Partial<Row>): Row => Object.fromEntries(ACLED_COLUMNS.map((c) => [c, values[c] ?? ''])) as Row;

const ROWS: Row[] = [
  acled({
    event_id_cnty: 'EXP1001',
    event_date: '2025-06-01',
    year: '2025',
    time_precision: '1',
    disorder_type: 'Political violence',
    event_type: 'Explosions/Remote violence',
    sub_event_type: 'Air/drone strike',
    actor1: RUSSIA,
    assoc_actor_1: 'Air Force of Russia (2000-); Wagner Group',
    inter1: '1',
    actor2: 'Civilians (Ukraine)',
    inter2: '7',
    interaction: '17',
    civilian_targeting: 'Civilian targeting',
    iso: '804',
    region: 'Europe',
    country: 'Ukraine',
    admin1: 'Odeska',
    admin2: 'Odeskyi',
    location: 'Odesa',
    latitude: '46.4775',
    longitude: '30.7326',
    geo_precision: '1',
    source: 'Ukrainska Pravda; Suspilne',
    source_scale: 'National',
    notes: 'On 1 June 2025, drones hit the "Bravo" pier, a warehouse included.\nA second paragraph.',
    fatalities: '2',
    tags: 'casualties provided by=local administrators',
    timestamp: '1748900000',
  }),
  acled({
    event_id_cnty: 'EXP1002',
    event_date: '01 June 2025',
    year: '2025',
    time_precision: '2',
    disorder_type: 'Political violence',
    event_type: 'Battles',
    sub_event_type: 'Armed clash',
    actor1: 'Military Forces of Ukraine (2019-)',
    inter1: 'State forces',
    actor2: RUSSIA,
    inter2: 'State forces',
    interaction: 'State forces-State forces',
    iso: '804',
    region: 'Europe',
    country: 'Ukraine',
    admin1: 'Donetska',
    admin2: 'Pokrovskyi',
    location: 'Pokrovsk',
    latitude: '48.2828',
    longitude: '37.1761',
    geo_precision: '2',
    source: 'Kyiv Independent',
    source_scale: 'National',
    notes: 'Clashes near Pokrovsk.',
    fatalities: '0',
    timestamp: '1748900001',
  }),
  acled({
    event_id_cnty: 'EXP1003',
    event_date: '2025-06-15',
    year: '2025',
    time_precision: '3',
    disorder_type: 'Political violence',
    event_type: 'Violence against civilians',
    sub_event_type: 'Attack',
    actor1: 'Unidentified Armed Group (Ukraine)',
    inter1: '3',
    actor2: 'Civilians (Ukraine)',
    inter2: '7',
    interaction: '37',
    civilian_targeting: 'Civilian targeting',
    iso: '804',
    region: 'Europe',
    country: 'Ukraine',
    admin1: 'Kharkivska',
    location: 'Kharkiv',
    latitude: '49.9935',
    longitude: '36.2304',
    geo_precision: '3',
    source: 'Suspilne',
    source_scale: 'Local partner',
    notes: 'Civilians attacked in Kharkiv at some point in June.',
    fatalities: '5',
    timestamp: '1748900002',
  }),
  acled({
    event_id_cnty: 'EXP1004',
    event_date: '2025-06-20',
    year: '2025',
    time_precision: '3',
    disorder_type: 'Demonstrations',
    event_type: 'Protests',
    sub_event_type: 'Peaceful protest',
    actor1: 'Protesters (United Kingdom)',
    inter1: '6',
    interaction: '60',
    iso: '826',
    region: 'Europe',
    country: 'United Kingdom',
    admin1: 'England',
    admin2: 'Greater London',
    location: 'London',
    latitude: '51.5072',
    longitude: '-0.1276',
    geo_precision: '1',
    source: 'BBC News',
    source_scale: 'International',
    notes: 'Demonstrators called for peace talks.',
    fatalities: '0',
    tags: 'crowd size=around 300',
    timestamp: '1748900003',
  }),
  acled({
    event_id_cnty: 'EXP1005',
    event_date: '2025-06-03',
    year: '2025',
    time_precision: '1',
    disorder_type: 'Strategic developments',
    event_type: 'Strategic developments',
    sub_event_type: 'Other',
    actor1: RUSSIA,
    inter1: '1',
    country: 'Ukraine',
    timestamp: '1748900004',
  }),
];

/** A field as ACLED quotes it: only when it must, its quotes doubled. */
const cell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
/** The file as ACLED ships it: a UTF-8 BOM, CRLF line ends. */
const ACLED_FILE = `\uFEFF${[ACLED_COLUMNS.join(','), ...ROWS.map((r) => ACLED_COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n')}\r\n`;

let server: TestServer;
let dir: string;
let admin = '';

beforeAll(async () => {
  server = await startServer();
  dir = mkdtempSync(join(tmpdir(), 'parley-export-'));
  const editor = createToken(server.app.database.db, { name: 'export-test editor', role: 'EDITOR' }).token;
  admin = createToken(server.app.database.db, { name: 'export-test admin', role: 'ADMIN' }).token;
  const { body } = await server.post(
    `mutation ($input: RecordActorInput!) { recordActor(input: $input) { __typename } }`,
    { input: { name: RUSSIA, kind: 'ARMED_FORCE', aliases: [RUSSIA_ALIAS] } },
    { authorization: `Bearer ${editor}` },
  );
  expect(body.data?.recordActor.__typename, JSON.stringify(body)).toBe('RecordActorPayload');
  const file = join(dir, 'acled.csv');
  writeFileSync(file, ACLED_FILE);
  const imported = await runCommand('import.ts', ['acled', file, '--conflict', SLUG, '--name', 'ACLED export test'], {
    PARLEY_DB_PATH: server.dbPath,
  });
  expect(imported.code, imported.stdout + imported.stderr).toBe(0);
  expect(imported.stdout).toContain('inserted 5');
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const exportUrl = (path: string, params: Record<string, string> = {}) => {
  const url = new URL(`/export/${path}`, server.url);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url;
};

async function download(path: string, params: Record<string, string> = {}) {
  const res = await fetch(exportUrl(path, params));
  const bytes = Buffer.from(await res.arrayBuffer());
  return { res, bytes, text: bytes.toString('utf8') };
}

/** An export parsed as pandas or any CSV reader would: the header, then one object per row. */
async function csv(path: string, params: Record<string, string> = {}) {
  const { res, text } = await download(path, params);
  expect(res.status, text).toBe(200);
  const [header, ...rows] = parse(text) as string[][];
  return { header: header!, records: rows.map((row) => Object.fromEntries(header!.map((c, i) => [c, row[i]!]))) };
}

const ids = (records: Record<string, string>[]) => records.map((r) => r.event_id_cnty);

describe("incidents in ACLED's layout", () => {
  it("has exactly ACLED's 31 columns, in its order, and the headers of a download", async () => {
    const { res, bytes } = await download('incidents.csv', { conflict: SLUG });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="parley-${SLUG}-incidents.csv"`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const [header] = parse(bytes) as string[][];
    expect(header).toEqual([...ACLED_COLUMNS]);
    expect(ACLED_COLUMNS).toHaveLength(31);
  });

  it('gives back every imported row as it went in, column by column (timestamp aside)', async () => {
    const input = parse(ACLED_FILE, { bom: true, columns: true }) as Row[];
    const { records } = await csv('incidents.csv', { conflict: SLUG });
    const exported = new Map(records.map((r) => [r.event_id_cnty, r]));
    expect(records).toHaveLength(input.length);
    for (const row of input) {
      const out = exported.get(row.event_id_cnty)!;
      for (const column of ACLED_COLUMNS) {
        if (column === 'timestamp') expect(out.timestamp).toMatch(/^\d{10}$/);
        else if (column === 'event_date')
          expect(out.event_date, row.event_id_cnty).toBe(row.event_date === '01 June 2025' ? '2025-06-01' : row.event_date);
        else expect([row.event_id_cnty, column, out[column]]).toEqual([row.event_id_cnty, column, row[column]]);
      }
    }
  });

  it('writes a date given in words as ISO', async () => {
    const { records } = await csv('incidents.csv', { conflict: SLUG, types: 'Battles' });
    expect(records.map((r) => [r.event_id_cnty, r.event_date, r.year, r.time_precision])).toEqual([['EXP1002', '2025-06-01', '2025', '2']]);
  });

  it('orders rows by date, then id', async () => {
    // By the earliest day each can be: EXP1002 is coded the week around 1 June, EXP1003 the month of June.
    expect(ids((await csv('incidents.csv', { conflict: SLUG })).records)).toEqual(['EXP1002', 'EXP1001', 'EXP1003', 'EXP1005', 'EXP1004']);
  });

  it("gives Parley's own incidents an event_id_cnty of their own", async () => {
    const { records } = await csv('incidents.csv', { conflict: ARTICLE });
    expect(records.length).toBeGreaterThanOrEqual(2);
    for (const r of records) expect(r.event_id_cnty).toMatch(/^PARLEY\d+$/);
    const bombers = records.find((r) => r.location === 'Siberia')!;
    expect(bombers).toMatchObject({
      event_date: '2025-06-01',
      event_type: 'Explosions/Remote violence',
      actor1: 'Ukraine',
      actor2: 'Russia',
      country: 'Russia',
    });
    expect(bombers.source).toContain('Article: Second round of Russia–Ukraine talks in Istanbul');
  });

  it('leaves a retracted incident out unless asked for', async () => {
    const before = await csv('incidents.csv', { conflict: ARTICLE });
    const drones = before.records.find((r) => r.sub_event_type === 'Air/drone strike')!;
    const { incidents } = await server.query(`{ incidents(first: 10, filter: { location: "ukraine" }) { nodes { id title } } }`);
    const target = incidents.nodes.find((n: { title: string }) => n.title.includes('472-drone'));
    const { body } = await server.post(
      `mutation ($input: RetractIncidentInput!) { retractIncident(input: $input) { __typename } }`,
      { input: { incident: target.id, reason: 'Export test: withdrawn' } },
      { authorization: `Bearer ${admin}` },
    );
    expect(body.data?.retractIncident.__typename, JSON.stringify(body)).toBe('RetractIncidentPayload');
    expect(ids((await csv('incidents.csv', { conflict: ARTICLE })).records)).not.toContain(drones.event_id_cnty);
    const included = await csv('incidents.csv', { conflict: ARTICLE, retracted: 'include' });
    expect(included.records.find((r) => r.event_id_cnty === drones.event_id_cnty)).toEqual(drones);
  });

  it('walks every page of a long list: each row once, by date then id', async () => {
    // More rows than a page holds, many on each day, so pages end in the middle of a day.
    const days = ['2024-03-02', '2024-03-01', '2024-03-03'];
    const many = Array.from({ length: 1_100 }, (_, i) =>
      acled({
        event_id_cnty: `PAGE${i}`,
        event_date: days[i % 3],
        year: '2024',
        event_type: 'Battles',
        actor1: RUSSIA,
        country: 'Ukraine',
      }),
    );
    const file = join(dir, 'pages.csv');
    writeFileSync(file, [ACLED_COLUMNS.join(','), ...many.map((r) => ACLED_COLUMNS.map((c) => cell(r[c])).join(','))].join('\n'));
    const imported = await runCommand('import.ts', ['acled', file, '--conflict', `${SLUG}-pages`, '--name', 'Pages'], {
      PARLEY_DB_PATH: server.dbPath,
    });
    expect(imported.code, imported.stderr).toBe(0);
    const expected = [...many].sort((a, b) => a.event_date.localeCompare(b.event_date)).map((r) => r.event_id_cnty);
    expect(ids((await csv('incidents.csv', { conflict: `${SLUG}-pages` })).records)).toEqual(expected);
  });

  it('gives the same rows as JSON lines, every value the same string', async () => {
    const { records } = await csv('incidents.csv', { conflict: SLUG });
    const { res, text } = await download('incidents.ndjson', { conflict: SLUG });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, string>);
    expect(lines).toEqual(records);
    for (const line of lines) expect(Object.keys(line)).toEqual([...ACLED_COLUMNS]);
  });
});

describe('incident filters', () => {
  const filtered = async (params: Record<string, string>) => ids((await csv('incidents.csv', { conflict: SLUG, ...params })).records);

  it('from and to, on the earliest day an incident can have happened', async () => {
    expect(await filtered({ from: '2025-06-02', to: '2025-06-10' })).toEqual(['EXP1005', 'EXP1004']);
    expect(await filtered({ to: '2025-05-31' })).toEqual(['EXP1002']);
  });

  it("types, by ACLED's names or Parley's", async () => {
    expect(await filtered({ types: 'Battles' })).toEqual(['EXP1002']);
    expect(await filtered({ types: 'BATTLES' })).toEqual(['EXP1002']);
    expect(await filtered({ types: 'Protests,EXPLOSIONS_REMOTE_VIOLENCE' })).toEqual(['EXP1001', 'EXP1004']);
  });

  it('actor, on either side, by name or alias', async () => {
    expect(await filtered({ actor: RUSSIA_ALIAS })).toEqual(['EXP1002', 'EXP1001', 'EXP1005']);
    expect(await filtered({ actor: RUSSIA.toUpperCase() })).toEqual(['EXP1002', 'EXP1001', 'EXP1005']);
    expect(await filtered({ actor: 'Civilians (Ukraine)' })).toEqual(['EXP1001', 'EXP1003']);
  });

  it('place, in the place, its administrative levels or its country', async () => {
    expect(await filtered({ place: 'london' })).toEqual(['EXP1004']);
    expect(await filtered({ place: 'Donetska' })).toEqual(['EXP1002']);
    expect(await filtered({ place: 'united kingdom' })).toEqual(['EXP1004']);
  });

  it('all at once', async () => {
    expect(
      await filtered({ from: '2025-05-01', types: 'Battles,Explosions/Remote violence', actor: RUSSIA_ALIAS, place: 'ukraine' }),
    ).toEqual(['EXP1002', 'EXP1001']);
  });
});

describe('refusals', () => {
  const refused = async (path: string, params: Record<string, string>, status: number, code: string, message: RegExp) => {
    const { res, text } = await download(path, params);
    expect(res.status, text).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = JSON.parse(text);
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toEqual({ code });
    expect(body.errors[0].message).toMatch(message);
    expect(text).not.toMatch(/\s{2,}at |\(.*:\d+:\d+\)|node_modules|\.ts:\d|SQLITE_/);
  };

  it('bad parameters: 400 with BAD_USER_INPUT, saying which', async () => {
    await refused('incidents.csv', {}, 400, 'BAD_USER_INPUT', /conflict=SLUG/);
    await refused('incidents.csv', { conflict: SLUG, from: '2025-13-01' }, 400, 'BAD_USER_INPUT', /from/);
    await refused('incidents.csv', { conflict: SLUG, to: 'yesterday' }, 400, 'BAD_USER_INPUT', /to/);
    await refused('incidents.csv', { conflict: SLUG, types: 'Skirmishes' }, 400, 'BAD_USER_INPUT', /"Skirmishes" is not an event type/);
    await refused('incidents.csv', { conflict: SLUG, actor: 'Nobody at all' }, 400, 'BAD_USER_INPUT', /Nobody at all/);
    await refused('incidents.csv', { conflict: SLUG, retracted: 'yes' }, 400, 'BAD_USER_INPUT', /retracted/);
    await refused('incidents.csv', { conflict: SLUG, type: 'Battles' }, 400, 'BAD_USER_INPUT', /no parameter type\b/);
    await refused('proposals.csv', { conflict: ARTICLE, types: 'Battles' }, 400, 'BAD_USER_INPUT', /no parameter types/);
    const twice = await fetch(new URL(`/export/incidents.csv?conflict=${SLUG}&conflict=${ARTICLE}`, server.url));
    expect(twice.status).toBe(400);
  });

  it('an unknown conflict or export: 404 with NOT_FOUND', async () => {
    await refused('incidents.csv', { conflict: 'no-such-war' }, 404, 'NOT_FOUND', /no-such-war/);
    await refused('people.csv', { conflict: SLUG }, 404, 'NOT_FOUND', /incidents\.csv/);
  });

  it('other methods: 405; HEAD: the headers alone', async () => {
    const post = await fetch(exportUrl('incidents.csv', { conflict: SLUG }), { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect((await post.json()).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
    const head = await fetch(exportUrl('talks.csv', { conflict: ARTICLE }), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await head.text()).toBe('');
  });
});

describe('statements, proposals and talks', () => {
  it('statements: who said what, when, about what, with sources', async () => {
    const { header, records } = await csv('statements.csv', { conflict: ARTICLE });
    expect(header).toEqual([
      'id',
      'date_start',
      'date_end',
      'date_precision',
      'date_text',
      'speaker_person',
      'speaker_actor',
      'quote',
      'paraphrase',
      'context',
      'about',
      'talk_id',
      'talk',
      'sources',
      'revision',
      'retraction',
    ]);
    const napoleon = records.find((r) => r.context === 'Medinsky invoked Napoleon.');
    expect(napoleon).toMatchObject({
      speaker_person: 'Vladimir Medinsky',
      paraphrase: 'War and negotiations must proceed simultaneously.',
      // "previously": before the article, how long before not known.
      date_start: '',
      date_end: '2025-06-02',
      date_precision: 'BEFORE',
      date_text: 'previously',
      retraction: '',
    });
    expect(napoleon!.sources).toContain('Article: Second round of Russia–Ukraine talks in Istanbul');
    expect(records.find((r) => r.quote === 'crazy')).toMatchObject({ speaker_person: 'Donald Trump', about: 'Vladimir Putin' });
  });

  it('proposals: one row per provision, the proposal repeated on each; a proposal without provisions once', async () => {
    const { header, records } = await csv('proposals.csv', { conflict: ARTICLE });
    expect(header).toEqual([
      'proposal_id',
      'date_start',
      'date_end',
      'date_precision',
      'date_text',
      'actor',
      'title',
      'status',
      'talk_id',
      'talk',
      'description',
      'sources',
      'provision',
      'provision_text',
      'provision_topic',
      'provision_sources',
    ]);
    const roadmap = records.filter((r) => r.title === 'Roadmap for peace');
    expect(roadmap.map((r) => r.provision)).toEqual(['1', '2', '3', '4']);
    for (const r of roadmap)
      expect(r).toMatchObject({ actor: 'Ukraine', status: 'RECEIVED', talk: 'Second round of direct Russia–Ukraine talks' });
    expect(roadmap[0]!.sources).toContain('Reuters');
    expect(roadmap[1]).toMatchObject({ provision_text: 'Demands reparations for Ukraine.', provision_topic: 'Reparations' });
    expect(roadmap[1]!.provision_sources).toContain('Reuters');
    const memorandum = records.filter((r) => r.title === "Russia's memorandum");
    expect(memorandum).toHaveLength(1);
    expect(memorandum[0]).toMatchObject({ actor: 'Russia', status: 'DRAFTING', provision: '', provision_text: '' });
  });

  it('talks: venue, host, dates with precision, status, delegations summarised', async () => {
    const { header, records } = await csv('talks.csv', { conflict: ARTICLE });
    expect(header).toEqual([
      'id',
      'round',
      'title',
      'status',
      'venue_city',
      'venue_country',
      'host',
      'date_start',
      'date_end',
      'date_precision',
      'date_text',
      'delegations',
      'outcomes',
      'description',
      'sources',
    ]);
    const round2 = records.find((r) => r.round === '2');
    expect(round2).toMatchObject({
      venue_city: 'Istanbul',
      venue_country: 'Turkey',
      host: 'Turkey',
      status: 'SCHEDULED',
      date_start: '2025-06-02',
      date_end: '',
      date_precision: 'DAY',
      date_text: 'Monday',
    });
    expect(round2!.delegations).toContain('Ukraine (PARTY, CONFIRMED, head Rustem Umerov, 3 more members)');
    expect(round2!.delegations).toContain('Russia (PARTY, CONFIRMED, head Vladimir Medinsky)');
    expect(round2!.delegations).toContain('United States (PARTICIPANT, UNCLEAR)');
    expect(records.find((r) => r.round === '1')!.outcomes).toContain('The largest prisoner swap of the war (achieved)');
  });
});

describe('npm run export', () => {
  const cli = async (args: string[]) => {
    const out = join(dir, `cli-${args.join('-').replace(/[^A-Za-z0-9-]+/g, '_')}`);
    const run = await runCommand('export.ts', [...args, '--out', out], { PARLEY_DB_PATH: server.dbPath });
    expect(run.code, run.stderr).toBe(0);
    return readFileSync(out);
  };

  it('writes the same bytes as the HTTP export for the same filters', async () => {
    const pairs: [string[], string, Record<string, string>][] = [
      [['incidents', '--conflict', SLUG], 'incidents.csv', { conflict: SLUG }],
      [
        [
          'incidents',
          '--conflict',
          SLUG,
          '--format',
          'ndjson',
          '--types',
          'Battles,Protests',
          '--actor',
          'Military Forces of Ukraine (2019-)',
        ],
        'incidents.ndjson',
        { conflict: SLUG, types: 'Battles,Protests', actor: 'Military Forces of Ukraine (2019-)' },
      ],
      [
        ['incidents', '--conflict', ARTICLE, '--include-retracted', '--from', '2025-06-01'],
        'incidents.csv',
        { conflict: ARTICLE, retracted: 'include', from: '2025-06-01' },
      ],
      [['statements', '--conflict', ARTICLE], 'statements.csv', { conflict: ARTICLE }],
    ];
    for (const [args, path, params] of pairs) {
      const { bytes } = await download(path, params);
      expect((await cli(args)).equals(bytes), `${args.join(' ')} vs ${path}`).toBe(true);
    }
  });

  it('refuses what the server refuses, with a message and no stack', async () => {
    const unknown = await runCommand('export.ts', ['incidents', '--conflict', 'no-such-war'], { PARLEY_DB_PATH: server.dbPath });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('There is no conflict "no-such-war".');
    const usage = await runCommand('export.ts', ['people', '--conflict', SLUG], { PARLEY_DB_PATH: server.dbPath });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run export');
  });
});
