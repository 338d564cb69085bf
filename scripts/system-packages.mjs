#!/usr/bin/env node
/**
 * The Debian packages the test suite runs against, installed when missing: `npm test` runs this
 * first (the `pretest` script) and so does .ci/run, so the README's two commands pass on a machine
 * that has only Node. Where it cannot install (not Debian, not root and no password-less sudo) it
 * stops at once with one line naming the packages, rather than letting their tests fail one by one
 * or be skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Each package, the file that shows it is installed, and why the tests need it. */
const PACKAGES = [
  { name: 'chromium', file: '/usr/bin/chromium', why: 'the page, desk and GraphiQL tests drive a real headless browser' },
  { name: 'redis-server', file: '/usr/bin/redis-server', why: 'two server processes fan events out to each other through Redis' },
];

const missing = PACKAGES.filter((p) => !existsSync(p.file));
if (missing.length === 0) process.exit(0);

const names = missing.map((p) => p.name).join(' ');
const canSudo = () => spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
const root = process.getuid?.() === 0;
if (!existsSync('/etc/debian_version') || !existsSync('/usr/bin/apt-get') || !(root || canSudo())) {
  console.error(`The tests need the Debian packages ${names}; install them first (apt-get install -y ${names}) and run npm test again.`);
  process.exit(1);
}

for (const p of missing) console.log(`Installing ${p.name}: ${p.why}.`);
const run = (args) =>
  execFileSync(root ? args[0] : 'sudo', root ? args.slice(1) : args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
try {
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', ...missing.map((p) => p.name)]);
} catch (error) {
  console.error(`Installing ${names} failed (${error.message.split('\n')[0]}); the tests need them.`);
  process.exit(1);
}
const still = missing.filter((p) => !existsSync(p.file));
if (still.length) {
  console.error(`apt-get finished but ${still.map((p) => p.file).join(', ')} is still missing; the tests need it.`);
  process.exit(1);
}
