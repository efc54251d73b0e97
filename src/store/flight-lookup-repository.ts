/**
 * Schedule and airport reads behind `getDatedFlight`, `flight show` and `flight list`, in
 * hand-written SQL: booking create/show and rebooking call these on every run, and plain SQL
 * keeps them from loading the query builder (see database.ts on start-up).
 */
import type { ScheduleEntry } from '../domain/schedule.js';
import type { Store } from './database.js';

const COLUMNS = `flight_number, origin, destination, departure_time, arrival_time, arrival_day_offset, days_of_operation,
                 valid_from, valid_to, aircraft_type, base_fare`;

/** Schedule lines of one flight number valid on `date` (operating that weekday or not). */
export function scheduleLinesValidOn(store: Store, flightNumber: string, date: string): ScheduleEntry[] {
  return store.sqlAll<ScheduleEntry>(`select ${COLUMNS} from schedule where flight_number = ? and valid_from <= ? and valid_to >= ?`, [
    flightNumber,
    date,
    date,
  ]);
}

/** Does the schedule know this flight number at all (any period)? */
export function flightNumberExists(store: Store, flightNumber: string): boolean {
  return store.sqlFirst('select 1 from schedule where flight_number = ? limit 1', [flightNumber]) !== undefined;
}

/** Schedule lines valid on `date`, optionally on one route (weekday not yet checked). */
export function scheduleLinesValidOnRoute(store: Store, date: string, origin?: string, destination?: string): ScheduleEntry[] {
  return store.sqlAll<ScheduleEntry>(
    `select ${COLUMNS} from schedule
      where valid_from <= ? and valid_to >= ? and (? is null or origin = ?) and (? is null or destination = ?)
      order by departure_time, flight_number`,
    [date, date, origin ?? null, origin ?? null, destination ?? null, destination ?? null],
  );
}

/** Time zone lookup for airports; airports outside the reference data are taken as IST. */
export function airportZones(store: Store): (code: string) => string {
  const zones = new Map(store.sqlAll<{ code: string; tz: string }>('select code, tz from airports').map((r) => [r.code, r.tz]));
  return (code) => zones.get(code) ?? 'Asia/Kolkata';
}
