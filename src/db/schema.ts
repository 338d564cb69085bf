/**
 * Parley's tables. Conventions:
 * - A calendar date is ISO text (`YYYY-MM-DD`); an instant is an integer of epoch milliseconds
 *   (`timestamp_ms`). Nothing stores a date any other way.
 * - A fact with a date keeps how precise the source was: `date_start` is the earliest day it
 *   can be, `date_end` the latest (null when the precision is a single day, month or year that
 *   `date_start` already names), `date_precision` the unit, `date_text` the source's own words.
 * - Sources attach to any fact through `attributions`, keyed by the fact's kind and id.
 */
import { sql } from 'drizzle-orm';
import { sqliteTable, integer, text, real, index, uniqueIndex, check, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
  ACTOR_KINDS,
  ATTENDANCES,
  ATTRIBUTION_RELATIONS,
  DELEGATION_ROLES,
  EVENT_KINDS,
  FIGURE_QUALIFIERS,
  RECORD_EXTREMES,
  INCIDENT_EVENT_TYPES,
  INCIDENT_SIDES,
  PARTICIPATION_ROLES,
  PROPOSAL_STATUSES,
  SOURCE_KINDS,
  STORED_DATE_PRECISIONS,
  SUBJECT_TYPES,
  TALK_STATUSES,
  TOKEN_ROLES,
} from '../domain/vocabulary.js';

const id = () => integer('id').primaryKey({ autoIncrement: true });
const recordedAt = () =>
  integer('recorded_at', { mode: 'timestamp_ms' }).notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

/** SQL list literal for a CHECK (... IN (...)) over a fixed vocabulary. */
const oneOf = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));
const isoDate = (column: string) => sql.raw(`${column} GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`);

/** The four columns of a date whose precision the source decides. */
const partialDate = () => ({
  dateStart: text('date_start').notNull(),
  dateEnd: text('date_end'),
  datePrecision: text('date_precision', { enum: STORED_DATE_PRECISIONS }).notNull(),
  dateText: text('date_text'),
});
const partialDateChecks = (table: string) => [
  check(`${table}_date_start_iso`, isoDate('date_start')),
  check(`${table}_date_end_iso`, sql`date_end IS NULL OR (${isoDate('date_end')} AND date_end >= date_start)`),
  check(`${table}_date_precision`, sql`date_precision IN (${oneOf(STORED_DATE_PRECISIONS)})`),
];

export const conflicts = sqliteTable(
  'conflicts',
  {
    id: id(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    ...partialDate(),
    recordedAt: recordedAt(),
  },
  (t) => [
    uniqueIndex('conflicts_slug_unique').on(t.slug),
    check('conflicts_name_nonempty', sql`length(trim(name)) > 0`),
    ...partialDateChecks('conflicts'),
  ],
);

export const actors = sqliteTable(
  'actors',
  {
    id: id(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ACTOR_KINDS }).notNull(),
    /** The state or body this actor belongs to: the Kremlin to Russia, an air force to its state. */
    parentId: integer('parent_id').references((): AnySQLiteColumn => actors.id),
    countryCode: text('country_code'),
    description: text('description'),
    recordedAt: recordedAt(),
  },
  (t) => [
    uniqueIndex('actors_name_unique').on(t.name),
    index('actors_parent_idx').on(t.parentId),
    check('actors_kind', sql`kind IN (${oneOf(ACTOR_KINDS)})`),
    check('actors_name_nonempty', sql`length(trim(name)) > 0`),
  ],
);

/** Other names an actor goes by: "the UK" for the United Kingdom, a dataset's own name for a force. */
export const actorAliases = sqliteTable(
  'actor_aliases',
  {
    id: id(),
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id, { onDelete: 'cascade' }),
    alias: text('alias').notNull(),
  },
  (t) => [
    uniqueIndex('actor_aliases_unique').on(t.actorId, sql`${t.alias} COLLATE NOCASE`),
    index('actor_aliases_alias_idx').on(sql`${t.alias} COLLATE NOCASE`),
    check('actor_aliases_nonempty', sql`length(trim(alias)) > 0`),
  ],
);

export const people = sqliteTable(
  'people',
  {
    id: id(),
    name: text('name').notNull(),
    description: text('description'),
    recordedAt: recordedAt(),
  },
  (t) => [index('people_name_idx').on(t.name, t.id), check('people_name_nonempty', sql`length(trim(name)) > 0`)],
);

