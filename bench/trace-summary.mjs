// Sums up a daemon trace (AKASA_DAEMON_TRACE=FILE, see docs/daemon.md): for each kind of
// record (processing steps, group commits, garbage collections, webhook requests, restarts of
// the WAL from the daemon's thread) how many,
// their total and their p50 / p90 / p99 / longest duration, then the longest steps and the
// share of each second the thread spent in steps.
//
//   AKASA_DAEMON_TRACE=/tmp/trace.jsonl akasa daemon …    (load it, stop it)
//   node bench/trace-summary.mjs /tmp/trace.jsonl
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/trace-summary.mjs TRACE.jsonl');
  process.exit(2);
}
const records = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const f = (x) => x.toFixed(2);
for (const kind of ['step', 'commit', 'gc', 'request', 'restart']) {
  const ms = records.filter((r) => r.k === kind).map((r) => r.ms).sort((a, b) => a - b);
  if (ms.length === 0) continue;
  const sum = ms.reduce((a, b) => a + b, 0);
  console.log(`${kind.padEnd(8)} ${String(ms.length).padStart(7)}   total ${sum.toFixed(0).padStart(6)} ms   p50 ${f(pct(ms, 50))}  p90 ${f(pct(ms, 90))}  p99 ${f(pct(ms, 99))}  longest ${f(ms[ms.length - 1])} ms`);
}
const steps = records.filter((r) => r.k === 'step');
console.log('longest steps (ms: events applied, alert changes told, notifications):');
for (const s of [...steps].sort((a, b) => b.ms - a.ms).slice(0, 10)) console.log(`  ${f(s.ms)}: ${s.processed}, ${s.changes}, ${s.notifications}${s.squeezed ? ' (squeezed)' : ''}`);
if (steps.length > 0) {
  const first = Math.min(...steps.map((s) => s.t));
  const busy = new Map();
  for (const s of steps) {
    const second = Math.floor((s.t - first) / 1000);
    busy.set(second, (busy.get(second) ?? 0) + s.ms);
  }
  console.log(`share of each second in processing steps: ${[...busy.values()].map((ms) => `${Math.round(ms / 10)}%`).join(' ')}`);
}
