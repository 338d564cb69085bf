/**
 * ACLED's export layout, both ways: a row of its CSV as an incident Parley records, and an
 * incident as the row ACLED would ship. Nothing here reads or writes the database; the importer
 * and the exporters do, through the domain.
 *
 * Dates: ACLED codes every event on one day, with `time_precision` saying how much of it the
 * source knew (1 the day, 2 the week, 3 the month). Parley keeps only what was known: the day;
 * the week as a seven-day range around the coded day; the month as the month when the coded day
 * is its 15th (ACLED codes a month-precision event in the middle of its month), else as a range
 * of a month around it. Each maps back to the same coded day, so a row comes back as it went in.
 */
import type { DatePrecision, IncidentEventType, IncidentSide } from '../domain/vocabulary.js';

/** ACLED's columns, in its order: what the CSV export writes and what the importer expects. */
export const ACLED_COLUMNS = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'iso',
  'region',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
  'timestamp',
] as const;
export type AcledColumn = (typeof ACLED_COLUMNS)[number];
export type AcledRecord = Record<AcledColumn, string>;

/** ACLED's event types, by the names it gives them. */
export const EVENT_TYPES: Record<string, IncidentEventType> = {
  Battles: 'BATTLES',
  'Explosions/Remote violence': 'EXPLOSIONS_REMOTE_VIOLENCE',
  'Violence against civilians': 'VIOLENCE_AGAINST_CIVILIANS',
  Protests: 'PROTESTS',
  Riots: 'RIOTS',
  'Strategic developments': 'STRATEGIC_DEVELOPMENTS',
};
const EVENT_TYPE_NAMES = Object.fromEntries(Object.entries(EVENT_TYPES).map(([name, code]) => [code, name])) as Record<
  IncidentEventType,
  string
>;

/** ACLED's sub-event types, as it spells them; Parley names each in SCREAMING_SNAKE_CASE. */
const SUB_EVENT_TYPES = [
  'Armed clash',
  'Government regains territory',
  'Non-state actor overtakes territory',
  'Chemical weapon',
  'Air/drone strike',
  'Suicide bomb',
  'Shelling/artillery/missile attack',
  'Remote explosive/landmine/IED',
  'Grenade',
  'Sexual violence',
  'Attack',
  'Abduction/forced disappearance',
  'Peaceful protest',
  'Protest with intervention',
  'Excessive force against protesters',
  'Violent demonstration',
  'Mob violence',
  'Agreement',
  'Arrests',
  'Change to group/activity',
  'Disrupted weapons use',
  'Headquarters or base established',
  'Looting/property destruction',
  'Non-violent transfer of territory',
  'Other',
];
const subEventCode = (name: string) =>
  name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
const SUB_EVENT_NAMES = new Map(SUB_EVENT_TYPES.map((name) => [subEventCode(name), name]));
// ACLED has spelt it both ways.
SUB_EVENT_NAMES.set('EXCESSIVE_FORCE_AGAINST_PROTESTORS', 'Excessive force against protestors');

/** ACLED's actor types (inter1, inter2), by code; a file may give the code or the words. */
const ACTOR_TYPES = [
  'State forces',
  'Rebel group',
  'Political militia',
  'Identity militia',
  'Rioters',
  'Protesters',
  'Civilians',
  'External/Other forces',
];

/** Whether a type of actor fights (an armed force) or not (an organization), for actors seen first in a file. */
export function actorKindOfType(type: string | null): 'ARMED_FORCE' | 'ORGANIZATION' {
  const code = type === null ? 0 : /^\d$/.test(type) ? Number(type) : actorTypeIndex(type) + 1;
  return [1, 2, 3, 4, 8].includes(code) ? 'ARMED_FORCE' : 'ORGANIZATION';
}
const actorTypeIndex = (words: string) =>
  ACTOR_TYPES.findIndex((t) => t.toLowerCase() === words.toLowerCase() || `${t.toLowerCase()}s` === words.toLowerCase());

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** What is wrong with one column of a row, for the refusal the importer reports. */
export class AcledRowError extends Error {
  constructor(
    readonly column: string,
    message: string,
  ) {
    super(message);
  }
}

