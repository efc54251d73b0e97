import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, QuoteChangedError, RuleError, ValidationError } from '../../src/domain/errors.js';
import { bookingHistory, cancelBooking, createBooking, getBooking } from '../../src/services/bookings.js';
import type { ServiceContext } from '../../src/context.js';
import { autoRebook, changeBooking, changeOptions } from '../../src/services/rebooking.js';
import { countLiveBookings } from '../../src/store/booking-repository.js';
import { seatsSold } from '../../src/store/inventory-repository.js';
import { CAPACITY, fillFlight, seedNetwork, setFlightState } from '../helpers/booking-builders.js';
import { flightEvents } from '../helpers/flight-events.js';
import { tempContext } from '../helpers/temp-store.js';

const NOW = '2026-11-24T00:00:00Z';
const DATE = '2026-12-01';

async function booked(now = NOW, settings = {}) {
  const ctx: ServiceContext = await tempContext(now, settings);
  seedNetwork(ctx.store);
  const booking = createBooking(ctx, { customer_id: 'CUST001', flight_number: 'QP1001', depart_date: DATE });
  return { ctx, booking };
}

describe('changeOptions', () => {
  it('lists the other flights on the route that day with fares and voluntary costs', async () => {
    const { ctx, booking } = await booked();
    const r = changeOptions(ctx, booking.locator, { new_date: '2026-12-03' });
    expect(r.original_booking.id).toBe(booking.id);
    expect(r.requested_date).toBe('2026-12-03');
    expect(r.available_options.map((o) => o.flight_number)).toEqual(['QP1001', 'QP1101', 'QP1105']);
    expect(r.available_options[1]).toEqual({
      flight_number: 'QP1101',
      origin: 'DEL',
      destination: 'BOM',
      depart_date: '2026-12-03',
      departure_time: '10:00',
      arrival_time: '12:10',
      duration: '2h 10m',
      aircraft_type: '7M8',
      scheduled_departure: '2026-12-03T04:30:00.000Z',
      scheduled_arrival: '2026-12-03T06:40:00.000Z',
      status: 'SCHEDULED',
      expected_departure: '2026-12-03T04:30:00.000Z',
      expected_arrival: '2026-12-03T06:40:00.000Z',
      seats_available: CAPACITY,
      price: 4000,
      fare: 4000,
      cost_breakdown: { original_price: 5000, new_price: 4000, price_difference: -1000, change_fee: 3000, total_cost: 2000, refund_amount: 0 },
    });
  });

  it("excludes the booking's own flight-date and full flights; quotes a cancelled booking as waived; honours the configured fee", async () => {
    const { ctx, booking } = await booked(NOW, { changeFee: 1000 });
    fillFlight(ctx.store, 'QP1105', DATE, CAPACITY);
    const r = changeOptions(ctx, booking.id, { new_date: DATE });
    expect(r.terms).toEqual({ reason: 'customer', fee_waived: false, because: 'no open disruption' });
    expect(r.available_options.map((o) => o.flight_number)).toEqual(['QP1101']);
    expect(r.available_options[0]!.cost_breakdown.change_fee).toBe(1000);
    await flightEvents(ctx, [{ flight_number: 'QP1001', flight_date: DATE, status: 'CANCELLED' }]);
    const waived = changeOptions(ctx, booking.id, { new_date: '2026-12-02' });
    expect(waived.terms).toMatchObject({ reason: 'disruption', because: 'open CANCELLATION alert' });
    expect(waived.available_options.every((o) => o.cost_breakdown.total_cost === 0 && o.cost_breakdown.change_fee === 0)).toBe(true);
  });

  it('works for a date a month ahead under AKASA_NOW-style clocks (2024 acceptance case)', async () => {
    const ctx = await tempContext('2024-02-01T00:00:00Z');
    seedNetwork(ctx.store);
    const b = createBooking(ctx, { customer_id: 'CUST001', flight_number: 'QP1001', depart_date: '2024-02-15', origin: 'DEL', destination: 'BOM' });
    const r = changeOptions(ctx, b.locator, { new_date: '2024-03-15' });
    expect(r.available_options.length).toBeGreaterThan(0);
    expect(r.available_options[0]).toMatchObject({ depart_date: '2024-03-15', origin: 'DEL', destination: 'BOM' });
  });

  const refusals: Array<{ name: string; date: string; now?: string; message: RegExp; error?: new (...a: never[]) => Error }> = [
    { name: 'past date', date: '2026-11-01', message: /new_date: 2026-11-01 is in the past/ },
    { name: 'no flights on the route that day (schedule ends)', date: '2028-06-01', message: /new_date: no flights from DEL to BOM operate on 2028-06-01/, error: NotFoundError },
    { name: 'malformed date', date: '2026-12-32', message: /new_date: expected a calendar date/, error: ValidationError },
  ];
  for (const c of refusals) {
    it(`refuses: ${c.name}`, async () => {
      const { ctx, booking } = await booked(c.now);
      expect(() => changeOptions(ctx, booking.locator, { new_date: c.date })).toThrowError(c.error ?? RuleError);
      expect(() => changeOptions(ctx, booking.locator, { new_date: c.date })).toThrowError(c.message);
    });
  }

  it('refuses when every flight that day is full, and for a cancelled booking', async () => {
    const { ctx, booking } = await booked();
    for (const f of ['QP1001', 'QP1101', 'QP1105']) fillFlight(ctx.store, f, '2026-12-04', CAPACITY);
    expect(() => changeOptions(ctx, booking.locator, { new_date: '2026-12-04' })).toThrowError(/none of the 3 flight\(s\) from DEL to BOM on 2026-12-04/);
    cancelBooking(ctx, booking.locator);
    expect(() => changeOptions(ctx, booking.locator, { new_date: '2026-12-03' })).toThrowError(/status: booking .* is cancelled; only pending, confirmed or offloaded bookings can change/);
  });

  it('refuses any change once the booked flight has departed (a no-show), but not after it was cancelled', async () => {
    const { ctx, booking } = await booked();
    const later = { ...ctx, clock: { now: () => new Date('2026-12-01T02:00:00Z'), nowIso: () => '2026-12-01T02:00:00.000Z' } };
    const departed = /booking: QP1001 on 2026-12-01 departed at 2026-12-01 06:00 IST; booking .* can no longer change/;
    expect(() => changeOptions(later, booking.locator, { new_date: '2026-12-02' })).toThrowError(departed);
    expect(() => autoRebook(later, booking.locator, {})).toThrowError(departed);
    await flightEvents(ctx, [{ flight_number: 'QP1001', flight_date: DATE, status: 'CANCELLED' }]);
    expect(changeOptions(later, booking.locator, { new_date: '2026-12-02' }).available_options.length).toBe(3);
  });
});

