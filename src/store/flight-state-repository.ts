import type { FlightState } from '../domain/events/flight-state.js';
import type { Store } from './database.js';

export function getFlightStateRow(store: Store, flightNumber: string, flightDate: string): FlightState | undefined {
  const row = store.sqlFirst<{ state: string }>('select state from flight_states where flight_number = ? and flight_date = ?', [flightNumber, flightDate]);
  return row ? (JSON.parse(row.state) as FlightState) : undefined;
}

/** The state of the flight's latest flight-date (by date). */
export function latestFlightState(store: Store, flightNumber: string): FlightState | undefined {
  const row = store.sqlFirst<{ state: string }>('select state from flight_states where flight_number = ? order by flight_date desc limit 1', [flightNumber]);
  return row ? (JSON.parse(row.state) as FlightState) : undefined;
}

export function saveFlightState(store: Store, state: FlightState, lastEventSeq: number): void {
  store.sqlRun(
    `insert into flight_states (flight_number, flight_date, status, delay_minutes, last_event_time, last_event_seq, event_count, updated_at, state)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?)
     on conflict (flight_number, flight_date) do update set status = excluded.status, delay_minutes = excluded.delay_minutes,
       last_event_time = excluded.last_event_time, last_event_seq = excluded.last_event_seq, event_count = excluded.event_count,
       updated_at = excluded.updated_at, state = excluded.state`,
    [state.flight_number, state.flight_date, state.status, state.delay_minutes, state.last_event_time, lastEventSeq, state.event_count, state.last_updated, JSON.stringify(state)],
  );
}

/** Every flight-date's state on `flightDate` (the dashboard's board). */
export function flightStatesOn(store: Store, flightDate: string): FlightState[] {
  return store
    .sqlAll<{ state: string }>('select state from flight_states where flight_date = ? order by flight_number', [flightDate])
    .map((r) => JSON.parse(r.state) as FlightState);
}
