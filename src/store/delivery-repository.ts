/**
 * Deliveries of notifications to webhook endpoints, and their attempts (the delivery log).
 *
 * The delivery loop turns in small steps, each one write transaction: record the requests
 * that finished, create deliveries for new outbox rows (fan-out), and claim the next due
 * ones. A claim marks a delivery `sending` until `due_at`; if the sender dies the claim
 * lapses and the delivery is due again (sent again with the same webhook-id).
 *
 * Per-passenger order: a delivery is only claimed when no earlier notification for the
 * same passenger is still open (pending or sending) at the same endpoint.
 */
import type { Kysely, Selectable } from 'kysely';
import type { DeliveryDecision } from '../domain/delivery-schedule.js';
import type { EndpointChannel, NotificationMessageFacts } from '../domain/delivery-message.js';
import type { Store } from './database.js';
import { newestNotificationId } from './notification-repository.js';
import { defineQuery, defineQueryVariants } from './query.js';
import { jsonTable, jsonValues } from './sqlite-dialect.js';
import type { DB, DeliveryAttemptTable, NotificationDeliveryTable } from './schema.js';

export type DeliveryRow = Selectable<NotificationDeliveryTable>;
export type AttemptRow = Selectable<DeliveryAttemptTable>;

/** Outbox rows looked at per endpoint per fan-out. */
const FAN_OUT_BATCH = 2000;


/** Enabled endpoints whose deliveries have not caught up with the outbox's row `newest`. */
const endpointsBehind = defineQuery('deliveries.endpointsBehind', (db, p: { newest: number }) =>
  db.selectFrom('webhook_endpoints').select(['id', 'channel', 'fanned_out_through']).where('status', '=', 'enabled').where('fanned_out_through', '<', p.newest),
);

/** Outbox rows `(after, upTo]` for one endpoint, on its channel (`oneChannel`) or on all. */
type FanOutRange = { endpoint: number; channel: EndpointChannel; after: number; upTo: number };

/** Deliveries (queued) for an endpoint's share of the outbox rows in a range; rows it already has are left alone. */
const insertDeliveries = defineQueryVariants('deliveries.fanOut', ['oneChannel'], (db, p: FanOutRange & { now: string }, on) =>
  db
    .insertInto('notification_deliveries')
    .columns(['notification_id', 'endpoint_id', 'customer_id', 'due_at', 'created_at', 'updated_at'])
    .expression(
      outboxRange(db, p, on.oneChannel).select((eb) => ['id', eb.val(p.endpoint).as('endpoint_id'), 'customer_id', eb.val(p.now).as('due_at'), eb.val(p.now).as('created_at'), eb.val(p.now).as('updated_at')]),
    )
    .onConflict((oc) => oc.columns(['notification_id', 'endpoint_id']).doNothing()),
);

/** The passengers of an endpoint's share of the outbox rows in a range. */
const rangeCustomers = defineQueryVariants('deliveries.fanOutCustomers', ['oneChannel'], (db, p: FanOutRange, on) =>
  outboxRange(db, p, on.oneChannel).select('customer_id').distinct(),
);

function outboxRange(db: Kysely<DB>, p: FanOutRange, oneChannel: boolean) {
  const q = db.selectFrom('notifications').where('id', '>', p.after).where('id', '<=', p.upTo);
  return oneChannel ? q.where('channel', '=', p.channel) : q;
}

const markFannedOut = defineQuery('deliveries.markFannedOut', (db, p: { endpoint: number; upTo: number }) =>
  db.updateTable('webhook_endpoints').set({ fanned_out_through: p.upTo }).where('id', '=', p.endpoint),
);

/**
 * Creates deliveries for outbox rows newer than each enabled endpoint's mark, for the
 * endpoints whose channel they are on: queued behind the passenger's open delivery at that
 * endpoint, if any, else pending at once. Returns how many were created. Call inside a write.
 */
