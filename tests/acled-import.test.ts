/**
 * `npm run import -- acled FILE --conflict SLUG` and `acled-deletions`, run as a user runs them:
 * a separate process writing into the database file a real server reads, on files the tests write
 * with every quirk ACLED's exports have.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { runCommand } from './support/process.js';
import { health, Recorder } from './support/live.js';
import { startServer, type TestServer } from './support/server.js';

const HEADER =
  'event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,' +
  'assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,' +
  'geo_precision,source,source_scale,notes,fatalities,tags,timestamp';

/** One ACLED row from the columns that vary; the rest as ACLED ships them for Ukraine. */
function row(c: Partial<Record<string, string>> & { id: string }): string {
  const v = {
    date: '2025-06-01',
    year: '2025',
    tp: '1',
    type: 'Explosions/Remote violence',
    sub: 'Air/drone strike',
    actor1: 'Military Forces of Russia (2000-)',
    assoc1: '',
    inter1: '1',
    actor2: 'Civilians (Ukraine)',
    assoc2: '',
    inter2: '7',
    interaction: '17',
    civilian: 'Civilian targeting',
    place: 'Odesa',
    admin1: 'Odeska',
    lat: '46.4775',
    lon: '30.7326',
    geo: '1',
    source: 'Ukrainska Pravda',
    notes: 'A drone hit a port warehouse.',
    fatalities: '0',
    tags: '',
    ...c,
  };
  return [
    v.id,
    v.date,
    v.year,
    v.tp,
    'Political violence',
    v.type,
    v.sub,
    v.actor1,
    v.assoc1,
    v.inter1,
    v.actor2,
    v.assoc2,
    v.inter2,
    v.interaction,
    v.civilian,
    '804',
    'Europe',
    'Ukraine',
    v.admin1,
    '',
    '',
    v.place,
    v.lat,
    v.lon,
    v.geo,
    v.source,
    'National',
    v.notes,
    v.fatalities,
    v.tags,
    '1748900000',
  ].join(',');
}

/** Rows that exercise the layout's quirks; the file is written with a BOM and CRLF line ends. */
const QUIRKS = [
  row({
    id: 'UKR9001',
    tp: '1',
    type: 'Explosions/Remote violence',
    sub: 'Air/drone strike',
    actor1: 'Military Forces of Ukraine (2019-)',
    inter1: 'State forces',
    actor2: 'Military Forces of Russia (2000-)',
    assoc2: '"Air Force of Russia (2000-); Strategic Aviation of Russia"',
    inter2: 'State forces',
    interaction: 'State forces-State forces',
    civilian: '',
    place: 'Belaya air base',
    admin1: 'Irkutsk',
    lat: '52.7167',
    lon: '103.6167',
    geo: '2',
    source: '"Reuters; Kyiv Independent"',
    notes: '"On 1 June 2025, drones hit ""Spiderweb"" targets, bombers included.\r\nA second paragraph."',
    fatalities: '0',
    tags: '"crowd size=no report"',
  }),
  row({
    id: 'UKR9002',
    date: '01 June 2025',
    tp: '2',
    sub: 'Shelling/artillery/missile attack',
    place: 'Kharkiv',
    admin1: 'Kharkivska',
    fatalities: '3',
  }),
  row({
    id: 'UKR9003',
    date: '2025-06-15',
    tp: '3',
    type: 'Battles',
    sub: 'Armed clash',
    actor2: 'Military Forces of Ukraine (2019-)',
    inter2: '1',
    interaction: '11',
    civilian: '',
    place: 'Pokrovsk',
    admin1: 'Donetska',
    lat: '48.2828',
    lon: '37.1761',
    geo: '3',
    fatalities: '12',
  }),
  row({
    id: 'UKR9004',
    actor2: '',
    inter2: '',
    interaction: '10',
    civilian: '',
    place: '',
    lat: '',
    lon: '',
    geo: '',
    source: '',
    notes: '',
    fatalities: '0',
  }),
];

let server: TestServer;
let dir: string;
const files: string[] = [];

