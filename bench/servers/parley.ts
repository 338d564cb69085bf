/**
 * Parley itself, as `npm start` builds it (buildApp with the settings from the environment), on
 * port 0. With BENCH_TOKEN=1 it creates an editor token (createToken) and announces it; with
 * BENCH_COMMIT_TIMES=1 it reports when each event committed, for the fan-out measurement.
 */
import { loadConfig } from '../../src/config.js';
import { createToken } from '../../src/domain/token.js';
import { buildApp } from '../../src/server/app.js';
import { monotonicNs, serveParent } from './ipc.js';

const config = { ...loadConfig(), port: 0, host: '127.0.0.1' };
const app = buildApp(config);

if (process.env.BENCH_COMMIT_TIMES === '1') {
  // The writer calls stream.notify(lastId) right after COMMIT returns (src/server/fanout.ts), before
  // any subscriber is woken: the moment an event is committed, as near as the process can tell.
  const stream = app.stream;
  const notify = stream.notify.bind(stream);
  stream.notify = (lastEventId?: number) => {
    if (lastEventId !== undefined) process.send?.({ type: 'commit', id: lastEventId, t: monotonicNs() });
    notify(lastEventId);
  };
}

const token = process.env.BENCH_TOKEN === '1' ? createToken(app.database.db, { name: 'bench', role: 'EDITOR' }).token : undefined;
const { port } = await app.start();
serveParent(port, () => app.stop(), token ? { token } : {});
