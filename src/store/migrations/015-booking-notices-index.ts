import { type Kysely, sql } from 'kysely';

/**
 * Notices about one booking (not an alert change's fan-out) are of more than one kind now:
 * `rebooked` (a new itinerary) and `offloaded` (taken off a downsized flight with no seat
 * found elsewhere). The partial index by booking that migration 014 made for rebooking
 * notices covers every kind but `alert`, so `notification list --booking` finds them all.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists notifications_rebooked`.execute(db);
  await sql`create index notifications_booking_notices on notifications (booking_id, id) where kind <> 'alert'`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
