/**
 * Every list filter, over HTTP, against the seeded article plus rows recorded through the domain
 * commands: incidents, talks, people, statements, proposals, actors, and talk.incidentsAround.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/server.js';
import { findActorByName, recordActor } from '../src/domain/actor.js';
import { findConflictBySlug, recordConflict } from '../src/domain/conflict.js';
import { recordIncident, type RecordIncidentInput } from '../src/domain/incident.js';
import { addPersonAlias } from '../src/domain/person.js';
import { submitProposal } from '../src/domain/proposal.js';
import { findTalkByRound, scheduleTalk } from '../src/domain/talk.js';

let server: TestServer;

const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');

/** Seeded incidents (titles as in the article dataset). */
const BOMBERS = 'Ukrainian attack on Russian nuclear-capable long-range bombers in Siberia';
const DRONES = 'Record 472-drone attack on Ukraine';
/** Incidents this file records. */
const F1 = 'Filter F1: clash near Pokrovsk';
const F2 = 'Filter F2: protest in Kyiv';
const F3 = 'Filter F3: attack in Novosibirsk';
const F4 = 'Filter F4: battle in another conflict';
const F5 = 'Filter F5: announcement in Belarus';
const F6 = 'Filter F6: agreement in Istanbul';

const ids = {
  conflict1: '',
  conflict2: '',
  round1: '',
  round2: '',
  russia: '',
  ukraine: '',
  turkey: '',
  whiteHouse: '',
  militia: '',
  zelensky: '',
  putin: '',
  trump: '',
  medinsky: '',
  umerov: '',
  roadmap: '',
  memorandum: '',
  territory: '',
  delegationUkraine: '',
};

