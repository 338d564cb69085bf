/** The per-request context: what every resolver may use. Built the same way by the server and the tests. */
import type { Db } from '../db/client.js';
import type { Writer } from '../domain/events.js';

export interface Context {
  db: Db;
  writer: Writer;
}

export interface ContextDeps {
  db: Db;
  writer: Writer;
}

/** A fresh object per request (or per subscription), so loader caches never outlive it. */
export function createContext(deps: ContextDeps): Context {
  return { db: deps.db, writer: deps.writer };
}
