/**
 * Sellable capacity per flight-date and what changing it did: `flight_inventory.capacity`
 * is the figure every sale is held to (a conditional update and a CHECK), the aircraft's
 * seat count until an operator lowers it (`akasa flight downsize`); `capacity_changes` and
 * `offloads` record each change and every booking it took off, append-only. Call the
 * writers inside the caller's `store.write`.
 */
import type { Selectable } from 'kysely';
import type { Store } from './database.js';
import { defineQuery, fields } from './query.js';
import type { CapacityChangeTable, OffloadTable } from './schema.js';

type FlightDate = { flight_number: string; depart_date: string };

const capacityOf = defineQuery('capacity.of', (db, p: FlightDate) =>
  db.selectFrom('flight_inventory').select('capacity').where('flight_number', '=', p.flight_number).where('depart_date', '=', p.depart_date),
);

/** The flight-date's sellable seats as the inventory holds them; undefined before its first sale or change. */
export function inventoryCapacity(store: Store, flightNumber: string, departDate: string): number | undefined {
  return store.first(capacityOf, { flight_number: flightNumber, depart_date: departDate })?.capacity;
}

const capacitiesOn = defineQuery('capacity.on', (db, p: { depart_date: string }) =>
  db.selectFrom('flight_inventory').select(['flight_number', 'capacity']).where('depart_date', '=', p.depart_date),
);

/** Sellable seats per flight number on one date, for the flight-dates with an inventory row. */
export function inventoryCapacitiesOn(store: Store, departDate: string): Map<string, number> {
  return new Map(store.all(capacitiesOn, { depart_date: departDate }).map((r) => [r.flight_number, r.capacity]));
}

const setCapacity = defineQuery('capacity.set', (db, p: FlightDate & { capacity: number }) =>
  db
    .insertInto('flight_inventory')
    .values({ flight_number: p.flight_number, depart_date: p.depart_date, capacity: p.capacity, seats_sold: 0 })
    .onConflict((oc) => oc.columns(['flight_number', 'depart_date']).doUpdateSet((eb) => ({ capacity: eb.ref('excluded.capacity') }))),
);

/** Sets the flight-date's sellable seats. The inventory's CHECK refuses a figure below the seats sold. */
export function setInventoryCapacity(store: Store, flightNumber: string, departDate: string, capacity: number): void {
  store.run(setCapacity, { flight_number: flightNumber, depart_date: departDate, capacity });
}

export type CapacityChange = Selectable<CapacityChangeTable>;
export type Offload = Selectable<OffloadTable>;

const CHANGE_COLUMNS = ['flight_number', 'flight_date', 'from_seats', 'to_seats', 'offloaded', 'note', 'at'] as const;
const insertChange = defineQuery('capacity.insertChange', (db, p: Omit<CapacityChange, 'id'>) => db.insertInto('capacity_changes').values(fields(p, CHANGE_COLUMNS)));

export function insertCapacityChange(store: Store, change: Omit<CapacityChange, 'id'>): number {
  return Number(store.run(insertChange, change).lastInsertRowid);
}

const OFFLOAD_COLUMNS = ['booking_id', 'flight_number', 'flight_date', 'change_id', 'was_confirmed', 'to_flight', 'to_date', 'at'] as const;
const insertOffloadQuery = defineQuery('capacity.insertOffload', (db, p: Offload) => db.insertInto('offloads').values(fields(p, OFFLOAD_COLUMNS)).onConflict((oc) => oc.doNothing()),
);

/** Records a booking taken off a flight-date. A booking taken off the same flight-date twice keeps its first record. */
export function insertOffloads(store: Store, rows: readonly Offload[]): void {
  for (const row of rows) store.run(insertOffloadQuery, row);
}

const deniedOnFlightDate = defineQuery('capacity.deniedOnFlightDate', (db, p: { flight_number: string; flight_date: string }) =>
  db.selectFrom('offloads').select('booking_id').where('flight_number', '=', p.flight_number).where('flight_date', '=', p.flight_date).where('was_confirmed', '=', 1),
);

/** The bookings denied boarding on a flight-date: confirmed bookings a capacity change took off it. */
export function deniedBoardingsOn(store: Store, flightNumber: string, flightDate: string): Set<string> {
  return new Set(store.all(deniedOnFlightDate, { flight_number: flightNumber, flight_date: flightDate }).map((r) => r.booking_id));
}

const deniedOfBooking = defineQuery('capacity.deniedOfBooking', (db, p: { booking_id: string }) =>
  db.selectFrom('offloads').select(['flight_number', 'flight_date']).where('booking_id', '=', p.booking_id).where('was_confirmed', '=', 1),
);

/** The flight-dates a booking was denied boarding on. */
export function deniedBoardingsOf(store: Store, bookingId: string): Array<{ flight_number: string; flight_date: string }> {
  return store.all(deniedOfBooking, { booking_id: bookingId });
}

const offloadOfQuery = defineQuery('capacity.offloadOf', (db, p: { booking_id: string; flight_number: string; flight_date: string }) =>
  db.selectFrom('offloads').selectAll().where('booking_id', '=', p.booking_id).where('flight_number', '=', p.flight_number).where('flight_date', '=', p.flight_date),
);

/** How a booking was taken off a flight-date, if it was. */
export function offloadOf(store: Store, bookingId: string, flightNumber: string, flightDate: string): Offload | undefined {
  return store.first(offloadOfQuery, { booking_id: bookingId, flight_number: flightNumber, flight_date: flightDate });
}