beforeAll(async () => {
  server = await startServer();
  const db = server.app.database.db;
  const c1 = findConflictBySlug(db, 'russia-ukraine-war')!;
  const actor = (name: string) => findActorByName(db, name)!.id;
  const russia = actor('Russia');
  const ukraine = actor('Ukraine');
  const turkey = actor('Turkey');
  const round1 = findTalkByRound(db, c1.id, 1)!;
  const round2 = findTalkByRound(db, c1.id, 2)!;

  const w = server.app.writer;
  const c2 = w.run((scope) =>
    recordConflict(scope, {
      slug: 'filters-test-conflict',
      name: 'Filters test conflict',
      began: { start: '2024-01-01', precision: 'YEAR' },
    }),
  );
  const militia = w.run((scope) => recordActor(scope, { name: 'Filter Militia', kind: 'ARMED_FORCE' }));
  w.run((scope) => recordActor(scope, { name: 'Filtertown Gazette', kind: 'MEDIA_OUTLET' }));

  const incident = (input: RecordIncidentInput) => w.run((scope) => recordIncident(scope, input));
  incident({
    conflictId: c1.id,
    eventType: 'BATTLES',
    subEventType: 'ARMED_CLASH',
    title: F1,
    date: { start: '2025-05-10', precision: 'DAY' },
    location: { name: 'Pokrovsk', region: 'Donetsk Oblast', country: 'Ukraine' },
    actors: [
      { actorId: militia.id, side: 'INITIATOR' },
      { actorId: ukraine, side: 'TARGET' },
    ],
  });
  incident({
    conflictId: c1.id,
    eventType: 'PROTESTS',
    subEventType: 'PEACEFUL_PROTEST',
    title: F2,
    date: { start: '2025-05-31', precision: 'DAY' },
    location: { name: 'Kyiv', region: 'Kyiv City', country: 'Ukraine' },
    talkId: round1.id,
  });
  incident({
    conflictId: c1.id,
    eventType: 'VIOLENCE_AGAINST_CIVILIANS',
    subEventType: 'ATTACK',
    title: F3,
    date: { start: '2025-06-03', precision: 'DAY' },
    location: { name: 'Novosibirsk', region: 'SIBERIAN Federal District', country: 'Russia' },
    actors: [{ actorId: militia.id, side: 'TARGET' }],
  });
  incident({
    conflictId: c2.id,
    eventType: 'BATTLES',
    title: F4,
    date: { start: '2025-06-01', precision: 'DAY' },
    location: { name: 'Testville', country: 'Nowhereland' },
  });
  incident({
    conflictId: c1.id,
    eventType: 'STRATEGIC_DEVELOPMENTS',
    title: F5,
    date: { start: '2025-05-30', precision: 'DAY' },
    location: { country: 'Belarus' },
  });
  incident({
    conflictId: c1.id,
    eventType: 'STRATEGIC_DEVELOPMENTS',
    subEventType: 'AGREEMENT',
    title: F6,
    date: { start: '2025-06-02', precision: 'DAY' },
    location: { name: 'Istanbul', country: 'Turkey' },
    actors: [{ actorId: turkey, side: 'INITIATOR' }],
  });

  // Talks: the seed has round 1 (2025-05-16, CONCLUDED) and round 2 (2025-06-02, SCHEDULED).
  w.run((scope) =>
    scheduleTalk(scope, {
      conflictId: c1.id,
      title: 'Filter T3: round 3',
      round: 3,
      status: 'POSTPONED',
      date: { start: '2025-06-20', precision: 'DAY' },
    }),
  );
  w.run((scope) =>
    scheduleTalk(scope, {
      conflictId: c1.id,
      title: 'Filter T4: cancelled meeting',
      status: 'CANCELLED',
      date: { start: '2025-07-01', precision: 'DAY' },
    }),
  );
  w.run((scope) =>
    scheduleTalk(scope, {
      conflictId: c2.id,
      title: 'Filter T5: other conflict talks',
      status: 'IN_PROGRESS',
      date: { start: '2025-06-02', precision: 'DAY' },
    }),
  );

  // Proposals: the seed has Ukraine's roadmap (RECEIVED) and Russia's memorandum (DRAFTING).
  w.run((scope) =>
    submitProposal(scope, {
      conflictId: c1.id,
      actorId: turkey,
      title: 'Filter ceasefire plan',
      status: 'SUBMITTED',
      date: { start: '2025-06-05', precision: 'DAY' },
    }),
  );
  w.run((scope) =>
    submitProposal(scope, {
      conflictId: c1.id,
      actorId: russia,
      title: 'Filter answer to the roadmap',
      status: 'ANSWERED',
      date: { start: '2025-06-06', precision: 'DAY' },
    }),
  );

  // Global IDs, read over HTTP.
  const data = await server.query(`{
    conflict(slug: "russia-ukraine-war") {
      id
      topics { id slug }
      round1: round(number: 1) { id }
      round2: round(number: 2) { id delegations { id actor { name } } }
    }
    other: conflict(slug: "filters-test-conflict") { id }
    actors(first: 100) { nodes { id name } }
    people(first: 100) { nodes { id name } }
    proposals(first: 100) { nodes { id title } }
  }`);
  const actorId = (name: string) => data.actors.nodes.find((a: { name: string }) => a.name === name).id as string;
  const personId = (name: string) => data.people.nodes.find((p: { name: string }) => p.name === name).id as string;
  const proposalId = (title: string) => data.proposals.nodes.find((p: { title: string }) => p.title === title).id as string;
  Object.assign(ids, {
    conflict1: data.conflict.id,
    conflict2: data.other.id,
    round1: data.conflict.round1.id,
    round2: data.conflict.round2.id,
    russia: actorId('Russia'),
    ukraine: actorId('Ukraine'),
    turkey: actorId('Turkey'),
    whiteHouse: actorId('White House'),
    militia: actorId('Filter Militia'),
    zelensky: personId('Volodymyr Zelensky'),
    putin: personId('Vladimir Putin'),
    trump: personId('Donald Trump'),
    medinsky: personId('Vladimir Medinsky'),
    umerov: personId('Rustem Umerov'),
    roadmap: proposalId('Roadmap for peace'),
    memorandum: proposalId("Russia's memorandum"),
    territory: data.conflict.topics.find((t: { slug: string }) => t.slug === 'territory').id,
    delegationUkraine: data.conflict.round2.delegations.find((d: { actor: { name: string } }) => d.actor.name === 'Ukraine').id,
  });
  expect(ids.round2).toBe(globalId('Talk', round2.id));
  expect(ids.conflict2).toBe(globalId('Conflict', c2.id));
});

