import { type Kysely, sql } from 'kysely';

/**
 * The passengers of a flight-date read from the index alone. Every alert change walks its
 * flight-date's bookings in booking order (the notification fan-out, src/store/
 * notification-repository.ts) for each passenger's id, customer, status, name and locator:
 * through `bookings_flight_date` that was a table lookup per booking and a sort on `id`
 * (the index ended at `created_at`), the largest part of a fan-out's cost per passenger
 * (docs/performance-notes.md); the entitlement recompute walks them too, for their fares.
 * This index holds those columns in that order; it starts with
 * the columns of `bookings_flight_date`, which it replaces for every query that used it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index bookings_flight_date_passengers on bookings (flight_number, depart_date, created_at, id, status, customer_id, passenger_name, locator, fare_paid)`.execute(db);
  await sql`drop index if exists bookings_flight_date`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
