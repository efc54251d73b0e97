// The whole event pipeline through the built CLI: `akasa event ingest FILE --notify-file`
// on a seeded temp store (log, dedupe, state, rules, alerts, outbox, notifications file),
// against a raw better-sqlite3 batched insert of the same rows in the same run.
// Goal (issue 4): ≥ 50,000 events/s on 2 cores (≥ 0.35 of the raw insert), and peak memory
// that stays flat when the file doubles (JSON lines are streamed, never loaded whole).
// Then the alert-heavy mix (issue 11): 100k events on ~2,000 flight-dates where nearly every
// event changes a delay, a gate or a status, so there are more alert changes than events.
// Goal: ≥ 0.20 of the raw insert of the same lines.
//
//   npm run bench -- pipeline                 (builds first)
//   AKASA_BENCH_EVENTS=20000 node bench/pipeline.bench.mjs
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addDays, alertHeavyEvents, busyDay, rng } from '../scripts/event-generator.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(root, 'bin/akasa');
const REPORTER = join(root, 'bench/max-rss-reporter.mjs');
const OUT = join(root, 'bench/out');
const EVENTS = Number(process.env.AKASA_BENCH_EVENTS ?? 100_000);
const GOAL = 50_000;
const RUNS = Number(process.env.AKASA_BENCH_RUNS ?? 3);
mkdirSync(OUT, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'akasa-pipeline-bench-'));

/** Writes `n` events: busy days across the fixture schedule (≈5% duplicates, ≈3% late), day after day. */
async function generate(n) {
  const path = join(OUT, `events-${n}.jsonl`);
  if (existsSync(path)) return path;
  const schedule = JSON.parse(readFileSync(join(root, 'fixtures/schedule.json'), 'utf8'));
  const out = createWriteStream(path);
  const rand = rng(42);
  let written = 0;
  let date = '2026-12-01';
  while (written < n) {
    let chunk = '';
    for (const e of busyDay(schedule, date, rand, { stepMin: 10, idPrefix: 'bench' })) {
      if (written >= n) break;
      chunk += `${JSON.stringify(e)}\n`;
      written++;
    }
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
    date = addDays(date, 1);
  }
  await new Promise((r) => out.end(r));
  return path;
}

