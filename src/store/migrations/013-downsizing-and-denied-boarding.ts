import { type Kysely, sql } from 'kysely';
import { widenBookingStatusCheck } from './widen-booking-status.js';

/**
 * Downsizing and denied boarding (`akasa flight downsize`):
 *
 * - `bookings.status` gains `offloaded`: a confirmed or pending booking taken off a
 *   downsized flight for which no seat was found on any other flight. It holds no seat; the
 *   passenger is owed an alternate flight or a refund. The CHECK is widened by SQLite's
 *   table rebuild, as for `refunded` in migration 010 (widen-booking-status.ts).
 * - `capacity_changes`: each change of a flight-date's sellable seats, with the operator's
 *   note and how many bookings it took off; `flight_inventory.capacity` holds the current
 *   figure (its CHECK already keeps `seats_sold` within it).
 * - `offloads`: every booking a capacity change took off its flight-date, whether it was
 *   confirmed (then it was denied boarding, CAR 3-M-IV) and where it went. The entitlement
 *   engine reads it; rows are never deleted.
 */
const OLD_CHECK = "status in ('pending','confirmed','cancelled','completed','refunded')";
const NEW_CHECK = "status in ('pending','confirmed','cancelled','completed','refunded','offloaded')";

export async function up(db: Kysely<unknown>): Promise<void> {
  await widenBookingStatusCheck(db, OLD_CHECK, NEW_CHECK, 'offloaded');

  await sql`create table capacity_changes (
    id integer primary key autoincrement,
    flight_number text not null,
    flight_date text not null,
    from_seats integer not null check (from_seats >= 0),
    to_seats integer not null check (to_seats >= 0),
    offloaded integer not null check (offloaded >= 0),
    note text not null,
    at text not null
  )`.execute(db);
  await sql`create index capacity_changes_flight on capacity_changes (flight_number, flight_date, id)`.execute(db);

  await sql`create table offloads (
    booking_id text not null references bookings (id),
    flight_number text not null,
    flight_date text not null,
    change_id integer not null references capacity_changes (id),
    was_confirmed integer not null check (was_confirmed in (0, 1)),
    to_flight text,
    to_date text,
    at text not null,
    primary key (booking_id, flight_number, flight_date)
  )`.execute(db);
  await sql`create index offloads_flight on offloads (flight_number, flight_date)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
