import type { FlightState } from '../domain/events/flight-state.js';
import type { Store } from './database.js';
import { equalityConditions } from './sql-conditions.js';

export function getFlightStateRow(store: Store, flightNumber: string, flightDate: string): FlightState | undefined {
  const row = store.sqlFirst<{ state: string }>('select state from flight_states where flight_number = ? and flight_date = ?', [flightNumber, flightDate]);
  return row ? (JSON.parse(row.state) as FlightState) : undefined;
}

/** The state of the flight's latest flight-date (by date). */
export function latestFlightState(store: Store, flightNumber: string): FlightState | undefined {
  const row = store.sqlFirst<{ state: string }>('select state from flight_states where flight_number = ? order by flight_date desc limit 1', [flightNumber]);
  return row ? (JSON.parse(row.state) as FlightState) : undefined;
}

/**
 * Writes a flight-date's state. `range` is the seq range of the events just processed for
 * it (applied or stale): the stored range widens to take it in (a released held event can
 * sit before it), so it always spans every processed event of the flight-date (see listEventRows).
 */
export function saveFlightState(store: Store, state: FlightState, lastEventSeq: number, range: { first: number; last: number }): void {
  store.sqlRun(
    `insert into flight_states (flight_number, flight_date, status, delay_minutes, last_event_time, last_event_seq, event_count, updated_at, state, log_first_seq, log_last_seq)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (flight_number, flight_date) do update set status = excluded.status, delay_minutes = excluded.delay_minutes,
       last_event_time = excluded.last_event_time, last_event_seq = excluded.last_event_seq, event_count = excluded.event_count,
       updated_at = excluded.updated_at, state = excluded.state,
       log_first_seq = min(coalesce(flight_states.log_first_seq, excluded.log_first_seq), excluded.log_first_seq),
       log_last_seq = max(coalesce(flight_states.log_last_seq, excluded.log_last_seq), excluded.log_last_seq)`,
    [state.flight_number, state.flight_date, state.status, state.delay_minutes, state.last_event_time, lastEventSeq, state.event_count, state.last_updated, JSON.stringify(state), range.first, range.last],
  );
}

/** Moves the end of a flight-date's event range (its state unchanged: the events were stale). */
export function extendEventRange(store: Store, flightNumber: string, flightDate: string, range: { first: number; last: number }): void {
  store.sqlRun('update flight_states set log_first_seq = min(coalesce(log_first_seq, ?), ?), log_last_seq = max(coalesce(log_last_seq, ?), ?) where flight_number = ? and flight_date = ?', [
    range.first,
    range.first,
    range.last,
    range.last,
    flightNumber,
    flightDate,
  ]);
}

/** Seq ranges of the processed events of a flight's (or a date's) flight-dates, newest range first. */
export function eventRanges(store: Store, f: { flight_number?: string; flight_date?: string }): Array<{ flight_number: string; flight_date: string; first: number; last: number }> {
  const { where, params } = equalityConditions([
    ['flight_number', f.flight_number],
    ['flight_date', f.flight_date],
  ]);
  where.push('log_last_seq is not null');
  return store.sqlAll(`select flight_number, flight_date, log_first_seq as first, log_last_seq as last from flight_states where ${where.join(' and ')} order by log_last_seq desc`, params);
}

/** Every flight-date's state on `flightDate` (the dashboard's board). */
export function flightStatesOn(store: Store, flightDate: string): FlightState[] {
  return store
    .sqlAll<{ state: string }>('select state from flight_states where flight_date = ? order by flight_number', [flightDate])
    .map((r) => JSON.parse(r.state) as FlightState);
}
