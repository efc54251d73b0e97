/**
 * Passenger notifications: the rebooking notice every move of a booking records (by hand,
 * automatically, over HTTP, or by re-accommodation), handing notices to the sinks, and
 * what each passenger was told and when.
 */
import { offloadedMessage } from '../domain/downsizing.js';
import { involuntaryCause, type Itinerary, rebookingMessage } from '../domain/rebooking.js';
import { NotificationListFilter } from '../domain/schemas/notification.js';
import { parseInput } from '../domain/schemas/parse.js';
import type { NotificationSink, RebookingNotice } from '../notify/notification-sink.js';
import { openAlertsFor } from '../store/alert-repository.js';
import type { Booking } from '../store/booking-repository.js';
import { getCustomer } from '../store/customer-repository.js';
import { type DeliveryState, deliveryStatesOf } from '../store/delivery-repository.js';
import { insertRebookingNotification, markNotificationsSent, type NotificationListRow, type NotificationRow, queryNotifications } from '../store/notification-repository.js';
import { findBooking } from './booking-lookup.js';
import type { ServiceContext } from '../context.js';

/** When the booking's new flight leaves and arrives (UTC ISO): the expected times, as far as known. */
export interface MoveTimes {
  departure: string;
  arrival: string;
}

/** One booking moved: as it was, as it is now, and when its new flight leaves and arrives. */
export interface BookingMove {
  before: Booking;
  after: Booking;
  times: MoveTimes;
  /** Said after the itinerary, e.g. why the passenger was moved and what they are owed. */
  note?: string | undefined;
}

/**
 * What every notice about one booking needs, looked up once per call: the open alert of the
 * flight-date it left (the disruption it answers; many bookings leave one flight-date) and
 * each customer's channel (often few customers).
 */
function noticeContext(ctx: ServiceContext) {
  const causes = new Map<string, number | null>();
  const causeOf = (b: Booking) => {
    const key = `${b.flight_number}|${b.depart_date}`;
    if (!causes.has(key)) {
      const alerts = openAlertsFor(ctx.store, b.flight_number, b.depart_date);
      causes.set(key, (involuntaryCause(alerts, ctx.settings.involuntaryDelayMinutes) ?? alerts[0])?.id ?? null);
    }
    return causes.get(key)!;
  };
  const channels = new Map<string, string>();
  const channelOf = (customerId: string) => {
    let channel = channels.get(customerId);
    if (channel === undefined) channels.set(customerId, (channel = getCustomer(ctx.store, customerId)?.notification_channel ?? 'email'));
    return channel;
  };
  return { causeOf, channelOf, at: ctx.clock.nowIso() };
}

/**
 * Records the notice of each booking taken off a downsized flight-date with no seat found on
 * another (`offloaded`), queued, in the downsizing's transaction: why, the choice of an
 * alternate or a refund, and `owed` (the entitlement sentence), so nobody taken off is left
 * untold. Delivered to the webhook endpoints like every notification.
 */
export function notifyOffloaded(ctx: ServiceContext, offloaded: ReadonlyArray<{ booking: Booking; owed: string }>): NotificationRow[] {
  const { causeOf, channelOf, at } = noticeContext(ctx);
  return offloaded.map(({ booking, owed }) =>
    insertRebookingNotification(
      ctx.store,
      {
        alert_id: causeOf(booking),
        customer_id: booking.customer_id,
        booking_id: booking.id,
        channel: channelOf(booking.customer_id),
        message: owed ? `${offloadedMessage(booking)} ${owed}` : offloadedMessage(booking),
        created_at: at,
      },
      'offloaded',
    ),
  );
}

/**
 * Records the notice of each moved booking's new itinerary in the outbox, queued: the one
 * way a passenger is told of a move, whoever made it (an operator, `rebook auto`, HTTP or a
 * re-accommodation run). Call it inside the write transaction that moved the bookings, so
 * the notices commit with the moves or not at all. Each notice is linked to the open alert
 * of the flight-date its booking left (the disruption it answers), if there is one.
 */
export function notifyRebooked(ctx: ServiceContext, moves: readonly BookingMove[]): RebookingNotice[] {
  const { causeOf, channelOf, at } = noticeContext(ctx);
  return moves.map(({ before, after, times, note }) => {
    const itinerary: Itinerary = {
      passenger_name: after.passenger_name,
      locator: after.locator,
      flight_number: after.flight_number,
      origin: after.origin,
      destination: after.destination,
      depart_date: after.depart_date,
      seat: after.seat,
      departure: times.departure,
      arrival: times.arrival,
    };
    const row = insertRebookingNotification(ctx.store, {
      alert_id: causeOf(before),
      customer_id: after.customer_id,
      booking_id: after.id,
      channel: channelOf(after.customer_id),
      message: note ? `${rebookingMessage(itinerary)} ${note}` : rebookingMessage(itinerary),
      created_at: at,
    });
    return {
      notification_id: row.id,
      alert_id: row.alert_id,
      customer_id: row.customer_id,
      booking_id: row.booking_id,
      channel: row.channel,
      message: row.message,
      created_at: row.created_at,
      from: { flight_number: before.flight_number, depart_date: before.depart_date, seat: before.seat },
      itinerary,
    };
  });
}

/**
 * Hands committed rebooking notices to the sinks and marks them sent. A failing sink leaves
 * its notice queued in the outbox; the errors are returned for the caller to log.
 */
export function deliverRebookingNotices(ctx: ServiceContext, sink: NotificationSink, notices: readonly RebookingNotice[]): string[] {
  // A sink that does not take rebooking notices has not sent them: they stay queued.
  if (!sink.rebooked) return [];
  const sent: number[] = [];
  const errors: string[] = [];
  for (const n of notices) {
    try {
      sink.rebooked?.(n);
      sent.push(n.notification_id);
    } catch (err) {
      errors.push(`rebooking notice ${n.notification_id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (sent.length > 0) ctx.store.write(() => markNotificationsSent(ctx.store, sent));
  return errors;
}

/** A notification with its delivery to each webhook endpoint (none when no endpoint took it). */
export type NotificationWithDeliveries = NotificationListRow & { deliveries: Array<Omit<DeliveryState, 'notification_id'>> };

export interface NotificationList {
  notifications: NotificationWithDeliveries[];
  count: number;
  limit: number;
}

/**
 * What passengers were told and when, newest first, with each notification's delivery
 * state per endpoint: by booking (id or locator), customer, alert, outbox status, delivery
 * state and endpoint.
 */
export function listNotifications(ctx: ServiceContext, raw: unknown): NotificationList {
  const filter = parseInput(NotificationListFilter, raw ?? {});
  const notifications = ctx.store.read(() => {
    const booking_id = filter.booking === undefined ? undefined : findBooking(ctx.store, filter.booking).id;
    const rows = queryNotifications(ctx.store, {
      booking_id,
      customer_id: filter.customer_id,
      alert_id: filter.alert_id,
      status: filter.status,
      delivery_status: filter.delivery,
      endpoint_id: filter.endpoint,
      limit: filter.limit,
    });
    const byNotification = new Map<number, NotificationWithDeliveries['deliveries']>();
    for (const { notification_id, ...d } of deliveryStatesOf(ctx.store, rows.map((r) => r.id))) {
      let list = byNotification.get(notification_id);
      if (!list) byNotification.set(notification_id, (list = []));
      list.push(d);
    }
    return rows.map((r) => ({ ...r, deliveries: byNotification.get(r.id) ?? [] }));
  });
  return { notifications, count: notifications.length, limit: filter.limit };
}
