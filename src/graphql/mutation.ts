/** What every mutation shares: one unit of work, its event, and the refusal type. */
import type { EventRow, WriteScope } from '../domain/events.js';
import { priorWrite, rememberWrite } from '../domain/idempotency.js';
import { subjectAsCommitted } from '../domain/subjects.js';
import { DomainError } from '../domain/errors.js';
import type { InputFieldMap, InputShapeFromFields } from '@pothos/core';
import type { GraphQLResolveInfo } from 'graphql';
import type { Types } from './builder.js';
import type { Context } from './context.js';
import { EventRef } from './event-ref.js';
import type { InputShape } from './inputs.js';

export interface Written<T> {
  value: T;
  /** The last event the write appended: its cursor is where a subscriber sees it. */
  event: EventRow;
}

/**
 * Runs a command on the domain's input that `shape` makes of `input`, in one transaction (shared
 * with the commands that arrived with it: see Writer); answers, and events reach subscribers, only
 * after it commits. With an `Idempotency-Key`, a retry answers with the first write's result (its
 * subject as that write committed it, or what `replay` makes of its event) and records nothing.
 * A refusal names each offending field by its path in `input`.
 */
export async function write<Fields extends InputFieldMap, Data, T>(
  { ctx, info, input }: { ctx: Context; info: GraphQLResolveInfo; input: InputShapeFromFields<NoInfer<Fields>> },
  shape: InputShape<Fields, Data>,
  command: (scope: WriteScope, data: Data) => T,
  replay: (event: EventRow) => T = (event) => subjectAsCommitted(event.subjectType, event.data) as T,
): Promise<Written<T>> {
  try {
    return await submit(ctx, info, input, (scope) => command(scope, shape.data(input, [])), replay);
  } catch (error) {
    throw error instanceof DomainError ? inClientTerms(error, shape) : error;
  }
}

function submit<T>(
  ctx: Context,
  info: GraphQLResolveInfo,
  input: unknown,
  command: (scope: WriteScope) => T,
  replay: (event: EventRow) => T,
): Promise<Written<T>> {
  return ctx.writer.submit((scope) => {
    const idempotent =
      ctx.idempotencyKey && ctx.viewer
        ? { tokenId: ctx.viewer.tokenId, key: ctx.idempotencyKey, operation: info.fieldName, input }
        : undefined;
    const prior = idempotent && priorWrite(scope, idempotent);
    if (prior) return { value: replay(prior), event: prior };
    const value = command(scope);
    const event = scope.appended.at(-1)!;
    if (idempotent) rememberWrite(scope, idempotent, event);
    return { value, event };
  });
}

/** A refused write, named in the client's terms: the path in `input` of each offending field. */
function inClientTerms(error: DomainError, shape: InputShape<InputFieldMap, unknown>): DomainError {
  return new DomainError(
    error.code,
    error.message,
    error.issues.map((issue) => {
      const path = issue.field.split('.');
      return { ...issue, field: ['input', ...(shape.inputPath(path) ?? path)].join('.') };
    }),
  );
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
export function payload<Ref extends Parameters<PayloadBuilder['field']>[0]['type']>(field: string, ref: Ref, description: string) {
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
