/**
 * Rebooking use cases: change options for a date (the original design's request-change),
 * committing a change, and automatic rebooking. Every check that decides whether a change
 * may be written (the booking can change, its flight has not left, the target operates, is
 * not cancelled, is open for check-in, has the seat) runs inside the write transaction that
 * writes it. A change is all or nothing: the new seat is taken, the old one released, the
 * booking moved, the history entry and the passenger's notice written, or nothing happens.
 */
import { addDays, formatIst } from '../domain/dates.js';
import { ConflictError, NotFoundError, QuoteChangedError, RuleError } from '../domain/errors.js';
import { currentFare, formatInr } from '../domain/pricing.js';
import {
  AUTO_REBOOK_SEARCH_DAYS,
  changeBasis,
  checkInOpen,
  checkInOpenUntil,
  costBreakdown,
  type CostBreakdown,
  fareAfterChange,
  type Quote,
  quoteHolds,
  rankCandidates,
  type RebookCandidate,
} from '../domain/rebooking.js';
import { datedFlight, formatDuration, minutesBetween } from '../domain/schedule.js';
import { AutoRebookInput, ChangeBookingInput, type ChangeReason, ChangeRequest, ChosenOption, OPTION_ONLY_FIELDS, withDateAlias } from '../domain/schemas/booking.js';
import { parseInput } from '../domain/schemas/parse.js';
import { chooseSeat, preferenceAvailable, type SeatNeeds } from '../domain/seat-choice.js';
import type { RebookingNotice } from '../notify/notification-sink.js';
import { openAlertsFor } from '../store/alert-repository.js';
import { appendHistory } from '../store/booking-history-repository.js';
import { type Booking, moveBooking, setBookingStatus } from '../store/booking-repository.js';
import { offloadOf } from '../store/capacity-repository.js';
import type { Store } from '../store/database.js';
import { recomputeEntitlements } from '../store/entitlement-recompute.js';
import { getCustomer } from '../store/customer-repository.js';
import { releaseSeat, seatsSold, takenSeats, takeSeat } from '../store/inventory-repository.js';
import { currentQuote, saveQuotes } from '../store/rebooking-quote-repository.js';
import { airportTimeZones } from '../store/reference-repository.js';
import { listScheduleEntriesOn } from '../store/schedule-repository.js';
import {
  assertBookable,
  assertChangeable,
  assertNotPastDate,
  findBooking,
  type FlightNow,
  flightNow,
  type FlightOnDate,
  flightOn,
  seatOnAircraft,
  todayIst,
  withSeatMap,
} from './booking-lookup.js';
import type { ServiceContext } from '../context.js';
import { sellableCapacity } from './flights.js';
import { notifyRebooked } from './notifications.js';

/**
 * One flight-date a booking could move to, with what the move would cost. The original
 * design's names (`departure_time`, `price`, `aircraft_type`, `duration`, …) beside akasa's
 * instants, status, expected times and `fare`; a client sends the option back to
 * auto-rebook as it got it.
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
  /** What flight events report: `SCHEDULED` (nothing yet), `ON_TIME`, `DELAYED`, … */
  status: string;
  /** When it is now expected to leave and arrive (the scheduled times unless reported otherwise). */
  expected_departure: string;
  expected_arrival: string;
  seats_available: number;
  /** The fare this passenger would pay now (integer INR); the same as `fare`. */
  price: number;
  fare: number;
  cost_breakdown: CostBreakdown;
}

/** Why a change costs what it costs: derived from the booking's flight-date, never taken on trust. */
export interface ChangeTerms {
  /** `disruption` (involuntary: fee and fare difference waived) or `customer` (voluntary). */
  reason: ChangeReason;
  /** An operator waived the change fee of a voluntary change. */
  fee_waived: boolean;
  /** In words: `open CANCELLATION alert`, `no open disruption`, `fee waived by an operator`. */
  because: string;
}

export interface ChangeOptions {
  original_booking: Booking;
  requested_date: string;
  terms: ChangeTerms;
  available_options: ChangeOption[];
}

export interface RebookResult {
  booking_before: Booking;
  booking_after: Booking;
  option: ChangeOption;
  terms: ChangeTerms;
  cost_breakdown: CostBreakdown;
  /** The notice recorded for the passenger (queued in the outbox until a sink sends it). */
  notification: RebookingNotice;
}

function seatNeeds(ctx: ServiceContext, booking: Booking): SeatNeeds {
  const c = getCustomer(ctx.store, booking.customer_id);
  return { seat_preference: c?.seat_preference ?? 'none', special_assistance: c?.special_assistance === 1 };
}