/** Writes a file the way ACLED ships it: a UTF-8 BOM, CRLF line ends (or LF). */
function file(name: string, rows: string[], { bom = true, eol = '\r\n', header = HEADER } = {}): string {
  const path = join(dir, name);
  writeFileSync(path, `${bom ? '\uFEFF' : ''}${[header, ...rows].join(eol)}${eol}`);
  files.push(path);
  return path;
}

/** Imports into the test's conflict; an ACLED import names it, so the first one records it. */
const importFile = (kind: string, path: string, ...args: string[]) =>
  runCommand(
    'import.ts',
    [kind, path, '--conflict', 'ukraine-acled', ...(kind === 'acled' ? ['--name', 'Russia–Ukraine war (ACLED)'] : []), ...args],
    { PARLEY_DB_PATH: server.dbPath },
  );

const incidentsQuery = `query ($ids: [String!], $retracted: Boolean) {
  incidents(first: 10, filter: { externalIds: $ids, includeRetracted: $retracted }) {
    totalCount
    nodes {
      id externalId title eventType subEventType description timePrecision disorderType civilianTargeting interaction sourceScale tags
      date { start end precision }
      location { name region country latitude longitude worldRegion iso geoPrecision }
      actors { actor { name kind aliases } side associated actorType }
      figures { metric value unit sources { source { name } relation } }
      sources { source { name } relation }
      revision
      retraction { reason }
      history { kind reason subject { ... on Incident { description revision } } }
    }
  }
}`;

