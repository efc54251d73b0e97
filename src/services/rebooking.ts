/**
 * Rebooking use cases: change options for a date (the original design's request-change),
 * committing a change, and automatic rebooking. A change is one transaction: the new seat
 * is taken, the old one released, the booking moved and the history entry written, or
 * nothing happens at all.
 */
import { seatCapacity } from '../domain/aircraft.js';
import { addDays } from '../domain/dates.js';
import { ConflictError, NotFoundError, QuoteChangedError, RuleError } from '../domain/errors.js';
import { currentFare } from '../domain/pricing.js';
import {
  AUTO_REBOOK_SEARCH_DAYS,
  costBreakdown,
  type CostBreakdown,
  fareAfterChange,
  rankCandidates,
  type RebookCandidate,
} from '../domain/rebooking.js';
import { datedFlight, formatDuration, minutesBetween } from '../domain/schedule.js';
import { AutoRebookInput, ChangeBookingInput, type ChangeReason, ChangeRequest, ChosenOption, OPTION_ONLY_FIELDS, withDateAlias } from '../domain/schemas/booking.js';
import { parseInput } from '../domain/schemas/parse.js';
import { chooseSeat, preferenceAvailable, type SeatNeeds } from '../domain/seat-choice.js';
import { appendHistory } from '../store/booking-history-repository.js';
import { type Booking, moveBooking } from '../store/booking-repository.js';
import { getCustomer } from '../store/customer-repository.js';
import { releaseSeat, seatsSold, takenSeats, takeSeat } from '../store/inventory-repository.js';
import { airportTimeZones } from '../store/reference-repository.js';
import { listScheduleEntriesOn } from '../store/schedule-repository.js';
import {
  assertChangeable,
  assertNotCancelled,
  assertNotDeparted,
  assertNotPastDate,
  findBooking,
  type FlightOnDate,
  flightOn,
  seatOnAircraft,
  liveState,
  todayIst,
  withSeatMap,
} from './booking-lookup.js';
import type { ServiceContext } from '../context.js';

/**
 * One flight-date a booking could move to, with what the move would cost. The original
 * design's names (`departure_time`, `price`, `aircraft_type`, `duration`, …) beside akasa's
 * instants and `fare`; a client sends the option back to auto-rebook as it got it.
 */
export interface ChangeOption {
  flight_number: string;
  origin: string;
  destination: string;
  depart_date: string;
  /** Local times at origin and destination, `HH:MM`, as the schedule gives them. */
  departure_time: string;
  arrival_time: string;
  /** Block time, `2h 10m`. */
  duration: string;
  aircraft_type: string;
  scheduled_departure: string;
  scheduled_arrival: string;
  seats_available: number;
  /** The fare this passenger would pay now (integer INR); the same as `fare`. */
  price: number;
  fare: number;
  cost_breakdown: CostBreakdown;
}

export interface ChangeOptions {
  original_booking: Booking;
  requested_date: string;
  available_options: ChangeOption[];
}

export interface RebookResult {
  booking_before: Booking;
  booking_after: Booking;
  option: ChangeOption;
  cost_breakdown: CostBreakdown;
}

function seatNeeds(ctx: ServiceContext, booking: Booking): SeatNeeds {
  const c = getCustomer(ctx.store, booking.customer_id);
  return { seat_preference: c?.seat_preference ?? 'none', special_assistance: c?.special_assistance === 1 };
}

/** A voluntary change of a booking whose flight has already left is refused; after a disruption it is allowed. */
function assertOriginalNotDeparted(ctx: ServiceContext, booking: Booking, reason: ChangeReason): void {
  if (reason === 'disruption') return;
  let flight;
  try {
    flight = flightOn(ctx, booking.flight_number, booking.depart_date, 'depart_date');
  } catch {
    return; // the schedule no longer has it: nothing to measure against
  }
  assertNotDeparted(ctx, flight, 'depart_date', 'the booking can no longer change');
}

/** Every flight on the booking's route on `date`, as dated flights with capacity and seat map. */
function routeFlightsOn(ctx: ServiceContext, booking: Booking, date: string, tzOf: (code: string) => string): FlightOnDate[] {
  return listScheduleEntriesOn(ctx.store, date, { origin: booking.origin, destination: booking.destination }).map((e) =>
    withSeatMap(ctx.store, { ...datedFlight(e, date, tzOf), capacity: seatCapacity(e.aircraft_type) }),
  );
}

