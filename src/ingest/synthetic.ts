/**
 * A synthetic war at the scale benchmarks need, written the way real data is: the world (actors
 * with aliases, sources, the conflict, people with aliases and titles, rounds of talks with their
 * delegations, participants and outcomes, topics and positions) through the domain commands, the
 * incidents as ACLED-layout rows through the ACLED importer, the statements through
 * recordStatement. Nothing here writes a row itself, so the generated data obeys every rule the
 * commands enforce, and a change to how a fact is stored changes the generated data with it.
 *
 * Every value comes from a seeded PRNG: the same seed writes the same facts. The world's names
 * and the ACLED rows are made without the database (`planWorld`, `syntheticAcledRecords`), so a
 * benchmark can write the same rows to a file and import them into an empty database.
 */
import type { Db } from '../db/client.js';
import { findActorByNameOrAlias, recordActor } from '../domain/actor.js';
import { findConflictBySlug, recordConflict } from '../domain/conflict.js';
import type { Writer, WriteScope } from '../domain/events.js';
import { findIncidentByExternalId } from '../domain/incident.js';
import { recordPerson } from '../domain/person.js';
import { registerSource } from '../domain/source.js';
import { recordStatement } from '../domain/statement.js';
import { addDelegation, addParticipant, recordTalkOutcome, scheduleTalk } from '../domain/talk.js';
import { defineTopic, recordPosition } from '../domain/topic.js';
import type { ActorKind, Attendance, AttributionRelation, DatePrecision, SourceKind, SubjectType } from '../domain/vocabulary.js';
import type { AcledRecord } from './acled.js';
import { importAcledRecords, type ImportSummary, type NumberedRecord } from './acled-import.js';

// ── Randomness: a seeded PRNG (sfc32), so the same seed writes the same facts ────────────────

export class Random {
  private a = 0x9e3779b9;
  private b = 0x243f6a88;
  private c = 0xb7e15162;
  private d: number;

  constructor(seed: number) {
    this.d = seed >>> 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }

  /** Distinct items, as many as asked (or all of them). */
  sample<T>(list: readonly T[], n: number): T[] {
    const copy = [...list];
    const out: T[] = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]!);
    return out;
  }
}

/** Picks by weight in O(log n). */
class Weighted<T> {
  private readonly values: T[];
  private readonly cumulative: number[];

  constructor(pairs: readonly (readonly [T, number])[]) {
    this.values = pairs.map(([v]) => v);
    let sum = 0;
    const running = pairs.map(([, w]) => (sum += w));
    this.cumulative = running.map((c) => c / sum);
  }

  draw(random: Random): T {
    const x = random.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }
}

// ── Vocabulary of the synthetic world ────────────────────────────────────────────────────────

type AcledEventType =
  | 'Battles'
  | 'Explosions/Remote violence'
  | 'Violence against civilians'
  | 'Protests'
  | 'Riots'
  | 'Strategic developments';

/** ACLED event types with Ukraine-like shares (2022–2024), and their sub-event types as ACLED spells them. */
const EVENT_TYPES = new Weighted<AcledEventType>([
  ['Explosions/Remote violence', 74],
  ['Battles', 16],
  ['Strategic developments', 6],
  ['Protests', 2.5],
  ['Violence against civilians', 1.2],
  ['Riots', 0.3],
]);

const SUB_EVENT_TYPES: Record<AcledEventType, Weighted<string>> = {
  'Explosions/Remote violence': new Weighted([
    ['Shelling/artillery/missile attack', 64],
    ['Air/drone strike', 31],
    ['Remote explosive/landmine/IED', 4],
    ['Grenade', 1],
  ]),
  Battles: new Weighted([
    ['Armed clash', 93],
    ['Government regains territory', 4],
    ['Non-state actor overtakes territory', 3],
  ]),
  'Strategic developments': new Weighted([
    ['Disrupted weapons use', 45],
    ['Looting/property destruction', 15],
    ['Arrests', 12],
    ['Change to group/activity', 10],
    ['Agreement', 6],
    ['Headquarters or base established', 4],
    ['Non-violent transfer of territory', 3],
    ['Other', 5],
  ]),
  Protests: new Weighted([
    ['Peaceful protest', 90],
    ['Protest with intervention', 9],
    ['Excessive force against protesters', 1],
  ]),
  'Violence against civilians': new Weighted([
    ['Attack', 80],
    ['Abduction/forced disappearance', 18],
    ['Sexual violence', 2],
  ]),
  Riots: new Weighted([
    ['Violent demonstration', 70],
    ['Mob violence', 30],
  ]),
};

const DISORDER_TYPES: Record<AcledEventType, string> = {
  Battles: 'Political violence',
  'Explosions/Remote violence': 'Political violence',
  'Violence against civilians': 'Political violence',
  Protests: 'Demonstrations',
  Riots: 'Demonstrations',
  'Strategic developments': 'Strategic developments',
};

