/** Global IDs: base64url of `Type:id`. A malformed one is a client error, never a 500. */
import { GraphQLError } from 'graphql';

export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`).toString('base64url');
}

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Z][A-Za-z]*):([1-9][0-9]{0,15})$/.exec(decoded);
  if (!match) {
    throw new GraphQLError(`"${globalId.slice(0, 64)}" is not a Parley ID.`, { extensions: { code: 'INVALID_ID' } });
  }
  return { typename: match[1]!, id: match[2]! };
}

/** The row id behind a global ID that must name an object of one of the given types. */
export function rowIdOf(globalId: string, ...typenames: string[]): number {
  const { typename, id } = decodeGlobalId(globalId);
  if (!typenames.includes(typename)) {
    throw new GraphQLError(`This ID names a ${typename}; a ${typenames.join(' or ')} is expected here.`, {
      extensions: { code: 'INVALID_ID' },
    });
  }
  return Number(id);
}
