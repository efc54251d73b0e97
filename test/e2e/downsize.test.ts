// End to end through the built CLI on a seeded store: `flight downsize` offloads the
// bookings the rule names, re-accommodates them, and each offloaded confirmed passenger's
// denied-boarding compensation shows in `booking show --json` and `entitlements --json`;
// the inventory never sells past the new capacity.
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { inventoryViolations } from '../../src/store/reaccommodation-repository.js';
import { type CliResult, runCli } from '../helpers/run-cli.js';
import { seededTemplate } from '../helpers/seeded-template.js';

// The day before the fixtures' QP1001 (DEL→BOM 06:00 IST on 2026-12-01), so it and QP1101 (07:35) are open.
const NOW = { AKASA_NOW: '2026-11-30T10:00:00Z' };
const seeded = seededTemplate('downsize', NOW);

async function ok(db: string, args: string[]): Promise<CliResult> {
  const r = await runCli(['--db', db, ...args], { env: NOW, timeoutMs: 90_000 });
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r;
}

interface Booking {
  id: string;
  locator: string;
  status: string;
  fare_paid: number;
  created_at: string;
  flight_number: string;
}
interface Item {
  kind: string;
  amount_inr: number | null;
  status: string;
  rule: string;
}

describe('flight downsize, end to end', () => {
  it('offloads the pending booking and the latest confirmed ones, moves them, and owes each confirmed one 200 % of the fare up to ₹10,000', async () => {
    const { db } = seeded.fresh();
    const before = (await ok(db, ['--json', 'booking', 'list', '--flight', 'QP1001', '--date', '2026-12-01'])).json<{ bookings: Booking[] }>().bookings.filter((b) => b.status === 'pending' || b.status === 'confirmed');
    expect(before.length).toBeGreaterThan(4);
    const seats = before.length - 3;
    const r = (await ok(db, ['--json', 'flight', 'downsize', 'QP1001', '--date', '2026-12-01', '--seats', String(seats), '--note', 'aircraft swap'])).json<{
      offloaded: Array<{ booking_id: string; locator: string; denied_boarding: boolean; action: string; to: { flight_number: string } | null }>;
      denied_boarding: number;
      compensation_inr: number;
      seats_sold_after: number;
    }>();
    // The rule: pending first, then the latest confirmed.
    const byRule = [...before].sort((a, b) => Number(a.status === 'confirmed') - Number(b.status === 'confirmed') || b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id)).slice(0, 3);
    expect(new Set(r.offloaded.map((o) => o.booking_id))).toEqual(new Set(byRule.map((b) => b.id)));
    expect(r.seats_sold_after).toBe(seats);

    const denied = r.offloaded.filter((o) => o.denied_boarding);
    expect(denied.length).toBe(byRule.filter((b) => b.status === 'confirmed').length);
    const report = (await ok(db, ['--json', 'entitlements', '--flight', 'QP1001', '--date', '2026-12-01'])).json<{ passengers: Array<{ booking_id: string; entitlements: Item[] }>; totals: { compensation_inr: number } }>();
    expect(report.passengers.map((p) => p.booking_id).sort()).toEqual(denied.map((o) => o.booking_id).sort());
    let total = 0;
    for (const o of denied) {
      // Re-accommodated onto QP1101 the same morning, 1 h 35 min after the booked time: within 24 h, 200 %, at most ₹10,000.
      expect(o).toMatchObject({ action: 'move', to: { flight_number: 'QP1101' } });
      const fare = before.find((b) => b.id === o.booking_id)!.fare_paid;
      const expected = Math.min(2 * fare, 10000);
      total += expected;
      const shown = (await ok(db, ['--json', 'booking', 'show', o.locator])).json<Booking & { entitlements: { passengers: Array<{ flight_number: string; entitlements: Item[] }> } }>();
      expect(shown.flight_number).toBe('QP1101');
      const comp = shown.entitlements.passengers.find((p) => p.flight_number === 'QP1001')!.entitlements.find((e) => e.kind === 'compensation');
      expect(comp).toMatchObject({ amount_inr: expected, status: 'owed', rule: expect.stringContaining('CAR 3-M-IV') });
      expect(report.passengers.find((p) => p.booking_id === o.booking_id)!.entitlements.find((e) => e.kind === 'compensation')!.amount_inr).toBe(expected);
      // The passenger's itinerary notice says why, and what they are owed.
      const told = (await ok(db, ['--json', 'notification', 'list', '--booking', o.locator])).json<{ notifications: Array<{ message: string }> }>().notifications;
      expect(told.map((n) => n.message)).toEqual([
        expect.stringMatching(new RegExp(`now on QP1101 .*You were moved because QP1001 on 2026-12-01 now operates with fewer seats\\. You are entitled to compensation of ₹${expected.toLocaleString('en-IN')}\\.$`)),
      ]);
    }
    expect(report.totals.compensation_inr).toBe(total);
    expect(r.compensation_inr).toBe(total);

    // Sales stop at the new capacity; the inventory invariants hold in SQL.
    const full = await runCli(['--db', db, 'booking', 'create', '--customer', 'CUST001', '--flight', 'QP1001', '--date', '2026-12-01'], { env: NOW });
    expect(full.code).toBe(1);
    expect(full.stderr).toContain('sold out');
    const store = await openStore(db);
    try {
      expect(inventoryViolations(store)).toEqual({ double_seats: [], sold_mismatches: [], over_capacity: [] });
      expect(store.sqlFirst('select seats_sold, capacity from flight_inventory where flight_number = ? and depart_date = ?', ['QP1001', '2026-12-01'])).toEqual({ seats_sold: seats, capacity: seats });
    } finally {
      store.close();
    }
  });

  it('refuses more seats than the flight sells, naming --seats, and changes nothing', async () => {
    const { db } = seeded.fresh();
    const r = await runCli(['--db', db, 'flight', 'downsize', 'QP1001', '--date', '2026-12-01', '--seats', '200', '--note', 'x'], { env: NOW });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/seats: .*sells 189 seats now/);
    const bad = await runCli(['--db', db, 'flight', 'downsize', 'QP1001', '--date', '2026-12-01', '--seats', 'ten', '--note', 'x'], { env: NOW });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('seats');
    // The flag as typed, in both errors.
    expect(r.stderr).toMatch(/--seats: .*sells 189 seats now/);
    expect(bad.stderr).toMatch(/--seats: .*got "ten"/);
  });
});
