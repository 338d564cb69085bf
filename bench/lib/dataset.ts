/**
 * The million-row database the query benchmarks read: the article dataset plus a synthetic
 * conflict from `npm run db:generate`. Kept between runs (generating it takes minutes); made if
 * it is missing or incomplete.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { ROOT } from './child.js';

export interface Dataset {
  path: string;
  slug: string;
  conflictId: number;
  incidents: number;
  /** A synthetic incident from the middle of the table, for node(id:). */
  incidentId: number;
  /** Its place name (a selective search term). */
  place: string;
  /** Its coordinates: the centre of the area page's box. */
  latitude: number;
  longitude: number;
  /** A month in the middle of the synthetic war, for the filtered page. */
  from: string;
  to: string;
  /** The newest event, and the one that recorded the middle incident: the as-of pages read as of them. */
  lastEventId: number;
  middleEventId: number;
  /** Seconds spent generating it in this run (0 when it was already there). */
  generatedSeconds: number;
}

function inspect(path: string, want: number): Omit<Dataset, 'generatedSeconds' | 'path'> | null {
  if (!existsSync(path)) return null;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const hasTables = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'incidents'").get();
    if (!hasTables) return null;
    if (!db.prepare("SELECT 1 FROM conflicts WHERE slug = 'russia-ukraine-war'").get()) return null;
    const conflict = db.prepare("SELECT id, slug FROM conflicts WHERE slug LIKE 'synthetic-%' ORDER BY id LIMIT 1").get() as
      | { id: number; slug: string }
      | undefined;
    if (!conflict) return null;
    const { n, lo, hi } = db
      .prepare('SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM incidents WHERE conflict_id = ?')
      .get(conflict.id) as { n: number; lo: number; hi: number };
    if (n < want) return null;
    const middle = db
      .prepare(
        'SELECT id, location_name AS place, date_start AS day, latitude, longitude FROM incidents WHERE id >= ? AND conflict_id = ? LIMIT 1',
      )
      .get(Math.floor((lo + hi) / 2), conflict.id) as { id: number; place: string; day: string; latitude: number; longitude: number };
    const lastEventId = db.prepare('SELECT coalesce(max(id), 0) FROM events').pluck().get() as number;
    const middleEventId =
      (db.prepare("SELECT min(id) FROM events WHERE subject_type = 'INCIDENT' AND subject_id = ?").pluck().get(middle.id) as
        | number
        | null) ?? lastEventId;
    const from = `${middle.day.slice(0, 7)}-01`;
    const end = new Date(`${from}T00:00:00Z`);
    end.setUTCMonth(end.getUTCMonth() + 1);
    end.setUTCDate(0);
    return {
      slug: conflict.slug,
      conflictId: conflict.id,
      incidents: n,
      incidentId: middle.id,
      place: middle.place,
      latitude: middle.latitude,
      longitude: middle.longitude,
      from,
      to: end.toISOString().slice(0, 10),
      lastEventId,
      middleEventId,
    };
  } finally {
    db.close();
  }
}

export function ensureDataset(path: string, incidents: number, log: (line: string) => void): Dataset {
  const found = inspect(path, incidents);
  if (found) return { ...found, path, generatedSeconds: 0 };
  log(
    `Generating ${path}: the article dataset and ${incidents.toLocaleString('en')} synthetic incidents (takes minutes; kept for later runs)…`,
  );
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const started = Date.now();
  const env = { ...process.env, PARLEY_DB_PATH: path };
  for (const args of [
    ['run', 'db:seed'],
    ['run', 'db:generate', '--', '--incidents', String(incidents), '--quiet'],
  ]) {
    const result = spawnSync('npm', args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed with ${result.status}`);
  }
  const made = inspect(path, incidents);
  if (!made) throw new Error(`${path} still lacks ${incidents} synthetic incidents after generating`);
  return { ...made, path, generatedSeconds: (Date.now() - started) / 1000 };
}
