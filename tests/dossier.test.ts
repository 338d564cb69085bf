/**
 * Dossier files, as a journalist uses them: `npm run import -- dossier FILE` run as a process on a
 * small dossier for another negotiation, then the facts read back over GraphQL from a real server.
 * Loading again records nothing; an edited incident, statement or talk is amended, with the
 * dossier named in the reason; every kind of mistake is reported with the file, line, column and
 * path, and leaves the database as it was. The bundled article dossier is held to its schema.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCommand } from './support/process.js';
import { startServer, type TestServer } from './support/server.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-dossier-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Peace talks in Pretoria between Ethiopia's government and the TPLF, mediated by the African Union. */
const PRETORIA = `# yaml-language-server: $schema=../datasets/dossier.schema.json
id: pretoria-talks
title: Pretoria talks on the war in Tigray
cite:
  - source: desk-notes
    relation: REPORTED_BY

sources:
  desk-notes:
    name: 'Desk notes: Pretoria talks'
    kind: ARTICLE
  au-communique:
    name: African Union communiqué
    kind: OFFICIAL_DOCUMENT
    actor: african-union

conflicts:
  tigray-war:
    name: War in Tigray
    began: { start: '2020-11-04', precision: DAY, text: 4 November 2020 }

actors:
  ethiopia: { name: Ethiopia, kind: STATE, countryCode: ET }
  tplf:
    name: Tigray People's Liberation Front
    kind: ORGANIZATION
    aliases: [TPLF]
  african-union:
    name: African Union
    kind: ORGANIZATION
    aliases: [AU]
  south-africa: { name: South Africa, kind: STATE, countryCode: ZA }

people:
  obasanjo:
    name: Olusegun Obasanjo
    titles: [{ title: AU High Representative for the Horn of Africa, actor: african-union }]
  redwan:
    name: Redwan Hussien
    titles: [{ title: National Security Adviser, actor: ethiopia }]
  getachew:
    name: Getachew Reda
    titles: [{ title: TPLF spokesman, actor: tplf }]

talks:
  pretoria:
    title: Pretoria peace talks
    round: 1
    venue: { city: Pretoria, country: South Africa }
    host: south-africa
    status: IN_PROGRESS
    date: { start: '2022-10-25', precision: DAY }
    delegations:
      - actor: ethiopia
        role: PARTY
        participants: [{ person: redwan, role: HEAD }]
      - actor: tplf
        role: PARTY
        participants: [{ person: getachew, role: HEAD }]
      - actor: african-union
        role: MEDIATOR
        participants: [{ person: obasanjo, role: MEDIATOR }]
        sources: [{ source: au-communique, relation: ACCORDING_TO }]

incidents:
  shelling-adigrat:
    eventType: EXPLOSIONS_REMOTE_VIOLENCE
    subEventType: SHELLING_ARTILLERY_MISSILE_ATTACK
    title: Shelling near Adigrat
    location: { name: Adigrat, region: Tigray, country: Ethiopia }
    date: { start: '2022-10-24', precision: DAY }
    actors: [{ actor: ethiopia, side: INITIATOR }, { actor: tplf, side: TARGET }]
    talk: pretoria

topics:
  ceasefire: { name: Ceasefire }

statements:
  obasanjo-opening:
    speaker: { person: obasanjo }
    quote: African solutions to African problems
    context: Opening of the talks.
    talk: pretoria
    date: { start: '2022-10-25', precision: DAY }
    about: [{ talk: pretoria }, { delegation: { talk: pretoria, actor: tplf } }]
    sources: [{ source: au-communique }]

figures:
  displaced:
    metric: displaced people
    value: 2000000
    unit: people
    qualifier: APPROXIMATELY
    about: People displaced by the war
    asOf: { start: '2022-10-01', precision: MONTH }
`;

const dossierAt = (name: string, text: string) => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};

const importDossier = (file: string, dbPath: string) => runCommand('import.ts', ['dossier', file], { PARLEY_DB_PATH: dbPath });

const TABLES = [
  'events',
  'dossier_entries',
  'actors',
  'actor_aliases',
  'people',
  'talks',
  'incidents',
  'statements',
  'figures',
  'attributions',
] as const;

/** The rows of every table a load writes to. */
function state(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return Object.fromEntries(TABLES.map((t) => [t, count(t)])) as Record<(typeof TABLES)[number], number>;
  } finally {
    db.close();
  }
}

