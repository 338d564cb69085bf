/** GraphQL enums, built from the domain's vocabularies so the two cannot drift apart. */
import { builder } from './builder.js';
import * as v from '../domain/vocabulary.js';
import { TIMELINE_KINDS } from '../domain/timeline.js';

export const DatePrecisionEnum = builder.enumType('DatePrecision', {
  description:
    'How precise a date is: DAY, MONTH or YEAR, the one named by `start`; RANGE, somewhere between `start` and `end`; BEFORE, on or before `end`, how long before not known ("has insisted", "previously").',
  values: v.DATE_PRECISIONS,
});
export const CountPeriodEnum = builder.enumType('CountPeriod', {
  description: 'A period incidents are counted by. An incident counts in a period only when its whole date lies within it.',
  values: {
    DAY: { description: 'A calendar day: incidents known to the day (or a range within it).' },
    WEEK: { description: 'An ISO 8601 week, Monday to Sunday: incidents known to the day, or a range within the week.' },
    MONTH: { description: 'A calendar month: incidents known to the day or the month, or a range within the month.' },
  } satisfies Record<v.CountPeriod, { description: string }>,
});
export const ActorKindEnum = builder.enumType('ActorKind', { description: 'What kind of party an actor is.', values: v.ACTOR_KINDS });
export const TalkStatusEnum = builder.enumType('TalkStatus', { description: 'Where a round of talks stands.', values: v.TALK_STATUSES });
export const DelegationRoleEnum = builder.enumType('DelegationRole', {
  description: 'Why an actor is at a talk: a negotiating party, the host, a mediator, an observer, or another participant.',
  values: v.DELEGATION_ROLES,
});
export const AttendanceEnum = builder.enumType('Attendance', {
  description: 'Whether the sources say an actor attends: confirmed, expected, left unclear, or declined.',
  values: v.ATTENDANCES,
});
export const ParticipationRoleEnum = builder.enumType('ParticipationRole', {
  description: "A person's role within a delegation.",
  values: v.PARTICIPATION_ROLES,
});
export const IncidentSideEnum = builder.enumType('IncidentSide', {
  description: "ACLED's actor 1 (INITIATOR, who acted) and actor 2 (TARGET, who it was done to).",
  values: v.INCIDENT_SIDES,
});
export const IncidentEventTypeEnum = builder.enumType('IncidentEventType', {
  description: 'ACLED event type.',
  values: v.INCIDENT_EVENT_TYPES,
});
export const ProposalStatusEnum = builder.enumType('ProposalStatus', {
  description: 'Where a proposal stands: being drafted, submitted, received by the other side, answered.',
  values: v.PROPOSAL_STATUSES,
});
export const FigureQualifierEnum = builder.enumType('FigureQualifier', {
  description: 'How a reported number relates to the truth ("more than", "just under", …).',
  values: v.FIGURE_QUALIFIERS,
});
export const RecordExtremeEnum = builder.enumType('RecordExtreme', {
  description: 'The record a figure sets among the figures it is measured against.',
  values: {
    HIGHEST: { description: 'The highest so far ("a record 472 drones, the highest tally so far in the war").' },
    LOWEST: { description: 'The lowest so far.' },
  } as const satisfies Record<(typeof v.RECORD_EXTREMES)[number], unknown>,
});
export const SourceKindEnum = builder.enumType('SourceKind', { description: 'What kind of source this is.', values: v.SOURCE_KINDS });
export const AttributionRelationEnum = builder.enumType('AttributionRelation', {
  description:
    'How a source stands behind a fact: the fact is according to it, reported by it, a document obtained by it, told to it, or ordered by it.',
  values: v.ATTRIBUTION_RELATIONS,
});
export const SubjectTypeEnum = builder.enumType('SubjectType', {
  description: 'Every kind of fact that can carry sources, be talked about, or be the subject of an event.',
  values: v.SUBJECT_TYPES,
});
export const EventKindEnum = builder.enumType('EventKind', {
  description: 'What an event in the log says happened.',
  values: v.EVENT_KINDS,
});
export const TimelineKindEnum = builder.enumType('TimelineKind', {
  description: 'The kinds of fact a timeline merges.',
  values: TIMELINE_KINDS,
});
export const DateOrderEnum = builder.enumType('DateOrder', {
  description:
    "Chronological order by the start of each fact's date; facts of one kind starting the same day keep the order they were recorded in.",
  values: {
    DATE_ASC: { description: 'Oldest first.' },
    DATE_DESC: { description: 'Newest first.' },
  } as const,
});
