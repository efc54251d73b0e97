/**
 * Seat inventory per flight-date. The database enforces capacity: a sale is a conditional
 * update that only succeeds while `seats_sold < capacity` (and a CHECK backs it up), and a
 * seat can be held by one live booking only (unique partial index on bookings). Call these
 * inside `store.write` together with the booking change they belong to.
 */
import type { Store } from './database.js';

/** Counts one more seat sold. Returns false (and changes nothing) when the flight is full. */
export function takeSeat(store: Store, flightNumber: string, departDate: string, capacity: number): boolean {
  store.sqlRun(
    'insert into flight_inventory (flight_number, depart_date, capacity, seats_sold) values (?, ?, ?, 0) on conflict do nothing',
    [flightNumber, departDate, capacity],
  );
  return (
    store.sqlRun(
      'update flight_inventory set seats_sold = seats_sold + 1 where flight_number = ? and depart_date = ? and seats_sold < capacity',
      [flightNumber, departDate],
    ).changes === 1
  );
}

/** Counts one seat fewer (a cancellation or a move away). */
export function releaseSeat(store: Store, flightNumber: string, departDate: string): void {
  store.sqlRun(
    'update flight_inventory set seats_sold = seats_sold - 1 where flight_number = ? and depart_date = ? and seats_sold > 0',
    [flightNumber, departDate],
  );
}

export function seatsSold(store: Store, flightNumber: string, departDate: string): number {
  return (
    store.sqlFirst<{ seats_sold: number }>('select seats_sold from flight_inventory where flight_number = ? and depart_date = ?', [flightNumber, departDate])
      ?.seats_sold ?? 0
  );
}

/** Seats sold per flight number on one date. */
export function seatsSoldOn(store: Store, departDate: string): Map<string, number> {
  const rows = store.sqlAll<{ flight_number: string; seats_sold: number }>(
    'select flight_number, seats_sold from flight_inventory where depart_date = ?',
    [departDate],
  );
  return new Map(rows.map((r) => [r.flight_number, r.seats_sold]));
}

/** Seats held by live (pending or confirmed) bookings on a flight-date. */
export function takenSeats(store: Store, flightNumber: string, departDate: string): Set<string> {
  const rows = store.sqlAll<{ seat: string }>(
    "select seat from bookings where flight_number = ? and depart_date = ? and status in ('pending','confirmed')",
    [flightNumber, departDate],
  );
  return new Set(rows.map((r) => r.seat));
}
