/**
 * IncidentFilter.area over HTTP: boxes and great-circle circles against answers worked out by hand
 * (distances by the haversine formula on a sphere of 6371.0088 km, noted beside each place), a box
 * across the antimeridian, circles around both poles, and the area combined with other filters,
 * with keyset pages and totalCount, under a conflict and a talk, and refused when out of range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './support/server.js';
import { recordConflict } from '../src/domain/conflict.js';
import { amendIncident, recordIncident, retractIncident } from '../src/domain/incident.js';
import { scheduleTalk } from '../src/domain/talk.js';

let server: TestServer;
let conflictId = '';
let talkId = '';

/** Places, with their great-circle distances (km) from the centres the tests use. */
const PLACES = {
  // 409 km from Kyiv.
  Kyiv: { latitude: 50.45, longitude: 30.52 },
  Kharkiv: { latitude: 49.99, longitude: 36.23 },
  // 2,133 km from Kyiv.
  London: { latitude: 51.5, longitude: -0.12 },
  // West of the antimeridian. From Suva: Nuku'alofa 745 km, Apia 1,152 km.
  Suva: { latitude: -18.14, longitude: 178.44 },
  "Nuku'alofa": { latitude: -21.14, longitude: -175.2 },
  Apia: { latitude: -13.83, longitude: -171.76 },
  // From the North Pole: Alert 834 km, Longyearbyen 1,310, Utqiagvik 2,080. From 85°N 0°E:
  // Alert 757 km (62°W: across the pole's longitudes), Longyearbyen 789, Utqiagvik 2,600.
  Longyearbyen: { latitude: 78.22, longitude: 15.65 },
  Alert: { latitude: 82.5, longitude: -62.35 },
  Utqiagvik: { latitude: 71.29, longitude: -156.79 },
  // From the South Pole: Amundsen–Scott 1 km, McMurdo 1,351 km.
  'Amundsen–Scott': { latitude: -89.99, longitude: 139.27 },
  McMurdo: { latitude: -77.85, longitude: 166.67 },
} as const;
type Place = keyof typeof PLACES;

const gql = (s: TemplateStringsArray) => s.join('');
const LIST = gql`
  query ($filter: IncidentFilter, $first: Int, $after: String) {
    incidents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { title location { latitude longitude geoPrecision } }
    }
  }
`;

async function titles(area: unknown, more: Record<string, unknown> = {}): Promise<string[]> {
  const data = await server.query(LIST, { filter: { area, ...more }, first: 100 });
  expect(data.incidents.totalCount).toBe(data.incidents.nodes.length);
  return data.incidents.nodes.map((n: { title: string }) => n.title).sort();
}

const sorted = (places: Place[]) => [...places].sort();

beforeAll(async () => {
  server = await startServer();
  const w = server.app.writer;
  const conflict = w.run((scope) =>
    recordConflict(scope, { slug: 'area-test', name: 'Area test', began: { start: '2024-01-01', precision: 'YEAR' } }),
  );
  conflictId = Buffer.from(`Conflict:${conflict.id}`).toString('base64url');
  const talk = w.run((scope) =>
    scheduleTalk(scope, {
      conflictId: conflict.id,
      title: 'Area talk',
      round: 1,
      status: 'SCHEDULED',
      date: { start: '2025-01-01', precision: 'DAY' },
    }),
  );
  talkId = Buffer.from(`Talk:${talk.id}`).toString('base64url');
  // One incident a day from 2025-01-01, in the order of PLACES; those in Europe are battles.
  for (const [i, [name, at]] of Object.entries(PLACES).entries()) {
    w.run((scope) =>
      recordIncident(scope, {
        conflictId: conflict.id,
        eventType: ['Kyiv', 'Kharkiv', 'London'].includes(name) ? 'BATTLES' : 'PROTESTS',
        title: name,
        date: { start: `2025-01-${String(i + 1).padStart(2, '0')}`, precision: 'DAY' },
        location: { name, ...at, geoPrecision: 1 + (i % 3) },
        talkId: name === 'Kyiv' || name === 'Suva' ? talk.id : null,
      }),
    );
  }
  // Unlocated: in no area, even one covering the globe.
  w.run((scope) =>
    recordIncident(scope, {
      conflictId: conflict.id,
      eventType: 'BATTLES',
      title: 'Nowhere',
      date: { start: '2025-01-05', precision: 'DAY' },
    }),
  );
});

afterAll(() => server?.stop());

