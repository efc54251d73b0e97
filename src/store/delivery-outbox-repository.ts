/**
 * The outbox as the local sinks (console, `--notify-file`) read it: notifications still
 * `queued`, oldest first (the `notifications_status` index keeps this cheap), each
 * claimed by one process at a time while it hands them out (`notification_handouts`).
 */
import type { Store } from './database.js';
import { markNotificationsSent, type NotificationRow } from './notification-repository.js';

/**
 * Claims the queued notifications among `ids` until `until`, unless another process holds
 * a claim that has not lapsed at `now`. Returns the ids claimed. Call inside a write.
 */
export function claimHandouts(store: Store, ids: readonly number[], now: string, until: string): Set<number> {
  if (ids.length === 0) return new Set();
  // CROSS JOIN keeps json_each as the outer loop: with a plain join SQLite walks every queued
  // notification (notifications_status) and scans the id list for each, quadratic in a batch.
  const rows = store.sqlAll<{ notification_id: number }>(
    `insert into notification_handouts (notification_id, until)
     select n.id, :until from json_each(:ids) as j cross join notifications as n on n.id = j.value where n.status = 'queued'
     on conflict (notification_id) do update set until = excluded.until where notification_handouts.until <= :now
     returning notification_id`,
    { ids: JSON.stringify(ids), now, until },
  );
  return new Set(rows.map((r) => r.notification_id));
}

/** Claims up to `limit` queued notifications with ids below `below` that no live claim holds, oldest first. Call inside a write. */
export function claimQueuedBacklog(store: Store, below: number, limit: number, now: string, until: string): NotificationRow[] {
  const rows = store.all(
    store.db
      .selectFrom('notifications as n')
      .leftJoin('notification_handouts as h', 'h.notification_id', 'n.id')
      .selectAll('n')
      .where('n.status', '=', 'queued')
      // Rebooking notices go to the sinks from the rebooking that recorded them (services/notifications.ts).
      .where('n.kind', '=', 'alert')
      .where('n.id', '<', below)
      .where((eb) => eb.or([eb('h.until', 'is', null), eb('h.until', '<=', now)]))
      .orderBy('n.id')
      .limit(limit),
  );
  const claimed = claimHandouts(store, rows.map((r) => r.id), now, until);
  return rows.filter((r) => claimed.has(r.id));
}

/** Marks handed-out notifications sent and drops the claims on them and on `released` (handed back after a sink failed). */
export function finishHandouts(store: Store, sent: readonly number[], released: readonly number[]): void {
  markNotificationsSent(store, sent);
  const done = [...sent, ...released];
  if (done.length > 0) store.run(store.db.deleteFrom('notification_handouts').where('notification_id', 'in', done));
}
