import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, RuleError, ValidationError } from '../../src/domain/errors.js';
import { bookingHistory, cancelBooking, createBooking, getBooking, listBookings } from '../../src/services/bookings.js';
import type { ServiceContext } from '../../src/context.js';
import { countLiveBookings, insertBooking } from '../../src/store/booking-repository.js';
import { seatsSold } from '../../src/store/inventory-repository.js';
import { CAPACITY, fillFlight, seedNetwork } from '../helpers/booking-builders.js';
import { tempContext } from '../helpers/temp-store.js';

const NOW = '2026-11-24T00:00:00Z';
const DATE = '2026-12-01';

async function network(now = NOW): Promise<ServiceContext> {
  const ctx = await tempContext(now);
  seedNetwork(ctx.store);
  return ctx;
}

const base = { customer_id: 'CUST001', flight_number: 'QP1001', depart_date: DATE };

describe('createBooking', () => {
  it('books with the preferred seat, the current fare and a history entry', async () => {
    const ctx = await network();
    const b = createBooking(ctx, base);
    expect(b).toMatchObject({
      customer_id: 'CUST001',
      passenger_name: 'Aarav Sharma',
      flight_number: 'QP1001',
      origin: 'DEL',
      destination: 'BOM',
      depart_date: DATE,
      seat: '1A',
      fare_paid: 5000,
      status: 'confirmed',
      created_at: expect.stringMatching(/^2026-11-24T00:00:\d\d\.\d{3}Z$/),
    });
    expect(b.locator).toMatch(/^[A-Z2-9]{6}$/);
    expect(Object.keys(b)).toEqual([
      'id', 'locator', 'customer_id', 'passenger_name', 'flight_number', 'origin', 'destination', 'depart_date', 'seat', 'fare_paid', 'status', 'created_at', 'updated_at',
    ]);
    expect(seatsSold(ctx.store, 'QP1001', DATE)).toBe(1);
    expect(bookingHistory(ctx, b.locator).history).toMatchObject([{ action: 'created', to_flight: 'QP1001', to_seat: '1A', total_cost: 5000 }]);
    expect(getBooking(ctx, b.locator.toLowerCase())).toEqual(b);
    expect(getBooking(ctx, b.id.toUpperCase())).toEqual(b);
  });

  it('honours aisle preference and special assistance, a requested seat, name, status and the date alias', async () => {
    const ctx = await network();
    expect(createBooking(ctx, { ...base, customer_id: 'CUST002' }).seat).toBe('1C');
    expect(createBooking(ctx, { ...base, customer_id: 'CUST004' }).seat).toBe('1D');
    const b = createBooking(ctx, { customer_id: 'cust003', flight_number: 'qp1001', date: DATE, seat: '12b', passenger_name: '  Kavya Iyer ', status: 'pending', origin: 'DEL', destination: 'bom' });
    expect(b).toMatchObject({ seat: '12B', passenger_name: 'Kavya Iyer', status: 'pending', customer_id: 'CUST003' });
  });

  it('charges a higher fare step as the flight fills', async () => {
    const ctx = await network();
    fillFlight(ctx.store, 'QP1001', DATE, Math.ceil(CAPACITY * 0.5));
    expect(createBooking(ctx, base).fare_paid).toBe(Math.round(5000 * 1.15));
  });

  const invalid: Array<{ name: string; input: Record<string, unknown>; field: string }> = [
    { name: 'missing customer', input: { ...base, customer_id: undefined }, field: 'customer_id' },
    { name: 'bad customer id', input: { ...base, customer_id: 'C1' }, field: 'customer_id' },
    { name: 'bad flight number', input: { ...base, flight_number: 'XX12' }, field: 'flight_number' },
    { name: 'impossible date', input: { ...base, depart_date: '2026-02-30' }, field: 'depart_date' },
    { name: 'bad seat', input: { ...base, seat: 'A12' }, field: 'seat' },
    { name: 'bad origin', input: { ...base, origin: 'DELHI' }, field: 'origin' },
    { name: 'bad status', input: { ...base, status: 'cancelled' }, field: 'status' },
    { name: 'empty name', input: { ...base, passenger_name: '  ' }, field: 'passenger_name' },
  ];
  for (const c of invalid) {
    it(`refuses bad input: ${c.name}`, async () => {
      const ctx = await network();
      const err = (() => {
        try {
          createBooking(ctx, c.input);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues.map((i) => i.field)).toContain(c.field);
      expect(seatsSold(ctx.store, 'QP1001', DATE)).toBe(0);
    });
  }

  const rules: Array<{ name: string; input: Record<string, unknown>; now?: string; error: new (...a: never[]) => Error; message: RegExp }> = [
    { name: 'unknown customer', input: { ...base, customer_id: 'CUST999' }, error: NotFoundError, message: /customer CUST999 not found/ },
    { name: 'unknown flight', input: { ...base, flight_number: 'QP9999' }, error: RuleError, message: /flight_number: QP9999 is not in the schedule/ },
    { name: 'flight not operating that day', input: { ...base, flight_number: 'QP1109', depart_date: '2026-12-01' }, error: RuleError, message: /depart_date: QP1109 does not operate on 2026-12-01/ },
    { name: 'past date', input: { ...base, depart_date: '2026-11-20' }, error: RuleError, message: /depart_date: 2026-11-20 is in the past/ },
    { name: 'already departed today', input: { ...base, depart_date: '2026-11-24' }, now: '2026-11-24T01:00:00Z', error: RuleError, message: /depart_date: QP1001 on 2026-11-24 departed at 2026-11-24 06:00 IST; check-in closes 45 min before departure/ },
    { name: 'origin mismatch', input: { ...base, origin: 'BOM' }, error: RuleError, message: /origin: QP1001 departs from DEL, not BOM/ },
    { name: 'destination mismatch', input: { ...base, destination: 'BLR' }, error: RuleError, message: /destination: QP1001 flies to BOM, not BLR/ },
    { name: 'seat not on the aircraft', input: { ...base, seat: '40A' }, error: RuleError, message: /seat: 40A does not exist on a Boeing 737-8/ },
    { name: 'row 32 has no D', input: { ...base, seat: '32D' }, error: RuleError, message: /seat: 32D does not exist/ },
  ];
  for (const c of rules) {
    it(`refuses by rule: ${c.name}`, async () => {
      const ctx = await network(c.now);
      expect(() => createBooking(ctx, c.input)).toThrowError(c.error);
      expect(() => createBooking(ctx, c.input)).toThrowError(c.message);
    });
  }

  it('refuses a seat already taken, and a sold-out flight', async () => {
    const ctx = await network();
    createBooking(ctx, { ...base, seat: '7C' });
    expect(() => createBooking(ctx, { ...base, customer_id: 'CUST002', seat: '7c' })).toThrowError(/seat: 7C is already taken on QP1001 on 2026-12-01/);
    fillFlight(ctx.store, 'QP1101', DATE, CAPACITY);
    expect(() => createBooking(ctx, { ...base, flight_number: 'QP1101' })).toThrowError(ConflictError);
    expect(() => createBooking(ctx, { ...base, flight_number: 'QP1101' })).toThrowError(/sold out/);
    expect(seatsSold(ctx.store, 'QP1101', DATE)).toBe(CAPACITY);
  });

  it('chooses around seats held by live bookings even when the inventory count lags behind', async () => {
    const ctx = await network();
    fillFlight(ctx.store, 'QP1001', DATE, 1, ['1A']);
    ctx.store.sqlRun('update flight_inventory set seats_sold = 0');
    expect(createBooking(ctx, base).seat).toBe('1F');
  });
});

describe('listBookings', () => {
  it('filters, pages newest first, and says whether more exist', async () => {
    const ctx = await tempContext(NOW);
    seedNetwork(ctx.store);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(createBooking(ctx, { ...base, customer_id: i % 2 ? 'CUST002' : 'CUST001' }));
    createBooking(ctx, { ...base, flight_number: 'QP1101' });
    const page = listBookings(ctx, { flight_number: 'qp1001', depart_date: DATE, limit: '2' });
    expect(page).toMatchObject({ count: 2, offset: 0, limit: 2, has_more: true });
    expect(page.bookings.map((b) => b.id)).toEqual([made[4]!.id, made[3]!.id]);
    const last = listBookings(ctx, { flight_number: 'QP1001', date: DATE, limit: 2, offset: 4 });
    expect(last).toMatchObject({ count: 1, has_more: false });
    expect(last.bookings[0]!.id).toBe(made[0]!.id);
    expect(listBookings(ctx, { customer_id: 'CUST002' }).count).toBe(2);
    expect(listBookings(ctx, {}).count).toBe(6);
    cancelBooking(ctx, made[0]!.locator);
    expect(listBookings(ctx, { status: 'cancelled' }).bookings.map((b) => b.id)).toEqual([made[0]!.id]);
    expect(listBookings(ctx, undefined)).toMatchObject({ limit: 100, offset: 0 });
  });

  it.each([
    { input: { limit: '0' }, field: 'limit' },
    { input: { limit: '1001' }, field: 'limit' },
    { input: { limit: 'ten' }, field: 'limit' },
    { input: { offset: '-1' }, field: 'offset' },
    { input: { status: 'lost' }, field: 'status' },
    { input: { depart_date: '2026-13-01' }, field: 'depart_date' },
  ])('refuses $input', async ({ input, field }) => {
    const ctx = await tempContext(NOW);
    expect(() => listBookings(ctx, input)).toThrowError(new RegExp(`^${field}:`));
  });
});

describe('cancelBooking and bookingHistory', () => {
  it('releases the seat so it can be sold again, and refuses a second cancel', async () => {
    const ctx = await network();
    const b = createBooking(ctx, { ...base, seat: '3A' });
    const c = cancelBooking(ctx, b.locator, 'customer request');
    expect(c).toMatchObject({ id: b.id, status: 'cancelled', seat: '3A' });
    expect(getBooking(ctx, b.id).status).toBe('cancelled');
    expect(seatsSold(ctx.store, 'QP1001', DATE)).toBe(0);
    const again = createBooking(ctx, { ...base, customer_id: 'CUST002', seat: '3A' });
    expect(again.seat).toBe('3A');
    expect(countLiveBookings(ctx.store, 'QP1001', DATE)).toBe(1);
    expect(() => cancelBooking(ctx, b.locator)).toThrowError(/booking .* is already cancelled/);
    expect(bookingHistory(ctx, b.id).history).toMatchObject([
      { action: 'created', reason: null },
      { action: 'cancelled', reason: 'customer request', from_flight: 'QP1001', from_date: DATE, from_seat: '3A' },
    ]);
  });

  it('refuses to cancel a completed booking, and unknown or malformed references', async () => {
    const ctx = await network();
    const b = createBooking(ctx, base);
    ctx.store.sqlRun("update bookings set status = 'completed' where id = ?", [b.id]);
    expect(() => cancelBooking(ctx, b.id)).toThrowError(/already completed/);
    expect(() => getBooking(ctx, 'ZZZZZZ')).toThrowError(NotFoundError);
    expect(() => bookingHistory(ctx, '00000000-0000-4000-8000-000000000000')).toThrowError(NotFoundError);
    expect(() => getBooking(ctx, 'nope!')).toThrowError(ValidationError);
    expect(() => getBooking(ctx, 'ABCDE0')).toThrowError(/^booking: expected a booking id/);
  });
});

describe('booking repository constraint outcomes', () => {
  it('reports a live seat held twice and a reused locator instead of throwing; a cancelled seat can be reused', async () => {
    const ctx = await network();
    const b = createBooking(ctx, { ...base, seat: '2A' });
    const twin = { ...b, id: '00000000-0000-4000-8000-000000000001', locator: 'TWN2AA' };
    expect(insertBooking(ctx.store, twin)).toBe('seat_taken');
    expect(insertBooking(ctx.store, { ...twin, seat: '2B', locator: b.locator })).toBe('locator_taken');
    expect(insertBooking(ctx.store, { ...twin, status: 'cancelled' })).toBe('ok');
    expect(() => insertBooking(ctx.store, { ...twin, id: '00000000-0000-4000-8000-000000000002', locator: 'TWN2AB', seat: '2C', customer_id: 'CUST999' })).toThrow(/FOREIGN KEY/);
  });
});
