/**
 * Entitlements: the current value per (booking, disrupted flight-date, kind), and every
 * change to it, append-only. Call the writers inside the caller's `store.write`, together
 * with the change (alert, rebooking, refund) that caused them.
 */
import type { Selectable } from 'kysely';
import type { Booking } from './booking-repository.js';
import type { Store } from './database.js';
import { defineQuery, fields } from './query.js';
import type { EntitlementHistoryTable, EntitlementTable } from './schema.js';

export type EntitlementRow = Selectable<EntitlementTable>;
export type EntitlementHistoryRow = Selectable<EntitlementHistoryTable>;
export type NewEntitlementHistory = Omit<EntitlementHistoryRow, 'id'>;

const ofFlightDate = defineQuery('entitlements.ofFlightDate', (db, p: { flight_number: string; flight_date: string }) =>
  db.selectFrom('entitlements').selectAll().where('flight_number', '=', p.flight_number).where('flight_date', '=', p.flight_date).orderBy('booking_id').orderBy('kind'),
);

/** Current entitlements of one flight-date, every booking. */
export function entitlementsOfFlightDate(store: Store, flightNumber: string, flightDate: string): EntitlementRow[] {
  return store.all(ofFlightDate, { flight_number: flightNumber, flight_date: flightDate });
}

/** Current entitlements of one booking, every flight-date it was disrupted on. */
export function entitlementsOfBooking(store: Store, bookingId: string): EntitlementRow[] {
  return store.all(store.db.selectFrom('entitlements').selectAll().where('booking_id', '=', bookingId).orderBy('flight_date').orderBy('flight_number').orderBy('kind'));
}

const ENTITLEMENT_COLUMNS = ['booking_id', 'flight_number', 'flight_date', 'kind', 'amount_inr', 'basis', 'exempt_reason', 'rule', 'status', 'updated_at'] as const;

const upsert = defineQuery('entitlements.upsert', (db, p: EntitlementRow) =>
  db
    .insertInto('entitlements')
    .values(fields(p, ENTITLEMENT_COLUMNS))
    .onConflict((oc) =>
      oc.columns(['booking_id', 'flight_number', 'flight_date', 'kind']).doUpdateSet((eb) => ({
        amount_inr: eb.ref('excluded.amount_inr'),
        basis: eb.ref('excluded.basis'),
        exempt_reason: eb.ref('excluded.exempt_reason'),
        rule: eb.ref('excluded.rule'),
        status: eb.ref('excluded.status'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    ),
);

/** Writes entitlements (new ones inserted, known ones replaced); an alert change may write one per passenger. */
export function upsertEntitlements(store: Store, rows: readonly EntitlementRow[]): void {
  for (const row of rows) store.run(upsert, row);
}

const HISTORY_COLUMNS = ['booking_id', 'flight_number', 'flight_date', 'kind', 'change', 'amount_inr', 'basis', 'exempt_reason', 'rule', 'cause', 'at'] as const;

const appendHistory = defineQuery('entitlements.appendHistory', (db, p: NewEntitlementHistory) => db.insertInto('entitlement_history').values(fields(p, HISTORY_COLUMNS)));

export function appendEntitlementHistory(store: Store, rows: readonly NewEntitlementHistory[]): void {
  for (const row of rows) store.run(appendHistory, row);
}

export function entitlementHistoryOfBooking(store: Store, bookingId: string): EntitlementHistoryRow[] {
  return store.all(store.db.selectFrom('entitlement_history').selectAll().where('booking_id', '=', bookingId).orderBy('id'));
}

/**
 * The bookings whose entitlements a flight-date decides: those confirmed on it now (a
 * pending booking is not yet a ticket the CAR protects), those denied boarding on it (taken
 * off by a capacity change while confirmed, wherever they are now) and those with
 * entitlements stored for it (refunded, moved away or cancelled since).
 */
export function bookingsOfFlightDate(store: Store, flightNumber: string, flightDate: string): Booking[] {
  return store.all(bookingsOfFlightDateQuery, { flight_number: flightNumber, flight_date: flightDate });
}

const bookingsOfFlightDateQuery = defineQuery('entitlements.bookingsOfFlightDate', (db, p: { flight_number: string; flight_date: string }) =>
  db
    .selectFrom('bookings')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('flight_number', '=', p.flight_number), eb('depart_date', '=', p.flight_date), eb('status', '=', 'confirmed')]),
        eb('id', 'in', db.selectFrom('entitlements').select('booking_id').where('flight_number', '=', p.flight_number).where('flight_date', '=', p.flight_date)),
        eb('id', 'in', db.selectFrom('offloads').select('booking_id').where('flight_number', '=', p.flight_number).where('flight_date', '=', p.flight_date).where('was_confirmed', '=', 1)),
      ]),
    )
    .orderBy('created_at')
    .orderBy('id'),
);

const firstCancellation = defineQuery('entitlements.firstCancellationAlertAt', (db, p: { flight_number: string; flight_date: string }) =>
  db
    .selectFrom('alerts')
    .select((eb) => eb.fn.min('created_at').as('at'))
    .where('flight_number', '=', p.flight_number)
    .where('flight_date', '=', p.flight_date)
    .where('alert_type', '=', 'CANCELLATION'),
);

/** When the first cancellation alert for a flight-date was raised (the passengers were told then), if any. */
export function firstCancellationAlertAt(store: Store, flightNumber: string, flightDate: string): string | undefined {
  return store.first(firstCancellation, { flight_number: flightNumber, flight_date: flightDate })?.at ?? undefined;
}

/** The amount of a booking's latest refund, if it was refunded. */
export function latestRefundAmount(store: Store, bookingId: string): number | undefined {
  const row = store.first(
    store.db.selectFrom('booking_history').select('refund_amount').where('booking_id', '=', bookingId).where('action', '=', 'refunded').orderBy('id', 'desc').limit(1),
  );
  return row?.refund_amount;
}

export interface EntitlementReportFilter {
  flight_date?: string | undefined;
  flight_number?: string | undefined;
}

const reportRowsOfBooking = defineQuery('entitlements.reportRowsOfBooking', (db, p: { booking_id: string }) =>
  db
    .selectFrom('entitlements as e')
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
