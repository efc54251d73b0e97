import { type Kysely, sql } from 'kysely';

/**
 * Two indexes of `notifications` that every notification paid for and nothing needed:
 * - `notifications_queued` (the queued rows in id order) repeats `notifications_status
 *   (status, id)`, which answers the outbox's "queued, oldest first" just as well.
 * - `notifications_customer (customer_id, id)` served only `notification list --customer`,
 *   which now finds the customer's bookings (`bookings_customer`) and their notifications
 *   (`notifications_booking`); a notification's customer is its booking's. Its keys are in
 *   no order the writes follow, so each alert change touched one of its pages per passenger.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists notifications_queued`.execute(db);
  await sql`drop index if exists notifications_customer`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
