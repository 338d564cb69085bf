import { existsSync } from 'node:fs';
import { loadConfig } from '../config.js';
import { openDatabase, type ParleyDatabase } from '../db/client.js';

/** How every command ends: with its exit code, or with an error said in one line, no stack (a person ran it). */
export async function runMain(main: (args: string[]) => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main(process.argv.slice(2));
  } catch (error) {
    // A reader that stops early (`| head`) is not a failure.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
      process.exitCode = 0;
      return;
    }
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}

/**
 * The database PARLEY_DB_PATH names, opened to read, for a command that reads an existing one
 * (an export, a dump); undefined, said on stderr, when there is none.
 */
export function openExistingDatabase(): { database: ParleyDatabase; dbPath: string } | undefined {
  const { dbPath } = loadConfig();
  if (!existsSync(dbPath)) {
    process.stderr.write(`There is no database at ${dbPath} (PARLEY_DB_PATH).\n`);
    return undefined;
  }
  return { database: openDatabase(dbPath, { readOnly: true }), dbPath };
}
