/**
 * Every write the desk makes: with the editor's token, and with an Idempotency-Key that belongs to
 * one content of one form until Parley acknowledges it. A retry after a lost connection (or a lost
 * answer) sends the same key with the same input, so Parley answers with the first write's result
 * instead of recording it twice; a changed form gets a new key. The pending key is kept in
 * sessionStorage with its input, so even a reload between the attempts cannot record twice.
 */
import { request, RequestError } from './api.js';
import { REVOKED, type Auth } from './desk-auth.js';
import { forget, store, stored } from './desk-store.js';

export interface FieldError {
  field: string;
  message: string;
}

export interface UserError {
  __typename: 'UserError';
  code: string;
  message: string;
  fields: FieldError[];
}

/** What every payload carries: the event the write appended. */
export interface Written {
  __typename: string;
  event: { id: string; summary: string; subject: { __typename: string; id: string } };
  [result: string]: unknown;
}

export type WriteOutcome =
  | { status: 'done'; payload: Written }
  | { status: 'refused'; error: UserError }
  | { status: 'forbidden'; message: string }
  | { status: 'not-sent'; message: string }
  | { status: 'signed-out' };

export interface Mutation {
  /** The mutation field, e.g. `recordIncident`. */
  field: string;
  inputType: string;
  payload: string;
  /** What else to read from the payload, e.g. `source { id name }`. */
  result?: string;
}

function document(m: Mutation): string {
  return `mutation Desk($input: ${m.inputType}!) {
  result: ${m.field}(input: $input) {
    __typename
    ... on UserError { code message fields { field message } }
    ... on ${m.payload} { event { id summary subject { __typename id } } ${m.result ?? ''} }
  }
}`;
}

/** 128 random bits; crypto.randomUUID exists only on HTTPS or localhost, getRandomValues everywhere. */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

interface Pending {
  key: string;
  input: string;
}

/** Codes that mean Parley never answered the write, so it may or may not have happened: retry with the same key. */
const UNANSWERED = /^(NETWORK|HTTP_5\d\d|INTERNAL_SERVER_ERROR)$/;

export class Writes {
  constructor(private readonly auth: Auth) {}

  /** `slot` names the form whose content this is: one pending key per slot. */
  async send(slot: string, mutation: Mutation, input: Record<string, unknown>): Promise<WriteOutcome> {
    const body = JSON.stringify(input);
    const kept = stored<Pending>(`pending.${slot}`);
    const pending = kept && kept.input === body ? kept : { key: newKey(), input: body };
    store(`pending.${slot}`, pending);
    let data: { result: Written | UserError };
    try {
      data = await request(document(mutation), { input }, { ...this.auth.headers(), 'idempotency-key': pending.key });
    } catch (error) {
      if (!(error instanceof RequestError)) throw error;
      if (UNANSWERED.test(error.code ?? 'NETWORK')) {
        return {
          status: 'not-sent',
          message: 'Not sent: Parley could not be reached. Everything you typed is kept; send it again when the connection is back.',
        };
      }
      forget(`pending.${slot}`);
      if (error.code === 'UNAUTHENTICATED') {
        this.auth.signOut(REVOKED);
        return { status: 'signed-out' };
      }
      if (error.code === 'FORBIDDEN') return { status: 'forbidden', message: error.message };
      return { status: 'refused', error: { __typename: 'UserError', code: error.code ?? 'ERROR', message: error.message, fields: [] } };
    }
    forget(`pending.${slot}`);
    return data.result.__typename === 'UserError'
      ? { status: 'refused', error: data.result as UserError }
      : { status: 'done', payload: data.result as Written };
  }
}
