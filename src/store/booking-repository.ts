/**
 * Bookings. Reads are hand-written SQL (cached statements): `booking show` and
 * `booking list` run in operators' loops on stores with a million rows, so they use the
 * indexes directly and skip the query builder. Writes run inside the caller's
 * `store.write` together with the seat inventory change they belong to.
 */
import type { Store } from './database.js';
import type { BookingStatus, BookingTable } from './schema.js';
import { storeFailure } from './sqlite-errors.js';

export type Booking = BookingTable;

/** Column list in the original design's JSON order. */
const COLUMNS =
  'id, locator, customer_id, passenger_name, flight_number, origin, destination, depart_date, seat, fare_paid, status, created_at, updated_at';

export function getBookingById(store: Store, id: string): Booking | undefined {
  return store.sqlFirst<Booking>(`select ${COLUMNS} from bookings where id = ?`, [id]);
}

export function getBookingByLocator(store: Store, locator: string): Booking | undefined {
  return store.sqlFirst<Booking>(`select ${COLUMNS} from bookings where locator = ?`, [locator]);
}

export interface BookingQuery {
  customer_id?: string | undefined;
  flight_number?: string | undefined;
  depart_date?: string | undefined;
  status?: BookingStatus | undefined;
  limit: number;
  offset: number;
}

/**
 * Bookings matching every given filter, newest first (`created_at`, then insertion order).
 * Each filter combination compiles to one cached statement that walks an index in order:
 * (flight_number, depart_date, created_at), (customer_id, created_at), (customer_id, status,
 * created_at), (depart_date, created_at), (status, created_at) or (created_at).
 */
export function queryBookings(store: Store, q: BookingQuery): Booking[] {
  const { sql, params } = bookingQuerySql(q);
  return store.sqlAll<Booking>(sql, params);
}

/** The statement `queryBookings` runs (exported so tests can check its query plan). */
export function bookingQuerySql(q: BookingQuery): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.flight_number !== undefined) {
    where.push('flight_number = ?');
    params.push(q.flight_number);
  }
  if (q.depart_date !== undefined) {
    where.push('depart_date = ?');
    params.push(q.depart_date);
  }
  if (q.customer_id !== undefined) {
    where.push('customer_id = ?');
    params.push(q.customer_id);
  }
  if (q.status !== undefined) {
    // With a flight or date filter, `+status` keeps SQLite off the status indexes: a status
    // matches a large share of all bookings, those filters far fewer. A customer alone
    // with a status has an index of its own, (customer_id, status, created_at).
    const onlyCustomer = q.flight_number === undefined && q.depart_date === undefined && q.customer_id !== undefined;
    where.push(where.length && !onlyCustomer ? '+status = ?' : 'status = ?');
    params.push(q.status);
  }
  params.push(q.limit, q.offset);
  const sql = `select ${COLUMNS} from bookings${where.length ? ` where ${where.join(' and ')}` : ''} order by created_at desc, rowid desc limit ? offset ?`;
  return { sql, params };
}

export type WriteOutcome = 'ok' | 'seat_taken' | 'locator_taken';

/** Maps a unique-constraint failure to what it means; rethrows anything else. */
function constraintOutcome(err: unknown): WriteOutcome {
  if (storeFailure(err) === 'constraint' && err instanceof Error) {
    if (err.message.includes('bookings.seat')) return 'seat_taken';
    if (err.message.includes('bookings.locator')) return 'locator_taken';
  }
  throw err;
}

/** Inserts a booking. A live seat already held, or a locator already used, is reported, not thrown. */
export function insertBooking(store: Store, b: Booking): WriteOutcome {
  try {
    store.sqlRun(
      `insert into bookings (${COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [b.id, b.locator, b.customer_id, b.passenger_name, b.flight_number, b.origin, b.destination, b.depart_date, b.seat, b.fare_paid, b.status, b.created_at, b.updated_at],
    );
    return 'ok';
  } catch (err) {
    return constraintOutcome(err);
  }
}

export function setBookingStatus(store: Store, id: string, status: BookingStatus, at: string): void {
  store.sqlRun('update bookings set status = ?, updated_at = ? where id = ?', [status, at, id]);
}

export interface BookingMove {
  flight_number: string;
  depart_date: string;
  seat: string;
  fare_paid: number;
  updated_at: string;
}

/** Moves a booking to another flight-date and seat; a seat already held there is reported, not thrown. */
export function moveBooking(store: Store, id: string, to: BookingMove): WriteOutcome {
  try {
    store.sqlRun('update bookings set flight_number = ?, depart_date = ?, seat = ?, fare_paid = ?, updated_at = ? where id = ?', [
      to.flight_number,
      to.depart_date,
      to.seat,
      to.fare_paid,
      to.updated_at,
      id,
    ]);
    return 'ok';
  } catch (err) {
    return constraintOutcome(err);
  }
}

/** Live (pending or confirmed) bookings on a flight-date. */
export function countLiveBookings(store: Store, flightNumber: string, departDate: string): number {
  return (
    store.sqlFirst<{ n: number }>(
      "select count(*) as n from bookings where flight_number = ? and depart_date = ? and status in ('pending','confirmed')",
      [flightNumber, departDate],
    )?.n ?? 0
  );
}
