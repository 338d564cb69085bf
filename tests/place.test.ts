/**
 * `places`: where facts happened, as the desk's place picker offers them. Derived from incidents
 * and talk venues by triggers, so the article's places are there from the start and a new incident
 * adds its place at once; names match by any part, case and accents aside, those starting with
 * the text first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../src/domain/token.js';
import { startServer, type TestServer } from './support/server.js';

let server: TestServer;
let auth: Record<string, string>;
let conflict = '';

const PLACES = 'query ($name: String!, $first: Int) { places(name: $name, first: $first) { name region country latitude longitude uses } }';
const AMEND = 'mutation ($input: AmendIncidentInput!) { amendIncident(input: $input) { __typename } }';

beforeAll(async () => {
  server = await startServer();
  auth = { authorization: `Bearer ${createToken(server.app.database.db, { name: 'places', role: 'EDITOR' }).token}` };
  conflict = (await server.query('{ conflict(slug: "russia-ukraine-war") { id } }')).conflict.id;
});

afterAll(async () => {
  await server?.stop();
});

async function record(title: string, location: Record<string, unknown>): Promise<string> {
  const { body } = await server.post(
    'mutation ($input: RecordIncidentInput!) { recordIncident(input: $input) { ... on RecordIncidentPayload { incident { id } } } }',
    { input: { conflict, title, eventType: 'BATTLES', date: { start: '2025-06-03', precision: 'DAY' }, location } },
    auth,
  );
  return body.data.recordIncident.incident.id;
}

describe('places', () => {
  it('holds the places of the article dataset: incident locations and talk venues', async () => {
    expect((await server.query(PLACES, { name: 'istan' })).places).toEqual([
      { name: 'Istanbul', region: null, country: 'Turkey', latitude: null, longitude: null, uses: 1 },
    ]);
    expect((await server.query(PLACES, { name: 'SIBER' })).places).toEqual([
      { name: 'Siberia', region: 'Siberia', country: 'Russia', latitude: null, longitude: null, uses: 1 },
    ]);
  });

  it("learns a new incident's place at once, counts its uses, and keeps its newest coordinates", async () => {
    expect((await server.query(PLACES, { name: 'Kupiansk' })).places).toEqual([]);
    await record('Shelling of Kupiansk', { name: 'Kupiansk', region: 'Kharkiv', country: 'Ukraine' });
    const second = await record('Drone strike on Kupiansk', {
      name: 'kupiansk',
      region: 'Kharkiv',
      country: 'Ukraine',
      latitude: 49.71,
      longitude: 37.61,
    });
    expect((await server.query(PLACES, { name: 'kupi' })).places).toEqual([
      { name: 'Kupiansk', region: 'Kharkiv', country: 'Ukraine', latitude: 49.71, longitude: 37.61, uses: 2 },
    ]);

    // Moved by an amendment: the new place counts it.
    const { body } = await server.post(
      AMEND,
      {
        input: {
          incident: second,
          reason: 'Wrong village',
          location: { name: 'Kupiansk-Vuzlovyi', region: 'Kharkiv', country: 'Ukraine' },
        },
      },
      auth,
    );
    expect(body.data.amendIncident.__typename).toBe('AmendIncidentPayload');
    const names = (await server.query(PLACES, { name: 'kupi' })).places.map((p: { name: string; uses: number }) => `${p.name} ${p.uses}`);
    expect(names).toEqual(['Kupiansk 2', 'Kupiansk-Vuzlovyi 1']);
  });

  it('matches any part of a name, accents aside, those starting with the text first', async () => {
    await record('Strike near Novoolexandrivka', { name: 'Novooleksandrivka', country: 'Ukraine' });
    await record('Strike in Oleksandriia', { name: 'Oleksándriia', country: 'Ukraine' });
    const found = (await server.query(PLACES, { name: 'oleksa' })).places.map((p: { name: string }) => p.name);
    expect(found).toEqual(['Oleksándriia', 'Novooleksandrivka']);
    expect((await server.query(PLACES, { name: 'oleksa', first: 1 })).places).toHaveLength(1);
  });

  it('refuses a page size out of bounds with BAD_USER_INPUT', async () => {
    const { body } = await server.post(PLACES, { name: 'a', first: 500 });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
