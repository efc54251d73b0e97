/**
 * Kysely table types. Every timestamp column holds UTC ISO-8601 text ending in `Z`;
 * every money column holds integer INR; dates are `YYYY-MM-DD` (departure date, local).
 */
import type { Generated } from 'kysely';
import type { ChangeKind } from '../domain/alert-lifecycle.js';
import type { AlertType, Severity } from '../domain/disruption-rules.js';
import type { EntitlementKind } from '../domain/entitlements.js';
import type { ScheduleEntry } from '../domain/schedule.js';

export interface AirportTable {
  code: string;
  name: string;
  city: string;
  tz: string;
}

export interface AircraftTypeTable {
  code: string;
  name: string;
  seat_count: number;
}

export interface AircraftSeatTable {
  aircraft_type: string;
  seat: string;
  seat_row: number;
  letter: string;
  position: 'window' | 'middle' | 'aisle';
}

/** A published schedule line (see ScheduleEntry) with its row id. */
export interface ScheduleTable extends ScheduleEntry {
  id: Generated<number>;
}

/** Seat inventory per flight-date. Created on first sale; `seats_sold <= capacity` is a CHECK. */
export interface FlightInventoryTable {
  flight_number: string;
  depart_date: string;
  capacity: number;
  seats_sold: number;
}

export interface CustomerTable {
  id: string;
  name: string;
  email: string;
  phone: string;
  loyalty_tier: 'none' | 'silver' | 'gold' | 'platinum';
  seat_preference: 'window' | 'aisle' | 'none';
  special_assistance: number;
  /** Preferred notification channel. */
  notification_channel: 'email' | 'sms' | 'whatsapp';
}

/**
 * `refunded`: the fare was returned and the seat released (migration 010). `offloaded`: taken
 * off a downsized flight with no seat found elsewhere; holds no seat (migration 013).
 */
export type BookingStatus = 'pending' | 'confirmed' | 'cancelled' | 'completed' | 'refunded' | 'offloaded';

export interface BookingTable {
  id: string;
  locator: string;
  customer_id: string;
  passenger_name: string;
  flight_number: string;
  origin: string;
  destination: string;
  depart_date: string;
  seat: string;
  fare_paid: number;
  status: BookingStatus;
  created_at: string;
  updated_at: string;
}

export type BookingAction = 'created' | 'cancelled' | 'rebooked' | 'status_changed' | 'refunded';

export interface BookingHistoryTable {
  id: Generated<number>;
  booking_id: string;
  at: string;
  action: BookingAction;
  /** Why: `customer`, `disruption`, an operator note, … */
  reason: string | null;
  from_flight: string | null;
  from_date: string | null;
  from_seat: string | null;
  to_flight: string | null;
  to_date: string | null;
  to_seat: string | null;
  price_difference: number;
  change_fee: number;
  total_cost: number;
  refund_amount: number;
  /** An operator's note (why a fee was waived); null for most entries. */
  note: string | null;
}

/** The latest quote for moving a booking to a flight-date; valid while the booking is as it was (`booking_updated_at`). */
export interface RebookingQuoteTable {
  booking_id: string;
  flight_number: string;
  depart_date: string;
  booking_updated_at: string;
  reason: string;
  new_price: number;
  total_cost: number;
  refund_amount: number;
  quoted_at: string;
}

/** Flight-status event log; `seq` is the processing order. Timestamps UTC ISO. */
export interface FlightEventTable {
  seq: Generated<number>;
  event_id: string;
  flight_number: string;
  /** Departure date (local) the event was resolved to. */
  flight_date: string;
  flight_status: string;
  event_time: string;
  received_at: string;
  /** `cli`, `file:<name>`, `webhook`. */
  source: string;
  /** The validated event as JSON, unknown fields included. */
  payload: string;
}

/** Processing progress: each processing transaction's contiguous range of applied events. */
export interface FlightEventBatchTable {
  id: Generated<number>;
  first_seq: number;
  last_seq: number;
  processed_at: string;
}

