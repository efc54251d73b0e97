// Preloaded with `node --import` into a benchmarked child process: when the process exits,
// writes its peak resident set size (KiB) and CPU time (µs) as JSON to
// $AKASA_BENCH_RSS_FILE. Keeps measurement out of the product's code and flags.
import { writeFileSync } from 'node:fs';

const target = process.env.AKASA_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ maxRSS: u.maxRSS, userCPUTime: u.userCPUTime, systemCPUTime: u.systemCPUTime }));
  });
}
