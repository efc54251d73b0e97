/**
 * Which scheduled flight an event is about. A flight is its number plus its departure date
 * (local), and it must be one the schedule has: an event that names a flight-date the
 * schedule does not operate is held for an operator instead of raising alerts about a
 * flight nobody is booked on. In order:
 *  1. `flight_date`, when the event gives it;
 *  2. else the first time the event carries (scheduled, actual, then estimated; departure
 *     before arrival): the flight-date whose scheduled time of the same side is nearest,
 *     within 12 hours (feeds round and shift times, and overnight flights land the next day);
 *  3. else, with no times at all, the event's own time: a flight that has left (DEPARTED,
 *     ARRIVED, DIVERTED) is the latest one scheduled to depart by then; any other status is
 *     about the nearest departure that has not long gone (an evening cancellation of a
 *     morning flight means tomorrow's).
 * Pure: the schedule comes in as a lookup.
 */
import { addDays, dateInZone, formatIst, isoWeekday } from '../dates.js';
import { type DatedFlight, datedFlight, operatesOn, type ScheduleEntry } from '../schedule.js';
import type { FlightEvent, FlightStatus } from './flight-event.js';

/** What resolution needs to know of the schedule. */
export interface ScheduleLookup {
  /** Every schedule line of a flight number (empty when the schedule does not know it). */
  linesOf(flightNumber: string): readonly ScheduleEntry[];
  /** The schedule line under which `flightNumber` operates on `date`, if it does. */
  lineOn(flightNumber: string, date: string): ScheduleEntry | undefined;
  /** The flight-date `flightNumber` operates on `date` with its scheduled times, if it does. */
  flightOn(flightNumber: string, date: string): DatedFlight | undefined;
}

/**
 * A ScheduleLookup over a source of schedule lines and airport zones. Each flight number's
 * lines and each flight-date are worked out once per lookup (an ingest batch resolves
 * thousands of events against a few hundred flight-dates), so keep one lookup for one
 * transaction: the schedule may change between two.
 */
export function createScheduleLookup(linesOf: (flightNumber: string) => readonly ScheduleEntry[], tzOf: (airport: string) => string): ScheduleLookup {
  const lines = new Map<string, readonly ScheduleEntry[]>();
  // By flight number, then date: looked up with the event's own strings, no key built per event.
  const linesOn = new Map<string, Map<string, ScheduleEntry | null>>();
  const flights = new Map<string, Map<string, DatedFlight | null>>();
  const byDate = <T>(byFlight: Map<string, Map<string, T>>, flightNumber: string): Map<string, T> => {
    let dates = byFlight.get(flightNumber);
    if (!dates) {
      dates = new Map();
      byFlight.set(flightNumber, dates);
    }
    return dates;
  };
  const lookup: ScheduleLookup = {
    linesOf(flightNumber) {
      let found = lines.get(flightNumber);
      if (!found) {
        found = linesOf(flightNumber);
        lines.set(flightNumber, found);
      }
      return found;
    },
    lineOn(flightNumber, date) {
      const dates = byDate(linesOn, flightNumber);
      let line = dates.get(date);
      if (line === undefined) {
        line = lookup.linesOf(flightNumber).find((l) => operatesOn(l, date)) ?? null;
        dates.set(date, line);
      }
      return line ?? undefined;
    },
    flightOn(flightNumber, date) {
      const dates = byDate(flights, flightNumber);
      let flight = dates.get(date);
      if (flight === undefined) {
        const line = lookup.lineOn(flightNumber, date);
        flight = line ? datedFlight(line, date, tzOf) : null;
        dates.set(date, flight);
      }
      return flight ?? undefined;
    },
  };
  return lookup;
}

/** A time more than this far from every scheduled time of its side names no flight-date. */
export const NEAREST_WINDOW_HOURS = 12;
/** A scheduled departure this long before an event's time has "long departed" (rule 3). */
export const LONG_DEPARTED_HOURS = 6;
/** How far from the event's time rule 3 looks for a departure. */
const NO_TIMES_SEARCH_HOURS = 48;

/** Times tried for rule 2, in order: what the event says was planned, then what happened, then what is expected. */
const RESOLVING_TIMES = [
  ['scheduled_departure', 'departure'],
  ['scheduled_arrival', 'arrival'],
  ['actual_departure', 'departure'],
  ['actual_arrival', 'arrival'],
  ['estimated_departure', 'departure'],
  ['estimated_arrival', 'arrival'],
] as const;

export type FlightDateSource = 'flight_date' | (typeof RESOLVING_TIMES)[number][0] | 'event_time';

/** Statuses after which a flight has left its origin. */
const HAS_LEFT: ReadonlySet<FlightStatus> = new Set(['DEPARTED', 'ARRIVED', 'DIVERTED']);

export type FlightDateResolution =
  | {
      held: false;
      flight_date: string;
      source: FlightDateSource;
      /** The schedule line of the flight-date the event is about. */
      line: ScheduleEntry;
      /** What the event says that the schedule does not (a different route): processed anyway. */
      warnings: readonly string[];
    }
  | {
      held: true;
      /** The date the log files the event under until an operator decides (the event's own date, else its first time's, else its time's). */
      flight_date: string;
      reason: string;
    };