export function fanOutDeliveries(store: Store, now: string): number {
  const newest = newestNotificationId(store);
  let created = 0;
  for (const e of store.all(endpointsBehind, { newest })) {
    const range: FanOutRange = { endpoint: e.id, channel: e.channel, after: e.fanned_out_through, upTo: Math.min(newest, e.fanned_out_through + FAN_OUT_BATCH) };
    const on = { oneChannel: e.channel !== 'all' };
    const added = store.run(insertDeliveries(on), { ...range, now }).changes;
    if (added > 0) startNextInLine(store, e.id, store.all(rangeCustomers(on), range).map((r) => r.customer_id), now);
    created += added;
    store.run(markFannedOut, range);
  }
  return created;
}

/**
 * For each passenger of the list (`customers`, a JSON array) with nothing pending or under
 * way at the endpoint, the oldest queued delivery becomes pending, due now.
 */
const startNextInLineOf = defineQuery('deliveries.startNextInLine', (db, p: { endpoint: number; customers: string; now: string }) =>
  db
    .updateTable('notification_deliveries')
    .set({ status: 'pending', due_at: p.now, updated_at: p.now })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom(jsonTable<string, 'c'>(p.customers, 'c'))
        .select((eb) =>
          eb
            .selectFrom('notification_deliveries as q')
            .select('q.id')
            .where('q.endpoint_id', '=', p.endpoint)
            .whereRef('q.customer_id', '=', 'c.value')
            .where('q.status', '=', 'queued')
            .orderBy('q.notification_id')
            .limit(1)
            .as('id'),
        )
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('notification_deliveries as o')
                .select('o.id')
                .where('o.endpoint_id', '=', p.endpoint)
                .whereRef('o.customer_id', '=', 'c.value')
                .where('o.status', 'in', ['pending', 'sending']),
            ),
          ),
        ),
    ),
);

/**
 * Per-passenger order: for each of `customers` with nothing pending or under way at the
 * endpoint, the oldest queued delivery becomes pending, due now. Called when deliveries are
 * queued and when one is settled (delivered or failed).
 */
function startNextInLine(store: Store, endpointId: number, customers: readonly string[], now: string): void {
  if (customers.length === 0) return;
  store.run(startNextInLineOf, { endpoint: endpointId, customers: JSON.stringify(customers), now });
}

/** A claimed delivery with everything its message needs. */
export interface ClaimedDelivery {
  id: number;
  /** When this claim lapses (UTC ISO): after it another sender may claim the delivery. */
  claimed_until: string;
  /** This attempt's number (1-based). */
  attempt: number;
  endpoint: { id: number; uid: string; url: string; secret: string };
  facts: NotificationMessageFacts;
}

/**
 * Due deliveries of one status at enabled endpoints, earliest first, walking
 * `notification_deliveries_due` in `due_at` order up to the limit. Pending deliveries and
 * lapsed claims are read apart and merged here: one query over both statuses makes SQLite
 * sort every pending row on each claim (EXPLAIN QUERY PLAN: a temp b-tree for the ORDER BY).
 */