function optionFor(flight: FlightOnDate, sold: number, booking: Booking, reason: ChangeReason, fee: number): ChangeOption {
  const fare = currentFare(flight.base_fare, sold, flight.capacity);
  return {
    flight_number: flight.flight_number,
    origin: flight.origin,
    destination: flight.destination,
    depart_date: flight.depart_date,
    departure_time: flight.departure_time,
    arrival_time: flight.arrival_time,
    duration: formatDuration(minutesBetween(flight.scheduled_departure, flight.scheduled_arrival)),
    aircraft_type: flight.aircraft_type,
    scheduled_departure: flight.scheduled_departure,
    scheduled_arrival: flight.scheduled_arrival,
    seats_available: Math.max(0, flight.capacity - sold),
    price: fare,
    fare,
    cost_breakdown: costBreakdown(booking.fare_paid, fare, reason, fee),
  };
}

/**
 * Flights on the booking's route on `new_date` that still have a free seat and have not
 * departed, each with its current fare and the cost of moving there. A date in the past is
 * a RuleError; a date with no flights on the route, or one where none can take the booking,
 * is a NotFoundError that says which, never an empty success.
 */
export function changeOptions(ctx: ServiceContext, ref: string, raw: unknown): ChangeOptions {
  const input = parseInput(ChangeRequest, withDateAlias(raw ?? {}, 'new_date', 'date'));
  const booking = findBooking(ctx.store, ref);
  assertChangeable(booking);
  assertNotPastDate(ctx, input.new_date, 'new_date');
  assertOriginalNotDeparted(ctx, booking, input.reason);
  const route = `${booking.origin} to ${booking.destination}`;
  const flights = routeFlightsOn(ctx, booking, input.new_date, airportTimeZones(ctx.store));
  const noFlights = (why: string) => new NotFoundError('flights', `${route} on ${input.new_date}`, `new_date: ${why}`);
  if (flights.length === 0) throw noFlights(`no flights from ${route} operate on ${input.new_date}`);
  const now = ctx.clock.now().getTime();
  const options = ctx.store.read(() =>
    flights
      .filter((f) => !(f.flight_number === booking.flight_number && f.depart_date === booking.depart_date))
      .filter((f) => Date.parse(f.scheduled_departure) > now && !liveState(ctx.store, f).cancelled)
      .map((f) => optionFor(f, seatsSold(ctx.store, f.flight_number, f.depart_date), booking, input.reason, ctx.settings.changeFee))
      .filter((o) => o.seats_available > 0),
  );
  if (options.length === 0) {
    throw noFlights(`none of the ${flights.length} flight(s) from ${route} on ${input.new_date} can take this booking (its own flight, departed, cancelled or sold out)`);
  }
  options.sort((a, b) => a.scheduled_departure.localeCompare(b.scheduled_departure) || a.flight_number.localeCompare(b.flight_number));
  return { original_booking: booking, requested_date: input.new_date, available_options: options };
}

/**
 * Moves the booking inside the caller's write transaction: checks inventory, picks or
 * checks the seat, holds the caller to its quote (`expectedTotal`, see changeBooking),
 * takes the seat, releases the old one, updates the booking and writes history.
 */
