/**
 * Mutation inputs, declared once. Each input field says how GraphQL declares it, which key of the
 * domain command's input it fills and how its value converts; from that one declaration come the
 * Pothos input fields, the command's input, and the client's path of every domain path a refusal
 * names (`changes.title` is `input.title`, `figures.0.actorId` is `input.figures.0.actor`).
 */
import type { FieldRequiredness, InputFieldMap, InputShapeFromFields, InputShapeFromTypeParam, InputTypeParam } from '@pothos/core';
import { builder, type Types } from './builder.js';
import { InvalidIdError, rowIdOf } from './ids.js';
import { DomainError } from '../domain/errors.js';
import { AttributionRelationEnum, DatePrecisionEnum } from './vocabulary.js';

type Builder = PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>;

/** Where a value sits in the domain command's input, as the domain names it in a refusal. */
type Path = readonly (string | number)[];

/**
 * One input field. Its value fills `key` of the domain's input, `{name}` standing for the field's
 * own name; a null key merges the value's entries into the input that holds the field.
 */
export interface InputField<Arg, Out, Key extends string | null> {
  readonly key: Key;
  declare(t: Builder): PothosSchemaTypes.InputFieldRef<Types, Arg>;
  /** `at` is the value's domain path (for a merged value, its parent's), for naming it in a refusal. */
  convert(value: Arg, at: Path): Out;
  /** The client's path, inside this field, of a domain path inside its value; undefined when not its. */
  inner(domainPath: string[]): string[] | undefined;
  /** The same field filling another key: `submittedBy` fills `actorId`; null merges. */
  into<const K extends string | null>(key: K): InputField<Arg, Out, K>;
}

/** A field from its parts, for the kinds `value`, `ref` and `inputObject` do not make. */
export function inputField<Arg, Out, Key extends string | null>(
  declare: (t: Builder) => PothosSchemaTypes.InputFieldRef<Types, Arg>,
  convert: (value: Arg, at: Path) => Out,
  key: Key,
  inner: (domainPath: string[]) => string[] | undefined = () => undefined,
): InputField<Arg, Out, Key> {
  return { key, declare, convert, inner, into: (other) => inputField(declare, convert, other, inner) };
}

/** An input object's fields and the domain input they make. */
export interface InputShape<Fields extends InputFieldMap, Data> {
  fields(t: Builder): Fields;
  data(input: InputShapeFromFields<Fields>, at: Path): Data;
  /** The client's path of a domain path, relative to this input; undefined when none of its fields holds it. */
  inputPath(domainPath: string[]): string[] | undefined;
}

/** A field, or a shape whose fields sit flat in the input and whose data nests under its name. */
type Entry = InputField<unknown, unknown, string | null> | InputShape<InputFieldMap, unknown>;
type Entries = Record<string, Entry>;

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;
type Simplify<T> = { [K in keyof T]: T[K] } & {};
type AsFieldMap<T> = T extends InputFieldMap ? T : never;
type Named<Name extends string, Key extends string> = Key extends `${infer Before}{name}${infer After}` ? `${Before}${Name}${After}` : Key;

type FieldsOf<E extends Entries> = AsFieldMap<
  UnionToIntersection<
    {
      [K in keyof E & string]: E[K] extends InputShape<infer F, unknown>
        ? F
        : E[K] extends InputField<infer A, unknown, string | null>
          ? { [P in K]: PothosSchemaTypes.InputFieldRef<Types, A> }
          : never;
    }[keyof E & string]
  >
>;

type DataOf<E extends Entries> = Simplify<
  UnionToIntersection<
    {
      [K in keyof E & string]: E[K] extends InputShape<InputFieldMap, infer D>
        ? { [P in K]: D }
        : E[K] extends InputField<unknown, infer O, infer Key>
          ? Key extends string
            ? { [P in Named<K, Key>]: O }
            : O
          : never;
    }[keyof E & string]
  >
>;

