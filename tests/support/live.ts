/**
 * Subscribing as a client would: the official graphql-sse and graphql-ws clients, a recorder that
 * keeps every result with its arrival time, and small helpers to read /health and write over HTTP.
 */
import { performance } from 'node:perf_hooks';
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { Db } from '../../src/db/client.js';
import { findActorByName } from '../../src/domain/actor.js';
import { findConflictBySlug } from '../../src/domain/conflict.js';
import { recordIncident, type RecordIncidentInput } from '../../src/domain/incident.js';
import { findTalkByRound } from '../../src/domain/talk.js';
import type { Writer } from '../../src/domain/events.js';

export type Transport = 'sse' | 'ws';
export const TRANSPORTS: readonly Transport[] = ['sse', 'ws'];

export const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');
export const eventCursor = (id: number) => Buffer.from(JSON.stringify([id, id])).toString('base64url');
/** The event id a cursor names (cursors are base64url JSON `[id, id]`). */
export const cursorId = (cursor: string): number => (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [number, number])[1];

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a value that passes `ok`, or fails after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => Promise<T> | T,
  ok: (value: T) => boolean,
  timeoutMs = 5_000,
  everyMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (ok(last)) return last;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

export interface Health {
  status: string;
  lastEventId: number;
  subscriptions: number;
}

export async function health(url: string): Promise<Health> {
  const res = await fetch(new URL('/health', url));
  return (await res.json()) as Health;
}

/** Waits until /health reports exactly `count` live subscriptions. */
export const liveCount = (url: string, count: number, timeoutMs = 5_000) =>
  until(
    `${count} live subscriptions`,
    () => health(url),
    (h) => h.subscriptions === count,
    timeoutMs,
  );

export function sseClient(url: string, authorization?: string): SseClient {
  return createSseClient({
    url,
    retryAttempts: 0,
    singleConnection: false,
    headers: authorization ? { authorization } : {},
  });
}

export function wsClient(url: string, authorization?: string): WsClient {
  return createWsClient({
    url: url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: authorization ? { authorization } : {},
  });
}

/** One operation over a graphql-ws client: its single result (refusals come back as `errors`). */
export function wsExecute(
  client: WsClient,
  query: string,
  variables: Record<string, unknown>,
  extensions?: Record<string, unknown>,
): Promise<{ data?: any; errors?: any[] }> {
  return new Promise((resolve, reject) => {
    let value: { data?: any; errors?: any[] } | undefined;
    client.subscribe(
      { query, variables, extensions },
      {
        next: (v) => (value = v as typeof value),
        error: (error) => (Array.isArray(error) ? resolve({ errors: error }) : reject(error)),
        complete: () => resolve(value ?? {}),
      },
    );
  });
}

export interface Result {
  data?: any;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * One subscription through an official client: every result it receives (with its arrival time in
 * `performance.now()` ms), the error that ended it, and whether it completed.
 */
export class Recorder {
  readonly results: Result[] = [];
  readonly arrivals: number[] = [];
  error: unknown;
  completed = false;
  private readonly client: SseClient | WsClient;
  private readonly ownsClient: boolean;
  private readonly unsubscribe: () => void;
  private readonly waiters = new Set<() => void>();

  /** Subscribes on a client of its own, or on `shared` (which it then leaves open on close). */
  constructor(
    readonly transport: Transport,
    url: string,
    query: string,
    variables: Record<string, unknown> = {},
    authorization?: string,
    shared?: SseClient | WsClient,
  ) {
    this.ownsClient = !shared;
    this.client = shared ?? (transport === 'sse' ? sseClient(url, authorization) : wsClient(url, authorization));
    const sink = {
      next: (value: unknown) => {
        this.arrivals.push(performance.now());
        this.results.push(value as Result);
        this.poke();
      },
      error: (error: unknown) => {
        this.error = error;
        this.poke();
      },
      complete: () => {
        this.completed = true;
        this.poke();
      },
    };
    this.unsubscribe = (this.client.subscribe as (payload: object, sink: object) => () => void)({ query, variables }, sink);
  }

  /** The data of every result, for results that carried data. */
  get data(): any[] {
    return this.results.filter((r) => r.data != null).map((r) => r.data);
  }