const VERBS: Record<string, string> = {
  'Shelling/artillery/missile attack': 'shelled',
  'Air/drone strike': 'struck',
  'Remote explosive/landmine/IED': 'laid explosives near',
  Grenade: 'dropped grenades on positions near',
  'Armed clash': 'clashed with forces near',
  'Government regains territory': 'regained control of',
  'Non-state actor overtakes territory': 'took control of',
  'Disrupted weapons use': 'intercepted drones and missiles over',
  'Looting/property destruction': 'destroyed property in',
  Arrests: 'detained suspects in',
  'Change to group/activity': 'redeployed units near',
  Agreement: 'agreed a local exchange in',
  'Headquarters or base established': 'set up a base near',
  'Non-violent transfer of territory': 'withdrew from',
  Other: 'were involved in an incident in',
  'Peaceful protest': 'rallied in',
  'Protest with intervention': 'protested in',
  'Excessive force against protesters': 'protested in',
  Attack: 'attacked civilians in',
  'Abduction/forced disappearance': 'abducted residents of',
  'Sexual violence': 'committed abuses in',
  'Violent demonstration': 'rioted in',
  'Mob violence': 'attacked people in',
};

const SYLLABLES = [
  'vel',
  'kar',
  'os',
  'tra',
  'mir',
  'no',
  'bel',
  'dor',
  'za',
  'lin',
  'gor',
  'ska',
  'ven',
  'ria',
  'tan',
  'lu',
  'ka',
  'pol',
  'sev',
  'ro',
  'dan',
  'ya',
  'mar',
  'chen',
  'ov',
  'ik',
  'brod',
  'vo',
  'lek',
  'sta',
];
const PLACE_ENDINGS = ['grad', 'sk', 'ivka', 'ove', 'yn', 'ets', 'ka', 'ovo', 'ino', 'horod', 'pil', 'ytsia'];
const FIRST_NAMES = [
  'Andriy',
  'Oleksandr',
  'Mykola',
  'Dmitri',
  'Sergei',
  'Yuri',
  'Ivan',
  'Pavlo',
  'Viktor',
  'Taras',
  'Bohdan',
  'Roman',
  'Anton',
  'Olena',
  'Iryna',
  'Natalia',
  'Svitlana',
  'Maria',
  'Yulia',
  'Oksana',
  'Tetiana',
  'Larysa',
  'Vera',
  'Anna',
  'Daria',
  'Kira',
  'Mehmet',
  'Ahmet',
  'Elif',
  'Fatma',
  'Jean',
  'Claire',
  'Hans',
  'Greta',
  'John',
  'Emily',
  'Luca',
  'Giulia',
  'Piotr',
  'Ewa',
];
const LAST_ROOTS = [
  'Koval',
  'Shevch',
  'Bondar',
  'Tkach',
  'Kravch',
  'Oliyn',
  'Moroz',
  'Lysen',
  'Hrytsen',
  'Petr',
  'Sokol',
  'Volk',
  'Orl',
  'Zaits',
  'Med',
  'Lavr',
  'Kuzn',
  'Popov',
  'Smirn',
  'Ivan',
  'Fedor',
  'Mazur',
  'Rudn',
  'Bilous',
  'Yarem',
  'Demch',
  'Polish',
  'Savch',
  'Marchen',
  'Kostiuk',
];
const LAST_ENDINGS = ['enko', 'uk', 'ov', 'ev', 'sky', 'chuk', 'ych', 'in', 'yak', 'ets'];
const CITIES = ['Port Auren', 'Silverhaven', 'Marisol', 'Castelbruna', 'Vinterholm', 'Eskara', 'Lakemont', 'Doravia', 'Nordbay', 'Alcora'];

const TITLES: readonly [title: string, body: 'GOV' | 'MIL' | 'STATE' | 'ORG'][] = [
  ['President', 'STATE'],
  ['Prime Minister', 'GOV'],
  ['Minister of Defence', 'GOV'],
  ['Foreign Minister', 'GOV'],
  ['Deputy Foreign Minister', 'GOV'],
  ['Presidential Aide', 'GOV'],
  ['Spokesperson', 'GOV'],
  ['Chief of the General Staff', 'MIL'],
  ['Commander', 'MIL'],
  ['Brigade Commander', 'MIL'],
  ['Military Spokesperson', 'MIL'],
  ['Ambassador', 'STATE'],
  ['Head of the Negotiating Team', 'GOV'],
  ['Member of Parliament', 'GOV'],
  ['Regional Governor', 'GOV'],
  ['Envoy', 'ORG'],
  ['Secretary-General', 'ORG'],
  ['Special Representative', 'ORG'],
];

const TOPICS: readonly [slug: string, name: string, stances: [string, string]][] = [
  ['ceasefire', 'Ceasefire', ['An unconditional ceasefire first', 'A ceasefire only after a settlement']],
  ['prisoners', 'Exchange of prisoners', ['All for all', 'Exchanges round by round']],
  ['territory', 'Territory', ['Withdrawal to the 2022 lines', 'Recognition of the current front line']],
  ['security-guarantees', 'Security guarantees', ['Guarantees from third states', 'Neutrality of the other side']],
  ['sanctions', 'Sanctions', ['Kept until withdrawal', 'Lifted as part of any deal']],
  ['children', 'Return of deported children', ['Return of every child', 'Case by case, through mediators']],
];

const DAY_MS = 86_400_000;
/** The synthetic war runs three years from here. */
const WAR_START = Date.UTC(2022, 2, 1);
const SPAN_DAYS = 3 * 365;
const isoDay = (day: number) => new Date(WAR_START + day * DAY_MS).toISOString().slice(0, 10);

// ── The world, as names: what the database will hold and what the ACLED rows call it ─────────

/** An actor to record: its ACLED-style aliases are how the rows name it. */
export interface ActorPlan {
  name: string;
  kind: ActorKind;
  parent: string | null;
  countryCode: string | null;
  aliases: string[];
  description: string | null;
  /** ACLED's actor type (inter1/inter2) when a row names it. */
  inter: string;
}

