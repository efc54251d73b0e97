import type { Kysely } from 'kysely';

/**
 * `booking list --date D` and `--status S` on their own walked the whole created_at index
 * when few bookings matched (seconds on a million rows). These indexes let each filter
 * find its rows directly, already in newest-first order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('bookings_date_created').ifNotExists().on('bookings').columns(['depart_date', 'created_at']).execute();
  await db.schema.createIndex('bookings_status_created').ifNotExists().on('bookings').columns(['status', 'created_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
