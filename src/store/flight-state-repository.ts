/** Live state per flight-date, and the range of the log each one's processed events span. */
import type { NotNull } from 'kysely';
import type { FlightState } from '../domain/events/flight-state.js';
import type { Store } from './database.js';
import { defineQuery, defineQueryVariants } from './query.js';
import type { FlightStateTable } from './schema.js';

/** The stored JSON of a state (written by saveFlightState from a FlightState). */
const stateOf = (row: { state: string } | undefined): FlightState | undefined => (row ? (JSON.parse(row.state) as FlightState) : undefined);

const byFlightDate = defineQuery('flightStates.byFlightDate', (db, p: { flight_number: string; flight_date: string }) =>
  db.selectFrom('flight_states').select('state').where('flight_number', '=', p.flight_number).where('flight_date', '=', p.flight_date),
);

export function getFlightStateRow(store: Store, flightNumber: string, flightDate: string): FlightState | undefined {
  return stateOf(store.first(byFlightDate, { flight_number: flightNumber, flight_date: flightDate }));
}

const latest = defineQuery('flightStates.latest', (db, p: { flight_number: string }) =>
  db.selectFrom('flight_states').select('state').where('flight_number', '=', p.flight_number).orderBy('flight_date', 'desc').limit(1),
);

/** The state of the flight's latest flight-date (by date). */
export function latestFlightState(store: Store, flightNumber: string): FlightState | undefined {
  return stateOf(store.first(latest, { flight_number: flightNumber }));
}

/** A state's row, with the range of the events just processed for it. */
type SavedState = Omit<FlightStateTable, 'log_first_seq' | 'log_last_seq'> & { first: number; last: number };

const save = defineQuery('flightStates.save', (db, p: SavedState) =>
  db
    .insertInto('flight_states')
    .values({
      flight_number: p.flight_number,
      flight_date: p.flight_date,
      status: p.status,
      delay_minutes: p.delay_minutes,
      last_event_time: p.last_event_time,
      last_event_seq: p.last_event_seq,
      event_count: p.event_count,
      updated_at: p.updated_at,
      state: p.state,
      log_first_seq: p.first,
      log_last_seq: p.last,
    })
    .onConflict((oc) =>
      oc.columns(['flight_number', 'flight_date']).doUpdateSet((eb) => ({
        status: eb.ref('excluded.status'),
        delay_minutes: eb.ref('excluded.delay_minutes'),
        last_event_time: eb.ref('excluded.last_event_time'),
        last_event_seq: eb.ref('excluded.last_event_seq'),
        event_count: eb.ref('excluded.event_count'),
        updated_at: eb.ref('excluded.updated_at'),
        state: eb.ref('excluded.state'),
        // The range only widens (a null bound compares as unknown, so the new one is taken).
        log_first_seq: eb.case().when('flight_states.log_first_seq', '<', eb.ref('excluded.log_first_seq')).then(eb.ref('flight_states.log_first_seq')).else(eb.ref('excluded.log_first_seq')).end(),
        log_last_seq: eb.case().when('flight_states.log_last_seq', '>', eb.ref('excluded.log_last_seq')).then(eb.ref('flight_states.log_last_seq')).else(eb.ref('excluded.log_last_seq')).end(),
      })),
    ),
);

/**
 * Writes a flight-date's state. `range` is the seq range of the events just processed for
 * it (applied or stale): the stored range widens to take it in (a released held event can
 * sit before it), so it always spans every processed event of the flight-date (see listEventRows).
 */
export function saveFlightState(store: Store, state: FlightState, lastEventSeq: number, range: { first: number; last: number }): void {
  store.run(save, {
    flight_number: state.flight_number,
    flight_date: state.flight_date,
    status: state.status,
    delay_minutes: state.delay_minutes,
    last_event_time: state.last_event_time,
    last_event_seq: lastEventSeq,
    event_count: state.event_count,
    updated_at: state.last_updated,
    state: JSON.stringify(state),
    first: range.first,
    last: range.last,
  });
}

const widen = defineQuery('flightStates.widenRange', (db, p: { flight_number: string; flight_date: string; first: number; last: number }) =>
  db
    .updateTable('flight_states')
    .set((eb) => ({
      log_first_seq: eb.case().when('log_first_seq', '<', p.first).then(eb.ref('log_first_seq')).else(p.first).end(),
      log_last_seq: eb.case().when('log_last_seq', '>', p.last).then(eb.ref('log_last_seq')).else(p.last).end(),
    }))
    .where('flight_number', '=', p.flight_number)
    .where('flight_date', '=', p.flight_date),
);

/** Widens a flight-date's event range (its state unchanged: the events were stale). */
export function extendEventRange(store: Store, flightNumber: string, flightDate: string, range: { first: number; last: number }): void {
  store.run(widen, { flight_number: flightNumber, flight_date: flightDate, first: range.first, last: range.last });
}

type RangeFilter = { flight_number?: string; flight_date?: string };
const ranges = defineQueryVariants('flightStates.eventRanges', ['flight_number', 'flight_date'] as const, (db, p: RangeFilter, on) => {
  // Both bounds are set together (saveFlightState), so a row with an end has a start.
  let q = db
    .selectFrom('flight_states')
    .select(['flight_number', 'flight_date', 'log_first_seq as first', 'log_last_seq as last'])
    .where('log_last_seq', 'is not', null)
    .$narrowType<{ first: NotNull; last: NotNull }>();
  if (on.flight_number) q = q.where('flight_number', '=', p.flight_number!);
  if (on.flight_date) q = q.where('flight_date', '=', p.flight_date!);
  return q.orderBy('log_last_seq', 'desc');
});

/** Seq ranges of the processed events of a flight's (or a date's) flight-dates, newest range first. */
export function eventRanges(store: Store, f: RangeFilter): Array<{ flight_number: string; flight_date: string; first: number; last: number }> {
  return store.all(ranges({ flight_number: Boolean(f.flight_number), flight_date: Boolean(f.flight_date) }), f);
}

const onDate = defineQuery('flightStates.onDate', (db, p: { flight_date: string }) =>
  db.selectFrom('flight_states').select('state').where('flight_date', '=', p.flight_date).orderBy('flight_number'),
);

/** Every flight-date's state on `flightDate` (the dashboard's board). */
export function flightStatesOn(store: Store, flightDate: string): FlightState[] {
  return store.all(onDate, { flight_date: flightDate }).map((r) => stateOf(r)!);
}