describe('changeBooking', () => {
  it('moves the booking atomically: new seat taken, old released, new fare, history with the quoted cost', async () => {
    const { ctx, booking } = await booked();
    const quote = changeOptions(ctx, booking.locator, { new_date: '2026-12-03' }).available_options.find((o) => o.flight_number === 'QP1105')!;
    const r = changeBooking(ctx, booking.locator, { flight_number: 'QP1105', date: '2026-12-03', reason: 'customer' });
    expect(r.cost_breakdown).toEqual(quote.cost_breakdown);
    expect(r.booking_before).toEqual(booking);
    expect(r.booking_after).toMatchObject({ id: booking.id, locator: booking.locator, flight_number: 'QP1105', depart_date: '2026-12-03', seat: '1A', fare_paid: 6500 });
    expect(getBooking(ctx, booking.id)).toEqual(r.booking_after);
    expect(seatsSold(ctx.store, 'QP1001', DATE)).toBe(0);
    expect(seatsSold(ctx.store, 'QP1105', '2026-12-03')).toBe(1);
    expect(bookingHistory(ctx, booking.id).history[1]).toMatchObject({
      action: 'rebooked',
      reason: 'customer',
      from_flight: 'QP1001',
      from_date: DATE,
      from_seat: '1A',
      to_flight: 'QP1105',
      to_date: '2026-12-03',
      to_seat: '1A',
      price_difference: 1500,
      change_fee: 3000,
      total_cost: 4500,
      refund_amount: 0,
    });
  });

  it('takes a requested seat; a disruption keeps the fare paid and costs nothing', async () => {
    const { ctx, booking } = await booked();
    await flightEvents(ctx, [{ flight_number: 'QP1001', flight_date: DATE, status: 'CANCELLED' }]);
    const r = changeBooking(ctx, booking.locator, { flight_number: 'QP1105', new_date: DATE, seat: '20d', reason: 'disruption' });
    expect(r.booking_after).toMatchObject({ seat: '20D', fare_paid: 5000 });
    expect(r.cost_breakdown).toMatchObject({ change_fee: 0, total_cost: 0, refund_amount: 0, price_difference: 1500 });
  });

  it('changes nothing when the target flight is full or the seat is taken', async () => {
    const { ctx, booking } = await booked();
    fillFlight(ctx.store, 'QP1105', DATE, CAPACITY);
    fillFlight(ctx.store, 'QP1101', DATE, 1, ['9C']);
    const attempts: Array<[Record<string, unknown>, RegExp]> = [
      [{ flight_number: 'QP1105', date: DATE }, /QP1105 on 2026-12-01 is sold out; the booking was not changed/],
      [{ flight_number: 'QP1101', date: DATE, seat: '9C' }, /seat: 9C is already taken on QP1101 on 2026-12-01; the booking was not changed/],
    ];
    for (const [input, message] of attempts) {
      expect(() => changeBooking(ctx, booking.locator, input)).toThrowError(ConflictError);
      expect(() => changeBooking(ctx, booking.locator, input)).toThrowError(message);
    }
    expect(getBooking(ctx, booking.id)).toEqual(booking);
    expect(seatsSold(ctx.store, 'QP1001', DATE)).toBe(1);
    expect(seatsSold(ctx.store, 'QP1105', DATE)).toBe(CAPACITY);
    expect(seatsSold(ctx.store, 'QP1101', DATE)).toBe(1);
    expect(countLiveBookings(ctx.store, 'QP1101', DATE)).toBe(1);
    expect(bookingHistory(ctx, booking.id).history).toHaveLength(1);
  });

  const refusals: Array<{ name: string; input: Record<string, unknown>; message: RegExp }> = [
    { name: 'another route', input: { flight_number: 'QP1002', date: DATE }, message: /flight_number: QP1002 flies BOM→BLR, not the booking's route DEL→BOM/ },
    { name: 'its own flight-date', input: { flight_number: 'QP1001', date: DATE }, message: /flight_number: the booking is already on QP1001 on 2026-12-01/ },
    { name: 'flight not operating', input: { flight_number: 'QP1109', date: DATE }, message: /date: QP1109 does not operate on 2026-12-01/ },
    { name: 'past date', input: { flight_number: 'QP1101', date: '2026-11-01' }, message: /date: 2026-11-01 is in the past/ },
    { name: 'seat not on the aircraft', input: { flight_number: 'QP1101', date: DATE, seat: '33A' }, message: /seat: 33A does not exist on a Boeing 737-8/ },
    { name: 'bad reason', input: { flight_number: 'QP1101', date: DATE, reason: 'whim' }, message: /reason: expected one of customer, disruption/ },
    { name: 'missing flight', input: { date: DATE }, message: /flight_number: required/ },
  ];
  for (const c of refusals) {
    it(`refuses: ${c.name}`, async () => {
      const { ctx, booking } = await booked();
      expect(() => changeBooking(ctx, booking.locator, c.input)).toThrowError(c.message);
      expect(getBooking(ctx, booking.id)).toEqual(booking);
    });
  }
});

describe('quote honouring: expected_total and a chosen option', () => {
  const NEXT = '2026-12-03';
  const quoteFor = (ctx: ServiceContext, ref: string, flight: string) =>
    changeOptions(ctx, ref, { new_date: NEXT }).available_options.find((o) => o.flight_number === flight)!;
  /** Sells enough seats that the next one is in the second fare step. */
  const moveFareStep = (ctx: ServiceContext, flight: string) => fillFlight(ctx.store, flight, NEXT, Math.ceil(CAPACITY * 0.5));

  it('changeBooking goes through when the quoted total still holds', async () => {
    const { ctx, booking } = await booked();
    const quote = quoteFor(ctx, booking.locator, 'QP1105');
    const r = changeBooking(ctx, booking.locator, { flight_number: 'QP1105', date: NEXT, expected_total: quote.cost_breakdown.total_cost });
    expect(r.cost_breakdown).toEqual(quote.cost_breakdown);
  });

  it('changeBooking refuses with the current quote once a fare step moved, and changes nothing', async () => {
    const { ctx, booking } = await booked();
    const quote = quoteFor(ctx, booking.locator, 'QP1105');
    moveFareStep(ctx, 'QP1105');
    let thrown: unknown;
    try {
      changeBooking(ctx, booking.locator, { flight_number: 'QP1105', date: NEXT, expected_total: quote.cost_breakdown.total_cost });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(QuoteChangedError);
    const now = (thrown as QuoteChangedError<typeof quote>).quote;
    expect(now).toMatchObject({ flight_number: 'QP1105', depart_date: NEXT, price: Math.round(6500 * 1.15) });
    expect(now.cost_breakdown.total_cost).toBe(now.price - 5000 + 3000);
    expect((thrown as Error).message).toMatch(/has changed since it was quoted: quoted ₹4,500, now ₹5,475 \(fare now ₹7,475\); the booking was not changed/);
    expect(getBooking(ctx, booking.id)).toEqual(booking);
    expect(bookingHistory(ctx, booking.id).history).toHaveLength(1);
    expect(seatsSold(ctx.store, 'QP1001', DATE)).toBe(1);
  });

  it('autoRebook books exactly a chosen option (extra option fields ignored), as a customer change by default', async () => {
    const { ctx, booking } = await booked();
    const option = quoteFor(ctx, booking.locator, 'QP1105');
    const r = autoRebook(ctx, booking.locator, option);
    expect(r.booking_after).toMatchObject({ flight_number: 'QP1105', depart_date: NEXT, fare_paid: 6500 });
    expect(r.cost_breakdown).toEqual(option.cost_breakdown);
  });

  it('autoRebook refuses a chosen option whose price moved, with the current quote', async () => {
    const { ctx, booking } = await booked();
    const option = quoteFor(ctx, booking.locator, 'QP1105');
    moveFareStep(ctx, 'QP1105');
    expect(() => autoRebook(ctx, booking.locator, option)).toThrowError(QuoteChangedError);
    expect(getBooking(ctx, booking.id)).toEqual(booking);
  });

  it('a chosen option goes through exactly when the total its price implies is the current one; otherwise nothing changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: CAPACITY - 1 }), fc.oneof(fc.constant(0), fc.integer({ min: -2000, max: 2000 })), async (sold, delta) => {
        const { ctx, booking } = await booked();
        if (sold > 0) fillFlight(ctx.store, 'QP1105', NEXT, sold);
        const current = quoteFor(ctx, booking.locator, 'QP1105');
        const price = Math.max(0, current.price + delta);
        const implied = Math.max(0, price - booking.fare_paid + 3000);
        const attempt = () => autoRebook(ctx, booking.locator, { ...current, price });
        if (implied === current.cost_breakdown.total_cost) {
          expect(attempt().cost_breakdown).toEqual(current.cost_breakdown);
        } else {
          expect(attempt).toThrowError(QuoteChangedError);
          expect(getBooking(ctx, booking.id)).toEqual(booking);
          expect(seatsSold(ctx.store, 'QP1105', NEXT)).toBe(sold);
        }
      }),
      { numRuns: 10 },
    );
  });

  const optionRefusals: Array<{ name: string; input: Record<string, unknown>; error: new (...a: never[]) => Error; message: RegExp }> = [
    { name: 'missing fields', input: { flight_number: 'QP1105', price: 6500 }, error: ValidationError, message: /depart_date: required; departure_time: required/ },
    { name: 'a departure time the schedule does not have', input: { flight_number: 'QP1105', depart_date: NEXT, departure_time: '19:00', price: 6500 }, error: RuleError, message: /departure_time: QP1105 on 2026-12-03 departs at 18:00, not 19:00/ },
    { name: 'another aircraft', input: { flight_number: 'QP1105', depart_date: NEXT, departure_time: '18:00', price: 6500, aircraft_type: 'A320' }, error: RuleError, message: /aircraft_type: .* 7M8, not A320/ },
    { name: 'a malformed time', input: { flight_number: 'QP1105', depart_date: NEXT, departure_time: '6pm', price: 6500 }, error: ValidationError, message: /departure_time: expected a local time HH:MM/ },
  ];
  for (const c of optionRefusals) {
    it(`autoRebook refuses a chosen option with ${c.name}`, async () => {
      const { ctx, booking } = await booked();
      expect(() => autoRebook(ctx, booking.locator, c.input)).toThrowError(c.error);
      expect(() => autoRebook(ctx, booking.locator, c.input)).toThrowError(c.message);
      expect(getBooking(ctx, booking.id)).toEqual(booking);
    });
  }
});

