/** Global IDs: base64url of `Type:id`. A malformed one is a client error, never a 500. */
import { GraphQLError, isObjectType, type GraphQLSchema } from 'graphql';

/** An ID the client sent that Parley cannot use here. */
export class InvalidIdError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'INVALID_ID' } });
  }
}

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`).toString('base64url');
}

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Z][A-Za-z]*):([1-9][0-9]{0,15})$/.exec(decoded);
  if (!match) {
    throw new InvalidIdError(`"${globalId.slice(0, 64)}" is not a Parley ID.`);
  }
  return { typename: match[1]!, id: match[2]! };
}

/** The row id behind a global ID that must name an object of one of the given types. */
export function rowIdOf(globalId: string, ...typenames: string[]): number {
  const { typename, id } = decodeGlobalId(globalId);
  if (!typenames.includes(typename)) {
    throw new InvalidIdError(`This ID names ${article(typename)}; ${article(typenames.join(' or '))} is expected here.`);
  }
  return Number(id);
}

export const article = (noun: string) => `${/^[AEIOU]/.test(noun) ? 'an' : 'a'} ${noun}`;

/** A decoded ID whose type is not a Node of this schema is a client error, not an internal one. */
export function requireNodeType<T extends { typename: string }>(schema: GraphQLSchema, id: T): T {
  const type = schema.getType(id.typename);
  if (!isObjectType(type) || !type.getInterfaces().some((i) => i.name === 'Node')) {
    throw new GraphQLError(`Parley has no object of type "${id.typename.slice(0, 64)}" to fetch by ID.`, {
      extensions: { code: 'INVALID_ID' },
    });
  }
  return id;
}