/** Other spellings and short forms a person is found by ("Zelenskiy", "Zelensky"). */
export const personAliases = sqliteTable(
  'person_aliases',
  {
    id: id(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    alias: text('alias').notNull(),
  },
  (t) => [
    uniqueIndex('person_aliases_unique').on(t.personId, sql`${t.alias} COLLATE NOCASE`),
    index('person_aliases_alias_idx').on(sql`${t.alias} COLLATE NOCASE`),
    check('person_aliases_nonempty', sql`length(trim(alias)) > 0`),
  ],
);

/** A title a person held, for which actor, over which period (open-ended when unknown). */
export const personTitles = sqliteTable(
  'person_titles',
  {
    id: id(),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    actorId: integer('actor_id').references(() => actors.id),
    validFrom: text('valid_from'),
    validTo: text('valid_to'),
  },
  (t) => [
    index('person_titles_person_idx').on(t.personId, t.id),
    check('person_titles_nonempty', sql`length(trim(title)) > 0`),
    check('person_titles_from_iso', sql`valid_from IS NULL OR ${isoDate('valid_from')}`),
    check('person_titles_to_iso', sql`valid_to IS NULL OR ${isoDate('valid_to')}`),
    check('person_titles_period', sql`valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from`),
  ],
);

export const talks = sqliteTable(
  'talks',
  {
    id: id(),
    conflictId: integer('conflict_id')
      .notNull()
      .references(() => conflicts.id),
    title: text('title').notNull(),
    round: integer('round'),
    venueCity: text('venue_city'),
    venueCountry: text('venue_country'),
    hostActorId: integer('host_actor_id').references(() => actors.id),
    status: text('status', { enum: TALK_STATUSES }).notNull(),
    description: text('description'),
    ...partialDate(),
    recordedAt: recordedAt(),
  },
  (t) => [
    index('talks_conflict_date_idx').on(t.conflictId, t.dateStart, t.id),
    index('talks_date_idx').on(t.dateStart, t.id),
    index('talks_status_date_idx').on(t.status, t.dateStart, t.id),
    uniqueIndex('talks_conflict_round_unique').on(t.conflictId, t.round),
    check('talks_status', sql`status IN (${oneOf(TALK_STATUSES)})`),
    check('talks_round_positive', sql`round IS NULL OR round > 0`),
    check('talks_title_nonempty', sql`length(trim(title)) > 0`),
    ...partialDateChecks('talks'),
  ],
);

/** What came of a round: "the largest prisoner swap of the war", "no movement toward a ceasefire". */
export const talkOutcomes = sqliteTable(
  'talk_outcomes',
  {
    id: id(),
    talkId: integer('talk_id')
      .notNull()
      .references(() => talks.id, { onDelete: 'cascade' }),
    description: text('description').notNull(),
    achieved: integer('achieved', { mode: 'boolean' }).notNull(),
  },
  (t) => [index('talk_outcomes_talk_idx').on(t.talkId, t.id), check('talk_outcomes_nonempty', sql`length(trim(description)) > 0`)],
);

/** One actor's presence at a talk: a negotiating party, the host, a mediator or an observer. */
export const delegations = sqliteTable(
  'delegations',
  {
    id: id(),
    talkId: integer('talk_id')
      .notNull()
      .references(() => talks.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id),
    role: text('role', { enum: DELEGATION_ROLES }).notNull(),
    attendance: text('attendance', { enum: ATTENDANCES }).notNull(),
    description: text('description'),
  },
  (t) => [
    uniqueIndex('delegations_talk_actor_unique').on(t.talkId, t.actorId),
    index('delegations_actor_idx').on(t.actorId),
    check('delegations_role', sql`role IN (${oneOf(DELEGATION_ROLES)})`),
    check('delegations_attendance', sql`attendance IN (${oneOf(ATTENDANCES)})`),
  ],
);

/** A member of a delegation: a named person, or one described but unnamed ("a deputy foreign minister"). */
export const participations = sqliteTable(
  'participations',
  {
    id: id(),
    delegationId: integer('delegation_id')
      .notNull()
      .references(() => delegations.id, { onDelete: 'cascade' }),
    personId: integer('person_id').references(() => people.id),
    role: text('role', { enum: PARTICIPATION_ROLES }).notNull(),
    description: text('description'),
  },
  (t) => [
    index('participations_delegation_idx').on(t.delegationId, t.id),
    index('participations_person_idx').on(t.personId),
    check('participations_role', sql`role IN (${oneOf(PARTICIPATION_ROLES)})`),
    check('participations_who', sql`person_id IS NOT NULL OR (description IS NOT NULL AND length(trim(description)) > 0)`),
  ],
);

export const incidents = sqliteTable(
  'incidents',
  {
    id: id(),
    conflictId: integer('conflict_id')
      .notNull()
      .references(() => conflicts.id),
    /** ACLED event type, e.g. EXPLOSIONS_REMOTE_VIOLENCE. */
    eventType: text('event_type', { enum: INCIDENT_EVENT_TYPES }).notNull(),
    /** ACLED sub-event type, e.g. AIR_DRONE_STRIKE. */
    subEventType: text('sub_event_type'),
    title: text('title').notNull(),
    description: text('description'),
    locationName: text('location_name'),
    region: text('region'),
    country: text('country'),
    latitude: real('latitude'),
    longitude: real('longitude'),
    respondedToId: integer('responded_to_id').references((): AnySQLiteColumn => incidents.id),
    talkId: integer('talk_id').references(() => talks.id),
    ...partialDate(),
    /** The incident's id in the dataset it came from (ACLED's event_id_cnty): what re-imports match on. */
    externalId: text('external_id'),
    /** The world region (ACLED's region: "Europe"); `region` is the first administrative level. */
    worldRegion: text('world_region'),
    /** ISO 3166-1 numeric code of the country. */
    iso: integer('iso'),
    /** Second and third administrative levels. */
    admin2: text('admin2'),
    admin3: text('admin3'),
    /** ACLED's geo precision: 1 the place itself, 2 near it, 3 only its larger region. */
    geoPrecision: integer('geo_precision'),
    /** ACLED's time precision: 1 the day, 2 the week, 3 the month (the date columns say the same honestly). */
    timePrecision: integer('time_precision'),
    /** ACLED's disorder type ("Political violence", "Demonstrations", …). */
    disorderType: text('disorder_type'),
    /** Whether civilians were targeted (ACLED's civilian_targeting); null when no one said. */
    civilianTargeting: integer('civilian_targeting', { mode: 'boolean' }),
    /** ACLED's interaction of the two actors' types, as the source coded it ("13", or words). */
    interaction: text('interaction'),
    /** The geographic scale of the sources ("National", "Subnational-International", …). */
    sourceScale: text('source_scale'),
    /** ACLED's tags ("crowd size=no report; …"), as given. */
    tags: text('tags'),
    /** How many times the fact has been amended: 1 as first recorded. */
    revision: integer('revision').notNull().default(1),
    retractedAt: integer('retracted_at', { mode: 'timestamp_ms' }),
    retractionReason: text('retraction_reason'),
    recordedAt: recordedAt(),
  },
  (t) => [
    index('incidents_conflict_date_idx').on(t.conflictId, t.dateStart, t.id),
    index('incidents_conflict_type_date_idx').on(t.conflictId, t.eventType, t.dateStart, t.id),
    index('incidents_date_idx').on(t.dateStart, t.id),
    index('incidents_type_date_idx').on(t.eventType, t.dateStart, t.id),
    index('incidents_talk_date_idx').on(t.talkId, t.dateStart, t.id),
    index('incidents_responded_to_idx').on(t.respondedToId),
    uniqueIndex('incidents_conflict_external_unique').on(t.conflictId, t.externalId),
    check('incidents_event_type', sql`event_type IN (${oneOf(INCIDENT_EVENT_TYPES)})`),
    check('incidents_title_nonempty', sql`length(trim(title)) > 0`),
    check('incidents_latitude', sql`latitude IS NULL OR latitude BETWEEN -90 AND 90`),
    check('incidents_longitude', sql`longitude IS NULL OR longitude BETWEEN -180 AND 180`),
    check('incidents_coordinates_pair', sql`(latitude IS NULL) = (longitude IS NULL)`),
    check('incidents_revision', sql`revision >= 1`),
    check('incidents_retraction', sql`(retracted_at IS NULL) = (retraction_reason IS NULL)`),
    check('incidents_not_self_response', sql`responded_to_id IS NULL OR responded_to_id <> id`),
    check('incidents_geo_precision', sql`geo_precision IS NULL OR geo_precision IN (1, 2, 3)`),
    check('incidents_time_precision', sql`time_precision IS NULL OR time_precision IN (1, 2, 3)`),
    ...partialDateChecks('incidents'),
  ],
);

/** The actors on each side of an incident (ACLED's actor 1 and actor 2). */
export const incidentActors = sqliteTable(
  'incident_actors',
  {
    id: id(),
    incidentId: integer('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id),
    side: text('side', { enum: INCIDENT_SIDES }).notNull(),
    /** An actor associated with the side's main actor (ACLED's assoc_actor_1/2), not the main actor itself. */
    associated: integer('associated', { mode: 'boolean' }).notNull().default(false),
    /** The main actor's type as the source coded it (ACLED's inter1/inter2: "1" or "State forces"). */
    actorType: text('actor_type'),
  },
  (t) => [
    uniqueIndex('incident_actors_unique').on(t.incidentId, t.actorId, t.side),
    index('incident_actors_actor_idx').on(t.actorId, t.incidentId),
    check('incident_actors_side', sql`side IN (${oneOf(INCIDENT_SIDES)})`),
  ],
);

export const topics = sqliteTable(
  'topics',
  {
    id: id(),
    conflictId: integer('conflict_id')
      .notNull()
      .references(() => conflicts.id),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description'),
  },
  (t) => [uniqueIndex('topics_conflict_slug_unique').on(t.conflictId, t.slug), check('topics_name_nonempty', sql`length(trim(name)) > 0`)],
);

/** An actor's stance on a topic, as of a date; the newest per (topic, actor) is the current one. */
export const positions = sqliteTable(
  'positions',
  {
    id: id(),
    topicId: integer('topic_id')
      .notNull()
      .references(() => topics.id),
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id),
    stance: text('stance').notNull(),
    /** The round the stance was stated for, when the sources tie it to one. */
    talkId: integer('talk_id').references(() => talks.id),
    ...partialDate(),
    recordedAt: recordedAt(),
  },
  (t) => [
    index('positions_topic_actor_idx').on(t.topicId, t.actorId, t.dateStart, t.id),
    index('positions_actor_date_idx').on(t.actorId, t.dateStart, t.id),
    index('positions_talk_date_idx').on(t.talkId, t.dateStart, t.id),
    check('positions_stance_nonempty', sql`length(trim(stance)) > 0`),
    ...partialDateChecks('positions'),
  ],
);

export const proposals = sqliteTable(
  'proposals',
  {
    id: id(),
    conflictId: integer('conflict_id')
      .notNull()
      .references(() => conflicts.id),
    actorId: integer('actor_id')
      .notNull()
      .references(() => actors.id),
    talkId: integer('talk_id').references(() => talks.id),
    title: text('title').notNull(),
    status: text('status', { enum: PROPOSAL_STATUSES }).notNull(),
    description: text('description'),
    ...partialDate(),
    recordedAt: recordedAt(),
  },
  (t) => [
    index('proposals_conflict_date_idx').on(t.conflictId, t.dateStart, t.id),
    index('proposals_actor_idx').on(t.actorId),
    index('proposals_talk_date_idx').on(t.talkId, t.dateStart, t.id),
    check('proposals_status', sql`status IN (${oneOf(PROPOSAL_STATUSES)})`),
    check('proposals_title_nonempty', sql`length(trim(title)) > 0`),
    ...partialDateChecks('proposals'),
  ],
);

export const provisions = sqliteTable(
  'provisions',
  {
    id: id(),
    proposalId: integer('proposal_id')
      .notNull()
      .references(() => proposals.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    text: text('text').notNull(),
    topicId: integer('topic_id').references(() => topics.id),
  },
  (t) => [
    uniqueIndex('provisions_proposal_ordinal_unique').on(t.proposalId, t.ordinal),
    index('provisions_topic_idx').on(t.topicId),
    check('provisions_ordinal_positive', sql`ordinal > 0`),
    check('provisions_text_nonempty', sql`length(trim(text)) > 0`),
  ],
);

/** Who said what: a quote (exact words) and/or a paraphrase, by a person or by an actor speaking as a body. */
export const statements = sqliteTable(
  'statements',
  {
    id: id(),
    conflictId: integer('conflict_id')
      .notNull()
      .references(() => conflicts.id),
    speakerPersonId: integer('speaker_person_id').references(() => people.id),
    speakerActorId: integer('speaker_actor_id').references(() => actors.id),
    quote: text('quote'),
    paraphrase: text('paraphrase'),
    context: text('context'),
    talkId: integer('talk_id').references(() => talks.id),
    ...partialDate(),
    /** How many times the fact has been amended: 1 as first recorded. */
    revision: integer('revision').notNull().default(1),
    retractedAt: integer('retracted_at', { mode: 'timestamp_ms' }),
    retractionReason: text('retraction_reason'),
    recordedAt: recordedAt(),
  },
  (t) => [
    index('statements_conflict_date_idx').on(t.conflictId, t.dateStart, t.id),
    index('statements_date_idx').on(t.dateStart, t.id),
    index('statements_speaker_person_idx').on(t.speakerPersonId, t.dateStart, t.id),
    index('statements_speaker_actor_idx').on(t.speakerActorId, t.dateStart, t.id),
    index('statements_talk_idx').on(t.talkId, t.dateStart, t.id),
    check('statements_revision', sql`revision >= 1`),
    check('statements_retraction', sql`(retracted_at IS NULL) = (retraction_reason IS NULL)`),
    check('statements_speaker', sql`speaker_person_id IS NOT NULL OR speaker_actor_id IS NOT NULL`),
    check(
      'statements_content',
      sql`(quote IS NOT NULL AND length(trim(quote)) > 0) OR (paraphrase IS NOT NULL AND length(trim(paraphrase)) > 0)`,
    ),
    ...partialDateChecks('statements'),
  ],
);

/** What a statement is about: people, actors, topics, talks, proposals or incidents. */
export const statementSubjects = sqliteTable(
  'statement_subjects',
  {
    id: id(),
    statementId: integer('statement_id')
      .notNull()
      .references(() => statements.id, { onDelete: 'cascade' }),
    subjectType: text('subject_type', { enum: SUBJECT_TYPES }).notNull(),
    subjectId: integer('subject_id').notNull(),
  },
  (t) => [
    uniqueIndex('statement_subjects_unique').on(t.statementId, t.subjectType, t.subjectId),
    index('statement_subjects_subject_idx').on(t.subjectType, t.subjectId),
    check('statement_subjects_type', sql`subject_type IN (${oneOf(SUBJECT_TYPES)})`),
  ],
);

/** A number someone reported: casualties, territory, drones launched. */
export const figures = sqliteTable(
  'figures',
  {
    id: id(),
    conflictId: integer('conflict_id')
      .notNull()
      .references(() => conflicts.id),
    metric: text('metric').notNull(),
    value: real('value').notNull(),
    unit: text('unit').notNull(),
    qualifier: text('qualifier', { enum: FIGURE_QUALIFIERS }).notNull(),
    /** A comparison the source gave alongside the number ("roughly the size of Ohio"). */
    comparison: text('comparison'),
    /** The record the source says the figure sets (HIGHEST: "the highest tally so far"), if any. */
    record: text('record', { enum: RECORD_EXTREMES }),
    /** What the record is over, in the source's words: the figures it beats ("single-night drone tallies in the war"). */
    recordAmong: text('record_among'),
    /** What the figure measures, in words. */
    about: text('about').notNull(),
    actorId: integer('actor_id').references(() => actors.id),
    incidentId: integer('incident_id').references(() => incidents.id),
    ...partialDate(),
    recordedAt: recordedAt(),
  },
  (t) => [
    index('figures_conflict_idx').on(t.conflictId, t.dateStart, t.id),
    index('figures_incident_idx').on(t.incidentId),
    index('figures_actor_idx').on(t.actorId),
    check('figures_qualifier', sql`qualifier IN (${oneOf(FIGURE_QUALIFIERS)})`),
    check('figures_record', sql`record IS NULL OR record IN (${oneOf(RECORD_EXTREMES)})`),
    check('figures_metric_nonempty', sql`length(trim(metric)) > 0`),
    ...partialDateChecks('figures'),
  ],
);

/** Who says so: a news agency, a government body, an estimate, an official document. */
export const sources = sqliteTable(
  'sources',
  {
    id: id(),
    name: text('name').notNull(),
    kind: text('kind', { enum: SOURCE_KINDS }).notNull(),
    actorId: integer('actor_id').references(() => actors.id),
    url: text('url'),
    description: text('description'),
  },
  (t) => [
    uniqueIndex('sources_name_unique').on(t.name),
    check('sources_kind', sql`kind IN (${oneOf(SOURCE_KINDS)})`),
    check('sources_name_nonempty', sql`length(trim(name)) > 0`),
  ],
);

/** A source attached to one fact, and how ("according to", "obtained by", "told"). */
export const attributions = sqliteTable(
  'attributions',
  {
    id: id(),
    sourceId: integer('source_id')
      .notNull()
      .references(() => sources.id),
    subjectType: text('subject_type', { enum: SUBJECT_TYPES }).notNull(),
    subjectId: integer('subject_id').notNull(),
    relation: text('relation', { enum: ATTRIBUTION_RELATIONS }).notNull(),
    note: text('note'),
  },
  (t) => [
    uniqueIndex('attributions_unique').on(t.subjectType, t.subjectId, t.sourceId, t.relation),
    index('attributions_source_idx').on(t.sourceId),
    check('attributions_subject_type', sql`subject_type IN (${oneOf(SUBJECT_TYPES)})`),
    check('attributions_relation', sql`relation IN (${oneOf(ATTRIBUTION_RELATIONS)})`),
  ],
);

/**
 * The append-only log: every command appends one row in its own transaction. The id is the
 * stream's cursor; `data` is the subject as committed by this event. Kind and subject type are
 * checked by the domain, not by CHECKs: a new kind must not force a rebuild of the largest table.
 */
export const events = sqliteTable(
  'events',
  {
    id: id(),
    conflictId: integer('conflict_id').references(() => conflicts.id),
    kind: text('kind', { enum: EVENT_KINDS }).notNull(),
    subjectType: text('subject_type', { enum: SUBJECT_TYPES }).notNull(),
    subjectId: integer('subject_id').notNull(),
    /** The round of talks the subject bears on, if any: what `talk` stream filters match. */
    talkId: integer('talk_id').references(() => talks.id),
    /** Ids of the actors the subject involves (JSON array): what `actors` stream filters match. */
    actorIds: text('actor_ids', { mode: 'json' }).$type<number[]>().notNull().default(sql`'[]'`),
    occurredOn: text('occurred_on'),
    recordedAt: recordedAt(),
    summary: text('summary').notNull(),
    /** Why, for corrections: the reason an amendment or retraction gives. */
    reason: text('reason'),
    data: text('data', { mode: 'json' }).notNull(),
  },
  (t) => [
    index('events_conflict_idx').on(t.conflictId, t.id),
    index('events_subject_idx').on(t.subjectType, t.subjectId, t.id),
    index('events_talk_idx').on(t.talkId, t.id),
    index('events_kind_idx').on(t.kind, t.id),
    index('events_subject_type_idx').on(t.subjectType, t.id),
    index('events_recorded_at_idx').on(t.recordedAt, t.id),
    check('events_actor_ids_array', sql`json_type(actor_ids) = 'array'`),
    check('events_summary_nonempty', sql`length(trim(summary)) > 0`),
  ],
);

/** API tokens for writes. Only a hash is stored: the token itself is shown once, when created. */
export const tokens = sqliteTable(
  'tokens',
  {
    id: id(),
    name: text('name').notNull(),
    role: text('role', { enum: TOKEN_ROLES }).notNull(),
    /** SHA-256 of the token, hex. Tokens are 256 random bits, so a fast hash is enough. */
    hash: text('hash').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('tokens_hash_unique').on(t.hash),
    check('tokens_role', sql`role IN (${oneOf(TOKEN_ROLES)})`),
    check('tokens_name_nonempty', sql`length(trim(name)) > 0`),
  ],
);

/**
 * Idempotency keys: a client that retries a write with the same key gets the first result, and
 * nothing is recorded twice. Scoped to the token and the mutation; the input's hash guards
 * against a key reused for a different write.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    id: id(),
    tokenId: integer('token_id')
      .notNull()
      .references(() => tokens.id),
    key: text('key').notNull(),
    operation: text('operation').notNull(),
    inputHash: text('input_hash').notNull(),
    eventId: integer('event_id')
      .notNull()
      .references(() => events.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull().default(sql`(cast(unixepoch('subsec') * 1000 as integer))`),
  },
  (t) => [uniqueIndex('idempotency_keys_unique').on(t.tokenId, t.key, t.operation)],
);

/**
 * What a dossier file's readable keys stand for: each entry of a loaded dossier, the fact it
 * became, and a digest of the entry as last loaded, so loading it again records nothing and an
 * edited entry is amended rather than recorded twice.
 */
export const dossierEntries = sqliteTable(
  'dossier_entries',
  {
    id: id(),
    /** The dossier's own id (its `id` field), so two dossiers may use the same keys. */
    dossier: text('dossier').notNull(),
    key: text('key').notNull(),
    subjectType: text('subject_type', { enum: SUBJECT_TYPES }).notNull(),
    subjectId: integer('subject_id').notNull(),
    digest: text('digest').notNull(),
  },
  (t) => [
    uniqueIndex('dossier_entries_key_unique').on(t.dossier, t.key),
    index('dossier_entries_subject_idx').on(t.subjectType, t.subjectId),
  ],
);
