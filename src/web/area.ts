/** A box drawn on the map: how it reads on the page and how it is kept in the address (`?area=w,s,e,n`). */
import type { BoundingBox } from './types.js';

/** Two decimals: about a kilometre, finer than a hand can draw a box. */
const round = (degrees: number) => Math.round(degrees * 100) / 100;

function degrees(value: number, positive: string, negative: string): string {
  return `${Math.abs(round(value))}°${value < 0 ? negative : positive}`;
}

/** "30.5°E–36.2°E, 46°N–50.3°N" */
export function formatArea(area: BoundingBox): string {
  return `${degrees(area.west, 'E', 'W')}–${degrees(area.east, 'E', 'W')}, ${degrees(area.south, 'N', 'S')}–${degrees(area.north, 'N', 'S')}`;
}

export function areaToParam(area: BoundingBox): string {
  return [area.west, area.south, area.east, area.north].map(round).join(',');
}

/** The area in the address, if it names one the API would take. */
export function areaFromParam(param: string | null): BoundingBox | undefined {
  const parts = param?.split(',').map(Number);
  if (parts?.length !== 4 || parts.some((n) => !Number.isFinite(n))) return undefined;
  const [west, south, east, north] = parts as [number, number, number, number];
  const longitude = (n: number) => n >= -180 && n <= 180;
  if (!longitude(west) || !longitude(east) || south < -90 || north > 90 || south >= north) return undefined;
  return { west, south, east, north };
}
