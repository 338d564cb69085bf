/** `npm run db:seed`: migrates, then loads the article dataset unless it is already there. */
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';
import { seedIfEmpty } from '../db/seed/index.js';
import { Writer } from '../domain/events.js';

const { dbPath } = loadConfig();
const database = openDatabase(dbPath);
migrateDatabase(database.db);
const seeded = seedIfEmpty(new Writer(database.db), database.db);
database.close();
console.log(seeded ? `Loaded the article dataset into ${dbPath}` : `${dbPath} already holds the article dataset; nothing to do`);
