/**
 * The commands an operations desk reaches for, through the built CLI: status, customers,
 * the seat map, spreadsheet export, --quiet, --version, shell completion and --watch.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AKASA_BIN, runCli } from '../helpers/run-cli.js';

const NOW = { AKASA_NOW: '2026-11-30T00:00:00Z' };
let dir = '';
let db = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'akasa-desk-e2e-'));
  db = join(dir, 'desk.db');
  const seed = await runCli(['--db', db, 'db', 'seed']);
  if (seed.code !== 0) throw new Error(seed.stderr);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('akasa status', () => {
  it('says where the store is, that it is seeded, what is open, and that no daemon answers', async () => {
    // A port nothing listens on: bind one, note it, close it.
    const server = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise((r) => server.close(r));
    const r = await runCli(['--db', db, 'status', '--daemon', `http://127.0.0.1:${port}`, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = r.json<{ store: string; seeded: boolean; schema_version: number; counts: { schedule_lines: number; customers: number }; open_alerts: { total: number }; daemon: { answering: boolean } }>();
    expect(s).toMatchObject({ store: db, seeded: true, counts: { schedule_lines: 84, customers: 50 }, open_alerts: { total: 0 }, daemon: { answering: false } });
    expect(s.schema_version).toBeGreaterThan(0);
    const human = await runCli(['--db', db, 'status', '--daemon', `http://127.0.0.1:${port}`]);
    expect(human.stdout).toContain(`store     ${db}`);
    expect(human.stdout).toMatch(/not answering at http:\/\/127\.0\.0\.1:\d+/);
  });

  it('reads a running daemon’s health', async () => {
    const server = createServer((_req, res) => res.end(JSON.stringify({ status: 'healthy', pending_events: 7, uptime_s: 12 }))).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const r = await runCli(['--db', db, 'status', '--daemon', url]);
      expect(r.stdout).toContain(`answering at ${url}, 7 events pending, up 12 s`);
    } finally {
      server.close();
    }
  });

  it('names an unseeded store and the command that seeds it', async () => {
    const empty = join(dir, 'empty.db');
    expect((await runCli(['--db', empty, 'db', 'migrate'])).code).toBe(0);
    const r = await runCli(['--db', empty, 'status', '--daemon', 'http://127.0.0.1:9']);
    expect(r.stdout).toMatch(/not seeded: run `(npx )?akasa db seed`/);
  });
});

describe('akasa customer', () => {
  it('lists, searches and shows a customer with their bookings', async () => {
    const all = await runCli(['--db', db, 'customer', 'list', '--json']);
    expect(all.json<{ count: number }>().count).toBe(50);
    const found = (await runCli(['--db', db, 'customer', 'list', '--search', 'SHARMA', '--json'])).json<{ customers: Array<{ name: string }> }>();
    expect(found.customers.length).toBeGreaterThan(0);
    for (const c of found.customers) expect(c.name.toLowerCase()).toContain('sharma');
    const none = await runCli(['--db', db, 'customer', 'list', '--search', '%']);
    expect(none.stdout.trim()).toBe('no customers match');
    const one = await runCli(['--db', db, 'customer', 'show', 'cust001', '--json']);
    expect(one.code).toBe(0);
    const detail = one.json<{ customer: { id: string }; bookings: Array<{ customer_id: string }> }>();
    expect(detail.customer.id).toBe('CUST001');
    for (const b of detail.bookings) expect(b.customer_id).toBe('CUST001');
    const missing = await runCli(['--db', db, 'customer', 'show', 'CUST999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('customer CUST999 not found');
  });
});

describe('akasa flight show --seats', () => {
  it('draws every seat, the taken ones as x, and counts match the inventory', async () => {
    const json = (await runCli(['--db', db, 'flight', 'show', 'QP2001', '--date', '2026-12-01', '--seats', '--json'])).json<{ seats: Array<{ taken: boolean }>; seats_sold: number; capacity: number }>();
    expect(json.seats).toHaveLength(json.capacity);
    expect(json.seats.filter((s) => s.taken)).toHaveLength(json.seats_sold);
    const r = await runCli(['--db', db, 'flight', 'show', 'QP2001', '--date', '2026-12-01', '--seats']);
    expect(r.code).toBe(0);
    const cells = r.stdout.split('\n').filter((l) => /^ {2}[A-F] /.test(l)).join('');
    expect([...cells.matchAll(/x/g)]).toHaveLength(json.seats_sold);
    expect([...cells.matchAll(/·/g)]).toHaveLength(json.capacity - json.seats_sold);
  });
});

describe('--format csv|tsv, --quiet, --version, completion', () => {
  it('exports a list as CSV a spreadsheet reads, and as TSV', async () => {
    const csv = await runCli(['--db', db, 'booking', 'list', '--flight', 'QP2001', '--date', '2026-12-01', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Locator,Flight,Date,Route,Seat,Passenger,Status,Fare,Created');
    expect(lines[1]).toMatch(/^[A-Z2-9]{6},QP2001,2026-12-01,BOM→DEL,\d+[A-F],[^,]+,\w+,"₹\d,\d{3}",/);
    const tsv = await runCli(['--db', db, 'flight', 'list', '--date', '2026-12-01', '--format', 'tsv']);
    expect(tsv.stdout.split('\n')[0]).toBe('Flight\tRoute\tDep\tArr\tFree\tFare');
    expect(tsv.stdout.split('\n')[1]).toMatch(/^QP\d+\t\w{3} → \w{3}\t\d\d:\d\d\t/);
    const empty = await runCli(['--db', db, 'alert', 'list', '--severity', 'low', '--format', 'csv']);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('');
    const nothing = await runCli(['--db', db, 'booking', 'show', 'ABFB7C', '--format', 'csv']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('--format csv: this command prints no table');
  });

  it('prints only the locator with --quiet', async () => {
    const r = await runCli(['--db', db, 'booking', 'create', '--customer', 'CUST002', '--flight', 'QP1001', '--date', '2026-12-04', '--quiet'], { env: NOW });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^[A-Z2-9]{6}\n$/);
    const shown = await runCli(['--db', db, 'booking', 'show', r.stdout.trim(), '--json']);
    expect(shown.json<{ customer_id: string }>().customer_id).toBe('CUST002');
  });

  it('--version names akasa, Node, SQLite and the schema', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^akasa \d+\.\d+\.\d+\nnode \d+\.\d+\.\d+\nsqlite 3\.\d+\.\d+\nschema \d+\n$/);
    const json = (await runCli(['--version', '--json'])).json<{ node: string }>();
    expect(json.node).toBe(process.versions.node);
    // Global options before it do not turn it into the help text.
    const withDb = await runCli(['--db', 'some.db', '--version', '--json']);
    expect(withDb.code).toBe(0);
    expect(withDb.json<{ node: string }>().node).toBe(process.versions.node);
  });

  it('completes commands, subcommands and flags in bash', async () => {
    const script = (await runCli(['completion', 'bash'])).stdout;
    const complete = (words: string[]) =>
      spawnSync('bash', ['-c', `${script}\nCOMP_WORDS=(${words.map((w) => `"${w}"`).join(' ')}); COMP_CWORD=${words.length - 1}; _akasa; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' }).stdout.trim().split(' ');
    expect(complete(['akasa', 'boo'])).toEqual(['booking']);
    expect(complete(['akasa', 'booking', 'cr'])).toEqual(['create']);
    expect(complete(['akasa', 'booking', 'create', '--cu'])).toEqual(['--customer']);
    for (const shell of ['zsh', 'fish']) expect((await runCli(['completion', shell])).stdout).toContain('akasa');
    const bad = await runCli(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('<shell>: expected bash, zsh or fish, got "tcsh"');
  });
});

describe('--watch', () => {
  it('prints the list, then again only when it changes, and ends with 0 on Ctrl-C', async () => {
    const child = spawn(process.execPath, [AKASA_BIN, '--db', db, 'event', 'list', '--limit', '1', '--watch', '--json'], { env: { ...process.env, ...NOW, NO_COLOR: '1' } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    // The watch may print the event while it is still pending, then again once processed.
    const eventuallyProcessed = async () => {
      for (let i = 0; i < 100 && !out.trim().split('\n').at(-1)?.includes('"status":"processed"'); i++) await new Promise((r) => setTimeout(r, 100));
    };
    const waitFor = async (n: number) => {
      for (let i = 0; i < 100 && out.split('\n').filter(Boolean).length < n; i++) await new Promise((r) => setTimeout(r, 100));
    };
    await waitFor(1);
    const event = { event_id: 'watch-1', flight_number: 'QP1001', flight_date: '2026-12-01', status: 'DELAYED', event_time: '2026-11-30T00:00:00Z', estimated_departure: '2026-12-01T01:15:00Z' };
    const ingest = await runCli(['--db', db, 'event', 'ingest', '-'], { input: JSON.stringify(event), env: NOW });
    expect(ingest.code, ingest.stderr).toBe(0);
    await waitFor(2);
    await eventuallyProcessed();
    // Nothing changes for a while: no further line.
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.once('close', r));
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    const docs = lines.map((l) => JSON.parse(l) as { events: Array<{ event_id: string }> });
    // The new event may be seen twice (logged, then processed): each printed document differs
    // from the one before it, and the last one shows the new event.
    expect(docs.length).toBeGreaterThanOrEqual(2);
    expect(docs.length).toBeLessThanOrEqual(3);
    for (let i = 1; i < lines.length; i++) expect(lines[i]).not.toBe(lines[i - 1]);
    expect(docs[0]!.events[0]?.event_id).not.toBe('watch-1');
    expect(docs.at(-1)!.events[0]!.event_id).toBe('watch-1');
  }, 30_000);
});
