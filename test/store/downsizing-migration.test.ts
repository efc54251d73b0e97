import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const DOWNSIZING = Object.keys(MIGRATIONS).findIndex((name) => name.endsWith('-downsizing-and-denied-boarding'));

/** A store as the release before downsizing left it, with one refunded booking and its history. */
async function storeBeforeDownsizing(path: string): Promise<void> {
  const sqlite = new Database(path);
  const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
  const before = Object.fromEntries(Object.entries(MIGRATIONS).slice(0, DOWNSIZING));
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest();
  expect(error).toBeUndefined();
  sqlite.pragma(`user_version = ${DOWNSIZING}`);
  sqlite.exec(`insert into customers (id, name, email, phone) values ('CUST900', 'Old Row', 'o@example.com', '+91 90000 00000');
    insert into bookings (id, locator, customer_id, passenger_name, flight_number, origin, destination, depart_date, seat, fare_paid, status, created_at, updated_at)
      values ('b-old', 'KQ7M2X', 'CUST900', 'Old Row', 'QP1001', 'DEL', 'BOM', '2026-12-01', '12A', 5999, 'refunded', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');
    insert into booking_history (booking_id, at, action) values ('b-old', '2026-11-01T00:00:00.000Z', 'created');`);
  await db.destroy();
}

const indexesOf = (all: (sql: string) => unknown[]) => all(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'bookings' and sql is not null order by name`);

describe('migration: downsizing and denied boarding', () => {
  it('adds the offloaded status keeping rows and indexes, and the capacity-change and offload records with their references', async () => {
    const path = join(tempDir(), 'before-downsizing.db');
    await storeBeforeDownsizing(path);
    const raw = new Database(path, { readonly: true });
    const indexesBefore = indexesOf((sql) => raw.prepare(sql).all());
    raw.close();

    const store = await openStore(path);
    try {
      expect(store.sqlFirst('select id, status from bookings')).toEqual({ id: 'b-old', status: 'refunded' });
      expect(indexesOf((sql) => store.sqlAll(sql))).toEqual(indexesBefore);
      expect(store.sqlAll('pragma foreign_key_check')).toEqual([]);
      store.sqlRun(`update bookings set status = 'offloaded' where id = 'b-old'`);
      expect(() => store.sqlRun(`update bookings set status = 'lost' where id = 'b-old'`)).toThrow(/CHECK/);
      store.sqlRun(`insert into capacity_changes (flight_number, flight_date, from_seats, to_seats, offloaded, note, at) values ('QP1001', '2026-12-01', 189, 150, 1, 'swap', '2026-11-02T00:00:00.000Z')`);
      store.sqlRun(`insert into offloads (booking_id, flight_number, flight_date, change_id, was_confirmed, at) values ('b-old', 'QP1001', '2026-12-01', 1, 1, '2026-11-02T00:00:00.000Z')`);
      expect(() => store.sqlRun(`insert into offloads (booking_id, flight_number, flight_date, change_id, was_confirmed, at) values ('nobody', 'QP1001', '2026-12-01', 1, 1, 'x')`)).toThrow(/FOREIGN KEY/);
      expect(() => store.sqlRun(`insert into offloads (booking_id, flight_number, flight_date, change_id, was_confirmed, at) values ('b-old', 'QP1002', '2026-12-01', 99, 1, 'x')`)).toThrow(/FOREIGN KEY/);
    } finally {
      store.close();
    }
  });
});
