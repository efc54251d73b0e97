import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { storeBefore } from '../helpers/old-store.js';
import { tempDir } from '../helpers/temp-dir.js';
import { tempStore } from '../helpers/temp-store.js';

const indexesOf = (all: (sql: string) => unknown[]) => all(`select name, sql from sqlite_master where type = 'index' and tbl_name = 'bookings' and sql is not null order by name`);

describe('migration: downsizing and denied boarding', () => {
  it('adds the offloaded status keeping rows and indexes, and the capacity-change and offload records with their references', async () => {
    const path = join(tempDir(), 'before-downsizing.db');
    await storeBefore(path, '-downsizing-and-denied-boarding', 'refunded');
    // The rebuilt table has every index a store made today has (later migrations change some).
    const fresh = await tempStore();
    const indexesWanted = indexesOf((sql) => fresh.sqlAll(sql));
    fresh.close();

    const store = await openStore(path);
    try {
      expect(store.sqlFirst('select id, status from bookings')).toEqual({ id: 'b-old', status: 'refunded' });
      expect(indexesOf((sql) => store.sqlAll(sql))).toEqual(indexesWanted);
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
