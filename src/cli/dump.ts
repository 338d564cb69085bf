/**
 * `npm run db:dump -- FILE`: the knowledge base PARLEY_DB_PATH names as a parley-dump file
 * (docs/dump-format.md), `-` for stdout. It reads one snapshot while a server may go on writing. A
 * file is written aside and renamed once whole, so a failed dump leaves nothing that looks like one.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { writeDump } from '../ingest/dump.js';
import { openExistingDatabase, runMain } from './command.js';

async function main(args: string[]): Promise<number> {
  if (args.length !== 1) {
    process.stderr.write('Usage: npm run db:dump -- FILE   (FILE "-" writes to stdout)\n');
    return 2;
  }
  const [target] = args as [string];
  const opened = openExistingDatabase();
  if (!opened) return 1;
  const { database, dbPath } = opened;
  try {
    if (target === '-') {
      const { rows, lastEventId } = await writeDump(database.sqlite, process.stdout as Writable);
      process.stderr.write(`Dumped ${rows} rows of ${dbPath} (last event ${lastEventId}).\n`);
      return 0;
    }
    const partial = `${target}.partial`;
    try {
      const { rows, lastEventId } = await writeDump(database.sqlite, createWriteStream(partial));
      renameSync(partial, target);
      console.log(`Dumped ${rows} rows of ${dbPath} (last event ${lastEventId}) to ${target}.`);
    } finally {
      rmSync(partial, { force: true });
    }
    return 0;
  } finally {
    await database.close();
  }
}

await runMain(main);