  /** Every GraphQL error received, in results or as the ending error. */
  get graphqlErrors(): { message: string; extensions?: Record<string, unknown> }[] {
    const inResults = this.results.flatMap((r) => r.errors ?? []);
    const ending = Array.isArray(this.error) ? (this.error as { message: string; extensions?: Record<string, unknown> }[]) : [];
    return [...inResults, ...ending];
  }

  /** Whether the subscription has ended, by completing or by an error. */
  get ended(): boolean {
    return this.completed || this.error !== undefined;
  }

  /** Waits until `ok` holds for this recorder; fails with what was received so far. */
  waitFor(what: string, ok: (r: this) => boolean, timeoutMs = 5_000): Promise<void> {
    if (ok(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (ok(this)) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `${this.transport}: timed out after ${timeoutMs} ms waiting for ${what}; received ${this.results.length} results ` +
              `(last: ${JSON.stringify(this.results.at(-1))}), error: ${describeError(this.error)}, completed: ${this.completed}`,
          ),
        );
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Waits until `count` results carrying data have arrived. */
  waitForData(count: number, timeoutMs = 5_000): Promise<void> {
    return this.waitFor(`${count} results with data`, (r) => r.data.length >= count, timeoutMs);
  }

  waitForEnd(timeoutMs = 5_000): Promise<void> {
    return this.waitFor('the end of the subscription', (r) => r.ended, timeoutMs);
  }

  /** Ends the subscription from the client's side and closes the client. */
  async close(): Promise<void> {
    this.unsubscribe();
    if (this.ownsClient) await this.client.dispose();
  }

  private poke(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

export function describeError(error: unknown): string {
  if (error === undefined) return 'none';
  if (Array.isArray(error)) return JSON.stringify(error);
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (error && typeof error === 'object' && 'code' in error) {
    const e = error as { code: unknown; reason?: unknown };
    return `close ${String(e.code)} ${String(e.reason ?? '')}`;
  }
  return String(error);
}

/** A POST to /graphql with a bearer token; fails on HTTP or GraphQL errors. */
export async function mutate<T = any>(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (res.status !== 200 || body.errors?.length) throw new Error(`mutation failed (${res.status}): ${JSON.stringify(body)}`);
  return body.data as T;
}

/** The seeded article's ids: row ids for the domain, global ids for GraphQL. */
export function seeded(db: Db) {
  const conflict = findConflictBySlug(db, 'russia-ukraine-war')!;
  const actor = (name: string) => findActorByName(db, name)!.id;
  const round2 = findTalkByRound(db, conflict.id, 2)!;
  const round1 = findTalkByRound(db, conflict.id, 1)!;
  const rows = {
    conflict: conflict.id,
    round1: round1.id,
    round2: round2.id,
    russia: actor('Russia'),
    ukraine: actor('Ukraine'),
    turkey: actor('Turkey'),
  };
  return {
    rows,
    ids: {
      conflict: globalId('Conflict', rows.conflict),
      round1: globalId('Talk', rows.round1),
      round2: globalId('Talk', rows.round2),
      russia: globalId('Actor', rows.russia),
      ukraine: globalId('Actor', rows.ukraine),
      turkey: globalId('Actor', rows.turkey),
    },
  };
}

/** Records an incident through the domain (publishes after commit); returns its row and its event id. */
export function record(writer: Writer, conflictId: number, title: string, extra: Partial<RecordIncidentInput> = {}) {
  return writer.run((scope) => {
    const incident = recordIncident(scope, {
      conflictId,
      eventType: 'BATTLES',
      title,
      date: { start: '2025-06-01', precision: 'DAY' },
      ...extra,
    });
    return { incident, eventId: scope.appended.at(-1)!.id };
  });
}

/** The selection every test uses for an event. */
export const EVENT_FIELDS = /* GraphQL */ `
  cursor
  kind
  summary
  subject { __typename ... on Incident { id title revision } }
`;

export const EVENTS = /* GraphQL */ `
  subscription Events($after: String, $filter: EventStreamFilter) {
    events(after: $after, filter: $filter) { ${EVENT_FIELDS} }
  }
`;

export const INCIDENT_RECORDED = /* GraphQL */ `
  subscription Incidents($after: String, $filter: IncidentStreamFilter) {
    incidentRecorded(after: $after, filter: $filter) { cursor incident { id title eventType } event { kind } }
  }
`;
