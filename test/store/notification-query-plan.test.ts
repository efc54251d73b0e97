import { describe, expect, it } from 'vitest';
import '../../src/store/delivery-outbox-repository.js';
import '../../src/store/entitlement-write-repository.js';
import { notificationsQuery, type NotificationQuery } from '../../src/store/notification-repository.js';
import { compileAllQueries } from '../../src/store/query.js';
import { tempStore } from '../helpers/temp-store.js';

/** `notification list` filters, and what each must search: no filter of a large outbox may read every notification. */
const cases: Array<[string, Partial<NotificationQuery>, RegExp]> = [
  // Through the alerts of the flight-dates the booking has been on (no index by booking over every notification: migration 014).
  ['a booking', { booking_id: 'BK1' }, /notifications_booking_notices \(booking_id=\?\).*sqlite_autoindex_notifications_1 \(alert_id=\?\).*alerts_flight \(flight_number=\? AND flight_date=\?\)/],
  ['a customer, through their bookings', { customer_id: 'CUST001' }, /notifications_booking_notices \(booking_id=\?\).*sqlite_autoindex_notifications_1 \(alert_id=\?\).*bookings_customer/],
  ['an alert', { alert_id: 7 }, /SEARCH n USING INDEX sqlite_autoindex_notifications_1 \(alert_id=\?\)/],
  // Queued: the ranges between the sent ranges (migration 024), each a search of the rowid.
  ['a status', { status: 'queued' }, /SCAN json_each .*SEARCH q USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/],
];

describe('notification list query plans', () => {
  it.each(cases)('by %s searches an index', async (_name, filter, wanted) => {
    const store = await tempStore();
    const c = notificationsQuery(store, { limit: 50, ...filter }).compile();
    const plan = store.sqlAll<{ detail: string }>(`explain query plan ${c.sql}`, c.parameters).map((r) => r.detail);
    expect(plan.join(' | ')).toMatch(wanted);
    expect(plan.some((d) => /^SCAN n\b/.test(d)), plan.join(' | ')).toBe(false);
  });
});

describe('alert fan-out query plan', () => {
  it('reads the passengers from one index in booking order and looks each sentence up by key, not by re-reading the sentences for every booking', async () => {
    const store = await tempStore();
    const statement = compileAllQueries(store.db)['notifications.fanOut']!;
    const plan = store.sqlAll<{ detail: string }>(`explain query plan ${statement.sql}`, statement.bind.map(() => null)).map((r) => r.detail);
    // The passengers come from the index alone, already in booking order (migration 022).
    expect(plan.join(' | ')).toMatch(/SEARCH b USING COVERING INDEX bookings_flight_date_passengers .*SEARCH s USING AUTOMATIC (COVERING )?INDEX \(key=\?\)/);
    expect(plan.join(' | ')).not.toMatch(/TEMP B-TREE/);
  });
});

describe('outbox query plans', () => {
  // The ranges between the sent ranges are few and short; the notifications are many: each range must be a search of the rowid, never a walk of every notification.
  it.each([
    ['outbox.unclaimedIn', /^SEARCH n USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/],
    ['notifications.countInRanges', /SCAN json_each .*SEARCH n USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/],
  ])('%s searches the notifications of each range by id', async (name, wanted) => {
    const store = await tempStore();
    const statement = compileAllQueries(store.db)[name]!;
    const plan = store.sqlAll<{ detail: string }>(`explain query plan ${statement.sql}`, statement.bind.map(() => null)).map((r) => r.detail);
    expect(plan.join(' | ')).toMatch(wanted);
    expect(plan.some((d) => /^SCAN n\b|TEMP B-TREE/.test(d)), plan.join(' | ')).toBe(false);
  });
});

describe('entitlement recompute query plan', () => {
  it('reads the confirmed passengers of a flight-date from the passengers index alone, in booking order', async () => {
    const store = await tempStore();
    const statement = compileAllQueries(store.db)['entitlements.bookingsOfFlightDate']!;
    const plan = store.sqlAll<{ detail: string }>(`explain query plan ${statement.sql}`, statement.bind.map(() => null)).map((r) => r.detail);
    expect(plan).toEqual([expect.stringMatching(/^SEARCH bookings USING COVERING INDEX bookings_flight_date_passengers \(flight_number=\? AND depart_date=\?\)$/)]);
  });
});
