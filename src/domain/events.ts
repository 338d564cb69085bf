/**
 * The event log and the unit of work. Every command runs inside a WriteScope: its rows and its
 * events commit together, and the events are handed to listeners only after the commit.
 */
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { insertRow, rowsByIds } from './rows.js';
import { encodeCursor, paginate, type Page, type PageRequest } from './pagination.js';
import type { Db } from '../db/client.js';
import { events } from '../db/schema.js';
import { earliestDay } from './dated.js';
import { canDeferIndexing, deferIndexing, indexDeferred } from './search.js';
import type { EventKind, SubjectType } from './vocabulary.js';

export type EventRow = typeof events.$inferSelect;

export interface WriteScope {
  /**
   * The Writer's connection, inside the command's transaction: better-sqlite3 runs every
   * statement of a connection in its open transaction, and the Writer opens one (or a savepoint
   * of one) around each command.
   */
  tx: Db;
  /** Events appended in this unit of work, in order. */
  appended: EventRow[];
}

export interface NewEvent {
  kind: EventKind;
  subjectType: SubjectType;
  subjectId: number;
  conflictId: number | null;
  /** The round of talks the subject bears on. */
  talkId?: number | null;
  /** The actors the subject involves. */
  actorIds?: readonly (number | null | undefined)[];
  occurredOn?: string | null;
  summary: string;
  /** Why, for a correction. */
  reason?: string | null;
  /** The subject as this event committed it. */
  data: unknown;
}

export function appendEvent(scope: WriteScope, event: NewEvent): EventRow {
  const row = insertRow(scope.tx, events, {
    ...event,
    talkId: event.talkId ?? null,
    actorIds: [...new Set((event.actorIds ?? []).filter((id): id is number => typeof id === 'number'))],
    occurredOn: event.occurredOn ? earliestDay(event.occurredOn) : null,
    reason: event.reason ?? null,
  });
  scope.appended.push(row);
  return row;
}

/** A transaction held open by `Writer.begin`. */
export interface Batch {
  /** Runs a command in a savepoint: its writes are undone alone if it throws. */
  run<T>(work: (scope: WriteScope) => T): T;
  commit(): void;
  rollback(): void;
}

export type EventListener = (committed: readonly EventRow[]) => void;

/** Commands submitted in one turn of the event loop, in one transaction, and who awaits its commit. */
interface Group {
  events: EventRow[];
  settle: { resolve: () => void; reject: (error: unknown) => void }[];
  /** When its transaction began (performance.now()). */
  began: number;
}

/**
 * Runs commands as transactions. Listeners hear of the events once the transaction has
 * committed, never before, and never of a rolled-back one.
 *
 * The server submits its commands (`submit`) for a group commit: the commands that arrive in one
 * turn of the event loop each run at once, in a savepoint of one shared transaction, which commits
 * after them all, and each caller hears of its result only then. A commit writes every page the
 * transaction touched to the WAL, and the search index writes a segment for the new documents
 * of each transaction (deferIndexing, indexDeferred): shared by the commands of a group, that is
 * most of a write's cost in SQLite (measured before the indexing was deferred: 410 µs a write
 * alone, 230 µs in groups of 4, 160 µs in groups of 16). A command that fails rolls back its
 * savepoint only; a commit that fails fails every command of its group, none of which was
 * acknowledged. Readers use another connection (the server's), so no one reads what is not
 * committed yet.
 */
export class Writer {
  private readonly listeners = new Set<EventListener>();
  private readonly commitTimers = new Set<(seconds: number) => void>();
  private group: Group | undefined;
  /** Runs a function in a savepoint (better-sqlite3 nests a transaction function that way). */
  private readonly inSavepoint: <T>(fn: () => T) => T;
  /** Runs a function in a transaction that takes the write lock at once (BEGIN IMMEDIATE). */
  private readonly inTransaction: <T>(fn: () => T) => T;

  /**
   * Whether the schema lets this Writer defer indexing (migrations/0006). On an older one, as a
   * database is before it is migrated, the triggers index each row at once.
   */
  private readonly defersIndexing: boolean;

  constructor(private readonly db: Db) {
    const transaction = db.$client.transaction((fn: () => unknown) => fn());
    this.inSavepoint = transaction as <T>(fn: () => T) => T;
    this.inTransaction = transaction.immediate as <T>(fn: () => T) => T;
    this.defersIndexing = canDeferIndexing(db);
  }

  /** Runs a command in a transaction of its own, committed when this returns (seeding, scripts). */
  run<T>(work: (scope: WriteScope) => T): T {
    this.flush();
    let appended: EventRow[] = [];
    const result = this.inTransaction(() => {
      if (this.defersIndexing) deferIndexing(this.db);
      const scope: WriteScope = { tx: this.db, appended: [] };
      const value = work(scope);
      if (this.defersIndexing) indexDeferred(this.db);
      appended = scope.appended;
      return value;
    });
    if (appended.length) this.tell(appended);
    return result;
  }

