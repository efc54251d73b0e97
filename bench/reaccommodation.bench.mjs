// Re-accommodation through the built CLI (`akasa reaccommodate FLIGHT --date D`, plan and
// apply in one process) on a seeded store, against `akasa booking list` of the same
// passengers in the same run (same start-up, same store, same rows read):
//   1. one full 189-passenger flight;
//   2. a whole day's cancellation of the DEL→BOM trunk route (6 flights, ~1,000 passengers),
//      one run per flight, with next-day spill.
// "Work after start-up" = the reaccommodate run's CPU time less the booking list run's (CPU
// time, not wall time: a busy machine stretches wall time but not the work each run does).
// Goals (issue 12): one flight < 150 ms of work; the route-day < 1.5 s.
//
//   npm run bench -- reaccommodation          (builds first)
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(root, 'bin/akasa');
const REPORTER = join(root, 'bench/max-rss-reporter.mjs');
const NOW = '2026-11-30T12:00:00Z';
const DATE = '2026-12-01';
const ROUTE = ['QP1001', 'QP1101', 'QP1103', 'QP1105', 'QP1107', 'QP1109'];
const RUNS = Number(process.env.AKASA_BENCH_RUNS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'akasa-reaccom-bench-'));

/** Runs the CLI; wall time, and CPU time (user + system) from the preloaded reporter. */
function cli(db, args, input) {
  const usageFile = join(work, 'usage.json');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', REPORTER, BIN, '--db', db, ...args], {
    env: { ...process.env, NO_COLOR: '1', AKASA_NOW: NOW, AKASA_BENCH_RSS_FILE: usageFile },
    encoding: 'utf8',
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`akasa ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const u = JSON.parse(readFileSync(usageFile, 'utf8'));
  return { ms, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, stdout: r.stdout };
}

const seatMap = [];
for (let row = 1; row <= 31; row++) for (const l of 'ABCDEF') seatMap.push(`${row}${l}`);
seatMap.push('32A', '32B', '32C');

/** Tops `flights` on DATE up to `load` seats with direct inserts (inventory kept equal to live bookings). */
function topUp(db, flights, load) {
  const sqlite = new Database(db);
  const customers = sqlite.prepare('select id, name from customers order by id').all();
  const insert = sqlite.prepare(`insert into bookings (id, locator, customer_id, passenger_name, flight_number, origin, destination, depart_date, seat, fare_paid, status, created_at, updated_at)
    values (?, ?, ?, ?, ?, 'DEL', 'BOM', ?, ?, ?, 'confirmed', ?, ?)`);
  let n = 0;
  sqlite.transaction(() => {
    for (const flight of flights) {
      const taken = new Set(sqlite.prepare("select seat from bookings where flight_number = ? and depart_date = ? and status in ('pending','confirmed')").all(flight, DATE).map((r) => r.seat));
      const free = seatMap.filter((s) => !taken.has(s)).slice(0, Math.max(0, load - taken.size));
      for (const seat of free) {
        const c = customers[n % customers.length];
        const at = new Date(Date.parse('2026-10-01T00:00:00Z') + n * 60_000).toISOString();
        insert.run(`bench-${flight}-${seat}`, `Z${n.toString(36).toUpperCase().padStart(5, 'X')}`, c.id, c.name, flight, DATE, seat, 4000 + ((n * 37) % 6000), at, at);
        n++;
      }
      sqlite.prepare('insert into flight_inventory (flight_number, depart_date, capacity, seats_sold) values (?, ?, 189, ?) on conflict do update set seats_sold = excluded.seats_sold').run(flight, DATE, taken.size + free.length);
    }
  })();
  sqlite.close();
}

function cancel(db, flights) {
  const events = flights.map((f) => JSON.stringify({ event_id: `bench-cx-${f}`, flight_number: f, flight_date: DATE, status: 'CANCELLED', event_time: NOW })).join('\n');
  cli(db, ['event', 'ingest', '-'], events);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Per run: a fresh copy of `template`, then reaccommodate and booking list on each flight. */
function measure(template, flights) {
  const reaccom = [];
  const list = [];
  const reaccomCpu = [];
  const listCpu = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    const db = join(work, `run-${i}.db`);
    copyFileSync(template, db);
    // The baseline first: it reads the same passengers before they move.
    let listMs = 0;
    let listCpuMs = 0;
    for (const f of flights) {
      const r = cli(db, ['--json', 'booking', 'list', '--flight', f, '--date', DATE, '--limit', '200']);
      listMs += r.ms;
      listCpuMs += r.cpuMs;
    }
    let ms = 0;
    let cpuMs = 0;
    const results = [];
    for (const f of flights) {
      const r = cli(db, ['--json', 'reaccommodate', f, '--date', DATE]);
      ms += r.ms;
      cpuMs += r.cpuMs;
      results.push(JSON.parse(r.stdout));
    }
    list.push(listMs);
    reaccom.push(ms);
    listCpu.push(listCpuMs);
    reaccomCpu.push(cpuMs);
    last = results;
    rmSync(db, { force: true });
  }
  const moved = last.reduce((s, r) => s + r.moved, 0);
  const unplaced = last.reduce((s, r) => s + r.unplaced, 0);
  const spill = last.flatMap((r) => r.plan).filter((p) => p.to && p.to.depart_date !== DATE).length;
  return { reaccomMs: median(reaccom), listMs: median(list), reaccomCpuMs: median(reaccomCpu), listCpuMs: median(listCpu), moved, unplaced, spill };
}

try {
  const seeded = join(work, 'seeded.db');
  cli(seeded, ['db', 'seed', '--bookings', '40000']);

  const one = join(work, 'one.db');
  copyFileSync(seeded, one);
  topUp(one, ['QP1101'], 189);
  cancel(one, ['QP1101']);

  const day = join(work, 'day.db');
  copyFileSync(seeded, day);
  topUp(day, ROUTE, 170);
  cancel(day, ROUTE);

  const a = measure(one, ['QP1101']);
  const b = measure(day, ROUTE);
  const line = (label, m, flights, goalMs) => {
    const workMs = m.reaccomCpuMs - m.listCpuMs;
    console.log(`${label}:`);
    console.log(`  ${m.moved + m.unplaced} passengers: ${m.moved} moved (${m.spill} to a later day), ${m.unplaced} unplaced`);
    console.log(`  akasa reaccommodate ×${flights}: ${m.reaccomMs.toFixed(0)} ms wall, ${m.reaccomCpuMs.toFixed(0)} ms CPU`);
    console.log(`  akasa booking list of the same passengers ×${flights}: ${m.listMs.toFixed(0)} ms wall, ${m.listCpuMs.toFixed(0)} ms CPU`);
    console.log(`  ratio reaccommodate / booking list: ${(m.reaccomMs / m.listMs).toFixed(2)} by wall time, ${(m.reaccomCpuMs / m.listCpuMs).toFixed(2)} by CPU time`);
    console.log(`  work after start-up ≈ ${workMs.toFixed(0)} ms CPU (goal < ${goalMs} ms: ${workMs < goalMs ? 'met' : 'NOT met'})`);
  };
  console.log(`machine: ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (figures are medians of ${RUNS} runs, each on a fresh copy of the store)`);
  line('one full flight (QP1101 DEL→BOM, 189 passengers)', a, 1, 150);
  line(`the DEL→BOM route-day (${ROUTE.length} flights cancelled)`, b, ROUTE.length, 1500);
} finally {
  rmSync(work, { recursive: true, force: true });
}
