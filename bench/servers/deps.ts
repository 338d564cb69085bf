/** The same context dependencies Parley's app builds (src/server/app.ts), for the baseline servers. */
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/client.js';
import { Writer } from '../../src/domain/events.js';
import { EventStream } from '../../src/domain/stream.js';
import type { ContextDeps } from '../../src/graphql/context.js';

export function openDeps(): { deps: ContextDeps; close: () => void } {
  const path = process.env.PARLEY_DB_PATH;
  if (!path) throw new Error('PARLEY_DB_PATH is required');
  const database = openDatabase(path);
  const writer = new Writer(database.db);
  const stream = new EventStream(database.db, { batchSize: 100, pollIntervalMs: 5_000 });
  return {
    deps: {
      db: database.db,
      writer,
      stream,
      live: { maxBacklogBytes: 1024 * 1024, stallTimeoutMs: 30_000 },
      ranking: loadConfig().searchRanking,
    },
    close: () => database.close(),
  };
}
