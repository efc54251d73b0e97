import type { AircraftType, Seat } from '../domain/aircraft.js';
import type { Store } from './database.js';
import type { AirportTable } from './schema.js';

export type Airport = AirportTable;

export function upsertAirports(store: Store, airports: readonly Airport[]): number {
  let changed = 0;
  store.write(() => {
    for (const a of airports) {
      changed += store.run(
        store.db
          .insertInto('airports')
          .values(a)
          .onConflict((oc) =>
            oc.column('code').doUpdateSet({ name: a.name, city: a.city, tz: a.tz }).where((eb) =>
              eb.or([eb('airports.name', '!=', a.name), eb('airports.city', '!=', a.city), eb('airports.tz', '!=', a.tz)]),
            ),
          ),
      ).changes;
    }
  });
  return changed;
}

/** Writes an aircraft type and its seat map (idempotent). */
export function upsertAircraftType(store: Store, type: AircraftType): number {
  let changed = 0;
  store.write(() => {
    changed += store.run(
      store.db
        .insertInto('aircraft_types')
        .values({ code: type.code, name: type.name, seat_count: type.seats.length })
        .onConflict((oc) => oc.column('code').doNothing()),
    ).changes;
    for (const s of type.seats) {
      changed += store.run(
        store.db
          .insertInto('aircraft_seats')
          .values({ aircraft_type: type.code, seat: s.seat, seat_row: s.row, letter: s.letter, position: s.position })
          .onConflict((oc) => oc.columns(['aircraft_type', 'seat']).doNothing()),
      ).changes;
    }
  });
  return changed;
}

/** Time zone lookup for airports; unknown airports are assumed to be in IST. */
export function airportTimeZones(store: Store): (code: string) => string {
  const zones = new Map(store.all(store.db.selectFrom('airports').select(['code', 'tz'])).map((r) => [r.code, r.tz]));
  return (code) => zones.get(code) ?? 'Asia/Kolkata';
}

/** Seats of an aircraft type on record (0 before any is loaded). */
export function countAircraftSeats(store: Store): number {
  return Number(store.first(store.db.selectFrom('aircraft_seats').select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0);
}

/** An aircraft type's name and seat map as the store has them (types the domain does not know). */
export function storedSeatMap(store: Store, code: string): { name: string; seats: Seat[] } {
  const name = store.first(store.db.selectFrom('aircraft_types').select('name').where('code', '=', code))?.name ?? code;
  const seats = store
    .all(store.db.selectFrom('aircraft_seats').select(['seat', 'seat_row', 'letter', 'position']).where('aircraft_type', '=', code).orderBy('seat_row').orderBy('letter'))
    .map((s) => ({ seat: s.seat, row: s.seat_row, letter: s.letter, position: s.position }));
  return { name, seats };
}
