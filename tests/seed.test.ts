/** `npm run db:migrate` and `npm run db:seed` on demand: the dataset loads once, through the event log. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/process.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-seed-'));
const dbPath = join(dir, 'parley.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const counts = () => {
  const db = new Database(dbPath, { readonly: true });
  try {
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { conflicts: count('conflicts'), talks: count('talks'), incidents: count('incidents'), events: count('events') };
  } finally {
    db.close();
  }
};

describe('db:migrate and db:seed', () => {
  it('migrates an empty file without loading data', async () => {
    expect(await runCli('migrate.ts', { PARLEY_DB_PATH: dbPath })).toContain('Migrated');
    expect(counts()).toEqual({ conflicts: 0, talks: 0, incidents: 0, events: 0 });
  });

  it('loads the article once, with one event per recorded fact, and is idempotent', async () => {
    expect(await runCli('seed.ts', { PARLEY_DB_PATH: dbPath })).toContain('Loaded the article dataset');
    const first = counts();
    expect(first).toMatchObject({ conflicts: 1, talks: 2, incidents: 2 });
    expect(first.events).toBeGreaterThan(40);
    expect(await runCli('seed.ts', { PARLEY_DB_PATH: dbPath })).toContain('nothing to do');
    expect(counts()).toEqual(first);
  });

  it('keeps the event log append-only', () => {
    const db = new Database(dbPath);
    try {
      expect(() => db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
      expect(() => db.prepare("UPDATE events SET summary = 'x'").run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
  });
});
