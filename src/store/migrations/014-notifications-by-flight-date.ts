import { type Kysely, sql } from 'kysely';

/**
 * `notifications_booking (booking_id, id)` goes: an alert change writes one notification per
 * passenger of a flight-date, and their booking ids lie all over that index, so each change
 * dirtied one of its pages per passenger (and each commit wrote them all to the WAL); it cost
 * more than the notifications themselves. A booking's alert notifications are found through
 * the alerts of the flight-dates it has been on (the booking and its history) and the unique
 * `(alert_id, change_seq, booking_id)` index, which alert changes write in order. Rebooking
 * notices (one per move, and not always tied to an alert) keep a partial index by booking.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists notifications_booking`.execute(db);
  await sql`create index notifications_rebooked on notifications (booking_id, id) where kind = 'rebooked'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
