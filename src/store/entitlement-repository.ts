/**
 * Entitlements read back for people: the current value per (disrupted flight-date, booking,
 * kind), and every change to it, append-only. Both are keyed by flight-date first (migration
 * 016): a recompute writes one flight-date's passengers together, and a booking's own are
 * found through the flight-dates it has been on. What the recompute reads and writes is in
 * entitlement-write-repository.ts, which `booking show` does not load.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Store } from './database.js';
import { flightDatesOfBookings, oneBooking } from './booking-flight-dates.js';
import { defineQuery } from './query.js';
import { jsonArrayHas } from './sqlite-dialect.js';
import type { DB, EntitlementHistoryTable, EntitlementTable } from './schema.js';

export type EntitlementRow = Selectable<EntitlementTable>;
/** One change to one booking's entitlement (stored once for every booking it was made to: `booking_ids`). */
export type EntitlementHistoryRow = { id: number; booking_id: string } & Omit<Selectable<EntitlementHistoryTable>, 'id' | 'booking_ids'>;

const ofBooking = defineQuery('entitlements.ofBooking', (db, p: { booking_id: string }) =>
  db
    .selectFrom(flightDatesOfBookings(db, oneBooking(db, p.booking_id)).as('fd'))
    .innerJoin('entitlements as e', (j) => j.onRef('e.flight_number', '=', 'fd.flight_number').onRef('e.flight_date', '=', 'fd.flight_date'))
    .selectAll('e')
    .where('e.booking_id', '=', p.booking_id)
    .orderBy('e.flight_date')
    .orderBy('e.flight_number')
    .orderBy('e.kind'),
);

/** Current entitlements of one booking, every flight-date it was disrupted on. */
export function entitlementsOfBooking(store: Store, bookingId: string): EntitlementRow[] {
  return store.all(ofBooking, { booking_id: bookingId });
}

const historyOfBooking = defineQuery('entitlements.historyOfBooking', (db, p: { booking_id: string }) =>
  db
    .selectFrom(flightDatesOfBookings(db, oneBooking(db, p.booking_id)).as('fd'))
    .innerJoin('entitlement_history as h', (j) => j.onRef('h.flight_number', '=', 'fd.flight_number').onRef('h.flight_date', '=', 'fd.flight_date'))
    .select('h.id')
    .select((eb) => eb.val(p.booking_id).as('booking_id'))
    .select(['h.flight_number', 'h.flight_date', 'h.kind', 'h.change', 'h.amount_inr', 'h.basis', 'h.exempt_reason', 'h.rule', 'h.cause', 'h.at'])
    .where((eb) => jsonArrayHas(eb.ref('h.booking_ids'), p.booking_id))
    .orderBy('h.id'),
);

/** Every change to one booking's entitlements, oldest first. */
export function entitlementHistoryOfBooking(store: Store, bookingId: string): EntitlementHistoryRow[] {
  return store.all(historyOfBooking, { booking_id: bookingId });
}

export interface EntitlementReportFilter {
  flight_date?: string | undefined;
  flight_number?: string | undefined;
}

const reportRowsOfBooking = defineQuery('entitlements.reportRowsOfBooking', (db, p: { booking_id: string }) =>
  db
    .selectFrom(flightDatesOfBookings(db, oneBooking(db, p.booking_id)).as('fd'))
    .innerJoin('entitlements as e', (j) => j.onRef('e.flight_number', '=', 'fd.flight_number').onRef('e.flight_date', '=', 'fd.flight_date'))
    .innerJoin('bookings as b', 'b.id', 'e.booking_id')
    .selectAll('e')
    .select(['b.locator', 'b.passenger_name'])
    .where('e.booking_id', '=', p.booking_id)
    .where('e.status', '!=', 'withdrawn')
    .orderBy('e.flight_date')
    .orderBy('e.flight_number')
    .orderBy('e.kind'),
);

/**
 * One booking's current (not withdrawn) entitlements with its locator, as
 * `entitlementReportRows` gives them for a flight-date. A defined query: `booking show`
 * reads it, and runs without loading the query builder.
 */
export function bookingReportRows(store: Store, bookingId: string): Array<EntitlementRow & { locator: string; passenger_name: string }> {
  return store.all(reportRowsOfBooking, { booking_id: bookingId });
}

/** Current (not withdrawn) entitlements with their booking's locator, by flight-date then booking. */
export function entitlementReportRows(store: Store, f: EntitlementReportFilter): Array<EntitlementRow & { locator: string; passenger_name: string }> {
  let q = store.db
    .selectFrom('entitlements as e')
    .innerJoin('bookings as b', 'b.id', 'e.booking_id')
    .selectAll('e')
    .select(['b.locator', 'b.passenger_name'])
    .where('e.status', '!=', 'withdrawn');
  if (f.flight_date !== undefined) q = q.where('e.flight_date', '=', f.flight_date);
  if (f.flight_number !== undefined) q = q.where('e.flight_number', '=', f.flight_number);
  return store.all(q.orderBy('e.flight_date').orderBy('e.flight_number').orderBy('b.created_at').orderBy('e.booking_id').orderBy('e.kind'));
}

