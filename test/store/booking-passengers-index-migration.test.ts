import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { storeBefore } from '../helpers/old-store.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('migration: the passengers of a flight-date from one index', () => {
  it('replaces bookings_flight_date with an index holding what the fan-out reads, and flight-date queries still find the booking', async () => {
    const path = join(tempDir(), 'before-passengers-index.db');
    await storeBefore(path, '-booking-passengers-of-flight-date', 'confirmed');
    const store = await openStore(path);
    try {
      const names = store.sqlAll<{ name: string }>(`select name from sqlite_master where type = 'index' and tbl_name = 'bookings' order by name`).map((r) => r.name);
      expect(names).toContain('bookings_flight_date_passengers');
      expect(names).not.toContain('bookings_flight_date');
      const plan = store.sqlAll<{ detail: string }>(`explain query plan select id, passenger_name, locator, fare_paid from bookings where flight_number = 'QP1001' and depart_date = '2026-12-01' order by created_at, id`).map((r) => r.detail);
      expect(plan).toEqual([expect.stringMatching(/^SEARCH bookings USING COVERING INDEX bookings_flight_date_passengers \(flight_number=\? AND depart_date=\?\)$/)]);
      expect(store.sqlAll(`select id, passenger_name, locator from bookings where flight_number = 'QP1001' and depart_date = '2026-12-01' order by created_at, id`)).toEqual([
        { id: 'b-old', passenger_name: 'Old Row', locator: 'KQ7M2X' },
      ]);
    } finally {
      store.close();
    }
  });
});