/** Events that were older than the flight state when processed. */
export interface FlightEventStaleTable {
  seq: number;
  note: string;
}

/** Each time an already-logged event arrived again. */
export interface FlightEventDuplicateTable {
  id: Generated<number>;
  event_id: string;
  received_at: string;
  source: string;
  payload: string;
}

/** A logged event held for, flagged for, or warned to an operator, and their decision. */
export interface FlightEventFlagTable {
  seq: number;
  kind: 'held' | 'conflict' | 'warning';
  reason: string;
  flagged_at: string;
  decision: 'released' | 'dismissed' | null;
  /** Released: the flight-date the operator filed the event under. */
  decided_date: string | null;
  decided_note: string | null;
  decided_at: string | null;
}

/** A receipt of a known event id with a different payload (the receipt is in flight_event_duplicates). */
export interface FlightEventConflictTable {
  duplicate_id: number;
  reason: string;
}

/** Live state per flight-date; `state` is the FlightState JSON. */
export interface FlightStateTable {
  flight_number: string;
  flight_date: string;
  status: string;
  delay_minutes: number | null;
  last_event_time: string;
  last_event_seq: number;
  event_count: number;
  updated_at: string;
  state: string;
  /** Seq range of this flight-date's processed events (applied or stale) in the log; null before any. */
  log_first_seq: number | null;
  log_last_seq: number | null;
}

/** Disruption alerts; at most one open per flight-date and type (unique partial index). */
export interface AlertTable {
  id: Generated<number>;
  flight_number: string;
  flight_date: string;
  alert_type: AlertType;
  severity: Severity;
  message: string;
  status: Generated<'open' | 'resolved'>;
  delay_minutes: number | null;
  /** Bumped on every change; notifications are unique per (alert, change_seq, booking). */
  change_seq: Generated<number>;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
  resolution_note: string | null;
  /**
   * Superseded by `alert_changes` and the notifications of each change (migration 007);
   * alerts created since hold `[]`. JSON arrays: the affected customers and confirmed
   * bookings at detection time.
   */
  customer_ids: string;
  booking_ids: string;
  /** Superseded by `alert_changes` (migration 007); `[]` since. */
  severity_history: string;
  event_seq: number | null;
}

/** One row per alert change, appended: the alert's history. */
export interface AlertChangeTable {
  alert_id: number;
  change_seq: number;
  change_kind: 'opened' | 'escalated' | 'updated' | 'resolved';
  severity: Severity;
  message: string;
  delay_minutes: number | null;
  note: string | null;
  at: string;
  /** Passengers told of this change (their notifications carry its change_seq); null when the change was not for passengers. */
  audience: number | null;
}

/** An alert change whose passengers are still to be told, queued in commit order (migration 017). */
export interface AlertFanOutTable {
  id: Generated<number>;
  alert_id: number;
  change_seq: number;
}

/**
 * What a notification is about: an alert change (one row per passenger on board), or one
 * booking: moved to a new itinerary (`rebooked`), or taken off a downsized flight with no
 * seat found on another (`offloaded`).
 */
export type NotificationKind = 'alert' | 'rebooked' | 'offloaded';
/** The kinds of notice about one booking rather than an alert change. */
export type BookingNoticeKind = Exclude<NotificationKind, 'alert'>;

/** Notifications outbox: one row per affected booking per alert change, and one per rebooking. */
export interface NotificationTable {
  id: Generated<number>;
  kind: Generated<NotificationKind>;
  /** The alert changed; for a rebooking, the open alert of the flight-date left (null for a voluntary change). */
  alert_id: number | null;
  change_seq: number;
  /** The alert change told (`opened`, `escalated`, …), or the booking notice's kind. */
  change_kind: ChangeKind | BookingNoticeKind;
  customer_id: string;
  booking_id: string;
  channel: string;
  message: string;
  created_at: string;
}

