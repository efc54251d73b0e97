// The watched folder on the built daemon (`akasa daemon --inbox`), on a seeded temp store:
//  1. many small files (one event each) dropped into the inbox: files/s until all are in
//     processed/, against raw fs work on the same files in the same run (read, parse,
//     rename, one file after another);
//  2. one big JSON-lines file (100 MiB by default, with one over-long line in the middle that
//     must be rejected alone) and a quarter-size one with the same long line: time until moved
//     and the daemon's peak RSS, against `akasa event ingest` of the same big file
//     (whole-process time and peak RSS).
// Goal (issue 17): ≥ 1,000 small files/s, and peak memory that stays flat as the file grows.
//
//   npm run bench -- inbox                     (builds first)
//   AKASA_BENCH_INBOX_FILES=2000 AKASA_BENCH_INBOX_MB=20 node bench/inbox.bench.mjs
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile, rename } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addDays, busyDay, rng } from '../scripts/event-generator.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(root, 'bin/akasa');
const REPORTER = join(root, 'bench/max-rss-reporter.mjs');
const FILES = Number(process.env.AKASA_BENCH_INBOX_FILES ?? 5000);
const BIG_MB = Number(process.env.AKASA_BENCH_INBOX_MB ?? 100);
const GOAL_FILES = 1000;
// After every generated event (they run from 2026-12-01 on): an event more than a few
// minutes ahead of the clock is refused, so the files are a backfill behind it.
const NOW = '2030-01-01T00:00:00Z';
const work = mkdtempSync(join(tmpdir(), 'akasa-inbox-bench-'));
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Busy days across the fixture schedule, event after event, ids prefixed so runs never collide. */
function* events(prefix) {
  const schedule = JSON.parse(readFileSync(join(root, 'fixtures/schedule.json'), 'utf8'));
  const rand = rng(17);
  for (let date = '2026-12-01'; ; date = addDays(date, 1)) yield* busyDay(schedule, date, rand, { stepMin: 10, idPrefix: prefix, dupRate: 0 });
}

/** `count` one-event files in `dir`. */
function writeSmallFiles(dir, count, prefix) {
  mkdirSync(dir, { recursive: true });
  const gen = events(prefix);
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `e${String(i).padStart(6, '0')}.jsonl`), `${JSON.stringify(gen.next().value)}\n`);
}

/** A JSON-lines file of about `mb` MiB; with `longLineMb`, one line that long (not JSON) half-way. */
async function writeBigFile(path, mb, prefix, longLineMb = 0) {
  const out = createWriteStream(path);
  const gen = events(prefix);
  const target = mb * 1048576;
  let written = 0;
  let lines = 0;
  let long = longLineMb > 0;
  while (written < target) {
    let chunk = '';
    for (let i = 0; i < 2000; i++) chunk += `${JSON.stringify(gen.next().value)}\n`;
    lines += 2000;
    if (long && written > target / 2) {
      chunk += `${'x'.repeat(longLineMb * 1048576)}\n`;
      long = false;
    }
    written += chunk.length;
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  return lines;
}

function cli(args) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', AKASA_NOW: NOW }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`akasa ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return r;
}

/** Starts the built daemon on a copy of the seeded store, with a peak-RSS reporter preloaded. */
async function startDaemon(label, template) {
  const db = join(work, `${label}.db`);
  copyFileSync(template, db);
  const inbox = join(work, `${label}-inbox`);
  const rssFile = join(work, `${label}.rss`);
  const child = spawn(process.execPath, ['--import', REPORTER, BIN, '--db', db, 'daemon', '--port', '0', '--host', '127.0.0.1', '--inbox', inbox, '--log-format', 'json'], {
    env: { ...process.env, NO_COLOR: '1', AKASA_NOW: NOW, AKASA_INBOX_SETTLE_MS: '50', AKASA_BENCH_RSS_FILE: rssFile, AKASA_WEBHOOK_SECRET: undefined, AKASA_API_TOKEN: undefined },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
  const exited = new Promise((r) => child.on('close', r));
  for (let i = 0; i < 600 && !out.includes('"listening"'); i++) {
    if (child.exitCode !== null) throw new Error(`daemon exited: ${err}`);
    await sleep(50);
  }
  if (!out.includes('"listening"')) throw new Error(`daemon did not start: ${err}`);
  return {
    inbox,
    log: () => out,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`daemon exited ${code}: ${err.slice(-2000)}`);
      return JSON.parse(readFileSync(rssFile, 'utf8')).maxRSS / 1024;
    },
  };
}

/** Waits until `done()` holds (polling every 20 ms, at most `limitS` seconds); returns the seconds since `t0`. */
async function until(done, t0, limitS, what) {
  for (;;) {
    if (done()) return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > limitS * 1000) throw new Error(`timed out after ${limitS} s waiting for ${what}`);
    await sleep(20);
  }
}

const count = (dir) => {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
};

