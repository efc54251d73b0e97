/**
 * Flights on dates: which flights exist (the schedule says they operate), their times,
 * seat inventory and current fare. Booking and rebooking build on `getDatedFlight`.
 */
import { aircraftType, type Seat, seatCapacity } from '../domain/aircraft.js';
import { asciiUpperCase } from '../domain/ascii.js';
import { dateInZone, isCalendarDate } from '../domain/dates.js';
import { NotFoundError, RuleError, ValidationError } from '../domain/errors.js';
import { currentFare } from '../domain/pricing.js';
import { datedFlight, type DatedFlight, type ScheduleEntry } from '../domain/schedule.js';
import { inventoryCapacitiesOn, inventoryCapacity } from '../store/capacity-repository.js';
import type { Store } from '../store/database.js';
import { seatsSold, seatsSoldOn, takenSeats } from '../store/inventory-repository.js';
import { airportTimeZones } from '../store/reference-repository.js';
import { findScheduleEntry, listScheduleEntriesOn, scheduleLinesOf } from '../store/schedule-repository.js';
import type { ServiceContext } from '../context.js';

/** A flight on a date with its seat capacity. */
export type DatedFlightWithCapacity = DatedFlight & { capacity: number };

/** A flight on a date as the operator sees it: times, inventory and the fare the next seat sells for. */
export interface FlightView extends DatedFlightWithCapacity {
  seats_sold: number;
  seats_free: number;
  current_fare: number;
}

/**
 * Same rule as `FLIGHT_NUMBER_RE` in domain/schemas/common.ts, repeated here because that
 * module builds zod schemas on load, and booking show/list reach this file on their hot path.
 */
const FLIGHT_NUMBER = /^QP\d{1,4}$/;

function checkFlightNumber(flightNumber: string): string {
  const fn = asciiUpperCase(flightNumber.trim());
  if (!FLIGHT_NUMBER.test(fn)) throw ValidationError.field('flight_number', `expected QP followed by 1-4 digits, got ${JSON.stringify(flightNumber)}`);
  return fn;
}

function checkDate(date: string): void {
  if (!isCalendarDate(date)) throw ValidationError.field('date', `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(date)}`);
}

/**
 * The flight `flightNumber` departing on `date` (local departure date).
 * @throws ValidationError when the flight number or date is malformed
 * @throws NotFoundError (`flight QP9999 not found`) when the schedule does not know the flight number
 * @throws RuleError on field `date` when the flight exists but does not operate that day
 */
export function getDatedFlight(ctx: ServiceContext, flightNumber: string, date: string): DatedFlight & { capacity: number } {
  const fn = checkFlightNumber(flightNumber);
  checkDate(date);
  const entry = findScheduleEntry(ctx.store, fn, date);
  if (!entry) {
    const lines = scheduleLinesOf(ctx.store, fn);
    if (lines.length === 0) throw new NotFoundError('flight', fn);
    throw new RuleError('date', `flight ${fn} does not operate on ${date} (${operatingDays(lines)})`);
  }
  return { ...datedFlight(entry, date, airportTimeZones(ctx.store)), capacity: sellableCapacity(ctx.store, fn, date, entry.aircraft_type) };
}

/**
 * The seats a flight-date may sell: the aircraft's, unless an operator lowered them
 * (`akasa flight downsize`); the inventory holds every sale to the same figure.
 */
export function sellableCapacity(store: Store, flightNumber: string, date: string, aircraftType: string): number {
  return inventoryCapacity(store, flightNumber, date) ?? seatCapacity(aircraftType);
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** What the schedule says about a flight's days, for the error that explains why it is not there. */
function operatingDays(lines: readonly ScheduleEntry[]): string {
  return lines
    .map((l) => `${l.days_of_operation === '1234567' ? 'daily' : [...l.days_of_operation].map((d) => WEEKDAYS[Number(d) - 1]).join(' ')} from ${l.valid_from} to ${l.valid_to}`)
    .join('; ');
}

function view(flight: DatedFlightWithCapacity, sold: number): FlightView {
  return {
    ...flight,
    seats_sold: sold,
    seats_free: Math.max(0, flight.capacity - sold),
    current_fare: currentFare(flight.base_fare, sold, flight.capacity),
  };
}

/** One flight on a date with its inventory and current fare. */
export function showFlight(ctx: ServiceContext, flightNumber: string, date: string): FlightView {
  const flight = getDatedFlight(ctx, flightNumber, date);
  return view(flight, seatsSold(ctx.store, flight.flight_number, date));
}

export interface SeatMapSeat extends Seat {
  taken: boolean;
}

export interface FlightWithSeats extends FlightView {
  /** The aircraft's seat map, front to back, with the seats live bookings hold. */
  seats: SeatMapSeat[];
}

/** `flight show --seats`: the flight and which of its seats are taken. */
export function showFlightSeats(ctx: ServiceContext, flightNumber: string, date: string): FlightWithSeats {
  const flight = getDatedFlight(ctx, flightNumber, date);
  const taken = takenSeats(ctx.store, flight.flight_number, date);
  const seats = (aircraftType(flight.aircraft_type)?.seats ?? []).map((s) => ({ ...s, taken: taken.has(s.seat) }));
  return { ...view(flight, seatsSold(ctx.store, flight.flight_number, date)), seats };
}

export interface ListFlightsInput {
  /** Departure date; default today in IST from the clock. */
  date?: string;
  from?: string;
  to?: string;
}

export interface FlightList {
  date: string;
  from: string | null;
  to: string | null;
  flights: FlightView[];
}

function checkAirport(field: string, code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const c = asciiUpperCase(code.trim());
  if (!/^[A-Z]{3}$/.test(c)) throw ValidationError.field(field, `expected a 3-letter IATA airport code, got ${JSON.stringify(code)}`);
  return c;
}

/** Flights operating on a date, optionally on one route, ordered by departure time. */
export function listFlights(ctx: ServiceContext, input: ListFlightsInput = {}): FlightList {
  const date = input.date ?? dateInZone(ctx.clock.now());
  checkDate(date);
  const from = checkAirport('from', input.from);
  const to = checkAirport('to', input.to);
  const entries = listScheduleEntriesOn(ctx.store, date, { origin: from, destination: to });
  const tzOf = airportTimeZones(ctx.store);
  const sold = seatsSoldOn(ctx.store, date);
  const capacity = inventoryCapacitiesOn(ctx.store, date);
  const flights = entries.map((e) =>
    view({ ...datedFlight(e, date, tzOf), capacity: capacity.get(e.flight_number) ?? seatCapacity(e.aircraft_type) }, sold.get(e.flight_number) ?? 0),
  );
  flights.sort((a, b) => a.scheduled_departure.localeCompare(b.scheduled_departure) || a.flight_number.localeCompare(b.flight_number));
  return { date, from: from ?? null, to: to ?? null, flights };
}
