/**
 * The desk's memory for this tab only (sessionStorage): the token, drafts, unacknowledged writes
 * and which events the desk recorded. A browser that refuses storage (some private modes) still
 * works, it just forgets on reload.
 */

const PREFIX = 'parley.desk.';

export function stored<T>(key: string): T | undefined {
  try {
    const text = sessionStorage.getItem(PREFIX + key);
    return text === null ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

export function store(key: string, value: unknown): void {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
  } catch {
    // Full or refused: the draft lives on in the page until it is closed.
  }
}

export function forget(key: string): void {
  try {
    sessionStorage.removeItem(PREFIX + key);
  } catch {
    // Nothing kept, nothing to forget.
  }
}