export interface Place {
  name: string;
  admin1: string;
  admin2: string;
  country: string;
  iso: number;
  lat: number;
  lon: number;
}

interface PartyPlan {
  name: string;
  /** ACLED's three-letter prefix of event ids. */
  prefix: string;
  iso: number;
  /** The name ACLED rows use for each of the party's actors, by role. */
  state: string;
  government: string;
  presidency: string;
  ministries: string[];
  armedForces: string;
  airForce: string;
  airDefence: string;
  police: string;
  units: string[];
  civilians: string;
  protesters: string;
  rioters: string;
  regions: string[];
  places: Weighted<Place>;
}

export interface SourcePlan {
  name: string;
  kind: SourceKind;
  actor: string | null;
  url: string | null;
  /** Whose side it speaks for (its military and government), if any. */
  party: number | null;
}

export interface WorldPlan {
  suffix: string;
  actors: ActorPlan[];
  parties: PartyPlan[];
  mediators: string[];
  organizations: string[];
  sources: SourcePlan[];
}

/**
 * The world's names from a seed, without the database. `suffix` tells a second synthetic world
 * in the same database apart (actor and source names are unique): " (2)", " (3)", ….
 */
export function planWorld(seed: number, suffix = ''): WorldPlan {
  const random = new Random(seed);
  const actors: ActorPlan[] = [];
  const actor = (
    name: string,
    kind: ActorKind,
    parent: string | null,
    inter: string,
    options: { countryCode?: string; aliases?: string[]; description?: string } = {},
  ) => {
    const full = name + suffix;
    actors.push({
      name: full,
      kind,
      parent,
      countryCode: options.countryCode ?? null,
      aliases: (options.aliases ?? []).map((a) => a + suffix),
      description: options.description ?? null,
      inter,
    });
    return full;
  };
  const word = (min: number, max: number) => {
    let w = '';
    for (let i = 0, n = random.int(min, max); i < n; i++) w += random.pick(SYLLABLES);
    return w.charAt(0).toUpperCase() + w.slice(1);
  };
  const names = ['Veloria', 'Karstan'];
  const codes = ['QV', 'QK'];
  const prefixes = ['VEL', 'KAR'];
  // Veloria is where most of the war is fought; Karstan gets cross-border strikes.
  const boxes = [
    { lat: [45.5, 52], lon: [29, 40] },
    { lat: [50, 56], lon: [36, 46] },
  ];
  const parties = names.map((country, p): PartyPlan => {
    const since = p === 0 ? '2014-' : '2000-';
    const state = actor(country, 'STATE', null, '8', {
      countryCode: codes[p]!,
      aliases: [`Republic of ${country}`],
      description: `A state party to the synthetic ${names.join('–')} war.`,
    });
    const government = actor(`Government of ${country}`, 'GOVERNMENT_BODY', state, '1', {
      aliases: [`Government of ${country} (${since})`],
    });
    const presidency = actor(`Presidential Office of ${country}`, 'GOVERNMENT_BODY', government, '1');
    const ministries = ['Defence', 'Foreign Affairs', 'Internal Affairs', 'Reintegration', 'Health'].map((m) =>
      actor(`Ministry of ${m} of ${country}`, 'GOVERNMENT_BODY', government, '1'),
    );
    // ACLED's names for state forces: "Military Forces of Ukraine (2019-)" and its branches.
    const armedForces = actor(`Armed Forces of ${country}`, 'ARMED_FORCE', state, '1', {
      aliases: [`Military Forces of ${country} (${since})`],
    });
    const airForce = actor(`Air Force of ${country}`, 'ARMED_FORCE', armedForces, '1', {
      aliases: [`Military Forces of ${country} (${since}) Air Force`],
    });
    const airDefence = actor(`Air Defence Forces of ${country}`, 'ARMED_FORCE', armedForces, '1', {
      aliases: [`Military Forces of ${country} (${since}) Air Defense`],
    });
    const navy = actor(`Navy of ${country}`, 'ARMED_FORCE', armedForces, '1', {
      aliases: [`Military Forces of ${country} (${since}) Navy`],
    });
    const guard = actor(`National Guard of ${country}`, 'ARMED_FORCE', state, '1');
    const police = actor(`Police Forces of ${country}`, 'ARMED_FORCE', ministries[2]!, '1', {
      aliases: [`Police Forces of ${country} (${since})`],
    });
    const kinds = ['Mechanized', 'Motorized Rifle', 'Assault', 'Artillery', 'Airborne', 'Marine', 'Tank', 'Territorial Defence'];
    const units = [navy, guard];
    for (let i = 0; i < 36; i++) {
      const n = 3 + i * 7 + p;
      const ordinal =
        n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th';
      units.push(actor(`${n}${ordinal} ${kinds[i % kinds.length]} Brigade (${country})`, 'ARMED_FORCE', armedForces, '1'));
    }
    const civilians = actor(`Civilians (${country})`, 'ORGANIZATION', null, '7');
    const protesters = actor(`Protesters (${country})`, 'ORGANIZATION', null, '6');
    const rioters = actor(`Rioters (${country})`, 'ORGANIZATION', null, '5');
    actor(`Unidentified Armed Group (${country})`, 'ARMED_FORCE', null, '3');
    // Regions and places, with coordinates inside the country's box; front-line regions weigh more.
    const places: [Place, number][] = [];
    const regions: string[] = [];
    for (let r = 0; r < 18; r++) {
      const region = `${word(2, 3)} ${p === 0 ? 'Oblast' : 'Krai'}`;
      regions.push(actor(`Regional Administration of ${region}`, 'GOVERNMENT_BODY', government, '1'));
      const box = boxes[p]!;
      const clat = box.lat[0]! + random.next() * (box.lat[1]! - box.lat[0]!);
      const clon = box.lon[0]! + random.next() * (box.lon[1]! - box.lon[0]!);
      const weight = r < 5 ? 12 : r < 10 ? 3 : 1;
      const districts = [word(2, 2), word(2, 3), word(1, 2)].map((d) => `${d} Raion`);
      for (let k = 0; k < 15; k++) {
        places.push([
          {
            name: word(1, 2) + random.pick(PLACE_ENDINGS),
            admin1: region,
            admin2: districts[k % 3]!,
            country,
            iso: 990 + p,
            lat: clat + (random.next() - 0.5) * 1.2,
            lon: clon + (random.next() - 0.5) * 1.8,
          },
          weight * (k < 3 ? 5 : 1),
        ]);
      }
    }
    return {
      name: country,
      prefix: prefixes[p]!,
      iso: 990 + p,
      state,
      government,
      presidency,
      ministries,
      armedForces,
      airForce,
      airDefence,
      police,
      units,
      civilians,
      protesters,
      rioters,
      regions,
      places: new Weighted(places),
    };
  });
  // Third states that host, mediate and observe, with user-assigned ISO codes.
  const thirdCodes = [
    'QM',
    'QN',
    'QO',
    'QP',
    'QR',
    'QS',
    'QT',
    'QU',
    'QW',
    'QX',
    'QY',
    'QZ',
    'XA',
    'XB',
    'XC',
    'XD',
    'XE',
    'XF',
    'XG',
    'XH',
  ];
  const taken = new Set(actors.map((a) => a.name.toLowerCase()));
  const mediators = thirdCodes.map((code) => {
    let name = `${word(2, 3)}ia`;
    while (taken.has((name + suffix).toLowerCase())) name = `${word(2, 3)}ia`;
    taken.add((name + suffix).toLowerCase());
    return actor(name, 'STATE', null, '8', { countryCode: code });
  });
  const organizations = [
    'Council of Nations',
    'International Committee for Humanitarian Relief',
    'Continental Security Organization',
    'Union of Southern States',
    'Observer Mission for the Ceasefire',
    'World Food Relief Agency',
    'Atomic Safety Commission',
    'Human Rights Monitoring Mission',
  ].map((name) => actor(name, 'ORGANIZATION', null, '8'));
  const media = [
    'Meridian News Agency',
    'Global Wire',
    'Continental Press',
    'Northern Observer',
    'The Daily Ledger',
    'Radio Free Plains',
    'Veloria Public Broadcasting',
    'Veloria Today',
    'Karstan State Television',
    'Karstan Herald',
    'Frontline Monitor',
    'Open Map Project',
    'East European Desk',
    'Capital Times',
    'Evening Dispatch',
    'Signal News',
    'Harbor Gazette',
    'Wireline',
    'Mainstream Report',
    'Independent Voice',
  ].map((name) => actor(name, 'MEDIA_OUTLET', null, '8'));

  // Sources: the agencies behind most reports, each side's military and government, estimates and monitors.
  const sources: SourcePlan[] = [
    ...media.map(
      (outlet, i): SourcePlan => ({
        name: outlet,
        kind: i < 3 ? 'NEWS_AGENCY' : 'MEDIA',
        actor: outlet,
        url: `https://example.org/${i}`,
        party: null,
      }),
    ),
    ...parties.flatMap((party, p): SourcePlan[] => [
      { name: `General Staff of ${party.name}${suffix}`, kind: 'MILITARY', actor: party.armedForces, url: null, party: p },
      {
        name: `Ministry of Defence of ${party.name} (statements)${suffix}`,
        kind: 'MILITARY',
        actor: party.ministries[0]!,
        url: null,
        party: p,
      },
      { name: `Air Force of ${party.name} (daily report)${suffix}`, kind: 'MILITARY', actor: party.airForce, url: null, party: p },
      { name: `Government of ${party.name} (press office)${suffix}`, kind: 'GOVERNMENT', actor: party.government, url: null, party: p },
    ]),
    { name: `Conflict Monitoring Estimates${suffix}`, kind: 'ESTIMATE', actor: null, url: null, party: null },
    { name: `Ceasefire Observer Reports${suffix}`, kind: 'OFFICIAL_DOCUMENT', actor: organizations[4]!, url: null, party: null },
    { name: `Humanitarian Situation Reports${suffix}`, kind: 'OFFICIAL_DOCUMENT', actor: organizations[1]!, url: null, party: null },
    { name: `Rights Mission Bulletins${suffix}`, kind: 'OFFICIAL_DOCUMENT', actor: organizations[7]!, url: null, party: null },
  ];
  return { suffix, actors, parties, mediators, organizations, sources };
}

