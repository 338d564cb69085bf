/**
 * The process as a user runs it: `npm start`'s entry on a fresh database file migrates, seeds,
 * answers the second-round query with sources, reports health, and shuts down on SIGTERM. And the
 * app as tests and main hold it: once `stop()` has resolved, nothing of it holds the file.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_QUERY } from '../src/server/default-query.js';
import { postQuery, runScript, startProcess } from './support/process.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-server-'));
const dbPath = join(dir, 'data', 'parley.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the server process', () => {
  let lastEventId = 0;

  it('on an empty database: migrates, loads the article, answers the second-round query with sources', async () => {
    const server = await startProcess({ PARLEY_DB_PATH: dbPath });
    try {
      const { data, errors } = await postQuery(server.url, DEFAULT_QUERY);
      expect(errors).toBeUndefined();
      const round = data.conflict.round;
      expect(round).toMatchObject({
        title: 'Second round of direct Russia–Ukraine talks',
        date: { start: '2025-06-02', precision: 'DAY', text: 'Monday' },
        venue: { city: 'Istanbul', country: 'Turkey' },
        host: { name: 'Turkey' },
      });
      const byActor = Object.fromEntries(round.delegations.map((d: any) => [d.actor.name, d]));
      expect(byActor.Ukraine.head.person.name).toBe('Rustem Umerov');
      expect(byActor.Russia.head.person.name).toBe('Vladimir Medinsky');
      expect(byActor.Ukraine.participants.map((p: any) => p.description)).toEqual(
        expect.arrayContaining([expect.stringContaining('deputy foreign minister')]),
      );
      expect(byActor.Ukraine.sources.map((s: any) => s.source.name)).toContain('Presidential executive order (Zelensky)');
      const incidents = round.incidentsAround.nodes;
      expect(incidents.map((i: any) => i.title)).toEqual([
        'Ukrainian attack on Russian nuclear-capable long-range bombers in Siberia',
        'Record 472-drone attack on Ukraine',
      ]);
      expect(incidents[1].sources.map((s: any) => [s.source.name, s.relation])).toContainEqual(["Ukraine's air force", 'ACCORDING_TO']);
      for (const incident of incidents) expect(incident.sources.length).toBeGreaterThan(0);

      const health = await fetch(new URL('/health', server.url));
      expect(health.status).toBe(200);
      const body = await health.json();
      expect(body.status).toBe('ok');
      expect(body.lastEventId).toBeGreaterThan(0);
      lastEventId = body.lastEventId;
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
  });

  it('on an existing database: starts without loading the article again', async () => {
    const server = await startProcess({ PARLEY_DB_PATH: dbPath });
    try {
      const body = await (await fetch(new URL('/health', server.url))).json();
      expect(body.lastEventId).toBe(lastEventId);
      const { data } = await postQuery(server.url, '{ conflicts { totalCount } talks { totalCount } }');
      expect(data).toEqual({ conflicts: { totalCount: 1 }, talks: { totalCount: 2 } });
    } finally {
      expect(await server.stop('SIGINT')).toBe(0);
    }
    // Shut down cleanly: the last connection (the checkpointer's) folded the WAL back and removed it.
    expect(readdirSync(join(dbPath, '..')).sort()).toEqual(['parley.sqlite']);
  });
});

describe('stop()', () => {
  it('keeps the process alive until no thread holds the database, which the last connection leaves folded back, WAL removed', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'parley-stop-'));
    try {
      // On a new database (migrated and seeded), then on the existing one, which leaves the process
      // less to do while it stops. Exit code 13 would mean stop() never resolved: the process ran
      // out of work first, with the checkpointer's connection still open.
      for (const run of ['new', 'existing']) {
        const { code, output } = await runScript('tests/support/start-stop.ts', { PARLEY_DB_PATH: join(folder, 'parley.sqlite') });
        expect(code, `${run}: ${output}`).toBe(0);
        expect(readdirSync(folder).sort()).toEqual(['parley.sqlite']);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
