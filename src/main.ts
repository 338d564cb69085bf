/** The process: read the settings, start the app, stop it cleanly on a signal. */
import { loadConfig } from './config.js';
import { buildApp } from './server/app.js';
import { startTracing } from './server/tracing.js';

const config = loadConfig();
const tracing = config.tracesUrl ? await startTracing(config.tracesUrl) : undefined;
const app = buildApp(config, { plugins: tracing?.plugins });
const { url } = await app.start();
const origin = new URL(url).origin;
// Where it listens and that it stops are logged at any level: what an operator or a supervisor reads first.
const lifecycle = app.logger.isLevelEnabled('info') ? app.logger : app.logger.child({}, { level: 'info' });
lifecycle.info(
  {
    api: url,
    graphiql: config.graphiql ? url : undefined,
    live: `${origin}/`,
    desk: `${origin}/desk`,
    metrics: config.metrics ? `${origin}/metrics` : undefined,
    traces: config.tracesUrl,
    database: config.dbPath,
  },
  `Parley is serving ${url}`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    lifecycle.info({ signal }, 'shutting down');
    app
      .stop()
      .then(() => tracing?.shutdown())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          app.logger.fatal({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  });
}
