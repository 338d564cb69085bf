/** Resolves a (kind, id) reference, as statements and events hold them, to the object it names. */
import { brandWithType } from '@pothos/core';
import type { Context } from './context.js';
import type { Types } from './builder.js';
import { article, decodeGlobalId, InvalidIdError, rowIdOf } from './ids.js';
import { idAt, inputField, type InputField } from './inputs.js';
import type { SubjectType } from '../domain/vocabulary.js';
import { ActorRef } from './actor.js';
import { ConflictRef } from './conflict.js';
import { DelegationRef } from './delegation.js';
import { FigureRef } from './figure.js';
import { IncidentRef } from './incident.js';
import { ParticipationRef } from './participation.js';
import { PersonRef, PersonTitleRef } from './person.js';
import { PositionRef, TopicRef } from './topic.js';
import { ProposalRef, ProvisionRef } from './proposal.js';
import { SourceRef } from './source.js';
import { StatementRef } from './statement.js';
import { TalkOutcomeRef, TalkRef } from './talk.js';

interface Loadable {
  name: string;
  getDataloader(ctx: Context): { load(id: number): Promise<unknown> };
}

const refs = (): Record<SubjectType, Loadable> => ({
  CONFLICT: ConflictRef,
  ACTOR: ActorRef,
  PERSON: PersonRef,
  PERSON_TITLE: PersonTitleRef,
  TALK: TalkRef,
  TALK_OUTCOME: TalkOutcomeRef,
  DELEGATION: DelegationRef,
  PARTICIPATION: ParticipationRef,
  INCIDENT: IncidentRef,
  TOPIC: TopicRef,
  POSITION: PositionRef,
  PROPOSAL: ProposalRef,
  PROVISION: ProvisionRef,
  STATEMENT: StatementRef,
  FIGURE: FigureRef,
  SOURCE: SourceRef,
});

/** The object behind a reference, typed for the Node interface; null if it no longer exists. */
export async function loadSubject(ctx: Context, type: SubjectType, id: number): Promise<object | null> {
  const row = (await refs()
    [type].getDataloader(ctx)
    .load(id)
    .catch(() => null)) as object | null;
  return row && asNode(type, row);
}

/** The kind of fact behind a GraphQL type name; undefined for a type no event is about (Event). */
export function subjectTypeOfTypename(typename: string): SubjectType | undefined {
  return Object.entries(refs()).find(([, ref]) => ref.name === typename)?.[0] as SubjectType | undefined;
}

/** Marks a row (or a snapshot of one) with its GraphQL type, so Node and unions resolve it. */
export function asNode<T extends object>(type: SubjectType, row: T): T {
  brandWithType(row, refs()[type].name as never);
  return row;
}

/** The (kind, id) reference behind a global ID, for filters such as "statements about X". */
export function subjectOfGlobalId(globalId: string): { type: SubjectType; id: number } {
  const { typename } = decodeGlobalId(globalId);
  const entry = Object.entries(refs()).find(([, ref]) => ref.name === typename);
  if (!entry) throw new InvalidIdError(`${article(typename)} cannot be referred to here.`.replace(/^./, (c) => c.toUpperCase()));
  return { type: entry[0] as SubjectType, id: rowIdOf(globalId, typename) };
}

/**
 * A field holding the global ID of any object a fact can be about or sourced to; its type and row
 * id fill the two keys of the domain's input that `keys` names.
 */
export function subjectField<const Type extends string, const Id extends string>(
  options: { required: true; description: string },
  keys: { type: Type; id: Id },
): InputField<Types['Scalars']['ID']['Input'], Record<Type, SubjectType> & Record<Id, number>, null> {
  return inputField(
    (t) => t.id(options),
    (globalId, at) => {
      const subject = idAt([...at, keys.id], () => subjectOfGlobalId(String(globalId)));
      return { [keys.type]: subject.type, [keys.id]: subject.id } as Record<Type, SubjectType> & Record<Id, number>;
    },
    null,
    ([head]) => (head === keys.type || head === keys.id ? [] : undefined),
  );
}
