/**
 * The live event stream, independent of any transport. The events table is the truth: a
 * subscription reads "events after my cursor" from it, in id order, and sleeps until it is woken.
 * Wake-ups (from this process's commits, or from other processes through pub/sub) carry no data,
 * so a lost or duplicated wake-up can delay an event but never lose, reorder or repeat one.
 *
 * SQLite serialises writers and a writer holds its lock until it commits, so events commit in id
 * order: once a reader has seen id N, no event with a smaller id can appear later.
 */
import type { Db } from '../db/client.js';
import { DomainError } from './errors.js';
import { eventsAfter, latestEventId, type EventFilter, type EventRow } from './events.js';
import { decodeCursor } from './pagination.js';

export interface StreamLimits {
  /** Rows read from the log per query; also the most a subscription holds in memory. */
  batchSize: number;
  /** A safety net: how often sleeping subscriptions look at the log without being woken. */
  pollIntervalMs: number;
}

/** The same test as the SQL filter of `eventsAfter`, for events read from the tail. */
function matches(event: EventRow, filter: EventFilter | undefined): boolean {
  if (!filter) return true;
  return (
    (filter.conflictId === undefined || event.conflictId === filter.conflictId) &&
    (!filter.kinds?.length || filter.kinds.includes(event.kind)) &&
    (filter.subjectType === undefined || event.subjectType === filter.subjectType) &&
    (filter.subjectId === undefined || event.subjectId === filter.subjectId) &&
    (filter.talkId === undefined || event.talkId === filter.talkId) &&
    (!filter.actorIds?.length || filter.actorIds.some((id) => event.actorIds.includes(id)))
  );
}

export const DEFAULT_STREAM_LIMITS: StreamLimits = { batchSize: 100, pollIntervalMs: 5_000 };

/** What a subscription asks its transport: how many bytes it has written that the client has not read. */
export type BacklogProbe = () => number;

/**
 * Who takes a subscriber's events without waiting for it to ask (see `LiveSubscription`). `offer`
 * answers false when it cannot take this one now; the event then waits for the subscriber's pull.
 * It must refuse while its transport holds bytes the client has not taken (beyond what the pull
 * would let through): the pull is what applies the backlog limit and the stall drop.
 */
export interface DirectDelivery {
  offer(event: EventRow): boolean;
}

/** A subscription to the stream, as `EventStream.subscribe` opens it. */
export interface LiveSubscription extends AsyncIterableIterator<EventRow> {
  /**
   * Events that arrive while the subscriber waits for its next one go to `delivery`, all
   * subscribers in one synchronous pass per notice, rather than each through its own chain of
   * promises: at thousands of subscribers the promises, not the writes, were most of a fan-out.
   */
  deliverDirectly(delivery: DirectDelivery): void;
}

export interface SubscribeOptions {
  /** Deliver events with ids greater than this: 0 for the whole log, or a cursor's id. */
  afterId: number;
  filter?: EventFilter;
  /** A further test on each event, for what the SQL filter cannot say. */
  match?: (event: EventRow) => boolean;
  /** How much the transport holds unread for this subscriber, when it can tell. */
  backlog?: BacklogProbe;
  /** Bytes the transport may hold for this subscriber before the subscription is ended. */
  maxBacklogBytes?: number;
  /**
   * Called when events have waited `stallTimeoutMs` for a subscriber that stopped asking for
   * them (a transport that respects backpressure stops pulling): the transport drops the client.
   */
  onStall?: () => void;
  stallTimeoutMs?: number;
  /** Called once when the subscription ends, however it ends. */
  onClose?: () => void;
}

/**
 * Where a subscription starts: after the event a cursor names, or, with no cursor, after the
 * newest event (only what is recorded from now on). A cursor the log never issued is an error.
 */
export function startingPoint(db: Db, cursor: string | null | undefined): number {
  const latest = latestEventId(db);
  if (cursor == null) return latest;
  const [key, id] = decodeCursor(cursor);
  if (key !== id || id < 0 || id > latest) {
    throw new DomainError('INVALID_CURSOR', `"${cursor.slice(0, 64)}" is not a cursor of the event log.`);
  }
  return id;
}