// ── Incidents as ACLED rows ────────────────────────────────────────────────────────────────

/** How ACLED names an actor in a row: by an alias when it has one (as ACLED's own names are), else its name. */
const acledName = (world: WorldPlan) => {
  const byName = new Map(world.actors.map((a) => [a.name, a.aliases.find((alias) => alias.includes('(')) ?? a.name]));
  return (name: string) => byName.get(name) ?? name;
};

/**
 * `count` ACLED rows of the synthetic war, dated in order over its three years (a few days late at
 * most), from their own seeded sequence: the same rows for the same world, seed and count,
 * whoever reads them (the generator, or a file the import benchmark writes).
 */
export function* syntheticAcledRecords(world: WorldPlan, options: { seed: number; count: number }): Generator<AcledRecord> {
  const r = new Random(options.seed ^ 0x5bd1e995);
  const name = acledName(world);
  const inter = new Map(world.actors.map((a) => [a.name, a.inter]));
  const sourceNames = world.sources.map((s) => s.name);
  const news = world.sources.filter((s) => s.kind === 'NEWS_AGENCY' || s.kind === 'MEDIA').map((s) => s.name);
  const official = world.parties.map((_, p) => world.sources.filter((s) => s.party === p).map((s) => s.name));
  for (let index = 0; index < options.count; index++) {
    const day = Math.max(0, Math.floor((index / Math.max(1, options.count)) * SPAN_DAYS) - r.int(0, 3));
    const eventType = EVENT_TYPES.draw(r);
    const subEventType = SUB_EVENT_TYPES[eventType].draw(r);
    const where = r.chance(0.86) ? 0 : 1;
    const home = world.parties[where]!;
    const enemy = world.parties[1 - where]!;
    const place = home.places.draw(r);
    let actor1: string;
    let actor2 = '';
    let assoc1 = '';
    switch (eventType) {
      case 'Explosions/Remote violence':
        actor1 = subEventType === 'Air/drone strike' ? r.pick([enemy.airForce, enemy.armedForces]) : r.pick(enemy.units);
        if (subEventType === 'Air/drone strike' && r.chance(0.2)) assoc1 = enemy.airDefence;
        actor2 = r.chance(0.45) ? home.civilians : r.pick(home.units);
        break;
      case 'Battles': {
        const [a, b] = r.chance(0.5) ? [enemy, home] : [home, enemy];
        actor1 = r.pick(a.units);
        actor2 = r.pick(b.units);
        break;
      }
      case 'Violence against civilians':
        actor1 = r.pick(enemy.units);
        actor2 = home.civilians;
        break;
      case 'Protests':
        actor1 = home.protesters;
        if (subEventType !== 'Peaceful protest') actor2 = home.police;
        break;
      case 'Riots':
        actor1 = home.rioters;
        actor2 = home.police;
        break;
      default:
        actor1 = subEventType === 'Disrupted weapons use' ? home.airDefence : r.pick(home.units);
        if (r.chance(0.5)) actor2 = r.pick(enemy.units);
    }
    const [inter1, inter2] = [inter.get(actor1)!, actor2 ? inter.get(actor2)! : ''];
    const roll = r.next();
    // ACLED codes a week-precise event on a day of its week, a month-precise one on the 15th.
    const timePrecision = roll < 0.9 ? 1 : roll < 0.96 ? 2 : 3;
    const coded = timePrecision === 3 ? `${isoDay(day).slice(0, 8)}15` : isoDay(day);
    const fatalities =
      eventType === 'Protests' || eventType === 'Strategic developments' ? 0 : r.chance(0.7) ? 0 : Math.floor(-Math.log(1 - r.next()) * 4);
    const cited = new Set<string>();
    for (let k = 0, n = r.chance(0.4) ? 2 : 1; k < n; k++) {
      const roll2 = r.next();
      cited.add(roll2 < 0.45 ? r.pick(official[where]!) : roll2 < 0.9 ? r.pick(news) : r.pick(sourceNames));
    }
    const lat = Math.round((place.lat + (r.next() - 0.5) * 0.04) * 1e4) / 1e4;
    const lon = Math.round((place.lon + (r.next() - 0.5) * 0.04) * 1e4) / 1e4;
    const geoPrecision = r.chance(0.85) ? 1 : r.chance(0.7) ? 2 : 3;
    const when = new Date(Date.parse(coded)).toUTCString().slice(5, 16);
    const target = actor2 ? `; the target was ${name(actor2)}` : '';
    yield {
      event_id_cnty: `${home.prefix}${index + 1}`,
      event_date: coded,
      year: coded.slice(0, 4),
      time_precision: String(timePrecision),
      disorder_type: DISORDER_TYPES[eventType],
      event_type: eventType,
      sub_event_type: subEventType,
      actor1: name(actor1),
      assoc_actor_1: assoc1 && name(assoc1),
      inter1,
      actor2: actor2 && name(actor2),
      assoc_actor_2: '',
      inter2,
      interaction: inter2 ? [inter1, inter2].sort().join('') : `${inter1}0`,
      civilian_targeting: actor2 === home.civilians ? 'Civilian targeting' : '',
      iso: String(place.iso),
      region: 'Europe',
      country: place.country,
      admin1: place.admin1,
      admin2: place.admin2,
      admin3: '',
      location: place.name,
      latitude: String(lat),
      longitude: String(lon),
      geo_precision: String(geoPrecision),
      source: [...cited].join('; '),
      source_scale: cited.size > 1 ? 'National-International' : 'National',
      notes: `On ${when}, ${name(actor1)} ${VERBS[subEventType]} ${place.name} (${place.admin1})${target}. [${fatalities ? `${fatalities} fatalities` : 'no fatalities reported'}]`,
      fatalities: String(fatalities),
      tags: r.chance(0.05) ? 'crowd size=no report' : '',
      timestamp: String(Math.floor((Date.parse(coded) + r.int(1, 10) * DAY_MS) / 1000)),
    };
  }
}

