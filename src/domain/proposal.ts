/** Proposals put to the talks, provision by provision. */
import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { actors, conflicts, proposals, provisions, talks, topics } from '../db/schema.js';
import { byDate } from './dated.js';
import { appendEvent, type WriteScope } from './events.js';
import { pageQuery, type PageQuery, type PageRequest } from './pagination.js';
import { rowsByIds, rowsByKey } from './rows.js';
import { attachSources } from './source.js';
import { attributions, dateColumns, id, optionalText, partialDate, requireInConflict, requireRow, text, validate } from './validation.js';
import { PROPOSAL_STATUSES, type EventKind, type ProposalStatus } from './vocabulary.js';

export type Proposal = typeof proposals.$inferSelect;
export type Provision = typeof provisions.$inferSelect;

const provisionInput = z.object({ text: text(2000), topicId: id.nullish(), sources: attributions });

const submitProposalInput = z.object({
  conflictId: id,
  actorId: id,
  talkId: id.nullish(),
  title: text(300),
  status: z.enum(PROPOSAL_STATUSES),
  description: optionalText(4000),
  date: partialDate,
  provisions: z.array(provisionInput).max(200).default([]),
  sources: attributions,
});

export function submitProposal(scope: WriteScope, input: z.input<typeof submitProposalInput>): Proposal {
  const data = validate(submitProposalInput, input);
  requireRow(scope.tx, conflicts, data.conflictId, 'conflict', 'conflictId');
  requireRow(scope.tx, actors, data.actorId, 'actor', 'actorId');
  if (data.talkId) requireInConflict(scope.tx, talks, data.talkId, data.conflictId, 'talk', 'talkId');
  const row = scope.tx
    .insert(proposals)
    .values({
      conflictId: data.conflictId,
      actorId: data.actorId,
      talkId: data.talkId ?? null,
      title: data.title,
      status: data.status,
      description: data.description ?? null,
      ...dateColumns(data.date),
    })
    .returning()
    .get();
  const items = insertProvisions(scope, row, data.provisions, 0, 'provisions');
  attachSources(scope, 'PROPOSAL', row.id, data.sources);
  appendProposalEvent(scope, 'PROPOSAL_SUBMITTED', row, { provisions: items });
  return row;
}

function appendProposalEvent(scope: WriteScope, kind: EventKind, row: Proposal, extra: Record<string, unknown>) {
  appendEvent(scope, {
    kind,
    talkId: row.talkId,
    actorIds: [row.actorId],
    subjectType: 'PROPOSAL',
    subjectId: row.id,
    conflictId: row.conflictId,
    occurredOn: row.dateStart,
    summary: `Proposal (${row.status.toLowerCase()}): ${row.title}`,
    data: { ...row, ...extra },
  });
}

/** Appends provisions after the `already` existing ones, each on a topic of the proposal's conflict. */
function insertProvisions(
  scope: WriteScope,
  proposal: Proposal,
  items: z.output<typeof provisionInput>[],
  already: number,
  field: string,
): Provision[] {
  return items.map((p, i) => {
    if (p.topicId) requireInConflict(scope.tx, topics, p.topicId, proposal.conflictId, 'topic', `${field}.${i}.topicId`);
    const provision = scope.tx
      .insert(provisions)
      .values({ proposalId: proposal.id, ordinal: already + i + 1, text: p.text, topicId: p.topicId ?? null })
      .returning()
      .get();
    attachSources(scope, 'PROVISION', provision.id, p.sources, `${field}.${i}.sources`);
    return provision;
  });
}

export const loadProposals = (db: Db, ids: readonly number[]) => rowsByIds(db, proposals, ids);
export const loadProvisions = (db: Db, ids: readonly number[]) => rowsByIds(db, provisions, ids);
export const provisionsOf = (db: Db, proposalIds: readonly number[]) => rowsByKey(db, provisions, provisions.proposalId, proposalIds);

export interface ProposalFilter {
  conflictId?: number;
  actorId?: number;
  talkId?: number;
  statuses?: readonly ProposalStatus[];
}

export function queryProposals(filter: ProposalFilter, page: PageRequest): PageQuery<Proposal> {
  const where = and(
    filter.conflictId !== undefined ? eq(proposals.conflictId, filter.conflictId) : undefined,
    filter.actorId !== undefined ? eq(proposals.actorId, filter.actorId) : undefined,
    filter.talkId !== undefined ? eq(proposals.talkId, filter.talkId) : undefined,
    filter.statuses?.length ? inArray(proposals.status, [...filter.statuses]) : undefined,
  );
  return pageQuery(proposals, where, byDate<Proposal>(proposals), page);
}

const updateProposalInput = z
  .object({
    proposalId: id,
    status: z.enum(PROPOSAL_STATUSES).nullish(),
    description: optionalText(4000),
    date: partialDate.nullish(),
    /** Provisions to add after the existing ones, in order. */
    addProvisions: z.array(provisionInput).max(200).default([]),
    sources: attributions,
  })
  .refine((p) => p.status || p.description || p.date || p.addProvisions.length || p.sources.length, {
    message: 'change at least one thing',
    path: ['proposalId'],
  });

/** A proposal moves on (submitted, received, answered) or gains provisions as they become known. */
export function updateProposal(scope: WriteScope, input: z.input<typeof updateProposalInput>): Proposal {
  const data = validate(updateProposalInput, input);
  const current = requireRow(scope.tx, proposals, data.proposalId, 'proposal', 'proposalId');
  const changes = {
    ...(data.status && { status: data.status }),
    ...(data.description && { description: data.description }),
    ...(data.date && dateColumns(data.date)),
  };
  const row = Object.keys(changes).length
    ? scope.tx.update(proposals).set(changes).where(eq(proposals.id, current.id)).returning().get()
    : current;
  const already = provisionsOf(scope.tx, [row.id]).length;
  const added = insertProvisions(scope, row, data.addProvisions, already, 'addProvisions');
  attachSources(scope, 'PROPOSAL', row.id, data.sources);
  appendProposalEvent(scope, 'PROPOSAL_UPDATED', row, { addedProvisions: added });
  return row;
}
