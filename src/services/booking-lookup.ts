/**
 * Look-ups shared by the booking and rebooking use cases: a booking by id or locator, a
 * flight on a date with its seat map, and the rules about who may still change.
 */
import { aircraftType, type Seat } from '../domain/aircraft.js';
import { dateInZone, formatIst } from '../domain/dates.js';
import { NotFoundError, RuleError, ValidationError } from '../domain/errors.js';
import { BOOKING_REF_HELP, normaliseBookingRef } from '../domain/locator.js';
import { checkInOpen, checkInOpenUntil, type ExpectedTimes, expectedTimes, hasDeparted } from '../domain/rebooking.js';
import type { DatedFlight } from '../domain/schedule.js';
import { type Booking, getBookingById, getBookingByLocator } from '../store/booking-repository.js';
import { storedSeatMap } from '../store/reference-repository.js';
import { getFlightStateRow } from '../store/flight-state-repository.js';
import type { Store } from '../store/database.js';
import type { ServiceContext } from '../context.js';
import { getDatedFlight } from './flights.js';

export type FlightOnDate = DatedFlight & { capacity: number; seats: readonly Seat[]; aircraft_name: string };

/**
 * A booking by UUID or record locator (any case).
 * @throws ValidationError when `ref` is neither; NotFoundError when no booking has it
 */
export function findBooking(store: Store, ref: string): Booking {
  const key = normaliseBookingRef(String(ref));
  if (!key) throw ValidationError.field('booking', `${BOOKING_REF_HELP}, got ${JSON.stringify(ref)}`);
  const booking = key.kind === 'id' ? getBookingById(store, key.value) : getBookingByLocator(store, key.value);
  if (!booking) throw new NotFoundError('booking', key.value);
  return booking;
}

/** The aircraft's seat map: from the domain for known types, else from the store's reference data. */
function seatMap(store: Store, code: string): { name: string; seats: readonly Seat[] } {
  const known = aircraftType(code);
  if (known) return known;
  return storedSeatMap(store, code);
}

/**
 * The flight on a date with its seat map. Errors name `field` (the caller's input name:
 * `depart_date`, `date`, …) rather than the flights service's own.
 */
export function flightOn(ctx: ServiceContext, flightNumber: string, date: string, field: string): FlightOnDate {
  let flight: DatedFlight & { capacity: number };
  try {
    flight = getDatedFlight(ctx, flightNumber, date);
  } catch (err) {
    if (err instanceof NotFoundError) throw new RuleError('flight_number', `${flightNumber} is not in the schedule`);
    if (err instanceof RuleError) throw new RuleError(field, `${flightNumber} does not operate on ${date}`);
    throw err;
  }
  return withSeatMap(ctx.store, flight);
}

/** Adds the aircraft's seat map (and its size as the capacity when the type is not a built-in one). */
export function withSeatMap(store: Store, flight: DatedFlight & { capacity?: number }): FlightOnDate {
  const map = seatMap(store, flight.aircraft_type);
  return { ...flight, capacity: flight.capacity || map.seats.length, seats: map.seats, aircraft_name: map.name };
}

/** Today's date in IST by the context clock. */
export function todayIst(ctx: ServiceContext): string {
  return dateInZone(ctx.clock.now());
}

/** Refuses a date before today (IST). */
export function assertNotPastDate(ctx: ServiceContext, date: string, field: string): void {
  const today = todayIst(ctx);
  if (date < today) throw new RuleError(field, `${date} is in the past (today is ${today} IST)`);
}

/** Live bookings can change, and an offloaded one (taken off a downsized flight) can be given an alternate. */
export function assertChangeable(booking: Booking): void {
  if (booking.status !== 'pending' && booking.status !== 'confirmed' && booking.status !== 'offloaded') {
    throw new RuleError('status', `booking ${booking.locator} is ${booking.status}; only pending, confirmed or offloaded bookings can change`);
  }
}

/** The seat, checked against the aircraft's seat map. */
export function seatOnAircraft(flight: FlightOnDate, seat: string, field = 'seat'): Seat {
  const found = flight.seats.find((s) => s.seat === seat);
  if (!found) throw new RuleError(field, `${seat} does not exist on a ${flight.aircraft_name}`);
  return found;
}

/** A flight-date as flight events report it now: status and expected times (see expectedTimes), and whether it has left. */
export interface FlightNow extends ExpectedTimes {
  cancelled: boolean;
  departed: boolean;
}

export function flightNow(ctx: ServiceContext, flight: DatedFlight): FlightNow {
  const reported = getFlightStateRow(ctx.store, flight.flight_number, flight.depart_date);
  const times = expectedTimes(flight, reported);
  return { ...times, cancelled: times.status === 'CANCELLED', departed: hasDeparted(times, reported, ctx.clock.nowIso()) };
}

/**
 * Refuses a flight-date that cannot take a booking now: cancelled (an error on
 * `flight_number`), or expected to leave within the check-in cut-off (on `dateField`, the
 * caller's name for the date). Call inside the write transaction that books onto it.
 */
export function assertBookable(ctx: ServiceContext, flight: DatedFlight, dateField: string): FlightNow {
  const now = flightNow(ctx, flight);
  const where = `${flight.flight_number} on ${flight.depart_date}`;
  if (now.cancelled) throw new RuleError('flight_number', `${where} is cancelled`);
  const openUntil = checkInOpenUntil(ctx.clock.nowIso(), ctx.settings.checkInCutoffMinutes);
  if (now.departed || !checkInOpen(now.expected_departure, openUntil)) {
    throw new RuleError(
      dateField,
      `${where} ${now.departed ? 'departed' : 'departs'} at ${formatIst(now.expected_departure)}; check-in closes ${ctx.settings.checkInCutoffMinutes} min before departure, so it can no longer be booked`,
    );
  }
  return now;
}