describe('a bounding box', () => {
  it('holds the incidents within its edges, edges included, and no unlocated one', async () => {
    expect(await titles({ bbox: { west: 29, south: 49, east: 37, north: 51 } })).toEqual(sorted(['Kyiv', 'Kharkiv']));
    expect(await titles({ bbox: { west: 30.52, south: 50.45, east: 30.52, north: 50.45 } })).toEqual(['Kyiv']);
    expect(await titles({ bbox: { west: -180, south: -90, east: 180, north: 90 } })).toEqual(sorted(Object.keys(PLACES) as Place[]));
  });

  it('crosses the antimeridian when west is greater than east', async () => {
    // 175°E to 170°W: 15 degrees wide, across 180°.
    expect(await titles({ bbox: { west: 175, south: -25, east: -170, north: -10 } })).toEqual(sorted(['Suva', "Nuku'alofa", 'Apia']));
    expect(await titles({ bbox: { west: 175, south: -25, east: -174, north: -10 } })).toEqual(sorted(['Suva', "Nuku'alofa"]));
    // The same edges the other way round are the rest of the world's longitudes.
    expect(await titles({ bbox: { west: -170, south: -25, east: 175, north: -10 } })).toEqual([]);
  });

  it('is refused out of range, naming the argument', async () => {
    for (const [bbox, field] of [
      [{ west: 0, south: 10, east: 1, north: 5 }, 'filter.area.bbox.south'],
      [{ west: 0, south: -91, east: 1, north: 5 }, 'filter.area.bbox.south'],
      [{ west: 0, south: 0, east: 1, north: 90.5 }, 'filter.area.bbox.north'],
      [{ west: -181, south: 0, east: 1, north: 5 }, 'filter.area.bbox.west'],
      [{ west: 0, south: 0, east: 180.01, north: 5 }, 'filter.area.bbox.east'],
    ] as const) {
      const { body } = await server.post(LIST, { filter: { area: { bbox } } });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.extensions?.issues?.map((i: { field: string }) => i.field)).toEqual([field]);
    }
  });
});

describe('a circle', () => {
  it('holds the incidents within its great-circle radius', async () => {
    expect(await titles({ near: { ...PLACES.Kyiv, radiusKm: 400 } })).toEqual(['Kyiv']);
    expect(await titles({ near: { ...PLACES.Kyiv, radiusKm: 420 } })).toEqual(sorted(['Kyiv', 'Kharkiv']));
    expect(await titles({ near: { ...PLACES.Kyiv, radiusKm: 2200 } })).toEqual(sorted(['Kyiv', 'Kharkiv', 'London']));
  });

  it('reaches across the antimeridian', async () => {
    expect(await titles({ near: { ...PLACES.Suva, radiusKm: 800 } })).toEqual(sorted(['Suva', "Nuku'alofa"]));
    expect(await titles({ near: { ...PLACES.Suva, radiusKm: 1200 } })).toEqual(sorted(['Suva', "Nuku'alofa", 'Apia']));
  });

  it('around a pole takes every longitude near it', async () => {
    expect(await titles({ near: { latitude: 90, longitude: 0, radiusKm: 1500 } })).toEqual(sorted(['Alert', 'Longyearbyen']));
    expect(await titles({ near: { latitude: 90, longitude: 0, radiusKm: 2100 } })).toEqual(sorted(['Alert', 'Longyearbyen', 'Utqiagvik']));
    // Centred off the pole, a circle of 800 km still passes over it, to Alert at 62°W.
    expect(await titles({ near: { latitude: 85, longitude: 0, radiusKm: 800 } })).toEqual(sorted(['Alert', 'Longyearbyen']));
    expect(await titles({ near: { latitude: -90, longitude: 0, radiusKm: 1400 } })).toEqual(sorted(['Amundsen–Scott', 'McMurdo']));
    expect(await titles({ near: { latitude: -90, longitude: 0, radiusKm: 1000 } })).toEqual(['Amundsen–Scott']);
  });

  it('as wide as the sphere allows holds all but the antipode', async () => {
    // Centred on Amundsen–Scott's antipode, 20,015 km from it; McMurdo is 18,664 km away.
    expect(await titles({ near: { latitude: 89.99, longitude: -40.73, radiusKm: 20_000 } })).toEqual(
      sorted((Object.keys(PLACES) as Place[]).filter((p) => p !== 'Amundsen–Scott')),
    );
  });

  it('is refused out of range, naming the argument', async () => {
    for (const [near, field] of [
      [{ latitude: 0, longitude: 0, radiusKm: 0 }, 'filter.area.near.radiusKm'],
      [{ latitude: 0, longitude: 0, radiusKm: 20_001 }, 'filter.area.near.radiusKm'],
      [{ latitude: 91, longitude: 0, radiusKm: 10 }, 'filter.area.near.latitude'],
      [{ latitude: 0, longitude: -200, radiusKm: 10 }, 'filter.area.near.longitude'],
    ] as const) {
      const { body } = await server.post(LIST, { filter: { area: { near } } });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.extensions?.issues?.map((i: { field: string }) => i.field)).toEqual([field]);
    }
  });
});

