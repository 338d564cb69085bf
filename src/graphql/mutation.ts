/** What every mutation shares: one unit of work, its event, and the refusal type. */
import type { EventRow, WriteScope } from '../domain/events.js';
import { priorWrite, rememberWrite } from '../domain/idempotency.js';
import { subjectAsCommitted } from '../domain/subjects.js';
import { DomainError } from '../domain/errors.js';
import { InvalidIdError } from './ids.js';
import type { GraphQLResolveInfo } from 'graphql';
import type { Types } from './builder.js';
import type { Context } from './context.js';
import { EventRef } from './event-ref.js';

export interface Written<T> {
  value: T;
  /** The last event the write appended: its cursor is where a subscriber sees it. */
  event: EventRow;
}

/**
 * Runs a command in one transaction (shared with the commands that arrived with it: see Writer);
 * answers, and events reach subscribers, only after it commits. With an `Idempotency-Key`, a retry
 * answers with the first write's result (its subject as that write committed it, or what `replay`
 * makes of its event) and records nothing.
 */
export async function write<T>(
  { ctx, info, input }: { ctx: Context; info: GraphQLResolveInfo; input: unknown },
  command: (scope: WriteScope) => T,
  replay: (event: EventRow) => T = (event) => subjectAsCommitted(event.subjectType, event.data) as T,
): Promise<Written<T>> {
  try {
    return await submit(ctx, info, input, command, replay);
  } catch (error) {
    throw asInputError(error, info.fieldName, input);
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

/**
 * The domain names its input fields in its own terms (`conflictId`, `changes.title`); a client
 * needs the path in what it sent (`input.conflict`, `input.title`). References drop their `Id`;
 * these are the names that differ otherwise, per mutation.
 */
const RENAMED: Record<string, Record<string, string>> = {
  '*': { speakerPersonId: 'speaker', speakerActorId: 'speakingActor', hostActorId: 'host', subjectId: 'subject' },
  submitProposal: { actorId: 'submittedBy' },
};
/** Mutations whose domain input flattens a nested GraphQL input object. */
const NESTED: Record<string, { under: string; except: string[] }> = {
  recordFigure: { under: 'figure', except: ['conflictId', 'incidentId'] },
};

function inputPath(operation: string, domainPath: string): string {
  const segments = domainPath
    .replace(/^changes\./, '')
    .split('.')
    .filter((s) => s !== '(input)');
  const renamed = segments.map((s) => RENAMED[operation]?.[s] ?? RENAMED['*']![s] ?? (/^[a-z]\w*Id$/.test(s) ? s.slice(0, -2) : s));
  const nested = NESTED[operation];
  if (nested && segments[0] && !nested.except.includes(segments[0])) renamed.unshift(nested.under);
  return ['input', ...renamed].join('.');
}

/** Where in the input a value sits, for naming the field of an ID that cannot be used. */
function pathOf(value: unknown, target: string, path: string[] = []): string[] | undefined {
  if (value === target) return path;
  if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const found = pathOf(child, target, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** A refused write, named in the client's terms: the path of each offending input field. */
function asInputError(error: unknown, operation: string, input: unknown): unknown {
  if (error instanceof DomainError) {
    return new DomainError(
      error.code,
      error.message,
      error.issues.map((issue) => ({ ...issue, field: inputPath(operation, issue.field) })),
    );
  }
  if (error instanceof InvalidIdError) {
    const path = pathOf(input, error.value);
    return new DomainError('BAD_USER_INPUT', error.message, [{ field: ['input', ...(path ?? [])].join('.'), message: error.message }]);
  }
  return error;
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
