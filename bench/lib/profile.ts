/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and aggregates self time: per function (name + file +
 * line) and per package (node_modules/<pkg>, Parley's own src/…, node internals, GC, idle).
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Entry {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time not idle (the program, GC and natives). */
  busyMs: number;
  functions: Entry[];
  packages: Entry[];
}

/** Where a frame's code lives: a package, a file of Parley's, node's own, or a V8 pseudo-frame. */
export function ownerOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) {
    const name = frame.functionName;
    if (name === '(idle)' || name === '(program)' || name === '(garbage collector)' || name === '(root)') return name;
    return '(native)';
  }
  if (url.startsWith('node:')) return 'node: internals';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = url.indexOf('/src/');
  if (src >= 0) return `parley ${url.slice(src + 1)}`;
  const bench = url.indexOf('/bench/');
  if (bench >= 0) return `bench ${url.slice(bench + 1)}`;
  return url;
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  return url.replace(/^file:\/\//, '');
}

/**
 * A bench server runs compiled into one file (child.ts): its frames are given back the source file
 * and line they were compiled from, through the file's source map.
 */
function mapToSources(profile: CpuProfile): void {
  const maps = new Map<string, SourceMap | null>();
  for (const node of profile.nodes) {
    const frame = node.callFrame;
    if (!/\/bench\/\.data\/server-[^/]+\.mjs$/.test(frame.url)) continue;
    let map = maps.get(frame.url);
    if (map === undefined) {
      try {
        map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(frame.url)}.map`, 'utf8')));
      } catch {
        map = null;
      }
      maps.set(frame.url, map);
    }
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber);
    if (!entry || !('originalSource' in entry)) continue;
    node.callFrame = {
      ...frame,
      url: new URL(entry.originalSource, frame.url).href,
      lineNumber: entry.originalLine,
      columnNumber: entry.originalColumn,
    };
  }
}

/**
 * `window` keeps only the samples taken within [fromUs, toUs]: V8 stamps samples with
 * CLOCK_MONOTONIC in µs, the clock of process.hrtime(), so a parent can say when its load ran.
 */
export function summarize(path: string, top = 15, window?: { fromUs: number; toUs: number }): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  mapToSources(profile);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    // timeDeltas[i] is the time before sample i; attribute the gap to the sample that ends it.
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (window && (t < window.fromUs || t > window.toUs)) continue;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, dt));
  }
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') idle += us;
    const key = frame.url
      ? `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`
      : frame.functionName || '(anonymous)';
    functions.set(key, (functions.get(key) ?? 0) + us);
    const owner = ownerOf(frame);
    packages.set(owner, (packages.get(owner) ?? 0) + us);
  }
  const busy = total - idle;
  const rank = (map: Map<string, number>): Entry[] =>
    [...map]
      .filter(([name]) => name !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busy > 0 ? us / busy : 0 }));
  return { totalMs: total / 1000, busyMs: busy / 1000, functions: rank(functions), packages: rank(packages) };
}

/** Parley's files grouped by folder, node_modules by package: a coarser "who costs what". */
export function formatSummary(summary: ProfileSummary): string {
  const lines: string[] = [];
  lines.push(
    `Profiled ${(summary.totalMs / 1000).toFixed(1)} s, of which busy (not idle) ${(summary.busyMs / 1000).toFixed(1)} s; shares are of busy time.`,
  );
  const pseudo = (name: string) => name.startsWith('(');
  const topPackage = summary.packages.find((e) => !pseudo(e.name));
  const topFunction = summary.functions.find((e) => !pseudo(e.name));
  if (topPackage && topFunction) {
    lines.push('');
    lines.push(
      `Largest self time by package: **${topPackage.name}** (${(topPackage.share * 100).toFixed(1)} %); ` +
        `by function: **\`${topFunction.name}\`** (${(topFunction.share * 100).toFixed(1)} %).`,
    );
  }
  lines.push('');
  lines.push('| self time by function | ms | share |');
  lines.push('| --- | ---: | ---: |');
  for (const e of summary.functions)
    lines.push(`| \`${e.name.replaceAll('|', '\\|')}\` | ${e.ms.toFixed(0)} | ${(e.share * 100).toFixed(1)} % |`);
  lines.push('');
  lines.push('| self time by package / file | ms | share |');
  lines.push('| --- | ---: | ---: |');
  for (const e of summary.packages)
    lines.push(`| ${e.name.replaceAll('|', '\\|')} | ${e.ms.toFixed(0)} | ${(e.share * 100).toFixed(1)} % |`);
  return lines.join('\n');
}
