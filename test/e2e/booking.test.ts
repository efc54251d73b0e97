import { describe, expect, it } from 'vitest';
import type { Booking } from '../../src/store/booking-repository.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { bookingDb, E2E_NOW } from './booking-store.js';

const env = { AKASA_NOW: E2E_NOW };
const cli = (db: string, args: string[], extraEnv: Record<string, string> = {}) => runCli(['--db', db, ...args], { env: { ...env, ...extraEnv } });
const create = ['booking', 'create', '--customer', 'CUST001', '--flight', 'QP1001', '--date', '2026-12-01'];

describe('akasa booking (end to end)', () => {
  it('creates, shows, lists, cancels and shows the history, as text and JSON', async () => {
    const db = await bookingDb();
    const made = await cli(db, [...create, '--json']);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toBe('');
    const b = made.json<Booking>();
    expect(Object.keys(b)).toEqual([
      'id', 'locator', 'customer_id', 'passenger_name', 'flight_number', 'origin', 'destination', 'depart_date', 'seat', 'fare_paid', 'status', 'created_at', 'updated_at',
    ]);
    expect(b).toMatchObject({ customer_id: 'CUST001', flight_number: 'QP1001', seat: '1A', fare_paid: 5000, status: 'confirmed' });

    const text = await cli(db, ['booking', 'create', '--customer', 'cust002', '--flight', 'qp1001', '--date', '2026-12-01', '--seat', '14d', '--name', 'Priya K', '--status', 'pending']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Booked [A-Z2-9]{6}: Priya K on QP1001 DEL→BOM 2026-12-01, seat 14D, ₹5,000/);
    expect(text.stdout).toMatch(/Status\s+pending/);

    const shown = await cli(db, ['booking', 'show', b.locator.toLowerCase()]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`Booking\\s+${b.locator}`));
    expect(shown.stdout).toMatch(/Fare paid\s+₹5,000/);
    expect(shown.stdout).toMatch(/Departs\s+2026-12-01 06:00 IST/);
    expect(shown.stdout).toMatch(/Arrives\s+2026-12-01 08:10 IST/);
    expect(shown.stdout).toMatch(/Created\s+2026-11-24 05:30 IST/);
    const noEntitlements = { passengers: [], flights: [], totals: { passengers: 0, compensation_inr: 0, meals: 0, hotels: 0, refunds: 0, refunds_inr: 0 } };
    expect((await cli(db, ['booking', 'show', b.id, '--json'])).json()).toEqual({ ...b, entitlements: noEntitlements });

    const listed = await cli(db, ['booking', 'list', '--flight', 'QP1001', '--date', '2026-12-01', '--json']);
    const page = listed.json<{ bookings: Booking[]; count: number; offset: number; limit: number; has_more: boolean }>();
    expect(page).toMatchObject({ count: 2, offset: 0, limit: 100, has_more: false });
    // Each process's AKASA_NOW clock starts at the same instant, so created_at cannot order these two; the service tests check the order.
    expect(page.bookings.map((x) => x.id)).toContain(b.id);
    const table = await cli(db, ['booking', 'list', '--customer', 'CUST001', '--limit', '1']);
    expect(table.stdout).toMatch(/Locator\s+Flight\s+Date\s+Route\s+Seat\s+Passenger\s+Status\s+Fare\s+Created/);
    expect(table.stdout).toContain(b.locator);
    expect(table.stdout).toMatch(/bookings 1-1, newest first/);

    const cancelled = await cli(db, ['booking', 'cancel', b.locator, '--reason', 'plans changed']);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toMatch(new RegExp(`Cancelled ${b.locator}; seat 1A on QP1001 2026-12-01 released`));
    const again = await cli(db, ['booking', 'cancel', b.locator]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already cancelled/);

    const history = await cli(db, ['booking', 'history', b.locator, '--json']);
    expect(history.json<{ history: Array<{ action: string; reason: string | null }> }>().history.map((h) => [h.action, h.reason])).toEqual([
      ['created', null],
      ['cancelled', 'plans changed'],
    ]);
    const historyText = await cli(db, ['booking', 'history', b.locator]);
    expect(historyText.stdout).toMatch(/cancelled\s+plans changed\s+QP1001 2026-12-01 1A/);

    const cancelledList = await cli(db, ['booking', 'list', '--status', 'cancelled', '--json']);
    expect(cancelledList.json<{ bookings: Booking[] }>().bookings.map((x) => x.id)).toEqual([b.id]);
  });

  const bad: Array<{ name: string; args: string[]; code: number; stderr: RegExp }> = [
    { name: 'malformed flight number', args: ['booking', 'create', '--customer', 'CUST001', '--flight', 'XX12', '--date', '2026-12-01'], code: 2, stderr: /--flight: expected QP followed by 1-4 digits, got "XX12"/ },
    { name: 'impossible date', args: ['booking', 'create', '--customer', 'CUST001', '--flight', 'QP1001', '--date', '2026-02-30'], code: 2, stderr: /--date: expected a calendar date/ },
    { name: 'missing --flight', args: ['booking', 'create', '--customer', 'CUST001', '--date', '2026-12-01'], code: 2, stderr: /--flight/ },
    { name: 'bad --status choice', args: [...create, '--status', 'cancelled'], code: 2, stderr: /--status/ },
    { name: 'unknown customer', args: ['booking', 'create', '--customer', 'CUST999', '--flight', 'QP1001', '--date', '2026-12-01'], code: 1, stderr: /customer CUST999 not found/ },
    { name: 'flight not operating', args: ['booking', 'create', '--customer', 'CUST001', '--flight', 'QP1109', '--date', '2026-12-01'], code: 1, stderr: /--date: QP1109 does not operate on 2026-12-01/ },
    { name: 'wrong origin', args: [...create, '--origin', 'BOM'], code: 1, stderr: /origin: QP1001 departs from DEL, not BOM/ },
    { name: 'seat not on the aircraft', args: [...create, '--seat', '40A'], code: 1, stderr: /seat: 40A does not exist on a Boeing 737-8/ },
    { name: 'past date', args: ['booking', 'create', '--customer', 'CUST001', '--flight', 'QP1001', '--date', '2026-11-01'], code: 1, stderr: /--date: 2026-11-01 is in the past/ },
    { name: 'list: limit too high', args: ['booking', 'list', '--limit', '5000'], code: 2, stderr: /limit: must be at most 1000/ },
    { name: 'list: offset not a number', args: ['booking', 'list', '--offset', 'x'], code: 2, stderr: /offset: expected a whole number/ },
    { name: 'show: unknown locator', args: ['booking', 'show', 'ZZZZZZ'], code: 1, stderr: /booking ZZZZZZ not found/ },
    { name: 'show: not a reference', args: ['booking', 'show', 'hello!'], code: 2, stderr: /booking: expected a booking id \(UUID\) or a 6-character record locator/ },
    { name: 'history: unknown booking', args: ['booking', 'history', 'ZZZZZZ'], code: 1, stderr: /not found/ },
    { name: 'cancel: unknown booking', args: ['booking', 'cancel', 'ZZZZZZ'], code: 1, stderr: /not found/ },
  ];
  it('refuses bad input with the right exit code and a message naming the field', async () => {
    const db = await bookingDb();
    const results = await Promise.all(bad.map((c) => cli(db, c.args)));
    results.forEach((r, i) => {
      const c = bad[i]!;
      expect({ name: c.name, code: r.code }).toEqual({ name: c.name, code: c.code });
      expect(r.stderr, c.name).toMatch(c.stderr);
      expect(r.stdout, c.name).toBe('');
    });
  });

  it('prints errors as JSON on stderr with --json, and seat conflicts exit 1', async () => {
    const db = await bookingDb();
    expect((await cli(db, [...create, '--seat', '5A'])).code).toBe(0);
    const taken = await cli(db, [...create, '--seat', '5A', '--json']);
    expect(taken.code).toBe(1);
    expect(taken.stdout).toBe('');
    expect(JSON.parse(taken.stderr)).toEqual({ error: 'conflict', message: 'seat: 5A is already taken on QP1001 on 2026-12-01' });
    const invalid = await cli(db, ['booking', 'create', '--customer', 'C1', '--flight', 'QP1', '--date', 'soon', '--json']);
    expect(invalid.code).toBe(2);
    expect(JSON.parse(invalid.stderr).details.map((d: { field: string }) => d.field)).toEqual(['--customer', '--date']);
  });

  it('books QP1001 from the fixtures on 2024-02-15 with AKASA_NOW=2024-02-01 and quotes changes for 2024-03-15', async () => {
    const db = `${tempDir()}/fixtures.db`;
    const seeded = await runCli(['--db', db, 'db', 'seed'], { env: { AKASA_NOW: '2024-02-01T00:00:00Z' } });
    expect(seeded.code, seeded.stderr).toBe(0);
    const now = { AKASA_NOW: '2024-02-01T00:00:00Z' };
    const made = await cli(db, ['booking', 'create', '--customer', 'CUST001', '--flight', 'QP1001', '--date', '2024-02-15', '--origin', 'DEL', '--destination', 'BOM', '--json'], now);
    expect(made.code, made.stderr).toBe(0);
    const b = made.json<Booking>();
    const options = await cli(db, ['rebook', 'options', b.locator, '--date', '2024-03-15', '--json'], now);
    expect(options.code, options.stderr).toBe(0);
    const r = options.json<{ requested_date: string; available_options: Array<{ origin: string; destination: string; depart_date: string }> }>();
    expect(r.requested_date).toBe('2024-03-15');
    expect(r.available_options.length).toBeGreaterThan(0);
    for (const o of r.available_options) expect(o).toMatchObject({ origin: 'DEL', destination: 'BOM', depart_date: '2024-03-15' });
  });
});
