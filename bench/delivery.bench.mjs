// Webhook delivery throughput: `akasa notification deliver --once` sending N outbox
// notifications (signed, one request each, 16 in flight) to a local receiver that answers
// at once, next to the same receiver's own request rate under autocannon (16 connections,
// a body of the same size) in the same run. Goal (issue 16): ≥ 2,000 deliveries/s sustained.
// Then the event pipeline's own measure (`akasa event ingest` of 20,000 generated events into a
// seeded store) alone, and again on the same store while `notification deliver` sends a
// backlog from it: the goal says the pipeline stays unchanged while delivery runs.
//
//   npm run bench -- delivery            (builds first)
//   AKASA_BENCH_DELIVERIES=50000 node bench/delivery.bench.mjs
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { addDays, busyDay, rng } from '../scripts/event-generator.mjs';

const BIN = fileURLToPath(new URL('../bin/akasa', import.meta.url));
const REPORTER = fileURLToPath(new URL('./max-rss-reporter.mjs', import.meta.url));
const N = Number(process.env.AKASA_BENCH_DELIVERIES ?? 20_000);
const CONCURRENCY = 16;
const GOAL = 2000;
const dir = mkdtempSync(join(tmpdir(), 'akasa-delivery-bench-'));

// A receiver that reads the body and answers 200 at once; it counts what it was sent.
const RECEIVER = `
import { createServer } from 'node:http';
let requests = 0;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 11 }).end('{"ok":true}');
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port + '/'));
process.on('SIGTERM', () => { console.log('requests ' + requests); process.exit(0); });
`;

function startReceiver() {
  const child = spawn(process.execPath, ['--input-type=module', '-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const seen = [];
  const waiters = [];
  lines.on('line', (l) => {
    seen.push(l);
    for (const w of waiters.splice(0)) w();
  });
  const waitFor = (re) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`receiver: no ${re}`)), 15_000);
      const check = () => {
        const hit = seen.map((l) => l.match(re)).find(Boolean);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        } else waiters.push(check);
      };
      check();
    });
  return { child, waitFor };
}

