/**
 * The delivery log as the operator sees it: deliveries per notification and endpoint with
 * their attempts, and resending (a failed delivery, or one notification's).
 */
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.js';
import { DELIVERY_STATUSES } from '../domain/delivery-schedule.js';
import { type AttemptRow, attemptsOf, deliveriesOfNotification, type DeliveryListRow, type DeliveryRow, listDeliveries, notificationExists, resetDeliveries } from '../store/delivery-repository.js';
import type { ServiceContext } from '../context.js';

export interface DeliveryView extends DeliveryListRow {
  attempt_log?: Array<Omit<AttemptRow, 'id' | 'delivery_id'>>;
}

export interface DeliveryListInput {
  status?: string;
  endpoint?: string;
  notification?: string;
  limit?: string;
  /** Include each delivery's attempts. */
  attempts?: boolean;
}

function positiveInt(raw: string | undefined, field: string, fallback?: number): number | undefined {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw ValidationError.field(field, `expected a whole number of 1 or more, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

export function listDeliveryViews(ctx: ServiceContext, input: DeliveryListInput): { deliveries: DeliveryView[]; count: number; total: number } {
  if (input.status !== undefined && !(DELIVERY_STATUSES as readonly string[]).includes(input.status)) {
    throw ValidationError.field('status', `expected one of ${DELIVERY_STATUSES.join(', ')}, got ${JSON.stringify(input.status)}`);
  }
  const { rows, total } = listDeliveries(ctx.store, {
    status: input.status as DeliveryRow['status'] | undefined,
    endpoint_id: positiveInt(input.endpoint, 'endpoint'),
    notification_id: positiveInt(input.notification, 'notification'),
    limit: positiveInt(input.limit, 'limit', 100)!,
  });
  let deliveries: DeliveryView[] = rows;
  if (input.attempts) {
    const byDelivery = new Map<number, DeliveryView['attempt_log']>();
    for (const a of attemptsOf(ctx.store, rows.map((r) => r.id))) {
      const { id: _id, delivery_id, ...rest } = a;
      let list = byDelivery.get(delivery_id);
      if (!list) byDelivery.set(delivery_id, (list = []));
      list.push(rest);
    }
    deliveries = rows.map((r) => ({ ...r, attempt_log: byDelivery.get(r.id) ?? [] }));
  }
  return { deliveries, count: deliveries.length, total };
}

export interface RetryResult {
  /** Deliveries made due again, with a fresh retry schedule. */
  reset: number;
  delivery_ids: number[];
}

/**
 * `akasa notification retry ID|--failed`: makes the deliveries due now with a fresh
 * schedule; the delivery loop (daemon or `notification deliver`) sends them. A delivery
 * already confirmed by its endpoint is never sent again.
 */
export function retryDeliveries(ctx: ServiceContext, input: { notification?: string; failed?: boolean }): RetryResult {
  const now = ctx.clock.nowIso();
  if (input.failed) {
    const ids = ctx.store.write(() => resetDeliveries(ctx.store, { failed: true }, now));
    return { reset: ids.length, delivery_ids: ids };
  }
  const id = positiveInt(input.notification, 'notification')!;
  return ctx.store.write(() => {
    if (!notificationExists(ctx.store, id)) throw new NotFoundError('notification', String(id));
    const ids = resetDeliveries(ctx.store, { notification_id: id }, now);
    if (ids.length === 0) {
      const all = deliveriesOfNotification(ctx.store, id);
      if (all.length === 0) throw new ConflictError(`notification ${id} has no deliveries (no enabled endpoint took its channel when it was created)`);
      const sending = all.filter((d) => d.status === 'sending').length;
      throw new ConflictError(`notification ${id}: nothing to resend (${all.length - sending} delivered${sending ? `, ${sending} being sent now` : ''}; a delivery confirmed by its endpoint is never sent again)`);
    }
    return { reset: ids.length, delivery_ids: ids };
  });
}