try {
  const template = join(work, 'seeded.db');
  cli(['--db', template, 'db', 'seed']);
  console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  // 1. Small files. Staged beside the inbox (same file system), then renamed in all at once.
  const staged = join(work, 'staged');
  writeSmallFiles(staged, FILES, 'small');
  const rawDir = join(work, 'raw');
  writeSmallFiles(rawDir, FILES, 'raw');
  mkdirSync(join(rawDir, 'processed'));

  const rawT0 = performance.now();
  for (const name of readdirSync(rawDir).filter((n) => n.endsWith('.jsonl'))) {
    JSON.parse(await readFile(join(rawDir, name), 'utf8'));
    await rename(join(rawDir, name), join(rawDir, 'processed', name));
  }
  const rawSeconds = (performance.now() - rawT0) / 1000;

  const small = await startDaemon('small', template);
  const t0 = performance.now();
  for (const name of readdirSync(staged)) renameSync(join(staged, name), join(small.inbox, name));
  const seconds = await until(() => count(join(small.inbox, 'processed')) >= FILES, t0, 600, `${FILES} files in processed/`);
  const smallRss = await small.stop();
  const rate = FILES / seconds;
  const rawRate = FILES / rawSeconds;
  console.log(`small files (one event each, renamed into the inbox at once, settle time 50 ms):`);
  console.log(`  ${fmt(FILES)} files in ${seconds.toFixed(2)} s = ${fmt(rate)} files/s  (goal ${fmt(GOAL_FILES)}: ${rate >= GOAL_FILES ? 'met' : 'NOT met'}); daemon peak RSS ${smallRss.toFixed(0)} MiB`);
  console.log(`  baseline, raw fs in one process (read, JSON.parse, rename; one file after another): ${rawSeconds.toFixed(2)} s = ${fmt(rawRate)} files/s`);
  console.log(`  ratio inbox / raw fs: ${(rate / rawRate).toFixed(2)}`);

  // 2. Big files, each on a fresh daemon so each peak RSS is its own.
  const big = join(work, 'big.jsonl');
  const quarter = join(work, 'quarter.jsonl');
  const LONG_MB = 8;
  const bigLines = await writeBigFile(big, BIG_MB, 'big', LONG_MB);
  const quarterLines = await writeBigFile(quarter, BIG_MB / 4, 'quarter', LONG_MB);
  const bigMiB = statSync(big).size / 1048576;

  const ingestRss = join(work, 'ingest.rss');
  const db = join(work, 'ingest.db');
  copyFileSync(template, db);
  const i0 = performance.now();
  const ingest = spawnSync(process.execPath, ['--import', REPORTER, BIN, '--db', db, '--json', 'event', 'ingest', big], {
    env: { ...process.env, NO_COLOR: '1', AKASA_NOW: NOW, AKASA_BENCH_RSS_FILE: ingestRss },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const ingestSeconds = (performance.now() - i0) / 1000;
  if (ingest.status !== 1 && ingest.status !== 0) throw new Error(`event ingest failed (${ingest.status}): ${ingest.stderr.slice(-2000)}`);
  const ingestMiB = JSON.parse(readFileSync(ingestRss, 'utf8')).maxRSS / 1024;

  const runBig = async (file, label) => {
    const daemon = await startDaemon(label, template);
    const name = `${label}.jsonl`;
    const t = performance.now();
    renameSync(file, join(daemon.inbox, name));
    const s = await until(() => count(join(daemon.inbox, 'processed')) + count(join(daemon.inbox, 'failed')) > 0, t, 1800, `${name} moved`);
    const rss = await daemon.stop();
    const entry = daemon
      .log()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l))
      .find((l) => l.data?.file === name && (l.event === 'file_ingested' || l.event === 'file_failed'));
    return { seconds: s, rss, entry };
  };
  const q = await runBig(quarter, 'quarter');
  const b = await runBig(big, 'big');
  console.log(`one big JSON-lines file (${bigMiB.toFixed(0)} MiB, ${fmt(bigLines)} events, one ${LONG_MB} MiB line half-way):`);
  console.log(
    `  inbox: moved after ${b.seconds.toFixed(2)} s = ${fmt(bigLines / b.seconds)} events/s; ${b.entry ? `${fmt(b.entry.data.accepted)} accepted, ${fmt(b.entry.data.rejected)} rejected → ${b.entry.event === 'file_failed' ? 'failed/' : 'processed/'}` : 'no log entry'}; daemon peak RSS ${b.rss.toFixed(0)} MiB`,
  );
  console.log(`  baseline, akasa event ingest of the same file (whole process): ${ingestSeconds.toFixed(2)} s = ${fmt(bigLines / ingestSeconds)} events/s; peak RSS ${ingestMiB.toFixed(0)} MiB`);
  console.log(`  ratio inbox / event ingest: ${(ingestSeconds / b.seconds).toFixed(2)} by time, ${(b.rss / ingestMiB).toFixed(2)} by peak RSS`);
  console.log(`  memory: quarter-size file (${fmt(quarterLines)} events, the same long line) peak RSS ${q.rss.toFixed(0)} MiB; ×${(b.rss / q.rss).toFixed(2)} for ×4 input`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