/** Whether the local sinks (console, `--notify-file`) have had a notification (derived: notification_sent_ranges). */
export type NotificationStatus = 'queued' | 'sent';

/** Notifications the local sinks have had, as ranges of consecutive ids (disjoint; adjacent ones merged). */
export interface NotificationSentRangeTable {
  first: number;
  last: number;
}

/** One applied re-accommodation run on a flight-date (see services/reaccommodation.ts). */
export interface ReaccommodationRunTable {
  id: Generated<number>;
  flight_number: string;
  flight_date: string;
  /** The open alert the run answered (its notifications hang off it), if any. */
  alert_id: number | null;
  ran_at: string;
  trigger: 'operator' | 'auto';
  moved: number;
  unplaced: number;
}

/**
 * What a passenger is owed for one disrupted flight-date, one row per kind (current value).
 * As a table, the rows of bookings that differ from the others on their flight-date; as the
 * view `entitlement_rows`, every booking's, which readers read (migration 023).
 */
export interface EntitlementTable {
  booking_id: string;
  /** The disrupted flight-date (the booking may since have moved elsewhere). */
  flight_number: string;
  flight_date: string;
  kind: EntitlementKind;
  amount_inr: number | null;
  basis: string;
  exempt_reason: string | null;
  /** CAR paragraph. */
  rule: string;
  /** `withdrawn`: owed once, no longer (the history says why). */
  status: EntitlementStatus;
  updated_at: string;
}

export type EntitlementStatus = 'owed' | 'exempt' | 'withdrawn';

/** An entitlement with the same content for two or more bookings of one flight-date, stored once (migration 023). */
export interface EntitlementGroupTable extends Omit<EntitlementTable, 'booking_id'> {
  id: Generated<number>;
  /** The bookings it belongs to, as a JSON array of booking ids, each once, in id order; none of them has a row of this flight-date and kind in `entitlements`. */
  booking_ids: string;
}

/**
 * Per flight-date, what its entitlements were last computed from and what each passenger was
 * told of them (migration 016). Forgotten (the row deleted, by triggers) whenever a booking on
 * the flight-date changes.
 */
export interface EntitlementFlightDateTable {
  flight_number: string;
  flight_date: string;
  /** The disruption's facts as the rules see them (domain/entitlements.ts `disruptionKey`). */
  inputs: string;
  /** JSON object: booking id → entitlement sentence, for the bookings owed something. */
  sentences: string;
  updated_at: string;
}
export type EntitlementChange = 'owed' | 'changed' | 'exempt' | 'withdrawn';

/** Every change to an entitlement, append-only: one row per change, with the bookings it was made to (migration 021). */
export interface EntitlementHistoryTable {
  id: Generated<number>;
  /** The bookings this change applies to, as a JSON array of booking ids, each once. */
  booking_ids: string;
  flight_number: string;
  flight_date: string;
  kind: EntitlementKind;
  change: EntitlementChange;
  amount_inr: number | null;
  basis: string;
  exempt_reason: string | null;
  rule: string;
  /** What caused the recompute: `alert 12 updated`, `rebooked`, `refund`, … */
  cause: string;
  at: string;
}

/** Where passenger notifications are delivered as Standard Webhooks messages (see docs/notification-delivery.md). */
export interface WebhookEndpointTable {
  id: Generated<number>;
  /** Random, part of every webhook-id sent to this endpoint (ids stay unique across stores). */
  uid: string;
  url: string;
  channel: 'sms' | 'email' | 'whatsapp' | 'all';
  /** `whsec_…` signing secret. */
  secret: string;
  status: Generated<'enabled' | 'disabled'>;
  disabled_reason: string | null;
  /** Highest notification id already turned into deliveries for this endpoint. */
  fanned_out_through: number;
  created_at: string;
  updated_at: string;
}

