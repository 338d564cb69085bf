/** The kinds of file `npm run import` takes; each entry is one importer's command-line face. */
import type { Db } from '../db/client.js';
import type { Writer } from '../domain/events.js';
import { acledDeletionsImporter, acledImporter } from './acled-import.js';
import { dossierImporter } from './dossier.js';

export interface ImportContext {
  db: Db;
  writer: Writer;
  out: NodeJS.WritableStream & { isTTY?: boolean };
  err: NodeJS.WritableStream;
}

export interface Importer {
  /** One line for the usage message: the arguments after the kind. */
  usage: string;
  /** Runs with the arguments after the kind; resolves with the process's exit code. */
  run(args: string[], context: ImportContext): Promise<number>;
}

export const IMPORTERS: Record<string, Importer> = {
  acled: acledImporter,
  'acled-deletions': acledDeletionsImporter,
  dossier: dossierImporter,
};
