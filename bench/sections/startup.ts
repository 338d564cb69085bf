/**
 * Section 4: `npm start` on the existing million-row database, timed from the spawn to the first
 * query answered (a real page of incidents, not /health).
 */
import { spawn } from 'node:child_process';
import { ROOT } from '../lib/child.js';
import { post, sleep } from '../lib/graphql.js';

export interface StartupResult {
  /** Spawn to "Parley is serving …" on stdout. */
  listeningSeconds: number;
  /** Spawn to the first successful answer. */
  firstQuerySeconds: number;
  check: string;
}

/** What each `command` spawns. */
export const STARTUP_COMMANDS = {
  /** As a user types it. */
  npm: ['npm', ['start']],
  /** What `npm start` runs, without npm's own start-up: tells the two apart. */
  node: [process.execPath, ['scripts/start.mjs']],
  /** The sources under tsx, as the tests run them: what the bundle saves. */
  tsx: [process.execPath, ['--import', 'tsx', 'src/main.ts']],
} as const;

export async function runStartup(
  dbPath: string,
  queryBody: string,
  command: keyof typeof STARTUP_COMMANDS = 'npm',
): Promise<StartupResult> {
  const started = performance.now();
  const [file, args] = STARTUP_COMMANDS[command];
  const name = command === 'npm' ? 'npm start' : `node ${args.join(' ')}`;
  // Its own process group, so the whole tree (npm → sh → node) can be signalled by its id.
  const child = spawn(file, args, {
    cwd: ROOT,
    env: { ...process.env, PARLEY_DB_PATH: dbPath, PORT: '0', HOST: '127.0.0.1', PARLEY_SEED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} printed no address in 60 s:\n${output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /serving (http:\/\/[^\s"]+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code}:\n${output}`));
      });
    });
    const listeningSeconds = (performance.now() - started) / 1000;
    let check = 'no answer';
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        const answer = await post(url, queryBody);
        if (answer.status === 200 && answer.json?.data && !answer.json.errors?.length) {
          check = 'ok';
          break;
        }
        check = answer.text.slice(0, 200);
      } catch (error) {
        check = String(error);
      }
      await sleep(10);
    }
    return { listeningSeconds, firstQuerySeconds: (performance.now() - started) / 1000, check };
  } finally {
    if (child.pid !== undefined && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    }
  }
}
