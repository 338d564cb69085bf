/** Proposals put to the talks, provision by provision. */
import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { actors, conflicts, proposals, provisions, talks, topics } from '../db/schema.js';
import { byDate } from './dated.js';
import { appendEvent, type WriteScope } from './events.js';
import { DomainError } from './errors.js';
import { paginate, type Page, type PageRequest } from './pagination.js';
import { rowsByIds, rowsByKey } from './rows.js';
import { attachSources } from './source.js';
import { attributions, dateColumns, id, optionalText, partialDate, requireRow, text, validate } from './validation.js';
import { PROPOSAL_STATUSES, type ProposalStatus } from './vocabulary.js';

export type Proposal = typeof proposals.$inferSelect;
export type Provision = typeof provisions.$inferSelect;

const submitProposalInput = z.object({
  conflictId: id,
  actorId: id,
  talkId: id.nullish(),
  title: text(300),
  status: z.enum(PROPOSAL_STATUSES),
  description: optionalText(4000),
  date: partialDate,
  provisions: z
    .array(z.object({ text: text(2000), topicId: id.nullish(), sources: attributions }))
    .max(200)
    .default([]),
  sources: attributions,
});

export function submitProposal(scope: WriteScope, input: z.input<typeof submitProposalInput>): Proposal {
  const data = validate(submitProposalInput, input);
  requireRow(scope.tx, conflicts, data.conflictId, 'conflict', 'conflictId');
  requireRow(scope.tx, actors, data.actorId, 'actor', 'actorId');
  if (data.talkId) requireRow(scope.tx, talks, data.talkId, 'talk', 'talkId');
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
  const items = data.provisions.map((p, i) => {
    if (p.topicId) {
      const topic = requireRow(scope.tx, topics, p.topicId, 'topic', `provisions.${i}.topicId`);
      if (topic.conflictId !== data.conflictId) {
        throw new DomainError('BAD_USER_INPUT', 'A provision can only concern a topic of the same conflict.', [
          { field: `provisions.${i}.topicId`, message: 'belongs to another conflict' },
        ]);
      }
    }
    const provision = scope.tx
      .insert(provisions)
      .values({ proposalId: row.id, ordinal: i + 1, text: p.text, topicId: p.topicId ?? null })
      .returning()
      .get();
    attachSources(scope, 'PROVISION', provision.id, p.sources, `provisions.${i}.sources`);
    return provision;
  });
  attachSources(scope, 'PROPOSAL', row.id, data.sources);
  appendEvent(scope, {
    kind: 'PROPOSAL_SUBMITTED',
    subjectType: 'PROPOSAL',
    subjectId: row.id,
    conflictId: row.conflictId,
    occurredOn: row.dateStart,
    summary: `Proposal (${row.status.toLowerCase()}): ${row.title}`,
    data: { ...row, provisions: items },
  });
  return row;
}

export const loadProposals = (db: Db, ids: readonly number[]) => rowsByIds(db, proposals, ids);
export const loadProvisions = (db: Db, ids: readonly number[]) => rowsByIds(db, provisions, ids);
export const provisionsOf = (db: Db, proposalIds: readonly number[]) =>
  rowsByKey(db, provisions, provisions.proposalId, proposalIds);

export interface ProposalFilter {
  conflictId?: number;
  actorId?: number;
  talkId?: number;
  statuses?: readonly ProposalStatus[];
}

export function listProposals(db: Db, filter: ProposalFilter, page: PageRequest): Page<Proposal> {
  const where = and(
    filter.conflictId !== undefined ? eq(proposals.conflictId, filter.conflictId) : undefined,
    filter.actorId !== undefined ? eq(proposals.actorId, filter.actorId) : undefined,
    filter.talkId !== undefined ? eq(proposals.talkId, filter.talkId) : undefined,
    filter.statuses?.length ? inArray(proposals.status, [...filter.statuses]) : undefined,
  );
  return paginate(db, proposals, where, byDate<Proposal>(proposals), page);
}
