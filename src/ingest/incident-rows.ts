/** Incidents with what ACLED's layout names rather than ids (actors, sources, fatalities), a page at a time. */
import type { Db } from '../db/client.js';
import { actorsOfIncidents, type Incident } from '../domain/incident.js';
import { loadActors } from '../domain/actor.js';
import { FATALITIES, figuresOfIncidents } from '../domain/figure.js';
import { attributionsFor } from '../domain/source.js';
import type { StoredIncident } from './acled.js';

/** Items by a key, each group in the items' order. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** Five statements for a page of incidents, however many. */
export function storedIncidents(db: Db, rows: readonly Incident[]): StoredIncident[] {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const sides = actorsOfIncidents(db, ids);
  const names = new Map(loadActors(db, [...new Set(sides.map((s) => s.actorId))]).map((a) => [a.id, a.name]));
  const sources = attributionsFor(db, 'INCIDENT', ids);
  const fatalities = new Map(
    figuresOfIncidents(db, ids)
      .filter((f) => f.metric === FATALITIES)
      .map((f) => [f.incidentId!, f.value]),
  );
  const sidesOf = groupBy(sides, (s) => s.incidentId);
  const sourcesOf = groupBy(sources, (a) => a.subjectId);
  return rows.map((row) => ({
    ...row,
    actors: (sidesOf.get(row.id) ?? []).map((s) => ({
      name: names.get(s.actorId)!,
      side: s.side,
      associated: s.associated,
      actorType: s.actorType,
    })),
    sourceNames: [...new Set((sourcesOf.get(row.id) ?? []).map((a) => a.source.name))],
    fatalities: fatalities.get(row.id) ?? null,
  }));
}
