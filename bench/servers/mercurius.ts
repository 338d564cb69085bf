/** Baseline (c): the same Pothos schema and context, served by fastify + mercurius with graphql-jit (jit: 1). */
import Fastify from 'fastify';
import mercurius from 'mercurius';
import { createContext } from '../../src/graphql/context.js';
import { schema } from '../../src/graphql/schema.js';
import { openDeps } from './deps.js';
import { serveParent } from './ipc.js';

const { deps, close } = openDeps();
const app = Fastify({ logger: false });
await app.register(mercurius, {
  schema,
  // Mercurius merges its own fields (reply, app, …) into the object returned here.
  context: () => createContext(deps) as unknown as Record<string, unknown>,
  jit: 1,
  graphiql: false,
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no port');
serveParent(address.port, async () => {
  await app.close();
  close();
});