it('takes exactly one of a box and a circle', async () => {
  for (const area of [{}, { bbox: { west: 0, south: 0, east: 1, north: 1 }, near: { latitude: 0, longitude: 0, radiusKm: 1 } }]) {
    const { body } = await server.post(LIST, { filter: { area } });
    // graphql-js refuses a literal with both (@oneOf); the domain refuses an empty one.
    expect(body.data?.incidents ?? null).toBeNull();
    expect(body.errors?.[0]?.message).toMatch(/AreaInput|exactly one/);
  }
});

describe('with other filters', () => {
  const EUROPE = { bbox: { west: -10, south: 35, east: 40, north: 80 } };

  it('holds with event types, dates, the conflict and the talk', async () => {
    expect(await titles(EUROPE)).toEqual(sorted(['Kyiv', 'Kharkiv', 'London', 'Longyearbyen']));
    expect(await titles(EUROPE, { eventTypes: ['BATTLES'] })).toEqual(sorted(['Kyiv', 'Kharkiv', 'London']));
    expect(await titles(EUROPE, { eventTypes: ['BATTLES'], date: { from: '2025-01-02' } })).toEqual(sorted(['Kharkiv', 'London']));
    expect(await titles(EUROPE, { talk: talkId })).toEqual(['Kyiv']);
    expect(await titles(EUROPE, { conflict: conflictId, location: 'lond' })).toEqual(['London']);
  });

  it('pages by date with first/after, with the total of the whole list', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const data = await server.query(LIST, {
        filter: { area: { near: { latitude: 90, longitude: 0, radiusKm: 2100 } } },
        first: 2,
        after,
      });
      expect(data.incidents.totalCount).toBe(3);
      seen.push(...data.incidents.nodes.map((n: { title: string }) => n.title));
      if (!data.incidents.pageInfo.hasNextPage) break;
      after = data.incidents.pageInfo.endCursor;
    }
    // Recorded a day apart in the order of PLACES, so in that order by date.
    expect(seen).toEqual(['Longyearbyen', 'Alert', 'Utqiagvik']);
  });

  it('filters a conflict’s and a talk’s incidents, with coordinates and geo precision for a map', async () => {
    const data = await server.query(
      gql`
        query ($conflict: ID!, $talk: ID!, $area: AreaInput!) {
          conflict: node(id: $conflict) {
            ... on Conflict { incidents(filter: { area: $area }) { totalCount nodes { title location { latitude longitude geoPrecision } } } }
          }
          talk: node(id: $talk) { ... on Talk { incidents(filter: { area: $area }) { totalCount nodes { title } } } }
        }
      `,
      { conflict: conflictId, talk: talkId, area: { bbox: { west: 170, south: -30, east: -160, north: 60 } } },
    );
    expect(data.conflict.incidents.nodes).toEqual([
      { title: 'Suva', location: { latitude: -18.14, longitude: 178.44, geoPrecision: 1 } },
      { title: "Nuku'alofa", location: { latitude: -21.14, longitude: -175.2, geoPrecision: 2 } },
      { title: 'Apia', location: { latitude: -13.83, longitude: -171.76, geoPrecision: 3 } },
    ]);
    expect(data.conflict.incidents.totalCount).toBe(3);
    expect(data.talk.incidents).toEqual({ totalCount: 1, nodes: [{ title: 'Suva' }] });
  });
});

it('follows an incident that moves, and leaves a retracted one out', async () => {
  const w = server.app.writer;
  const conflict = Number(Buffer.from(conflictId, 'base64url').toString().split(':')[1]);
  const moving = w.run((scope) =>
    recordIncident(scope, {
      conflictId: conflict,
      eventType: 'RIOTS',
      title: 'Moving',
      date: { start: '2025-02-01', precision: 'DAY' },
      location: { latitude: 10, longitude: 10 },
    }),
  );
  const around = (latitude: number, longitude: number) => titles({ near: { latitude, longitude, radiusKm: 50 } });
  expect(await around(10, 10)).toEqual(['Moving']);
  w.run((scope) =>
    amendIncident(scope, { incidentId: moving.id, reason: 'misplaced', changes: { location: { latitude: -10, longitude: 170 } } }),
  );
  expect(await around(10, 10)).toEqual([]);
  expect(await around(-10, 170)).toEqual(['Moving']);
  w.run((scope) => retractIncident(scope, { incidentId: moving.id, reason: 'did not happen' }));
  expect(await around(-10, 170)).toEqual([]);
  expect(await titles({ near: { latitude: -10, longitude: 170, radiusKm: 50 } }, { includeRetracted: true })).toEqual(['Moving']);
});
