// Start-up cost of the CLI on a store holding one million bookings, next to bare Node
// measured in the same run. Operators run commands in loops, so each should cost little
// more than starting Node: the goal for `booking list` and `booking show` is ≤ 2× `node -e ""`,
// and the desk commands (seat map, CSV export, version, completion, status, a customer with
// their latest 100 bookings) are held to it too.
//
// The seeded store is cached in bench/out/, keyed by a hash of the fixtures, the seeding
// code and the migrations, so reruns skip the (tens of seconds) seeding.
// Env: BENCH_RUNS (default 15), BENCH_BOOKINGS (default 1000000).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'akasa');
const outDir = join(root, 'bench', 'out');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const WARMUP = 3;
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 1_000_000);

if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}

function storeKey() {
  const h = createHash('sha256').update(String(BOOKINGS));
  const files = [
    ...['airports.json', 'schedule.json', 'customers.json', 'bookings.json'].map((f) => join(root, 'fixtures', f)),
    join(root, 'src', 'services', 'seed.ts'),
    join(root, 'src', 'store', 'seed-repository.ts'),
    ...readdirSync(join(root, 'src', 'store', 'migrations')).sort().map((f) => join(root, 'src', 'store', 'migrations', f)),
  ];
  for (const f of files) h.update(f).update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

function ensureStore() {
  mkdirSync(outDir, { recursive: true });
  const key = storeKey();
  const db = join(outDir, `startup-${BOOKINGS}-${key}.db`);
  if (existsSync(db)) {
    console.log(`store: ${db} (cached)`);
    return db;
  }
  for (const f of readdirSync(outDir)) if (f.startsWith('startup-')) rmSync(join(outDir, f), { force: true });
  const tmp = join(outDir, `seeding-${process.pid}.db`);
  console.log(`seeding ${BOOKINGS.toLocaleString('en-IN')} bookings into ${db} (once; cached for later runs) …`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [bin, '--db', tmp, 'db', 'seed', '--bookings', String(BOOKINGS), '--json'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error('seeding failed');
    process.exit(1);
  }
  // Fold the WAL into the main file so the cached store is one self-contained file.
  const c = spawnSync(process.execPath, ['-e', `const D=require('better-sqlite3');const d=new D(${JSON.stringify(tmp)});d.pragma('wal_checkpoint(TRUNCATE)');d.close()`], { cwd: root, stdio: 'inherit' });
  if (c.status !== 0) process.exit(1);
  for (const ext of ['-wal', '-shm']) rmSync(tmp + ext, { force: true });
  renameSync(tmp, db);
  console.log(`seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return db;
}

const db = ensureStore();

// A flight-date and a locator from the store, so the commands do real work.
const pick = spawnSync(
  process.execPath,
  [
    '-e',
    `const D=require('better-sqlite3');const d=new D(${JSON.stringify(db)},{readonly:true});
     const f=d.prepare("select flight_number, depart_date, seats_sold from flight_inventory order by seats_sold desc, flight_number limit 1").get();
     const b=d.prepare("select locator from bookings where flight_number=? and depart_date=? order by created_at desc limit 1").get(f.flight_number,f.depart_date);
     console.log(JSON.stringify({...f, ...b}));`,
  ],
  { cwd: root, encoding: 'utf8' },
);
if (pick.status !== 0) {
  console.error(pick.stderr);
  process.exit(1);
}
const target = JSON.parse(pick.stdout);

const cases = [
  { name: 'node -e ""', args: ['-e', ''] },
  { name: 'akasa --help', args: [bin, '--help'] },
  { name: 'akasa db migrate --json', args: [bin, '--db', db, 'db', 'migrate', '--json'] },
  { name: `akasa flight show ${target.flight_number} --date ${target.depart_date} --json`, args: [bin, '--db', db, 'flight', 'show', target.flight_number, '--date', target.depart_date, '--json'] },
  {
    name: `akasa booking list --flight ${target.flight_number} --date ${target.depart_date} --json`,
    args: [bin, '--db', db, 'booking', 'list', '--flight', target.flight_number, '--date', target.depart_date, '--json'],
    goal: 2,
  },
  { name: `akasa booking show ${target.locator} --json`, args: [bin, '--db', db, 'booking', 'show', target.locator, '--json'], goal: 2 },
  // The desk commands of issue 14, for people (no --json): each within the same goal.
  { name: `akasa flight show ${target.flight_number} --date ${target.depart_date} --seats`, args: [bin, '--db', db, 'flight', 'show', target.flight_number, '--date', target.depart_date, '--seats'], goal: 2 },
  { name: 'akasa alert list --format csv', args: [bin, '--db', db, 'alert', 'list', '--format', 'csv'], goal: 2 },
  { name: 'akasa --version', args: [bin, '--version'], goal: 2 },
  { name: 'akasa completion bash', args: [bin, 'completion', 'bash'], goal: 2 },
  // A port nothing listens on, so no daemon answers whatever else runs on the machine.
  { name: 'akasa status (no daemon)', args: [bin, '--db', db, 'status', '--daemon', 'http://127.0.0.1:1'], goal: 2 },
  // A fixture customer, who holds about 20,000 of the generated bookings (the latest 100 shown).
  { name: 'akasa customer show CUST001', args: [bin, '--db', db, 'customer', 'show', 'CUST001'], goal: 2 },
];

function once(c) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, c.args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`);
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

for (let i = 0; i < WARMUP; i++) for (const c of cases) once(c);
// Interleave the cases so background noise hits them all alike.
const times = new Map(cases.map((c) => [c, []]));
for (let i = 0; i < RUNS; i++) for (const c of cases) times.get(c).push(once(c));

const base = median(times.get(cases[0]));
const width = Math.max(...cases.map((c) => c.name.length));
console.log(`\nmedian wall time of ${RUNS} runs each (after ${WARMUP} warm-up rounds), store with ${BOOKINGS.toLocaleString('en-IN')} generated bookings`);
let missed = 0;
for (const c of cases) {
  const m = median(times.get(c));
  const ratio = m / base;
  const verdict = c.goal ? (ratio <= c.goal ? `  ok (goal ≤ ${c.goal}×)` : `  OVER goal ≤ ${c.goal}×`) : '';
  if (c.goal && ratio > c.goal) missed++;
  console.log(`${c.name.padEnd(width)}  ${m.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}×${verdict}`);
}
if (missed) console.log(`\n${missed} command(s) above the start-up goal`);

// Heavy UI and file-watching modules must load only in the commands that need them
// (ink/react in `dashboard`, chokidar in `daemon`): record what each plain command loads.
const HEAVY = /\/node_modules\/(ink|react|react-reconciler|yoga-layout|chokidar)\//;
const reporter = join(root, 'bench', 'module-load-reporter.cjs');
const logFile = join(outDir, `modules-${process.pid}.log`);
let heavyLoaded = 0;
console.log('\nfiles loaded (of the bundle), and heavy modules (ink, react, chokidar) loaded by plain commands:');
for (const c of cases.slice(1)) {
  rmSync(logFile, { force: true });
  const r = spawnSync(process.execPath, ['--require', reporter, ...c.args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', AKASA_MODULE_LOG: logFile } });
  if (r.status !== 0) throw new Error(`${c.name} exited ${r.status}: ${r.stderr}`);
  const files = existsSync(logFile) ? [...new Set(readFileSync(logFile, 'utf8').split('\n').filter((f) => f && f !== reporter))] : [];
  const bundle = files.filter((f) => f.startsWith(join(root, 'dist'))).length;
  const heavy = [...new Set(files.filter((u) => HEAVY.test(u)).map((u) => HEAVY.exec(u)[1]))];
  if (heavy.length) heavyLoaded++;
  console.log(`${c.name.padEnd(width)}  ${String(files.length).padStart(3)} files (${String(bundle).padStart(2)})  ${heavy.length ? `LOADS ${heavy.join(', ')}` : 'none'}`);
}
rmSync(logFile, { force: true });
if (heavyLoaded) {
  console.log(`\n${heavyLoaded} plain command(s) load UI or watcher modules`);
  process.exitCode = 1;
}
