import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { entitlementHistoryOfBooking } from '../../src/store/entitlement-repository.js';
import { compileAllQueries } from '../../src/store/query.js';
import { storeBefore } from '../helpers/old-store.js';
import { tempDir } from '../helpers/temp-dir.js';

type OldHistoryRow = { id: number; booking_id: string } & Record<string, unknown>;

/**
 * A store as the release before `migration` left it, with history stored a row per booking:
 * b-old moved from QP1003 on 2026-11-30 to QP1001 on 2026-12-01, b-two on QP1001 too, and
 * their history on both. Returns its path and the history rows as stored.
 */
async function storeWithHistory(migration: string): Promise<{ path: string; before: OldHistoryRow[] }> {
  const path = join(tempDir(), `before${migration}.db`);
  await storeBefore(path, migration, 'confirmed');
  const raw = new Database(path);
  raw.exec(`insert into bookings (id, locator, customer_id, passenger_name, flight_number, origin, destination, depart_date, seat, fare_paid, status, created_at, updated_at)
      values ('b-two', 'KQ7M2Y', 'CUST900', 'Second Row', 'QP1001', 'DEL', 'BOM', '2026-12-01', '12B', 5999, 'confirmed', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');
    insert into booking_history (booking_id, at, action, from_flight, from_date, to_flight, to_date) values ('b-old', '2026-11-29T00:00:00.000Z', 'rebooked', 'QP1003', '2026-11-30', 'QP1001', '2026-12-01');
    insert into entitlement_history (booking_id, flight_number, flight_date, kind, change, amount_inr, basis, exempt_reason, rule, cause, at) values
      ('b-old', 'QP1003', '2026-11-30', 'compensation', 'owed', 5999, 'cancellation notified at or after departure', null, 'CAR 3-M-IV 3.3.1(c)', 'alert 1 opened', '2026-11-29T00:00:00.000Z'),
      ('b-two', 'QP1001', '2026-12-01', 'meals', 'owed', null, 'departure delayed at least 2 h', null, 'CAR 3-M-IV 3.8.1(a)', 'alert 2 opened', '2026-12-01T00:00:00.000Z'),
      ('b-old', 'QP1001', '2026-12-01', 'meals', 'owed', null, 'departure delayed at least 2 h', null, 'CAR 3-M-IV 3.8.1(a)', 'alert 2 opened', '2026-12-01T00:00:00.000Z'),
      ('b-two', 'QP1001', '2026-12-01', 'meals', 'withdrawn', null, 'departure delayed at least 2 h', 'no longer applies after: alert 2 escalated', 'CAR 3-M-IV 3.8.1(a)', 'alert 2 escalated', '2026-12-01T01:00:00.000Z'),
      ('b-old', 'QP1001', '2026-12-01', 'meals', 'withdrawn', null, 'departure delayed at least 2 h', 'no longer applies after: alert 2 escalated', 'CAR 3-M-IV 3.8.1(a)', 'alert 2 escalated', '2026-12-01T01:00:00.000Z');`);
  const before = raw.prepare('select * from entitlement_history order by id').all() as OldHistoryRow[];
  raw.close();
  return { path, before };
}

describe('entitlement history migrations', () => {
  // A store from before 019 opens through 019 and 021 (openStore migrates to the latest): this
  // checks what a booking reads after both, and the index 021 leaves.
  it('from before 019: each booking’s history kept, indexed in the order it is appended and found through its flight-dates', async () => {
    const { path, before } = await storeWithHistory('-entitlement-history-appended');
    const store = await openStore(path);
    expect(entitlementHistoryOfBooking(store, 'b-old').map((h) => [h.flight_number, h.change, h.cause])).toEqual([
      ['QP1003', 'owed', 'alert 1 opened'],
      ['QP1001', 'owed', 'alert 2 opened'],
      ['QP1001', 'withdrawn', 'alert 2 escalated'],
    ]);
    expect(entitlementHistoryOfBooking(store, 'b-two').map((h) => h.change)).toEqual(['owed', 'withdrawn']);
    expect(store.sqlAll<{ id: number }>('select id from entitlement_history order by id').map((r) => r.id)).toEqual(before.map((r) => r.id));
    const indexes = store.sqlAll<{ name: string }>(`select name from sqlite_schema where type = 'index' and tbl_name = 'entitlement_history'`).map((r) => r.name);
    expect(indexes).toEqual(['entitlement_history_appended']);
    // A booking's history: the flight-date's range of the index, the rows that list the booking picked out there.
    const q = compileAllQueries(store.db)['entitlements.historyOfBooking']!;
    const plan = store.sqlAll<{ detail: string }>(`explain query plan ${q.sql}`, q.bind.map(() => 'b-old')).map((r) => r.detail);
    expect(plan.join(' | ')).toMatch(/SEARCH h USING INDEX entitlement_history_appended \(flight_number=\? AND flight_date=\?\)/);
    store.close();
  });

  it('021: every row carried over, with its id, as a change to its one booking; each booking reads the same rows', async () => {
    const { path, before } = await storeWithHistory('-entitlement-history-grouped');
    const store = await openStore(path);
    for (const booking of ['b-old', 'b-two']) expect(entitlementHistoryOfBooking(store, booking)).toEqual(before.filter((r) => r.booking_id === booking));
    expect(store.sqlAll<{ booking_ids: string }>('select booking_ids from entitlement_history order by id').map((r) => JSON.parse(r.booking_ids))).toEqual(before.map((r) => [r.booking_id]));
    expect(store.sqlAll('pragma foreign_key_check')).toEqual([]);
    store.close();
  });
});
