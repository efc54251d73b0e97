/**
 * Which flight an event is about. A flight is its number plus its departure date (local),
 * taken from, in order: `flight_date`; the IST date of `scheduled_departure`; the departure
 * date that the schedule gives for `scheduled_arrival` (an overnight flight lands the next
 * day); and, for flights the schedule does not know, the IST date of the first other time
 * the event carries. Pure: schedule knowledge comes in as a lookup function.
 */
import { addDays, dateInZone } from '../dates.js';
import { datedFlight, operatesOn, type ScheduleEntry } from '../schedule.js';
import type { FlightEvent } from './flight-event.js';

/** Departure date of `flightNumber` for a flight scheduled to arrive at `scheduledArrival` (UTC ISO), if the schedule knows it. */
export type ArrivalDateLookup = (flightNumber: string, scheduledArrival: string) => string | undefined;

export type FlightDateSource = 'flight_date' | 'scheduled_departure' | 'schedule' | 'event_times' | 'received_at';

export interface ResolvedFlightDate {
  flight_date: string;
  source: FlightDateSource;
}

/** Resolves the flight date of a validated event; `receivedAt` is the last resort. */
export function resolveFlightDate(event: FlightEvent, lookup: ArrivalDateLookup, receivedAt: string): ResolvedFlightDate {
  if (event.flight_date) return { flight_date: event.flight_date, source: 'flight_date' };
  if (event.scheduled_departure) return { flight_date: dateInZone(event.scheduled_departure), source: 'scheduled_departure' };
  if (event.scheduled_arrival) {
    const fromSchedule = lookup(event.flight_number, event.scheduled_arrival);
    if (fromSchedule) return { flight_date: fromSchedule, source: 'schedule' };
  }
  const other = event.estimated_departure ?? event.actual_departure ?? event.scheduled_arrival ?? event.estimated_arrival ?? event.actual_arrival ?? event.event_time;
  if (other) return { flight_date: dateInZone(other), source: 'event_times' };
  return { flight_date: dateInZone(receivedAt), source: 'received_at' };
}

/**
 * The departure date under which one of `entries` (lines of one flight number) arrives at
 * `scheduledArrival`. Exact matches win; otherwise the nearest scheduled arrival within
 * 12 hours (feeds round or shift times). Undefined when none operates around then.
 */
export function departureDateForArrival(entries: readonly ScheduleEntry[], scheduledArrival: string, tzOf: (airport: string) => string): string | undefined {
  const target = Date.parse(scheduledArrival);
  const arrivalDay = dateInZone(scheduledArrival);
  let best: { date: string; diff: number } | undefined;
  for (const entry of entries) {
    for (const back of [entry.arrival_day_offset, entry.arrival_day_offset + 1, entry.arrival_day_offset - 1]) {
      const date = addDays(arrivalDay, -back);
      if (!operatesOn(entry, date)) continue;
      const diff = Math.abs(Date.parse(datedFlight(entry, date, tzOf).scheduled_arrival) - target);
      if (diff <= 12 * 3600_000 && (!best || diff < best.diff)) best = { date, diff };
    }
  }
  return best?.date;
}
