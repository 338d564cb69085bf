/**
 * The fixed vocabularies of the domain. The database CHECKs, the domain's validation and the
 * GraphQL enums are all built from these lists, so they cannot drift apart.
 */

/**
 * How precise a date is. RANGE: somewhere between start and end. BEFORE: on or before end, how
 * long before not known ("has insisted", "previously").
 */
export const DATE_PRECISIONS = ['DAY', 'MONTH', 'YEAR', 'RANGE', 'BEFORE'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

/**
 * The precisions a row stores. A BEFORE is stored as a RANGE from the first day a date can name
 * (src/domain/dated.ts): its earliest day is unbounded, which is what that range says, and adding a
 * value to the tables' CHECKs would rebuild seven tables, their search and place triggers with them.
 */
export const STORED_DATE_PRECISIONS = ['DAY', 'MONTH', 'YEAR', 'RANGE'] as const;
export type StoredDatePrecision = (typeof STORED_DATE_PRECISIONS)[number];

/** The periods incidents are counted by. */
export const COUNT_PERIODS = ['DAY', 'WEEK', 'MONTH'] as const;
export type CountPeriod = (typeof COUNT_PERIODS)[number];

export const ACTOR_KINDS = ['STATE', 'GOVERNMENT_BODY', 'ARMED_FORCE', 'ORGANIZATION', 'MEDIA_OUTLET'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const TALK_STATUSES = ['SCHEDULED', 'IN_PROGRESS', 'CONCLUDED', 'POSTPONED', 'CANCELLED'] as const;
export type TalkStatus = (typeof TALK_STATUSES)[number];

/** Why an actor is at a talk. */
export const DELEGATION_ROLES = ['PARTY', 'HOST', 'MEDIATOR', 'OBSERVER', 'PARTICIPANT'] as const;
export type DelegationRole = (typeof DELEGATION_ROLES)[number];

/** Whether the sources say the actor is there: confirmed, expected, or left unclear. */
export const ATTENDANCES = ['CONFIRMED', 'EXPECTED', 'UNCLEAR', 'DECLINED'] as const;
export type Attendance = (typeof ATTENDANCES)[number];

export const PARTICIPATION_ROLES = ['HEAD', 'MEMBER', 'MEDIATOR', 'OBSERVER', 'ENVOY', 'HOST'] as const;
export type ParticipationRole = (typeof PARTICIPATION_ROLES)[number];

/** ACLED's actor 1 (who acted) and actor 2 (who it was done to). */
export const INCIDENT_SIDES = ['INITIATOR', 'TARGET'] as const;
export type IncidentSide = (typeof INCIDENT_SIDES)[number];

/** ACLED event types; sub-types are free text in ACLED's naming (AIR_DRONE_STRIKE, …). */
export const INCIDENT_EVENT_TYPES = [
  'BATTLES',
  'EXPLOSIONS_REMOTE_VIOLENCE',
  'VIOLENCE_AGAINST_CIVILIANS',
  'PROTESTS',
  'RIOTS',
  'STRATEGIC_DEVELOPMENTS',
] as const;
export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

export const PROPOSAL_STATUSES = ['DRAFTING', 'SUBMITTED', 'RECEIVED', 'ANSWERED'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** How a reported number relates to the truth: "more than 1.2 million", "just under one fifth". */
export const FIGURE_QUALIFIERS = ['EXACT', 'APPROXIMATELY', 'MORE_THAN', 'LESS_THAN', 'JUST_UNDER', 'AT_LEAST'] as const;
export type FigureQualifier = (typeof FIGURE_QUALIFIERS)[number];

/** A record a figure sets: the highest or the lowest of its kind so far ("a record 472 drones"). */
export const RECORD_EXTREMES = ['HIGHEST', 'LOWEST'] as const;
export type RecordExtreme = (typeof RECORD_EXTREMES)[number];

export const SOURCE_KINDS = ['NEWS_AGENCY', 'MEDIA', 'GOVERNMENT', 'MILITARY', 'OFFICIAL_DOCUMENT', 'ESTIMATE', 'ARTICLE'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** How a source stands behind a fact. */
export const ATTRIBUTION_RELATIONS = ['ACCORDING_TO', 'REPORTED_BY', 'OBTAINED_BY', 'TOLD_TO', 'ORDERED_BY'] as const;
export type AttributionRelation = (typeof ATTRIBUTION_RELATIONS)[number];

/** Every kind of fact that can carry sources, be talked about, or be the subject of an event. */
export const SUBJECT_TYPES = [
  'CONFLICT',
  'ACTOR',
  'PERSON',
  'PERSON_TITLE',
  'TALK',
  'TALK_OUTCOME',
  'DELEGATION',
  'PARTICIPATION',
  'INCIDENT',
  'TOPIC',
  'POSITION',
  'PROPOSAL',
  'PROVISION',
  'STATEMENT',
  'FIGURE',
  'SOURCE',
] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/** What an event in the log says happened. */
export const EVENT_KINDS = [
  'CONFLICT_RECORDED',
  'ACTOR_RECORDED',
  'ACTOR_ALIAS_ADDED',
  'SOURCE_RECORDED',
  'PERSON_RECORDED',
  'PERSON_ALIAS_ADDED',
  'PERSON_TITLE_ADDED',
  'TALK_SCHEDULED',
  'TALK_OUTCOME_RECORDED',
  'DELEGATION_ADDED',
  'PARTICIPANT_ADDED',
  'INCIDENT_RECORDED',
  'TOPIC_DEFINED',
  'POSITION_RECORDED',
  'PROPOSAL_SUBMITTED',
  'STATEMENT_RECORDED',
  'FIGURE_RECORDED',
  'SOURCE_ATTACHED',
  'TALK_STATUS_CHANGED',
  'PROPOSAL_UPDATED',
  'INCIDENT_AMENDED',
  'INCIDENT_RETRACTED',
  'STATEMENT_AMENDED',
  'STATEMENT_RETRACTED',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Who a write token speaks for: editors record and amend; admins also retract and manage tokens. */
export const TOKEN_ROLES = ['EDITOR', 'ADMIN'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];
