/**
 * Baseline (d): the limit for the nested "second round" query (DEFAULT_QUERY). node:http answers
 * every request with that query's `data`, built by one hand-written SQLite statement
 * (json_object / json_group_array over the same tables) run anew for each request: the cost of
 * the data itself, with no GraphQL, no resolvers and no loaders. The bench checks its answer equals
 * Parley's before it measures. It answers nothing else: it is a reference, not a server.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { serveParent } from './ipc.js';

const db = new Database(process.env.PARLEY_DB_PATH!, { readonly: true, fileMustExist: true });

/** Each attribution of a subject, as `sources { source { name } relation }` lists them. */
const sources = (type: string, id: string) => `json((SELECT json_group_array(json(s)) FROM (
    SELECT json_object('source', json_object('name', src.name), 'relation', a.relation) AS s
    FROM attributions a JOIN sources src ON src.id = a.source_id
    WHERE a.subject_type = '${type}' AND a.subject_id = ${id} ORDER BY a.id)))`;

const person = (column: string) => `json((SELECT json_object('name', p.name) FROM people p WHERE p.id = ${column}))`;

const incidentsAround = `
  FROM incidents i
  WHERE i.conflict_id = t.conflict_id AND i.retracted_at IS NULL
    AND i.date_start BETWEEN date(t.date_start, '-2 days') AND t.date_start`;

const NESTED = db
  .prepare(`
SELECT json_object('data', json_object('conflict', json((
  SELECT json_object('name', c.name, 'round', json((
    SELECT json_object(
      'title', t.title,
      'status', t.status,
      'date', json_object('start', t.date_start, 'precision', t.date_precision, 'text', t.date_text),
      'venue', json_object('city', t.venue_city, 'country', t.venue_country),
      'host', json((SELECT json_object('name', h.name) FROM actors h WHERE h.id = t.host_actor_id)),
      'delegations', json((SELECT json_group_array(json(d)) FROM (
        SELECT json_object(
          'actor', json_object('name', a.name),
          'role', g.role,
          'attendance', g.attendance,
          'head', json((SELECT json_object('person', ${person('m.person_id')}) FROM participations m
                        WHERE m.delegation_id = g.id AND m.role = 'HEAD' ORDER BY m.id LIMIT 1)),
          'participants', json((SELECT json_group_array(json(x)) FROM (
            SELECT json_object('role', m.role, 'person', ${person('m.person_id')}, 'description', m.description) AS x
            FROM participations m WHERE m.delegation_id = g.id ORDER BY m.id))),
          'sources', ${sources('DELEGATION', 'g.id')}
        ) AS d
        FROM delegations g JOIN actors a ON a.id = g.actor_id WHERE g.talk_id = t.id ORDER BY g.id))),
      'incidentsAround', json_object(
        'totalCount', (SELECT count(*) ${incidentsAround}),
        'nodes', json((SELECT json_group_array(json(n)) FROM (
          SELECT json_object(
            'title', i.title,
            'date', json_object('start', i.date_start, 'end', i.date_end, 'precision', i.date_precision, 'text', i.date_text),
            'location', json_object('name', i.location_name, 'country', i.country),
            'figures', json((SELECT json_group_array(json(f)) FROM (
              SELECT json_object('metric', f.metric, 'value', f.value, 'unit', f.unit, 'qualifier', f.qualifier) AS f
              FROM figures f WHERE f.incident_id = i.id ORDER BY f.id))),
            'respondedTo', json((SELECT json_object('title', r.title) FROM incidents r WHERE r.id = i.responded_to_id)),
            'sources', ${sources('INCIDENT', 'i.id')}
          ) AS n
          ${incidentsAround}
          ORDER BY i.date_start, i.id LIMIT 20)))),
      'sources', ${sources('TALK', 't.id')}
    )
    FROM talks t WHERE t.conflict_id = c.id AND t.round = 2))
  )
  FROM conflicts c WHERE c.slug = 'russia-ukraine-war'))))
`)
  .pluck();

const headers = { 'content-type': 'application/graphql-response+json; charset=utf-8' };

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const body = Buffer.from(NESTED.get() as string);
    res.writeHead(200, { ...headers, 'content-length': body.length });
    res.end(body);
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
serveParent((server.address() as AddressInfo).port, async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  db.close();
});