/** An actor of the row, by the name ACLED gives it. */
export interface AcledActor {
  name: string;
  side: IncidentSide;
  associated: boolean;
  actorType: string | null;
}

/** A row as Parley records it: the incident command's input, with names where the command takes ids. */
export interface AcledIncident {
  externalId: string;
  eventType: IncidentEventType;
  subEventType: string | null;
  title: string;
  description: string | null;
  date: { start: string; end: string | null; precision: DatePrecision };
  location: {
    name: string | null;
    region: string | null;
    country: string | null;
    latitude: number | null;
    longitude: number | null;
    worldRegion: string | null;
    iso: number | null;
    admin2: string | null;
    admin3: string | null;
    geoPrecision: number | null;
  };
  timePrecision: number | null;
  disorderType: string | null;
  civilianTargeting: boolean;
  interaction: string | null;
  sourceScale: string | null;
  tags: string | null;
  actors: AcledActor[];
  sourceNames: string[];
  fatalities: number | null;
}

const blank = (value: string | undefined) => (value ?? '').trim() === '';
const orNull = (value: string | undefined) => (blank(value) ? null : value!.trim());
const list = (value: string | undefined) =>
  blank(value)
    ? []
    : value!
        .split(';')
        .map((s) => s.trim())
        .filter((s) => s !== '');

function integer(record: AcledRecord, column: AcledColumn, min: number, max: number): number | null {
  const raw = record[column];
  if (blank(raw)) return null;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AcledRowError(column, `${JSON.stringify(raw)} is not a whole number from ${min} to ${max}`);
  }
  return value;
}

function coordinate(record: AcledRecord, column: 'latitude' | 'longitude'): number | null {
  const raw = record[column];
  if (blank(raw)) return null;
  const value = Number(raw.trim());
  const bound = column === 'latitude' ? 90 : 180;
  if (!Number.isFinite(value) || Math.abs(value) > bound) {
    throw new AcledRowError(column, `${JSON.stringify(raw)} is out of range (-${bound} to ${bound})`);
  }
  return value;
}

const isoDay = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** `2025-06-01` or `01 June 2025` (ACLED has shipped both), checked against the calendar. */
export function parseAcledDate(raw: string): string {
  const text = raw.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const words = /^(\d{1,2})[ -]([A-Za-z]+)[ -](\d{4})$/.exec(text);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (words) {
    const month = MONTHS.findIndex((name) => name === words[2]!.toLowerCase() || name.slice(0, 3) === words[2]!.toLowerCase());
    if (month < 0) throw new AcledRowError('event_date', `${JSON.stringify(raw)} names no month`);
    [y, m, d] = [Number(words[3]), month + 1, Number(words[1])];
  } else throw new AcledRowError('event_date', `${JSON.stringify(raw)} is not a date (2025-06-01 or 01 June 2025)`);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    throw new AcledRowError('event_date', `${JSON.stringify(raw)} is not a real calendar date`);
  }
  return isoDay(y, m, d);
}

const addDays = (day: string, days: number) => new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10);

/** Half the span Parley keeps around the coded day, by time precision. */
const HALF_SPAN = { 2: 3, 3: 15 } as const;

function honestDate(day: string, timePrecision: number | null): AcledIncident['date'] {
  if (timePrecision === 3 && day.endsWith('-15')) return { start: `${day.slice(0, 8)}01`, end: null, precision: 'MONTH' };
  if (timePrecision === 2 || timePrecision === 3) {
    const half = HALF_SPAN[timePrecision];
    return { start: addDays(day, -half), end: addDays(day, half), precision: 'RANGE' };
  }
  return { start: day, end: null, precision: 'DAY' };
}

