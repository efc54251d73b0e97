import { type Kysely, sql } from 'kysely';

/**
 * `entitlement_history` with one row per change and the bookings it applies to
 * (`booking_ids`, a JSON array), instead of one row per booking. A recompute of a flight-date
 * mostly makes the same change to every passenger on it (meals owed when a delay crosses
 * the threshold, withdrawn when it falls back): that was ~125 rows, and as many index
 * entries, each time; it is now a row per distinct change. Rows from before keep their id
 * and become rows of one booking. A booking's history is read through the flight-dates it
 * has been on, as before (store/entitlement-repository.ts); the ids listed are not foreign
 * keys (a JSON list cannot be), and bookings are never deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table entitlement_history_grouped (
    id integer primary key,
    booking_ids text not null check (json_valid(booking_ids) and json_type(booking_ids) = 'array'),
    flight_number text not null,
    flight_date text not null,
    kind text not null,
    change text not null check (change in ('owed','changed','exempt','withdrawn')),
    amount_inr integer,
    basis text not null,
    exempt_reason text,
    rule text not null,
    cause text not null,
    at text not null
  )`.execute(db);
  await sql`insert into entitlement_history_grouped (id, booking_ids, flight_number, flight_date, kind, change, amount_inr, basis, exempt_reason, rule, cause, at)
    select id, json_array(booking_id), flight_number, flight_date, kind, change, amount_inr, basis, exempt_reason, rule, cause, at from entitlement_history order by id`.execute(db);
  await sql`drop table entitlement_history`.execute(db);
  await sql`alter table entitlement_history_grouped rename to entitlement_history`.execute(db);
  // A recompute's rows go to the end of the flight-date's range (see migration 019).
  await sql`create index entitlement_history_appended on entitlement_history (flight_number, flight_date, id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