/** The booking's own flight-date, when the schedule still has it. */
function ownFlight(ctx: ServiceContext, booking: Booking): FlightOnDate | undefined {
  try {
    return flightOn(ctx, booking.flight_number, booking.depart_date, 'depart_date');
  } catch {
    return undefined; // no longer in the schedule: nothing to measure against
  }
}

/** The status an offloaded booking had when it was taken off its flight (confirmed unless it was still pending). */
function statusBeforeOffload(store: Store, booking: Booking): 'pending' | 'confirmed' {
  return offloadOf(store, booking.id, booking.flight_number, booking.depart_date)?.was_confirmed === 0 ? 'pending' : 'confirmed';
}

/** A booking whose flight has left cannot change, whatever the reason (a no-show is not a disruption). */
function assertOriginalNotDeparted(ctx: ServiceContext, booking: Booking, own: FlightOnDate | undefined): void {
  // An offloaded booking was never to fly on it: its alternate may be given after it left.
  if (!own || booking.status === 'offloaded') return;
  const now = flightNow(ctx, own);
  if (now.departed) {
    throw new RuleError('booking', `${own.flight_number} on ${own.depart_date} departed at ${formatIst(now.expected_departure)}; booking ${booking.locator} can no longer change`);
  }
}

/** The change's terms by the one rule (changeBasis); asking for `disruption` on an undisrupted flight is refused. */
function termsFor(ctx: ServiceContext, booking: Booking, input: { reason?: ChangeReason | undefined; waive_fees: boolean }): ChangeTerms {
  const basis = changeBasis({
    open_alerts: openAlertsFor(ctx.store, booking.flight_number, booking.depart_date),
    involuntary_delay_minutes: ctx.settings.involuntaryDelayMinutes,
    requested: input.reason,
    waive_fees: input.waive_fees,
    offloaded: booking.status === 'offloaded',
  });
  if (!basis.ok) throw new RuleError(basis.field, `${booking.flight_number} on ${booking.depart_date}: ${basis.message}`);
  return { reason: basis.reason, fee_waived: basis.fee_waived, because: basis.because };
}

/** Every flight on the booking's route on `date`, as dated flights with capacity and seat map. */
function routeFlightsOn(ctx: ServiceContext, booking: Booking, date: string, tzOf: (code: string) => string): FlightOnDate[] {
  return listScheduleEntriesOn(ctx.store, date, { origin: booking.origin, destination: booking.destination }).map((e) =>
    withSeatMap(ctx.store, { ...datedFlight(e, date, tzOf), capacity: sellableCapacity(ctx.store, e.flight_number, date, e.aircraft_type) }),
  );
}

function optionFor(ctx: ServiceContext, flight: FlightOnDate, now: FlightNow, sold: number, booking: Booking, terms: ChangeTerms): ChangeOption {
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
    status: now.status,
    expected_departure: now.expected_departure,
    expected_arrival: now.expected_arrival,
    seats_available: Math.max(0, flight.capacity - sold),
    price: fare,
    fare,
    cost_breakdown: costBreakdown(booking.fare_paid, fare, terms.reason, terms.fee_waived ? 0 : ctx.settings.changeFee),
  };
}

/**
 * Flights on the booking's route on `new_date` that it can move to now (not its own,
 * not cancelled, open for check-in, a free seat), each with its status, expected times,
 * current fare and the cost of moving there, in order of expected departure. Each quote is
 * kept: `rebook change` charges it, or stops if the price has moved. A date in the past is a
 * RuleError; a date with no flights on the route, or one where none can take the booking,
 * is a NotFoundError that says which, never an empty success.
 */
