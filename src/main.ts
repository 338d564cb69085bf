/** The process: read the settings, start the app, stop it cleanly on a signal. */
import { loadConfig } from './config.js';
import { buildApp } from './server/app.js';

const config = loadConfig();
const app = buildApp(config);
const { url } = await app.start();
console.log(`Parley is serving ${url} (database ${config.dbPath})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`${signal}: shutting down`);
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
}