afterAll(async () => {
  await server?.stop();
});

const INCIDENTS = /* GraphQL */ `
  query($filter: IncidentFilter, $orderBy: DateOrder) {
    incidents(filter: $filter, first: 100, orderBy: $orderBy) {
      totalCount
      nodes { title date { start } }
    }
  }
`;

/** Titles of the incidents a filter finds, in the list's order; checks totalCount agrees. */
async function incidentTitles(filter: Record<string, unknown>): Promise<string[]> {
  const data = await server.query(INCIDENTS, { filter });
  const titles = data.incidents.nodes.map((n: { title: string }) => n.title) as string[];
  expect(data.incidents.totalCount).toBe(titles.length);
  return titles;
}

describe('incidents filters', () => {
  it('lists all 8 incidents without a filter', async () => {
    expect(await incidentTitles({})).toEqual([F1, F5, F2, BOMBERS, DRONES, F4, F6, F3]);
  });

  it('date range: from and to are both inclusive, on the start date', async () => {
    expect(await incidentTitles({ date: { from: '2025-05-31', to: '2025-06-01' } })).toEqual([F2, BOMBERS, DRONES, F4]);
    expect(await incidentTitles({ date: { from: '2025-06-02' } })).toEqual([F6, F3]);
    expect(await incidentTitles({ date: { to: '2025-05-30' } })).toEqual([F1, F5]);
    expect(await incidentTitles({ date: { from: '2025-06-03', to: '2025-06-03' } })).toEqual([F3]);
    expect(await incidentTitles({ date: { from: '2025-06-04' } })).toEqual([]);
  });

  it('eventTypes: only those ACLED event types', async () => {
    expect(await incidentTitles({ eventTypes: ['BATTLES'] })).toEqual([F1, F4]);
    expect(await incidentTitles({ eventTypes: ['BATTLES', 'PROTESTS'] })).toEqual([F1, F2, F4]);
    expect(await incidentTitles({ eventTypes: ['EXPLOSIONS_REMOTE_VIOLENCE'] })).toEqual([BOMBERS, DRONES]);
    expect(await incidentTitles({ eventTypes: ['RIOTS'] })).toEqual([]);
  });

  it('subEventTypes: only those sub-event types (an incident without one never matches)', async () => {
    expect(await incidentTitles({ subEventTypes: ['AIR_DRONE_STRIKE'] })).toEqual([DRONES]);
    expect(await incidentTitles({ subEventTypes: ['ARMED_CLASH', 'ATTACK'] })).toEqual([F1, F3]);
    expect(await incidentTitles({ subEventTypes: ['NO_SUCH_SUB_EVENT'] })).toEqual([]);
  });

  it('actors: incidents in which any of the actors took part, on either side', async () => {
    // The militia initiated F1 and was the target of F3.
    expect(await incidentTitles({ actors: [ids.militia] })).toEqual([F1, F3]);
    // Ukraine initiated the bomber strike and was the target of the drones and of F1.
    expect(await incidentTitles({ actors: [ids.ukraine] })).toEqual([F1, BOMBERS, DRONES]);
    expect(await incidentTitles({ actors: [ids.militia, ids.turkey] })).toEqual([F1, F6, F3]);
    expect(await incidentTitles({ actors: [ids.whiteHouse] })).toEqual([]);
  });

  it('location: case-insensitive text in the place name, region or country', async () => {
    // "Siberia" is the bomber strike's place name; F3's region is "SIBERIAN Federal District".
    expect(await incidentTitles({ location: 'siberia' })).toEqual([BOMBERS, F3]);
    expect(await incidentTitles({ location: 'SIBERIA' })).toEqual([BOMBERS, F3]);
    expect(await incidentTitles({ location: 'kyiv' })).toEqual([F2]);
    expect(await incidentTitles({ location: 'donetsk' })).toEqual([F1]);
    // Country: the drones (Ukraine), F1 and F2.
    expect(await incidentTitles({ location: 'ukraine' })).toEqual([F1, F2, DRONES]);
    expect(await incidentTitles({ location: 'tURKEY' })).toEqual([F6]);
    expect(await incidentTitles({ location: 'atlantis' })).toEqual([]);
  });

  it('location: LIKE wildcards are taken literally', async () => {
    expect(await incidentTitles({ location: '%' })).toEqual([]);
    expect(await incidentTitles({ location: '_' })).toEqual([]);
    expect(await incidentTitles({ location: 'Sib_ria' })).toEqual([]);
    expect(await incidentTitles({ location: 'K%v' })).toEqual([]);
    expect(await incidentTitles({ location: '\\' })).toEqual([]);
  });

  it('talk: only incidents tied to that round', async () => {
    expect(await incidentTitles({ talk: ids.round2 })).toEqual([BOMBERS, DRONES]);
    expect(await incidentTitles({ talk: ids.round1 })).toEqual([F2]);
  });

  it('conflict: only incidents of that conflict', async () => {
    expect(await incidentTitles({ conflict: ids.conflict2 })).toEqual([F4]);
    expect(await incidentTitles({ conflict: ids.conflict1 })).toEqual([F1, F5, F2, BOMBERS, DRONES, F6, F3]);
  });

  it('combines filters: every given condition must hold', async () => {
    expect(await incidentTitles({ conflict: ids.conflict1, eventTypes: ['EXPLOSIONS_REMOTE_VIOLENCE'], location: 'ukraine' })).toEqual([
      DRONES,
    ]);
    expect(await incidentTitles({ actors: [ids.ukraine], date: { from: '2025-06-01' } })).toEqual([BOMBERS, DRONES]);
    expect(await incidentTitles({ eventTypes: ['BATTLES'], conflict: ids.conflict1 })).toEqual([F1]);
    expect(await incidentTitles({ talk: ids.round2, subEventTypes: ['AIR_DRONE_STRIKE'] })).toEqual([DRONES]);
  });

  it('applies the same filters under a conflict and under a talk', async () => {
    const data = await server.query(
      `
      query($filter: IncidentFilter) {
        conflict(slug: "russia-ukraine-war") {
          incidents(filter: $filter) { totalCount nodes { title } }
          round(number: 2) { incidents(filter: { location: "siberia" }) { totalCount nodes { title } } }
        }
      }`,
      { filter: { eventTypes: ['BATTLES', 'STRATEGIC_DEVELOPMENTS'] } },
    );
    expect(data.conflict.incidents.nodes.map((n: { title: string }) => n.title)).toEqual([F1, F5, F6]);
    expect(data.conflict.incidents.totalCount).toBe(3);
    expect(data.conflict.round.incidents.nodes.map((n: { title: string }) => n.title)).toEqual([BOMBERS]);
    expect(data.conflict.round.incidents.totalCount).toBe(1);
  });
});

