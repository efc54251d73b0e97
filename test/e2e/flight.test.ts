import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll } from 'vitest';

// One seeded store shared by these read-only tests (seeding once keeps the suite quick).
let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'akasa-flight-e2e-'));
  db = join(dir, 'a.db');
  const r = await runCli(['--db', db, 'db', 'seed']);
  if (r.code !== 0) throw new Error(r.stderr);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('akasa flight list / show (built CLI)', () => {
  it('lists a route as a plain table when piped', async () => {
    const r = await runCli(['--db', db, 'flight', 'list', '--from', 'DEL', '--to', 'BOM', '--date', '2026-12-01']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Flights on 2026-12-01 DEL → BOM (times IST)');
    expect(lines[1]).toMatch(/^Flight\s+Route\s+Dep\s+Arr\s+Free\s+Fare$/);
    expect(lines[2]).toMatch(/^-+$/);
    expect(lines[3]).toMatch(/^QP1001\s+DEL → BOM\s+06:00\s+08:10\s+178\/189\s+₹5,499$/);
    expect(lines).toHaveLength(3 + 6 + 1);
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).not.toMatch(/[┌│└─]/);
  });

  it('prints JSON with UTC times, inventory and fare', async () => {
    const r = await runCli(['--db', db, 'flight', 'list', '--from', 'BLR', '--to', 'DEL', '--date', '2026-12-01', '--json']);
    expect(r.code).toBe(0);
    const body = r.json<{ date: string; from: string; to: string; flights: Array<Record<string, unknown>> }>();
    expect(body).toMatchObject({ date: '2026-12-01', from: 'BLR', to: 'DEL' });
    expect(body.flights.map((f) => f.flight_number)).toEqual(['QP1201', 'QP1203', 'QP1205', 'QP1207']);
    expect(body.flights[3]).toMatchObject({
      flight_number: 'QP1207',
      scheduled_departure: '2026-12-01T17:15:00.000Z',
      scheduled_arrival: '2026-12-01T20:00:00.000Z',
      arrival_day_offset: 1,
      capacity: 189,
      seats_sold: 0,
      seats_free: 189,
      current_fare: 5799,
    });
  });

  it('defaults to today in IST from AKASA_NOW', async () => {
    const r = await runCli(['--db', db, 'flight', 'list', '--json'], { env: { AKASA_NOW: '2026-12-24T19:00:00Z' } });
    expect(r.code).toBe(0);
    expect(r.json<{ date: string; flights: unknown[] }>()).toMatchObject({ date: '2026-12-25' });
    expect(r.json<{ flights: unknown[] }>().flights.length).toBeGreaterThanOrEqual(40);
  });

  it('shows one flight in IST for humans and in UTC as JSON', async () => {
    const human = await runCli(['--db', db, 'flight', 'show', 'qp1001', '--date', '2026-12-01']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/departs\s+2026-12-01 06:00 IST/);
    expect(human.stdout).toMatch(/arrives\s+2026-12-01 08:10 IST/);
    expect(human.stdout).toMatch(/seats sold\s+11 of 189/);
    expect(human.stdout).toMatch(/current fare\s+₹5,499/);
    const json = await runCli(['--db', db, 'flight', 'show', 'QP1001', '--date', '2026-12-01', '--json']);
    expect(json.json()).toMatchObject({
      flight_number: 'QP1001',
      depart_date: '2026-12-01',
      scheduled_departure: '2026-12-01T00:30:00.000Z',
      seats_sold: 11,
      seats_free: 178,
      current_fare: 5499,
    });
  });

  const failures: Array<{ name: string; args: string[]; code: number; stderr: RegExp }> = [
    { name: 'unknown flight', args: ['flight', 'show', 'QP9999', '--date', '2026-12-01'], code: 1, stderr: /error: flight QP9999 not found/ },
    { name: 'non-operating date', args: ['flight', 'show', 'QP1531', '--date', '2026-12-01'], code: 1, stderr: /date: flight QP1531 does not operate on 2026-12-01/ },
    { name: 'bad date format', args: ['flight', 'show', 'QP1001', '--date', '01/12/2026'], code: 2, stderr: /date: expected a calendar date YYYY-MM-DD, got "01\/12\/2026"/ },
    { name: 'bad flight number', args: ['flight', 'show', 'XY12', '--date', '2026-12-01'], code: 2, stderr: /<flight>: expected QP followed by 1-4 digits/ },
    { name: 'missing --date', args: ['flight', 'show', 'QP1001'], code: 2, stderr: /required option '--date <date>'/ },
    { name: 'list with a bad date', args: ['flight', 'list', '--date', '2026-02-30'], code: 2, stderr: /date: expected a calendar date/ },
    { name: 'list with a bad airport', args: ['flight', 'list', '--from', 'Mumbai'], code: 2, stderr: /from: expected a 3-letter IATA airport code/ },
  ];
  it.each(failures)('$name → exit $code', async ({ args, code, stderr }) => {
    const r = await runCli(['--db', db, ...args]);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(stderr);
    expect(r.stdout).toBe('');
  });

  it('prints a JSON error on stderr with --json', async () => {
    const r = await runCli(['--db', db, 'flight', 'show', 'QP1531', '--date', '2026-12-01', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: 'rule_violation' });
  });
});
