import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { widenBookingStatusCheck } from '../../src/store/migrations/widen-booking-status.js';
import { entitlementHistoryOfBooking, entitlementsOfBooking } from '../../src/store/entitlement-repository.js';
import { entitlementsInForceOfFlightDate, flightDateInputs, saveFlightDateInputs } from '../../src/store/entitlement-write-repository.js';
import { databaseAtVersion, storeBefore } from '../helpers/old-store.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('migration: entitlements by flight-date', () => {
  it('keeps every entitlement and its history, found by booking through the flight-dates it has been on', async () => {
    const path = join(tempDir(), 'before-016.db');
    await storeBefore(path, '-entitlements-by-flight-date', 'confirmed');
    const raw = new Database(path);
    // b-old was moved from QP1003 on 2026-11-30 to QP1001 on 2026-12-01, and was owed on both.
    raw.exec(`insert into booking_history (booking_id, at, action, from_flight, from_date, to_flight, to_date) values ('b-old', '2026-11-29T00:00:00.000Z', 'rebooked', 'QP1003', '2026-11-30', 'QP1001', '2026-12-01');
      insert into entitlements (booking_id, flight_number, flight_date, kind, amount_inr, basis, exempt_reason, rule, status, updated_at) values
        ('b-old', 'QP1003', '2026-11-30', 'compensation', 5999, 'cancellation notified at or after departure', null, 'CAR 3-M-IV 3.3.1(c)', 'owed', '2026-11-29T00:00:00.000Z'),
        ('b-old', 'QP1001', '2026-12-01', 'meals', null, 'departure delayed 2 h 10 min', null, 'CAR 3-M-IV 3.8.1(a)', 'owed', '2026-12-01T00:00:00.000Z');
      insert into entitlement_history (booking_id, flight_number, flight_date, kind, change, amount_inr, basis, exempt_reason, rule, cause, at) values
        ('b-old', 'QP1003', '2026-11-30', 'compensation', 'owed', 5999, 'cancellation notified at or after departure', null, 'CAR 3-M-IV 3.3.1(c)', 'alert 1 opened', '2026-11-29T00:00:00.000Z'),
        ('b-old', 'QP1001', '2026-12-01', 'meals', 'owed', null, 'departure delayed 2 h 10 min', null, 'CAR 3-M-IV 3.8.1(a)', 'alert 2 opened', '2026-12-01T00:00:00.000Z');`);
    raw.close();

    const store = await openStore(path);
    expect(entitlementsOfBooking(store, 'b-old').map((e) => [e.flight_number, e.flight_date, e.kind, e.amount_inr, e.basis])).toEqual([
      ['QP1003', '2026-11-30', 'compensation', 5999, 'cancellation notified at or after departure'],
      ['QP1001', '2026-12-01', 'meals', null, 'departure delayed 2 h 10 min'],
    ]);
    expect(entitlementHistoryOfBooking(store, 'b-old').map((h) => h.cause)).toEqual(['alert 1 opened', 'alert 2 opened']);
    expect(entitlementsInForceOfFlightDate(store, 'QP1001', '2026-12-01')).toHaveLength(1);
    expect(store.sqlAll('pragma foreign_key_check')).toEqual([]);
    expect(() => store.sqlRun(`insert into entitlements (booking_id, flight_number, flight_date, kind, basis, rule, status, updated_at) values ('nobody', 'QP1001', '2026-12-01', 'meals', 'x', 'y', 'owed', 'z')`)).toThrow(/FOREIGN KEY/);
    // A flight-date's entitlements are read by their key, not through a second lookup per row.
    const plan = store.sqlAll<{ detail: string }>(`explain query plan select * from entitlements where flight_number = 'QP1001' and flight_date = '2026-12-01'`).map((r) => r.detail);
    expect(plan.join('\n')).toMatch(/USING PRIMARY KEY \(flight_date=\? AND flight_number=\?\)/);
    store.close();
  });

  it('forgets what a flight-date was computed from whenever a booking on it is added, moved, re-priced or changes status', async () => {
    const path = join(tempDir(), 'forget.db');
    await storeBefore(path, '-entitlements-by-flight-date', 'confirmed');
    const store = await openStore(path);
    const remember = (flight: string, date: string) => saveFlightDateInputs(store, { flight_number: flight, flight_date: date, inputs: 'x', sentences: '{}', updated_at: 'now' });
    const known = (flight: string, date: string) => flightDateInputs(store, flight, date) !== undefined;
    const cases: Array<[string, string, Array<[string, string]>]> = [
      ['a status', `update bookings set status = 'cancelled' where id = 'b-old'`, [['QP1001', '2026-12-01']]],
      ['a fare', `update bookings set fare_paid = 6999 where id = 'b-old'`, [['QP1001', '2026-12-01']]],
      ['a move', `update bookings set flight_number = 'QP1003', depart_date = '2026-12-02' where id = 'b-old'`, [['QP1001', '2026-12-01'], ['QP1003', '2026-12-02']]],
      [
        'a new booking',
        `insert into bookings (id, locator, customer_id, passenger_name, flight_number, origin, destination, depart_date, seat, fare_paid, status, created_at, updated_at)
          values ('b-new', 'KQ7M2Y', 'CUST900', 'New Row', 'QP1005', 'DEL', 'BOM', '2026-12-03', '14A', 5999, 'confirmed', '2026-11-02T00:00:00.000Z', '2026-11-02T00:00:00.000Z')`,
        [['QP1005', '2026-12-03']],
      ],
    ];
    for (const [name, change, forgotten] of cases) {
      for (const [f, d] of [...forgotten, ['QP9999', '2026-12-01'] as [string, string]]) remember(f, d);
      store.sqlRun(change);
      for (const [f, d] of forgotten) expect(known(f, d), `${name}: ${f} ${d}`).toBe(false);
      // Another flight-date is left alone.
      expect(known('QP9999', '2026-12-01'), name).toBe(true);
    }
    // The passenger's name is not something the rules read.
    remember('QP1003', '2026-12-02');
    store.sqlRun(`update bookings set passenger_name = 'Renamed' where id = 'b-old'`);
    expect(known('QP1003', '2026-12-02')).toBe(true);
    store.close();
  });

  it('a later rebuild of bookings (a widened status CHECK) keeps the triggers', async () => {
    const path = join(tempDir(), 'rebuilt.db');
    const sqlite = await databaseAtVersion(path, Object.keys(MIGRATIONS).length);
    const triggers = () => sqlite.prepare(`select name, sql from sqlite_master where type = 'trigger' and tbl_name = 'bookings' order by name`).all();
    const before = triggers();
    // Its own two, among those later migrations add (018 counts bookings by status).
    expect((before as Array<{ name: string }>).map((t) => t.name)).toEqual(expect.arrayContaining(['bookings_forget_entitlement_inputs_on_insert', 'bookings_forget_entitlement_inputs_on_update']));
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
    await widenBookingStatusCheck(db, "'offloaded')", "'offloaded','archived')", 'archived');
    expect(triggers()).toEqual(before);
    sqlite.close();
  });
});
