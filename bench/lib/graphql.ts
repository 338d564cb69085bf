/** Small HTTP helpers for the bench: one GraphQL POST, /health, global ids and cursors. */

export interface Answer {
  status: number;
  text: string;
  contentType: string;
  json: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } | undefined;
}

export async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  let json: Answer['json'];
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    json = undefined;
  }
  return { status: res.status, text, contentType: res.headers.get('content-type') ?? 'application/json', json };
}

export interface Health {
  status: string;
  lastEventId: number;
  subscriptions: number;
}

export async function health(graphqlUrl: string): Promise<Health> {
  const res = await fetch(new URL('/health', graphqlUrl));
  return (await res.json()) as Health;
}

export const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString('base64url');
export const eventCursor = (id: number) => Buffer.from(JSON.stringify([id, id])).toString('base64url');

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `ok(value)`; resolves with the last value either way (check it). */
export async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!ok(value) && Date.now() < deadline) {
    await sleep(everyMs);
    value = await probe();
  }
  return value;
}

/** Deep equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
