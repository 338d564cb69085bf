#!/usr/bin/env node
/**
 * Builds the web pages (src/web) into dist/web: the live timeline (index.html) and the editor's desk
 * (desk.html). esbuild bundles each page's TypeScript and CSS into content-hashed files under
 * dist/web/assets (so they can be cached for good), gzips them, and writes each page's HTML pointing
 * at them. Runs at `npm install`/`npm ci` (the `prepare` script), with `npm run build:web`, and from
 * the web tests.
 *
 * The new build is written next to the old one and swapped in with renames, so a running server
 * never serves half of one build and half of another.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'src/web');
const target = join(root, 'dist/web');
const staging = join(root, `dist/web.build-${process.pid}`);
const retired = join(root, `dist/web.old-${process.pid}`);

/**
 * Files copied as they are, renamed with their content hash, by the name pages use for them. The
 * map's country outlines are Natural Earth's at 1:110m from world-atlas: 108 kB (38 kB gzipped),
 * enough for a country's shape at the zooms the map allows; the 1:50m file is seven times larger.
 */
const STATIC = {
  'favicon.svg': 'src/web/favicon.svg',
  'countries-110m.json': 'node_modules/world-atlas/countries-110m.json',
};

/**
 * Each page and its entry points, by output name. Pages share nothing at run time but the favicon:
 * the desk's bundle carries its own copy of the code it imports from the timeline's modules.
 */
const PAGES = {
  'index.html': { main: 'src/web/main.ts', style: 'src/web/style.css' },
  'desk.html': { desk: 'src/web/desk.ts', 'desk-style': 'src/web/desk.css' },
};

rmSync(staging, { recursive: true, force: true });
mkdirSync(join(staging, 'assets'), { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: Object.assign({}, ...Object.values(PAGES)),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  minify: true,
  sourcemap: 'linked',
  outdir: join(staging, 'assets'),
  entryNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});

/** Public path of each entry point's output by its name and type, e.g. { 'main.js': '/assets/main-AB12CD.js' }. */
const assets = {};
const entryNames = Object.fromEntries(
  Object.values(PAGES).flatMap((entries) => Object.entries(entries).map(([name, path]) => [path, name])),
);
for (const [output, meta] of Object.entries(result.metafile.outputs)) {
  if (!meta.entryPoint) continue;
  assets[`${entryNames[meta.entryPoint]}${extname(output)}`] = `/${relative(staging, join(root, output)).split('\\').join('/')}`;
}
for (const [file, path] of Object.entries(STATIC)) {
  const body = readFileSync(join(root, path));
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 10);
  const hashed = `${basename(file, extname(file))}-${hash}${extname(file)}`;
  writeFileSync(join(staging, 'assets', hashed), body);
  assets[file] = `/assets/${hashed}`;
}

// Each page names its assets by placeholder: {{main.js}}, {{style.css}}, {{favicon.svg}}.
for (const page of Object.keys(PAGES)) {
  const html = readFileSync(join(source, page), 'utf8').replace(/\{\{([\w.-]+)\}\}/g, (whole, key) => {
    const path = assets[key];
    if (!path) throw new Error(`src/web/${page} names an unknown asset: ${whole}`);
    return path;
  });
  writeFileSync(join(staging, page), html);
}

// Precompressed copies of the text files; the server sends them to clients that accept gzip.
for (const dir of [staging, join(staging, 'assets')]) {
  for (const file of readdirSync(dir)) {
    if (!/\.(html|js|css|svg|map|json)$/.test(file)) continue;
    const path = join(dir, file);
    writeFileSync(`${path}.gz`, gzipSync(readFileSync(path), { level: 9 }));
  }
}

rmSync(retired, { recursive: true, force: true });
if (existsSync(target)) renameSync(target, retired);
renameSync(staging, target);
rmSync(retired, { recursive: true, force: true });

console.log(`web page built: ${relative(root, target)} (${Object.values(assets).join(', ')})`);