// ── Writing it all through the commands ────────────────────────────────────────────────────

export interface SyntheticOptions {
  incidents: number;
  statements: number;
  seed: number;
  /** Rows per transaction (incidents and statements). */
  batch: number;
  /** Told after each committed batch. */
  onProgress?: (progress: SyntheticProgress) => void;
}

export interface SyntheticProgress {
  phase: 'world' | 'incidents' | 'statements';
  done: number;
  total: number;
}

export interface SyntheticResult {
  slug: string;
  conflictId: number;
  world: { actors: number; sources: number; people: number; talks: number; topics: number };
  incidents: ImportSummary;
  statements: number;
}

interface Person {
  id: number;
  name: string;
  party: number | null;
}

interface Talk {
  id: number;
  day: number;
}

/** Runs `work` over `items` in transactions of `size` commands, each command in its savepoint. */
function inBatches<T>(
  writer: Writer,
  items: Iterable<T>,
  size: number,
  work: (scope: WriteScope, item: T) => void,
  committed?: (n: number) => void,
): void {
  let batch = writer.openBatch();
  let n = 0;
  try {
    for (const item of items) {
      batch.run((scope) => work(scope, item));
      if (++n % size === 0) {
        batch.commit();
        committed?.(n);
        batch = writer.openBatch();
      }
    }
    batch.commit();
    if (n % size) committed?.(n);
  } catch (error) {
    batch.rollback();
    throw error;
  }
}