function cli(db, args, env = {}) {
  const r = spawnSync(process.execPath, ['--import', REPORTER, BIN, '--db', db, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`akasa ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

/**
 * A migrated store with one alert and N notifications for N / 4 passengers (four each, so
 * per-passenger order is exercised). `seeded`: on a store seeded with the schedule (for the
 * pipeline run), the bench's passengers on a flight number the schedule does not have.
 */
function prepareStore(url, { name = 'akasa.db', seeded = false } = {}) {
  const db = join(dir, name);
  cli(db, seeded ? ['db', 'seed'] : ['db', 'migrate'], { AKASA_NOW: PIPELINE_NOW });
  const flight = seeded ? 'QP9999' : 'QP1001';
  cli(db, ['endpoint', 'add', url]);
  const sqlite = new Database(db);
  const now = new Date().toISOString();
  const passengers = Math.max(1, Math.ceil(N / 4));
  sqlite.transaction(() => {
    const customer = sqlite.prepare(`insert into customers (id, name, email, phone, loyalty_tier, seat_preference, special_assistance, notification_channel) values (?, ?, ?, ?, 'none', 'none', 0, ?)`);
    const booking = sqlite.prepare(`insert into bookings (id, locator, customer_id, passenger_name, flight_number, origin, destination, depart_date, seat, fare_paid, status, created_at, updated_at)
      values (?, ?, ?, ?, '${flight}', 'BOM', 'DEL', ?, ?, 4599, 'confirmed', ?, ?)`);
    const channels = ['email', 'sms', 'whatsapp'];
    for (let i = 0; i < passengers; i++) {
      const id = `CUST${String(i).padStart(7, '0')}`;
      customer.run(id, `Passenger ${i}`, `p${i}@example.in`, `+91 90000 ${String(i % 100000).padStart(5, '0')}`, channels[i % 3]);
      // 150 passengers a day, one seat each (seats are unique per flight-date).
      const day = new Date(Date.UTC(2026, 11, 1) + Math.floor(i / 150) * 86_400_000).toISOString().slice(0, 10);
      booking.run(`b${i}`, `L${i}`, id, `Passenger ${i}`, `${Math.floor((i % 150) / 6) + 1}${'ABCDEF'[i % 6]}`, day, now, now);
    }
    sqlite
      .prepare(`insert into alerts (id, flight_number, flight_date, alert_type, severity, message, status, delay_minutes, change_seq, created_at, updated_at, customer_ids, booking_ids, severity_history)
        values (1, '${flight}', '2026-12-01', 'CANCELLATION', 'critical', '${flight} BOM→DEL on 2026-12-01 is cancelled', 'open', null, 4, ?, ?, '[]', '[]', '[]')`)
      .run(now, now);
    // Already handed to the local sinks (sent): one sent range over all of them (migration 024).
    const note = sqlite.prepare(`insert into notifications (alert_id, change_seq, change_kind, customer_id, booking_id, channel, message, created_at) values (1, ?, 'opened', ?, ?, ?, ?, ?)`);
    for (let k = 0; k < N; k++) {
      const i = k % passengers;
      note.run(Math.floor(k / passengers) + 1, `CUST${String(i).padStart(7, '0')}`, `b${i}`, channels[i % 3], `Dear Passenger ${i}, QP1001 BOM→DEL on 2026-12-01 is cancelled. Booking L${i}.`, now);
    }
    sqlite.prepare('insert into notification_sent_ranges (first, last) select min(id), max(id) from notifications').run();
  })();
  sqlite.close();
  return db;
}

/** The pipeline benchmark's clock: after every generated event (they start on 2026-12-01). */
const PIPELINE_NOW = '2030-01-01T00:00:00Z';
const PIPELINE_EVENTS = 20_000;

/** The pipeline benchmark's mix: busy days across the fixture schedule, day after day. */
function writeEvents(n) {
  const schedule = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/schedule.json', import.meta.url)), 'utf8'));
  const rand = rng(42);
  const lines = [];
  for (let date = '2026-12-01'; lines.length < n; date = addDays(date, 1)) {
    for (const e of busyDay(schedule, date, rand, { stepMin: 10, idPrefix: 'bench' })) if (lines.length < n) lines.push(JSON.stringify(e));
  }
  const path = join(dir, 'events.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** `akasa event ingest FILE` into `db`: wall seconds and CPU seconds of the process. */
function ingest(db, file, label) {
  const usageFile = join(dir, `${label}.usage.json`);
  const t0 = performance.now();
  const report = JSON.parse(cli(db, ['--json', 'event', 'ingest', file], { AKASA_NOW: PIPELINE_NOW, AKASA_BENCH_RSS_FILE: usageFile }));
  const seconds = (performance.now() - t0) / 1000;
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  return { seconds, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, accepted: report.accepted };
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const receiver = startReceiver();
try {
  const [, url] = await receiver.waitFor(/listening on (\S+)/);
  const db = prepareStore(url);

  // The receiver's own rate: autocannon with as many connections as akasa keeps requests in flight.
  const body = JSON.stringify({ type: 'passenger.notification', timestamp: new Date().toISOString(), data: { text: 'x'.repeat(700) } });
  const load = await autocannon({ url, method: 'POST', body, headers: { 'content-type': 'application/json' }, connections: CONCURRENCY, duration: 4 });
  const receiverRate = load.requests.average;

  const t0 = performance.now();
  const usageFile = join(dir, 'usage.json');
  const summary = JSON.parse(cli(db, ['--json', 'notification', 'deliver', '--once', '--delivery-concurrency', String(CONCURRENCY)], { AKASA_BENCH_RSS_FILE: usageFile }));
  const seconds = (performance.now() - t0) / 1000;
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  const rate = summary.delivered / seconds;

  // The pipeline alone, then on the same store while a delivery pass sends its backlog.
  const events = writeEvents(PIPELINE_EVENTS);
  const pipelineStore = prepareStore(url, { name: 'pipeline.db', seeded: true });
  copyFileSync(pipelineStore, join(dir, 'pipeline-alone.db'));
  const alone = ingest(join(dir, 'pipeline-alone.db'), events, 'alone');
  const delivering = spawn(process.execPath, [BIN, '--db', pipelineStore, '--json', 'notification', 'deliver', '--once', '--delivery-concurrency', String(CONCURRENCY)], {
    env: { ...process.env, NO_COLOR: '1', AKASA_NOW: PIPELINE_NOW },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let deliveredText = '';
  delivering.stdout.on('data', (c) => (deliveredText += c));
  const deliveryDone = new Promise((resolve) => delivering.on('exit', resolve));
  // Give the delivery pass its start-up, so the ingest runs while it sends.
  await new Promise((r) => setTimeout(r, 300));
  const during = ingest(pipelineStore, events, 'during');
  const stillDelivering = delivering.exitCode === null;
  await deliveryDone;
  const deliveredDuring = JSON.parse(deliveredText).delivered;

  receiver.child.kill('SIGTERM');
  const [, received] = await receiver.waitFor(/requests (\d+)/);
  const check = new Database(db, { readonly: true });
  const states = Object.fromEntries(check.prepare('select status, count(*) as n from notification_deliveries group by status').all().map((r) => [r.status, r.n]));
  check.close();

  console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`akasa notification deliver --once (whole process incl. start-up, ${CONCURRENCY} in flight, signed, per-passenger order):`);
  console.log(`  ${fmt(summary.delivered)} of ${fmt(N)} delivered in ${seconds.toFixed(2)} s = ${fmt(rate)} deliveries/s  (goal ${fmt(GOAL)}: ${rate >= GOAL ? 'met' : 'NOT met'}); store: ${JSON.stringify(states)}; the receiver counted ${fmt(Number(received) - load.requests.total - deliveredDuring)} requests from this pass`);
  console.log(`  CPU ${cpuSeconds.toFixed(2)} s = ${fmt(summary.delivered / cpuSeconds)} deliveries per CPU-second (what a core of its own would sustain)`);
  console.log(`the same receiver under autocannon (${CONCURRENCY} connections, ${body.length}-byte body, 4 s): ${fmt(receiverRate)} requests/s`);
  console.log(`ratio akasa deliveries / receiver's own rate: ${(rate / receiverRate).toFixed(2)}`);
  console.log(`the event pipeline (akasa event ingest, ${fmt(PIPELINE_EVENTS)} events, seeded store):`);
  console.log(`  alone:                      ${alone.seconds.toFixed(2)} s = ${fmt(alone.accepted / alone.seconds)} events/s; CPU ${alone.cpuSeconds.toFixed(2)} s`);
  console.log(`  while delivery sends ${fmt(deliveredDuring)} from the same store${stillDelivering ? '' : ' (it finished first)'}: ${during.seconds.toFixed(2)} s = ${fmt(during.accepted / during.seconds)} events/s; CPU ${during.cpuSeconds.toFixed(2)} s`);
  console.log(`  ratio with / without delivery: ${(alone.seconds / during.seconds).toFixed(2)} by wall time, ${(alone.cpuSeconds / during.cpuSeconds).toFixed(2)} by CPU time (1.00 = unchanged)`);
  if (summary.delivered !== N || during.accepted !== alone.accepted) process.exitCode = 1;
} finally {
  if (receiver.child.exitCode === null) receiver.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
