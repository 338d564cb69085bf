/**
 * Areas on the globe that incidents are filtered by: a box of latitudes and longitudes, or a
 * circle of great-circle distance around a point. Candidates come from the `incidents_geo` R*Tree
 * (migrations/0011), which holds the coordinates as 32-bit floats rounded outwards; the exact test
 * on the incident's own coordinates then decides.
 */
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { incidents } from '../db/schema.js';
import { DomainError } from './errors.js';
import { validate } from './validation.js';

/** The mean radius of the Earth (IUGG), in km: the sphere great-circle distances are measured on. */
export const EARTH_RADIUS_KM = 6371.0088;

/** The largest circle radius accepted: just under half the Earth's circumference (20,015 km). */
export const MAX_RADIUS_KM = 20_000;

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

const boundingBox = z
  .object({ west: longitude, south: latitude, east: longitude, north: latitude })
  .refine((b) => b.south <= b.north, { message: 'must not be north of `north`', path: ['south'] });

const near = z.object({
  latitude,
  longitude,
  radiusKm: z.number().gt(0).max(MAX_RADIUS_KM),
});

/** A box in degrees; `west` greater than `east` means the box crosses the antimeridian. */
export type BoundingBox = z.infer<typeof boundingBox>;
/** A circle: every point within `radiusKm` along the great circle of the point. */
export type Near = z.infer<typeof near>;
export type Area = { bbox: BoundingBox } | { near: Near };

/** The area, checked; refusals name the offending field under `at` (the argument it came in). */
export function checkArea(input: { bbox?: BoundingBox | null; near?: Near | null }, at: string): Area {
  if (input.bbox && !input.near) return { bbox: validate(boundingBox, input.bbox, `${at}.bbox`) };
  if (input.near && !input.bbox) return { near: validate(near, input.near, `${at}.near`) };
  throw new DomainError('BAD_USER_INPUT', 'An area is either a `bbox` or a `near` circle: give exactly one.', [
    { field: at, message: 'give exactly one of bbox and near' },
  ]);
}

/** A span of longitudes, west to east, never crossing the antimeridian. */
type Span = readonly [west: number, east: number];

/** A box across the antimeridian is two boxes, one on each side of it. */
const spans = (west: number, east: number): Span[] =>
  west <= east
    ? [[west, east]]
    : [
        [west, 180],
        [-180, east],
      ];

const toDegrees = (radians: number) => (radians * 180) / Math.PI;
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

/**
 * The smallest box of latitudes and longitudes holding the circle. When the circle reaches a pole
 * it holds every longitude near that pole; otherwise its widest longitudes are where the circle
 * touches a meridian, asin(sin r / cos φ) either side of its centre, wrapping at the antimeridian.
 */
export function boxAround(circle: Near): { south: number; north: number; spans: Span[] } {
  const angle = circle.radiusKm / EARTH_RADIUS_KM;
  const reach = toDegrees(angle);
  const south = circle.latitude - reach;
  const north = circle.latitude + reach;
  if (south <= -90 || north >= 90) return { south: Math.max(south, -90), north: Math.min(north, 90), spans: [[-180, 180]] };
  const half = toDegrees(Math.asin(Math.sin(angle) / Math.cos(toRadians(circle.latitude))));
  const west = circle.longitude - half;
  const east = circle.longitude + half;
  if (east - west >= 360) return { south, north, spans: [[-180, 180]] };
  return { south, north, spans: spans(west < -180 ? west + 360 : west, east > 180 ? east - 360 : east) };
}

/** Incidents whose R*Tree box meets the given latitudes and any of the longitude spans. */
function geoCandidates(south: number, north: number, lons: readonly Span[]): SQL {
  const within = lons.map(([west, east]) => sql`(max_lon >= ${west} AND min_lon <= ${east})`);
  return sql`${incidents.id} IN (SELECT id FROM incidents_geo WHERE max_lat >= ${south} AND min_lat <= ${north} AND (${sql.join(within, sql` OR `)}))`;
}

/** The great-circle distance in km from a point to the incident, by the haversine formula. */
function distanceKm(from: { latitude: number; longitude: number }): SQL {
  const lat = sql`radians(${incidents.latitude})`;
  const dLat = sql`(radians(${incidents.latitude}) - ${toRadians(from.latitude)})`;
  const dLon = sql`(radians(${incidents.longitude}) - ${toRadians(from.longitude)})`;
  // min(1, …) keeps rounding from taking asin out of its domain for antipodal points.
  return sql`${2 * EARTH_RADIUS_KM} * asin(sqrt(min(1, pow(sin(${dLat} / 2), 2) + ${Math.cos(toRadians(from.latitude))} * cos(${lat}) * pow(sin(${dLon} / 2), 2))))`;
}

/** Incidents located within the area; those without coordinates never are. */
export function areaCondition(input: Area): SQL {
  if ('bbox' in input) {
    const { west, south, east, north } = input.bbox;
    const lons = spans(west, east);
    const exact = lons.map(([w, e]) => sql`${incidents.longitude} BETWEEN ${w} AND ${e}`);
    return sql`${geoCandidates(south, north, lons)} AND ${incidents.latitude} BETWEEN ${south} AND ${north} AND (${sql.join(exact, sql` OR `)})`;
  }
  const box = boxAround(input.near);
  return sql`${geoCandidates(box.south, box.north, box.spans)} AND ${distanceKm(input.near)} <= ${input.near.radiusKm}`;
}