const isShape = (entry: Entry): entry is InputShape<InputFieldMap, unknown> => 'fields' in entry;
const keyOf = (field: InputField<unknown, unknown, string | null>, name: string) => field.key?.replace('{name}', name) ?? null;

function shapeOf<E extends Entries, Data>(entries: () => E, onlyGiven: boolean): InputShape<FieldsOf<E>, Data> {
  let named: [string, Entry][] | undefined;
  const list = () => (named ??= Object.entries(entries()));
  return {
    fields: (t) =>
      Object.fromEntries(
        list().flatMap(([name, entry]) => (isShape(entry) ? Object.entries(entry.fields(t)) : [[name, entry.declare(t)]])),
      ) as FieldsOf<E>,
    data: (input, at) => {
      const given = input as Record<string, unknown>;
      const data: Record<string, unknown> = {};
      for (const [name, entry] of list()) {
        if (isShape(entry)) {
          data[name] = entry.data(given, [...at, name]);
          continue;
        }
        if (onlyGiven && given[name] === undefined) continue;
        const key = keyOf(entry, name);
        const value = entry.convert(given[name], key === null ? at : [...at, key]);
        if (key === null) Object.assign(data, value);
        // A value that converts to nothing is left out, as an amendment leaves out what it keeps.
        else if (value !== undefined) data[key] = value;
      }
      return data as Data;
    },
    inputPath: (path) => {
      const [head, ...rest] = path;
      for (const [name, entry] of list()) {
        if (isShape(entry)) {
          if (head === name) return entry.inputPath(rest) ?? rest;
          continue;
        }
        const key = keyOf(entry, name);
        if (key === null) {
          const inner = entry.inner(path);
          if (inner) return [name, ...inner];
        } else if (head === key) return [name, ...(entry.inner(rest) ?? rest)];
      }
      return undefined;
    },
  };
}

/**
 * The input of a mutation or of an input object: its fields in the order GraphQL shows them. Like
 * Pothos's `fields`, they are read when first needed, so they may use types of modules that import
 * this one's.
 */
export function inputShape<E extends Entries>(entries: () => E): InputShape<FieldsOf<E>, DataOf<E>> {
  return shapeOf(entries, false);
}

/**
 * What an amendment changes, among the fields of its input, for the domain's `changes`: a field
 * left out stays as it is; null removes an optional value (`kept` refuses that for others).
 */
export function changes<E extends Entries>(entries: E): InputShape<FieldsOf<E>, Partial<DataOf<E>>> {
  return shapeOf(() => entries, true);
}

/** Where a value converts as it is, an absent one as its default, an empty list, or null. */
type Given<Arg, Default> = undefined extends Arg
  ? NonNullable<Arg> extends readonly unknown[]
    ? NonNullable<Arg>
    : undefined extends Default
      ? NonNullable<Arg> | null
      : NonNullable<Arg>
  : Arg;

/**
 * A field whose value the domain takes as it is (or as `convert` makes it). Absent or null, it is
 * its default value, an empty list, or null.
 */
export function value<
  Type extends InputTypeParam<Types>,
  Req extends FieldRequiredness<Type>,
  Default = undefined,
  Out = Given<InputShapeFromTypeParam<Types, Type, Req>, Default>,
>(
  options: PothosSchemaTypes.InputObjectFieldOptions<Types, Type, Req> & { defaultValue?: Default },
  convert?: (value: InputShapeFromTypeParam<Types, Type, Req>) => Out,
): InputField<InputShapeFromTypeParam<Types, Type, Req>, NoInfer<Out>, '{name}'> {
  const absent = options.defaultValue ?? (Array.isArray(options.type) ? [] : null);
  return inputField((t) => t.field<Type, Req>(options), convert ?? ((given) => (given ?? absent) as Out), '{name}');
}

/**
 * Decodes an ID the client sent; one that cannot be used here is refused at `at`, its domain path,
 * like any other invalid input.
 */