function commitMove(
  ctx: ServiceContext,
  booking: Booking,
  flight: FlightOnDate,
  seat: string | undefined,
  reason: ChangeReason,
  expectedTotal?: number,
): RebookResult {
  const where = `${flight.flight_number} on ${flight.depart_date}`;
  const sold = seatsSold(ctx.store, flight.flight_number, flight.depart_date);
  if (sold >= flight.capacity) throw new ConflictError(`${where} is sold out; the booking was not changed`);
  const taken = takenSeats(ctx.store, flight.flight_number, flight.depart_date);
  if (seat !== undefined && taken.has(seat)) throw new ConflictError(`seat: ${seat} is already taken on ${where}; the booking was not changed`);
  const newSeat = seat ?? chooseSeat(flight.seats, taken, seatNeeds(ctx, booking))?.seat.seat;
  if (newSeat === undefined) throw new ConflictError(`${where} has no free seat; the booking was not changed`);
  const option = optionFor(flight, sold, booking, reason, ctx.settings.changeFee);
  if (expectedTotal !== undefined && option.cost_breakdown.total_cost !== expectedTotal) {
    throw new QuoteChangedError(
      `the change to ${where} now costs ${option.cost_breakdown.total_cost} INR, not the ${expectedTotal} INR quoted (the fare is now ${option.price} INR); the booking was not changed`,
      option,
    );
  }
  if (!takeSeat(ctx.store, flight.flight_number, flight.depart_date, flight.capacity)) {
    throw new ConflictError(`${where} is sold out; the booking was not changed`);
  }
  releaseSeat(ctx.store, booking.flight_number, booking.depart_date);
  const now = ctx.clock.nowIso();
  const after: Booking = {
    ...booking,
    flight_number: flight.flight_number,
    depart_date: flight.depart_date,
    seat: newSeat,
    fare_paid: fareAfterChange(option.cost_breakdown, reason),
    updated_at: now,
  };
  if (moveBooking(ctx.store, booking.id, after) !== 'ok') {
    // Thrown inside the transaction, so the seat taken and released above roll back too.
    throw new ConflictError(`seat: ${newSeat} is already taken on ${where}; the booking was not changed`);
  }
  const cost = option.cost_breakdown;
  appendHistory(ctx.store, {
    booking_id: booking.id,
    at: now,
    action: 'rebooked',
    reason,
    from_flight: booking.flight_number,
    from_date: booking.depart_date,
    from_seat: booking.seat,
    to_flight: after.flight_number,
    to_date: after.depart_date,
    to_seat: newSeat,
    price_difference: cost.price_difference,
    change_fee: cost.change_fee,
    total_cost: cost.total_cost,
    refund_amount: cost.refund_amount,
  });
  return { booking_before: booking, booking_after: after, option: { ...option, seats_available: option.seats_available - 1 }, cost_breakdown: cost };
}

/**
 * Commits one option. Atomic: if the flight filled up (or the seat went) since the
 * options were shown, a ConflictError and nothing changed.
 *
 * Quote honouring: with `expected_total` (the `total_cost` the caller was quoted, e.g. from
 * changeOptions), the current quote is worked out again under the write lock, in the same
 * transaction as the move; if its `total_cost` differs (a fare step moved since), a
 * QuoteChangedError (409) carrying the current option (`price`, `cost_breakdown`, …) and
 * nothing changed. Without it the change goes through at the current price. This is the one
 * place the check is made; every front door that honours a quote passes `expected_total`.
 */
export function changeBooking(ctx: ServiceContext, ref: string, raw: unknown): RebookResult {
  const input = parseInput(ChangeBookingInput, withDateAlias(withDateAlias(raw ?? {}, 'date', 'new_date'), 'date', 'depart_date'));
  const preview = findBooking(ctx.store, ref);
  assertChangeable(preview);
  assertNotPastDate(ctx, input.date, 'date');
  const flight = flightOn(ctx, input.flight_number, input.date, 'date');
  if (flight.origin !== preview.origin || flight.destination !== preview.destination) {
    throw new RuleError(
      'flight_number',
      `${flight.flight_number} flies ${flight.origin}→${flight.destination}, not the booking's route ${preview.origin}→${preview.destination}`,
    );
  }
  if (flight.flight_number === preview.flight_number && flight.depart_date === preview.depart_date) {
    throw new RuleError('flight_number', `the booking is already on ${flight.flight_number} on ${flight.depart_date}`);
  }
  if (input.departure_time !== undefined && input.departure_time !== flight.departure_time) {
    throw new RuleError('departure_time', `${flight.flight_number} on ${flight.depart_date} departs at ${flight.departure_time}, not ${input.departure_time}`);
  }
  if (input.aircraft_type !== undefined && input.aircraft_type !== flight.aircraft_type) {
    throw new RuleError('aircraft_type', `${flight.flight_number} on ${flight.depart_date} is scheduled with a ${flight.aircraft_type}, not ${input.aircraft_type}`);
  }
  assertNotDeparted(ctx, flight, 'date', 'it can no longer be booked');
  assertNotCancelled(ctx.store, flight, 'flight_number');
  assertOriginalNotDeparted(ctx, preview, input.reason);
  if (input.seat !== undefined) seatOnAircraft(flight, input.seat);
  return ctx.store.write(() => {
    // Re-read under the write lock: another process may have changed the booking meanwhile.
    const booking = findBooking(ctx.store, preview.id);
    assertChangeable(booking);
    if (booking.flight_number !== preview.flight_number || booking.depart_date !== preview.depart_date) {
      throw new ConflictError(`booking ${booking.locator} was changed by someone else meanwhile; look again`);
    }
    return commitMove(ctx, booking, flight, input.seat, input.reason, input.expected_total);
  });
}

