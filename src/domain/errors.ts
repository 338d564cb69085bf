/** Errors a client can act on. Each carries a stable code that the API exposes as `extensions.code`. */
export type DomainErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'INVALID_CURSOR'
  | 'INVALID_ID'
  | 'CONFLICT'
  | 'SLOW_CONSUMER'
  | 'QUERY_TOO_COMPLEX';

export interface FieldIssue {
  /** Dotted path of the offending input field, e.g. `sources.0.sourceId`. */
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: number | string, field?: string) =>
  new DomainError('NOT_FOUND', `No ${what} with id ${id}.`, field ? [{ field, message: `unknown ${what}` }] : []);