const dueOfStatus = defineQuery('deliveries.dueOfStatus', (db, p: { status: DeliveryRow['status']; now: string; limit: number }) =>
  db
    .selectFrom('notification_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select(['d.id', 'd.due_at'])
    .where('d.status', '=', p.status)
    .where('d.due_at', '<=', p.now)
    .where('e.status', '=', 'enabled')
    .orderBy('d.due_at')
    .limit(p.limit),
);

/** Marks deliveries (`ids`: a JSON array) claimed until `until` and counts the attempt. */
const claim = defineQuery('deliveries.claim', (db, p: { ids: string; until: string; now: string }) =>
  db
    .updateTable('notification_deliveries')
    .set((eb) => ({ status: 'sending', due_at: p.until, attempts: eb('attempts', '+', 1), updated_at: p.now }))
    .where('id', 'in', jsonValues<number>(p.ids)),
);

/** Everything the messages of the claimed deliveries need, by delivery id (`ids`: a JSON array). */
const claimedFacts = defineQuery('deliveries.claimedFacts', (db, p: { ids: string }) =>
  db
    .selectFrom('notification_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .innerJoin('customers as c', 'c.id', 'n.customer_id')
    .innerJoin('bookings as b', 'b.id', 'n.booking_id')
    .leftJoin('alerts as a', 'a.id', 'n.alert_id')
    .select([
      'd.id',
      'd.attempts',
      'e.id as endpoint_id',
      'e.uid',
      'e.url',
      'e.secret',
      'n.id as n_id',
      'n.kind',
      'n.alert_id',
      'a.id as a_id',
      'n.change_seq',
      'n.change_kind',
      'n.channel',
      'n.message as n_message',
      'n.created_at as n_created_at',
      'c.id as c_id',
      'c.name as c_name',
      'c.email',
      'c.phone',
      'b.id as b_id',
      'b.locator',
      'b.passenger_name',
      'b.flight_number as b_flight',
      'b.depart_date',
      'b.origin',
      'b.destination',
      'b.seat',
      'b.status as b_status',
      'a.flight_number as a_flight',
      'a.flight_date',
      'a.alert_type',
      'a.severity',
      'a.status as a_status',
      'a.message as a_message',
      'a.delay_minutes',
      'a.resolution_note',
    ])
    .where('d.id', 'in', jsonValues<number>(p.ids))
    .orderBy('d.id'),
);

/** Claims up to `limit` due deliveries (pending, or a lapsed claim) until `claimUntil` and counts the attempt. Call inside a write. */
export function claimDueDeliveries(store: Store, now: string, claimUntil: string, limit: number): ClaimedDelivery[] {
  if (limit <= 0) return [];
  const due = (status: DeliveryRow['status']) => store.all(dueOfStatus, { status, now, limit });
  const ids = [...due('pending'), ...due('sending')]
    .sort((a, b) => (a.due_at < b.due_at ? -1 : a.due_at > b.due_at ? 1 : 0))
    .slice(0, limit)
    .map((r) => r.id);
  if (ids.length === 0) return [];
  const list = JSON.stringify(ids);
  store.run(claim, { ids: list, until: claimUntil, now });
  const rows = store.all(claimedFacts, { ids: list });
  const owed = entitlementsForMessages(store, rows);
  return rows.map((r) => ({
    id: r.id,
    claimed_until: claimUntil,
    attempt: r.attempts,
    endpoint: { id: r.endpoint_id, uid: r.uid, url: r.url, secret: r.secret },
    facts: {
      notification: { id: r.n_id, kind: r.kind, alert_id: r.alert_id, change_seq: r.change_seq, change_kind: r.change_kind, channel: r.channel, message: r.n_message, created_at: r.n_created_at },
      customer: { id: r.c_id, name: r.c_name, email: r.email, phone: r.phone },
      booking: { id: r.b_id, locator: r.locator, passenger_name: r.passenger_name, flight_number: r.b_flight, depart_date: r.depart_date, origin: r.origin, destination: r.destination, seat: r.seat, status: r.b_status },
      alert:
        r.a_id === null
          ? null
          : { id: r.a_id, flight_number: r.a_flight!, flight_date: r.flight_date!, alert_type: r.alert_type!, severity: r.severity!, status: r.a_status!, message: r.a_message!, delay_minutes: r.delay_minutes, resolution_note: r.resolution_note },
      entitlements: r.a_id === null ? [] : (owed.get(`${r.b_id}|${r.a_flight}|${r.flight_date}`) ?? []),
    },
  }));
}

const messageEntitlements = defineQuery('deliveries.messageEntitlements', (db, p: { flight_number: string; flight_date: string; bookings: string }) =>
  db
    .selectFrom('entitlement_rows')
    .select(['booking_id', 'flight_number', 'flight_date', 'kind', 'amount_inr', 'exempt_reason'])
    .where('flight_number', '=', p.flight_number)
    .where('flight_date', '=', p.flight_date)
    .where('booking_id', 'in', jsonValues<string>(p.bookings))
    .where('status', '!=', 'withdrawn'),
);

type MessageEntitlement = NotificationMessageFacts['entitlements'][number];

/**
 * The current (not withdrawn) entitlements of the claimed messages' bookings on their alerts'
 * flight-dates, by booking and flight-date (`booking|flight|date`): one query per flight-date
 * of the claim batch (entitlements are keyed by flight-date first, migration 016).
 */
function entitlementsForMessages(store: Store, rows: ReadonlyArray<{ b_id: string; a_id: number | null; a_flight: string | null; flight_date: string | null }>): Map<string, MessageEntitlement[]> {
  const bookingsOf = new Map<string, { flight_number: string; flight_date: string; bookings: Set<string> }>();
  for (const r of rows) {
    if (r.a_id === null || r.a_flight === null || r.flight_date === null) continue;
    const key = `${r.a_flight}|${r.flight_date}`;
    let group = bookingsOf.get(key);
    if (!group) bookingsOf.set(key, (group = { flight_number: r.a_flight, flight_date: r.flight_date, bookings: new Set() }));
    group.bookings.add(r.b_id);
  }
  const owed = new Map<string, MessageEntitlement[]>();
  for (const g of bookingsOf.values()) {
    for (const e of store.all(messageEntitlements, { flight_number: g.flight_number, flight_date: g.flight_date, bookings: JSON.stringify([...g.bookings]) })) {
      const key = `${e.booking_id}|${e.flight_number}|${e.flight_date}`;
      let list = owed.get(key);
      if (!list) owed.set(key, (list = []));
      list.push({ kind: e.kind, amount_inr: e.amount_inr, exempt_reason: e.exempt_reason });
    }
  }
  return owed;
}

/**
 * Hands claims (`ids`: a JSON array, all claimed until `until`) back unsent: due at once, the
 * attempt not counted. Only claims still held as made: one that lapsed and was claimed again
 * (another `until`) is the new claimer's.
 */
const releaseClaimsOf = defineQuery('deliveries.release', (db, p: { ids: string; until: string; now: string }) =>
  db
    .updateTable('notification_deliveries')
    .set((eb) => ({ status: 'pending', due_at: p.now, attempts: eb('attempts', '-', 1), updated_at: p.now }))
    .where('id', 'in', jsonValues<number>(p.ids))
    .where('status', '=', 'sending')
    .where('due_at', '=', p.until),
);

/** Hands claims back unsent (not started: the sender is stopping, or the claim would lapse mid-request). Call inside a write. */
export function releaseClaims(store: Store, claims: ReadonlyArray<Pick<ClaimedDelivery, 'id' | 'claimed_until'>>, now: string): void {
  const byUntil = new Map<string, number[]>();
  for (const c of claims) {
    const ids = byUntil.get(c.claimed_until);
    if (ids) ids.push(c.id);
    else byUntil.set(c.claimed_until, [c.id]);
  }
  for (const [until, ids] of byUntil) store.run(releaseClaimsOf, { ids: JSON.stringify(ids), until, now });
}

/** One finished request and what the schedule decided. */
export interface FinishedAttempt {
  delivery_id: number;
  endpoint_id: number;
  customer_id: string;
  attempt: number;
  started_at: string;
  finished_at: string;
  http_status: number | null;
  error: string | null;
  decision: DeliveryDecision;
}

/**
 * Records finished requests and applies their decisions (the delivery loop records a
 * batch per turn, in one transaction); a settled delivery lets the passenger's
 * next one at that endpoint start. A delivery that is no longer `sending`
 * (an operator reset it meanwhile) keeps its state; one that was removed with its endpoint
 * gets no log entry. Call inside a write.
 */
export function recordAttempts(store: Store, finished: readonly FinishedAttempt[]): void {
  if (finished.length === 0) return;
  // Two cached statements per answer: cheaper than one statement over a JSON batch, whose
  // join SQLite plans from the status index with the batch inside.
  for (const f of finished) {
    const d = f.decision;
    store.run(logAttempt, { delivery_id: f.delivery_id, attempt: f.attempt, started_at: f.started_at, finished_at: f.finished_at, http_status: f.http_status, error: f.error, outcome: d.outcome });
    store.run(settleAttempt, {
      id: f.delivery_id,
      status: d.outcome === 'delivered' ? 'delivered' : d.outcome === 'failed' ? 'failed' : 'pending',
      // A 410 leaves the delivery due at once: it goes out when the endpoint is enabled again.
      due_at: d.outcome === 'retry' ? d.dueAt.toISOString() : d.outcome === 'endpoint_disabled' ? f.finished_at : null,
      delivered_at: d.outcome === 'delivered' ? f.finished_at : null,
      last_status: f.http_status,
      last_error: d.outcome === 'delivered' ? null : f.error,
      updated_at: f.finished_at,
    });
  }
  const settled = new Map<number, string[]>();
  for (const f of finished) {
    if (f.decision.outcome !== 'delivered' && f.decision.outcome !== 'failed') continue;
    let list = settled.get(f.endpoint_id);
    if (!list) settled.set(f.endpoint_id, (list = []));
    list.push(f.customer_id);
  }
  for (const [endpoint, customers] of settled) startNextInLine(store, endpoint, customers, finished[finished.length - 1]!.finished_at);
  for (const f of finished) {
    if (f.decision.outcome !== 'endpoint_disabled') continue;
    store.run(disableEndpoint, { id: f.endpoint_id, reason: `${f.decision.reason} at ${f.finished_at}`, now: f.finished_at });
  }
}

/** The delivery log's entry for one request, unless the delivery was removed (with its endpoint) meanwhile. */
const logAttempt = defineQuery('deliveries.logAttempt', (db, p: Omit<AttemptRow, 'id'>) =>
  db
    .insertInto('delivery_attempts')
    .columns(['delivery_id', 'attempt', 'started_at', 'finished_at', 'http_status', 'error', 'outcome'])
    .expression(
      db
        .selectNoFrom((eb) => [
          eb.val(p.delivery_id).as('delivery_id'),
          eb.val(p.attempt).as('attempt'),
          eb.val(p.started_at).as('started_at'),
          eb.val(p.finished_at).as('finished_at'),
          eb.val(p.http_status).as('http_status'),
          eb.val(p.error).as('error'),
          eb.val(p.outcome).as('outcome'),
        ])
        .where((eb) => eb.exists(eb.selectFrom('notification_deliveries').select('id').where('id', '=', p.delivery_id))),
    ),
);

/** A request's outcome on its delivery (`due_at` null keeps the current one), unless an operator reset it meanwhile (no longer `sending`). */
const settleAttempt = defineQuery(
  'deliveries.settle',
  (db, p: Pick<DeliveryRow, 'id' | 'status' | 'delivered_at' | 'last_status' | 'last_error' | 'updated_at'> & { due_at: string | null }) =>
    db
      .updateTable('notification_deliveries')
      .set((eb) => ({ status: p.status, due_at: eb.fn.coalesce(eb.val(p.due_at), eb.ref('due_at')), delivered_at: p.delivered_at, last_status: p.last_status, last_error: p.last_error, updated_at: p.updated_at }))
      .where('id', '=', p.id)
      .where('status', '=', 'sending'),
);

/** A 410 from an endpoint disables it (once: a second 410 of the same batch keeps the first reason). */
const disableEndpoint = defineQuery('deliveries.disableEndpoint', (db, p: { id: number; reason: string; now: string }) =>
  db.updateTable('webhook_endpoints').set({ status: 'disabled', disabled_reason: p.reason, updated_at: p.now }).where('id', '=', p.id).where('status', '=', 'enabled'),
);

/** The earliest `due_at` of the open deliveries (pending, or sending: a claim lapses) to enabled endpoints. */
const nextDue = defineQuery('deliveries.nextDue', (db) =>
  db
    .selectFrom('notification_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select((eb) => eb.fn.min('d.due_at').as('due'))
    .where('d.status', 'in', ['pending', 'sending'])
    .where('e.status', '=', 'enabled'),
);

/** When the next delivery to an enabled endpoint is due, or undefined. A lapsing claim counts. */
export function nextDueAt(store: Store): string | undefined {
  return store.first(nextDue)?.due ?? undefined;
}

const anyEnabled = defineQuery('deliveries.anyEnabledEndpoint', (db) => db.selectFrom('webhook_endpoints').select('id').where('status', '=', 'enabled').limit(1));

/** Is any endpoint enabled? Without one there is nothing to fan out, claim or send. */
export function anyEnabledEndpoint(store: Store): boolean {
  return store.first(anyEnabled) !== undefined;
}

/** Is there any outbox row an enabled endpoint has not yet been given? */
export function fanOutBehind(store: Store): boolean {
  return store.first(endpointsBehind, { newest: newestNotificationId(store) }) !== undefined;
}

export interface DeliveryListRow extends DeliveryRow {
  endpoint_url: string;
  booking_id: string;
  channel: string;
  change_kind: string;
  alert_id: number | null;
}

export interface DeliveryFilter {
  status?: DeliveryRow['status'];
  endpoint_id?: number;
  notification_id?: number;
  limit: number;
}

/** Deliveries, newest notification first. */
export function listDeliveries(store: Store, f: DeliveryFilter): { rows: DeliveryListRow[]; total: number } {
  let q = store.db
    .selectFrom('notification_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id');
  if (f.status) q = q.where('d.status', '=', f.status);
  if (f.endpoint_id !== undefined) q = q.where('d.endpoint_id', '=', f.endpoint_id);
  if (f.notification_id !== undefined) q = q.where('d.notification_id', '=', f.notification_id);
  return store.read(() => ({
    rows: store.all(q.selectAll('d').select(['e.url as endpoint_url', 'n.booking_id', 'n.channel', 'n.change_kind', 'n.alert_id']).orderBy('d.notification_id', 'desc').orderBy('d.endpoint_id').limit(f.limit)),
    total: store.first(q.select((eb) => eb.fn.countAll<number>().as('n')))?.n ?? 0,
  }));
}

/** A notification's delivery to one endpoint, as `notification list` shows it. */
export type DeliveryState = Pick<DeliveryRow, 'notification_id' | 'endpoint_id' | 'status' | 'attempts' | 'last_status' | 'last_error' | 'due_at' | 'delivered_at'> & { endpoint_url: string };

/** The deliveries of the given notifications, by notification then endpoint. */
export function deliveryStatesOf(store: Store, notificationIds: readonly number[]): DeliveryState[] {
  if (notificationIds.length === 0) return [];
  return store.all(
    store.db
      .selectFrom('notification_deliveries as d')
      .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
      .select(['d.notification_id', 'd.endpoint_id', 'e.url as endpoint_url', 'd.status', 'd.attempts', 'd.last_status', 'd.last_error', 'd.due_at', 'd.delivered_at'])
      .where('d.notification_id', 'in', [...notificationIds])
      .orderBy('d.notification_id')
      .orderBy('d.endpoint_id'),
  );
}

export function attemptsOf(store: Store, deliveryIds: readonly number[]): AttemptRow[] {
  if (deliveryIds.length === 0) return [];
  return store.all(store.db.selectFrom('delivery_attempts').selectAll().where('delivery_id', 'in', [...deliveryIds]).orderBy('delivery_id').orderBy('attempt'));
}

/**
 * Makes deliveries due again at `now` with a fresh schedule: those of one notification
 * (failed or pending), or every failed one. Returns the ids reset. Call inside a write.
 */
export function resetDeliveries(store: Store, which: { notification_id: number } | { failed: true }, now: string): number[] {
  let q = store.db.updateTable('notification_deliveries').set({ status: 'pending', attempts: 0, due_at: now, updated_at: now });
  q = 'failed' in which ? q.where('status', '=', 'failed') : q.where('notification_id', '=', which.notification_id).where('status', 'in', ['failed', 'pending']);
  return store.all(q.returning('id')).map((r) => r.id);
}

export function deliveriesOfNotification(store: Store, notificationId: number): DeliveryRow[] {
  return store.all(store.db.selectFrom('notification_deliveries').selectAll().where('notification_id', '=', notificationId).orderBy('endpoint_id'));
}

export function notificationExists(store: Store, id: number): boolean {
  return store.first(store.db.selectFrom('notifications').select('id').where('id', '=', id)) !== undefined;
}
