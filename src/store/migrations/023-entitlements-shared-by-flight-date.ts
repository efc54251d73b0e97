import { type Kysely, sql } from 'kysely';

/**
 * Entitlements stored once for the passengers of a flight-date they are the same for.
 *
 * An alert change that crosses a threshold (a delay reaching the meals band, then falling
 * back) gives every passenger of the flight-date the same new entitlement: one row write per
 * passenger in `entitlements`, on every such change. `entitlement_groups` holds one row per
 * flight-date, kind and content shared by two or more bookings, listing them (`booking_ids`,
 * a JSON array, as `entitlement_history` does since migration 021); `entitlements` keeps the
 * rows of a booking that differs from every other on its flight-date (its own fare in an
 * amount, a refund, a rebooking, denied boarding, a change written at another time). A
 * booking has at most one row per flight-date and kind across the two tables
 * (store/entitlement-write-repository.ts keeps that split whenever it writes).
 *
 * `entitlement_rows` is what every reader reads: the per-booking rows and each group's row
 * once per booking listed, exactly the rows `entitlements` held before. Existing rows shared
 * by two or more bookings move into groups here; the rest stay where they are.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table entitlement_groups (
    id integer primary key,
    flight_number text not null,
    flight_date text not null,
    kind text not null check (kind in ('compensation','refund','meals','hotel','alternate_or_refund')),
    booking_ids text not null check (json_valid(booking_ids) and json_type(booking_ids) = 'array'),
    amount_inr integer,
    basis text not null,
    exempt_reason text,
    rule text not null,
    status text not null check (status in ('owed','exempt','withdrawn')),
    updated_at text not null
  )`.execute(db);
  // A flight-date's groups, and a date's (`akasa entitlements --date D`); a flight's alone (`--flight F`).
  await sql`create index entitlement_groups_flight_date on entitlement_groups (flight_date, flight_number)`.execute(db);
  await sql`create index entitlement_groups_flight on entitlement_groups (flight_number)`.execute(db);

  await sql`insert into entitlement_groups (flight_number, flight_date, kind, booking_ids, amount_inr, basis, exempt_reason, rule, status, updated_at)
    select flight_number, flight_date, kind, json_group_array(booking_id order by booking_id), amount_inr, basis, exempt_reason, rule, status, updated_at
    from entitlements
    group by flight_date, flight_number, kind, amount_inr, basis, exempt_reason, rule, status, updated_at
    having count(*) >= 2
    order by flight_date, flight_number, kind`.execute(db);
  await sql`delete from entitlements where exists (
    select 1 from entitlement_groups g, json_each(g.booking_ids) m
    where g.flight_date = entitlements.flight_date and g.flight_number = entitlements.flight_number and g.kind = entitlements.kind and m.value = entitlements.booking_id
  )`.execute(db);

  await sql`create view entitlement_rows as
    select booking_id, flight_number, flight_date, kind, amount_inr, basis, exempt_reason, rule, status, updated_at from entitlements
    union all
    select m.value as booking_id, g.flight_number, g.flight_date, g.kind, g.amount_inr, g.basis, g.exempt_reason, g.rule, g.status, g.updated_at
    from entitlement_groups g, json_each(g.booking_ids) m`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