const HOUR_MS = 3_600_000;
const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Why `flightNumber` (whose lines are `lines`) does not operate on `date`. */
function notOperatingReason(flightNumber: string, lines: readonly ScheduleEntry[], date: string): string {
  const valid = lines.filter((l) => date >= l.valid_from && date <= l.valid_to);
  if (valid.length === 0) {
    const from = lines.reduce((m, l) => (l.valid_from < m ? l.valid_from : m), lines[0]!.valid_from);
    const to = lines.reduce((m, l) => (l.valid_to > m ? l.valid_to : m), lines[0]!.valid_to);
    return `${flightNumber} is not scheduled on ${date}: outside the schedule's validity (${from} to ${to})`;
  }
  const days = [...new Set(valid.flatMap((l) => [...l.days_of_operation]))].sort().map((d) => WEEKDAYS[Number(d)]).join(' ');
  return `${flightNumber} does not operate on ${date} (a ${WEEKDAYS[isoWeekday(date)]}; it operates ${days})`;
}

/** Every flight-date of `flightNumber` departing on a date in [from, from + days). */
function flightsAround(schedule: ScheduleLookup, flightNumber: string, from: string, days: number): DatedFlight[] {
  const out: DatedFlight[] = [];
  for (let i = 0; i < days; i++) {
    const flight = schedule.flightOn(flightNumber, addDays(from, i));
    if (flight) out.push(flight);
  }
  return out;
}

/** The usual case, shared: no warning. */
const NO_WARNINGS: readonly string[] = Object.freeze([]);

function routeWarnings(event: FlightEvent, flight: ScheduleEntry): readonly string[] {
  const origin = event.origin && event.origin !== flight.origin;
  const destination = event.destination && event.destination !== flight.destination;
  if (!origin && !destination) return NO_WARNINGS;
  const warnings: string[] = [];
  if (origin) warnings.push(`origin ${event.origin} differs from the schedule's ${flight.origin}`);
  if (destination) warnings.push(`destination ${event.destination} differs from the schedule's ${flight.destination}`);
  return warnings;
}

function resolved(event: FlightEvent, line: ScheduleEntry, date: string, source: FlightDateSource): FlightDateResolution {
  return { held: false, flight_date: date, source, line, warnings: routeWarnings(event, line) };
}

/** The first of the resolving times the event carries (rule 2's order). */
function firstTimeOf(event: FlightEvent): (typeof RESOLVING_TIMES)[number] | undefined {
  for (const time of RESOLVING_TIMES) if (event[time[0]]) return time;
  return undefined;
}

/** The flight-date nearest `at` by the scheduled time of `side`, within the window. */
function nearestBySide(flights: readonly DatedFlight[], at: string, side: 'departure' | 'arrival'): DatedFlight | undefined {
  const target = Date.parse(at);
  let best: { flight: DatedFlight; diff: number } | undefined;
  for (const f of flights) {
    const diff = Math.abs(Date.parse(side === 'departure' ? f.scheduled_departure : f.scheduled_arrival) - target);
    if (diff <= NEAREST_WINDOW_HOURS * HOUR_MS && (!best || diff < best.diff)) best = { flight: f, diff };
  }
  return best?.flight;
}

/** Rule 3: the flight-date an event without times is about, by its status and time. */
function byEventTime(flights: readonly DatedFlight[], status: FlightStatus, at: string): DatedFlight | undefined {
  const t = Date.parse(at);
  let best: { flight: DatedFlight; diff: number } | undefined;
  for (const f of flights) {
    const dep = Date.parse(f.scheduled_departure);
    if (Math.abs(dep - t) > NO_TIMES_SEARCH_HOURS * HOUR_MS) continue;
    // A flight that has left is the latest one due out by now; one that has not is not one that left hours ago.
    if (HAS_LEFT.has(status) ? dep > t : dep < t - LONG_DEPARTED_HOURS * HOUR_MS) continue;
    const diff = Math.abs(dep - t);
    if (!best || diff < best.diff) best = { flight: f, diff };
  }
  return best?.flight;
}

/**
 * Resolves a validated event to a scheduled flight-date, or holds it with a reason.
 * `eventTime` is the time the event counts as (its `event_time`, else its receipt).
 */
export function resolveFlightDate(event: FlightEvent, schedule: ScheduleLookup, eventTime: string): FlightDateResolution {
  const fn = event.flight_number;
  const lines = schedule.linesOf(fn);
  if (event.flight_date) {
    // Rule 1; the usual case, which needs none of the times.
    if (lines.length === 0) return { held: true, flight_date: event.flight_date, reason: `${fn} is not in the schedule` };
    const line = schedule.lineOn(fn, event.flight_date);
    return line ? resolved(event, line, event.flight_date, 'flight_date') : { held: true, flight_date: event.flight_date, reason: notOperatingReason(fn, lines, event.flight_date) };
  }
  const first = firstTimeOf(event);
  const guess = dateInZone(first ? event[first[0]]! : eventTime);
  if (lines.length === 0) return { held: true, flight_date: guess, reason: `${fn} is not in the schedule` };
  if (first) {
    const [firstTime, side] = first;
    const at = event[firstTime]!;
    // Departure dates that can put a scheduled time of either side within 12 h of `at`.
    const flight = nearestBySide(flightsAround(schedule, fn, addDays(dateInZone(at), -2), 4), at, side);
    return flight ? resolved(event, flight, flight.depart_date, firstTime) : { held: true, flight_date: guess, reason: `no scheduled ${side} of ${fn} within ${NEAREST_WINDOW_HOURS} h of ${formatIst(at)} (${firstTime})` };
  }
  const flight = byEventTime(flightsAround(schedule, fn, addDays(dateInZone(eventTime), -3), 6), event.status, eventTime);
  return flight
    ? resolved(event, flight, flight.depart_date, 'event_time')
    : { held: true, flight_date: guess, reason: `no scheduled departure of ${fn} to match a ${event.status} event at ${formatIst(eventTime)} without times` };
}
