/**
 * Bookings. `booking show` and `booking list` run in operators' loops on stores with a
 * million rows: their queries use the indexes directly (see queryBookings). Writes run
 * inside the caller's `store.write` together with the seat inventory change they belong to.
 */
import type { Store } from './database.js';
import { defineQuery, defineQueryVariants, fields } from './query.js';
import type { BookingStatus, BookingTable } from './schema.js';
import { insertionOrder, unindexed } from './sqlite-dialect.js';
import { storeFailure } from './sqlite-errors.js';

export type Booking = BookingTable;

/** Every column, in the original design's JSON order. */
export const BOOKING_COLUMNS = [
  'id', 'locator', 'customer_id', 'passenger_name', 'flight_number', 'origin', 'destination', 'depart_date', 'seat', 'fare_paid', 'status', 'created_at', 'updated_at',
] as const satisfies ReadonlyArray<keyof BookingTable>;

const byId = defineQuery('bookings.byId', (db, p: { id: string }) => db.selectFrom('bookings').select(BOOKING_COLUMNS).where('id', '=', p.id));
const byLocator = defineQuery('bookings.byLocator', (db, p: { locator: string }) =>
  db.selectFrom('bookings').select(BOOKING_COLUMNS).where('locator', '=', p.locator),
);

export function getBookingById(store: Store, id: string): Booking | undefined {
  return store.first(byId, { id });
}

export function getBookingByLocator(store: Store, locator: string): Booking | undefined {
  return store.first(byLocator, { locator });
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
 * Each filter combination is a statement of its own that walks an index in order:
 * (flight_number, depart_date, created_at), (customer_id, created_at), (customer_id, status,
 * created_at), (depart_date, created_at), (status, created_at) or (created_at).
 */
const bookingList = defineQueryVariants(
  'bookings.list',
  ['flight_number', 'depart_date', 'customer_id', 'status'],
  (db, p: BookingQuery, on) => {
    let q = db.selectFrom('bookings').select(BOOKING_COLUMNS);
    if (on.flight_number) q = q.where('flight_number', '=', p.flight_number!);
    if (on.depart_date) q = q.where('depart_date', '=', p.depart_date!);
    if (on.customer_id) q = q.where('customer_id', '=', p.customer_id!);
    if (on.status) {
      // With a flight or date filter, the status is compared without its indexes: a status
      // matches a large share of all bookings, those filters far fewer. A customer alone
      // with a status has an index of its own, (customer_id, status, created_at).
      q = on.flight_number || on.depart_date ? q.where(unindexed<BookingStatus>('status'), '=', p.status!) : q.where('status', '=', p.status!);
    }
    return q.orderBy('created_at', 'desc').orderBy(insertionOrder(), 'desc').limit(p.limit).offset(p.offset);
  },
);

/** The statement `queryBookings` runs for these filters (exported so tests can check its query plan). */
export function bookingListQuery(q: BookingQuery) {
  return bookingList({ flight_number: q.flight_number !== undefined, depart_date: q.depart_date !== undefined, customer_id: q.customer_id !== undefined, status: q.status !== undefined });
}

/** Bookings matching every given filter, newest first (`created_at`, then insertion order). */
export function queryBookings(store: Store, q: BookingQuery): Booking[] {
  return store.all(bookingListQuery(q), q);
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

const insert = defineQuery('bookings.insert', (db, p: Booking) => db.insertInto('bookings').values(fields(p, BOOKING_COLUMNS)));

/** Inserts a booking. A live seat already held, or a locator already used, is reported, not thrown. */
export function insertBooking(store: Store, b: Booking): WriteOutcome {
  try {
    store.run(insert, b);
    return 'ok';
  } catch (err) {
    return constraintOutcome(err);
  }
}

const setStatus = defineQuery('bookings.setStatus', (db, p: { id: string; status: BookingStatus; at: string }) =>
  db.updateTable('bookings').set({ status: p.status, updated_at: p.at }).where('id', '=', p.id),
);

export function setBookingStatus(store: Store, id: string, status: BookingStatus, at: string): void {
  store.run(setStatus, { id, status, at });
}

export interface BookingMove {
  flight_number: string;
  depart_date: string;
  seat: string;
  fare_paid: number;
  updated_at: string;
}

const move = defineQuery('bookings.move', (db, p: BookingMove & { id: string }) =>
  db
    .updateTable('bookings')
    .set({ flight_number: p.flight_number, depart_date: p.depart_date, seat: p.seat, fare_paid: p.fare_paid, updated_at: p.updated_at })
    .where('id', '=', p.id),
);

/** Moves a booking to another flight-date and seat; a seat already held there is reported, not thrown. */
export function moveBooking(store: Store, id: string, to: BookingMove): WriteOutcome {
  try {
    store.run(move, { ...to, id });
    return 'ok';
  } catch (err) {
    return constraintOutcome(err);
  }
}

/** Statuses that hold a seat. */
export const LIVE_STATUSES = ['pending', 'confirmed'] as const satisfies readonly BookingStatus[];

const countLive = defineQuery('bookings.countLive', (db, p: { flight_number: string; depart_date: string }) =>
  db
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('flight_number', '=', p.flight_number)
    .where('depart_date', '=', p.depart_date)
    .where('status', 'in', LIVE_STATUSES),
);

/** Live (pending or confirmed) bookings on a flight-date. */
export function countLiveBookings(store: Store, flightNumber: string, departDate: string): number {
  return store.first(countLive, { flight_number: flightNumber, depart_date: departDate })?.n ?? 0;
}