export function changeOptions(ctx: ServiceContext, ref: string, raw: unknown): ChangeOptions {
  const input = parseInput(ChangeRequest, withDateAlias(raw ?? {}, 'new_date', 'date'));
  return ctx.store.write(() => {
    const booking = findBooking(ctx.store, ref);
    assertChangeable(booking);
    assertNotPastDate(ctx, input.new_date, 'new_date');
    assertOriginalNotDeparted(ctx, booking, ownFlight(ctx, booking));
    const terms = termsFor(ctx, booking, input);
    const route = `${booking.origin} to ${booking.destination}`;
    const flights = routeFlightsOn(ctx, booking, input.new_date, airportTimeZones(ctx.store));
    const noFlights = (why: string) => new NotFoundError('flights', `${route} on ${input.new_date}`, `new_date: ${why}`);
    if (flights.length === 0) throw noFlights(`no flights from ${route} operate on ${input.new_date}`);
    const openUntil = checkInOpenUntil(ctx.clock.nowIso(), ctx.settings.checkInCutoffMinutes);
    const options = flights
      .filter((f) => !(f.flight_number === booking.flight_number && f.depart_date === booking.depart_date))
      .flatMap((f) => {
        const now = flightNow(ctx, f);
        if (now.cancelled || now.departed || !checkInOpen(now.expected_departure, openUntil)) return [];
        return [optionFor(ctx, f, now, seatsSold(ctx.store, f.flight_number, f.depart_date), booking, terms)];
      })
      .filter((o) => o.seats_available > 0);
    if (options.length === 0) {
      throw noFlights(`none of the ${flights.length} flight(s) from ${route} on ${input.new_date} can take this booking (its own flight, cancelled, check-in closed or sold out)`);
    }
    options.sort((a, b) => a.expected_departure.localeCompare(b.expected_departure) || a.flight_number.localeCompare(b.flight_number));
    const quoted_at = ctx.clock.nowIso();
    saveQuotes(
      ctx.store,
      options.map((o) => ({
        booking_id: booking.id,
        flight_number: o.flight_number,
        depart_date: o.depart_date,
        booking_updated_at: booking.updated_at,
        reason: terms.reason,
        new_price: o.fare,
        total_cost: o.cost_breakdown.total_cost,
        refund_amount: o.cost_breakdown.refund_amount,
        quoted_at,
      })),
    );
    return { original_booking: booking, requested_date: input.new_date, terms, available_options: options };
  });
}

/** How a change is chosen: a seat, a waiver's note, and the price the caller holds it to. */
interface MoveChoice {
  seat?: string | undefined;
  note?: string | undefined;
  /** The `total_cost` the caller was quoted (HTTP clients). */
  expected_total?: number | undefined;
  /** The fare of an option the caller holds (an option sent back to auto-rebook). */
  expected_price?: number | undefined;
  /** Go ahead at the current price whatever was quoted. */
  accept_price?: boolean | undefined;
}

/** What the caller was quoted for this move, if anything: a total it names, an option's fare, or the quote `rebook options` kept. */
function quotedFor(ctx: ServiceContext, booking: Booking, flight: FlightOnDate, terms: ChangeTerms, choice: MoveChoice): (Quote & { new_price?: number; quoted_at?: string }) | undefined {
  if (choice.expected_price !== undefined) {
    return { ...costBreakdown(booking.fare_paid, choice.expected_price, terms.reason, terms.fee_waived ? 0 : ctx.settings.changeFee), new_price: choice.expected_price };
  }
  if (choice.expected_total !== undefined) return { total_cost: choice.expected_total };
  return currentQuote(ctx.store, booking.id, booking.updated_at, flight.flight_number, flight.depart_date);
}

/** `₹4,500`, or `a refund of ₹300`. */
const quotedAmount = (q: Quote) => (q.refund_amount ? `a refund of ${formatInr(q.refund_amount)}` : formatInr(q.total_cost));

/**
 * Moves the booking inside the caller's write transaction: checks inventory, picks or
 * checks the seat, holds the price to its quote (a QuoteChangedError carrying the current
 * option when it moved), takes the seat, releases the old one, updates the booking, writes
 * history and records the passenger's notice.
 */