/** How many of the newest events the stream keeps in memory for subscribers that are caught up. */
const TAIL_SIZE = 1_000;

export class EventStream {
  private readonly subscriptions = new Set<Subscription>();
  private newest: number;
  /**
   * The tail of the log: every event with an id in (tailFrom, tailTo], in order. Subscribers that
   * are caught up read from it, so one event costs one query however many are subscribed;
   * subscribers further behind (a replay) read the table.
   */
  private tail: EventRow[] = [];
  private tailFrom: number;
  private tailTo: number;
  private tailStale = true;
  private poller: NodeJS.Timeout | undefined;
  private waking: NodeJS.Immediate | undefined;

  constructor(
    private readonly db: Db,
    private readonly limits: StreamLimits = DEFAULT_STREAM_LIMITS,
  ) {
    this.newest = latestEventId(db);
    this.tailFrom = this.tailTo = this.newest;
  }

  /**
   * Something may have been appended (up to `lastEventId`, when the notice says): every sleeping
   * subscription looks at the log again.
   */
  notify(lastEventId?: number): void {
    if (lastEventId !== undefined && lastEventId > this.newest) this.newest = lastEventId;
    this.tailStale = true;
    // Once the code that committed has answered (a wake-up can write to thousands of sockets),
    // and once for all the notices of one turn of the event loop.
    this.waking ??= setImmediate(() => {
      this.waking = undefined;
      for (const subscription of this.subscriptions) subscription.wake();
    });
  }

  /** The newest event id this process has heard of: what a cached answer was computed at. */
  get newestKnownId(): number {
    return this.newest;
  }

  /** How many subscriptions are open right now. */
  get live(): number {
    return this.subscriptions.size;
  }

  subscribe(options: SubscribeOptions): LiveSubscription {
    return new Subscription(this, options);
  }

  /** Ends every open subscription normally (clients see them complete): for a graceful shutdown. */
  endAll(): void {
    for (const subscription of [...this.subscriptions]) subscription.finish();
  }

  /** @internal */
  open(subscription: Subscription): void {
    this.subscriptions.add(subscription);
    // A new subscriber starts from what the table holds now, even if no notice has told this
    // process of another's writes (Redis away): its first read refreshes the tail.
    this.tailStale = true;
    // One safety-net poll for all subscriptions, running only while there are any.
    this.poller ??= setInterval(() => this.notify(), this.limits.pollIntervalMs).unref();
  }

  /** @internal */
  close(subscription: Subscription): void {
    this.subscriptions.delete(subscription);
    if (this.subscriptions.size === 0 && this.poller) {
      clearInterval(this.poller);
      this.poller = undefined;
    }
  }

  /** @internal The next events after `afterId` that pass the filter, at most a batch. */
  read(afterId: number, filter: EventFilter | undefined): EventRow[] {
    if (afterId < this.tailFrom) return eventsAfter(this.db, afterId, this.limits.batchSize, filter);
    this.refreshTail();
    const found: EventRow[] = [];
    // The tail is in id order: a caught-up subscriber starts at its cursor rather than scanning
    // up to TAIL_SIZE older events, which every one of thousands of subscribers did per event.
    for (let i = this.firstAfter(afterId); i < this.tail.length; i++) {
      const event = this.tail[i]!;
      if (!matches(event, filter)) continue;
      found.push(event);
      if (found.length === this.limits.batchSize) break;
    }
    return found;
  }

  /** The index of the first tail event with an id greater than `afterId`. */
  private firstAfter(afterId: number): number {
    let low = 0;
    let high = this.tail.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.tail[middle]!.id <= afterId) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Reads what was appended since the tail was last read, once per notice, for everyone. */
  private refreshTail(): void {
    while (this.tailStale) {
      const added = eventsAfter(this.db, this.tailTo, this.limits.batchSize);
      this.tailStale = added.length === this.limits.batchSize;
      if (!added.length) break;
      this.tail.push(...added);
      this.tailTo = added.at(-1)!.id;
      if (this.tail.length > TAIL_SIZE) {
        const dropped = this.tail.splice(0, this.tail.length - TAIL_SIZE);
        this.tailFrom = dropped.at(-1)!.id;
      }
    }
  }

