/** Baseline (b): the same Pothos schema and context, served by graphql-yoga with its defaults. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import { createContext } from '../../src/graphql/context.js';
import { schema } from '../../src/graphql/schema.js';
import { openDeps } from './deps.js';
import { serveParent } from './ipc.js';

const { deps, close } = openDeps();
const yoga = createYoga({ schema, context: () => createContext(deps) });
const server = createServer(yoga);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
serveParent((server.address() as AddressInfo).port, async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  close();
});