function commitMove(ctx: ServiceContext, booking: Booking, flight: FlightOnDate, now: FlightNow, terms: ChangeTerms, choice: MoveChoice): RebookResult {
  const where = `${flight.flight_number} on ${flight.depart_date}`;
  const sold = seatsSold(ctx.store, flight.flight_number, flight.depart_date);
  if (sold >= flight.capacity) throw new ConflictError(`${where} is sold out; the booking was not changed`);
  const taken = takenSeats(ctx.store, flight.flight_number, flight.depart_date);
  const { seat } = choice;
  if (seat !== undefined && taken.has(seat)) throw new ConflictError(`seat: ${seat} is already taken on ${where}; the booking was not changed`);
  const newSeat = seat ?? chooseSeat(flight.seats, taken, seatNeeds(ctx, booking))?.seat.seat;
  if (newSeat === undefined) throw new ConflictError(`${where} has no free seat; the booking was not changed`);
  const option = optionFor(ctx, flight, now, sold, booking, terms);
  const cost = option.cost_breakdown;
  const quoted = quotedFor(ctx, booking, flight, terms, choice);
  if (quoted && !quoteHolds(quoted, cost, choice.accept_price === true)) {
    const when = quoted.quoted_at ? ` at ${formatIst(quoted.quoted_at)}` : '';
    const fare = quoted.new_price !== undefined ? `fare ${formatInr(quoted.new_price)} → ${formatInr(cost.new_price)}` : `fare now ${formatInr(cost.new_price)}`;
    throw new QuoteChangedError(
      `the price of moving ${booking.locator} to ${where} has changed since it was quoted: quoted ${quotedAmount(quoted)}${when}, now ${quotedAmount(cost)} (${fare}); the booking was not changed. Accept the new price with --accept-price (accept_price: true), or look again with rebook options`,
      option,
    );
  }
  if (!takeSeat(ctx.store, flight.flight_number, flight.depart_date, flight.capacity)) {
    throw new ConflictError(`${where} is sold out; the booking was not changed`);
  }
  // An offloaded booking holds no seat to release; given its alternate, it is live again as it was before it was taken off.
  const offloaded = booking.status === 'offloaded';
  if (!offloaded) releaseSeat(ctx.store, booking.flight_number, booking.depart_date);
  const at = ctx.clock.nowIso();
  const after: Booking = {
    ...booking,
    status: offloaded ? statusBeforeOffload(ctx.store, booking) : booking.status,
    flight_number: flight.flight_number,
    depart_date: flight.depart_date,
    seat: newSeat,
    fare_paid: fareAfterChange(cost, terms.reason),
    updated_at: at,
  };
  if (moveBooking(ctx.store, booking.id, after) !== 'ok') {
    // Thrown inside the transaction, so the seat taken and released above roll back too.
    throw new ConflictError(`seat: ${newSeat} is already taken on ${where}; the booking was not changed`);
  }
  // Live again only once it is on the new flight, so the unique live-seat index judges the new seat.
  if (offloaded) setBookingStatus(ctx.store, booking.id, after.status, at);
  appendHistory(ctx.store, {
    booking_id: booking.id,
    at,
    action: 'rebooked',
    reason: terms.reason,
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
    note: terms.fee_waived ? `fee waived: ${choice.note ?? ''}`.trim() : null,
  });
  // Passenger rights: a move can settle or change what the passenger is owed (store/entitlement-recompute.ts).
  recomputeEntitlements(ctx.store, { booking_id: booking.id }, `rebooked to ${after.flight_number} on ${after.depart_date}`, { now: at });
  const notification = notifyRebooked(ctx, [{ before: booking, after, times: { departure: now.expected_departure, arrival: now.expected_arrival } }])[0]!;
  return {
    booking_before: booking,
    booking_after: after,
    option: { ...option, seats_available: option.seats_available - 1 },
    terms,
    cost_breakdown: cost,
    notification,
  };
}

/**
 * Commits one option. Atomic: if the flight filled up (or the seat went) since the
 * options were shown, a ConflictError and nothing changed. Quote honouring: the price is
 * held to `expected_total` (what an HTTP client was quoted) or else to the quote
 * `rebook options` kept; if the change now costs something else (a fare step moved, an
 * alert was resolved), a QuoteChangedError (409) naming both totals and carrying the
 * current option, and nothing changed, unless `accept_price`. `departure_time` and
 * `aircraft_type`, when given, must match the schedule.
 */
export function changeBooking(ctx: ServiceContext, ref: string, raw: unknown): RebookResult {
  const input = parseInput(ChangeBookingInput, withDateAlias(withDateAlias(raw ?? {}, 'date', 'new_date'), 'date', 'depart_date'));
  return changeTo(ctx, ref, input);
}

