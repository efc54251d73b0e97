/**
 * Where alert changes go once they are committed: the console, a JSON-lines file, the
 * daemon's log. Sinks are called after the transaction that recorded the change, so a
 * sink never announces something the store does not have; alert notifications are fed
 * from the notifications outbox (see outbox-dispatcher.ts), so what a killed process never
 * handed out is handed out by the next one.
 */
import type { ChangeKind } from '../domain/alert-lifecycle.js';
import type { Itinerary } from '../domain/rebooking.js';
import type { AlertRecord } from '../store/alert-repository.js';

/** One notification to one passenger, as recorded in the outbox. */
export interface PassengerNotification {
  notification_id: number;
  alert_id: number;
  change_seq: number;
  change_kind: ChangeKind;
  customer_id: string;
  booking_id: string;
  channel: string;
  message: string;
  created_at: string;
}

export interface AlertChangeNotice {
  kind: ChangeKind;
  /** The alert after the change. */
  alert: AlertRecord;
  /** How many passengers are on board the flight-date at this change (pending and confirmed bookings). */
  affected_passengers: number;
  /** The per-passenger notifications recorded for this change (none for superseded/operator resolutions). */
  notifications: PassengerNotification[];
  /** When the change was committed (UTC ISO). */
  at: string;
}

/** A booking moved to a new itinerary (by hand, automatically or over HTTP), and what its passenger is told. */
export interface RebookingNotice {
  notification_id: number;
  /** The open alert of the flight-date left, if any. */
  alert_id: number | null;
  customer_id: string;
  booking_id: string;
  channel: string;
  message: string;
  created_at: string;
  /** Where the booking was. */
  from: { flight_number: string; depart_date: string; seat: string };
  itinerary: Itinerary;
}

export interface NotificationSink {
  notify(change: AlertChangeNotice): void;
  /** A passenger was rebooked. Sinks that only announce alerts leave it out. */
  rebooked?(notice: RebookingNotice): void;
  /**
   * The highest notification id this sink already holds, when it can tell (the
   * notifications file, read back at open): the outbox dispatcher does not hand those out again.
   */
  writtenThrough?(): number;
}

/** A sink that drops everything (tests, `--quiet` callers). */
export const NULL_SINK: NotificationSink = { notify: () => {} };

/** Sends each change to every sink, in order; one failing sink does not starve the others. */
export function fanOut(...sinks: NotificationSink[]): NotificationSink {
  const each = (call: (sink: NotificationSink) => void) => {
    let first: unknown;
    for (const sink of sinks) {
      try {
        call(sink);
      } catch (err) {
        first ??= err;
      }
    }
    if (first !== undefined) throw first;
  };
  const holders = sinks.filter((s) => s.writtenThrough);
  return {
    notify: (change) => each((sink) => sink.notify(change)),
    rebooked: (notice) => each((sink) => sink.rebooked?.(notice)),
    ...(holders.length > 0 ? { writtenThrough: () => Math.max(...holders.map((s) => s.writtenThrough!())) } : {}),
  };
}
