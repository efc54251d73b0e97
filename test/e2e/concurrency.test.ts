import { describe, expect, it } from 'vitest';
import { countLiveBookings } from '../../src/store/booking-repository.js';
import { seatsSold } from '../../src/store/inventory-repository.js';
import { upsertCustomers } from '../../src/store/customer-repository.js';
import { CAPACITY, customer, fillFlight } from '../helpers/booking-builders.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { bookingDb, E2E_NOW, inspect } from './booking-store.js';

const DATE = '2026-12-01';
/** Concurrent CLI processes per race (bounded: the machine running CI has 2 cores). */
const PROCESSES = 14;
const LEFT = 5;

async function race(db: string, extra: (i: number) => string[]): Promise<CliResult[]> {
  return Promise.all(
    Array.from({ length: PROCESSES }, (_, i) =>
      runCli(['--db', db, 'booking', 'create', '--customer', `CUST${String(100 + i)}`, '--flight', 'QP1001', '--date', DATE, '--json', ...extra(i)], {
        env: { AKASA_NOW: E2E_NOW },
        timeoutMs: 60_000,
      }),
    ),
  );
}

async function setUp(): Promise<string> {
  return bookingDb((store) => {
    upsertCustomers(store, Array.from({ length: PROCESSES }, (_, i) => customer(`CUST${100 + i}`, { seat_preference: i % 2 ? 'aisle' : 'window' })));
    fillFlight(store, 'QP1001', DATE, CAPACITY - LEFT);
  });
}

async function liveSeats(db: string): Promise<{ seats: string[]; sold: number; live: number }> {
  const store = await inspect(db);
  try {
    const seats = store
      .sqlAll<{ seat: string }>("select seat from bookings where flight_number = 'QP1001' and depart_date = ? and status in ('pending','confirmed')", [DATE])
      .map((r) => r.seat);
    return { seats, sold: seatsSold(store, 'QP1001', DATE), live: countLiveBookings(store, 'QP1001', DATE) };
  } finally {
    store.close();
  }
}

describe('concurrent bookings of the last seats (end to end)', () => {
  it(`${PROCESSES} processes race for the last ${LEFT} seats: exactly capacity are sold, no seat twice`, async () => {
    const db = await setUp();
    const results = await race(db, () => []);
    const won = results.filter((r) => r.code === 0);
    const lost = results.filter((r) => r.code !== 0);
    expect(won).toHaveLength(LEFT);
    for (const r of lost) {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      expect(JSON.parse(r.stderr)).toMatchObject({ error: 'conflict', message: expect.stringMatching(/QP1001 on 2026-12-01 is sold out/) });
    }
    const wonSeats = won.map((r) => r.json<{ seat: string }>().seat);
    expect(new Set(wonSeats).size).toBe(LEFT);
    const { seats, sold, live } = await liveSeats(db);
    expect(live).toBe(CAPACITY);
    expect(sold).toBe(CAPACITY);
    expect(new Set(seats).size).toBe(seats.length);
    for (const s of wonSeats) expect(seats).toContain(s);
  });

  it(`${PROCESSES} processes ask for the same free seat: one gets it, the rest get a seat conflict`, async () => {
    const db = await setUp();
    const results = await race(db, () => ['--seat', '32C']);
    const won = results.filter((r) => r.code === 0);
    expect(won).toHaveLength(1);
    expect(won[0]!.json<{ seat: string }>().seat).toBe('32C');
    for (const r of results.filter((x) => x.code !== 0)) {
      expect(r.code, r.stderr).toBe(1);
      expect(JSON.parse(r.stderr)).toEqual({ error: 'conflict', message: 'seat: 32C is already taken on QP1001 on 2026-12-01' });
    }
    const { seats, sold, live } = await liveSeats(db);
    expect(live).toBe(CAPACITY - LEFT + 1);
    expect(sold).toBe(live);
    expect(new Set(seats).size).toBe(seats.length);
  });

  it('4 processes rebook onto a flight with one seat left: one moves, the others change nothing', async () => {
    const db = await setUp();
    const made = await Promise.all(
      [0, 1, 2, 3].map((i) =>
        runCli(['--db', db, 'booking', 'create', '--customer', `CUST${100 + i}`, '--flight', 'QP1101', '--date', DATE, '--json'], { env: { AKASA_NOW: E2E_NOW } }),
      ),
    );
    const ids = made.map((r) => r.json<{ id: string }>().id);
    const store = await inspect(db);
    try {
      fillFlight(store, 'QP1105', DATE, CAPACITY - 1);
    } finally {
      store.close();
    }
    const results = await Promise.all(
      ids.map((id) => runCli(['--db', db, 'rebook', 'change', id, '--flight', 'QP1105', '--date', DATE, '--json'], { env: { AKASA_NOW: E2E_NOW }, timeoutMs: 60_000 })),
    );
    expect(results.filter((r) => r.code === 0)).toHaveLength(1);
    for (const r of results.filter((x) => x.code !== 0)) {
      expect(r.code, r.stderr).toBe(1);
      expect(JSON.parse(r.stderr).message).toMatch(/QP1105 on 2026-12-01 is sold out; the booking was not changed/);
    }
    const after = await inspect(db);
    try {
      expect(seatsSold(after, 'QP1105', DATE)).toBe(CAPACITY);
      expect(countLiveBookings(after, 'QP1105', DATE)).toBe(CAPACITY);
      expect(seatsSold(after, 'QP1101', DATE)).toBe(3);
      expect(countLiveBookings(after, 'QP1101', DATE)).toBe(3);
    } finally {
      after.close();
    }
  });
});
