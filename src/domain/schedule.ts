import { addDays, isoWeekday, localToUtcIso } from './dates.js';

/**
 * One line of a published schedule (SSIM-like): a flight number operating a route at
 * fixed local times on some days of the week within a validity period.
 */
export interface ScheduleEntry {
  flight_number: string;
  origin: string;
  destination: string;
  /** Local departure time at origin, `HH:MM`. */
  departure_time: string;
  /** Local arrival time at destination, `HH:MM`. */
  arrival_time: string;
  /** 0 = same day, 1 = arrives the next day. */
  arrival_day_offset: number;
  /** ISO weekdays the flight operates, as digits `1234567` (1 = Monday). */
  days_of_operation: string;
  valid_from: string;
  valid_to: string;
  aircraft_type: string;
  /** Base fare in integer INR. */
  base_fare: number;
}

/** A flight on a date: what a passenger books. */
export interface DatedFlight extends ScheduleEntry {
  depart_date: string;
  /** UTC ISO instants. */
  scheduled_departure: string;
  scheduled_arrival: string;
}

/** The fields of a schedule line, in their published order (CSV header, SELECT list). */
export const SCHEDULE_FIELDS = [
  'flight_number',
  'origin',
  'destination',
  'departure_time',
  'arrival_time',
  'arrival_day_offset',
  'days_of_operation',
  'valid_from',
  'valid_to',
  'aircraft_type',
  'base_fare',
] as const;

export function operatesOn(entry: ScheduleEntry, date: string): boolean {
  return date >= entry.valid_from && date <= entry.valid_to && entry.days_of_operation.includes(String(isoWeekday(date)));
}

export function datedFlight(entry: ScheduleEntry, date: string, tzOf: (airport: string) => string): DatedFlight {
  return {
    ...entry,
    depart_date: date,
    scheduled_departure: localToUtcIso(date, entry.departure_time, tzOf(entry.origin)),
    scheduled_arrival: localToUtcIso(addDays(date, entry.arrival_day_offset), entry.arrival_time, tzOf(entry.destination)),
  };
}

/** A duration as the original design wrote it: `2h 10m`, `45m`. */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h}h ${m}m` : `${m}m`;
}

/** Duration in minutes between two ISO instants. */
export function minutesBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 60_000);
}
