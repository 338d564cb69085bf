/** Talks (rounds of negotiation), what came of them, and who took part for whom. */
import { z } from 'zod';
import { and, asc, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { inKeys, rowsByIds, rowsByKey } from './rows.js';
import type { Db } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { actors, conflicts, delegations, participations, people, talkOutcomes, talks } from '../db/schema.js';
import { byDate, dateRangeConditions, type DateOrder, type DateRange } from './dated.js';
import { appendEvent, type WriteScope } from './events.js';
import { DomainError } from './errors.js';
import { pageQuery, type PageQuery, type PageRequest } from './pagination.js';
import { attachSources } from './source.js';
import { attributions, dateColumns, id, optionalText, partialDate, requireRow, text, validate } from './validation.js';
import { ATTENDANCES, DELEGATION_ROLES, PARTICIPATION_ROLES, TALK_STATUSES, type TalkStatus } from './vocabulary.js';

export type Talk = typeof talks.$inferSelect;
export type TalkOutcome = typeof talkOutcomes.$inferSelect;
export type Delegation = typeof delegations.$inferSelect;
export type Participation = typeof participations.$inferSelect;

const outcomeInput = z.object({
  description: text(1000),
  achieved: z.boolean(),
  sources: attributions,
});

const participantInput = z
  .object({
    personId: id.nullish(),
    role: z.enum(PARTICIPATION_ROLES),
    description: optionalText(500),
    sources: attributions,
  })
  .refine((p) => p.personId || p.description, {
    message: 'name a person or describe the participant',
    path: ['description'],
  });

const delegationInput = z.object({
  actorId: id,
  role: z.enum(DELEGATION_ROLES),
  attendance: z.enum(ATTENDANCES).default('CONFIRMED'),
  description: optionalText(1000),
  participants: z.array(participantInput).max(100).default([]),
  sources: attributions,
});

const scheduleTalkInput = z.object({
  conflictId: id,
  title: text(300),
  round: z.number().int().min(1).max(10_000).nullish(),
  venueCity: optionalText(200),
  venueCountry: optionalText(200),
  hostActorId: id.nullish(),
  status: z.enum(TALK_STATUSES).default('SCHEDULED'),
  date: partialDate,
  description: optionalText(4000),
  outcomes: z.array(outcomeInput).max(100).default([]),
  delegations: z.array(delegationInput).max(100).default([]),
  sources: attributions,
});

export function scheduleTalk(scope: WriteScope, input: z.input<typeof scheduleTalkInput>): Talk {
  const data = validate(scheduleTalkInput, input);
  requireRow(scope.tx, conflicts, data.conflictId, 'conflict', 'conflictId');
  if (data.hostActorId) requireRow(scope.tx, actors, data.hostActorId, 'actor', 'hostActorId');
  if (
    data.round &&
    scope.tx
      .select()
      .from(talks)
      .where(and(eq(talks.conflictId, data.conflictId), eq(talks.round, data.round)))
      .get()
  ) {
    throw new DomainError('CONFLICT', `Round ${data.round} of this conflict is recorded already.`, [
      { field: 'round', message: 'already recorded' },
    ]);
  }
  const talk = scope.tx
    .insert(talks)
    .values({
      conflictId: data.conflictId,
      title: data.title,
      round: data.round ?? null,
      venueCity: data.venueCity ?? null,
      venueCountry: data.venueCountry ?? null,
      hostActorId: data.hostActorId ?? null,
      status: data.status,
      description: data.description ?? null,
      ...dateColumns(data.date),
    })
    .returning()
    .get();
  attachSources(scope, 'TALK', talk.id, data.sources);
  const outcomes = data.outcomes.map((o, i) => insertOutcome(scope, talk.id, o, `outcomes.${i}`));
  const delegationRows = data.delegations.map((d, i) => insertDelegation(scope, talk.id, d, `delegations.${i}`));
  appendEvent(scope, {
    kind: 'TALK_SCHEDULED',
    talkId: talk.id,
    actorIds: [talk.hostActorId, ...delegationRows.map((d) => d.actorId)],
    subjectType: 'TALK',
    subjectId: talk.id,
    conflictId: talk.conflictId,
    occurredOn: talk.dateStart,
    summary: `Talk scheduled: ${talk.title}`,
    data: { ...talk, outcomes, delegations: delegationRows },
  });
  return talk;
}

const recordOutcomeInput = z.object({ talkId: id, outcome: outcomeInput });

export function recordTalkOutcome(scope: WriteScope, input: z.input<typeof recordOutcomeInput>): TalkOutcome {
  const data = validate(recordOutcomeInput, input);
  const talk = requireRow(scope.tx, talks, data.talkId, 'talk', 'talkId');
  const row = insertOutcome(scope, talk.id, data.outcome, 'outcome');
  appendEvent(scope, {
    kind: 'TALK_OUTCOME_RECORDED',
    talkId: talk.id,
    subjectType: 'TALK_OUTCOME',
    subjectId: row.id,
    conflictId: talk.conflictId,
    occurredOn: talk.dateStart,
    summary: `${talk.title}: ${row.description}`,
    data: row,
  });
  return row;
}

const addDelegationInput = z.object({ talkId: id, delegation: delegationInput });

export function addDelegation(scope: WriteScope, input: z.input<typeof addDelegationInput>): Delegation {
  const data = validate(addDelegationInput, input);
  const talk = requireRow(scope.tx, talks, data.talkId, 'talk', 'talkId');
  const row = insertDelegation(scope, talk.id, data.delegation, 'delegation');
  appendEvent(scope, {
    kind: 'DELEGATION_ADDED',
    talkId: talk.id,
    actorIds: [row.actorId],
    subjectType: 'DELEGATION',
    subjectId: row.id,
    conflictId: talk.conflictId,
    occurredOn: talk.dateStart,
    summary: `${talk.title}: delegation added`,
    data: row,
  });
  return row;
}

const addParticipantInput = z.object({ delegationId: id, participant: participantInput });

export function addParticipant(scope: WriteScope, input: z.input<typeof addParticipantInput>): Participation {
  const data = validate(addParticipantInput, input);
  const delegation = requireRow(scope.tx, delegations, data.delegationId, 'delegation', 'delegationId');
  const talk = requireRow(scope.tx, talks, delegation.talkId, 'talk', 'delegationId');
  const row = insertParticipant(scope, delegation.id, data.participant, 'participant');
  appendEvent(scope, {
    kind: 'PARTICIPANT_ADDED',
    talkId: talk.id,
    actorIds: [delegation.actorId],
    subjectType: 'PARTICIPATION',
    subjectId: row.id,
    conflictId: talk.conflictId,
    occurredOn: talk.dateStart,
    summary: `${talk.title}: participant added`,
    data: row,
  });
  return row;
}

function insertOutcome(scope: WriteScope, talkId: number, o: z.output<typeof outcomeInput>, field: string) {
  const row = scope.tx.insert(talkOutcomes).values({ talkId, description: o.description, achieved: o.achieved }).returning().get();
  attachSources(scope, 'TALK_OUTCOME', row.id, o.sources, `${field}.sources`);
  return row;
}

function insertDelegation(scope: WriteScope, talkId: number, d: z.output<typeof delegationInput>, field: string) {
  requireRow(scope.tx, actors, d.actorId, 'actor', `${field}.actorId`);
  if (
    scope.tx
      .select()
      .from(delegations)
      .where(and(eq(delegations.talkId, talkId), eq(delegations.actorId, d.actorId)))
      .get()
  ) {
    throw new DomainError('CONFLICT', 'This actor already has a delegation at this talk.', [
      { field: `${field}.actorId`, message: 'already present' },
    ]);
  }
  const row = scope.tx
    .insert(delegations)
    .values({ talkId, actorId: d.actorId, role: d.role, attendance: d.attendance, description: d.description ?? null })
    .returning()
    .get();
  attachSources(scope, 'DELEGATION', row.id, d.sources, `${field}.sources`);
  const members = d.participants.map((p, i) => insertParticipant(scope, row.id, p, `${field}.participants.${i}`));
  return { ...row, participants: members };
}

function insertParticipant(scope: WriteScope, delegationId: number, p: z.output<typeof participantInput>, field: string) {
  if (p.personId) requireRow(scope.tx, people, p.personId, 'person', `${field}.personId`);
  const row = scope.tx
    .insert(participations)
    .values({ delegationId, personId: p.personId ?? null, role: p.role, description: p.description ?? null })
    .returning()
    .get();
  attachSources(scope, 'PARTICIPATION', row.id, p.sources, `${field}.sources`);
  return row;
}

export const loadTalks = (db: Db, ids: readonly number[]) => rowsByIds(db, talks, ids);
export const loadTalkOutcomes = (db: Db, ids: readonly number[]) => rowsByIds(db, talkOutcomes, ids);
export const loadDelegations = (db: Db, ids: readonly number[]) => rowsByIds(db, delegations, ids);
export const loadParticipations = (db: Db, ids: readonly number[]) => rowsByIds(db, participations, ids);
export const outcomesOf = (db: Db, talkIds: readonly number[]) => rowsByKey(db, talkOutcomes, talkOutcomes.talkId, talkIds);
export const delegationsOf = (db: Db, talkIds: readonly number[]) => rowsByKey(db, delegations, delegations.talkId, talkIds);
export const participantsOf = (db: Db, delegationIds: readonly number[]) =>
  rowsByKey(db, participations, participations.delegationId, delegationIds);
/** Every place a person took part, in the order recorded. */
export const participationsOfPeople = (db: Db, personIds: readonly number[]) =>
  rowsByKey(db, participations, participations.personId, personIds);

/** The delegations each person took part in, once each, in the order recorded, beside the person's id. */
export function delegationsOfPeople(db: Db, personIds: readonly number[]): (Delegation & { personId: number })[] {
  if (!personIds.length) return [];
  return db
    .selectDistinct({ ...getTableColumns(delegations), personId: sql<number>`${participations.personId}` })
    .from(participations)
    .innerJoin(delegations, eq(delegations.id, participations.delegationId))
    .where(inArray(participations.personId, [...personIds]))
    .orderBy(asc(delegations.id))
    .all();
}

export function findTalkByRound(db: Db, conflictId: number, round: number): Talk | undefined {
  return talksOfRound(db, [conflictId], round)[0];
}

/** The talk numbered `round` of each of these conflicts that has one. */
export function talksOfRound(db: Db, conflictIds: readonly number[], round: number): Talk[] {
  return prepared<Talk>(db, 'talksOfRound', () =>
    db
      .select()
      .from(talks)
      .where(and(inKeys(talks.conflictId), eq(talks.round, sql.placeholder('round')))),
  ).all({ keys: JSON.stringify(conflictIds), round });
}

export interface TalkFilter extends DateRange {
  conflictId?: number;
  statuses?: readonly TalkStatus[];
}

export function queryTalks(filter: TalkFilter, order: DateOrder, page: PageRequest): PageQuery<Talk> {
  const where = and(
    filter.conflictId !== undefined ? eq(talks.conflictId, filter.conflictId) : undefined,
    filter.statuses?.length ? inArray(talks.status, [...filter.statuses]) : undefined,
    ...dateRangeConditions(talks, filter),
  );
  return pageQuery(talks, where, byDate<Talk>(talks, order), page);
}

const changeTalkStatusInput = z.object({
  talkId: id,
  status: z.enum(TALK_STATUSES),
  /** A new date, when the round is postponed or its dates become known. */
  date: partialDate.nullish(),
  outcomes: z.array(outcomeInput).max(100).default([]),
  reason: optionalText(1000),
  sources: attributions,
});

/** Moves a round along: started (IN_PROGRESS), CONCLUDED with its outcomes, POSTPONED, CANCELLED. */
export function changeTalkStatus(scope: WriteScope, input: z.input<typeof changeTalkStatusInput>): Talk {
  const data = validate(changeTalkStatusInput, input);
  const current = requireRow(scope.tx, talks, data.talkId, 'talk', 'talkId');
  const row = scope.tx
    .update(talks)
    .set({ status: data.status, ...(data.date && dateColumns(data.date)) })
    .where(eq(talks.id, current.id))
    .returning()
    .get();
  attachSources(scope, 'TALK', row.id, data.sources);
  const outcomes = data.outcomes.map((o, i) => insertOutcome(scope, row.id, o, `outcomes.${i}`));
  appendEvent(scope, {
    kind: 'TALK_STATUS_CHANGED',
    talkId: row.id,
    actorIds: [row.hostActorId, ...delegationsOf(scope.tx, [row.id]).map((d) => d.actorId)],
    subjectType: 'TALK',
    subjectId: row.id,
    conflictId: row.conflictId,
    occurredOn: row.dateStart,
    summary: `${row.title}: ${current.status.toLowerCase().replace('_', ' ')} → ${row.status.toLowerCase().replace('_', ' ')}`,
    reason: data.reason ?? null,
    data: { ...row, outcomes },
  });
  return row;
}
