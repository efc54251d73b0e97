// Webhook throughput of the real daemon against a bare node:http server, measured in the
// same run with autocannon (32 connections, 3 alternating rounds of ~4 s each, median ratio), then a check that every
// acknowledged event is in the store, then webhook → printed notification latency at a
// moderate rate. Goals (issue 5): ≥ 60% of the bare server's requests/s, p99 < 10 ms.
//
//   npm run bench -- http            (builds first)
//   AKASA_BENCH_SECONDS=10 AKASA_BENCH_ROUNDS=5 node bench/http.bench.mjs
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/akasa', import.meta.url));
const SECONDS = Number(process.env.AKASA_BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.AKASA_BENCH_ROUNDS ?? 3);
const CONNECTIONS = 32;
const dir = mkdtempSync(join(tmpdir(), 'akasa-http-bench-'));

/** A child process that prints a line containing its URL, with its stdout lines observable. */
function startChild(args, env = {}) {
  const child = spawn(process.execPath, args, { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const listeners = new Set();
  lines.on('line', (line) => {
    for (const fn of listeners) fn(line);
  });
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL from ${args.join(' ')}`)), 15_000);
    const onLine = (line) => {
      const m = line.match(/(http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        listeners.delete(onLine);
        resolve(m[1]);
      }
    };
    listeners.add(onLine);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, url, exited, onLine: (fn) => listeners.add(fn) };
}

const BARE = `
import { createServer } from 'node:http';
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try { JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { res.writeHead(400).end(); return; }
    const body = '{"message":"ok"}';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
`;

function eventBody(n) {
  return JSON.stringify({
    event_id: `bench-${n}`,
    flight_number: `QP${1000 + (n % 8000)}`,
    status: n % 5 === 0 ? 'DELAYED' : 'ON_TIME',
    flight_date: '2026-12-01',
    event_time: new Date(Date.UTC(2026, 11, 1) + n).toISOString(),
    scheduled_arrival: '2026-12-01T10:00:00Z',
    estimated_arrival: n % 5 === 0 ? '2026-12-01T10:20:00Z' : '2026-12-01T10:00:00Z',
  });
}

async function load(url, acked) {
  let n = 0;
  const result = await autocannon({
    url: `${url}/webhook/flight-event`,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({ ...req, body: eventBody(n++) }),
        onResponse: acked ? (status, body) => status === 200 && acked.add(JSON.parse(body).event_id) : undefined,
      },
    ],
  });
  return result;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ ticks (100/s)
  } catch {
    return undefined;
  }
}

/** Runs the load and measures the server's own CPU time per request: robust when other work shares the machine. */
async function measured(child, url, acked) {
  const before = cpuSeconds(child.pid);
  const result = await load(url, acked);
  const after = cpuSeconds(child.pid);
  const total = result.requests.total ?? result.requests.average * SECONDS;
  result.cpuPerRequestUs = before === undefined || after === undefined ? undefined : ((after - before) / total) * 1e6;
  return result;
}

const fmt = (x) => Math.round(x).toLocaleString('en-US');
const ms = (x) => `${x.toFixed(2)} ms`;

// ---- 1–3. bare node:http and the daemon, in alternating rounds ------------------------------
// Wall-clock throughput on these shared 2-core machines moves by ±15 % from one run to the
// next (the bare server's own CPU per request varies that much). Alternating short rounds and
// taking the median ratio keeps one unlucky moment from deciding the result.
const rounds = [];
let missing = [];
let daemonExit = 0;
let ackedTotal = 0;
let storedTotal = 0;
for (let r = 0; r < ROUNDS; r++) {
  const bare = startChild(['--input-type=module', '-e', BARE]);
  const bareResult = await measured(bare.child, await bare.url);
  bare.child.kill('SIGTERM');
  await bare.exited;

  const db = join(dir, `throughput-${r}.db`);
  const daemon = startChild([BIN, '--db', db, 'daemon', '--port', '0', '--inbox', join(dir, `inbox-${r}`), '--log-format', 'json']);
  const daemonUrl = await daemon.url;
  const acked = new Set();
  // Events the daemon reports processed while the load runs (its log's `processed` lines:
  // one per step, then a per-second count of the rest).
  let processedDuringLoad = 0;
  let loadRunning = true;
  daemon.onLine((line) => {
    if (!loadRunning || !line.includes('"event":"processed"')) return;
    const data = JSON.parse(line).data ?? {};
    processedDuringLoad += data.processed ?? data.count ?? 0;
  });
  const daemonResult = await measured(daemon.child, daemonUrl, acked);
  loadRunning = false;
  daemonResult.processedDuringLoad = processedDuringLoad;
  daemon.child.kill('SIGTERM');
  daemonExit ||= await daemon.exited;

  // Every acknowledged event is stored.
  const sqlite = new Database(db, { readonly: true });
  const stored = new Set(sqlite.prepare('select event_id from flight_events').pluck().all());
  sqlite.close();
  missing = missing.concat([...acked].filter((id) => !stored.has(id)));
  ackedTotal += acked.size;
  storedTotal += stored.size;
  rounds.push({ bare: bareResult, daemon: daemonResult, ratio: daemonResult.requests.average / bareResult.requests.average });
}

// ---- 4. webhook → printed notification latency at a moderate rate ---------------------------
const latDb = join(dir, 'latency.db');
const latDaemon = startChild([BIN, '--db', latDb, 'daemon', '--port', '0', '--inbox', join(dir, 'inbox2'), '--log-format', 'json']);
const latUrl = await latDaemon.url;
const sentAt = new Map();
const latencies = [];
latDaemon.onLine((line) => {
  if (!line.startsWith('{"type":"alert"')) return;
  const at = performance.now();
  const notice = JSON.parse(line);
  const t0 = sentAt.get(notice.flight_number);
  if (t0 !== undefined && notice.change === 'opened') latencies.push(at - t0);
});
const RATE = 200; // events per second
const COUNT = RATE * Math.max(2, Math.min(SECONDS, 5));
for (let i = 0; i < COUNT; i++) {
  const flight = `QP${5000 + i}`;
  const body = JSON.stringify({ event_id: `lat-${i}`, flight_number: flight, status: 'CANCELLED', flight_date: '2026-12-01' });
  sentAt.set(flight, performance.now());
  void fetch(`${latUrl}/webhook/flight-event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.arrayBuffer());
  await new Promise((r) => setTimeout(r, 1000 / RATE));
}
for (let i = 0; i < 200 && latencies.length < COUNT; i++) await new Promise((r) => setTimeout(r, 25));
latDaemon.child.kill('SIGTERM');
await latDaemon.exited;
rmSync(dir, { recursive: true, force: true });

// ---- report -------------------------------------------------------------------------------
const pct = (arr, p) => {
  const s = [...arr].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : Number.NaN;
};
const median = (arr) => {
  const sorted = [...arr].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const ratio = median(rounds.map((r) => r.ratio));
const p99s = rounds.map((r) => r.daemon.latency.p99);
console.log(`POST /webhook/flight-event, ${CONNECTIONS} connections, one event per request: ${ROUNDS} rounds of bare then daemon, ${SECONDS} s each`);
rounds.forEach((r, i) => {
  const cpu = r.bare.cpuPerRequestUs !== undefined && r.daemon.cpuPerRequestUs !== undefined ? `   server CPU per request: bare ${r.bare.cpuPerRequestUs.toFixed(0)} µs, daemon ${r.daemon.cpuPerRequestUs.toFixed(0)} µs` : '';
  const processed = `   processed during the load: ${fmt(r.daemon.processedDuringLoad)} events (${fmt(r.daemon.processedDuringLoad / SECONDS)}/s; the rest after the flood)`;
  console.log(`  round ${i + 1}: bare ${fmt(r.bare.requests.average).padStart(7)} req/s (p99 ${ms(r.bare.latency.p99)})   daemon ${fmt(r.daemon.requests.average).padStart(7)} req/s (p50 ${ms(r.daemon.latency.p50)}, p99 ${ms(r.daemon.latency.p99)}, non-2xx ${r.daemon.non2xx}, errors ${r.daemon.errors})   ratio ${(r.ratio * 100).toFixed(0)}%${cpu}${processed}`);
});
console.log(`  ratio daemon / bare, median of ${ROUNDS}: ${(ratio * 100).toFixed(0)}% (goal ≥ 60%)   daemon p99: ${p99s.map((p) => ms(p)).join(', ')} (goal < 10 ms)`);
const cpuRatios = rounds.filter((r) => r.bare.cpuPerRequestUs !== undefined && r.daemon.cpuPerRequestUs !== undefined).map((r) => r.bare.cpuPerRequestUs / r.daemon.cpuPerRequestUs);
if (cpuRatios.length > 0) {
  console.log(`  → capacity of one core, daemon / bare (median): ${(median(cpuRatios) * 100).toFixed(0)}% (CPU per request, with processing stepping aside during the flood; the load generator shares this machine, this figure does not depend on it)`);
}
console.log(`  acknowledged ${fmt(ackedTotal)} events; stored ${fmt(storedTotal)}; acknowledged but missing: ${missing.length}; daemon exit codes all 0: ${daemonExit === 0}`);
console.log(`webhook → printed notification at ${RATE} events/s (CANCELLED events, ${COUNT} sent, ${latencies.length} notices seen)`);
console.log(`  p50 ${ms(pct(latencies, 50))}   p99 ${ms(pct(latencies, 99))}`);
const ok = missing.length === 0 && daemonExit === 0 && latencies.length === COUNT;
if (!ok) console.log('FAILED: an acknowledged event is missing, the daemon did not stop cleanly, or notices were lost');
process.exit(ok ? 0 : 1);