/** One notification to one endpoint and the state of its retries. */
export interface NotificationDeliveryTable {
  id: Generated<number>;
  notification_id: number;
  endpoint_id: number;
  customer_id: string;
  /** `queued` waits for an earlier notification to the same passenger at the same endpoint; `pending` is due at `due_at`. */
  status: Generated<'queued' | 'pending' | 'sending' | 'delivered' | 'failed'>;
  /** Requests made so far. */
  attempts: Generated<number>;
  /** Pending: when it is next tried. Sending: when the claim lapses (the sender died). Queued: when it was queued. */
  due_at: string;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

/** The delivery log: every request made, and what came of it. */
export interface DeliveryAttemptTable {
  id: Generated<number>;
  delivery_id: number;
  attempt: number;
  started_at: string;
  finished_at: string;
  http_status: number | null;
  error: string | null;
  outcome: 'delivered' | 'retry' | 'failed' | 'endpoint_disabled';
}

/** A process handing the queued notifications `first`..`last` to its local sinks, until `until` (real time, UTC ISO). */
export interface NotificationHandoutTable {
  first: number;
  last: number;
  until: string;
}

/** A change of a flight-date's sellable seats (`akasa flight downsize`); `flight_inventory.capacity` holds the current figure. */
export interface CapacityChangeTable {
  id: Generated<number>;
  flight_number: string;
  flight_date: string;
  from_seats: number;
  to_seats: number;
  /** Bookings the change took off the flight-date. */
  offloaded: number;
  note: string;
  at: string;
}

/** A booking a capacity change took off its flight-date; `was_confirmed` 1 means it was denied boarding (CAR 3-M-IV). */
export interface OffloadTable {
  booking_id: string;
  flight_number: string;
  flight_date: string;
  change_id: number;
  was_confirmed: number;
  /** Where re-accommodation placed it; null when no seat was found (the booking is `offloaded`). */
  to_flight: string | null;
  to_date: string | null;
  at: string;
}

/**
 * Rows per table (bookings per status; the event log under status ''), kept by triggers
 * (migration 018) and, for the event log's inserts, by each append (migration 020), so
 * reading them costs nothing however large the store.
 */
export interface RowCountTable {
  table_name: 'bookings' | 'flight_events';
  status: string;
  n: number;
}

export interface DB {
  airports: AirportTable;
  aircraft_types: AircraftTypeTable;
  aircraft_seats: AircraftSeatTable;
  schedule: ScheduleTable;
  flight_inventory: FlightInventoryTable;
  customers: CustomerTable;
  bookings: BookingTable;
  booking_history: BookingHistoryTable;
  flight_events: FlightEventTable;
  flight_event_batches: FlightEventBatchTable;
  flight_event_stale: FlightEventStaleTable;
  flight_event_duplicates: FlightEventDuplicateTable;
  flight_event_flags: FlightEventFlagTable;
  flight_event_conflicts: FlightEventConflictTable;
  flight_states: FlightStateTable;
  alerts: AlertTable;
  alert_changes: AlertChangeTable;
  alert_fan_outs: AlertFanOutTable;
  notifications: NotificationTable;
  reaccommodation_runs: ReaccommodationRunTable;
  rebooking_quotes: RebookingQuoteTable;
  entitlements: EntitlementTable;
  entitlement_groups: EntitlementGroupTable;
  /** A view (read-only): `entitlements` and each group's row once per booking listed. */
  entitlement_rows: EntitlementTable;
  entitlement_history: EntitlementHistoryTable;
  entitlement_flight_dates: EntitlementFlightDateTable;
  webhook_endpoints: WebhookEndpointTable;
  notification_deliveries: NotificationDeliveryTable;
  delivery_attempts: DeliveryAttemptTable;
  notification_handouts: NotificationHandoutTable;
  notification_sent_ranges: NotificationSentRangeTable;
  capacity_changes: CapacityChangeTable;
  offloads: OffloadTable;
  row_counts: RowCountTable;
}
