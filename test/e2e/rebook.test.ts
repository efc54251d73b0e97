import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CostBreakdown } from '../../src/domain/rebooking.js';
import type { Booking } from '../../src/store/booking-repository.js';
import { seatsSold } from '../../src/store/inventory-repository.js';
import { CAPACITY, fillFlight } from '../helpers/booking-builders.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { bookingDb, E2E_NOW, inspect } from './booking-store.js';

const cli = (db: string, args: string[], env: Record<string, string> = {}) => runCli(['--db', db, ...args], { env: { AKASA_NOW: E2E_NOW, ...env } });

interface Rebooked {
  booking_before: Booking;
  booking_after: Booking;
  option: { flight_number: string; depart_date: string };
  cost_breakdown: CostBreakdown;
}

async function bookedDb(prepare?: Parameters<typeof bookingDb>[0]): Promise<{ db: string; b: Booking }> {
  const db = await bookingDb(prepare);
  const made = await cli(db, ['booking', 'create', '--customer', 'CUST001', '--flight', 'QP1001', '--date', '2026-12-01', '--json']);
  expect(made.code, made.stderr).toBe(0);
  return { db, b: made.json<Booking>() };
}

describe('akasa rebook (end to end)', () => {
  it('shows options, changes to one and records the quoted cost', async () => {
    const { db, b } = await bookedDb();
    const options = await cli(db, ['rebook', 'options', b.locator, '--date', '2026-12-03', '--json']);
    expect(options.code, options.stderr).toBe(0);
    const quote = options.json<{ available_options: Array<{ flight_number: string; cost_breakdown: CostBreakdown }> }>();
    expect(quote.available_options.map((o) => o.flight_number)).toEqual(['QP1001', 'QP1101', 'QP1105']);
    const quoted = quote.available_options.find((o) => o.flight_number === 'QP1105')!.cost_breakdown;
    expect(quoted).toEqual({ original_price: 5000, new_price: 6500, price_difference: 1500, change_fee: 3000, total_cost: 4500, refund_amount: 0 });

    const text = await cli(db, ['rebook', 'options', b.locator, '--date', '2026-12-03']);
    expect(text.stdout).toMatch(/voluntary \(no open disruption\): change fee and fare difference apply/);
    expect(text.stdout).toMatch(/Flight\s+Status\s+Departs\s+Arrives\s+Seats\s+Fare\s+Difference\s+Fee\s+Total\s+Refund/);
    expect(text.stdout).toMatch(/QP1105\s+SCHEDULED\s+2026-12-03 18:00 IST\s+2026-12-03 20:10 IST\s+189\s+₹6,500\s+\+₹1,500\s+₹3,000\s+₹4,500\s+₹0/);

    const changed = await cli(db, ['rebook', 'change', b.locator, '--flight', 'QP1105', '--date', '2026-12-03', '--json']);
    expect(changed.code, changed.stderr).toBe(0);
    const r = changed.json<Rebooked>();
    expect(r.cost_breakdown).toEqual(quoted);
    expect(r.booking_after).toMatchObject({ id: b.id, flight_number: 'QP1105', depart_date: '2026-12-03', fare_paid: 6500 });

    const history = await cli(db, ['booking', 'history', b.locator]);
    expect(history.stdout).toMatch(/rebooked\s+customer\s+QP1001 2026-12-01 1A\s+QP1105 2026-12-03 1A\s+\+₹1,500\s+₹3,000\s+₹4,500\s+₹0/);

    const store = await inspect(db);
    try {
      expect(seatsSold(store, 'QP1001', '2026-12-01')).toBe(0);
      expect(seatsSold(store, 'QP1105', '2026-12-03')).toBe(1);
    } finally {
      store.close();
    }
  });

  it('auto-rebooks after a disruption with fees waived, and as a customer change with fees', async () => {
    const { db, b } = await bookedDb();
    const claimed = await cli(db, ['rebook', 'auto', b.locator, '--reason', 'disruption']);
    expect(claimed.code).toBe(1);
    expect(claimed.stderr).toMatch(/error: --reason: QP1001 on 2026-12-01: the flight has no open CANCELLATION or DIVERSION alert and no DELAY alert of 120 min or more, so the change is voluntary/);
    const events = join(tempDir(), 'cancel.jsonl');
    writeFileSync(events, `${JSON.stringify({ event_id: 'cx-1', flight_number: 'QP1001', flight_date: '2026-12-01', status: 'CANCELLED', event_time: '2026-11-23T20:00:00Z' })}\n`);
    expect((await cli(db, ['event', 'ingest', events])).code).toBe(0);
    const auto = await cli(db, ['rebook', 'auto', b.locator, '--reason', 'customer']);
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.stdout).toMatch(new RegExp(`Rebooked ${b.locator}: QP1001 2026-12-01 seat 1A → QP1101 2026-12-01 seat 1A`));
    expect(auto.stdout).toMatch(/Terms\s+involuntary \(open CANCELLATION alert\): fee and fare difference waived/);
    expect(auto.stdout).toMatch(/Total cost\s+₹0/);
    expect(auto.stdout).toMatch(/Notified\s+email, #\d+ queued: Dear Aarav Sharma, your booking .* is now on QP1101 DEL→BOM on 2026-12-01, departing 10:00 IST/);
    const paid = await cli(db, ['rebook', 'auto', b.locator, '--reason', 'customer', '--flight', 'QP1105', '--json']);
    expect(paid.code, paid.stderr).toBe(0);
    const r = paid.json<Rebooked>();
    expect(r.option).toMatchObject({ flight_number: 'QP1105', depart_date: '2026-12-01' });
    expect(r.cost_breakdown).toMatchObject({ original_price: 5000, change_fee: 3000, total_cost: 4500 });
  });

  it('honours the quote, stops when the fare moved, and takes a waiver with its note', async () => {
    const { db, b } = await bookedDb();
    expect((await cli(db, ['rebook', 'options', b.locator, '--date', '2026-12-01'])).code).toBe(0);
    const store = await inspect(db);
    try {
      fillFlight(store, 'QP1105', '2026-12-01', 100);
    } finally {
      store.close();
    }
    const moved = await cli(db, ['rebook', 'change', b.locator, '--flight', 'QP1105', '--date', '2026-12-01']);
    expect(moved.code).toBe(1);
    expect(moved.stderr).toMatch(/has changed since it was quoted: quoted ₹4,500 at 2026-11-24 05:30 IST, now ₹5,475 \(fare ₹6,500 → ₹7,475\); the booking was not changed\. Accept the new price with --accept-price/);
    const waived = await cli(db, ['rebook', 'change', b.locator, '--flight', 'QP1105', '--date', '2026-12-01', '--accept-price', '--waive-fees', '--note', 'goodwill', '--json']);
    expect(waived.code, waived.stderr).toBe(0);
    expect(waived.json<Rebooked>().cost_breakdown).toMatchObject({ change_fee: 0, total_cost: 2475 });
    const history = await cli(db, ['booking', 'history', b.locator]);
    expect(history.stdout).toMatch(/rebooked\s+customer; fee waived: goodwill\s+QP1001 2026-12-01 1A\s+QP1105 2026-12-01/);
  });

  it('uses AKASA_CHANGE_FEE for the voluntary fee', async () => {
    const { db, b } = await bookedDb();
    const r = await cli(db, ['rebook', 'options', b.locator, '--date', '2026-12-02', '--json'], { AKASA_CHANGE_FEE: '750' });
    expect(r.json<{ available_options: Array<{ cost_breakdown: CostBreakdown }> }>().available_options[0]!.cost_breakdown.change_fee).toBe(750);
  });

  it('refuses bad requests with clear errors, and a change to a full flight changes nothing', async () => {
    const { db, b } = await bookedDb((store) => fillFlight(store, 'QP1105', '2026-12-01', CAPACITY));
    const cases: Array<{ name: string; args: string[]; code: number; stderr: RegExp }> = [
      { name: 'past date', args: ['rebook', 'options', b.locator, '--date', '2026-11-01'], code: 1, stderr: /--date: 2026-11-01 is in the past/ },
      { name: 'no flights', args: ['rebook', 'options', b.locator, '--date', '2028-06-01'], code: 1, stderr: /--date: no flights from DEL to BOM operate on 2028-06-01/ },
      { name: 'bad date', args: ['rebook', 'options', b.locator, '--date', '1-2-3'], code: 2, stderr: /--date: expected a calendar date/ },
      { name: 'missing --date', args: ['rebook', 'options', b.locator], code: 2, stderr: /--date/ },
      { name: 'unknown booking', args: ['rebook', 'options', 'ZZZZZZ', '--date', '2026-12-03'], code: 1, stderr: /booking ZZZZZZ not found/ },
      { name: 'full target', args: ['rebook', 'change', b.locator, '--flight', 'QP1105', '--date', '2026-12-01'], code: 1, stderr: /QP1105 on 2026-12-01 is sold out; the booking was not changed/ },
      { name: 'other route', args: ['rebook', 'change', b.locator, '--flight', 'QP1002', '--date', '2026-12-01'], code: 1, stderr: /--flight: QP1002 flies BOM→BLR/ },
      { name: 'bad flight', args: ['rebook', 'change', b.locator, '--flight', 'Q1', '--date', '2026-12-01'], code: 2, stderr: /--flight: expected QP followed by 1-4 digits/ },
      { name: 'bad reason', args: ['rebook', 'change', b.locator, '--flight', 'QP1101', '--date', '2026-12-01', '--reason', 'whim'], code: 2, stderr: /--reason/ },
      { name: 'waiver without a note', args: ['rebook', 'change', b.locator, '--flight', 'QP1101', '--date', '2026-12-01', '--waive-fees'], code: 2, stderr: /note: waive_fees needs a note saying why/ },
      { name: 'seat missing', args: ['rebook', 'change', b.locator, '--flight', 'QP1101', '--date', '2026-12-01', '--seat', '33A'], code: 1, stderr: /seat: 33A does not exist on a Boeing 737-8/ },
      { name: 'auto with nothing left', args: ['rebook', 'auto', b.locator, '--flight', 'QP1105', '--date', '2026-12-01'], code: 1, stderr: /no QP1105 flight from DEL to BOM with a free seat and check-in open departs between 2026-12-01 and 2026-12-04/ },
    ];
    // Sequential on purpose: the last case must not race the others.
    for (const c of cases.slice(0, -1)) {
      const r = await cli(db, c.args);
      expect({ name: c.name, code: r.code }).toEqual({ name: c.name, code: c.code });
      expect(r.stderr, c.name).toMatch(c.stderr);
    }
    const { entitlements: _entitlements, ...stored } = (await cli(db, ['booking', 'show', b.locator, '--json'])).json<Record<string, unknown>>();
    expect(stored).toEqual(b);

    // Fill QP1105 on the following days too, so only the other flights remain.
    const store = await inspect(db);
    try {
      for (const d of ['2026-12-02', '2026-12-03', '2026-12-04']) fillFlight(store, 'QP1105', d, CAPACITY);
    } finally {
      store.close();
    }
    const last = cases.at(-1)!;
    const r = await cli(db, last.args);
    expect(r.code).toBe(last.code);
    expect(r.stderr).toMatch(last.stderr);

    const cancelled = await cli(db, ['booking', 'cancel', b.locator]);
    expect(cancelled.code).toBe(0);
    const afterCancel = await cli(db, ['rebook', 'auto', b.locator]);
    expect(afterCancel.code).toBe(1);
    expect(afterCancel.stderr).toMatch(/status: booking .* is cancelled; only pending, confirmed or offloaded bookings can change/);
  });
});
