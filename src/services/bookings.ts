/**
 * Booking use cases: create, show, list, cancel, history. The CLI and the daemon's HTTP
 * API both call these with raw input; each parses it with the shared schema first.
 */
import { ConflictError, NotFoundError, RuleError } from '../domain/errors.js';
import { locatorFromBytes } from '../domain/locator.js';
import { currentFare } from '../domain/pricing.js';
import { BookingListFilter, CreateBookingInput, withDateAlias } from '../domain/schemas/booking.js';
import { parseInput } from '../domain/schemas/parse.js';
import { chooseSeat } from '../domain/seat-choice.js';
import { appendHistory, type BookingHistoryEntry, cancelledEntry, createdEntry, listHistory } from '../store/booking-history-repository.js';
import { type Booking, insertBooking, queryBookings, setBookingStatus } from '../store/booking-repository.js';
import { getCustomer } from '../store/customer-repository.js';
import { releaseSeat, seatsSold, takenSeats, takeSeat } from '../store/inventory-repository.js';
import { bookingEntitlementReport, type EntitlementReport } from './entitlements.js';
import { assertBookable, assertNotPastDate, findBooking, flightOn, seatOnAircraft } from './booking-lookup.js';
import type { ServiceContext } from '../context.js';

export type { Booking };

/** Bound on insert retries (a locator collision, or a seat found held by a stray booking). */
const INSERT_ATTEMPTS = 8;

/**
 * Books a passenger. Validates the input (ValidationError per field), then the rules:
 * the customer exists, the flight operates that day, is not cancelled and its check-in
 * has not closed, the route matches `origin`/`destination` when given, the seat exists
 * and is free, a seat is left. Every one of these checks runs inside the write
 * transaction that writes the seat, the inventory count, the booking and its history
 * entry, so nothing committed meanwhile (a cancellation, another sale) can slip between a
 * check and the write.
 */
export function createBooking(ctx: ServiceContext, raw: unknown): Booking {
  const input = parseInput(CreateBookingInput, withDateAlias(raw, 'depart_date', 'date'));
  return ctx.store.write(() => {
    assertNotPastDate(ctx, input.depart_date, 'depart_date');
    const customer = getCustomer(ctx.store, input.customer_id);
    if (!customer) throw new NotFoundError('customer', input.customer_id);
    const flight = flightOn(ctx, input.flight_number, input.depart_date, 'depart_date');
    if (input.origin !== undefined && input.origin !== flight.origin) {
      throw new RuleError('origin', `${flight.flight_number} departs from ${flight.origin}, not ${input.origin}`);
    }
    if (input.destination !== undefined && input.destination !== flight.destination) {
      throw new RuleError('destination', `${flight.flight_number} flies to ${flight.destination}, not ${input.destination}`);
    }
    assertBookable(ctx, flight, 'depart_date');
    if (input.seat !== undefined) seatOnAircraft(flight, input.seat);
    const where = `${flight.flight_number} on ${flight.depart_date}`;
    const sold = seatsSold(ctx.store, flight.flight_number, flight.depart_date);
    if (sold >= flight.capacity) throw new ConflictError(`${where} is sold out (${flight.capacity} seats)`);
    const taken = takenSeats(ctx.store, flight.flight_number, flight.depart_date);
    if (input.seat !== undefined && taken.has(input.seat)) throw new ConflictError(`seat: ${input.seat} is already taken on ${where}`);
    const needs = { seat_preference: customer.seat_preference, special_assistance: customer.special_assistance === 1 };
    const pickSeat = () => input.seat ?? chooseSeat(flight.seats, taken, needs)?.seat.seat;
    const fare = currentFare(flight.base_fare, sold, flight.capacity);
    if (!takeSeat(ctx.store, flight.flight_number, flight.depart_date, flight.capacity)) {
      throw new ConflictError(`${where} is sold out (${flight.capacity} seats)`);
    }
    const now = ctx.clock.nowIso();
    const booking: Booking = {
      // Web Crypto global: initialised on first use, so read-only commands never pay for it.
      id: globalThis.crypto.randomUUID(),
      locator: '',
      customer_id: customer.id,
      passenger_name: input.passenger_name ?? customer.name,
      flight_number: flight.flight_number,
      origin: flight.origin,
      destination: flight.destination,
      depart_date: flight.depart_date,
      seat: '',
      fare_paid: fare,
      status: input.status,
      created_at: now,
      updated_at: now,
    };
    // Under the write lock the checks above are authoritative; the unique index on live
    // seats is the database's own guarantee behind them. Should it ever fire, a seat we
    // picked ourselves is skipped and the next one tried; a seat the passenger asked for
    // is a conflict. A locator collision draws a new locator.
    for (let attempt = 1; ; attempt++) {
      const seat = pickSeat();
      if (seat === undefined) throw new ConflictError(`${where} is sold out (no free seat)`);
      booking.seat = seat;
      booking.locator = locatorFromBytes(globalThis.crypto.getRandomValues(new Uint8Array(6)));
      const outcome = insertBooking(ctx.store, booking);
      if (outcome === 'ok') break;
      if (outcome === 'seat_taken') {
        if (input.seat !== undefined) throw new ConflictError(`seat: ${seat} is already taken on ${where}`);
        taken.add(seat);
      }
      if (attempt >= INSERT_ATTEMPTS) throw new ConflictError(`could not find a free seat on ${where}; try again`);
    }
    appendHistory(ctx.store, createdEntry(booking, now, fare));
    return booking;
  });
}

