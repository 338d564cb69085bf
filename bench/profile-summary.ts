/** `npx tsx bench/profile-summary.ts FILE.cpuprofile [TOP]`: self time by function and by package. */
import { formatSummary, summarize } from './lib/profile.js';

const [file, top] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx bench/profile-summary.ts FILE.cpuprofile [TOP]');
  process.exit(2);
}
console.log(formatSummary(summarize(file, top ? Number(top) : 20)));
