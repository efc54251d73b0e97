import { type Kysely, sql } from 'kysely';

/**
 * `entitlement_history` indexed `(flight_number, flight_date, id, booking_id)` instead of
 * `(flight_number, flight_date, booking_id, id)`. A recompute appends a history row for each
 * passenger whose entitlements changed; ordered by booking within the flight-date, each of
 * those entries landed beside that booking's earlier ones, so every recompute rewrote every
 * page of the flight-date's history in the index, and the more often a flight-date had been
 * recomputed the more pages that was. Ordered by id, a recompute's entries go to the end of
 * the flight-date's range, on a page or two. A booking's history is still found through its
 * flight-dates, the booking picked out from the index's own column before any row is read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists entitlement_history_flight_date`.execute(db);
  await sql`create index entitlement_history_appended on entitlement_history (flight_number, flight_date, id, booking_id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