/** A booking as stored, with what its passenger is owed (`booking show`, `GET /bookings/{id}`). */
export type BookingDetail = Booking & { entitlements: EntitlementReport };

/** One booking by UUID or record locator (case-insensitive). */
export function getBooking(ctx: ServiceContext, ref: string): Booking {
  return findBooking(ctx.store, ref);
}

/** One booking by UUID or record locator, with its entitlements: what `booking show` and `GET /bookings/{id}` answer. */
export function showBooking(ctx: ServiceContext, ref: string): BookingDetail {
  return ctx.store.read(() => {
    const booking = findBooking(ctx.store, ref);
    return { ...booking, entitlements: bookingEntitlementReport(ctx, booking.id) };
  });
}

export interface BookingList {
  bookings: Booking[];
  /** Number of bookings in this page (not the total matching: counting a million rows on every call is not free). */
  count: number;
  offset: number;
  limit: number;
  /** More bookings match beyond this page. */
  has_more: boolean;
}

/** Bookings matching the filter, newest first, one page at a time. */
export function listBookings(ctx: ServiceContext, raw: unknown): BookingList {
  const filter = parseInput(BookingListFilter, withDateAlias(raw ?? {}, 'depart_date', 'date'));
  // One extra row tells whether another page exists without counting them all.
  const rows = queryBookings(ctx.store, { ...filter, limit: filter.limit + 1 });
  const has_more = rows.length > filter.limit;
  const bookings = has_more ? rows.slice(0, filter.limit) : rows;
  return { bookings, count: bookings.length, offset: filter.offset, limit: filter.limit, has_more };
}

/**
 * Cancels a live booking and releases its seat (the seat and the inventory count are
 * free to sell again at once). A cancelled, completed or refunded booking cannot be cancelled.
 */
export function cancelBooking(ctx: ServiceContext, ref: string, reason?: string): Booking {
  return ctx.store.write(() => {
    const booking = findBooking(ctx.store, ref);
    if (booking.status === 'cancelled' || booking.status === 'completed' || booking.status === 'refunded') {
      throw new ConflictError(`booking ${booking.locator} is already ${booking.status}`);
    }
    const now = ctx.clock.nowIso();
    setBookingStatus(ctx.store, booking.id, 'cancelled', now);
    // An offloaded booking holds no seat (its flight was downsized): only a live one gives one back.
    if (booking.status === 'pending' || booking.status === 'confirmed') releaseSeat(ctx.store, booking.flight_number, booking.depart_date);
    appendHistory(ctx.store, cancelledEntry(booking, now, reason?.trim() || null));
    return { ...booking, status: 'cancelled' as const, updated_at: now };
  });
}

export interface BookingHistory {
  booking: Booking;
  history: BookingHistoryEntry[];
}

/** A booking and every change to it, oldest first. */
export function bookingHistory(ctx: ServiceContext, ref: string): BookingHistory {
  return ctx.store.read(() => {
    const booking = findBooking(ctx.store, ref);
    return { booking, history: listHistory(ctx.store, booking.id) };
  });
}
