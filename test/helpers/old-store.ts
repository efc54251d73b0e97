import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { expect } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations/index.js';

/**
 * A database file as version `n` of akasa left it: only the first `n` migrations applied,
 * through kysely's Migrator as the store runs them. Returns the raw connection for setting up
 * old-format rows; close it before opening the store.
 */
export async function databaseAtVersion(path: string, n: number): Promise<Database.Database> {
  const sqlite = new Database(path);
  const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  const first = Object.fromEntries(Object.entries(MIGRATIONS).slice(0, n));
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => first } }).migrateToLatest();
  expect(error).toBeUndefined();
  sqlite.pragma(`user_version = ${n}`);
  return sqlite;
}

/**
 * A store as the release before the migration whose name ends with `migration` left it, with
 * one booking (`b-old`, KQ7M2X, of `status`) and its history.
 */
export async function storeBefore(path: string, migration: string, status: string): Promise<void> {
  const sqlite = await databaseAtVersion(path, Object.keys(MIGRATIONS).findIndex((name) => name.endsWith(migration)));
  sqlite.exec(`insert into customers (id, name, email, phone) values ('CUST900', 'Old Row', 'o@example.com', '+91 90000 00000');
    insert into bookings (id, locator, customer_id, passenger_name, flight_number, origin, destination, depart_date, seat, fare_paid, status, created_at, updated_at)
      values ('b-old', 'KQ7M2X', 'CUST900', 'Old Row', 'QP1001', 'DEL', 'BOM', '2026-12-01', '12A', 5999, '${status}', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');
    insert into booking_history (booking_id, at, action) values ('b-old', '2026-11-01T00:00:00.000Z', 'created');`);
  sqlite.close();
}