  /**
   * Runs a command now, in this turn's group; the promise settles once the group has committed:
   * with the command's result, or with its error (the command's writes undone, the group's kept).
   */
  submit<T>(work: (scope: WriteScope) => T): Promise<T> {
    const group = this.group ?? this.begin();
    let result: T;
    try {
      result = this.inSavepoint(() => {
        const scope: WriteScope = { tx: this.db, appended: [] };
        const value = work(scope);
        group.events.push(...scope.appended);
        return value;
      });
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<T>((resolve, reject) => group.settle.push({ resolve: () => resolve(result), reject }));
  }

  /**
   * Opens a transaction that stays open across turns of the event loop (a file imported in
   * batches), in which each command runs in a savepoint of its own: a refused command is undone
   * alone. Listeners hear of its events when it commits. Nothing else writes through this Writer
   * until it ends, so an importer holds it only as long as it must.
   */
  openBatch(): Batch {
    this.flush();
    this.db.run(sql`BEGIN IMMEDIATE`);
    if (this.defersIndexing) deferIndexing(this.db);
    const committed: EventRow[] = [];
    let open = true;
    const end = () => {
      if (!open) throw new Error('This batch has ended already.');
      open = false;
    };
    return {
      run: <T>(work: (scope: WriteScope) => T): T =>
        this.inSavepoint(() => {
          const scope: WriteScope = { tx: this.db, appended: [] };
          const value = work(scope);
          if (this.listeners.size) committed.push(...scope.appended);
          return value;
        }),
      commit: () => {
        end();
        if (this.defersIndexing) indexDeferred(this.db);
        this.db.run(sql`COMMIT`);
        if (committed.length) this.tell(committed);
      },
      rollback: () => {
        end();
        this.db.run(sql`ROLLBACK`);
      },
    };
  }

  /** Commits the open group now, if there is one (before a transaction of its own, and on shutdown). */
  flush(): void {
    const group = this.group;
    if (!group) return;
    this.group = undefined;
    try {
      if (this.defersIndexing) indexDeferred(this.db);
      this.db.run(sql`COMMIT`);
    } catch (error) {
      // A failed COMMIT may have ended the transaction already (SQLite rolls back on some errors).
      try {
        this.db.run(sql`ROLLBACK`);
      } catch {}
      for (const { reject } of group.settle) reject(error);
      return;
    }
    const seconds = (performance.now() - group.began) / 1000;
    try {
      for (const timer of this.commitTimers) timer(seconds);
      if (group.events.length) this.tell(group.events);
    } finally {
      for (const { resolve } of group.settle) resolve();
    }
  }

  private begin(): Group {
    this.db.run(sql`BEGIN IMMEDIATE`);
    if (this.defersIndexing) deferIndexing(this.db);
    const group: Group = { events: [], settle: [], began: performance.now() };
    this.group = group;
    // After the requests that arrived with this one have run their commands.
    setImmediate(() => {
      if (this.group === group) this.flush();
    });
    return group;
  }

  private tell(committed: EventRow[]): void {
    for (const listener of this.listeners) listener(committed);
  }

  /** Returns a function that removes the listener. */
  onCommit(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Hears how long each group commit took, from its BEGIN to its COMMIT returning: the write lock
   * held, and the wait of the group's first command. Returns a function that removes the listener.
   */
  onGroupCommit(listener: (seconds: number) => void): () => void {
    this.commitTimers.add(listener);
    return () => this.commitTimers.delete(listener);
  }
}

export interface EventFilter {
  conflictId?: number;
  kinds?: readonly EventKind[];
  subjectType?: SubjectType;
  subjectId?: number;
  /** Events about facts that bear on this round of talks (or about the round itself). */
  talkId?: number;
  /** Events about facts that involve any of these actors. */
  actorIds?: readonly number[];
}

export const loadEvents = (db: Db, ids: readonly number[]) => rowsByIds(db, events, ids);

/** Events after an id (exclusive), oldest first: the replay half of a resumed stream. */
export function eventsAfter(db: Db, afterId: number, limit: number, filter: EventFilter = {}): EventRow[] {
  return db
    .select()
    .from(events)
    .where(and(gt(events.id, afterId), ...eventConditions(filter)))
    .orderBy(asc(events.id))
    .limit(limit)
    .all();
}

/** The conditions on `events` a filter sets (one per filter field given). */
export function eventConditions(filter: EventFilter) {
  return [
    filter.conflictId !== undefined ? eq(events.conflictId, filter.conflictId) : undefined,
    filter.kinds?.length ? inArray(events.kind, [...filter.kinds]) : undefined,
    filter.talkId !== undefined ? eq(events.talkId, filter.talkId) : undefined,
    filter.actorIds?.length
      ? sql`EXISTS (SELECT 1 FROM json_each(${events.actorIds}) WHERE json_each.value IN ${sql`(${sql.join(
          filter.actorIds.map((id) => sql`${id}`),
          sql`, `,
        )})`})`
      : undefined,
    filter.subjectType ? eq(events.subjectType, filter.subjectType) : undefined,
    filter.subjectId !== undefined ? eq(events.subjectId, filter.subjectId) : undefined,
  ];
}

/** One page of the log, oldest first; the cursor is the event id. */
export function listEvents(db: Db, filter: EventFilter, page: PageRequest): Page<EventRow> {
  return paginate(
    db,
    events,
    and(...eventConditions(filter)),
    {
      key: events.id,
      id: events.id,
      direction: 'asc',
      cursorOf: (row) => [row.id, row.id],
    },
    page,
  );
}

/** An event's place in the log, as clients pass it back in `after`. */
export function eventCursor(event: Pick<EventRow, 'id'>): string {
  return encodeCursor([event.id, event.id]);
}

export function latestEventId(db: Db): number {
  return db
    .select({ id: sql<number>`coalesce(max(${events.id}), 0)` })
    .from(events)
    .get()!.id;
}

/** Every event about some facts of one kind, oldest first: their history. */
export function eventsAbout(db: Db, subjectType: SubjectType, subjectIds: readonly number[]): EventRow[] {
  return db
    .select()
    .from(events)
    .where(and(eq(events.subjectType, subjectType), inArray(events.subjectId, [...subjectIds])))
    .orderBy(asc(events.id))
    .all();
}