/** Writes the alert-heavy mix: 50 events per flight-date from 2026-12-01 on (≈2,000 flight-dates for 100k events). */
async function generateAlertHeavy(n) {
  const path = join(OUT, `alert-heavy-${n}.jsonl`);
  if (existsSync(path)) return path;
  const schedule = JSON.parse(readFileSync(join(root, 'fixtures/schedule.json'), 'utf8'));
  const out = createWriteStream(path);
  let chunk = '';
  for (const e of alertHeavyEvents(schedule, '2026-12-01', n)) {
    chunk += `${JSON.stringify(e)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise((r) => out.end(r));
  return path;
}

// After every generated event (they run from 2026-12-01 on, about 2,000 a day): the bench
// ingests a backfill, all behind the clock, as an event more than a few minutes ahead of the
// clock is refused.
const NOW = '2030-01-01T00:00:00Z';

function cli(args, env = {}) {
  return spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', AKASA_NOW: NOW, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

const template = join(work, 'seeded.db');
const seeded = cli(['--db', template, 'db', 'seed']);
if (seeded.status !== 0) throw new Error(`db seed failed: ${seeded.stderr}`);

/** The pipeline: a copy of the seeded store, the CLI with a peak-RSS reporter preloaded. */
function runPipeline(file, label) {
  const db = join(work, `${label}.db`);
  copyFileSync(template, db);
  const rssFile = join(work, `${label}.rss`);
  const notify = join(work, `${label}.notify.jsonl`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', REPORTER, BIN, '--db', db, '--json', 'event', 'ingest', file, '--notify-file', notify], {
    env: { ...process.env, NO_COLOR: '1', AKASA_NOW: NOW, AKASA_BENCH_RSS_FILE: rssFile },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`ingest failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(r.stdout);
  const lines = report.accepted + report.duplicates + report.rejected;
  const usage = JSON.parse(readFileSync(rssFile, 'utf8'));
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  return { seconds, cpuSeconds, lines, report, rssMiB: usage.maxRSS / 1024, notifyLines: readFileSync(notify, 'utf8').split('\n').length - 1 };
}

/** Baseline: read and parse the same lines, insert them (the event log's columns and unique event_id, 16 KiB pages) in 5000-row transactions. */
async function runRaw(file) {
  const path = join(work, 'raw.db');
  const db = new Database(path);
  // The store's own settings and log table (see src/store/database.ts and migrations 002–005).
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`create table log (seq integer primary key, event_id text not null unique, flight_number text not null, flight_date text not null,
    status text not null, event_time text not null, received_at text not null, source text not null, payload text not null)`);
  const insert = db.prepare('insert into log (event_id, flight_number, flight_date, status, event_time, received_at, source, payload) values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (event_id) do nothing');
  const flush = db.transaction((rows) => {
    for (const e of rows) insert.run(e.event_id, e.flight_number, e.flight_date, e.status, e.event_time, '2026-11-30T00:00:00.000Z', 'file:bench', JSON.stringify(e));
  });
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let batch = [];
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (!line) continue;
    batch.push(JSON.parse(line));
    n++;
    if (batch.length === 5000) {
      flush(batch);
      batch = [];
    }
  }
  flush(batch);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  db.close();
  rmSync(path, { force: true });
  for (const ext of ['-wal', '-shm']) rmSync(path + ext, { force: true });
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, lines: n };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
try {
  const file = await generate(EVENTS);
  const big = await generate(EVENTS * 2);
  console.log(`input: ${fmt(EVENTS)} events (${(statSync(file).size / 1048576).toFixed(1)} MiB) and ${fmt(EVENTS * 2)} events (${(statSync(big).size / 1048576).toFixed(1)} MiB) in bench/out/`);

  // Shared machines make single runs noisy: alternate the two, keep each one's best run,
  // and also report CPU time, which other load on the machine disturbs far less than wall time.
  const best = (a, b) => (!a || b.seconds < a.seconds ? b : a);
  let raw;
  let pipe;
  for (let i = 0; i < RUNS; i++) {
    raw = best(raw, await runRaw(file));
    pipe = best(pipe, runPipeline(file, `p1-${i}`));
  }
  const pipe2 = runPipeline(big, 'p2');
  const rawRate = raw.lines / raw.seconds;
  const rate = pipe.lines / pipe.seconds;
  const rate2 = pipe2.lines / pipe2.seconds;
  const r = pipe.report;
  console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (figures are the best of ${RUNS} runs)`);
  console.log(`pipeline (akasa event ingest --notify-file, whole process incl. start-up):`);
  console.log(`  ${fmt(pipe.lines)} events in ${pipe.seconds.toFixed(2)} s = ${fmt(rate)} events/s  (goal ${fmt(GOAL)}: ${rate >= GOAL ? 'met' : 'NOT met'}); CPU ${pipe.cpuSeconds.toFixed(2)} s = ${fmt(pipe.lines / pipe.cpuSeconds)} events per CPU-second`);
  console.log(`  ${fmt(r.accepted)} logged, ${fmt(r.duplicates)} duplicates, ${fmt(r.stale)} stale; alerts ${fmt(r.alerts.opened)} opened, ${fmt(r.alerts.escalated)} escalated, ${fmt(r.alerts.updated)} updated, ${fmt(r.alerts.resolved)} resolved; ${fmt(r.notifications)} notifications (${fmt(pipe.notifyLines)} lines in the file)`);
  console.log(`raw better-sqlite3 batched insert of the same lines (parse + insert, unique event_id, 5000 per transaction):`);
  console.log(`  ${fmt(raw.lines)} rows in ${raw.seconds.toFixed(2)} s = ${fmt(rawRate)} rows/s; CPU ${raw.cpuSeconds.toFixed(2)} s = ${fmt(raw.lines / raw.cpuSeconds)} rows per CPU-second`);
  console.log(`ratio pipeline / raw insert: ${(rate / rawRate).toFixed(2)} by wall time, ${(raw.cpuSeconds / pipe.cpuSeconds).toFixed(2)} by CPU time`);
  console.log(`memory (peak RSS of the CLI process):`);
  console.log(`  ${fmt(EVENTS)} events: ${pipe.rssMiB.toFixed(0)} MiB; ${fmt(EVENTS * 2)} events: ${pipe2.rssMiB.toFixed(0)} MiB (${fmt(rate2)} events/s); growth ×${(pipe2.rssMiB / pipe.rssMiB).toFixed(2)} for ×2 input`);

  // ---- the alert-heavy mix, against its own raw insert -----------------------------------
  const heavy = await generateAlertHeavy(EVENTS);
  let hRaw;
  let hPipe;
  for (let i = 0; i < RUNS; i++) {
    hRaw = best(hRaw, await runRaw(heavy));
    hPipe = best(hPipe, runPipeline(heavy, `h-${i}`));
  }
  const hr = hPipe.report;
  const changes = hr.alerts.opened + hr.alerts.escalated + hr.alerts.updated + hr.alerts.resolved;
  const hRate = hPipe.lines / hPipe.seconds;
  const hRawRate = hRaw.lines / hRaw.seconds;
  const flightDates = new Set(readFileSync(heavy, 'utf8').split('\n').filter(Boolean).map((l) => { const e = JSON.parse(l); return `${e.flight_number}|${e.flight_date}`; })).size;
  console.log(`alert-heavy mix (${fmt(hPipe.lines)} events on ${fmt(flightDates)} flight-dates):`);
  console.log(`  ${fmt(hRate)} events/s (${hPipe.seconds.toFixed(2)} s; CPU ${hPipe.cpuSeconds.toFixed(2)} s); ${fmt(changes)} alert changes (${(changes / hPipe.lines).toFixed(2)} per event: ${fmt(hr.alerts.opened)} opened, ${fmt(hr.alerts.escalated)} escalated, ${fmt(hr.alerts.updated)} updated, ${fmt(hr.alerts.resolved)} resolved); ${fmt(hr.notifications)} notifications`);
  console.log(`  raw insert of the same lines: ${fmt(hRawRate)} rows/s; ratio ${(hRate / hRawRate).toFixed(2)} by wall time (goal ≥ 0.20: ${hRate / hRawRate >= 0.2 ? 'met' : 'NOT met'}), ${(hRaw.cpuSeconds / hPipe.cpuSeconds).toFixed(2)} by CPU time`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
