#!/usr/bin/env node
/**
 * Bundles the server (src/main.ts, everything it imports, its dependencies too) into one file,
 * dist/server/main.js, which `npm start` runs with plain node (scripts/start.mjs). Under tsx the
 * server took about 3.5 s to load: tsx transforms each source file and node resolves and compiles
 * some thousand files of node_modules; the bundle is one file, read and compiled at once.
 * Runs at `npm install`/`npm ci` (the `prepare` script), with `npm run build:server`, and from
 * `npm start` whenever a file the bundle was made from has changed since.
 *
 * Left out of the bundle, loaded from node_modules: better-sqlite3 (a native addon, found at run
 * time), @graphql-yoga/render-graphiql (8.8 MB of GraphiQL, imported only when a browser asks
 * for it: compiling it at start cost a quarter of a second), OpenTelemetry's packages (imported
 * only when tracing is configured, src/server/tracing.ts) and pino-pretty (required through
 * createRequire, which esbuild leaves alone, only when the log is to be readable).
 *
 * dist/server/main.js is two folders below the root, as src/<dir>/<file>.ts is, so the paths the
 * modules make from import.meta.url (../../migrations, ../../dist/web) lead to the same places.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_ENTRY = join(root, 'dist/server/main.js');
/** What the bundle was made from: `{ file: [mtimeMs, size] }`, the freshness check's record. */
const INPUTS = join(root, 'dist/server/inputs.json');
/** Read by esbuild without showing in its list of inputs, so recorded too. */
const CONFIG_FILES = ['scripts/build-server.mjs', 'tsconfig.json', 'package.json'];

/**
 * The file whose change shows that `input` may have changed: a source file itself; for a file in
 * a package, the package's package.json, which npm rewrites when it installs another version.
 * A thousand files of node_modules would cost the check at every start some 80 ms; sixty packages
 * cost a few.
 */
function witness(input) {
  const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  return match ? `${match[1]}/package.json` : input;
}

function stamp(file) {
  const stats = statSync(join(root, file));
  return [stats.mtimeMs, stats.size];
}

/** True when the bundle is missing or any file it was made from differs from when it was made. */
export function serverIsStale() {
  let recorded;
  try {
    recorded = JSON.parse(readFileSync(INPUTS, 'utf8'));
    statSync(SERVER_ENTRY);
  } catch {
    return true;
  }
  for (const [file, [mtimeMs, size]] of Object.entries(recorded)) {
    try {
      const [nowMtime, nowSize] = stamp(file);
      if (nowMtime !== mtimeMs || nowSize !== size) return true;
    } catch {
      return true;
    }
  }
  return false;
}

export async function buildServer() {
  // Imported here: the freshness check at every `npm start` should not pay for loading esbuild.
  const { build } = await import('esbuild');
  const started = Date.now();
  // Written beside the bundle and renamed over it, so a server starting meanwhile (or another
  // `npm start` building at the same time) never reads half a file.
  const staging = join(root, `dist/server.build-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: ['src/main.ts'],
      outfile: join(staging, 'main.js'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['better-sqlite3', '@graphql-yoga/render-graphiql', '@envelop/opentelemetry', '@opentelemetry/*'],
      // Bundled CommonJS packages call require() and read __dirname, which an ES module lacks.
      banner: {
        js: [
          "import { createRequire as __parleyRequire } from 'node:module';",
          "import { fileURLToPath as __parleyPath } from 'node:url';",
          'const require = __parleyRequire(import.meta.url);',
          'const __filename = __parleyPath(import.meta.url);',
          "const __dirname = __parleyPath(new URL('.', import.meta.url));",
        ].join('\n'),
      },
      sourcemap: 'linked',
      metafile: true,
      legalComments: 'none',
      logLevel: 'warning',
    });
    const inputs = {};
    for (const file of new Set([...Object.keys(result.metafile.inputs).map(witness), ...CONFIG_FILES])) {
      const [mtimeMs, size] = stamp(file);
      // A file saved while esbuild was reading it may be in the bundle as it was before: record it
      // as unseen, so the next start builds again.
      inputs[file] = mtimeMs >= started ? [0, size] : [mtimeMs, size];
    }
    writeFileSync(join(staging, 'inputs.json'), JSON.stringify(inputs));
    mkdirSync(dirname(SERVER_ENTRY), { recursive: true });
    // The record goes last: a new bundle beside an old record at worst gets built once more.
    for (const file of ['main.js.map', 'main.js', 'inputs.json']) renameSync(join(staging, file), join(dirname(SERVER_ENTRY), file));
    return { seconds: (Date.now() - started) / 1000, files: Object.keys(inputs).length };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { seconds, files } = await buildServer();
  console.log(`server built: ${relative(root, SERVER_ENTRY)} from ${files} files in ${seconds.toFixed(1)} s`);
}