async function incidents(ids: string[], retracted = false) {
  const data = await server.query<{ incidents: { totalCount: number; nodes: any[] } }>(incidentsQuery, { ids, retracted });
  return new Map(data.incidents.nodes.map((n) => [n.externalId as string, n]));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-acled-'));
  server = await startServer({ pollMs: 100 });
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('ACLED import', () => {
  it('refuses an unknown conflict without --name, and a header missing columns, writing nothing', async () => {
    const before = (await health(server.url)).lastEventId;
    const path = file('one.csv', [row({ id: 'UKR1' })]);
    const noName = await runCommand('import.ts', ['acled', path, '--conflict', 'nowhere'], { PARLEY_DB_PATH: server.dbPath });
    expect(noName.code).toBe(1);
    expect(noName.stderr).toMatch(/no conflict "nowhere".*--name/);
    // Deletions only retract: they never record a conflict, so they take no --name.
    const deletions = file('deletions-nowhere.csv', ['UKR1,1749081600'], { header: 'event_id_cnty,deleted_timestamp' });
    const named = await runCommand('import.ts', ['acled-deletions', deletions, '--conflict', 'nowhere', '--name', 'X'], {
      PARLEY_DB_PATH: server.dbPath,
    });
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/Unknown option '--name'/);
    const unknown = await runCommand('import.ts', ['acled-deletions', deletions, '--conflict', 'nowhere'], {
      PARLEY_DB_PATH: server.dbPath,
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/There is no conflict "nowhere"\.\n/);
    const short = file('short.csv', ['UKR1,2025-06-01'], { header: 'event_id_cnty,event_date' });
    const missing = await importFile('acled', short);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/line 1: the header lacks year, time_precision/);
    expect((await health(server.url)).lastEventId).toBe(before);
  });

  it('reads every quirk of the layout: BOM, CRLF, quoted commas, quotes and newlines, empty fields, codes and words, both date forms', async () => {
    const result = await importFile('acled', file('quirks.csv', QUIRKS));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/4 rows in .*inserted 4, amended 0, unchanged 0, retracted 0, refused 0/);
    const got = await incidents(['UKR9001', 'UKR9002', 'UKR9003', 'UKR9004']);
    expect(got.size).toBe(4);
    // The conflict --name recorded: when it began is not in the file, so Parley claims only "before the first row".
    const { conflict } = await server.query('{ conflict(slug: "ukraine-acled") { name began { start end precision text } } }');
    expect(conflict).toEqual({
      name: 'Russia–Ukraine war (ACLED)',
      began: { start: null, end: '2025-06-01', precision: 'BEFORE', text: 'not known: before the first incident imported' },
    });

    const spiderweb = got.get('UKR9001')!;
    expect(spiderweb).toMatchObject({
      title: 'Air/drone strike in Belaya air base',
      eventType: 'EXPLOSIONS_REMOTE_VIOLENCE',
      subEventType: 'AIR_DRONE_STRIKE',
      description: 'On 1 June 2025, drones hit "Spiderweb" targets, bombers included.\r\nA second paragraph.',
      timePrecision: 1,
      disorderType: 'Political violence',
      civilianTargeting: false,
      interaction: 'State forces-State forces',
      sourceScale: 'National',
      tags: 'crowd size=no report',
      date: { start: '2025-06-01', end: null, precision: 'DAY' },
      location: {
        name: 'Belaya air base',
        region: 'Irkutsk',
        country: 'Ukraine',
        latitude: 52.7167,
        longitude: 103.6167,
        worldRegion: 'Europe',
        iso: 804,
        geoPrecision: 2,
      },
    });
    expect(spiderweb.actors).toEqual([
      {
        actor: { name: 'Military Forces of Ukraine (2019-)', kind: 'ARMED_FORCE', aliases: [] },
        side: 'INITIATOR',
        associated: false,
        actorType: 'State forces',
      },
      {
        actor: { name: 'Military Forces of Russia (2000-)', kind: 'ARMED_FORCE', aliases: [] },
        side: 'TARGET',
        associated: false,
        actorType: 'State forces',
      },
      {
        actor: { name: 'Air Force of Russia (2000-)', kind: 'ORGANIZATION', aliases: [] },
        side: 'TARGET',
        associated: true,
        actorType: null,
      },
      {
        actor: { name: 'Strategic Aviation of Russia', kind: 'ORGANIZATION', aliases: [] },
        side: 'TARGET',
        associated: true,
        actorType: null,
      },
    ]);
    const cited = [
      { source: { name: 'Reuters' }, relation: 'REPORTED_BY' },
      { source: { name: 'Kyiv Independent' }, relation: 'REPORTED_BY' },
    ];
    expect(spiderweb.sources).toEqual(cited);
    expect(spiderweb.figures).toEqual([{ metric: 'fatalities', value: 0, unit: 'people', sources: cited }]);

    // "01 June 2025" with the week known: seven days around the coded day, not a day Parley cannot vouch for.
    expect(got.get('UKR9002')).toMatchObject({
      date: { start: '2025-05-29', end: '2025-06-04', precision: 'RANGE' },
      timePrecision: 2,
      civilianTargeting: true,
      actors: [
        { actor: { name: 'Military Forces of Russia (2000-)' }, side: 'INITIATOR', actorType: '1' },
        { actor: { name: 'Civilians (Ukraine)', kind: 'ORGANIZATION' }, side: 'TARGET', actorType: '7' },
      ],
    });
    expect(got.get('UKR9002')!.figures[0].value).toBe(3);
    // The month, coded on its 15th.
    expect(got.get('UKR9003')!.date).toEqual({ start: '2025-06-01', end: null, precision: 'MONTH' });
    // Empty fields stay empty: no place, no coordinates, no sources, one actor.
    expect(got.get('UKR9004')).toMatchObject({
      title: 'Air/drone strike',
      description: null,
      location: { name: null, latitude: null, longitude: null, geoPrecision: null },
      sources: [],
    });
    expect(got.get('UKR9004')!.actors).toHaveLength(1);
  });

  it('matches actors through their aliases, and reuses actors and sources it created', async () => {
    const admin = createToken(server.app.database.db, { name: 'acled-test', role: 'ADMIN' }).token;
    const recorded = await server.post(
      `mutation { recordActor(input: { name: "Ukrainian Ground Forces", kind: ARMED_FORCE, aliases: ["Military Forces of Ukraine (2019-) Ground Forces"] }) {
        ... on RecordActorPayload { actor { id } } ... on UserError { message } } }`,
      {},
      { authorization: `Bearer ${admin}` },
    );
    expect(recorded.body.data.recordActor.actor.id).toBeTruthy();
    const result = await importFile(
      'acled',
      file('aliases.csv', [
        row({ id: 'UKR9101', actor2: 'military forces of ukraine (2019-) ground forces', inter2: '1', source: 'reuters' }),
      ]),
    );
    expect(result.code).toBe(0);
    const got = (await incidents(['UKR9101'])).get('UKR9101')!;
    expect(got.actors.map((a: any) => a.actor.name)).toEqual(['Military Forces of Russia (2000-)', 'Ukrainian Ground Forces']);
    expect(got.sources).toEqual([{ source: { name: 'Reuters' }, relation: 'REPORTED_BY' }]);
    const actors = await server.query<{ actors: { totalCount: number } }>(
      '{ actors(filter: { name: "Military Forces of Russia" }) { totalCount } }',
    );
    expect(actors.actors.totalCount).toBe(1);
  });

  it('imports the same file again without recording or emitting anything', async () => {
    const before = (await health(server.url)).lastEventId;
    const again = await importFile('acled', file('quirks-again.csv', QUIRKS, { bom: false, eol: '\n' }));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/inserted 0, amended 0, unchanged 4, retracted 0, refused 0/);
    expect((await health(server.url)).lastEventId).toBe(before);
  });

  it('turns a revised row into an amendment whose reason names the import, keeping both versions', async () => {
    const revised = row({
      id: 'UKR9002',
      date: '2025-06-01',
      tp: '2',
      sub: 'Shelling/artillery/missile attack',
      place: 'Kharkiv',
      admin1: 'Kharkivska',
      fatalities: '5',
      notes: 'Shelling of a residential area.',
    });
    const result = await importFile('acled', file('revised.csv', [revised, QUIRKS[0]!]));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/inserted 0, amended 1, unchanged 1, retracted 0, refused 0/);
    const got = (await incidents(['UKR9002'])).get('UKR9002')!;
    expect(got.revision).toBe(2);
    expect(got.figures[0].value).toBe(5);
    expect(got.history.map((e: any) => e.kind)).toEqual(['INCIDENT_RECORDED', 'INCIDENT_AMENDED']);
    expect(got.history[1].reason).toBe('Revised in ACLED (notes, fatalities); imported from revised.csv');
    expect(got.history.map((e: any) => e.subject.description)).toEqual([
      'A drone hit a port warehouse.',
      'Shelling of a residential area.',
    ]);
  });

  it('refuses bad rows with their line, column and reason, goes on with the rest, and writes them to a reject file', async () => {
    const path = file('bad.csv', [
      row({ id: 'UKR9201' }),
      row({ id: 'UKR9202', date: '2025-02-30' }),
      row({ id: 'UKR9203', type: 'Skirmishes' }),
      row({ id: 'UKR9204', lat: '95.5' }),
      row({ id: '' }),
      row({ id: 'UKR9206', year: '2024' }),
      row({ id: 'UKR9207', inter1: 'Pirates' }),
      row({ id: 'UKR9208', geo: '4' }),
      row({ id: 'UKR9209', notes: '"A note\nover two lines"' }),
      row({ id: 'UKR9210', date: 'yesterday' }),
    ]);
    const result = await importFile('acled', path);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/10 rows .*inserted 2, amended 0, unchanged 0, retracted 0, refused 8/);
    const rejectPath = join(dir, 'bad.rejected.csv');
    expect(result.stdout).toContain(rejectPath);
    const rejected = parse(readFileSync(rejectPath), { columns: true }) as Record<string, string>[];
    expect(rejected.map((r) => [r.event_id_cnty, r.rejected_line, r.rejected_column])).toEqual([
      ['UKR9202', '3', 'event_date'],
      ['UKR9203', '4', 'event_type'],
      ['UKR9204', '5', 'latitude'],
      ['', '6', 'event_id_cnty'],
      ['UKR9206', '7', 'year'],
      ['UKR9207', '8', 'inter1'],
      ['UKR9208', '9', 'geo_precision'],
      ['UKR9210', '12', 'event_date'],
    ]);
    expect(rejected.map((r) => r.rejected_reason)).toEqual([
      '"2025-02-30" is not a real calendar date',
      expect.stringMatching(/^"Skirmishes" is not an ACLED event type \(Battles, /),
      '"95.5" is out of range (-90 to 90)',
      'is missing: every row needs its ACLED id',
      '2024 is not the year of event_date 2025-06-01',
      expect.stringMatching(/^"Pirates" is not an ACLED actor type/),
      '"4" is not a whole number from 1 to 3',
      '"yesterday" is not a date (2025-06-01 or 01 June 2025)',
    ]);
    // The reject file keeps the rows as they were, so they can be fixed and imported again.
    expect(rejected[1]).toMatchObject({ event_type: 'Skirmishes', source: 'Ukrainska Pravda', notes: 'A drone hit a port warehouse.' });
    expect([...(await incidents(['UKR9201', 'UKR9209', 'UKR9202', 'UKR9203'])).keys()].sort()).toEqual(['UKR9201', 'UKR9209']);
  });

  it('with --strict stops at the first bad row and writes nothing of the file', async () => {
    const before = (await health(server.url)).lastEventId;
    const result = await importFile(
      'acled',
      file('strict.csv', [row({ id: 'UKR9301' }), row({ id: 'UKR9302' }), row({ id: 'UKR9303', lon: '200' })]),
      '--strict',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /strict\.csv: line 4, column longitude: "200" is out of range \(-180 to 180\)\nNothing was imported \(--strict\)\./,
    );
    expect((await health(server.url)).lastEventId).toBe(before);
    expect((await incidents(['UKR9301', 'UKR9302'])).size).toBe(0);
    expect(existsSync(join(dir, 'strict.rejected.csv'))).toBe(false);
  });

  it("retracts the incidents of ACLED's deleted-events file, with a reason, once", async () => {
    const path = file('deleted.csv', ['UKR9201,1749081600', 'UKR9999,1749081600'], { header: 'event_id_cnty,deleted_timestamp' });
    const result = await importFile('acled-deletions', path);
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/2 rows .*retracted 1, refused 1/);
    const got = (await incidents(['UKR9201'], true)).get('UKR9201')!;
    expect(got.retraction.reason).toBe('Deleted from ACLED on 2025-06-05; imported from deleted.csv');
    expect((await incidents(['UKR9201'])).size).toBe(0);
    const again = await importFile(
      'acled-deletions',
      file('deleted-again.csv', ['UKR9201,1749081600'], { header: 'event_id_cnty,deleted_timestamp' }),
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/retracted 0, refused 0/);
    expect(again.stdout).toMatch(/unchanged 1/);
  });

  it('feeds subscribers: imported rows arrive on the stream as events, in order', async () => {
    const recorder = new Recorder('sse', server.url, 'subscription { incidentRecorded { incident { externalId title } } }');
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const result = await importFile(
        'acled',
        file('live.csv', [row({ id: 'UKR9401', place: 'Sumy' }), row({ id: 'UKR9402', place: 'Kherson' })]),
      );
      expect(result.code).toBe(0);
      await recorder.waitFor('two imported incidents', (r) => r.data.length >= 2, 10_000);
      expect(recorder.data.map((d) => d.incidentRecorded.incident)).toEqual([
        { externalId: 'UKR9401', title: 'Air/drone strike in Sumy' },
        { externalId: 'UKR9402', title: 'Air/drone strike in Kherson' },
      ]);
    } finally {
      await recorder.close();
    }
  });

  it('makes imported rows searchable', async () => {
    const data = await server.query<{ search: { nodes: { item: { externalId?: string } }[] } }>(
      '{ search(query: "Spiderweb") { nodes { item { ... on Incident { externalId } } } } }',
    );
    expect(data.search.nodes).toEqual([{ item: { externalId: 'UKR9001' } }]);
  });
});
