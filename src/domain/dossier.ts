/**
 * What a dossier file's keys became: each entry of a loaded dossier, the fact it stands for, and
 * a digest of the entry as last loaded. Remembering an entry appends no event of its own: the
 * facts it records or amends do, through their commands.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { dossierEntries } from '../db/schema.js';
import type { WriteScope } from './events.js';
import type { SubjectType } from './vocabulary.js';

export type DossierEntry = typeof dossierEntries.$inferSelect;

export function entriesOfDossier(db: Db, dossier: string): DossierEntry[] {
  return db.select().from(dossierEntries).where(eq(dossierEntries.dossier, dossier)).all();
}

/** Records what an entry stands for, or the digest it now has. */
export function rememberDossierEntry(
  scope: WriteScope,
  entry: { dossier: string; key: string; subjectType: SubjectType; subjectId: number; digest: string },
): void {
  scope.tx
    .insert(dossierEntries)
    .values(entry)
    .onConflictDoUpdate({
      target: [dossierEntries.dossier, dossierEntries.key],
      set: { subjectType: sql`excluded.subject_type`, subjectId: sql`excluded.subject_id`, digest: sql`excluded.digest` },
    })
    .run();
}
