import { type Kysely, sql } from 'kysely';

/**
 * Rebooking tells the passenger and keeps its word:
 * - `notifications` also carries rebooking notices: a `kind` (`alert` for every row so far,
 *   `rebooked` for a new itinerary) and an `alert_id` that may be null (a voluntary change
 *   belongs to no alert). SQLite cannot drop a NOT NULL, so the table is rebuilt with its
 *   rows and ids; indexes by booking and by customer serve `notification list`.
 * - `booking_history.note`: why an operator waived a fee.
 * - `rebooking_quotes`: the latest price quoted for moving a booking to a flight-date, so a
 *   change charges what was quoted or stops (one row per booking and flight-date; a quote
 *   is valid only for the booking as it was when quoted, `booking_updated_at`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table notifications_new (
    id integer primary key autoincrement,
    kind text not null default 'alert',
    alert_id integer references alerts (id),
    change_seq integer not null,
    change_kind text not null,
    customer_id text not null,
    booking_id text not null,
    channel text not null,
    message text not null,
    status text not null default 'queued' check (status in ('queued','sent')),
    created_at text not null,
    unique (alert_id, change_seq, booking_id)
  )`.execute(db);
  await sql`insert into notifications_new (id, kind, alert_id, change_seq, change_kind, customer_id, booking_id, channel, message, status, created_at)
    select id, 'alert', alert_id, change_seq, change_kind, customer_id, booking_id, channel, message, status, created_at from notifications`.execute(db);
  await sql`drop table notifications`.execute(db);
  await sql`alter table notifications_new rename to notifications`.execute(db);
  await sql`create index notifications_status on notifications (status, id)`.execute(db);
  await sql`create index notifications_booking on notifications (booking_id, id)`.execute(db);
  await sql`create index notifications_customer on notifications (customer_id, id)`.execute(db);

  await sql`alter table booking_history add column note text`.execute(db);

  await sql`create table rebooking_quotes (
    booking_id text not null references bookings (id),
    flight_number text not null,
    depart_date text not null,
    booking_updated_at text not null,
    reason text not null,
    new_price integer not null,
    total_cost integer not null,
    refund_amount integer not null,
    quoted_at text not null,
    primary key (booking_id, flight_number, depart_date)
  ) without rowid`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
