/** Write tokens: created and revoked by operators, presented as `Authorization: Bearer <token>`. */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { tokens } from '../db/schema.js';
import { notFound } from './errors.js';
import { text, validate } from './validation.js';
import { TOKEN_ROLES, type TokenRole } from './vocabulary.js';

export type TokenRow = typeof tokens.$inferSelect;

/** Who is writing: the token's id, name and role. Reads need no viewer. */
export interface Viewer {
  tokenId: number;
  name: string;
  role: TokenRole;
}

const TOKEN_PREFIX = 'parley_';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

const createTokenInput = z.object({ name: text(100), role: z.enum(TOKEN_ROLES).default('EDITOR') });

/** Creates a token and returns it in clear: the only time it is ever shown. */
export function createToken(db: Db, input: z.input<typeof createTokenInput>): { token: string; row: TokenRow } {
  const data = validate(createTokenInput, input);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const row = db
    .insert(tokens)
    .values({ name: data.name, role: data.role, hash: hashOf(token) })
    .returning()
    .get();
  return { token, row };
}

export function revokeToken(db: Db, id: number): TokenRow {
  const row = db
    .update(tokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(tokens.id, id), isNull(tokens.revokedAt)))
    .returning()
    .get();
  if (!row) throw notFound('active token', id);
  return row;
}

/** The viewer a presented token stands for, or null for a missing, unknown or revoked one. */
export function authenticate(db: Db, token: string | null | undefined): Viewer | null {
  if (!token?.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const row = prepared<TokenRow>(db, 'liveToken', () =>
    db
      .select()
      .from(tokens)
      .where(and(eq(tokens.hash, sql.placeholder('hash')), isNull(tokens.revokedAt))),
  ).get({ hash: hashOf(token) });
  return row ? { tokenId: row.id, name: row.name, role: row.role } : null;
}

export function listTokens(db: Db): TokenRow[] {
  return db.select().from(tokens).orderBy(tokens.id).all();
}
