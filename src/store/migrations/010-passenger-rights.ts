import { type Kysely, sql } from 'kysely';
import { widenBookingStatusCheck } from './widen-booking-status.js';

/**
 * Passenger rights: a `refunded` booking status, and what each disrupted passenger is owed.
 *
 * `bookings.status` is guarded by a CHECK, which SQLite cannot alter: the table is rebuilt
 * by SQLite's procedure (new table, copy, drop, rename). The new definition is the stored
 * one with the CHECK widened, and every index on the table is re-created from its stored
 * SQL, so columns and indexes added by other migrations survive as they are. The store
 * runs migrations with foreign-key enforcement off and checks every reference before it
 * commits (database.ts); booking_history keeps referring to `bookings` by name.
 *
 * `entitlements` holds the current entitlement per booking, disrupted flight-date and kind;
 * `entitlement_history` every change to it (owed, changed, exempt, withdrawn) with its
 * cause, append-only, so an entitlement once owed is never dropped without a trace.
 */
const OLD_CHECK = "status in ('pending','confirmed','cancelled','completed')";
const NEW_CHECK = "status in ('pending','confirmed','cancelled','completed','refunded')";

export async function up(db: Kysely<unknown>): Promise<void> {
  await widenBookingStatusCheck(db, OLD_CHECK, NEW_CHECK, 'refunded');

  await db.schema
    .createTable('entitlements')
    .addColumn('booking_id', 'text', (c) => c.notNull().references('bookings.id'))
    .addColumn('flight_number', 'text', (c) => c.notNull())
    .addColumn('flight_date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('compensation','refund','meals','hotel','alternate_or_refund')`))
    .addColumn('amount_inr', 'integer')
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('exempt_reason', 'text')
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('owed','exempt','withdrawn')`))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('entitlements_pk', ['booking_id', 'flight_number', 'flight_date', 'kind'])
    .execute();
  await db.schema.createIndex('entitlements_flight_date').on('entitlements').columns(['flight_number', 'flight_date']).execute();
  await db.schema.createIndex('entitlements_date').on('entitlements').columns(['flight_date']).execute();

  await db.schema
    .createTable('entitlement_history')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('booking_id', 'text', (c) => c.notNull().references('bookings.id'))
    .addColumn('flight_number', 'text', (c) => c.notNull())
    .addColumn('flight_date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull().check(sql`change in ('owed','changed','exempt','withdrawn')`))
    .addColumn('amount_inr', 'integer')
    .addColumn('basis', 'text', (c) => c.notNull())
    .addColumn('exempt_reason', 'text')
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('cause', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('entitlement_history_booking').on('entitlement_history').columns(['booking_id', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('migrations are append-only; restore from a backup to go back');
}
