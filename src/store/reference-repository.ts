/** Reference data: airports (with their time zones) and aircraft types with their seat maps. */
import type { AircraftType, Seat } from '../domain/aircraft.js';
import type { Store } from './database.js';
import { defineQuery } from './query.js';
import type { AirportTable } from './schema.js';

export type Airport = AirportTable;

const upsertAirport = defineQuery('airports.upsert', (db, p: Airport) =>
  db
    .insertInto('airports')
    .values({ code: p.code, name: p.name, city: p.city, tz: p.tz })
    .onConflict((oc) =>
      oc
        .column('code')
        .doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), city: eb.ref('excluded.city'), tz: eb.ref('excluded.tz') }))
        .where((eb) => eb.or([eb('airports.name', '!=', eb.ref('excluded.name')), eb('airports.city', '!=', eb.ref('excluded.city')), eb('airports.tz', '!=', eb.ref('excluded.tz'))])),
    ),
);

/** Inserts airports, updating ones whose details changed. Returns rows written or changed. */
export function upsertAirports(store: Store, airports: readonly Airport[]): number {
  let changed = 0;
  store.write(() => {
    for (const a of airports) changed += store.run(upsertAirport, a).changes;
  });
  return changed;
}

const insertType = defineQuery('aircraftTypes.insert', (db, p: { code: string; name: string; seat_count: number }) =>
  db.insertInto('aircraft_types').values({ code: p.code, name: p.name, seat_count: p.seat_count }).onConflict((oc) => oc.column('code').doNothing()),
);
const insertSeat = defineQuery('aircraftSeats.insert', (db, p: { aircraft_type: string; seat: string; seat_row: number; letter: string; position: Seat['position'] }) =>
  db
    .insertInto('aircraft_seats')
    .values({ aircraft_type: p.aircraft_type, seat: p.seat, seat_row: p.seat_row, letter: p.letter, position: p.position })
    .onConflict((oc) => oc.columns(['aircraft_type', 'seat']).doNothing()),
);

/** Writes an aircraft type and its seat map (idempotent). */
export function upsertAircraftType(store: Store, type: AircraftType): number {
  let changed = 0;
  store.write(() => {
    changed += store.run(insertType, { code: type.code, name: type.name, seat_count: type.seats.length }).changes;
    for (const s of type.seats) {
      changed += store.run(insertSeat, { aircraft_type: type.code, seat: s.seat, seat_row: s.row, letter: s.letter, position: s.position }).changes;
    }
  });
  return changed;
}

const airportCodeList = defineQuery('airports.codes', (db) => db.selectFrom('airports').select('code'));

/** The codes of the airports on record. */
export function airportCodes(store: Store): Set<string> {
  return new Set(store.all(airportCodeList).map((r) => r.code));
}

const zones = defineQuery('airports.zones', (db) => db.selectFrom('airports').select(['code', 'tz']));

/** Time zone lookup for airports; airports outside the reference data are taken as IST. */
export function airportTimeZones(store: Store): (code: string) => string {
  const byCode = new Map(store.all(zones).map((r) => [r.code, r.tz]));
  return (code) => byCode.get(code) ?? 'Asia/Kolkata';
}

const seatCount = defineQuery('aircraftSeats.count', (db) => db.selectFrom('aircraft_seats').select((eb) => eb.fn.countAll<number>().as('n')));

/** Seats of an aircraft type on record (0 before any is loaded). */
export function countAircraftSeats(store: Store): number {
  return store.first(seatCount)?.n ?? 0;
}

const typeName = defineQuery('aircraftTypes.name', (db, p: { code: string }) => db.selectFrom('aircraft_types').select('name').where('code', '=', p.code));
const seatsOf = defineQuery('aircraftSeats.of', (db, p: { code: string }) =>
  db.selectFrom('aircraft_seats').select(['seat', 'seat_row', 'letter', 'position']).where('aircraft_type', '=', p.code).orderBy('seat_row').orderBy('letter'),
);

/** An aircraft type's name and seat map as the store has them (types the domain does not know). */
export function storedSeatMap(store: Store, code: string): { name: string; seats: Seat[] } {
  const name = store.first(typeName, { code })?.name ?? code;
  const seats = store.all(seatsOf, { code }).map((s) => ({ seat: s.seat, row: s.seat_row, letter: s.letter, position: s.position }));
  return { name, seats };
}
