/**
 * The notifications outbox: one row per affected booking per alert change, written in
 * the same transaction as the change, and one row per rebooking (the new itinerary),
 * written in the rebooking's transaction. UNIQUE (alert_id, change_seq, booking_id) makes
 * "never notified twice for the same alert change" a database guarantee.
 */
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { ChangeKind, PassengerMessageFrame } from '../domain/alert-lifecycle.js';
import type { Store } from './database.js';
import { type BookingIds, flightDatesOfBookings } from './booking-flight-dates.js';
import { defineQuery, fields } from './query.js';
import { type IdRange, idRanges, rangesBetween } from './id-ranges.js';
import { concatText, jsonEntries, jsonRanges } from './sqlite-dialect.js';
import type { BookingNoticeKind, DB, NotificationDeliveryTable, NotificationStatus, NotificationTable } from './schema.js';

/** A notification as stored. */
export type StoredNotification = Selectable<NotificationTable>;
/** A notification with its status: whether the local sinks (console, `--notify-file`) have had it. */
export type NotificationRow = StoredNotification & { status: NotificationStatus };

/** One alert change told to every passenger on board its flight-date (see fanOutNotifications). */
export interface AlertChangeFanOut {
  alert_id: number;
  change_seq: number;
  change_kind: ChangeKind;
  flight_number: string;
  flight_date: string;
  /** The change's text around each passenger's name and locator. */
  frame: PassengerMessageFrame;
  /** What each booking is owed, as a sentence appended to its message: a JSON object, booking id → sentence (bookings owed nothing are absent). */
  sentences: string;
  created_at: string;
}

/** A notification as recorded, without what every notification of its change shares. */
export type FannedOutNotification = Pick<NotificationRow, 'id' | 'customer_id' | 'booking_id' | 'channel' | 'message'>;

type FanOutParams = Omit<AlertChangeFanOut, 'frame'> & { before_name: string; before_locator: string; after: string };

/**
 * One notification per live booking (pending or confirmed) on the flight-date, in booking
 * order, in one statement: SQLite walks the flight-date's bookings and writes the rows, so
 * a change's cost per passenger is the row and its index entries, not a round trip. The
 * sentences are read into a table once (`materialized`), which SQLite indexes by key for the
 * join: joined as the function itself, every booking re-read the whole JSON object, a cost
 * per change that grew with the square of the passengers owed something.
 */
