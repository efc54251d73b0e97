/** The local sinks' hand-outs as id ranges (migration 024): an older store's statuses and claims carried over, and the sent ranges agreeing with a set of ids. */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { claimQueuedBacklog } from '../../src/store/delivery-outbox-repository.js';
import { countNotificationsByStatus, markNotificationsSent, queryNotifications } from '../../src/store/notification-repository.js';
import { storeBefore } from '../helpers/old-store.js';
import { outboxStatuses } from '../helpers/outbox.js';
import { tempDir } from '../helpers/temp-dir.js';
import { tempStore } from '../helpers/temp-store.js';

const FUTURE = '2999-01-01T00:00:00.000Z';
const NOW = '2026-12-01T10:00:00.000Z';

/** Notification rows (columns before migration 024) for b-old: `statuses[i]` is row i+1's status. */
function oldRows(statuses: readonly string[]): string {
  return statuses
    .map((status, i) => `(${i + 1}, '${i % 4 === 3 ? 'rebooked' : 'alert'}', null, ${i}, 'opened', 'CUST900', 'b-old', 'email', 'message ${i + 1}', '${status}', '2026-11-01T00:00:00.000Z')`)
    .join(',\n');
}

describe('migration 024: notification status as sent ranges, claims as ranges', () => {
  it('an older store answers as before: each status, the lists by status, the counts, and a live claim still held', async () => {
    const path = join(tempDir(), 'before-024.db');
    await storeBefore(path, '-notification-handout-ranges', 'confirmed');
    const statuses = ['sent', 'sent', 'queued', 'sent', 'sent', 'sent', 'queued', 'queued', 'sent', 'queued'];
    const raw = new Database(path);
    raw.exec(`insert into notifications (id, kind, alert_id, change_seq, change_kind, customer_id, booking_id, channel, message, status, created_at) values ${oldRows(statuses)};
      insert into notification_handouts (notification_id, until) values (7, '${FUTURE}'), (8, '2000-01-01T00:00:00.000Z');`);
    const before = raw.prepare('select id, status from notifications order by id').all();
    const queuedBefore = raw.prepare(`select id from notifications where status = 'queued' order by id desc`).all();
    raw.close();

    const store = await openStore(path);
    try {
      expect(outboxStatuses(store)).toEqual(before);
      expect(queryNotifications(store, { status: 'queued', limit: 50 }).map((n) => ({ id: n.id }))).toEqual(queuedBefore);
      expect(queryNotifications(store, { status: 'sent', limit: 50 }).map((n) => n.id)).toEqual([9, 6, 5, 4, 2, 1]);
      expect(queryNotifications(store, { status: 'sent', limit: 2 }).map((n) => n.id)).toEqual([9, 6]);
      expect(countNotificationsByStatus(store)).toEqual({ queued: 4, sent: 6 });
      expect(store.sqlAll('select first, last from notification_sent_ranges order by first')).toEqual([
        { first: 1, last: 2 },
        { first: 4, last: 6 },
        { first: 9, last: 9 },
      ]);
      expect(store.sqlAll<{ name: string }>(`select name from pragma_table_info('notifications')`).map((c) => c.name)).not.toContain('status');
      // The live claim on 7 is kept, the lapsed one on 8 is not in the way: the backlog (alert rows only) is 3 and 10.
      const claimed = store.write(() => claimQueuedBacklog(store, Number.MAX_SAFE_INTEGER, 100, NOW, FUTURE));
      expect(claimed.rows.map((r) => r.id)).toEqual([3, 10]);
      expect(store.sqlAll('select first, last from notification_handouts order by first')).toEqual([
        { first: 3, last: 3 },
        { first: 7, last: 7 },
        { first: 10, last: 10 },
      ]);
    } finally {
      store.close();
    }
  });

  it('marking ids sent, in any order and any number of times, agrees with the set of ids marked; the ranges stay disjoint and apart', async () => {
    const store = await tempStore();
    const N = 40;
    store.sqlRun(`insert into customers (id, name, email, phone) values ('CUST900', 'Old Row', 'o@example.com', '+91 90000 00000')`);
    store.sqlRun(`insert into bookings (id, locator, customer_id, passenger_name, flight_number, origin, destination, depart_date, seat, fare_paid, status, created_at, updated_at)
      values ('b-old', 'KQ7M2X', 'CUST900', 'Old Row', 'QP1001', 'DEL', 'BOM', '2026-12-01', '12A', 5999, 'confirmed', '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z')`);
    for (let i = 1; i <= N; i++) {
      store.sqlRun(`insert into notifications (id, kind, alert_id, change_seq, change_kind, customer_id, booking_id, channel, message, created_at) values (?, 'rebooked', null, 0, 'rebooked', 'CUST900', 'b-old', 'email', 'm', '2026-11-01T00:00:00.000Z')`, [i]);
    }
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 1, max: N }), { maxLength: 12 }), { maxLength: 8 }), (marks) => {
        store.sqlRun('delete from notification_sent_ranges');
        const model = new Set<number>();
        for (const ids of marks) {
          store.write(() => markNotificationsSent(store, ids));
          for (const id of ids) model.add(id);
        }
        const want = Array.from({ length: N }, (_, i) => ({ id: i + 1, status: model.has(i + 1) ? 'sent' : 'queued' }));
        expect(outboxStatuses(store)).toEqual(want);
        const ranges = store.sqlAll<{ first: number; last: number }>('select first, last from notification_sent_ranges order by first');
        for (let i = 1; i < ranges.length; i++) expect(ranges[i]!.first).toBeGreaterThan(ranges[i - 1]!.last + 1);
        const queued = N - model.size;
        expect(countNotificationsByStatus(store)).toEqual({ ...(queued > 0 ? { queued } : {}), ...(model.size > 0 ? { sent: model.size } : {}) });
        expect(queryNotifications(store, { status: 'queued', limit: N }).map((n) => n.id)).toEqual(want.filter((w) => w.status === 'queued').map((w) => w.id).reverse());
      }),
      { numRuns: 150 },
    );
    store.close();
  });
});