/** The day ACLED codes an incident on: the inverse of `honestDate`, and a fair day for Parley's own. */
export function codedDay(date: { dateStart: string; dateEnd: string | null; datePrecision: DatePrecision }): string {
  switch (date.datePrecision) {
    case 'MONTH':
      return `${date.dateStart.slice(0, 8)}15`;
    case 'YEAR':
      return `${date.dateStart.slice(0, 4)}-07-01`;
    case 'RANGE': {
      const span = (Date.parse(date.dateEnd!) - Date.parse(date.dateStart)) / 86_400_000;
      return addDays(date.dateStart, Math.floor(span / 2));
    }
    default:
      return date.dateStart;
  }
}

/** Reads one CSV record as an incident; throws AcledRowError naming the column at fault. */
export function fromAcled(record: AcledRecord): AcledIncident {
  const externalId = orNull(record.event_id_cnty);
  if (!externalId) throw new AcledRowError('event_id_cnty', 'is missing: every row needs its ACLED id');
  if (blank(record.event_date)) throw new AcledRowError('event_date', 'is missing');
  const day = parseAcledDate(record.event_date);
  const year = integer(record, 'year', 1, 9999);
  if (year !== null && year !== Number(day.slice(0, 4))) {
    throw new AcledRowError('year', `${year} is not the year of event_date ${day}`);
  }
  const eventType = EVENT_TYPES[record.event_type?.trim() ?? ''];
  if (!eventType) {
    throw new AcledRowError(
      'event_type',
      `${JSON.stringify(record.event_type ?? '')} is not an ACLED event type (${Object.keys(EVENT_TYPES).join(', ')})`,
    );
  }
  const subEventName = orNull(record.sub_event_type);
  const timePrecision = integer(record, 'time_precision', 1, 3);
  const civilian = orNull(record.civilian_targeting);
  if (civilian !== null && civilian.toLowerCase() !== 'civilian targeting') {
    throw new AcledRowError('civilian_targeting', `${JSON.stringify(civilian)} is neither empty nor "Civilian targeting"`);
  }
  const actorType = (column: 'inter1' | 'inter2') => {
    const value = orNull(record[column]);
    if (value !== null && !/^[0-8]$/.test(value) && actorTypeIndex(value) < 0) {
      throw new AcledRowError(column, `${JSON.stringify(value)} is not an ACLED actor type (a code 0–8, or ${ACTOR_TYPES.join(', ')})`);
    }
    return value;
  };
  const side = (
    side: IncidentSide,
    main: 'actor1' | 'actor2',
    assoc: 'assoc_actor_1' | 'assoc_actor_2',
    inter: 'inter1' | 'inter2',
  ): AcledActor[] => {
    const name = orNull(record[main]);
    const type = actorType(inter);
    return [
      ...(name ? [{ name, side, associated: false, actorType: type }] : []),
      ...list(record[assoc]).map((name) => ({ name, side, associated: true, actorType: null })),
    ];
  };
  const latitude = coordinate(record, 'latitude');
  const longitude = coordinate(record, 'longitude');
  if ((latitude === null) !== (longitude === null)) {
    throw new AcledRowError(latitude === null ? 'latitude' : 'longitude', 'give both latitude and longitude, or neither');
  }
  const place = orNull(record.location);
  const subEventLabel = subEventName ?? record.event_type!.trim();
  return {
    externalId,
    eventType,
    subEventType: subEventName && subEventCode(subEventName),
    title: place ? `${subEventLabel} in ${place}` : subEventLabel,
    description: orNull(record.notes),
    date: honestDate(day, timePrecision),
    location: {
      name: place,
      region: orNull(record.admin1),
      country: orNull(record.country),
      latitude,
      longitude,
      worldRegion: orNull(record.region),
      iso: integer(record, 'iso', 0, 999),
      admin2: orNull(record.admin2),
      admin3: orNull(record.admin3),
      geoPrecision: integer(record, 'geo_precision', 1, 3),
    },
    timePrecision,
    disorderType: orNull(record.disorder_type),
    civilianTargeting: civilian !== null,
    interaction: orNull(record.interaction),
    sourceScale: orNull(record.source_scale),
    tags: orNull(record.tags),
    actors: [...side('INITIATOR', 'actor1', 'assoc_actor_1', 'inter1'), ...side('TARGET', 'actor2', 'assoc_actor_2', 'inter2')],
    sourceNames: [...new Set(list(record.source))],
    fatalities: integer(record, 'fatalities', 0, 10_000_000),
  };
}

