/**
 * What the entitlement recompute (entitlement-recompute.ts) reads and writes: the bookings a
 * flight-date's entitlements decide, the facts of its disruption, their history, and what each
 * flight-date was last computed from (migration 016). The entitlements themselves are read and
 * written whole per flight-date by entitlement-groups.ts. Call the writers inside the caller's
 * `store.write`, together with the change (alert, rebooking, refund) that caused them.
 */
import type { Selectable } from 'kysely';
import type { Booking } from './booking-repository.js';
import type { Store } from './database.js';
import type { EntitlementHistoryRow, EntitlementRow } from './entitlement-repository.js';
import { defineQuery, fields } from './query.js';
import { jsonValues } from './sqlite-dialect.js';
import type { EntitlementFlightDateTable, EntitlementHistoryTable } from './schema.js';

export type NewEntitlementHistory = Omit<EntitlementHistoryRow, 'id'>;
export type FlightDateInputs = Selectable<EntitlementFlightDateTable>;

const inForceOfFlightDate = defineQuery('entitlements.inForceOfFlightDate', (db, p: { flight_number: string; flight_date: string }) =>
  db
    .selectFrom('entitlement_rows')
    .selectAll()
    .where('flight_number', '=', p.flight_number)
    .where('flight_date', '=', p.flight_date)
    .where('status', '!=', 'withdrawn')
    .orderBy('booking_id')
    .orderBy('kind'),
);

/** The entitlements of one flight-date in force (owed or exempt), every booking, by booking then kind. */
export function entitlementsInForceOfFlightDate(store: Store, flightNumber: string, flightDate: string): EntitlementRow[] {
  return store.all(inForceOfFlightDate, { flight_number: flightNumber, flight_date: flightDate });
}

const HISTORY_COLUMNS = ['booking_ids', 'flight_number', 'flight_date', 'kind', 'change', 'amount_inr', 'basis', 'exempt_reason', 'rule', 'cause', 'at'] as const;

const appendHistory = defineQuery('entitlements.appendHistory', (db, p: Omit<EntitlementHistoryTable, 'id'>) => db.insertInto('entitlement_history').values(fields(p, HISTORY_COLUMNS)));

/**
 * Appends history rows, one per booking, in order: the same change made to several bookings
 * (a recompute owing a flight-date's passengers the same meals) is stored once, listing them
 * (migration 021). Read back per booking, each booking's rows come in the order given.
 */
export function appendEntitlementHistory(store: Store, rows: readonly NewEntitlementHistory[]): void {
  for (const change of groupedHistory(rows)) store.run(appendHistory, change);
}

/** What a history row says apart from its booking, as one string: each field as its length and text (`-` for null), so that no two rows that differ share a key. */
function historyKey(r: NewEntitlementHistory): string {
  let key = '';
  for (const v of [r.flight_number, r.flight_date, r.kind, r.change, r.amount_inr === null ? null : String(r.amount_inr), r.basis, r.exempt_reason, r.rule, r.cause, r.at]) key += v === null ? '-' : `${v.length}:${v}`;
  return key;
}

/**
 * `rows` as stored: a row joins the latest stored change with the same content when that
 * change comes after the booking's previous row's (so each booking's rows keep their order
 * in id order), else starts a new one.
 */
export function groupedHistory(rows: readonly NewEntitlementHistory[]): Array<Omit<EntitlementHistoryTable, 'id'>> {
  const changes: Array<{ row: NewEntitlementHistory; bookings: string[] }> = [];
  const latest = new Map<string, number>();
  const lastOf = new Map<string, number>();
  for (const r of rows) {
    const key = historyKey(r);
    const found = latest.get(key);
    let index: number;
    if (found !== undefined && found > (lastOf.get(r.booking_id) ?? -1)) {
      index = found;
      changes[index]!.bookings.push(r.booking_id);
    } else {
      index = changes.length;
      changes.push({ row: r, bookings: [r.booking_id] });
      latest.set(key, index);
    }
    lastOf.set(r.booking_id, index);
  }
  return changes.map(({ row: r, bookings }) => ({
    booking_ids: JSON.stringify(bookings),
    flight_number: r.flight_number,
    flight_date: r.flight_date,
    kind: r.kind,
    change: r.change,
    amount_inr: r.amount_inr,
    basis: r.basis,
    exempt_reason: r.exempt_reason,
    rule: r.rule,
    cause: r.cause,
    at: r.at,
  }));
}

/** What the rules read of a booking. */
export type EntitlementBooking = Pick<Booking, 'id' | 'flight_number' | 'depart_date' | 'status' | 'fare_paid' | 'created_at'>;

/**
 * The bookings whose entitlements a flight-date decides: those confirmed on it now (a
 * pending booking is not yet a ticket the CAR protects), those denied boarding on it (taken
 * off by a capacity change while confirmed, wherever they are now) and those with
 * entitlements stored for it (refunded, moved away or cancelled since: `stored`, their ids, as
 * the caller has just read them).
 */
export function bookingsOfFlightDate(store: Store, flightNumber: string, flightDate: string, stored: readonly string[]): EntitlementBooking[] {
  const p = { flight_number: flightNumber, flight_date: flightDate };
  const found = store.all(confirmedOn, p);
  // Those denied boarding or with entitlements stored are mostly on the flight-date still: only the others are looked up.
  const seen = new Set(found.map((b) => b.id));
  const others = new Set([...store.all(offloadedFrom, p).map((r) => r.booking_id), ...stored].filter((id) => !seen.has(id)));
  if (others.size === 0) return found;
  const all = [...found, ...store.all(byIds, { ids: JSON.stringify([...others]) })];
  return all.sort((a, b) => (a.created_at !== b.created_at ? (a.created_at < b.created_at ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const BOOKING_FACTS = ['id', 'flight_number', 'depart_date', 'status', 'fare_paid', 'created_at'] as const;

/**
 * Read from the flight-date's passengers index alone, in booking order (migration 022). The
 * bookings denied boarding are read apart: as one query with an OR, SQLite looked every
 * booking up in the table and sorted them.
 */
const confirmedOn = defineQuery('entitlements.bookingsOfFlightDate', (db, p: { flight_number: string; flight_date: string }) =>
  db
    .selectFrom('bookings')
    .select(BOOKING_FACTS)
    .where('flight_number', '=', p.flight_number)
    .where('depart_date', '=', p.flight_date)
    .where('status', '=', 'confirmed')
    .orderBy('created_at')
    .orderBy('id'),
);

const offloadedFrom = defineQuery('entitlements.offloadedFrom', (db, p: { flight_number: string; flight_date: string }) =>
  db.selectFrom('offloads').select('booking_id').where('flight_number', '=', p.flight_number).where('flight_date', '=', p.flight_date).where('was_confirmed', '=', 1),
);

const byIds = defineQuery('entitlements.bookingsByIds', (db, p: { ids: string }) => db.selectFrom('bookings').select(BOOKING_FACTS).where('id', 'in', jsonValues<string>(p.ids)));

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