const fanOut = defineQuery('notifications.fanOut', (db, p: FanOutParams) =>
  db
    .with(
      (cte) => cte('s').materialized(),
      (wb) => wb.selectFrom(jsonEntries(p.sentences, 'e')).select(['e.key', 'e.value']),
    )
    .insertInto('notifications')
    .columns(['alert_id', 'change_seq', 'change_kind', 'customer_id', 'booking_id', 'channel', 'message', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('bookings as b')
        .leftJoin('customers as c', 'c.id', 'b.customer_id')
        .leftJoin('s', 's.key', 'b.id')
        .select((eb) => [
          eb.val(p.alert_id).as('alert_id'),
          eb.val(p.change_seq).as('change_seq'),
          eb.val(p.change_kind).as('change_kind'),
          'b.customer_id',
          'b.id',
          eb.fn.coalesce('c.notification_channel', eb.val('email')).as('channel'),
          concatText([
            eb.val(p.before_name),
            eb.ref('b.passenger_name'),
            eb.val(p.before_locator),
            eb.ref('b.locator'),
            eb.val(p.after),
            eb.fn.coalesce(concatText([eb.val(' '), eb.ref('s.value')]), eb.val('')),
          ]).as('message'),
          eb.val(p.created_at).as('created_at'),
        ])
        .where('b.flight_number', '=', p.flight_number)
        .where('b.depart_date', '=', p.flight_date)
        .where('b.status', 'in', ['pending', 'confirmed'])
        .orderBy('b.created_at')
        .orderBy('b.id'),
    )
    // Never twice for the same change (the unique index is the guarantee; this skips instead of failing).
    .onConflict((oc) => oc.columns(['alert_id', 'change_seq', 'booking_id']).doNothing())
    .returning(['id', 'customer_id', 'booking_id', 'channel', 'message']),
);

/**
 * Records one alert change's notifications, one to each passenger on board its flight-date
 * now (pending and confirmed bookings), with the change's text and each passenger's
 * entitlement sentence. Returns them in id order (a booking already told of this change
 * gets none).
 */
export function fanOutNotifications(store: Store, c: AlertChangeFanOut): FannedOutNotification[] {
  const rows = store.all(fanOut, {
    alert_id: c.alert_id,
    change_seq: c.change_seq,
    change_kind: c.change_kind,
    flight_number: c.flight_number,
    flight_date: c.flight_date,
    before_name: c.frame.beforeName,
    before_locator: c.frame.beforeLocator,
    after: c.frame.after,
    sentences: c.sentences,
    created_at: c.created_at,
  });
  return rows.sort((x, y) => x.id - y.id);
}

/** A notice about one booking (its new itinerary, or its offloading), linked to the open alert of the flight-date left, if any. */
export type NewRebookingNotification = Pick<NotificationRow, 'alert_id' | 'customer_id' | 'booking_id' | 'channel' | 'message' | 'created_at'>;

const REBOOKING_COLUMNS = ['alert_id', 'customer_id', 'booking_id', 'channel', 'message', 'created_at'] as const satisfies ReadonlyArray<keyof NewRebookingNotification>;
const insertBookingNotice = defineQuery('notifications.insertBookingNotice', (db, p: NewRebookingNotification & { kind: BookingNoticeKind }) =>
  db.insertInto('notifications').values({ kind: p.kind, change_seq: 0, change_kind: p.kind, ...fields(p, REBOOKING_COLUMNS) }),
);

/** Records a notice about one booking, queued; `rebooked` unless said otherwise. */
export function insertRebookingNotification(store: Store, n: NewRebookingNotification, kind: BookingNoticeKind = 'rebooked'): NotificationRow {
  const r = store.run(insertBookingNotice, { ...n, kind });
  return { id: Number(r.lastInsertRowid), kind, change_seq: 0, change_kind: kind, status: 'queued', ...n };
}

/**
 * Whether the local sinks have had notification `n`: the sent range with the greatest first
 * at or below its id reaches it (one search of notification_sent_ranges, whose ranges are
 * disjoint). The status is derived, not stored: marking a hand-out sent writes a range, not
 * every notification it holds (migration 024).
 */
function statusOf(eb: ExpressionBuilder<DB & { n: NotificationTable }, 'n'>) {
  const reach = eb.selectFrom('notification_sent_ranges as s').select('s.last').whereRef('s.first', '<=', 'n.id').orderBy('s.first', 'desc').limit(1);
  return eb.case().when(eb.fn.coalesce(reach, eb.lit(0)), '>=', eb.ref('n.id')).then('sent').else('queued').end().$castTo<NotificationStatus>();
}

/** The sent ranges that touch (overlap or adjoin) `before + 1`..`after - 1`, ascending; the first may end short of `before`. */
const sentTouching = defineQuery('notifications.sentTouching', (db, p: { before: number; after: number }) =>
  db
    .selectFrom('notification_sent_ranges')
    .select(['first', 'last'])
    .where('first', '>=', (eb) =>
      eb.fn.coalesce(eb.selectFrom('notification_sent_ranges as s').select((eb) => eb.fn.max('s.first').as('f')).where('s.first', '<=', p.before), eb.val(p.before)),
    )
    .where('first', '<=', p.after)
    .orderBy('first'),
);
const insertSent = defineQuery('notifications.insertSentRange', (db, p: { first: number; last: number }) => db.insertInto('notification_sent_ranges').values({ first: p.first, last: p.last }));
const widenSent = defineQuery('notifications.widenSentRange', (db, p: { was: number; first: number; last: number }) =>
  db.updateTable('notification_sent_ranges').set({ first: p.first, last: p.last }).where('first', '=', p.was),
);
const dropSentBetween = defineQuery('notifications.dropSentRanges', (db, p: { above: number; through: number }) =>
  db.deleteFrom('notification_sent_ranges').where('first', '>', p.above).where('first', '<=', p.through),
);

/**
 * Marks the notifications `first`..`last` (ids of existing notifications) handed to the local
 * sinks: the range is merged with the sent ranges it overlaps or adjoins, so a run of
 * hand-outs in id order stays one row, widened. Marking a range again changes nothing.
 */
export function markRangeSent(store: Store, [first, last]: IdRange): void {
  const touching = store.all(sentTouching, { before: first - 1, after: last + 1 }).filter((r) => r.last >= first - 1);
  const head = touching[0];
  if (!head) return void store.run(insertSent, { first, last });
  const tail = touching[touching.length - 1]!;
  const merged = { first: Math.min(first, head.first), last: Math.max(last, tail.last) };
  if (merged.first === head.first && merged.last === head.last) return;
  if (touching.length > 1) store.run(dropSentBetween, { above: head.first, through: tail.first });
  store.run(widenSent, { was: head.first, ...merged });
}

/** Marks notifications handed to the sinks. */
export function markNotificationsSent(store: Store, ids: readonly number[]): void {
  for (const range of idRanges(ids)) markRangeSent(store, range);
}

const sentRangesQuery = defineQuery('notifications.sentRanges', (db) => db.selectFrom('notification_sent_ranges').select(['first', 'last']).orderBy('first'));
const newestId = defineQuery('notifications.newestId', (db) => db.selectFrom('notifications').select((eb) => eb.fn.max('id').as('id')));

/** The newest notification's id (0 for an empty outbox). */
export function newestNotificationId(store: Store): number {
  return store.first(newestId)?.id ?? 0;
}

function sentRanges(store: Store): IdRange[] {
  return store.all(sentRangesQuery).map((r): IdRange => [r.first, r.last]);
}

/** The ids, up to `through` (default: the newest notification), of notifications the local sinks have not had, as ranges, ascending. */
export function queuedRanges(store: Store, through = newestNotificationId(store)): IdRange[] {
  return rangesBetween(sentRanges(store), through);
}

const countIn = defineQuery('notifications.countInRanges', (db, p: { ranges: string }) =>
  db
    .selectFrom(jsonRanges(p.ranges, 'g'))
    .innerJoin('notifications as n', (j) => j.onRef('n.id', '>=', 'g.first').onRef('n.id', '<=', 'g.last'))
    .select((eb) => eb.fn.countAll<number>().as('n')),
);

/**
 * Notifications by status (a status none has is left out): the sent ranges' lengths (they hold
 * ids of existing notifications only, and none is ever deleted), and the notifications in
 * the ranges between them.
 */
export function countNotificationsByStatus(store: Store): Partial<Record<NotificationStatus, number>> {
  return store.read(() => {
    const ranges = sentRanges(store);
    const sent = ranges.reduce((n, [first, last]) => n + last - first + 1, 0);
    const between = rangesBetween(ranges, newestNotificationId(store));
    const queued = between.length === 0 ? 0 : (store.first(countIn, { ranges: JSON.stringify(between) })?.n ?? 0);
    return { ...(queued > 0 ? { queued } : {}), ...(sent > 0 ? { sent } : {}) };
  });
}

const ofAlert = defineQuery('notifications.ofAlert', (db, p: { alert_id: number }) =>
  db
    .selectFrom('notifications as n')
    .selectAll('n')
    .select((eb) => statusOf(eb).as('status'))
    .where('n.alert_id', '=', p.alert_id)
    .orderBy('n.id'),
);

export function notificationsForAlert(store: Store, alertId: number): NotificationRow[] {
  return store.all(ofAlert, { alert_id: alertId });
}

const count = defineQuery('notifications.count', (db) => db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')));

export function countNotifications(store: Store): number {
  return store.first(count)?.n ?? 0;
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

/**
 * The notifications of some bookings, without an index by booking over every notification
 * (migration 014): their booking notices (rebooked, offloaded: indexed by booking, migration 015), and their notifications
 * of alert changes on the flight-dates they have been on (booking-flight-dates.ts).
 */
function notificationsOfBookings(db: Kysely<DB>, bookings: BookingIds) {
  const flightDates = flightDatesOfBookings(db, bookings);
  const alerts = db
    .selectFrom(flightDates.as('fd'))
    .innerJoin('alerts as a', (j) => j.onRef('a.flight_number', '=', 'fd.flight_number').onRef('a.flight_date', '=', 'fd.flight_date'))
    .select('a.id');
  return db
    .selectFrom('notifications as r')
    .select('r.id')
    .where('r.kind', '<>', 'alert')
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
    .select((eb) => statusOf(eb).as('status'))
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
  if (q.status === 'sent') query = query.where((eb) => eb(statusOf(eb), '=', 'sent'));
  // The queued ones lie in the ranges between the sent ranges: each a search of the rowid, never a walk of every notification.
  if (q.status === 'queued') query = query.where('n.id', 'in', (eb) => eb.selectFrom(jsonRanges(JSON.stringify(queuedRanges(store)), 'g')).innerJoin('notifications as q', (j) => j.onRef('q.id', '>=', 'g.first').onRef('q.id', '<=', 'g.last')).select('q.id'));
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
