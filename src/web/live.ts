/**
 * The page's live connection: one graphql-ws subscription to `events(after:, filter: { conflict })`
 * that survives dropped connections without losing or repeating an event.
 *
 * - graphql-ws retries forever (retryAttempts: Infinity) with a capped, jittered exponential backoff,
 *   cut short when the browser comes back online or the reader asks to retry now.
 * - Every (re)subscribe sends `after: <cursor of the last event received>`: the client serialises
 *   the same request object each time it subscribes, so keeping `variables.after` current is what
 *   makes the server replay exactly what was missed, in order, before going live again.
 * - A connection that stops answering pings is terminated (and so retried) rather than trusted.
 * - If the server ends the subscription itself (a slow reader cut off, a quota), it is opened again
 *   after a pause, from the same cursor; if the server no longer knows the cursor (a new database),
 *   the page is told to load again from scratch.
 */
import { createClient, type Client } from 'graphql-ws/client';
import { webSocketUrl, type GraphQLErrorShape } from './api.js';
import { LIVE } from './queries.js';
import type { LiveEvent } from './types.js';

export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'live'; resumed: boolean }
  | { status: 'reconnecting'; attempt: number; retryAt: number | null; since: Date }
  | { status: 'offline'; since: Date };

export interface LiveOptions {
  conflictId: string;
  /** The cursor to resume after: the newest event when the page started to load. */
  after: string | null;
  onEvent(event: LiveEvent): void;
  onState(state: ConnectionState): void;
  /** Connected again after a drop: the events missed meanwhile are about to arrive. */
  onResumed(): void;
  /** The server does not know the cursor: the page must load again. */
  onLost(): void;
}

/** 0.5 s, 1 s, 2 s, 4 s, 8 s, then 15 s, each ±25 %. */
export function backoff(retries: number): number {
  const base = Math.min(15_000, 500 * 2 ** retries);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

const PONG_TIMEOUT_MS = 5_000;

export class LiveEvents {
  private readonly request: { query: string; variables: { after: string | null; conflict: string } };
  private readonly client: Client;
  private unsubscribe: (() => void) | undefined;
  private state: ConnectionState = { status: 'connecting' };
  private since: Date | undefined;
  private wake: (() => void) | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private resubscribeTimer: ReturnType<typeof setTimeout> | undefined;
  private serverRetries = 0;
  private attempt = 0;
  private open = false;
  private stopped = false;

  constructor(private readonly options: LiveOptions) {
    this.request = { query: LIVE, variables: { after: options.after, conflict: options.conflictId } };
    this.client = createClient({
      url: webSocketUrl(),
      retryAttempts: Infinity,
      shouldRetry: () => true,
      retryWait: (retries) => this.waitToRetry(retries),
      keepAlive: 10_000,
      on: {
        connecting: (isRetry) => {
          if (isRetry) this.setState({ status: 'reconnecting', attempt: this.attempt, retryAt: null, since: this.disconnectedSince() });
        },
        connected: (_socket, _payload, wasRetry) => {
          this.open = true;
          const resumed = wasRetry || this.since !== undefined;
          this.since = undefined;
          this.attempt = 0;
          this.setState({ status: 'live', resumed });
          if (resumed) options.onResumed();
        },
        closed: () => {
          this.open = false;
          clearTimeout(this.pongTimer);
          if (this.stopped) return;
          this.disconnectedSince();
          this.setState(
            navigator.onLine
              ? { status: 'reconnecting', attempt: this.attempt + 1, retryAt: null, since: this.disconnectedSince() }
              : { status: 'offline', since: this.disconnectedSince() },
          );
        },
        ping: (received) => {
          if (received) return;
          // Our ping went out: a connection that does not answer soon is dead, however open it looks.
          clearTimeout(this.pongTimer);
          this.pongTimer = setTimeout(() => this.client.terminate(), PONG_TIMEOUT_MS);
        },
        pong: (received) => {
          if (received) clearTimeout(this.pongTimer);
        },
      },
    });
    addEventListener('online', this.retryNow);
    addEventListener('offline', this.wentOffline);
    this.subscribe();
  }

  /** The cursor a resubscription would resume after. */
  get cursor(): string | null {
    return this.request.variables.after;
  }

  get current(): ConnectionState {
    return this.state;
  }

  /** Skips the rest of the wait before the next attempt. */
  readonly retryNow = (): void => {
    if (this.wake) this.wake();
    else if (this.resubscribeTimer !== undefined) {
      clearTimeout(this.resubscribeTimer);
      this.resubscribeTimer = undefined;
      this.subscribe();
    }
  };

  stop(): void {
    this.stopped = true;
    removeEventListener('online', this.retryNow);
    removeEventListener('offline', this.wentOffline);
    clearTimeout(this.pongTimer);
    clearTimeout(this.resubscribeTimer);
    this.unsubscribe?.();
    void this.client.dispose();
  }

  /** The browser says the network is gone: a socket that looks open is dead, so retry (and wait) now. */
  private readonly wentOffline = (): void => {
    if (this.open) this.client.terminate();
    else this.setState({ status: 'offline', since: this.disconnectedSince() });
  };

  private disconnectedSince(): Date {
    return (this.since ??= new Date());
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    if (!this.stopped) this.options.onState(state);
  }

  private async waitToRetry(retries: number): Promise<void> {
    this.attempt = retries + 1;
    const delay = backoff(retries);
    const since = this.disconnectedSince();
    this.setState(
      navigator.onLine
        ? { status: 'reconnecting', attempt: this.attempt, retryAt: Date.now() + delay, since }
        : { status: 'offline', since },
    );
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, delay);
      this.wake = done;
    });
  }

  private subscribe(): void {
    this.unsubscribe = this.client.subscribe<{ events: LiveEvent }>(this.request, {
      next: (result) => {
        if (result.data?.events) this.receive(result.data.events);
        else if (result.errors?.length) this.ended(result.errors);
      },
      error: (error) => this.ended(error),
      complete: () => this.ended(undefined),
    });
  }

  private receive(event: LiveEvent): void {
    this.serverRetries = 0;
    // The stream is in log order: this event is the newest seen, so a resubscription resumes after it.
    this.request.variables.after = event.cursor;
    this.options.onEvent(event);
  }

  /** The server ended the subscription (or refused it): open it again from the same cursor. */
  private ended(error: unknown): void {
    if (this.stopped) return;
    const errors = Array.isArray(error) ? (error as GraphQLErrorShape[]) : [];
    if (errors.some((e) => e.extensions?.code === 'INVALID_CURSOR')) {
      this.options.onLost();
      return;
    }
    const delay = backoff(this.serverRetries++);
    this.setState({ status: 'reconnecting', attempt: this.serverRetries, retryAt: Date.now() + delay, since: this.disconnectedSince() });
    clearTimeout(this.resubscribeTimer);
    this.resubscribeTimer = setTimeout(() => {
      this.resubscribeTimer = undefined;
      this.subscribe();
      // On a socket still open the subscription is live again as soon as it is sent; otherwise
      // `connected` says so once the socket is back.
      if (this.open && this.since) {
        this.since = undefined;
        this.setState({ status: 'live', resumed: true });
        this.options.onResumed();
      }
    }, delay);
  }
}
