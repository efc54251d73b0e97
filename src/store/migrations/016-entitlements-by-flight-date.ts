import { type Kysely, sql } from 'kysely';

/**
 * Entitlements written by flight-date, and recomputed only when what decides them changes.
 *
 * - `entitlements` is keyed `(flight_date, flight_number, booking_id, kind)`, without a rowid:
 *   a recompute writes one flight-date's passengers, whose rows now sit together on a few
 *   pages instead of one page per passenger (the old key led with the booking). Reads by
 *   booking go through the flight-dates the booking has been on (store/entitlement-repository.ts).
 * - `entitlement_history` is indexed the same way, for the same reason (it was indexed by
 *   booking).
 * - `entitlement_flight_dates`: per flight-date, the disruption facts its entitlements were
 *   last computed from (`inputs`, see domain/entitlements.ts `disruptionKey`) and each
 *   booking's entitlement sentence as a JSON object. An alert change whose facts are the same
 *   recomputes nothing and tells passengers the stored sentences. Any change to a booking on
 *   a flight-date (a new booking, a status, a move, a fare) may change what that flight-date's
 *   passengers are owed, so the triggers below forget the flight-dates a booking change
 *   touches, whatever path made it; the next alert change then recomputes them in full.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table entitlements_by_flight_date (
    flight_number text not null,
    flight_date text not null,
    booking_id text not null references bookings (id),
    kind text not null check (kind in ('compensation','refund','meals','hotel','alternate_or_refund')),
    amount_inr integer,
    basis text not null,
    exempt_reason text,
    rule text not null,
    status text not null check (status in ('owed','exempt','withdrawn')),
    updated_at text not null,
    primary key (flight_date, flight_number, booking_id, kind)
  ) without rowid`.execute(db);
  await sql`insert into entitlements_by_flight_date (flight_number, flight_date, booking_id, kind, amount_inr, basis, exempt_reason, rule, status, updated_at)
    select flight_number, flight_date, booking_id, kind, amount_inr, basis, exempt_reason, rule, status, updated_at from entitlements`.execute(db);
  await sql`drop table entitlements`.execute(db);
  await sql`alter table entitlements_by_flight_date rename to entitlements`.execute(db);
  // `akasa entitlements --flight QP1001` without a date (the key serves a date, with or without a
  // flight). Not (flight_number) alone: with the key's columns appended, SQLite would take that
  // index, not the key, for a flight-date's rows, and look each row up a second time.
  await sql`create index entitlements_flight on entitlements (flight_number, kind)`.execute(db);

  await sql`drop index if exists entitlement_history_booking`.execute(db);
  await sql`create index entitlement_history_flight_date on entitlement_history (flight_number, flight_date, booking_id, id)`.execute(db);

  await sql`create table entitlement_flight_dates (
    flight_number text not null,
    flight_date text not null,
    inputs text not null,
    sentences text not null,
    updated_at text not null,
    primary key (flight_number, flight_date)
  )`.execute(db);
  await sql`create trigger bookings_forget_entitlement_inputs_on_insert after insert on bookings begin
    delete from entitlement_flight_dates where flight_number = new.flight_number and flight_date = new.depart_date;
  end`.execute(db);
  await sql`create trigger bookings_forget_entitlement_inputs_on_update after update of flight_number, depart_date, status, fare_paid on bookings begin
    delete from entitlement_flight_dates where flight_number = old.flight_number and flight_date = old.depart_date;
    delete from entitlement_flight_dates where flight_number = new.flight_number and flight_date = new.depart_date;
  end`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
