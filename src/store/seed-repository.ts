/**
 * Bulk reads and writes for seeding and schedule import: hand-written SQL through the
 * store's cached prepared statements, because seeding a million bookings must take seconds.
 * Call the writers inside `store.write`.
 */
import type { ScheduleEntry } from '../domain/schedule.js';
import type { Store } from './database.js';
import type { BookingTable, BookingHistoryTable } from './schema.js';

/** Every schedule line in the store. */
export function allScheduleLines(store: Store): ScheduleEntry[] {
  return store.sqlAll<ScheduleEntry>(
    `select flight_number, origin, destination, departure_time, arrival_time, arrival_day_offset, days_of_operation,
            valid_from, valid_to, aircraft_type, base_fare
       from schedule order by flight_number, valid_from`,
  );
}

/** The schedule lines of one flight number, oldest validity first. */
export function listScheduleLinesFor(store: Store, flightNumber: string): ScheduleEntry[] {
  return allScheduleLines(store).filter((l) => l.flight_number === flightNumber);
}

export function existingIds(store: Store, table: 'customers' | 'airports', key: 'id' | 'code'): Set<string> {
  return new Set(store.sqlAll<{ k: string }>(`select ${key} as k from ${table}`).map((r) => r.k));
}

/** Inserts one booking as given (the caller has checked it); false if its id is already there. */
export function insertBooking(store: Store, b: BookingTable): boolean {
  return (
    store.sqlRun(
      `insert into bookings (id, locator, customer_id, passenger_name, flight_number, origin, destination, depart_date, seat,
                             fare_paid, status, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (id) do nothing`,
      [b.id, b.locator, b.customer_id, b.passenger_name, b.flight_number, b.origin, b.destination, b.depart_date, b.seat,
        b.fare_paid, b.status, b.created_at, b.updated_at],
    ).changes === 1
  );
}

export type HistoryRow = Omit<BookingHistoryTable, 'id'>;

export function insertHistory(store: Store, h: HistoryRow): void {
  store.sqlRun(
    `insert into booking_history (booking_id, at, action, reason, from_flight, from_date, from_seat, to_flight, to_date, to_seat,
                                  price_difference, change_fee, total_cost, refund_amount)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [h.booking_id, h.at, h.action, h.reason, h.from_flight, h.from_date, h.from_seat, h.to_flight, h.to_date, h.to_seat,
      h.price_difference, h.change_fee, h.total_cost, h.refund_amount],
  );
}

/** Adds `delta` seats sold to a flight-date, creating its inventory row. The CHECK refuses going over capacity. */
export function addSeatsSold(store: Store, flightNumber: string, departDate: string, capacity: number, delta: number): void {
  store.sqlRun(
    `insert into flight_inventory (flight_number, depart_date, capacity, seats_sold) values (?, ?, ?, ?)
     on conflict (flight_number, depart_date) do update set seats_sold = seats_sold + excluded.seats_sold`,
    [flightNumber, departDate, capacity, delta],
  );
}

/** The highest id with `prefix` (generated bookings carry one), or undefined. */
export function maxIdWithPrefix(store: Store, prefix: string): string | undefined {
  return store.sqlFirst<{ id: string | null }>('select max(id) as id from bookings where id >= ? and id < ?', [prefix, `${prefix}\uffff`])?.id ?? undefined;
}

const BOOKING_COLUMNS = 'id, locator, customer_id, passenger_name, flight_number, origin, destination, depart_date, seat, fare_paid, status, created_at, updated_at';
/** Rows per multi-row insert: fewer statement runs; 64 × 13 parameters stays far below SQLite's limit. */
const BATCH = 64;
const insertSql = (rows: number) =>
  `insert into bookings (${BOOKING_COLUMNS}) values ${Array.from({ length: rows }, () => '(?,?,?,?,?,?,?,?,?,?,?,?,?)').join(',')} on conflict do nothing`;

/**
 * Generated bookings (ids in [firstId, lastId], none of which may exist yet) with their
 * `created` history (and `cancelled` for cancelled ones), and their seats counted in
 * flight_inventory. A row clashing with any unique key (locator, live seat) is skipped by
 * the database; history and inventory are derived from the rows actually written, so they
 * stay exact. Call inside `store.write`.
 */
export function insertGeneratedBookings(
  store: Store,
  rows: readonly BookingTable[],
  capacityOf: (flightNumber: string) => number,
): { inserted: number; skipped: number } {
  if (rows.length === 0) return { inserted: 0, skipped: 0 };
  let inserted = 0;
  for (let at = 0; at < rows.length; at += BATCH) {
    const batch = rows.slice(at, at + BATCH);
    const params: unknown[] = [];
    for (const b of batch) {
      params.push(b.id, b.locator, b.customer_id, b.passenger_name, b.flight_number, b.origin, b.destination, b.depart_date, b.seat,
        b.fare_paid, b.status, b.created_at, b.updated_at);
    }
    inserted += store.sqlRun(insertSql(batch.length), params).changes;
  }
  let firstId = rows[0]!.id;
  let lastId = firstId;
  for (const r of rows) {
    if (r.id < firstId) firstId = r.id;
    if (r.id > lastId) lastId = r.id;
  }
  store.sqlRun(
    `insert into booking_history (booking_id, at, action, reason, to_flight, to_date, to_seat, total_cost)
     select id, created_at, 'created', 'seed', flight_number, depart_date, seat, fare_paid from bookings where id between ? and ? order by id`,
    [firstId, lastId],
  );
  store.sqlRun(
    `insert into booking_history (booking_id, at, action, reason, from_flight, from_date, from_seat)
     select id, updated_at, 'cancelled', 'customer request', flight_number, depart_date, seat from bookings
      where id between ? and ? and status = 'cancelled' order by id`,
    [firstId, lastId],
  );
  const live = store.sqlAll<{ flight_number: string; depart_date: string; n: number }>(
    `select flight_number, depart_date, count(*) as n from bookings
      where id between ? and ? and status in ('pending','confirmed') group by flight_number, depart_date`,
    [firstId, lastId],
  );
  for (const g of live) addSeatsSold(store, g.flight_number, g.depart_date, capacityOf(g.flight_number), g.n);
  return { inserted, skipped: rows.length - inserted };
}
