/**
 * Entitlements: the current value per (disrupted flight-date, booking, kind), and every
 * change to it, append-only. Both are keyed by flight-date first (migration 016): a
 * recompute writes one flight-date's passengers together. A booking's own are found through
 * the flight-dates it has been on. Call the writers inside the caller's `store.write`,
 * together with the change (alert, rebooking, refund) that caused them.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Booking } from './booking-repository.js';
import type { Store } from './database.js';
import { defineQuery, fields } from './query.js';
import type { DB, EntitlementFlightDateTable, EntitlementHistoryTable, EntitlementTable } from './schema.js';

export type EntitlementRow = Selectable<EntitlementTable>;
export type EntitlementHistoryRow = Selectable<EntitlementHistoryTable>;
export type NewEntitlementHistory = Omit<EntitlementHistoryRow, 'id'>;
export type FlightDateInputs = Selectable<EntitlementFlightDateTable>;

const ofFlightDate = defineQuery('entitlements.ofFlightDate', (db, p: { flight_number: string; flight_date: string }) =>
  db.selectFrom('entitlements').selectAll().where('flight_number', '=', p.flight_number).where('flight_date', '=', p.flight_date).orderBy('booking_id').orderBy('kind'),
);

/** Current entitlements of one flight-date, every booking. */
export function entitlementsOfFlightDate(store: Store, flightNumber: string, flightDate: string): EntitlementRow[] {
  return store.all(ofFlightDate, { flight_number: flightNumber, flight_date: flightDate });
}

/**
 * Every flight-date a booking can have entitlements on: where it is booked now, each
 * flight-date a move took it from (booking_history), and each a capacity change took it off.
 */
function flightDatesOf(db: Kysely<DB>, bookingId: string) {
  return db
    .selectFrom('bookings')
    .select(['flight_number', 'depart_date as flight_date'])
    .where('id', '=', bookingId)
    .union(
      db
        .selectFrom('booking_history')
        .select(['from_flight as flight_number', 'from_date as flight_date'])
        .where('booking_id', '=', bookingId)
        .where('from_flight', 'is not', null)
        .where('from_date', 'is not', null)
        .$narrowType<{ flight_number: string; flight_date: string }>(),
    )
    .union(db.selectFrom('offloads').select(['flight_number', 'flight_date']).where('booking_id', '=', bookingId));
}

