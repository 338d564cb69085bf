/**
 * Which event an as-of read answers at: the one a cursor names, or the newest recorded by a time.
 * The read itself is the as-of connection's (src/db/as-of.ts): the same reads, on versioned views.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { DomainError } from './errors.js';
import { startingPoint } from './stream.js';

export interface AsOfArgs {
  /** An instant: the knowledge base right after the newest event recorded at or before it. */
  at?: Date | null;
  /** An event cursor, as the event stream and `extensions.asOf` give them. */
  cursor?: string | null;
}

/**
 * The event id `args` names; 0 (before the first event: nothing recorded) for a time before any.
 * Exactly one of `at` and `cursor` must be given; a cursor must name an event of the log.
 */
export function asOfEventId(db: Db, args: AsOfArgs): number {
  const { at, cursor } = args;
  if ((at == null) === (cursor == null)) {
    throw new DomainError('BAD_USER_INPUT', 'asOf takes exactly one of `at` (a time) and `cursor` (an event cursor).', [
      { field: at == null ? 'at' : 'cursor', message: at == null ? 'give `at` or `cursor`' : 'give `at` or `cursor`, not both' },
    ]);
  }
  if (cursor != null) return startingPoint(db, cursor);
  const time = at!.getTime();
  if (!Number.isFinite(time)) throw new DomainError('BAD_USER_INPUT', '`at` is not a valid time.', [{ field: 'at', message: 'invalid' }]);
  // events_recorded_at_idx (migrations/0013): the newest event by the time it was recorded.
  const row = db.get<{ id: number } | undefined>(
    sql`SELECT id FROM events WHERE recorded_at <= ${time} ORDER BY recorded_at DESC, id DESC LIMIT 1`,
  );
  return row?.id ?? 0;
}
