import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { storeBefore } from '../helpers/old-store.js';
import { tempDir } from '../helpers/temp-dir.js';
import { tempStore } from '../helpers/temp-store.js';

const indexesOf = (store: { sqlAll<R>(sql: string): R[] }) =>
  store.sqlAll<{ name: string; sql: string }>(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'bookings' and sql is not null order by name`);

describe('migration: passenger rights', () => {
  it('rebuilds bookings with the refunded status, keeping rows, every index and the history reference', async () => {
    const path = join(tempDir(), 'before-rights.db');
    await storeBefore(path, '-passenger-rights', 'confirmed');
    // The rebuilt table has every index a store made today has (later migrations change some).
    const fresh = await tempStore();
    const indexesWanted = indexesOf(fresh);
    fresh.close();

    const store = await openStore(path);
    expect(store.sqlFirst('select id, locator, status, fare_paid from bookings')).toEqual({ id: 'b-old', locator: 'KQ7M2X', status: 'confirmed', fare_paid: 5999 });
    expect(indexesOf(store)).toEqual(indexesWanted);
    expect(store.sqlAll('pragma foreign_key_check')).toEqual([]);
    store.sqlRun(`update bookings set status = 'refunded' where id = 'b-old'`);
    expect(() => store.sqlRun(`update bookings set status = 'lost' where id = 'b-old'`)).toThrow(/CHECK/);
    // The history still refers to bookings, enforced.
    expect(() => store.sqlRun(`insert into booking_history (booking_id, at, action) values ('nobody', '2026-11-02T00:00:00.000Z', 'created')`)).toThrow(/FOREIGN KEY/);
    // A refunded booking no longer holds its seat.
    store.sqlRun(`insert into bookings (id, locator, customer_id, passenger_name, flight_number, origin, destination, depart_date, seat, fare_paid, status, created_at, updated_at)
      values ('b-new', 'KQ7M2Y', 'CUST900', 'New Row', 'QP1001', 'DEL', 'BOM', '2026-12-01', '12A', 5999, 'confirmed', '2026-11-02T00:00:00.000Z', '2026-11-02T00:00:00.000Z')`);
    expect(() => store.sqlRun(`insert into entitlements (booking_id, flight_number, flight_date, kind, basis, rule, status, updated_at) values ('nobody', 'QP1001', '2026-12-01', 'meals', 'x', 'y', 'owed', 'z')`)).toThrow(/FOREIGN KEY/);
    store.close();
  });
});
