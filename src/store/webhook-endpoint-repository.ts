/**
 * Webhook endpoints: where passenger notifications are delivered. An endpoint starts after
 * the newest notification in the outbox (it is sent what happens from now on, not the
 * history); `fanned_out_through` moves on as the delivery loop creates its deliveries.
 */
import type { Selectable } from 'kysely';
import type { EndpointChannel } from '../domain/delivery-message.js';
import type { Store } from './database.js';
import type { NotificationDeliveryTable, WebhookEndpointTable } from './schema.js';

export type EndpointRow = Selectable<WebhookEndpointTable>;

export interface NewEndpoint {
  uid: string;
  url: string;
  channel: EndpointChannel;
  secret: string;
  created_at: string;
}

export function insertEndpoint(store: Store, e: NewEndpoint): EndpointRow {
  return store.write(() => {
    const newest = store.first(store.db.selectFrom('notifications').select((eb) => eb.fn.max('id').as('id')))?.id ?? 0;
    const r = store.run(store.db.insertInto('webhook_endpoints').values({ ...e, fanned_out_through: newest, updated_at: e.created_at }));
    return getEndpoint(store, Number(r.lastInsertRowid))!;
  });
}

export function getEndpoint(store: Store, id: number): EndpointRow | undefined {
  return store.first(store.db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id));
}

export type DeliveryStatus = Selectable<NotificationDeliveryTable>['status'];

export interface EndpointWithCounts extends EndpointRow {
  deliveries: Record<DeliveryStatus, number>;
}

export function listEndpoints(store: Store): EndpointWithCounts[] {
  return store.read(() => {
    const rows = store.all(store.db.selectFrom('webhook_endpoints').selectAll().orderBy('id'));
    const counts = store.all(
      store.db
        .selectFrom('notification_deliveries')
        .select(['endpoint_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['endpoint_id', 'status']),
    );
    return rows.map((r) => {
      const deliveries: Record<DeliveryStatus, number> = { queued: 0, pending: 0, sending: 0, delivered: 0, failed: 0 };
      for (const c of counts) if (c.endpoint_id === r.id) deliveries[c.status] = c.n;
      return { ...r, deliveries };
    });
  });
}

/** Enables or disables an endpoint; false when there is no such endpoint. */
export function setEndpointStatus(store: Store, id: number, status: EndpointRow['status'], reason: string | null, at: string): boolean {
  return store.run(store.db.updateTable('webhook_endpoints').set({ status, disabled_reason: status === 'disabled' ? reason : null, updated_at: at }).where('id', '=', id)).changes === 1;
}

/** Removes an endpoint with its deliveries and their attempts; undefined when there is no such endpoint. */
export function deleteEndpoint(store: Store, id: number): { open_deliveries: number } | undefined {
  return store.write(() => {
    const open =
      store.first(
        store.db
          .selectFrom('notification_deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('endpoint_id', '=', id)
          .where('status', 'in', ['queued', 'pending', 'sending']),
      )?.n ?? 0;
    const r = store.run(store.db.deleteFrom('webhook_endpoints').where('id', '=', id));
    return r.changes === 1 ? { open_deliveries: open } : undefined;
  });
}
