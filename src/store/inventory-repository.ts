/**
 * Seat inventory per flight-date. The database enforces capacity: a sale is a conditional
 * update that only succeeds while `seats_sold < capacity` (and a CHECK backs it up), and a
 * seat can be held by one live booking only (unique partial index on bookings). Call these
 * inside `store.write` together with the booking change they belong to.
 */
import { LIVE_STATUSES } from './booking-repository.js';
import type { Store } from './database.js';
import { defineQuery } from './query.js';

type FlightDate = { flight_number: string; depart_date: string };

const openInventory = defineQuery('inventory.open', (db, p: FlightDate & { capacity: number }) =>
  db
    .insertInto('flight_inventory')
    .values({ flight_number: p.flight_number, depart_date: p.depart_date, capacity: p.capacity, seats_sold: 0 })
    .onConflict((oc) => oc.doNothing()),
);
const take = defineQuery('inventory.take', (db, p: FlightDate) =>
  db
    .updateTable('flight_inventory')
    .set((eb) => ({ seats_sold: eb('seats_sold', '+', 1) }))
    .where('flight_number', '=', p.flight_number)
    .where('depart_date', '=', p.depart_date)
    .whereRef('seats_sold', '<', 'capacity'),
);

/** Counts one more seat sold. Returns false (and changes nothing) when the flight is full. */
export function takeSeat(store: Store, flightNumber: string, departDate: string, capacity: number): boolean {
  const at = { flight_number: flightNumber, depart_date: departDate };
  store.run(openInventory, { ...at, capacity });
  return store.run(take, at).changes === 1;
}

const release = defineQuery('inventory.release', (db, p: FlightDate) =>
  db
    .updateTable('flight_inventory')
    .set((eb) => ({ seats_sold: eb('seats_sold', '-', 1) }))
    .where('flight_number', '=', p.flight_number)
    .where('depart_date', '=', p.depart_date)
    .where('seats_sold', '>', 0),
);

/** Counts one seat fewer (a cancellation or a move away). */
export function releaseSeat(store: Store, flightNumber: string, departDate: string): void {
  store.run(release, { flight_number: flightNumber, depart_date: departDate });
}

const addSold = defineQuery('inventory.add', (db, p: FlightDate & { capacity: number; seats: number }) =>
  db
    .insertInto('flight_inventory')
    .values({ flight_number: p.flight_number, depart_date: p.depart_date, capacity: p.capacity, seats_sold: p.seats })
    .onConflict((oc) => oc.columns(['flight_number', 'depart_date']).doUpdateSet((eb) => ({ seats_sold: eb('flight_inventory.seats_sold', '+', eb.ref('excluded.seats_sold')) }))),
);

/** Adds `seats` sold to a flight-date, creating its inventory row. The CHECK refuses going over capacity. */
export function addSeatsSold(store: Store, flightNumber: string, departDate: string, capacity: number, seats: number): void {
  store.run(addSold, { flight_number: flightNumber, depart_date: departDate, capacity, seats });
}

const sold = defineQuery('inventory.sold', (db, p: FlightDate) =>
  db.selectFrom('flight_inventory').select('seats_sold').where('flight_number', '=', p.flight_number).where('depart_date', '=', p.depart_date),
);

export function seatsSold(store: Store, flightNumber: string, departDate: string): number {
  return store.first(sold, { flight_number: flightNumber, depart_date: departDate })?.seats_sold ?? 0;
}

const soldOn = defineQuery('inventory.soldOn', (db, p: { depart_date: string }) =>
  db.selectFrom('flight_inventory').select(['flight_number', 'seats_sold']).where('depart_date', '=', p.depart_date),
);

/** Seats sold per flight number on one date. */
export function seatsSoldOn(store: Store, departDate: string): Map<string, number> {
  return new Map(store.all(soldOn, { depart_date: departDate }).map((r) => [r.flight_number, r.seats_sold]));
}

const taken = defineQuery('inventory.takenSeats', (db, p: FlightDate) =>
  db.selectFrom('bookings').select('seat').where('flight_number', '=', p.flight_number).where('depart_date', '=', p.depart_date).where('status', 'in', LIVE_STATUSES),
);

/** Seats held by live (pending or confirmed) bookings on a flight-date. */
export function takenSeats(store: Store, flightNumber: string, departDate: string): Set<string> {
  return new Set(store.all(taken, { flight_number: flightNumber, depart_date: departDate }).map((r) => r.seat));
}
