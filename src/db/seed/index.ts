/** Loads the article dataset into an empty database, once. */
import type { Db } from '../client.js';
import { findConflictBySlug } from '../../domain/conflict.js';
import type { Writer } from '../../domain/events.js';
import { ARTICLE_CONFLICT_SLUG, seedArticle } from './article.js';

export { ARTICLE_CONFLICT_SLUG, seedArticle } from './article.js';

/**
 * Seeds the article's facts unless its conflict is already recorded. The whole dataset commits
 * as one transaction: a failure leaves the database as it was. Returns whether it seeded.
 * Safe to call from several processes sharing one file: only one of them seeds.
 */
export function seedIfEmpty(writer: Writer, db: Db): boolean {
  if (findConflictBySlug(db, ARTICLE_CONFLICT_SLUG)) return false;
  // Checked again under the write lock: another process sharing the file may have seeded meanwhile.
  return writer.run((scope) => {
    if (findConflictBySlug(scope.tx, ARTICLE_CONFLICT_SLUG)) return false;
    seedArticle(scope);
    return true;
  });
}
