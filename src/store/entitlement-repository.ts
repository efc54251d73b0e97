/**
 * Entitlements read back for people: the current value per (disrupted flight-date, booking,
 * kind), and every change to it, append-only. Both are keyed by flight-date first (migration
 * 016): a recompute writes one flight-date's passengers together, and a booking's own are
 * found through the flight-dates it has been on. What several bookings of a flight-date share
 * is stored once for them (migration 023, store/entitlement-groups.ts): readers by flight-date
 * read the view `entitlement_rows`, readers by booking its two halves. What the recompute reads and writes is in
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
    .where('e.booking_id', '=', p.booking_id),
);

/** The rows of the groups (migration 023) that list one booking, on the flight-dates it has been on, as that booking's own. */
const sharedOfBooking = defineQuery('entitlements.sharedOfBooking', (db, p: { booking_id: string }) =>
  db
    .selectFrom(flightDatesOfBookings(db, oneBooking(db, p.booking_id)).as('fd'))
    .innerJoin('entitlement_groups as g', (j) => j.onRef('g.flight_date', '=', 'fd.flight_date').onRef('g.flight_number', '=', 'fd.flight_number'))
    .select((eb) => eb.val(p.booking_id).as('booking_id'))
    .select(['g.flight_number', 'g.flight_date', 'g.kind', 'g.amount_inr', 'g.basis', 'g.exempt_reason', 'g.rule', 'g.status', 'g.updated_at'])
    .where((eb) => jsonArrayHas(eb.ref('g.booking_ids'), p.booking_id)),
);

const byFlightDateThenKind = (a: EntitlementRow, b: EntitlementRow) =>
  a.flight_date !== b.flight_date ? (a.flight_date < b.flight_date ? -1 : 1) : a.flight_number !== b.flight_number ? (a.flight_number < b.flight_number ? -1 : 1) : a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0;

/**
 * One booking's rows, its own and those it shares (migration 023), by flight-date then kind.
 * Two queries, not the view `entitlement_rows`: joined to the flight-dates, SQLite would
 * materialize the whole view before picking the booking's rows out.
 */
function rowsOfBooking<R extends EntitlementRow>(own: readonly R[], shared: readonly R[]): R[] {
  return [...own, ...shared].sort(byFlightDateThenKind);
}

/** Current entitlements of one booking, every flight-date it was disrupted on. */
export function entitlementsOfBooking(store: Store, bookingId: string): EntitlementRow[] {
  return rowsOfBooking(store.all(ofBooking, { booking_id: bookingId }), store.all(sharedOfBooking, { booking_id: bookingId }));
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
    .where('e.status', '!=', 'withdrawn'),
);

const sharedReportRowsOfBooking = defineQuery('entitlements.sharedReportRowsOfBooking', (db, p: { booking_id: string }) =>
  db
    .selectFrom(flightDatesOfBookings(db, oneBooking(db, p.booking_id)).as('fd'))
    .innerJoin('entitlement_groups as g', (j) => j.onRef('g.flight_date', '=', 'fd.flight_date').onRef('g.flight_number', '=', 'fd.flight_number'))
    .innerJoin('bookings as b', (j) => j.on('b.id', '=', p.booking_id))
    .select((eb) => eb.val(p.booking_id).as('booking_id'))
    .select(['g.flight_number', 'g.flight_date', 'g.kind', 'g.amount_inr', 'g.basis', 'g.exempt_reason', 'g.rule', 'g.status', 'g.updated_at', 'b.locator', 'b.passenger_name'])
    .where('g.status', '!=', 'withdrawn')
    .where((eb) => jsonArrayHas(eb.ref('g.booking_ids'), p.booking_id)),
);

/**
 * One booking's current (not withdrawn) entitlements with its locator, as
 * `entitlementReportRows` gives them for a flight-date. Defined queries: `booking show`
 * reads them, and runs without loading the query builder.
 */
export function bookingReportRows(store: Store, bookingId: string): Array<EntitlementRow & { locator: string; passenger_name: string }> {
  return rowsOfBooking(store.all(reportRowsOfBooking, { booking_id: bookingId }), store.all(sharedReportRowsOfBooking, { booking_id: bookingId }));
}

/** Current (not withdrawn) entitlements with their booking's locator, by flight-date then booking. */
export function entitlementReportRows(store: Store, f: EntitlementReportFilter): Array<EntitlementRow & { locator: string; passenger_name: string }> {
  let q = store.db
    .selectFrom('entitlement_rows as e')
    .innerJoin('bookings as b', 'b.id', 'e.booking_id')
    .selectAll('e')
    .select(['b.locator', 'b.passenger_name'])
    .where('e.status', '!=', 'withdrawn');
  if (f.flight_date !== undefined) q = q.where('e.flight_date', '=', f.flight_date);
  if (f.flight_number !== undefined) q = q.where('e.flight_number', '=', f.flight_number);
  return store.all(q.orderBy('e.flight_date').orderBy('e.flight_number').orderBy('b.created_at').orderBy('e.booking_id').orderBy('e.kind'));
}