/**
 * Adds a synthetic conflict: `synthetic-<incidents>`, or `synthetic-<incidents>-<k>` (its actors
 * and sources named "… (k)") when the database holds one of that name already.
 */
export async function generateSynthetic(db: Db, writer: Writer, options: SyntheticOptions): Promise<SyntheticResult> {
  const base = `synthetic-${options.incidents}`;
  let k = 1;
  while (findConflictBySlug(db, k === 1 ? base : `${base}-${k}`) || findActorByNameOrAlias(db, `Veloria${k === 1 ? '' : ` (${k})`}`)) k++;
  const slug = k === 1 ? base : `${base}-${k}`;
  const world = planWorld(options.seed, k === 1 ? '' : ` (${k})`);
  const random = new Random(options.seed ^ 0x2545f491);
  const report = (phase: SyntheticProgress['phase'], done: number, total: number) => options.onProgress?.({ phase, done, total });

  // Actors, sources and the conflict: one transaction.
  const actorIds = new Map<string, number>();
  const sources: { id: number; relation: AttributionRelation; party: number | null }[] = [];
  const cite = (n: number, party: number | null) => {
    const out = new Map<number, { sourceId: number; relation: AttributionRelation }>();
    for (let i = 0; i < n; i++) {
      const roll = random.next();
      const s =
        roll < 0.45 && party !== null
          ? random.pick(sources.filter((x) => x.party === party))
          : roll < 0.9
            ? random.pick(sources.filter((x) => x.relation === 'REPORTED_BY'))
            : random.pick(sources);
      out.set(s.id, { sourceId: s.id, relation: s.relation });
    }
    return [...out.values()];
  };
  let conflictId = 0;
  inBatches(writer, [null], 1, (scope) => {
    for (const a of world.actors) {
      const row = recordActor(scope, {
        name: a.name,
        kind: a.kind,
        parentId: a.parent ? actorIds.get(a.parent)! : null,
        countryCode: a.countryCode,
        aliases: a.aliases,
        description: a.description,
      });
      actorIds.set(a.name, row.id);
    }
    for (const s of world.sources) {
      const row = registerSource(scope, { name: s.name, kind: s.kind, actorId: s.actor ? actorIds.get(s.actor)! : null, url: s.url });
      sources.push({
        id: row.id,
        relation: s.kind === 'NEWS_AGENCY' || s.kind === 'MEDIA' ? 'REPORTED_BY' : 'ACCORDING_TO',
        party: s.party,
      });
    }
    conflictId = recordConflict(scope, {
      slug,
      name: `Synthetic war: Veloria–Karstan (${slug})`,
      description: `Synthetic data for benchmarks: ${options.incidents} incidents, generated with seed ${options.seed}.`,
      began: { start: isoDay(0), precision: 'DAY' },
      sources: cite(1, null),
    }).id;
  });
  const actorOf = (name: string) => actorIds.get(name)!;
  report('world', 1, 4);

  // People: 2,000, with other spellings of their names and the offices they held.
  const thirdParty = [...world.mediators, ...world.organizations];
  const people: Person[] = [];
  const PEOPLE = 2_000;
  inBatches(
    writer,
    Array.from({ length: PEOPLE }, (_, i) => i),
    500,
    (scope, i) => {
      const first = random.pick(FIRST_NAMES);
      const last = random.pick(LAST_ROOTS) + random.pick(LAST_ENDINGS);
      const name = `${first} ${last}`;
      const variants = [
        name.replace(/v/g, 'w').replace(/y/g, 'i'),
        `${first.charAt(0)}. ${last}`,
        last.replace(/sky$/, 'skiy').replace(/ov$/, 'off').replace(/enko$/, 'enka'),
      ];
      const aliases: string[] = [];
      for (const alias of random.sample(variants, random.chance(0.55) ? (random.chance(0.3) ? 2 : 1) : 0)) {
        if (alias.toLowerCase() !== name.toLowerCase() && !aliases.some((a) => a.toLowerCase() === alias.toLowerCase()))
          aliases.push(alias);
      }
      const party = i < PEOPLE * 0.85 ? i % 2 : null;
      const titles = Array.from({ length: random.chance(0.3) ? 2 : 1 }, () => {
        const [title, body] = random.pick(TITLES);
        const side = party === null ? null : world.parties[party]!;
        const actor =
          side === null || body === 'ORG'
            ? random.pick(thirdParty)
            : body === 'MIL'
              ? random.pick([side.armedForces, ...side.units.slice(0, 10)])
              : body === 'STATE'
                ? side.state
                : random.pick([side.government, side.presidency, ...side.ministries, ...side.regions.slice(0, 6)]);
        const from = random.int(-1500, SPAN_DAYS - 200);
        const to = random.chance(0.3) ? Math.min(SPAN_DAYS, from + random.int(60, 900)) : null;
        return {
          title,
          actorId: actorOf(actor),
          validFrom: isoDay(from),
          validTo: to === null ? null : isoDay(to),
          sources: cite(random.chance(0.5) ? 1 : 0, party),
        };
      });
      const row = recordPerson(scope, {
        name,
        aliases,
        titles,
        description: random.chance(0.3) ? 'Official involved in the synthetic war.' : null,
        sources: cite(random.chance(0.6) ? 1 : 0, null),
      });
      people.push({ id: row.id, name, party });
    },
  );
  const peopleOf = [0, 1].map((p) => people.filter((x) => x.party === p));
  report('world', 2, 4);

  // Rounds of talks: each scheduled with its parties' delegations; outcomes recorded once it
  // concluded, a late observer or member added to some, as such news comes in.
  const talks: Talk[] = [];
  const TALKS = 200;
  inBatches(
    writer,
    Array.from({ length: TALKS }, (_, i) => i),
    50,
    (scope, i) => {
      const day = Math.min(SPAN_DAYS + 60, Math.floor(((i + 0.5) / TALKS) * (SPAN_DAYS + 60)) + random.int(-3, 3));
      const ahead = day > SPAN_DAYS;
      const host = random.pick(world.mediators);
      const status = ahead ? 'SCHEDULED' : random.chance(0.06) ? 'POSTPONED' : random.chance(0.04) ? 'CANCELLED' : 'CONCLUDED';
      const ranged = random.chance(0.25);
      const attendance = (): Attendance => (ahead ? 'EXPECTED' : random.chance(0.9) ? 'CONFIRMED' : 'UNCLEAR');
      const party = (p: number) => ({
        actorId: actorOf(random.pick([world.parties[p]!.government, world.parties[p]!.presidency])),
        role: 'PARTY' as const,
        attendance: attendance(),
        sources: cite(random.chance(0.5) ? 1 : 0, null),
        participants: [
          ...random.sample(peopleOf[p]!, random.int(2, 5)).map((x, k) => ({
            personId: x.id,
            role: k === 0 ? ('HEAD' as const) : ('MEMBER' as const),
            sources: cite(random.chance(0.3) ? 1 : 0, p),
          })),
          ...(random.chance(0.3) ? [{ role: 'MEMBER' as const, description: 'a deputy foreign minister' }] : []),
        ],
      });
      const delegations = [
        party(0),
        party(1),
        {
          actorId: actorOf(host),
          role: 'HOST' as const,
          attendance: attendance(),
          participants: [{ personId: random.pick(people).id, role: 'HOST' as const }],
        },
        ...(random.chance(0.4)
          ? [{ actorId: actorOf(random.pick(world.organizations)), role: 'MEDIATOR' as const, attendance: attendance() }]
          : []),
      ];
      const observers = random.sample(
        world.mediators.filter((m) => m !== host),
        random.int(0, 2),
      );
      const talk = scheduleTalk(scope, {
        conflictId,
        title: `Round ${i + 1} of Veloria–Karstan talks`,
        round: i + 1,
        venueCity: random.pick(CITIES),
        venueCountry: host,
        hostActorId: actorOf(host),
        status,
        description: random.chance(0.5) ? 'Direct talks between the two delegations, hosted by a third state.' : null,
        date: ranged
          ? { start: isoDay(day), end: isoDay(day + random.int(1, 3)), precision: 'RANGE', text: 'over several days' }
          : { start: isoDay(day), precision: 'DAY' },
        delegations,
        sources: cite(random.int(1, 2), null),
      });
      talks.push({ id: talk.id, day });
      const [late, ...early] = observers;
      for (const observer of early) {
        addDelegation(scope, { talkId: talk.id, delegation: { actorId: actorOf(observer), role: 'OBSERVER', attendance: attendance() } });
      }
      if (late && random.chance(0.5)) {
        const delegation = addDelegation(scope, {
          talkId: talk.id,
          delegation: { actorId: actorOf(late), role: 'OBSERVER', attendance: attendance() },
        });
        addParticipant(scope, {
          delegationId: delegation.id,
          participant: { personId: random.pick(people).id, role: 'OBSERVER', sources: cite(1, null) },
        });
      }
      if (status === 'CONCLUDED') {
        for (let n = random.int(0, 2); n > 0; n--) {
          const achieved = random.chance(0.5);
          recordTalkOutcome(scope, {
            talkId: talk.id,
            outcome: {
              description: achieved ? `Exchange of ${random.int(2, 60) * 10} prisoners of war agreed` : 'No agreement on a ceasefire',
              achieved,
              sources: cite(1, null),
            },
          });
        }
      }
    },
  );
  report('world', 3, 4);

  // What each side wants, and how it said so over the war.
  inBatches(writer, TOPICS, TOPICS.length, (scope, [topicSlug, name, stances]) => {
    const topic = defineTopic(scope, { conflictId, slug: topicSlug, name, sources: cite(1, null) });
    world.parties.forEach((p, side) => {
      for (let day = random.int(0, 120); day < SPAN_DAYS; day += random.int(120, 400)) {
        recordPosition(scope, {
          topicId: topic.id,
          actorId: actorOf(p.state),
          stance: stances[side]!,
          date: { start: isoDay(day), precision: 'DAY' },
          sources: cite(1, side),
        });
      }
    });
  });
  report('world', 4, 4);

  // The incidents: ACLED rows through the importer, as a file of them would go.
  const records = (function* (): Generator<NumberedRecord> {
    let line = 1;
    for (const record of syntheticAcledRecords(world, { seed: options.seed, count: options.incidents })) yield { line: ++line, record };
  })();
  const incidents = await importAcledRecords(db, writer, records, {
    conflict: conflictId,
    label: `synthetic data, seed ${options.seed}`,
    batchSize: options.batch,
    onProgress: (rows) => report('incidents', rows, options.incidents),
  });
  if (incidents.refused)
    throw new Error(`The importer refused ${incidents.refused} synthetic rows: the generator and the import disagree.`);

  // Statements, about the incidents, talks, people and actors of the war, in date order.
  const themes = [
    ['We will not negotiate under fire.', 'said the other side was not ready for a ceasefire'],
    ['The next round must produce a real exchange of prisoners.', 'called for a larger exchange of prisoners'],
    ['Every strike on our cities is a war crime.', 'condemned strikes on civilian areas'],
    ['Our forces hold the line.', 'said the front line was stable'],
    ['We are ready to meet again.', 'said the delegation was ready for another round'],
  ] as const;
  const nearestTalk = (day: number) => {
    let lo = 0;
    let hi = talks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (talks[mid]!.day < day) lo = mid + 1;
      else hi = mid;
    }
    const after = talks[lo]!;
    const before = talks[Math.max(0, lo - 1)]!;
    return Math.abs(before.day - day) <= Math.abs(after.day - day) ? before : after;
  };
  const bodies = world.parties.map((p) => [p.government, p.presidency, ...p.ministries, ...p.regions.slice(0, 6)]);
  inBatches(
    writer,
    Array.from({ length: options.statements }, (_, i) => i),
    options.batch,
    (scope, i) => {
      const day = Math.floor((i / Math.max(1, options.statements)) * SPAN_DAYS);
      const side = random.chance(0.55) ? 0 : 1;
      const person = random.chance(0.75) ? random.pick(peopleOf[side]!) : null;
      const speakerActorId = person
        ? random.chance(0.6)
          ? actorOf(random.pick(bodies[side]!))
          : null
        : actorOf(random.pick(bodies[side]!));
      const [quote, paraphrase] = random.pick(themes);
      const withQuote = random.chance(0.6);
      const withParaphrase = !withQuote || random.chance(0.15);
      const roll = random.next();
      const date =
        roll < 0.9
          ? { start: isoDay(day), precision: 'DAY' as DatePrecision, text: random.chance(0.08) ? 'overnight' : null }
          : roll < 0.96
            ? { start: isoDay(day), end: isoDay(day + random.int(1, 2)), precision: 'RANGE' as DatePrecision, text: 'over several days' }
            : { start: `${isoDay(day).slice(0, 7)}-01`, precision: 'MONTH' as DatePrecision, text: 'earlier this month' };
      const talk = talks.length ? nearestTalk(day) : null;
      const about: { type: SubjectType; id: number }[] = [];
      if (random.chance(0.5)) about.push({ type: 'ACTOR', id: actorOf(world.parties[1 - side]!.state) });
      if (options.incidents && random.chance(0.4)) {
        // An incident of about the same time (the rows are numbered in date order), under either party's prefix.
        const n = Math.max(1, Math.floor((i / Math.max(1, options.statements)) * options.incidents) - random.int(0, 50));
        const incident = world.parties.map((p) => findIncidentByExternalId(scope.tx, conflictId, `${p.prefix}${n}`)).find(Boolean);
        if (incident) about.push({ type: 'INCIDENT', id: incident.id });
      }
      if (talk && random.chance(0.3)) about.push({ type: 'TALK', id: talk.id });
      if (random.chance(0.15)) about.push({ type: 'PERSON', id: random.pick(people).id });
      recordStatement(scope, {
        conflictId,
        speakerPersonId: person?.id ?? null,
        speakerActorId,
        quote: withQuote ? quote : null,
        paraphrase: withParaphrase ? paraphrase : null,
        context: random.chance(0.3) ? 'At a press briefing.' : null,
        talkId: talk && random.chance(0.15) ? talk.id : null,
        date,
        about,
        sources: cite(1, side),
      });
    },
    (n) => report('statements', n, options.statements),
  );

  return {
    slug,
    conflictId,
    world: {
      actors: world.actors.length,
      sources: world.sources.length,
      people: people.length,
      talks: talks.length,
      topics: TOPICS.length,
    },
    incidents,
    statements: options.statements,
  };
}
