/** Starts the app on PARLEY_DB_PATH and stops it, as a script with top-level await would: the process must then end by itself. */
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/server/app.js';

const app = buildApp({ ...loadConfig(), port: 0, host: '127.0.0.1' });
await app.start();
await app.stop();
