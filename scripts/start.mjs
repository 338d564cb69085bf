#!/usr/bin/env node
/**
 * `npm start`: runs the bundled server (scripts/build-server.mjs), building it first when it is
 * missing or any file it was made from has changed, so an edit to src/ is never served stale.
 * The check stats some 150 files (about 15 ms); a build takes 2 to 4 s on two cores, too long to
 * run at every start. The server runs in this process: no second node to boot.
 */
import { pathToFileURL } from 'node:url';
import { buildServer, SERVER_ENTRY, serverIsStale } from './build-server.mjs';

if (serverIsStale()) {
  const { seconds } = await buildServer();
  console.error(`src/ changed since the last build: rebuilt dist/server in ${seconds.toFixed(1)} s`);
}
await import(pathToFileURL(SERVER_ENTRY).href);
