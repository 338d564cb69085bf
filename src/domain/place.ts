/**
 * The places facts happened at, as the desk offers them when an editor types part of a name. The
 * table is derived from incidents and talks by triggers (migrations/0008_places.sql).
 */
import { sql } from 'drizzle-orm';
import { fold, type Db } from '../db/client.js';
import { containsText } from './pagination.js';

export interface Place {
  name: string;
  /** The first administrative level ("Kharkiv"), when known. */
  region: string | null;
  country: string | null;
  latitude: number | null;
  longitude: number | null;
  /** How many incidents and talks were recorded there. */
  uses: number;
}

/** Places whose name contains `name` (case and accents aside): those starting with it first, then the most used. */
export function findPlaces(db: Db, name: string, limit: number): Place[] {
  const prefix = `${fold(name).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db.all<Place>(sql`
    SELECT name, nullif(region, '') AS region, nullif(country, '') AS country, latitude, longitude, uses
    FROM places
    WHERE ${containsText(sql`name`, name)}
    ORDER BY parley_fold(name) LIKE ${prefix} ESCAPE '\\' DESC, uses DESC, name COLLATE NOCASE
    LIMIT ${limit}`);
}