function changeTo(ctx: ServiceContext, ref: string, input: ChangeBookingInput & { expected_price?: number }): RebookResult {
  return ctx.store.write(() => {
    const booking = findBooking(ctx.store, ref);
    assertChangeable(booking);
    assertNotPastDate(ctx, input.date, 'date');
    const flight = flightOn(ctx, input.flight_number, input.date, 'date');
    if (flight.origin !== booking.origin || flight.destination !== booking.destination) {
      throw new RuleError(
        'flight_number',
        `${flight.flight_number} flies ${flight.origin}→${flight.destination}, not the booking's route ${booking.origin}→${booking.destination}`,
      );
    }
    if (flight.flight_number === booking.flight_number && flight.depart_date === booking.depart_date) {
      throw new RuleError('flight_number', `the booking is already on ${flight.flight_number} on ${flight.depart_date}`);
    }
    if (input.departure_time !== undefined && input.departure_time !== flight.departure_time) {
      throw new RuleError('departure_time', `${flight.flight_number} on ${flight.depart_date} departs at ${flight.departure_time}, not ${input.departure_time}`);
    }
    if (input.aircraft_type !== undefined && input.aircraft_type !== flight.aircraft_type) {
      throw new RuleError('aircraft_type', `${flight.flight_number} on ${flight.depart_date} is scheduled with a ${flight.aircraft_type}, not ${input.aircraft_type}`);
    }
    assertOriginalNotDeparted(ctx, booking, ownFlight(ctx, booking));
    const terms = termsFor(ctx, booking, input);
    const now = assertBookable(ctx, flight, 'date');
    if (input.seat !== undefined) seatOnAircraft(flight, input.seat);
    return commitMove(ctx, booking, flight, now, terms, input);
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
 * departure time (and aircraft, when given) must match the schedule, at the total its
 * `price` implies for this booking under the terms akasa derives, or a QuoteChangedError
 * and nothing changed.
 */
function rebookToOption(ctx: ServiceContext, ref: string, raw: unknown): RebookResult {
  const option = parseInput(ChosenOption, raw);
  return changeTo(ctx, ref, {
    flight_number: option.flight_number,
    date: option.depart_date,
    departure_time: option.departure_time,
    aircraft_type: option.aircraft_type,
    reason: option.reason,
    waive_fees: false,
    accept_price: false,
    expected_price: option.price,
  });
}

/**
 * With one option from request-change (a body with `depart_date`, `departure_time` or
 * `price`; see ChosenOption), books exactly that option, holding the caller to its price.
 * Otherwise picks the best option itself and commits it: same route, a free seat, open for
 * check-in, the earliest expected arrival (see rankCandidates), across the original (or
 * given) date and the next AUTO_REBOOK_SEARCH_DAYS days. A voluntary change only looks at
 * flights scheduled after the original one; when the airline disrupted the booking's
 * flight, earlier flights the same day are offered too.
 */
export function autoRebook(ctx: ServiceContext, ref: string, raw: unknown): RebookResult {
  if (isChosenOption(raw)) return rebookToOption(ctx, ref, raw);
  const input = parseInput(AutoRebookInput, raw ?? {});
  return ctx.store.write(() => {
    const booking = findBooking(ctx.store, ref);
    assertChangeable(booking);
    if (input.date !== undefined) assertNotPastDate(ctx, input.date, 'date');
    const own = ownFlight(ctx, booking);
    assertOriginalNotDeparted(ctx, booking, own);
    const terms = termsFor(ctx, booking, input);
    const tzOf = airportTimeZones(ctx.store);
    const fromDate = input.date ?? booking.depart_date;
    const lastDate = addDays(fromDate, AUTO_REBOOK_SEARCH_DAYS);
    const nowIso = ctx.clock.nowIso();
    const original = own?.scheduled_departure;
    const notBefore = terms.reason === 'disruption' ? undefined : original !== undefined && original > nowIso ? original : nowIso;
    const needs = seatNeeds(ctx, booking);
    const candidates: Array<RebookCandidate & { flight: FlightOnDate; now: FlightNow }> = [];
    for (let d = fromDate; d <= lastDate; d = addDays(d, 1)) {
      if (d < todayIst(ctx)) continue;
      for (const f of routeFlightsOn(ctx, booking, d, tzOf)) {
        if (input.flight_number !== undefined && f.flight_number !== input.flight_number) continue;
        const now = flightNow(ctx, f);
        if (now.cancelled || now.departed) continue;
        const sold = seatsSold(ctx.store, f.flight_number, f.depart_date);
        candidates.push({
          flight: f,
          now,
          flight_number: f.flight_number,
          depart_date: f.depart_date,
          scheduled_departure: f.scheduled_departure,
          scheduled_arrival: f.scheduled_arrival,
          expected_departure: now.expected_departure,
          expected_arrival: now.expected_arrival,
          seats_available: Math.max(0, f.capacity - sold),
          fare: currentFare(f.base_fare, sold, f.capacity),
          preference_available: preferenceAvailable(f.seats, takenSeats(ctx.store, f.flight_number, f.depart_date), needs),
        });
      }
    }
    const best = rankCandidates(candidates, {
      exclude: { flight_number: booking.flight_number, depart_date: booking.depart_date },
      notBefore,
      checkInOpenUntil: checkInOpenUntil(nowIso, ctx.settings.checkInCutoffMinutes),
    })[0];
    if (!best) {
      const which = input.flight_number ? `${input.flight_number} ` : '';
      const after = terms.reason === 'customer' ? ' after the original departure' : '';
      throw new RuleError(
        'booking',
        `no ${which}flight from ${booking.origin} to ${booking.destination} with a free seat and check-in open departs between ${fromDate} and ${lastDate}${after}`,
      );
    }
    return commitMove(ctx, booking, best.flight, best.now, terms, { note: input.note });
  });
}
