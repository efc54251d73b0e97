/**
 * Bulk writes for seeding: generated bookings with their history and inventory. Call the
 * writers inside `store.write`.
 */
import { addSeatsSold } from './inventory-repository.js';
import { insertBooking, LIVE_STATUSES } from './booking-repository.js';
import type { Store } from './database.js';
import { defineQuery } from './query.js';
import type { BookingTable } from './schema.js';

const maxId = defineQuery('bookings.maxIdBetween', (db, p: { from: string; below: string }) =>
  db.selectFrom('bookings').select((eb) => eb.fn.max('id').as('id')).where('id', '>=', p.from).where('id', '<', p.below),
);

/** The highest id with `prefix` (generated bookings carry one), or undefined. */
export function maxIdWithPrefix(store: Store, prefix: string): string | undefined {
  return store.first(maxId, { from: prefix, below: `${prefix}\uffff` })?.id ?? undefined;
}

type IdRange = { first: string; last: string };

const createdHistory = defineQuery('bookingHistory.createdForRange', (db, p: IdRange) =>
  db
    .insertInto('booking_history')
    .columns(['booking_id', 'at', 'action', 'reason', 'to_flight', 'to_date', 'to_seat', 'total_cost'])
    .expression(
      db
        .selectFrom('bookings')
        .select((eb) => ['id', 'created_at', eb.val('created').as('action'), eb.val('seed').as('reason'), 'flight_number', 'depart_date', 'seat', 'fare_paid'])
        .where('id', '>=', p.first)
        .where('id', '<=', p.last)
        .orderBy('id'),
    ),
);
const cancelledHistory = defineQuery('bookingHistory.cancelledForRange', (db, p: IdRange) =>
  db
    .insertInto('booking_history')
    .columns(['booking_id', 'at', 'action', 'reason', 'from_flight', 'from_date', 'from_seat'])
    .expression(
      db
        .selectFrom('bookings')
        .select((eb) => ['id', 'updated_at', eb.val('cancelled').as('action'), eb.val('customer request').as('reason'), 'flight_number', 'depart_date', 'seat'])
        .where('id', '>=', p.first)
        .where('id', '<=', p.last)
        .where('status', '=', 'cancelled')
        .orderBy('id'),
    ),
);
const liveByFlightDate = defineQuery('bookings.liveByFlightDateForRange', (db, p: IdRange) =>
  db
    .selectFrom('bookings')
    .select((eb) => ['flight_number', 'depart_date', eb.fn.countAll<number>().as('n')])
    .where('id', '>=', p.first)
    .where('id', '<=', p.last)
    .where('status', 'in', LIVE_STATUSES)
    .groupBy(['flight_number', 'depart_date']),
);

/**
 * Generated bookings (ids in [firstId, lastId], none of which may exist yet) with their
 * `created` history (and `cancelled` for cancelled ones), and their seats counted in
 * flight_inventory. A row clashing with a unique key (locator, live seat) is skipped; history
 * and inventory are derived from the rows actually written, so they stay exact. Call inside
 * `store.write`.
 */
export function insertGeneratedBookings(
  store: Store,
  rows: readonly BookingTable[],
  capacityOf: (flightNumber: string) => number,
): { inserted: number; skipped: number } {
  if (rows.length === 0) return { inserted: 0, skipped: 0 };
  let inserted = 0;
  for (const b of rows) if (insertBooking(store, b) === 'ok') inserted++;
  const range: IdRange = { first: rows[0]!.id, last: rows[0]!.id };
  for (const r of rows) {
    if (r.id < range.first) range.first = r.id;
    if (r.id > range.last) range.last = r.id;
  }
  store.run(createdHistory, range);
  store.run(cancelledHistory, range);
  for (const g of store.all(liveByFlightDate, range)) addSeatsSold(store, g.flight_number, g.depart_date, capacityOf(g.flight_number), g.n);
  return { inserted, skipped: rows.length - inserted };
}
