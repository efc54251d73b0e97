/**
 * The notifications outbox: one row per affected booking per alert change, written in
 * the same transaction as the change. UNIQUE (alert_id, change_seq, booking_id) makes
 * "never notified twice for the same change" a database guarantee.
 */
import type { Selectable } from 'kysely';
import type { Store } from './database.js';
import type { NotificationTable } from './schema.js';

export type NotificationRow = Selectable<NotificationTable>;

export type NewNotification = Omit<NotificationRow, 'id' | 'status'>;

/** Records a notification; undefined when this change was already notified to this booking. */
export function insertNotification(store: Store, n: NewNotification): number | undefined {
  const r = store.sqlRun(
    `insert into notifications (alert_id, change_seq, change_kind, customer_id, booking_id, channel, message, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (alert_id, change_seq, booking_id) do nothing`,
    [n.alert_id, n.change_seq, n.change_kind, n.customer_id, n.booking_id, n.channel, n.message, n.created_at],
  );
  return r.changes === 1 ? Number(r.lastInsertRowid) : undefined;
}

/** Marks notifications handed to the sinks. */
export function markNotificationsSent(store: Store, ids: readonly number[]): void {
  if (ids.length === 0) return;
  store.sqlRun(`update notifications set status = 'sent' where id in (select value from json_each(?))`, [JSON.stringify(ids)]);
}

export function notificationsForAlert(store: Store, alertId: number): NotificationRow[] {
  return store.sqlAll<NotificationRow>('select * from notifications where alert_id = ? order by id', [alertId]);
}

export function countNotifications(store: Store): number {
  return store.sqlFirst<{ n: number }>('select count(*) as n from notifications')?.n ?? 0;
}