/** An incident as `toAcled` needs it: the row, with names where the row holds ids. */
export interface StoredIncident {
  id: number;
  externalId: string | null;
  eventType: IncidentEventType;
  subEventType: string | null;
  description: string | null;
  dateStart: string;
  dateEnd: string | null;
  datePrecision: DatePrecision;
  timePrecision: number | null;
  disorderType: string | null;
  civilianTargeting: boolean | null;
  interaction: string | null;
  iso: number | null;
  worldRegion: string | null;
  country: string | null;
  region: string | null;
  admin2: string | null;
  admin3: string | null;
  locationName: string | null;
  latitude: number | null;
  longitude: number | null;
  geoPrecision: number | null;
  sourceScale: string | null;
  tags: string | null;
  recordedAt: Date;
  actors: { name: string; side: IncidentSide; associated: boolean; actorType: string | null }[];
  sourceNames: string[];
  fatalities: number | null;
}

/** The id ACLED-reading code sees for an incident Parley recorded itself. */
export const parleyEventId = (id: number) => `PARLEY${id}`;

/** Sub-event types ACLED does not name print as words: AIR_DRONE_STRIKE → "Air drone strike". */
const subEventName = (code: string) => SUB_EVENT_NAMES.get(code) ?? code.charAt(0) + code.slice(1).toLowerCase().replaceAll('_', ' ');

/** An incident as the row ACLED would ship; `timestamp` is when Parley recorded it. */
export function toAcled(incident: StoredIncident): AcledRecord {
  const day = codedDay(incident);
  const names = (side: IncidentSide, associated: boolean) => incident.actors.filter((a) => a.side === side && a.associated === associated);
  const main = (side: IncidentSide) => names(side, false)[0];
  const text = (value: string | number | null) => (value === null ? '' : String(value));
  return {
    event_id_cnty: incident.externalId ?? parleyEventId(incident.id),
    event_date: day,
    year: day.slice(0, 4),
    time_precision: text(incident.timePrecision ?? timePrecisionOf(incident.datePrecision)),
    disorder_type: text(incident.disorderType),
    event_type: EVENT_TYPE_NAMES[incident.eventType],
    sub_event_type: incident.subEventType ? subEventName(incident.subEventType) : '',
    actor1: main('INITIATOR')?.name ?? '',
    assoc_actor_1: names('INITIATOR', true)
      .map((a) => a.name)
      .join('; '),
    inter1: text(main('INITIATOR')?.actorType ?? null),
    actor2: main('TARGET')?.name ?? '',
    assoc_actor_2: names('TARGET', true)
      .map((a) => a.name)
      .join('; '),
    inter2: text(main('TARGET')?.actorType ?? null),
    interaction: text(incident.interaction),
    civilian_targeting: incident.civilianTargeting ? 'Civilian targeting' : '',
    iso: text(incident.iso),
    region: text(incident.worldRegion),
    country: text(incident.country),
    admin1: text(incident.region),
    admin2: text(incident.admin2),
    admin3: text(incident.admin3),
    location: text(incident.locationName),
    latitude: text(incident.latitude),
    longitude: text(incident.longitude),
    geo_precision: text(incident.geoPrecision),
    source: incident.sourceNames.join('; '),
    source_scale: text(incident.sourceScale),
    notes: text(incident.description),
    fatalities: text(incident.fatalities),
    tags: text(incident.tags),
    timestamp: String(Math.floor(incident.recordedAt.getTime() / 1000)),
  };
}

/** ACLED's time precision for a Parley date that was not imported: 1 a day, 2 up to a week, 3 coarser. */
const timePrecisionOf = (precision: DatePrecision) => (precision === 'DAY' ? 1 : 3);
