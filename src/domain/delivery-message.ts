/**
 * What a webhook endpoint is and what akasa sends it: endpoint input rules, the stable
 * message id, the passenger's contact for a channel, and the JSON body of a notification
 * message (Standard Webhooks' `{type, timestamp, data}` envelope).
 */
import { type Entitlement, entitlementSentence } from './entitlements.js';
import { ValidationError } from './errors.js';

export const ENDPOINT_CHANNELS = ['sms', 'email', 'whatsapp', 'all'] as const;
export type EndpointChannel = (typeof ENDPOINT_CHANNELS)[number];

/** The event type of every passenger notification message. */
export const NOTIFICATION_MESSAGE_TYPE = 'passenger.notification';

/** An endpoint URL: absolute http(s), no credentials in it (they would be logged and listed). */
export function checkEndpointUrl(raw: string, field = 'url'): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw ValidationError.field(field, `expected an absolute http:// or https:// URL, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw ValidationError.field(field, `expected http:// or https://, got ${JSON.stringify(url.protocol.replace(/:$/, ''))}`);
  if (url.username || url.password) throw ValidationError.field(field, 'must not contain a user name or password (use the signing secret to authenticate akasa)');
  return url.href;
}

export function checkEndpointChannel(raw: string, field = 'channel'): EndpointChannel {
  const c = raw.trim().toLowerCase();
  if ((ENDPOINT_CHANNELS as readonly string[]).includes(c)) return c as EndpointChannel;
  throw ValidationError.field(field, `expected one of ${ENDPOINT_CHANNELS.join(', ')}, got ${JSON.stringify(raw)}`);
}

/**
 * The `webhook-id` of a notification sent to an endpoint: the same on every attempt and
 * every resend, so receivers deduplicate by it; the endpoint's random uid keeps ids of
 * two stores (or a store rebuilt from scratch) apart.
 */
export function webhookMessageId(endpointUid: string, notificationId: number): string {
  return `msg_${endpointUid}_${notificationId}`;
}

export interface ContactDetails {
  email: string;
  phone: string;
}

/** Where a message on `channel` goes: the e-mail address for email, the phone number for sms and whatsapp. */
export function contactFor(channel: string, customer: ContactDetails): string {
  return channel === 'email' ? customer.email : customer.phone;
}

/** Everything one message carries, as read from the store. */
export interface NotificationMessageFacts {
  notification: { id: number; kind: string; alert_id: number | null; change_seq: number; change_kind: string; channel: string; message: string; created_at: string };
  customer: { id: string; name: string } & ContactDetails;
  booking: { id: string; locator: string; passenger_name: string; flight_number: string; depart_date: string; origin: string; destination: string; seat: string; status: string };
  /** The alert the notification is about (null for a notification that belongs to no alert). */
  alert: { id: number; flight_number: string; flight_date: string; alert_type: string; severity: string; status: string; message: string; delay_minutes: number | null; resolution_note: string | null } | null;
  /**
   * What the passenger is owed for the disrupted flight-date the notification is about (its
   * alert's), as it stands when the message is sent, withdrawn ones left out; empty for a
   * notification that belongs to no alert.
   */
  entitlements: ReadonlyArray<Pick<Entitlement, 'kind' | 'amount_inr' | 'exempt_reason'>>;
}

export interface NotificationMessage {
  type: typeof NOTIFICATION_MESSAGE_TYPE;
  /** When the notification was created (UTC ISO): the same on every attempt. */
  timestamp: string;
  data: {
    notification: NotificationMessageFacts['notification'];
    passenger: { customer_id: string; name: string; passenger_name: string; channel: string; contact: string };
    booking: { id: string; locator: string; flight_number: string; depart_date: string; origin: string; destination: string; seat: string; status: string };
    alert: NotificationMessageFacts['alert'];
    /** One sentence on what the passenger is owed (refund, alternate flight, compensation, meals, hotel); null when nothing is. */
    entitlement: string | null;
  };
}

export function notificationMessage(f: NotificationMessageFacts): NotificationMessage {
  const { booking: b } = f;
  return {
    type: NOTIFICATION_MESSAGE_TYPE,
    timestamp: f.notification.created_at,
    data: {
      notification: f.notification,
      passenger: { customer_id: f.customer.id, name: f.customer.name, passenger_name: b.passenger_name, channel: f.notification.channel, contact: contactFor(f.notification.channel, f.customer) },
      booking: { id: b.id, locator: b.locator, flight_number: b.flight_number, depart_date: b.depart_date, origin: b.origin, destination: b.destination, seat: b.seat, status: b.status },
      alert: f.alert,
      entitlement: entitlementSentence(f.entitlements) || null,
    },
  };
}
