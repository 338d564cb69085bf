/** `npm run db:seed`: migrates, then loads the bundled article dossier into an empty database. */
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { Writer } from '../domain/events.js';
import { loadBundledDossier } from '../ingest/dossier.js';

const { dbPath } = loadConfig();
const database = openDatabase(dbPath);
migrateDatabase(database.db);
const loaded = loadBundledDossier(new Writer(database.db), database.db);
database.close();
console.log(loaded ? `Loaded the article dataset into ${dbPath}` : `${dbPath} already holds data; nothing to do`);
