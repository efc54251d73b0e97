import type { Kysely } from 'kysely';

/**
 * `booking list --customer C --status S` walked the customer's bookings newest first and
 * skipped those in other statuses: slow on a large store for a customer with many bookings
 * and few in that status. This index finds them directly, already in order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('bookings_customer_status_created').ifNotExists().on('bookings').columns(['customer_id', 'status', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