describe('autoRebook', () => {
  it('picks the earliest-arriving later flight the same day, fees waived for a disruption', async () => {
    const { ctx, booking } = await booked();
    await flightEvents(ctx, [{ flight_number: 'QP1001', flight_date: DATE, status: 'CANCELLED' }]);
    const r = autoRebook(ctx, booking.locator, {});
    expect(r.option).toMatchObject({ flight_number: 'QP1101', depart_date: DATE });
    expect(r.booking_after).toMatchObject({ flight_number: 'QP1101', depart_date: DATE, seat: '1A', fare_paid: 5000 });
    expect(r.cost_breakdown).toMatchObject({ total_cost: 0, change_fee: 0 });
    expect(bookingHistory(ctx, booking.id).history[1]).toMatchObject({ action: 'rebooked', reason: 'disruption', to_flight: 'QP1101' });
  });

  it('skips a full flight, and falls back to the front-most free seat when no window is left', async () => {
    const { ctx, booking } = await booked();
    fillFlight(ctx.store, 'QP1101', DATE, CAPACITY);
    const windows = ['A', 'F'].flatMap((l) => Array.from({ length: 31 }, (_, i) => `${i + 1}${l}`)).concat('32A');
    fillFlight(ctx.store, 'QP1105', DATE, windows.length, windows);
    const r = autoRebook(ctx, booking.locator, {});
    expect(r.option.flight_number).toBe('QP1105');
    expect(r.booking_after.seat).toBe('1C'); // no window left: front-most free seat
  });

  it('charges a customer change and looks ahead to following days', async () => {
    const { ctx, booking } = await booked();
    for (const f of ['QP1101', 'QP1105']) fillFlight(ctx.store, f, DATE, CAPACITY);
    const r = autoRebook(ctx, booking.locator, { reason: 'customer' });
    expect(r.option).toMatchObject({ flight_number: 'QP1001', depart_date: '2026-12-02' });
    expect(r.cost_breakdown).toEqual({ original_price: 5000, new_price: 5000, price_difference: 0, change_fee: 3000, total_cost: 3000, refund_amount: 0 });
    expect(seatsSold(ctx.store, 'QP1001', DATE)).toBe(0);
  });

  it('ranks by the expected arrival when events report a delay', async () => {
    const { ctx, booking } = await booked();
    // QP1101 is scheduled to arrive 06:40Z, QP1105 14:40Z; a delay to 16:00Z puts QP1101 second.
    setFlightState(ctx.store, 'QP1101', DATE, 'DELAYED', '2026-12-01T16:00:00.000Z');
    expect(autoRebook(ctx, booking.locator, {}).option.flight_number).toBe('QP1105');
  });

  it('never offers or moves to a flight that events report cancelled', async () => {
    const { ctx, booking } = await booked();
    setFlightState(ctx.store, 'QP1101', DATE, 'CANCELLED');
    expect(changeOptions(ctx, booking.locator, { new_date: DATE }).available_options.map((o) => o.flight_number)).toEqual(['QP1105']);
    expect(() => changeBooking(ctx, booking.locator, { flight_number: 'QP1101', date: DATE })).toThrowError(/flight_number: QP1101 on 2026-12-01 is cancelled/);
    expect(() => createBooking(ctx, { customer_id: 'CUST002', flight_number: 'QP1101', depart_date: DATE })).toThrowError(/flight_number: QP1101 on 2026-12-01 is cancelled/);
    expect(autoRebook(ctx, booking.locator, {}).option.flight_number).toBe('QP1105');
  });

  it('honours a flight and a start date', async () => {
    const { ctx, booking } = await booked();
    const r = autoRebook(ctx, booking.locator, { flight_number: 'QP1105', date: '2026-12-02' });
    expect(r.option).toMatchObject({ flight_number: 'QP1105', depart_date: '2026-12-02' });
  });

  it('says so clearly when no option exists, and changes nothing', async () => {
    const { ctx, booking } = await booked();
    for (let d = 1; d <= 4; d++) {
      const date = `2026-12-0${d}`;
      for (const f of ['QP1001', 'QP1101', 'QP1105', 'QP1109']) {
        if (!(f === 'QP1001' && d === 1) && !(f === 'QP1109')) fillFlight(ctx.store, f, date, CAPACITY);
      }
    }
    // QP1109 flies on Sundays only: 2026-12-06 is outside the 3-day window.
    expect(() => autoRebook(ctx, booking.locator, {})).toThrowError(RuleError);
    expect(() => autoRebook(ctx, booking.locator, {})).toThrowError(
      /booking: no flight from DEL to BOM with a free seat and check-in open departs between 2026-12-01 and 2026-12-04 after the original departure/,
    );
    expect(getBooking(ctx, booking.id)).toEqual(booking);
    cancelBooking(ctx, booking.id);
    expect(() => autoRebook(ctx, booking.id, {})).toThrowError(/status: booking .* is cancelled/);
  });
});
