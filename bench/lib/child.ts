/**
 * Servers under test run in child processes (so the load generator in the parent never shares
 * their event loop), one at a time. A child speaks a tiny IPC protocol (bench/servers/ipc.ts):
 * it says `ready` with its port, answers `gc`, and exits cleanly on `stop` (so --cpu-prof can
 * write its profile).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ChildMessage, ParentMessage } from '../servers/ipc.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Where a file is compiled to. Two folders below the root, as src/<dir>/<file>.ts is, so the paths
 * Parley makes from import.meta.url (../../migrations) lead to the same places.
 */
const compiledPath = (name: string) => join(ROOT, 'bench/.data', `${name}.mjs`);

const compiling = new Map<string, Promise<string>>();

/**
 * A server under test runs as `npm start` runs Parley: its TypeScript compiled ahead by esbuild
 * (once per bench run), then plain node. Under tsx, each function the code creates would also be
 * handed to a `__name` helper that defines its name property (tsx keeps names): a cost on every
 * closure, in CPU and in memory (a property table each), that the bundle `npm start` runs does not
 * have. Only the bench's and Parley's sources are compiled into the file; packages load from
 * node_modules as they always do. Its source map lets profiles name Parley's files (profile.ts).
 */
function compile(file: string): Promise<string> {
  return compileScript(`bench/servers/${file}`, `server-${file.replace(/\.ts$/, '')}`);
}

/** Compiles a TypeScript entry point of the repository (`src/cli/import.ts`) as `compile` does a server. */
export function compileScript(path: string, name: string): Promise<string> {
  let done = compiling.get(name);
  if (!done) {
    const outfile = compiledPath(name);
    done = build({
      entryPoints: [join(ROOT, path)],
      outfile,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      sourcemap: 'linked',
      logLevel: 'warning',
    }).then(() => outfile);
    compiling.set(name, done);
  }
  return done;
}

export interface ServerChild {
  name: string;
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** Anything extra the child announced when ready (a token, …). */
  info: Record<string, unknown>;
  /** Messages the child sends after `ready` (commit times, …). */
  onMessage(listener: (message: ChildMessage) => void): void;
  /** Asks the child for a full GC (it runs with --expose-gc) and waits for it. */
  gc(): Promise<void>;
  /** VmRSS of the child, in bytes, from /proc/<pid>/status. */
  rss(): number;
  /** Asks the child to stop cleanly; kills it if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** The child's stderr so far (for error reports). */
  stderr(): string;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  /** Extra node flags (--cpu-prof, …). */
  nodeArgs?: string[];
  /** How long to wait for `ready`. */
  timeoutMs?: number;
}

/** Starts `bench/servers/<file>`, compiled, and resolves once it listens. */
export async function startChild(name: string, file: string, options: SpawnOptions = {}): Promise<ServerChild> {
  const entry = await compile(file);
  const child = spawn(process.execPath, ['--expose-gc', ...(options.nodeArgs ?? []), entry], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listeners = new Set<(message: ChildMessage) => void>();
  const gcWaiters: (() => void)[] = [];
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'gcDone') gcWaiters.shift()?.();
    for (const listener of listeners) listener(message);
  });
  const send = (message: ParentMessage) => {
    if (child.connected) child.send(message);
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name}: not ready after ${options.timeoutMs ?? 60_000} ms\n${stderr}`));
    }, options.timeoutMs ?? 60_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited with ${code} before it was ready\n${stderr}`));
    };
    child.once('exit', onExit);
    const onReady = (message: ChildMessage) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.off('message', onReady);
      const { port, ...info } = message;
      resolve({
        name,
        child,
        pid: child.pid!,
        port,
        url: `http://127.0.0.1:${port}/graphql`,
        info,
        onMessage: (listener) => void listeners.add(listener),
        gc: () =>
          new Promise<void>((done) => {
            gcWaiters.push(done);
            send({ type: 'gc' });
          }),
        rss: () => rssOf(child.pid!),
        stop: async (graceMs = 10_000) => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          send({ type: 'stop' });
          const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), graceMs).unref());
          if ((await Promise.race([exited, timeout])) === 'timeout') {
            child.kill('SIGKILL');
            await exited;
          }
        },
        stderr: () => stderr,
      });
    };
    child.on('message', onReady);
  });
}

/** Resident memory of a process, in bytes (VmRSS in /proc/<pid>/status). */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}
