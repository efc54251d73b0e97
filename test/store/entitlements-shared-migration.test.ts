import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { bookingReportRows, entitlementReportRows, entitlementsOfBooking } from '../../src/store/entitlement-repository.js';
import { entitlementsInForceOfFlightDate } from '../../src/store/entitlement-write-repository.js';
import { storeBefore } from '../helpers/old-store.js';
import { tempDir } from '../helpers/temp-dir.js';

type Row = [booking: string, flight: string, date: string, kind: string, amount: number | null, basis: string, exempt: string | null, status: string, at: string];

/** Rows as the release before 023 stored them, one per booking: b-old and b-two share theirs; b-three's meals were written at another time. */
const ROWS: Row[] = [
  ['b-old', 'QP1001', '2026-12-01', 'compensation', 5999, 'cancellation notified at or after departure', null, 'owed', '2026-11-30T10:00:00.000Z'],
  ['b-old', 'QP1001', '2026-12-01', 'meals', null, 'departure delayed at least 2 h', null, 'withdrawn', '2026-11-30T09:00:00.000Z'],
  ['b-two', 'QP1001', '2026-12-01', 'compensation', 5999, 'cancellation notified at or after departure', null, 'owed', '2026-11-30T10:00:00.000Z'],
  ['b-two', 'QP1001', '2026-12-01', 'meals', null, 'departure delayed at least 2 h', null, 'withdrawn', '2026-11-30T09:00:00.000Z'],
  ['b-three', 'QP1001', '2026-12-01', 'compensation', 5999, 'cancellation notified at or after departure', null, 'owed', '2026-11-30T10:00:00.000Z'],
  ['b-three', 'QP1001', '2026-12-01', 'meals', null, 'departure delayed at least 2 h', null, 'withdrawn', '2026-11-30T09:30:00.000Z'],
  ['b-three', 'QP1003', '2026-11-30', 'hotel', null, 'hotel accommodation with transfers', null, 'owed', '2026-11-29T00:00:00.000Z'],
];

const asStored = (r: Row) => ({ booking_id: r[0], flight_number: r[1], flight_date: r[2], kind: r[3], amount_inr: r[4], basis: r[5], exempt_reason: r[6], rule: 'CAR 3-M-IV', status: r[7], updated_at: r[8] });

describe('migration: entitlements shared by flight-date', () => {
  it('moves what bookings of a flight-date share into one row each, keeps the rest, and every reader answers as before', async () => {
    const path = join(tempDir(), 'before-023.db');
    await storeBefore(path, '-entitlements-shared-by-flight-date', 'confirmed');
    const raw = new Database(path);
    raw.exec(`insert into bookings (id, locator, customer_id, passenger_name, flight_number, origin, destination, depart_date, seat, fare_paid, status, created_at, updated_at) values
        ('b-two', 'KQ7M2Y', 'CUST900', 'Second Row', 'QP1001', 'DEL', 'BOM', '2026-12-01', '12B', 5999, 'confirmed', '2026-11-01T00:01:00.000Z', '2026-11-01T00:01:00.000Z'),
        ('b-three', 'KQ7M2Z', 'CUST900', 'Third Row', 'QP1001', 'DEL', 'BOM', '2026-12-01', '12C', 5999, 'confirmed', '2026-11-01T00:02:00.000Z', '2026-11-01T00:02:00.000Z');
      insert into booking_history (booking_id, at, action, from_flight, from_date, to_flight, to_date) values ('b-three', '2026-11-29T00:00:00.000Z', 'rebooked', 'QP1003', '2026-11-30', 'QP1001', '2026-12-01');`);
    const insert = raw.prepare(`insert into entitlements (booking_id, flight_number, flight_date, kind, amount_inr, basis, exempt_reason, rule, status, updated_at) values (?, ?, ?, ?, ?, ?, ?, 'CAR 3-M-IV', ?, ?)`);
    for (const r of ROWS) insert.run(...r);
    raw.close();

    const store = await openStore(path);
    expect(store.sqlAll('select kind, booking_ids, status from entitlement_groups order by kind')).toEqual([
      { kind: 'compensation', booking_ids: '["b-old","b-three","b-two"]', status: 'owed' },
      { kind: 'meals', booking_ids: '["b-old","b-two"]', status: 'withdrawn' },
    ]);
    expect(store.sqlAll('select booking_id, flight_number, kind from entitlements order by flight_number, kind')).toEqual([
      { booking_id: 'b-three', flight_number: 'QP1001', kind: 'meals' },
      { booking_id: 'b-three', flight_number: 'QP1003', kind: 'hotel' },
    ]);
    for (const id of ['b-old', 'b-two', 'b-three']) {
      const mine = ROWS.filter((r) => r[0] === id)
        .map(asStored)
        .sort((a, b) => (a.flight_date + a.kind < b.flight_date + b.kind ? -1 : 1));
      expect(entitlementsOfBooking(store, id), id).toEqual(mine);
      expect(
        bookingReportRows(store, id).map(({ locator, passenger_name, ...e }) => e),
        id,
      ).toEqual(mine.filter((e) => e.status !== 'withdrawn'));
    }
    expect(entitlementsInForceOfFlightDate(store, 'QP1001', '2026-12-01').map((e) => [e.booking_id, e.kind])).toEqual([
      ['b-old', 'compensation'],
      ['b-three', 'compensation'],
      ['b-two', 'compensation'],
    ]);
    // The report orders passengers by when they booked.
    expect(entitlementReportRows(store, { flight_date: '2026-12-01' }).map((e) => e.locator)).toEqual(['KQ7M2X', 'KQ7M2Y', 'KQ7M2Z']);
    expect(entitlementReportRows(store, { flight_number: 'QP1003' }).map((e) => [e.locator, e.kind])).toEqual([['KQ7M2Z', 'hotel']]);
    expect(store.sqlAll('pragma foreign_key_check')).toEqual([]);
    store.close();
  });
});