/** A body carrying any field only an option has (see OPTION_ONLY_FIELDS) is a chosen option. */
function isChosenOption(raw: unknown): boolean {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return false;
  const record = raw as Record<string, unknown>;
  return OPTION_ONLY_FIELDS.some((field) => record[field] !== undefined);
}

/**
 * Books exactly the option a client got from request-change: that flight-date, whose
 * departure time (and aircraft, when given) must match the schedule, at the total the
 * option's `price` implied for this booking, or a QuoteChangedError and nothing changed.
 */
function rebookToOption(ctx: ServiceContext, ref: string, raw: unknown): RebookResult {
  const option = parseInput(ChosenOption, raw);
  const booking = findBooking(ctx.store, ref);
  const quoted = costBreakdown(booking.fare_paid, option.price, option.reason, ctx.settings.changeFee);
  return changeBooking(ctx, booking.id, {
    flight_number: option.flight_number,
    date: option.depart_date,
    departure_time: option.departure_time,
    aircraft_type: option.aircraft_type,
    reason: option.reason,
    expected_total: quoted.total_cost,
  });
}

/**
 * With one option from request-change (a body with `depart_date`, `departure_time` or
 * `price`; see ChosenOption), books exactly that option, holding the caller to its price.
 * Otherwise picks the best option itself (same route, earliest arrival at or after the original
 * departure, a free seat, the seat preference kept where possible; see rankCandidates)
 * across the original (or given) date and the next AUTO_REBOOK_SEARCH_DAYS days, and
 * commits it. `disruption` waives fee and fare difference; `customer` pays them.
 */
export function autoRebook(ctx: ServiceContext, ref: string, raw: unknown): RebookResult {
  if (isChosenOption(raw)) return rebookToOption(ctx, ref, raw);
  const input = parseInput(AutoRebookInput, raw ?? {});
  const first = findBooking(ctx.store, ref);
  assertChangeable(first);
  if (input.date !== undefined) assertNotPastDate(ctx, input.date, 'date');
  assertOriginalNotDeparted(ctx, first, input.reason);
  const tzOf = airportTimeZones(ctx.store);
  const fromDate = input.date ?? first.depart_date;
  const lastDate = addDays(fromDate, AUTO_REBOOK_SEARCH_DAYS);
  let original: string | undefined;
  try {
    original = flightOn(ctx, first.flight_number, first.depart_date, 'depart_date').scheduled_departure;
  } catch {
    original = undefined; // no longer in the schedule: only "not before now" applies
  }
  const nowIso = ctx.clock.nowIso();
  const notBefore = original !== undefined && original > nowIso ? original : nowIso;
  const flights: FlightOnDate[] = [];
  for (let d = fromDate; d <= lastDate; d = addDays(d, 1)) {
    if (d < todayIst(ctx)) continue;
    flights.push(...routeFlightsOn(ctx, first, d, tzOf).filter((f) => input.flight_number === undefined || f.flight_number === input.flight_number));
  }
  return ctx.store.write(() => {
    const booking = findBooking(ctx.store, first.id);
    assertChangeable(booking);
    const needs = seatNeeds(ctx, booking);
    const candidates = flights.flatMap((f): Array<RebookCandidate & { flight: FlightOnDate }> => {
      const live = liveState(ctx.store, f);
      if (live.cancelled) return [];
      const sold = seatsSold(ctx.store, f.flight_number, f.depart_date);
      const taken = takenSeats(ctx.store, f.flight_number, f.depart_date);
      return [
        {
          flight: f,
          flight_number: f.flight_number,
          depart_date: f.depart_date,
          scheduled_departure: f.scheduled_departure,
          scheduled_arrival: f.scheduled_arrival,
          expected_arrival: live.expected_arrival,
          seats_available: Math.max(0, f.capacity - sold),
          fare: currentFare(f.base_fare, sold, f.capacity),
          preference_available: preferenceAvailable(f.seats, taken, needs),
        },
      ];
    });
    const best = rankCandidates(candidates, {
      exclude: { flight_number: booking.flight_number, depart_date: booking.depart_date },
      notBefore,
    })[0];
    if (!best) {
      const which = input.flight_number ? `${input.flight_number} ` : '';
      throw new RuleError(
        'booking',
        `no ${which}flight from ${booking.origin} to ${booking.destination} with a free seat departs between ${fromDate} and ${lastDate} (after the original departure)`,
      );
    }
    return commitMove(ctx, booking, best.flight, undefined, input.reason);
  });
}