/** The 1-based line and column of the first occurrence of `text`, after `after` if given. */
function lineColumn(source: string, text: string, after = ''): string {
  const at = source.indexOf(text, source.indexOf(after));
  expect(at, `"${text}" in the dossier`).toBeGreaterThanOrEqual(0);
  const before = source.slice(0, at).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

describe('a dossier for another negotiation', () => {
  const dbPath = join(dir, 'pretoria.sqlite');
  const file = dossierAt('pretoria.yaml', PRETORIA);
  let server: TestServer;

  beforeAll(async () => {
    const loaded = await importDossier(file, dbPath);
    expect(loaded.stderr).toBe('');
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toBe(`${file}: dossier pretoria-talks: recorded 15, amended 0, unchanged 0\n`);
    server = await startServer({ dbPath, seed: false });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('is queryable over GraphQL, every fact with its sources', async () => {
    const data = await server.query(`{
      conflict(slug: "tigray-war") {
        name
        round(number: 1) {
          title status venue { city country } host { name }
          delegations { actor { name } role head { person { name } } sources { relation source { name } } }
        }
        incidents { nodes { title subEventType actors { actor { name } side } sources { relation source { name } } } }
        statements { nodes { quote speaker { name } about { __typename } sources { relation source { name } } } }
        figures { nodes { metric value qualifier date: asOf { start precision } } }
      }
      actors(filter: { name: "TPLF" }) { nodes { name aliases } }
    }`);
    const notes = { relation: 'REPORTED_BY', source: { name: 'Desk notes: Pretoria talks' } };
    const communique = { relation: 'ACCORDING_TO', source: { name: 'African Union communiqué' } };
    expect(data.conflict.name).toBe('War in Tigray');
    expect(data.conflict.round).toMatchObject({
      title: 'Pretoria peace talks',
      status: 'IN_PROGRESS',
      venue: { city: 'Pretoria', country: 'South Africa' },
      host: { name: 'South Africa' },
      delegations: [
        { actor: { name: 'Ethiopia' }, role: 'PARTY', head: { person: { name: 'Redwan Hussien' } }, sources: [notes] },
        {
          actor: { name: "Tigray People's Liberation Front" },
          role: 'PARTY',
          head: { person: { name: 'Getachew Reda' } },
          sources: [notes],
        },
        { actor: { name: 'African Union' }, role: 'MEDIATOR', sources: [communique, notes] },
      ],
    });
    expect(data.conflict.incidents.nodes).toEqual([
      {
        title: 'Shelling near Adigrat',
        subEventType: 'SHELLING_ARTILLERY_MISSILE_ATTACK',
        actors: [
          { actor: { name: 'Ethiopia' }, side: 'INITIATOR' },
          { actor: { name: "Tigray People's Liberation Front" }, side: 'TARGET' },
        ],
        sources: [notes],
      },
    ]);
    expect(data.conflict.statements.nodes).toEqual([
      {
        quote: 'African solutions to African problems',
        speaker: { name: 'Olusegun Obasanjo' },
        about: [{ __typename: 'Talk' }, { __typename: 'Delegation' }],
        sources: [communique, notes],
      },
    ]);
    expect(data.conflict.figures.nodes).toEqual([
      { metric: 'displaced people', value: 2_000_000, qualifier: 'APPROXIMATELY', date: { start: '2022-10-01', precision: 'MONTH' } },
    ]);
    expect(data.actors.nodes).toEqual([{ name: "Tigray People's Liberation Front", aliases: ['TPLF'] }]);
  });

  it('records nothing when loaded again: no event, no row', async () => {
    const before = state(dbPath);
    const again = await importDossier(file, dbPath);
    expect(again).toMatchObject({ code: 0, stderr: '', stdout: `${file}: dossier pretoria-talks: recorded 0, amended 0, unchanged 15\n` });
    expect(state(dbPath)).toEqual(before);
  });

  it('amends what was edited: an incident, a statement, a talk that concluded, a new alias; history keeps both versions', async () => {
    const edited = PRETORIA.replace('title: Shelling near Adigrat', 'title: Shelling of Adigrat')
      .replace('quote: African solutions to African problems', 'quote: African solutions to African challenges')
      .replace(
        'status: IN_PROGRESS',
        'status: CONCLUDED\n    outcomes: [{ description: Permanent cessation of hostilities, achieved: true }]',
      )
      .replace('aliases: [AU]', 'aliases: [AU, AfU]');
    const before = state(dbPath);
    const reload = await importDossier(dossierAt('pretoria-edited.yaml', edited), dbPath);
    expect(reload.stderr).toBe('');
    expect(reload.stdout).toContain('recorded 0, amended 4, unchanged 11');
    // One event a change: the incident, the statement, the talk's status with its outcome, the alias.
    expect(state(dbPath).events).toBe(before.events + 4);

    const reason = 'Reloaded from dossier pretoria-talks (pretoria-edited.yaml)';
    const history = (type: string) =>
      `history { kind reason subject { ... on ${type} { revision ${type === 'Incident' ? 'title' : 'quote'} } } }`;
    const data = await server.query(`{
      conflict(slug: "tigray-war") {
        incidents { nodes { ${history('Incident')} } }
        statements { nodes { ${history('Statement')} } }
        round(number: 1) { status outcomes { description achieved } }
      }
      events(filter: { kinds: [TALK_STATUS_CHANGED] }) { nodes { summary reason } }
      actors(filter: { name: "AfU" }) { nodes { name aliases } }
    }`);
    expect(data.conflict.incidents.nodes[0].history).toEqual([
      { kind: 'INCIDENT_RECORDED', reason: null, subject: { revision: 1, title: 'Shelling near Adigrat' } },
      { kind: 'INCIDENT_AMENDED', reason: `${reason}: title changed`, subject: { revision: 2, title: 'Shelling of Adigrat' } },
    ]);
    expect(data.conflict.statements.nodes[0].history).toEqual([
      { kind: 'STATEMENT_RECORDED', reason: null, subject: { revision: 1, quote: 'African solutions to African problems' } },
      {
        kind: 'STATEMENT_AMENDED',
        reason: `${reason}: quote changed`,
        subject: { revision: 2, quote: 'African solutions to African challenges' },
      },
    ]);
    expect(data.conflict.round).toEqual({
      status: 'CONCLUDED',
      outcomes: [{ description: 'Permanent cessation of hostilities', achieved: true }],
    });
    expect(data.events.nodes).toEqual([{ summary: 'Pretoria peace talks: in progress → concluded', reason }]);
    expect(data.actors.nodes).toEqual([{ name: 'African Union', aliases: ['AU', 'AfU'] }]);

    const same = await importDossier(join(dir, 'pretoria-edited.yaml'), dbPath);
    expect(same.stdout).toContain('recorded 0, amended 0, unchanged 15');
  });
});

describe('mistakes are reported with file, line, column and path, and nothing is written', () => {
  const dbPath = join(dir, 'mistakes.sqlite');
  let loaded: ReturnType<typeof state>;

  beforeAll(async () => {
    expect((await importDossier(dossierAt('base.yaml', PRETORIA), dbPath)).code).toBe(0);
    loaded = state(dbPath);
  });

  /** Loads `text` as a dossier: it must fail with exit code 1, write nothing, and print these lines. */
  async function refused(name: string, text: string, lines: ((file: string) => string)[]) {
    const file = dossierAt(name, text);
    const result = await importDossier(file, dbPath);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([...lines.map((line) => line(file)), 'Nothing was written.']);
    expect(state(dbPath)).toEqual(loaded);
  }

  it('a schema violation: an unknown field and a missing one, at their line and column', async () => {
    const text = PRETORIA.replace('    title: Shelling near Adigrat\n', '    tittle: Shelling near Adigrat\n').replace(
      '  ceasefire: { name: Ceasefire }',
      '  ceasefire: { description: A ceasefire }',
    );
    await refused('schema.yaml', text, [
      (f) => `${f}:${lineColumn(text, 'eventType:')}: incidents.shelling-adigrat: "title" is missing`,
      (f) => `${f}:${lineColumn(text, 'tittle')}: incidents.shelling-adigrat.tittle: unknown field "tittle" (did you mean "title"?)`,
      (f) => `${f}:${lineColumn(text, '{ description: A ceasefire }')}: topics.ceasefire: "name" is missing`,
    ]);
  });

  it('an unknown key, with the keys it may have meant', async () => {
    const text = PRETORIA.replace('actors: [{ actor: ethiopia, side: INITIATOR }', 'actors: [{ actor: ethiopa, side: INITIATOR }');
    await refused('unknown-key.yaml', text, [
      (f) =>
        `${f}:${lineColumn(text, 'ethiopa')}: incidents.shelling-adigrat.actors[0].actor: no actor "ethiopa" in actors (did you mean "ethiopia"?)`,
    ]);
  });

  it('a date that is no date, and one that ends before it starts', async () => {
    const text = PRETORIA.replace("date: { start: '2022-10-24', precision: DAY }", "date: { start: '2022-10-32', precision: DAY }").replace(
      "asOf: { start: '2022-10-01', precision: MONTH }",
      "asOf: { start: '2022-10-01', end: '2022-09-01', precision: RANGE }",
    );
    await refused('dates.yaml', text, [
      (f) => `${f}:${lineColumn(text, "'2022-10-32'")}: incidents.shelling-adigrat.date.start: 2022-10-32 is not a real calendar date`,
      (f) => `${f}:${lineColumn(text, "'2022-09-01'")}: figures.displaced.asOf.end: ends (2022-09-01) before it starts (2022-10-01)`,
    ]);
  });

  it('a change reloading cannot make yet (a figure’s value), with an amendable one beside it: neither is written', async () => {
    const text = PRETORIA.replace('value: 2000000', 'value: 2100000').replace('title: Shelling near Adigrat', 'title: Shelling of Adigrat');
    await refused('unchangeable.yaml', text, [
      (f) =>
        `${f}:${lineColumn(text, '2100000')}: figures.displaced.value: A figure's value cannot be changed by reloading yet (recorded: 2000000)`,
    ]);
  });

  it('a command that refuses (a second round 1 of the conflict), at its entry', async () => {
    const text = PRETORIA.replace(
      '\nincidents:\n',
      "  pretoria-again:\n    title: Pretoria, again\n    round: 1\n    date: { start: '2022-11-02', precision: DAY }\n\nincidents:\n",
    );
    await refused('round.yaml', text, [
      (f) =>
        `${f}:${lineColumn(text, "round: 1\n    date: { start: '2022-11-02'").replace(/:\d+$/, ':12')}: talks.pretoria-again.round: Round 1 of this conflict is recorded already.`,
    ]);
  });

  it('a file that is not YAML, or not a dossier', async () => {
    await refused('broken.yaml', 'id: x\nactors: [unclosed\n', [
      (f) => `${f}:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ]);
    const wrong = dossierAt('notes.txt', 'id: x\n');
    const result = await importDossier(wrong, dbPath);
    expect(result).toMatchObject({ code: 1, stderr: `${wrong}: a dossier is a .yaml, .yml or .json file\nNothing was written.\n` });
  });
});

describe('JSON dossiers, and facts recorded before', () => {
  it('loads the same dossier written as JSON into a database that holds the article, matching the actor it already has', async () => {
    const server = await startServer();
    try {
      const dossier = parse(PRETORIA);
      dossier.actors['united-states'] = { name: 'united states', kind: 'STATE', aliases: ['USA'] };
      const file = dossierAt('pretoria.json', JSON.stringify(dossier, null, 2));
      const loaded = await importDossier(file, server.dbPath);
      expect(loaded.stderr).toBe('');
      expect(loaded.stdout).toBe(`${file}: dossier pretoria-talks: recorded 15, amended 0, unchanged 0, matched 1 already recorded\n`);
      const data = await server.query(`{ actors(filter: { name: "USA" }) { nodes { name aliases } } }`);
      expect(data.actors.nodes).toEqual([{ name: 'United States', aliases: ['Washington', 'U.S.', 'USA'] }]);

      dossier.actors['united-states'].kind = 'ORGANIZATION';
      const text = JSON.stringify(dossier, null, 2);
      const refused = await importDossier(dossierAt('pretoria-kind.json', text), server.dbPath);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `:${lineColumn(text, '"ORGANIZATION"', '"united-states"')}: actors.united-states.kind: An actor's kind cannot be changed by reloading yet (recorded: "STATE")`,
      );
    } finally {
      await server.stop();
    }
  });
});

describe('the bundled article dossier', () => {
  const schema = JSON.parse(readFileSync('datasets/dossier.schema.json', 'utf8'));

  it('is valid against the schema', () => {
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    expect(validate(parse(readFileSync('datasets/article.yaml', 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the schema describes every field a journalist can write', () => {
    const undescribed: string[] = [];
    const walk = (node: any, path: string) => {
      for (const [name, property] of Object.entries<any>(node.properties ?? {})) {
        if (!property.description && !property.$ref?.includes('/properties/')) undescribed.push(`${path}.${name}`);
        walk(property, `${path}.${name}`);
      }
      if (node.items) walk(node.items, `${path}[]`);
    };
    walk(schema, '');
    for (const [name, definition] of Object.entries(schema.$defs)) walk(definition, name);
    expect(undescribed).toEqual([]);
  });

  it('loads into an empty database with db:seed, and records nothing when imported again', async () => {
    const dbPath = join(dir, 'article.sqlite');
    const seeded = await runCommand('seed.ts', [], { PARLEY_DB_PATH: dbPath });
    expect(seeded.stdout).toContain('Loaded the article dataset');
    const before = state(dbPath);
    expect(before).toMatchObject({
      events: 65,
      dossier_entries: 65,
      actors: 13,
      people: 6,
      talks: 2,
      incidents: 2,
      statements: 16,
      figures: 5,
    });
    const again = await importDossier('datasets/article.yaml', dbPath);
    expect(again.stdout).toBe('datasets/article.yaml: dossier russia-ukraine-istanbul-article: recorded 0, amended 0, unchanged 65\n');
    expect(state(dbPath)).toEqual(before);
  });
});
