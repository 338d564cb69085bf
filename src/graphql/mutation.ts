/** What every mutation shares: one unit of work, its event, and the refusal type. */
import type { EventRow, WriteScope } from '../domain/events.js';
import { DomainError } from '../domain/errors.js';
import type { Types } from './builder.js';
import type { Context } from './context.js';
import { EventRef } from './event-ref.js';

export interface Written<T> {
  value: T;
  /** The last event the write appended: its cursor is where a subscriber sees it. */
  event: EventRow;
}

/** Runs a command in one transaction; events reach subscribers only after it commits. */
export function write<T>(ctx: Context, command: (scope: WriteScope) => T): Written<T> {
  return ctx.writer.run((scope) => {
    const value = command(scope);
    return { value, event: scope.appended.at(-1)! };
  });
}

/** The `errors` option of a mutation: refusals come back as a `UserError` in `<Name>Result`. */
export function refusals(name: string) {
  return {
    types: [DomainError],
    union: {
      name: `${name}Result`,
      description: `What ${name.charAt(0).toLowerCase()}${name.slice(1)} returns: its payload, or why nothing was recorded.`,
    },
  };
}

/**
 * The payload options of a mutation: the written object under `field`, and the event it appended.
 */
export function payload<Ref extends Parameters<PayloadBuilder['field']>[0]['type']>(
  field: string,
  ref: Ref,
  description: string,
) {
  return {
    description: `What was written: the ${field} and its event.`,
    outputFields: (t: PayloadBuilder) => ({
      [field]: t.field({ type: ref, description, resolve: (w: Written<unknown>) => w.value as never }),
      event: t.field({
        type: EventRef,
        description: 'The event the write appended: its `cursor` is where subscribers see it.',
        resolve: (w: Written<unknown>) => w.event,
      }),
    }),
  };
}

type PayloadBuilder = PothosSchemaTypes.ObjectFieldBuilder<Types, Written<unknown>>;