const ofBooking = defineQuery('entitlements.ofBooking', (db, p: { booking_id: string }) =>
  db
    .selectFrom(flightDatesOf(db, p.booking_id).as('fd'))
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

const ENTITLEMENT_COLUMNS = ['booking_id', 'flight_number', 'flight_date', 'kind', 'amount_inr', 'basis', 'exempt_reason', 'rule', 'status', 'updated_at'] as const;

const insert = defineQuery('entitlements.insert', (db, p: EntitlementRow) => db.insertInto('entitlements').values(fields(p, ENTITLEMENT_COLUMNS)));

const update = defineQuery('entitlements.update', (db, p: EntitlementRow) =>
  db
    .updateTable('entitlements')
    .set({ amount_inr: p.amount_inr, basis: p.basis, exempt_reason: p.exempt_reason, rule: p.rule, status: p.status, updated_at: p.updated_at })
    .where('flight_date', '=', p.flight_date)
    .where('flight_number', '=', p.flight_number)
    .where('booking_id', '=', p.booking_id)
    .where('kind', '=', p.kind),
);

/**
 * Writes entitlements: `added` are new, `changed` replace stored ones (an update by key costs
 * less than an upsert); an alert change may write one per passenger.
 */
export function writeEntitlements(store: Store, added: readonly EntitlementRow[], changed: readonly EntitlementRow[]): void {
  for (const row of added) store.run(insert, row);
  for (const row of changed) store.run(update, row);
}

const HISTORY_COLUMNS = ['booking_id', 'flight_number', 'flight_date', 'kind', 'change', 'amount_inr', 'basis', 'exempt_reason', 'rule', 'cause', 'at'] as const;

const appendHistory = defineQuery('entitlements.appendHistory', (db, p: NewEntitlementHistory) => db.insertInto('entitlement_history').values(fields(p, HISTORY_COLUMNS)));

export function appendEntitlementHistory(store: Store, rows: readonly NewEntitlementHistory[]): void {
  for (const row of rows) store.run(appendHistory, row);
}

const historyOfBooking = defineQuery('entitlements.historyOfBooking', (db, p: { booking_id: string }) =>
  db
    .selectFrom(flightDatesOf(db, p.booking_id).as('fd'))
    .innerJoin('entitlement_history as h', (j) => j.onRef('h.flight_number', '=', 'fd.flight_number').onRef('h.flight_date', '=', 'fd.flight_date'))
    .selectAll('h')
    .where('h.booking_id', '=', p.booking_id)
    .orderBy('h.id'),
);

/** Every change to one booking's entitlements, oldest first. */
export function entitlementHistoryOfBooking(store: Store, bookingId: string): EntitlementHistoryRow[] {
  return store.all(historyOfBooking, { booking_id: bookingId });
}

/** What the rules read of a booking. */
export type EntitlementBooking = Pick<Booking, 'id' | 'flight_number' | 'depart_date' | 'status' | 'fare_paid'>;

/**
 * The bookings whose entitlements a flight-date decides: those confirmed on it now (a
 * pending booking is not yet a ticket the CAR protects), those denied boarding on it (taken
 * off by a capacity change while confirmed, wherever they are now) and those with
 * entitlements stored for it (refunded, moved away or cancelled since).
 */
export function bookingsOfFlightDate(store: Store, flightNumber: string, flightDate: string): EntitlementBooking[] {
  return store.all(bookingsOfFlightDateQuery, { flight_number: flightNumber, flight_date: flightDate });
}

const bookingsOfFlightDateQuery = defineQuery('entitlements.bookingsOfFlightDate', (db, p: { flight_number: string; flight_date: string }) =>
  db
    .selectFrom('bookings')
    .select(['id', 'flight_number', 'depart_date', 'status', 'fare_paid'])
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
    .selectFrom(flightDatesOf(db, p.booking_id).as('fd'))
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

const inputsOf = defineQuery('entitlements.inputsOfFlightDate', (db, p: { flight_number: string; flight_date: string }) =>
  db.selectFrom('entitlement_flight_dates').selectAll().where('flight_number', '=', p.flight_number).where('flight_date', '=', p.flight_date),
);

/** What a flight-date's entitlements were last computed from, unless a booking change has since made it forgotten. */
export function flightDateInputs(store: Store, flightNumber: string, flightDate: string): FlightDateInputs | undefined {
  return store.first(inputsOf, { flight_number: flightNumber, flight_date: flightDate });
}

const saveInputs = defineQuery('entitlements.saveInputs', (db, p: FlightDateInputs) =>
  db
    .insertInto('entitlement_flight_dates')
    .values(fields(p, ['flight_number', 'flight_date', 'inputs', 'sentences', 'updated_at']))
    .onConflict((oc) =>
      oc.columns(['flight_number', 'flight_date']).doUpdateSet((eb) => ({ inputs: eb.ref('excluded.inputs'), sentences: eb.ref('excluded.sentences'), updated_at: eb.ref('excluded.updated_at') })),
    ),
);

export function saveFlightDateInputs(store: Store, row: FlightDateInputs): void {
  store.run(saveInputs, row);
}

const forgetInputs = defineQuery('entitlements.forgetInputs', (db, p: { flight_number: string; flight_date: string }) =>
  db.deleteFrom('entitlement_flight_dates').where('flight_number', '=', p.flight_number).where('flight_date', '=', p.flight_date),
);

/** Forgets what a flight-date's entitlements were computed from: its next alert change recomputes them all. */
export function forgetFlightDateInputs(store: Store, flightNumber: string, flightDate: string): void {
  store.run(forgetInputs, { flight_number: flightNumber, flight_date: flightDate });
}
