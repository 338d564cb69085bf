/** `npm run db:migrate`: applies pending migrations to the database file PARLEY_DB_PATH names. */
import { loadConfig } from '../config.js';
import { migrateDatabase, openDatabase } from '../db/client.js';

const { dbPath } = loadConfig();
const database = openDatabase(dbPath);
migrateDatabase(database.db);
database.close();
console.log(`Migrated ${dbPath}`);
