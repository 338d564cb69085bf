/** Idempotent writes: the same key, token and operation record once and answer the same after. */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { events, idempotencyKeys } from '../db/schema.js';
import type { EventRow, WriteScope } from './events.js';
import { DomainError } from './errors.js';

export interface IdempotentWrite {
  tokenId: number;
  key: string;
  /** The mutation, so one key can serve one write of each kind. */
  operation: string;
  input: unknown;
}

/**
 * What a key may be: 1 to 200 printable ASCII characters, no space, so that it is stored as the
 * client wrote it, whatever carries it. The transports refuse any other key rather than ignore it:
 * a client sending one means its retries to record once.
 */
export const isIdempotencyKey = (key: unknown): key is string => typeof key === 'string' && /^[\x21-\x7e]{1,200}$/.test(key);

/** The rule, as a refusal says it. */
export const IDEMPOTENCY_KEY_RULE = 'must be 1 to 200 printable ASCII characters, without spaces';

const hashOf = (input: unknown) =>
  createHash('sha256')
    .update(JSON.stringify(input ?? null))
    .digest('hex');

/** The event the first write with this key appended, or undefined if the key is new. */
export function priorWrite(scope: WriteScope, write: IdempotentWrite): EventRow | undefined {
  const prior = scope.tx
    .select()
    .from(idempotencyKeys)
    .where(
      and(eq(idempotencyKeys.tokenId, write.tokenId), eq(idempotencyKeys.key, write.key), eq(idempotencyKeys.operation, write.operation)),
    )
    .get();
  if (!prior) return undefined;
  if (prior.inputHash !== hashOf(write.input)) {
    throw new DomainError('CONFLICT', 'This idempotency key was used for a different write; use a new key.', [
      { field: 'Idempotency-Key', message: 'already used with other input' },
    ]);
  }
  return scope.tx.select().from(events).where(eq(events.id, prior.eventId)).get();
}

export function rememberWrite(scope: WriteScope, write: IdempotentWrite, event: EventRow): void {
  scope.tx
    .insert(idempotencyKeys)
    .values({ tokenId: write.tokenId, key: write.key, operation: write.operation, inputHash: hashOf(write.input), eventId: event.id })
    .run();
}