describe('talk.incidentsAround', () => {
  const AROUND = /* GraphQL */ `
    query($before: Int, $after: Int, $filter: IncidentFilter) {
      conflict(slug: "russia-ukraine-war") {
        round(number: 2) {
          date { start }
          incidentsAround(daysBefore: $before, daysAfter: $after, filter: $filter) { totalCount nodes { title date { start } } }
        }
      }
    }
  `;
  const around = async (vars: Record<string, unknown>) => {
    const data = await server.query(AROUND, vars);
    expect(data.conflict.round.date.start).toBe('2025-06-02');
    const conn = data.conflict.round.incidentsAround;
    expect(conn.totalCount).toBe(conn.nodes.length);
    return conn.nodes.map((n: { title: string }) => n.title) as string[];
  };

  it('daysBefore: 2 covers 31 May to 2 June, in this conflict only, tied to the round or not', async () => {
    // F5 (30 May) is a day too early, F3 (3 June) a day too late, F4 belongs to another conflict.
    expect(await around({ before: 2 })).toEqual([F2, BOMBERS, DRONES, F6]);
  });

  it('defaults to daysBefore: 2 and daysAfter: 0', async () => {
    const data = await server.query(`{
      conflict(slug: "russia-ukraine-war") { round(number: 2) { incidentsAround { nodes { title } } } }
    }`);
    expect(data.conflict.round.incidentsAround.nodes.map((n: { title: string }) => n.title)).toEqual([F2, BOMBERS, DRONES, F6]);
  });

  it('daysAfter widens the window forward; daysBefore: 0 keeps only the day itself', async () => {
    expect(await around({ before: 2, after: 1 })).toEqual([F2, BOMBERS, DRONES, F6, F3]);
    expect(await around({ before: 0, after: 0 })).toEqual([F6]);
    expect(await around({ before: 3 })).toEqual([F5, F2, BOMBERS, DRONES, F6]);
  });

  it('combines with an incident filter', async () => {
    expect(await around({ before: 2, filter: { eventTypes: ['EXPLOSIONS_REMOTE_VIOLENCE'] } })).toEqual([BOMBERS, DRONES]);
    expect(await around({ before: 2, filter: { actors: [ids.turkey] } })).toEqual([F6]);
  });

  it('rejects a window outside 0 to 366 days with BAD_USER_INPUT', async () => {
    const { status, body } = await server.post(AROUND, { before: 367 });
    expect(status).toBeLessThan(500);
    expect(body.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    const negative = await server.post(AROUND, { before: 2, after: -1 });
    expect(negative.body.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('talks filters', () => {
  const TALKS = /* GraphQL */ `
    query($filter: TalkFilter) { talks(filter: $filter, first: 100) { totalCount nodes { title status } } }
  `;
  const talkTitles = async (filter: Record<string, unknown>) => {
    const data = await server.query(TALKS, { filter });
    expect(data.talks.totalCount).toBe(data.talks.nodes.length);
    return data.talks.nodes.map((n: { title: string }) => n.title) as string[];
  };
  const ROUND1 = 'First round of direct Russia–Ukraine talks';
  const ROUND2 = 'Second round of direct Russia–Ukraine talks';
  const T3 = 'Filter T3: round 3';
  const T4 = 'Filter T4: cancelled meeting';
  const T5 = 'Filter T5: other conflict talks';

  it('lists every talk by date without a filter', async () => {
    expect(await talkTitles({})).toEqual([ROUND1, ROUND2, T5, T3, T4]);
  });

  it('statuses: only talks in those states', async () => {
    expect(await talkTitles({ statuses: ['SCHEDULED'] })).toEqual([ROUND2]);
    expect(await talkTitles({ statuses: ['CONCLUDED'] })).toEqual([ROUND1]);
    expect(await talkTitles({ statuses: ['POSTPONED', 'CANCELLED'] })).toEqual([T3, T4]);
    expect(await talkTitles({ statuses: ['IN_PROGRESS', 'SCHEDULED'] })).toEqual([ROUND2, T5]);
  });

  it('date range: from and to inclusive, on the start date', async () => {
    // Round 2 and T5 share 2 June: by date, then in the order recorded.
    expect(await talkTitles({ date: { from: '2025-06-02', to: '2025-06-20' } })).toEqual([ROUND2, T5, T3]);
    expect(await talkTitles({ date: { to: '2025-05-16' } })).toEqual([ROUND1]);
    expect(await talkTitles({ date: { from: '2025-06-21' } })).toEqual([T4]);
    expect(await talkTitles({ date: { from: '2025-05-17', to: '2025-06-01' } })).toEqual([]);
  });

  it('combines statuses, date and conflict', async () => {
    expect(await talkTitles({ statuses: ['SCHEDULED', 'IN_PROGRESS'], conflict: ids.conflict2 })).toEqual([T5]);
    expect(await talkTitles({ statuses: ['POSTPONED', 'CANCELLED', 'SCHEDULED'], date: { to: '2025-06-30' } })).toEqual([ROUND2, T3]);
  });
});

describe('people filter: name or alias, case-insensitive', () => {
  const PEOPLE = /* GraphQL */ `
    query($name: String) { people(filter: { name: $name }, first: 100) { totalCount nodes { id name aliases } } }
  `;
  const peopleNamed = async (name: string) => {
    const data = await server.query(PEOPLE, { name });
    expect(data.people.totalCount).toBe(data.people.nodes.length);
    return data.people.nodes.map((n: { name: string }) => n.name) as string[];
  };

  for (const needle of ['zelenskiy', 'ZELENSKY', 'Zelensk', 'volodymyr zel', 'skiy', 'ZeLeNsKiY']) {
    it(`"${needle}" finds exactly Volodymyr Zelensky`, async () => {
      expect(await peopleNamed(needle)).toEqual(['Volodymyr Zelensky']);
    });
  }

  it('finds by the alias only when the name does not contain the text ("skiy" is only in "Zelenskiy")', async () => {
    const data = await server.query(PEOPLE, { name: 'skiy' });
    expect(data.people.nodes).toEqual([{ id: ids.zelensky, name: 'Volodymyr Zelensky', aliases: ['Zelenskiy'] }]);
  });

  it('finds several people sharing a part of the name, by name', async () => {
    expect(await peopleNamed('vladimir')).toEqual(['Vladimir Medinsky', 'Vladimir Putin']);
    expect(await peopleNamed('VLADIMIR M')).toEqual(['Vladimir Medinsky']);
  });

  for (const needle of ['%', '_', '%%', 'Zelen_ky', 'Zel%sky', '\\', '\\%']) {
    it(`takes "${needle}" literally and finds nobody`, async () => {
      expect(await peopleNamed(needle)).toEqual([]);
    });
  }

  it('matches non-ASCII (Cyrillic) aliases case-insensitively too', async () => {
    const zelenskyId = Number(Buffer.from(ids.zelensky, 'base64url').toString('utf8').split(':')[1]);
    server.app.writer.run((scope) => addPersonAlias(scope, { personId: zelenskyId, alias: 'Володимир Зеленський' }));
    // The exact spelling works …
    expect(await peopleNamed('Зеленський')).toEqual(['Volodymyr Zelensky']);
    // … and so must other cases, as for Latin names.
    expect(await peopleNamed('зеленський')).toEqual(['Volodymyr Zelensky']);
    expect(await peopleNamed('ЗЕЛЕНСЬКИЙ')).toEqual(['Volodymyr Zelensky']);
  });
});

describe('statements filters', () => {
  const STATEMENTS = /* GraphQL */ `
    query($filter: StatementFilter) {
      statements(filter: $filter, first: 100) {
        totalCount
        nodes { paraphrase speaker { name } speakingActor { name } about { __typename id } }
      }
    }
  `;
  interface S {
    paraphrase: string;
    speaker: { name: string } | null;
    speakingActor: { name: string } | null;
    about: { __typename: string; id: string }[];
  }
  const statements = async (filter: Record<string, unknown>): Promise<S[]> => {
    const data = await server.query(STATEMENTS, { filter });
    expect(data.statements.totalCount).toBe(data.statements.nodes.length);
    return data.statements.nodes;
  };

  it('speaker: only statements by that person', async () => {
    const trump = await statements({ speaker: ids.trump });
    expect(trump).toHaveLength(4);
    for (const s of trump) expect(s.speaker?.name).toBe('Donald Trump');
    expect(trump.map((s) => s.paraphrase)).toEqual([
      'Washington could walk away from supporting the war.',
      'Trump called Putin "crazy".',
      'Trump has been vocally critical of Zelenskiy.',
      'Peace must be achieved; further delays could prompt additional sanctions on Russia.',
    ]);
    const medinsky = await statements({ speaker: ids.medinsky });
    expect(medinsky.map((s) => s.paraphrase)).toEqual([
      'War and negotiations must proceed simultaneously.',
      "Moscow had received Ukraine's proposal and would respond on Monday.",
    ]);
    expect(await statements({ speaker: ids.umerov })).toEqual([]);
  });

  it('speakingActor: only statements by that actor', async () => {
    expect((await statements({ speakingActor: ids.whiteHouse })).map((s) => s.paraphrase)).toEqual([
      'The United States could withdraw support if both sides refuse to compromise.',
    ]);
    // "the Kremlin has said": the article's name for Russia's leadership, so Russia speaking.
    expect((await statements({ speakingActor: ids.russia })).map((s) => s.paraphrase)).toEqual([
      'The Kremlin is still drafting its own memorandum.',
    ]);
  });

  it('about: only statements about that object, whatever its type', async () => {
    const aboutPutin = await statements({ about: ids.putin });
    expect(aboutPutin.map((s) => s.paraphrase)).toEqual(['Trump called Putin "crazy".']);
    expect(aboutPutin[0]!.about).toEqual([{ __typename: 'Person', id: ids.putin }]);

    const aboutRussia = await statements({ about: ids.russia });
    expect(aboutRussia.map((s) => s.paraphrase)).toEqual([
      'Peace must be achieved; further delays could prompt additional sanctions on Russia.',
      'The United States could withdraw support if both sides refuse to compromise.',
      'Despite mounting international pressure, Moscow and Kyiv remain far apart on the terms of ending the conflict.',
    ]);
    for (const s of aboutRussia) expect(s.about.map((a) => a.id)).toContain(ids.russia);

    expect((await statements({ about: ids.conflict1 })).map((s) => s.paraphrase)).toEqual([
      'Washington could walk away from supporting the war.',
      'War and negotiations must proceed simultaneously.',
      'The war has caused more than 1.2 million casualties.',
    ]);
    expect((await statements({ about: ids.roadmap })).map((s) => s.paraphrase)).toEqual([
      "Moscow had received Ukraine's proposal and would respond on Monday.",
    ]);
    expect((await statements({ about: ids.territory })).map((s) => s.speaker?.name)).toEqual(['Vladimir Putin']);
    expect((await statements({ about: ids.delegationUkraine })).map((s) => s.speaker?.name)).toEqual(['Volodymyr Zelensky']);
    expect((await statements({ about: ids.round2 })).map((s) => s.speaker?.name ?? s.speakingActor?.name)).toEqual([
      'Keith Kellogg',
      'Volodymyr Zelensky',
      'Publisher of the article',
      'The broader geopolitical community',
    ]);
    // Nobody spoke about the militia.
    expect(await statements({ about: ids.militia })).toEqual([]);
  });

  it('combines speaker and about', async () => {
    expect((await statements({ speaker: ids.trump, about: ids.russia })).map((s) => s.paraphrase)).toEqual([
      'Peace must be achieved; further delays could prompt additional sanctions on Russia.',
    ]);
    expect(await statements({ speaker: ids.medinsky, about: ids.putin })).toEqual([]);
  });
});

describe('proposals filters', () => {
  const PROPOSALS = /* GraphQL */ `
    query($filter: ProposalFilter) {
      proposals(filter: $filter, first: 100) { totalCount nodes { title status submittedBy { name } } }
    }
  `;
  const proposals = async (filter: Record<string, unknown>) => {
    const data = await server.query(PROPOSALS, { filter });
    expect(data.proposals.totalCount).toBe(data.proposals.nodes.length);
    return data.proposals.nodes as { title: string; status: string; submittedBy: { name: string } }[];
  };
  const ROADMAP = 'Roadmap for peace';
  const MEMO = "Russia's memorandum";
  const PLAN = 'Filter ceasefire plan';
  const ANSWER = 'Filter answer to the roadmap';

  it('statuses: only proposals in those states', async () => {
    expect((await proposals({ statuses: ['RECEIVED'] })).map((p) => p.title)).toEqual([ROADMAP]);
    expect((await proposals({ statuses: ['DRAFTING', 'ANSWERED'] })).map((p) => p.title)).toEqual([MEMO, ANSWER]);
    expect((await proposals({ statuses: ['SUBMITTED'] })).map((p) => p.title)).toEqual([PLAN]);
    expect((await proposals({})).map((p) => p.title)).toEqual([ROADMAP, MEMO, PLAN, ANSWER]);
  });

  it('submittedBy: only proposals put forward by that actor', async () => {
    const russian = await proposals({ submittedBy: ids.russia });
    expect(russian.map((p) => p.title)).toEqual([MEMO, ANSWER]);
    for (const p of russian) expect(p.submittedBy.name).toBe('Russia');
    expect((await proposals({ submittedBy: ids.ukraine })).map((p) => p.title)).toEqual([ROADMAP]);
    expect(await proposals({ submittedBy: ids.whiteHouse })).toEqual([]);
  });

  it('combines statuses and submittedBy', async () => {
    expect((await proposals({ submittedBy: ids.russia, statuses: ['ANSWERED'] })).map((p) => p.title)).toEqual([ANSWER]);
    expect(await proposals({ submittedBy: ids.ukraine, statuses: ['DRAFTING'] })).toEqual([]);
  });

  it('talk: only proposals put to that round', async () => {
    expect((await proposals({ talk: ids.round2 })).map((p) => p.title)).toEqual([ROADMAP, MEMO]);
  });
});

describe('actors filters', () => {
  const ACTORS = /* GraphQL */ `
    query($filter: ActorFilter) { actors(filter: $filter, first: 100) { totalCount nodes { name kind } } }
  `;
  const actors = async (filter: Record<string, unknown>) => {
    const data = await server.query(ACTORS, { filter });
    expect(data.actors.totalCount).toBe(data.actors.nodes.length);
    return data.actors.nodes as { name: string; kind: string }[];
  };

  it('kinds: only actors of those kinds', async () => {
    const states = await actors({ kinds: ['STATE'] });
    expect(states.map((a) => a.name).sort()).toEqual(
      ['France', 'Germany', 'Russia', 'Turkey', 'Ukraine', 'United Kingdom', 'United States'].sort(),
    );
    for (const a of states) expect(a.kind).toBe('STATE');
    expect((await actors({ kinds: ['ARMED_FORCE'] })).map((a) => a.name)).toEqual(['Filter Militia', 'Ukrainian Air Force']);
    expect((await actors({ kinds: ['MEDIA_OUTLET', 'ORGANIZATION'] })).map((a) => a.name).sort()).toEqual(
      ['Filtertown Gazette', 'NATO', 'Publisher of the article', 'Reuters', 'The broader geopolitical community'].sort(),
    );
  });

  it('name: case-insensitive part of the name', async () => {
    expect((await actors({ name: 'KREMLIN' })).map((a) => a.name)).toEqual(['Russia']);
    expect((await actors({ name: 'united' })).map((a) => a.name)).toEqual(['United Kingdom', 'United States']);
    expect((await actors({ name: 'filter' })).map((a) => a.name)).toEqual(['Filter Militia', 'Filtertown Gazette']);
    expect(await actors({ name: 'Narnia' })).toEqual([]);
  });

  it('name: LIKE wildcards are taken literally', async () => {
    expect(await actors({ name: '%' })).toEqual([]);
    expect(await actors({ name: '_' })).toEqual([]);
    expect(await actors({ name: 'Ukr_ine' })).toEqual([]);
  });

  it('combines kinds and name', async () => {
    expect((await actors({ kinds: ['STATE'], name: 'united' })).map((a) => a.name)).toEqual(['United Kingdom', 'United States']);
    expect((await actors({ kinds: ['MEDIA_OUTLET'], name: 'filter' })).map((a) => a.name)).toEqual(['Filtertown Gazette']);
    expect(await actors({ kinds: ['ORGANIZATION'], name: 'united' })).toEqual([]);
  });
});
