/**
 * The notifications outbox: one row per affected booking per alert change, written in
 * the same transaction as the change, and one row per rebooking (the new itinerary),
 * written in the rebooking's transaction. UNIQUE (alert_id, change_seq, booking_id) makes
 * "never notified twice for the same alert change" a database guarantee.
 */
import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type { Store } from './database.js';
import { defineQuery, fields } from './query.js';
import type { DB, NotificationDeliveryTable, NotificationTable } from './schema.js';

export type NotificationRow = Selectable<NotificationTable>;

/** A notification of an alert change (kind `alert`). */
export type NewNotification = Omit<NotificationRow, 'id' | 'status' | 'kind' | 'alert_id'> & { alert_id: number };

const NOTIFICATION_VALUES = '(?, ?, ?, ?, ?, ?, ?, ?)';
/** Notifications per statement when one alert change reaches many passengers. */
const NOTIFICATIONS_PER_STATEMENT = 50;

function insertManySql(rows: number): string {
  return `insert into notifications (alert_id, change_seq, change_kind, customer_id, booking_id, channel, message, created_at)
    values ${Array(rows).fill(NOTIFICATION_VALUES).join(', ')} on conflict (alert_id, change_seq, booking_id) do nothing returning id, booking_id`;
}
const INSERT_FULL_SQL = insertManySql(NOTIFICATIONS_PER_STATEMENT);

/**
 * Records the notifications of one alert change, many rows per statement; returns the id
 * of each by booking (a booking already notified of this change has none).
 */
export function insertNotifications(store: Store, rows: readonly NewNotification[]): Map<string, number> {
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += NOTIFICATIONS_PER_STATEMENT) {
    const part = rows.slice(i, i + NOTIFICATIONS_PER_STATEMENT);
    const params: unknown[] = [];
    for (const n of part) params.push(n.alert_id, n.change_seq, n.change_kind, n.customer_id, n.booking_id, n.channel, n.message, n.created_at);
    const sql = part.length === NOTIFICATIONS_PER_STATEMENT ? INSERT_FULL_SQL : insertManySql(part.length);
    for (const r of store.sqlAll<{ id: number; booking_id: string }>(sql, params)) ids.set(r.booking_id, r.id);
  }
  return ids;
}

/** A rebooking notice: the new itinerary, linked to the open alert of the flight-date left, if any. */
export type NewRebookingNotification = Pick<NotificationRow, 'alert_id' | 'customer_id' | 'booking_id' | 'channel' | 'message' | 'created_at'>;

const REBOOKING_COLUMNS = ['alert_id', 'customer_id', 'booking_id', 'channel', 'message', 'created_at'] as const satisfies ReadonlyArray<keyof NewRebookingNotification>;
const insertRebooking = defineQuery('notifications.insertRebooking', (db, p: NewRebookingNotification) =>
  db.insertInto('notifications').values({ kind: 'rebooked', change_seq: 0, change_kind: 'rebooked', ...fields(p, REBOOKING_COLUMNS) }),
);

export function insertRebookingNotification(store: Store, n: NewRebookingNotification): NotificationRow {
  const r = store.run(insertRebooking, n);
  return { id: Number(r.lastInsertRowid), kind: 'rebooked', change_seq: 0, change_kind: 'rebooked', status: 'queued', ...n };
}

/** Records one notification; undefined when this change was already notified to this booking. */
export function insertNotification(store: Store, n: NewNotification): number | undefined {
  return insertNotifications(store, [n]).get(n.booking_id);
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

export interface NotificationQuery {
  booking_id?: string | undefined;
  customer_id?: string | undefined;
  alert_id?: number | undefined;
  status?: NotificationRow['status'] | undefined;
  /** Only notifications with a delivery in this state (at `endpoint_id`, when given). */
  delivery_status?: Selectable<NotificationDeliveryTable>['status'] | undefined;
  /** Only notifications with a delivery to this endpoint. */
  endpoint_id?: number | undefined;
  limit: number;
}

/** The ids of the bookings a query is about (one, or a customer's). */
type BookingIds = SelectQueryBuilder<DB, 'bookings', { id: string }>;

/**
 * The notifications of some bookings, without an index by booking over every notification
 * (migration 014): their rebooking notices (indexed by booking), and their notifications
 * of alert changes on the flight-dates they have been on (where they are now, and every
 * flight-date a move took them from: moves are recorded in booking_history).
 */
function notificationsOfBookings(db: Kysely<DB>, bookings: BookingIds) {
  const flightDates = db
    .selectFrom('bookings as fb')
    .select(['fb.flight_number', 'fb.depart_date'])
    .where('fb.id', 'in', bookings)
    .union(
      db
        .selectFrom('booking_history as h')
        .select(['h.from_flight as flight_number', 'h.from_date as depart_date'])
        .where('h.booking_id', 'in', bookings)
        .where('h.from_flight', 'is not', null)
        .where('h.from_date', 'is not', null)
        .$narrowType<{ flight_number: string; depart_date: string }>(),
    );
  const alerts = db
    .selectFrom(flightDates.as('fd'))
    .innerJoin('alerts as a', (j) => j.onRef('a.flight_number', '=', 'fd.flight_number').onRef('a.flight_date', '=', 'fd.depart_date'))
    .select('a.id');
  return db
    .selectFrom('notifications as r')
    .select('r.id')
    .where('r.kind', '=', 'rebooked')
    .where('r.booking_id', 'in', bookings)
    .unionAll(db.selectFrom('notifications as t').select('t.id').where('t.alert_id', 'in', alerts).where('t.booking_id', 'in', bookings));
}

/** A notification with the booking's record locator (null when the booking is gone). */
export type NotificationListRow = NotificationRow & { locator: string | null };

/** Notifications matching every given filter, newest first. */
export function queryNotifications(store: Store, q: NotificationQuery): NotificationListRow[] {
  return store.all(notificationsQuery(store, q));
}

/** The query behind queryNotifications (its plan is tested: every filter walks an index). */
export function notificationsQuery(store: Store, q: NotificationQuery) {
  let query = store.db
    .selectFrom('notifications as n')
    .leftJoin('bookings as b', 'b.id', 'n.booking_id')
    .selectAll('n')
    .select('b.locator');
  if (q.booking_id !== undefined) {
    const booking = q.booking_id;
    query = query.where('n.booking_id', '=', booking).where('n.id', 'in', notificationsOfBookings(store.db, store.db.selectFrom('bookings').select('bookings.id').where('bookings.id', '=', booking)));
  }
  if (q.customer_id !== undefined) {
    const customer = q.customer_id;
    query = query
      .where('n.customer_id', '=', customer)
      .where('n.id', 'in', notificationsOfBookings(store.db, store.db.selectFrom('bookings').select('bookings.id').where('bookings.customer_id', '=', customer)));
  }
  if (q.alert_id !== undefined) query = query.where('n.alert_id', '=', q.alert_id);
  if (q.status !== undefined) query = query.where('n.status', '=', q.status);
  if (q.delivery_status !== undefined || q.endpoint_id !== undefined) {
    const { delivery_status, endpoint_id } = q;
    query = query.where(({ exists, selectFrom }) => {
      let d = selectFrom('notification_deliveries as d').select('d.id').whereRef('d.notification_id', '=', 'n.id');
      if (delivery_status !== undefined) d = d.where('d.status', '=', delivery_status);
      if (endpoint_id !== undefined) d = d.where('d.endpoint_id', '=', endpoint_id);
      return exists(d);
    });
  }
  return query.orderBy('n.id', 'desc').limit(q.limit);
}