export function idAt<T>(at: Path, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (!(error instanceof InvalidIdError)) throw error;
    throw new DomainError('BAD_USER_INPUT', error.message, [{ field: at.join('.'), message: error.message }]);
  }
}

/** A field holding the global ID of a `typename`: its row id fills `<name>Id`. */
export function ref<Req extends boolean>(
  typename: string,
  options: { required: Req; description: string },
): InputField<InputShapeFromTypeParam<Types, 'ID', Req>, Req extends true ? number : number | null, '{name}Id'> {
  return inputField(
    (t) => t.field<'ID', Req>({ ...options, type: 'ID' }),
    (id, at) => (id == null ? null : idAt(at, () => rowIdOf(String(id), typename))) as Req extends true ? number : number | null,
    '{name}Id',
  );
}

/**
 * An amendment's field for a value every fact keeps (a title, a date): it can be changed, and
 * null, which would remove it, is refused.
 */
export function kept<Arg, Out, Key extends string | null>(field: InputField<Arg, Out, Key>): InputField<Arg, Exclude<Out, null>, Key> {
  return inputField(
    field.declare,
    (given, at) => {
      if (given === null)
        throw new DomainError('BAD_USER_INPUT', 'This field can be changed, not removed.', [
          { field: at.join('.'), message: 'cannot be removed' },
        ]);
      return field.convert(given, at) as Exclude<Out, null>;
    },
    field.key,
    field.inner,
  );
}

/** A named input object type declared like a mutation's input, and the fields that hold one or a list. */
export function inputObject<E extends Entries>(name: string, description: string, entries: () => E) {
  const shape = inputShape(entries);
  const ref = builder.inputType(name, { description, fields: (t) => shape.fields(t) });
  type Arg = InputShapeFromFields<FieldsOf<E>>;
  return {
    one: <Req extends boolean>(options: { required: Req; description: string }) =>
      inputField(
        (t) => t.field<typeof ref, Req>({ ...options, type: ref }),
        (given, at) => (given == null ? null : shape.data(given as Arg, at)) as Req extends true ? DataOf<E> : DataOf<E> | null,
        '{name}',
        (path) => shape.inputPath(path),
      ),
    list: <Req extends boolean>(options: { required: Req; description: string }) =>
      inputField(
        (t) => t.field<[typeof ref], Req>({ ...options, type: [ref] }),
        (given, at) => ((given ?? []) as Arg[]).map((item, i) => shape.data(item, [...at, i])),
        '{name}',
        ([index, ...rest]) => (index !== undefined ? [index, ...(shape.inputPath(rest) ?? rest)] : undefined),
      ),
  };
}

export const PartialDateInput = inputObject(
  'PartialDateInput',
  'A date as precise as the source makes it. A RANGE needs a `start` and an `end`, a BEFORE an `end` only, the others a `start` only.',
  () => ({
    start: value({
      type: 'Date',
      required: false,
      description: 'The earliest day it can be (the first day of a MONTH or YEAR); none for a BEFORE.',
    }),
    end: value({ type: 'Date', required: false, description: 'The latest day it can be, for a RANGE or a BEFORE.' }),
    precision: value({ type: DatePrecisionEnum, required: true, description: 'How precise the date is.' }),
    text: value({ type: 'String', required: false, description: 'How the source put it ("Monday", "over the weekend").' }),
  }),
);

export const SourceInput = inputObject('SourceInput', 'A source to attach to the fact being written.', () => ({
  source: ref('Source', { required: true, description: 'The source (see `sources` and `registerSource`).' }),
  relation: value({
    type: AttributionRelationEnum,
    required: false,
    defaultValue: 'ACCORDING_TO',
    description: 'How the source stands behind the fact.',
  }),
  note: value({ type: 'String', required: false, description: "The source's own wording, where it adds something." }),
}));

/** An optional global ID argument as a row id of the given type. */
export function optionalRowId(id: string | number | null | undefined, typename: string): number | null {
  return id == null ? null : rowIdOf(String(id), typename);
}