  /** @internal */
  get batchSize(): number {
    return this.limits.batchSize;
  }
}

/**
 * One subscriber's view of the log. Pull-based: it reads the next batch only when the transport
 * asks for the next event, so a slow reader never makes the server queue events for it; the
 * transport's own buffer is watched instead (see `backlog`).
 */
class Subscription implements LiveSubscription {
  private lastId: number;
  private batch: EventRow[] = [];
  private closed = false;
  private dirty = true;
  private sleeper: (() => void) | undefined;
  private stallTimer: NodeJS.Timeout | undefined;
  private direct: DirectDelivery | undefined;

  // Methods, not per-instance closures: an idle subscription should hold as little as it can.
  constructor(
    private readonly stream: EventStream,
    private readonly options: SubscribeOptions,
  ) {
    this.lastId = options.afterId;
    stream.open(this);
  }

  /** @internal Something may have been appended. */
  wake(): void {
    this.dirty = true;
    if (this.sleeper) {
      if (!this.deliverWhileAsleep()) this.awaken();
    } else this.watchForStall();
  }

  deliverDirectly(delivery: DirectDelivery): void {
    this.direct = delivery;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  async next(): Promise<IteratorResult<EventRow>> {
    while (!this.closed) {
      this.clearStall();
      const queued = this.batch.shift();
      if (queued) {
        this.lastId = queued.id;
        if (this.options.match && !this.options.match(queued)) continue;
        this.checkBacklog();
        return { value: queued, done: false };
      }
      if (this.dirty) {
        this.readBatch();
        continue;
      }
      await this.sleep();
    }
    return { value: undefined, done: true };
  }

  private readBatch(): void {
    const batch = this.stream.read(this.lastId, this.options.filter);
    // A full batch means more may follow: read again once it is delivered, without waiting.
    this.dirty = batch.length >= this.stream.batchSize;
    this.batch = batch;
  }

  /**
   * While the subscriber waits, its events go straight to the direct delivery, in order, read
   * and filtered as `next` does. True when nothing is left for the subscriber's pull; false when
   * an event must go the pull's way: the delivery refused it, or something threw (the pull meets
   * it again and reports it as it always does).
   */
  private deliverWhileAsleep(): boolean {
    if (!this.direct) return false;
    try {
      for (;;) {
        const event = this.batch[0];
        if (!event) {
          if (!this.dirty) return true;
          this.readBatch();
          continue;
        }
        if ((!this.options.match || this.options.match(event)) && !this.direct.offer(event)) return false;
        this.batch.shift();
        this.lastId = event.id;
      }
    } catch {
      return false;
    }
  }

  async return(): Promise<IteratorResult<EventRow>> {
    this.finish();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<EventRow>> {
    this.finish();
    throw error;
  }

  private checkBacklog(): void {
    const { backlog, maxBacklogBytes } = this.options;
    if (!backlog || maxBacklogBytes === undefined) return;
    if (backlog() > maxBacklogBytes) {
      this.finish();
      throw new DomainError(
        'SLOW_CONSUMER',
        `This subscriber is reading too slowly (over ${maxBacklogBytes} bytes unread); the subscription ended. Subscribe again with after: the cursor of the last event received to resume without a gap.`,
      );
    }
  }

  /** Woken while the subscriber is not waiting: if it does not ask again in time, it has stalled. */
  private watchForStall(): void {
    const { onStall, stallTimeoutMs } = this.options;
    if (!onStall || stallTimeoutMs === undefined || this.stallTimer || this.closed) return;
    this.stallTimer = setTimeout(() => {
      this.finish();
      onStall();
    }, stallTimeoutMs);
    this.stallTimer.unref();
  }

  private clearStall(): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
  }

  private sleep(): Promise<void> {
    return new Promise((resolve) => {
      this.sleeper = resolve;
    });
  }

  private awaken(): void {
    const sleeper = this.sleeper;
    this.sleeper = undefined;
    sleeper?.();
  }

  /** @internal Ends the subscription (the client sees it complete); idempotent. */
  finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.clearStall();
    this.batch = [];
    this.stream.close(this);
    this.options.onClose?.();
    this.awaken();
  }
}
