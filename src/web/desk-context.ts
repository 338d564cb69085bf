/** What the desk's parts share: the conflict being worked on, and the desk's services. */
import type { Auth } from './desk-auth.js';
import type { Writes } from './desk-writes.js';
import type { PartialDate } from './types.js';

export interface TalkChoice {
  id: string;
  title: string;
  round: number | null;
  date: PartialDate;
  delegations: { id: string; role: string; actor: { name: string } }[];
}

/** What the desk knows of the chosen conflict, read once: its talks, delegations and topics are few. */
export interface ConflictInfo {
  id: string;
  name: string;
  talks: TalkChoice[];
  topics: { id: string; name: string }[];
}

export const CONFLICT_INFO = /* GraphQL */ `
query DeskConflict($id: ID!) {
  node(id: $id) {
    ... on Conflict {
      id name
      topics { id name }
      talks(first: 50, orderBy: DATE_DESC) {
        nodes { id title round date { start end precision text } delegations { id role actor { name } } }
      }
    }
  }
}`;

/** A choice in a picker: `value` is what the GraphQL input takes (an ID, or a place's location). */
export interface Option {
  id: string;
  label: string;
  detail?: string;
  value: unknown;
}

export type Creatable = 'source' | 'actor';

export interface Desk {
  readonly auth: Auth;
  readonly writes: Writes;
  conflict(): ConflictInfo;
  /** Marks an event as written by this desk, so the stream says "Recorded by you". */
  own(eventId: string): void;
  /** Opens a small form after `host` to create a source or an actor named `name`; `done` gets the new one. */
  createInline(kind: Creatable, name: string, host: HTMLElement, done: (option: Option) => void): void;
  /** Opens the amend and retract forms and the history of an incident or a statement. */
  correct(subject: { __typename: string; id: string }): void;
}
